// Holdings text -> HoldingsFile, or one InputError listing every problem found (up to MAX_PROBLEMS).
// Pure: no file system, no clock (`today` is passed in).

import { InputError, type InputProblem } from '../errors.js';
import type { Holding, HoldingsFile, HoldingsSettings, IsoDate, Lot } from '../types.js';
import { normalizeCurrency, isMinorUnit } from './currencies.js';
import { detectDelimiter, parseCsv } from './csv.js';
import { CSV_COLUMN_NAME, REQUIRED_FIELDS, aliasesOf, fieldForName, type LotField } from './fields.js';
import { parseJsonWithLines, type JsonNode } from './json.js';
import { normalizeSymbol, symbolProblem } from './symbols.js';
import { isCalendarDate, validateRow, type RawCell, type RawRow } from './validate.js';

export interface ParseOptions {
  /** `YYYY-MM-DD`; purchase dates after it are rejected. */
  today: string;
  /** Forces a format; otherwise a first non-blank `[` or `{` means JSON, anything else CSV. */
  format?: 'csv' | 'json';
}

/** At most this many problems are listed in one InputError (`total` counts them all). */
export const MAX_PROBLEMS = 20;

export function parseHoldings(text: string, file: string, options: ParseOptions): HoldingsFile {
  if (!isCalendarDate(options.today)) throw new TypeError(`parseHoldings: today must be YYYY-MM-DD, got ${options.today}`);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const nul = body.indexOf('\0');
  if (nul >= 0) {
    throw new InputError([{ file, line: lineAt(body, nul), reason: 'file contains NUL bytes: it is binary (or UTF-16), not a UTF-8 text holdings file' }]);
  }
  const format = options.format ?? detectFormat(body);
  const problems: InputProblem[] = [];
  const parsed = format === 'json' ? readJson(body, file, options.today, problems) : { lots: readCsv(body, file, options.today, problems), settings: {} };
  if (problems.length > 0) throw new InputError(problems.slice(0, MAX_PROBLEMS), { total: problems.length });
  return { file, format, lots: parsed.lots, holdings: groupBySymbol(parsed.lots), settings: parsed.settings };
}

/** `json` when the first non-blank character is `[` or `{`. */
export function detectFormat(text: string): 'csv' | 'json' {
  const first = /\S/.exec(text);
  return first !== null && (first[0] === '[' || first[0] === '{') ? 'json' : 'csv';
}

function groupBySymbol(lots: Lot[]): Holding[] {
  const bySymbol = new Map<string, Holding>();
  for (const lot of lots) {
    let holding = bySymbol.get(lot.symbol);
    if (holding === undefined) {
      holding = { symbol: lot.symbol, lots: [] };
      bySymbol.set(lot.symbol, holding);
    }
    holding.lots.push(lot);
  }
  return [...bySymbol.values()];
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

function readCsv(text: string, file: string, today: IsoDate, problems: InputProblem[]): Lot[] {
  const delimiter = detectDelimiter(text);
  const csv = parseCsv(text, delimiter);
  if (!csv.ok) fail(file, csv.line, csv.reason);
  const [header, ...rows] = csv.records;
  if (header === undefined) fail(file, 0, 'no holdings: the file has no rows');

  // Map columns to fields; a field given by two columns is an error, unknown columns are ignored.
  const columns: { index: number; field: LotField; label: string }[] = [];
  const labelOf = new Map<LotField, string>();
  header.fields.forEach((raw, index) => {
    const label = raw.trim();
    const field = fieldForName(label);
    if (field === undefined) return;
    const previous = labelOf.get(field);
    if (previous !== undefined) {
      problems.push({
        file,
        line: header.line,
        field: 'column',
        value: label,
        reason: `duplicates column "${previous}" (both give ${CSV_COLUMN_NAME[field]})`,
      });
      return;
    }
    labelOf.set(field, label);
    columns.push({ index, field, label });
  });
  for (const field of REQUIRED_FIELDS) {
    if (!labelOf.has(field)) {
      const others = aliasesOf(field).slice(1).join(', ');
      problems.push({
        file,
        line: header.line,
        reason: `missing required column "${CSV_COLUMN_NAME[field]}" (also accepted: ${others}); the first row must be a header such as symbol,shares,cost,date`,
      });
    }
  }
  if (problems.length > 0) return [];
  if (rows.length === 0) fail(file, 0, 'no holdings: the file has a header but no rows');

  const decimalComma = delimiter === ';';
  const width = header.fields.length;
  const lots: Lot[] = [];
  for (const record of rows) {
    const ctx = { file, line: record.line, today, decimalComma };
    // Extra non-empty fields usually mean an unquoted value with the delimiter in it (1,234.5).
    if (record.fields.length > width && record.fields.slice(width).some((f) => f.trim() !== '')) {
      problems.push({
        file,
        line: record.line,
        reason: `row has ${record.fields.length} fields but the header has ${width} (quote values that contain "${delimiter === '\t' ? '\\t' : delimiter}")`,
      });
      continue;
    }
    const row: RawRow = {};
    for (const column of columns) row[column.field] = { label: column.label, text: record.fields[column.index] ?? '' };
    const lot = validateRow(row, ctx, problems);
    if (lot !== null) lots.push(lot);
  }
  return lots;
}

// ---- JSON

function readJson(text: string, file: string, today: IsoDate, problems: InputProblem[]): { lots: Lot[]; settings: HoldingsSettings } {
  const parsed = parseJsonWithLines(text);
  if (!parsed.ok) fail(file, parsed.line, parsed.reason);
  const root = parsed.root;
  let lotNodes: JsonNode[];
  let listName = 'holdings';
  const settings: HoldingsSettings = {};
  if (root.kind === 'array') {
    lotNodes = root.items;
    listName = '';
  } else if (root.kind === 'object') {
    const holdings = root.entries.find((e) => e.key === 'holdings');
    if (holdings === undefined) fail(file, root.line, 'JSON object has no "holdings" array (expected { "holdings": [ ... ] })');
    if (holdings.value.kind !== 'array') fail(file, holdings.line, `"holdings" must be an array of lots, not ${describeNode(holdings.value)}`);
    lotNodes = holdings.value.items;
    readSettings(root, file, settings, problems);
  } else {
    fail(file, root.line, `JSON must be an array of lots or an object with a "holdings" array, not ${describeNode(root)}`);
  }
  if (lotNodes.length === 0 && problems.length === 0) fail(file, 0, 'no holdings: the list of lots is empty');

  const lots: Lot[] = [];
  lotNodes.forEach((node, index) => {
    const where = `${listName}[${index}]`;
    if (node.kind !== 'object') {
      problems.push({ file, line: node.line, field: where, reason: `must be an object with symbol and shares, not ${describeNode(node)}` });
      return;
    }
    const row: RawRow = {};
    let duplicate = false;
    for (const entry of node.entries) {
      const field = fieldForName(entry.key);
      if (field === undefined) continue;
      const previous = row[field];
      if (previous !== undefined) {
        problems.push({ file, line: entry.line, field: 'key', value: entry.key, reason: `duplicates key "${previous.label}" in this lot (both give ${CSV_COLUMN_NAME[field]})` });
        duplicate = true;
        continue;
      }
      row[field] = cellOf(entry.key, entry.value);
    }
    const lot = validateRow(row, { file, line: node.line, today, decimalComma: false }, problems);
    if (lot !== null && !duplicate) lots.push(lot);
  });
  return { lots, settings };
}

function cellOf(label: string, node: JsonNode): RawCell {
  switch (node.kind) {
    case 'string':
      return { label, text: node.value };
    case 'number':
      return { label, text: node.raw, number: node.value };
    case 'null':
      return { label, text: null };
    default:
      return { label, text: null, wrongType: describeNode(node) };
  }
}

function describeNode(node: JsonNode): string {
  switch (node.kind) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return node.value ? 'true' : 'false';
    case 'null':
      return 'null';
  }
}

function readSettings(root: JsonNode & { kind: 'object' }, file: string, settings: HoldingsSettings, problems: InputProblem[]): void {
  for (const entry of root.entries) {
    if (entry.key === 'baseCurrency') {
      const node = entry.value;
      if (node.kind !== 'string') {
        problems.push({ file, line: entry.line, field: 'baseCurrency', reason: `must be a currency code string, not ${describeNode(node)}` });
        continue;
      }
      const code = normalizeCurrency(node.value);
      if (code === null) problems.push({ file, line: entry.line, field: 'baseCurrency', value: node.value, reason: 'is not a known currency code (ISO 4217)' });
      // Reports in pence would be odd and every FX pair is quoted in the major unit.
      else if (isMinorUnit(code)) problems.push({ file, line: entry.line, field: 'baseCurrency', value: node.value, reason: 'must be a major currency (e.g. GBP, not GBp)' });
      else settings.baseCurrency = code;
    } else if (entry.key === 'benchmarks') {
      const node = entry.value;
      if (node.kind !== 'array') {
        problems.push({ file, line: entry.line, field: 'benchmarks', reason: `must be an array of symbols, not ${describeNode(node)}` });
        continue;
      }
      const benchmarks: string[] = [];
      node.items.forEach((item, index) => {
        const field = `benchmarks[${index}]`;
        if (item.kind !== 'string') {
          problems.push({ file, line: item.line, field, reason: `must be a symbol string, not ${describeNode(item)}` });
          return;
        }
        const symbol = normalizeSymbol(item.value);
        if (symbol === null) problems.push({ file, line: item.line, field, value: item.value, reason: symbolProblem(item.value) ?? 'is not a valid symbol' });
        else if (!benchmarks.includes(symbol)) benchmarks.push(symbol);
      });
      settings.benchmarks = benchmarks;
    }
  }
}
