// Holdings text -> HoldingsFile, or one InputError listing every problem found (up to MAX_PROBLEMS).
// Pure: no file system, no clock (`today` is passed in).

import { InputError, MAX_LISTED_PROBLEMS, type InputProblem } from '../errors.js';
import type { HoldingsFile, HoldingsSettings, IsoDate, Lot } from '../types.js';
import { isMinorUnit } from '../currencies.js';
import { normalizeCurrency } from './currencies.js';
import { detectDelimiter, parseCsv, type CsvRecord } from './csv.js';
import { CSV_COLUMN_NAME, REQUIRED_FIELDS, aliasesOf, fieldForName } from './fields.js';
import { parseJsonWithLines, scanJsonLayout, type JsonLayout } from './json.js';
import { normalizeSymbol, symbolProblem } from './symbols.js';
import { parseTargetsJson } from './targets.js';
import { classesThatDisagree, groupBySymbol, rejectSymbolOf, sellsWithNothingHeld } from './transactions.js';
import {
  isCalendarDate,
  shortValue,
  validateRow,
  type RawCell,
  type RawRow,
  type RowContext,
} from './validate.js';

export interface ParseOptions {
  /** `YYYY-MM-DD`; purchase dates after it are rejected. */
  today: string;
  /** Forces a format; otherwise a first non-blank `[` or `{` means JSON, anything else CSV. */
  format?: 'csv' | 'json';
}

/** At most this many problems are listed in one InputError (`total` counts them all). */
export const MAX_PROBLEMS = MAX_LISTED_PROBLEMS;

export function parseHoldings(text: string, file: string, options: ParseOptions): HoldingsFile {
  if (!isCalendarDate(options.today))
    throw new TypeError(`parseHoldings: today must be YYYY-MM-DD, got ${options.today}`);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const nul = body.indexOf('\0');
  if (nul >= 0) {
    throw new InputError([
      {
        file,
        line: lineAt(body, nul),
        reason: 'file contains NUL bytes: it is binary (or UTF-16), not a UTF-8 text holdings file',
      },
    ]);
  }
  const format = options.format ?? detectFormat(body);
  const problems: InputProblem[] = [];
  // Symbols with a rejected row: the rows that remain of them cannot be checked against each other.
  const rejected = new Set<string>();
  const parsed =
    format === 'json'
      ? readJson(body, file, options.today, problems, rejected)
      : { lots: readCsv(body, file, options.today, problems, rejected), settings: {} };
  // Checks across rows run along with the checks of each row, so one run lists every problem.
  problems.push(
    ...sellsWithNothingHeld(
      parsed.lots.filter((lot) => !rejected.has(lot.symbol)),
      file,
    ),
    ...classesThatDisagree(parsed.lots, file),
  );
  if (problems.length > 0) throw InputError.listing(problems);
  if ('targets' in parsed && parsed.targets !== undefined)
    parsed.settings.targets = parseTargetsJson(parsed.targets, file, body);
  // `lots` stays in file order (holdings appear in the order of first mention); the
  // analytics applies transactions in date order.
  return { file, format, lots: parsed.lots, holdings: groupBySymbol(parsed.lots), settings: parsed.settings };
}

/** `json` when the first non-blank character is `[` or `{`. */
export function detectFormat(text: string): 'csv' | 'json' {
  const first = /\S/.exec(text);
  return first !== null && (first[0] === '[' || first[0] === '{') ? 'json' : 'csv';
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) line++;
  }
  return line;
}

function fail(file: string, line: number, reason: string): never {
  throw new InputError([{ file, line, reason }]);
}

// ---- CSV

function readCsv(
  text: string,
  file: string,
  today: IsoDate,
  problems: InputProblem[],
  rejected: Set<string>,
): Lot[] {
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

// ---- JSON
// JSON.parse builds the values (natively: 100,000 lots in well under a second); scanJsonLayout finds
// the lines; the slower position-tracking parser runs only to explain a syntax error.

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readJson(
  text: string,
  file: string,
  today: IsoDate,
  problems: InputProblem[],
  rejected: Set<string>,
): { lots: Lot[]; settings: HoldingsSettings; targets?: JsonValue } {
  let root: JsonValue;
  try {
    root = JSON.parse(text) as JsonValue;
  } catch (error) {
    const explained = parseJsonWithLines(text);
    if (!explained.ok) fail(file, explained.line, explained.reason);
    throw new InputError(
      [{ file, line: 0, reason: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` }],
      { cause: error },
    );
  }
  const scanned = scanJsonLayout(text);
  if (!scanned.ok) fail(file, scanned.line, scanned.reason);
  const layout = scanned.layout;
  const rootDuplicate = layout.duplicateKeys.find((d) => d.lot < 0);
  if (rootDuplicate !== undefined)
    fail(file, rootDuplicate.line, `invalid JSON: duplicate key ${JSON.stringify(rootDuplicate.key)}`);

  let lotValues: JsonValue[];
  let listName = 'holdings';
  const settings: HoldingsSettings = {};
  if (Array.isArray(root)) {
    lotValues = root;
    listName = '';
  } else if (isObject(root)) {
    const holdings = root['holdings'];
    if (holdings === undefined)
      fail(file, layout.rootLine, 'JSON object has no "holdings" array (expected { "holdings": [ ... ] })');
    if (!Array.isArray(holdings))
      fail(
        file,
        layout.rootKeyLines.get('holdings') ?? layout.rootLine,
        `"holdings" must be an array of lots, not ${describeValue(holdings)}`,
      );
    lotValues = holdings;
    readSettings(root, layout, file, settings, problems);
  } else {
    fail(
      file,
      layout.rootLine,
      `JSON must be an array of lots or an object with a "holdings" array, not ${describeValue(root)}`,
    );
  }
  if (lotValues.length === 0 && problems.length === 0)
    fail(file, 0, 'no holdings: the list of lots is empty');

  const duplicatesByLot = new Map<number, { key: string; line: number }[]>();
  for (const d of layout.duplicateKeys)
    duplicatesByLot.set(d.lot, [...(duplicatesByLot.get(d.lot) ?? []), d]);

  const lots: Lot[] = [];
  lotValues.forEach((value, index) => {
    const line = layout.lotLines[index] ?? layout.rootLine;
    if (!isObject(value)) {
      problems.push({
        file,
        line,
        field: `${listName}[${index}]`,
        reason: `must be an object with symbol and shares, not ${describeValue(value)}`,
      });
      return;
    }
    let invalid = false;
    for (const d of duplicatesByLot.get(index) ?? []) {
      problems.push({
        file,
        line: d.line,
        field: 'key',
        value: shortValue(d.key),
        reason: 'appears twice in this lot',
      });
      invalid = true;
    }
    const row: RawRow = {};
    for (const key of Object.keys(value)) {
      const field = fieldForName(key);
      if (field === undefined) continue;
      const previous = row[field];
      if (previous !== undefined) {
        problems.push({
          file,
          line,
          field: 'key',
          value: shortValue(key),
          reason: `duplicates key "${previous.label}" in this lot (both give ${CSV_COLUMN_NAME[field]})`,
        });
        invalid = true;
        continue;
      }
      row[field] = cellOf(printableLabel(key), value[key] as JsonValue);
    }
    const lot = validateRow(row, { file, line, today, decimalComma: false }, problems);
    if (lot !== null && !invalid) lots.push(lot);
    else rejectSymbolOf(row.symbol?.text, rejected);
  });
  return isObject(root) && root['targets'] !== undefined
    ? { lots, settings, targets: root['targets'] }
    : { lots, settings };
}

/** A column name or key as shown in messages: quoted when it holds a tab or control character, so messages stay one line. */
function printableLabel(label: string): string {
  return /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(label) ? JSON.stringify(label) : label;
}

function cellOf(label: string, value: JsonValue): RawCell {
  if (typeof value === 'string') return { label, text: value };
  if (typeof value === 'number') return { label, text: String(value), number: value };
  if (value === null) return { label, text: null };
  return { label, text: null, wrongType: describeValue(value) };
}

function describeValue(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'object':
      return 'an object';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    default:
      return value ? 'true' : 'false';
  }
}

function readSettings(
  root: { [key: string]: JsonValue },
  layout: JsonLayout,
  file: string,
  settings: HoldingsSettings,
  problems: InputProblem[],
): void {
  const lineOf = (key: string): number => layout.rootKeyLines.get(key) ?? layout.rootLine;
  const base = root['baseCurrency'];
  if (base !== undefined) {
    const line = lineOf('baseCurrency');
    if (typeof base !== 'string') {
      problems.push({
        file,
        line,
        field: 'baseCurrency',
        reason: `must be a currency code string, not ${describeValue(base)}`,
      });
    } else {
      const code = normalizeCurrency(base);
      if (code === null)
        problems.push({
          file,
          line,
          field: 'baseCurrency',
          value: shortValue(base),
          reason: 'is not a known currency code (ISO 4217)',
        });
      // Reports in pence would be odd, and FX pairs are quoted in the major unit.
      else if (isMinorUnit(code))
        problems.push({
          file,
          line,
          field: 'baseCurrency',
          value: shortValue(base),
          reason: 'must be a major currency (e.g. GBP, not GBp)',
        });
      else settings.baseCurrency = code;
    }
  }
  const list = root['benchmarks'];
  if (list !== undefined) {
    const line = lineOf('benchmarks');
    if (!Array.isArray(list)) {
      problems.push({
        file,
        line,
        field: 'benchmarks',
        reason: `must be an array of symbols, not ${describeValue(list)}`,
      });
      return;
    }
    const benchmarks: string[] = [];
    list.forEach((item, index) => {
      const field = `benchmarks[${index}]`;
      if (typeof item !== 'string') {
        problems.push({ file, line, field, reason: `must be a symbol string, not ${describeValue(item)}` });
        return;
      }
      const symbol = normalizeSymbol(item);
      if (symbol === null)
        problems.push({
          file,
          line,
          field,
          value: shortValue(item),
          reason: symbolProblem(item) ?? 'is not a valid symbol',
        });
      else if (!benchmarks.includes(symbol)) benchmarks.push(symbol);
    });
    settings.benchmarks = benchmarks;
  }
}
