// CSV holdings text -> transactions: the header row maps columns to fields (a field given twice or a
// required one missing is a problem), then each record is checked by validate.ts. The records come
// from csv.ts, which knows quoting and line ends, not fields.
import { InputError, type InputProblem } from '../errors.js';
import type { Lot } from '../types.js';
import { detectDelimiter, parseCsv, type CsvRecord } from './csv.js';
import { CSV_COLUMN_NAME, REQUIRED_FIELDS, aliasesOf, fieldForName, printableLabel } from './fields.js';
import { rejectSymbolOf } from './transactions.js';
import {
  shortValue,
  validateRow,
  type FileReading,
  type RawCell,
  type RawRow,
  type RowContext,
} from './validate.js';

/** The transactions of a CSV holdings text (the header names the columns), problems into `reading`. */
export function readCsvRows(text: string, { file, today, problems, rejected }: FileReading): Lot[] {
  const delimiter = detectDelimiter(text);
  const decimalComma = delimiter === ';';
  const lots: Lot[] = [];
  let header: CsvRecord | undefined;
  let headerOk = false;
  let rows = 0;
  // One RawRow and one RawCell per column, refilled for each record: validateRow keeps none of them.
  const row: RawRow = {};
  const columns: { index: number; cell: RawCell }[] = [];
  const ctx: RowContext = { file, line: 0, today, decimalComma };

  const csv = parseCsv(text, delimiter, (record) => {
    if (header === undefined) {
      header = record;
      headerOk = readHeader(record, file, row, columns, problems);
      return;
    }
    rows++;
    if (!headerOk) return;
    const width = header.fields.length;
    // Extra non-empty fields usually mean an unquoted value with the delimiter in it (1,234.5).
    if (record.fields.length > width && record.fields.slice(width).some((f) => f.trim() !== '')) {
      problems.push({
        file,
        line: record.line,
        reason: `row has ${record.fields.length} fields but the header has ${width} (quote values that contain "${delimiter === '\t' ? '\\t' : delimiter}")`,
      });
      rejectSymbolOf(record.fields[columns.find((c) => c.cell === row.symbol)?.index ?? -1], rejected);
      return;
    }
    for (const column of columns) column.cell.text = record.fields[column.index] ?? '';
    ctx.line = record.line;
    const lot = validateRow(row, ctx, problems);
    if (lot !== null) lots.push(lot);
    else rejectSymbolOf(row.symbol?.text, rejected);
  });
  if (!csv.ok) fail(file, csv.line, csv.reason);
  if (header === undefined) fail(file, 0, 'no holdings: the file has no rows');
  if (headerOk && rows === 0) fail(file, 0, 'no holdings: the file has a header but no rows');
  return lots;
}

/** Maps header columns to fields; false when the header has problems (then no row is read). */
function readHeader(
  header: CsvRecord,
  file: string,
  row: RawRow,
  columns: { index: number; cell: RawCell }[],
  problems: InputProblem[],
): boolean {
  const before = problems.length;
  // A field given by two columns is an error; unknown columns are ignored.
  header.fields.forEach((raw, index) => {
    const field = fieldForName(raw);
    if (field === undefined) return;
    const label = printableLabel(raw.trim());
    const previous = row[field];
    if (previous !== undefined) {
      problems.push({
        file,
        line: header.line,
        field: 'column',
        value: shortValue(label),
        reason: `duplicates column "${previous.label}" (both give ${CSV_COLUMN_NAME[field]})`,
      });
      return;
    }
    const cell: RawCell = { label, text: '' };
    row[field] = cell;
    columns.push({ index, cell });
  });
  for (const field of REQUIRED_FIELDS) {
    if (row[field] === undefined) {
      const others = aliasesOf(field).slice(1).join(', ');
      problems.push({
        file,
        line: header.line,
        reason: `missing required column "${CSV_COLUMN_NAME[field]}" (also accepted: ${others}); the first row must be a header such as symbol,shares,cost,date`,
      });
    }
  }
  return problems.length === before;
}

function fail(file: string, line: number, reason: string): never {
  throw new InputError([{ file, line, reason }]);
}
