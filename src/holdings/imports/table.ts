// Export bytes -> text -> a table found by its header. Exports come as UTF-8 with or without a BOM,
// UTF-16 (Excel's "Unicode text"), or ISO-8859-1/Windows-1252 (the `£` of UK exports); they have
// preamble lines before the header and disclaimers or totals after the data.
import { detectDelimiter, parseCsv } from '../csv.js';
import { firstInvalidUtf8 } from '../encoding.js';

/** Decodes export bytes: UTF-8 (BOM dropped), UTF-16 LE/BE (BOM or NUL pattern), else Windows-1252. */
export function decodeExport(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const sample = Math.min(bytes.length, 4096);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < sample; i++) {
    if (bytes[i] !== 0) continue;
    if (i % 2 === 0) evenNul++;
    else oddNul++;
  }
  if (sample >= 4 && oddNul > sample * 0.3 && evenNul === 0) return new TextDecoder('utf-16le').decode(bytes);
  if (sample >= 4 && evenNul > sample * 0.3 && oddNul === 0) return new TextDecoder('utf-16be').decode(bytes);
  if (firstInvalidUtf8(bytes) === bytes.length) return utf8(bytes);
  return new TextDecoder('windows-1252').decode(bytes);
}

function utf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

/** A column name as compared: lower-case letters and digits only (`Price ($)` -> `price`). */
export function columnKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export interface TableRow {
  line: number;
  fields: string[];
}

export interface Table {
  header: string[];
  /** Line of the header. */
  headerLine: number;
  rows: TableRow[];
  delimiter: string;
  /** Index of the first column named any of `names` (compared by columnKey), or -1. */
  index(...names: string[]): number;
  /** The cell of the first column named any of `names`, trimmed ('' when there is none). */
  cell(row: TableRow, ...names: string[]): string;
}

export type TableResult = { ok: true; table: Table } | { ok: false; line: number; reason: string };

/**
 * The table whose header is the first record `isHeader` accepts (records before it are preamble).
 * The delimiter is the header line's; `delimiter` forces one.
 */
export function readTable(
  text: string,
  isHeader: (keys: string[]) => boolean,
  delimiter?: string,
): TableResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delim = delimiter ?? guessDelimiter(body, isHeader);
  const records: TableRow[] = [];
  const parsed = parseCsvKeepingHashes(body, delim, records);
  if (!parsed.ok) return parsed;
  const at = records.findIndex((r) => isHeader(r.fields.map(columnKey)));
  if (at < 0) return { ok: false, line: 1, reason: 'no header row of this format found' };
  const headerRecord = records[at]!;
  const header = headerRecord.fields.map((f) => f.trim());
  const keys = header.map(columnKey);
  const index = (...names: string[]): number => {
    for (const name of names) {
      const i = keys.indexOf(columnKey(name));
      if (i >= 0) return i;
    }
    return -1;
  };
  return {
    ok: true,
    table: {
      header,
      headerLine: headerRecord.line,
      rows: records.slice(at + 1),
      delimiter: delim,
      index,
      cell: (row, ...names) => {
        const i = index(...names);
        return i < 0 ? '' : (row.fields[i] ?? '').trim();
      },
    },
  };
}

/** The delimiter of the first line that reads as a header with it (`,` `;` or tab). */
function guessDelimiter(text: string, isHeader: (keys: string[]) => boolean): string {
  const lines = text.split(/\r\n|\n|\r/, 40);
  for (const line of lines) {
    for (const d of [',', ';', '\t']) {
      if (line.includes(d) && isHeader(line.split(d).map((f) => columnKey(f.replace(/"/g, ''))))) return d;
    }
  }
  return detectDelimiter(text);
}

/** parseCsv, but a field starting with `#` is data here (E*TRADE's sweep accounts), not a comment. */
function parseCsvKeepingHashes(
  text: string,
  delimiter: string,
  out: TableRow[],
): { ok: true } | { ok: false; line: number; reason: string } {
  // parseCsv treats `#` at a line start as a comment: stand a private-use character in for it while
  // parsing and put the `#` back in the fields.
  const guarded = text.replace(/(^|\r\n|\n|\r)([ \t]*)#/g, '$1$2\ue000');
  const result = parseCsv(guarded, delimiter, (r) =>
    out.push({ line: r.line, fields: r.fields.map((f) => f.replaceAll('\ue000', '#')) }),
  );
  return result.ok ? { ok: true } : result;
}

/** True when every one of `required` (column keys) is among `keys`. */
export function hasColumns(keys: string[], ...required: string[]): boolean {
  return required.every((r) => keys.includes(columnKey(r)));
}
