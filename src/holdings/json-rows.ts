// JSON holdings text -> transactions and the file's settings. JSON.parse builds the values (natively:
// 100,000 lots in well under a second); scanJsonLayout (json.ts) finds the lines; the slower
// position-tracking parser runs only to explain a syntax error. Each lot is checked by validate.ts.
import { InputError } from '../errors.js';
import type { HoldingsSettings, Lot } from '../types.js';
import { CSV_COLUMN_NAME, fieldForName, printableLabel } from './fields.js';
import { describeValue, isObject, parseJsonWithLines, scanJsonLayout, type JsonValue } from './json.js';
import { readSettings } from './settings.js';
import { rejectSymbolOf } from './transactions.js';
import { shortValue, validateRow, type FileReading, type RawCell, type RawRow } from './validate.js';

/**
 * The transactions of a JSON holdings text (an array of lots, or an object with "holdings" and the
 * file's settings), problems into `reading`; `targets` is left to targets.ts.
 */
export function readJsonRows(
  text: string,
  reading: FileReading,
): { lots: Lot[]; settings: HoldingsSettings; targets?: JsonValue } {
  const { file, today, problems, rejected } = reading;
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
  let settings: HoldingsSettings = {};
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
    settings = readSettings(root, layout, reading);
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

function cellOf(label: string, value: JsonValue): RawCell {
  if (typeof value === 'string') return { label, text: value };
  if (typeof value === 'number') return { label, text: String(value), number: value };
  if (value === null) return { label, text: null };
  return { label, text: null, wrongType: describeValue(value) };
}

function fail(file: string, line: number, reason: string): never {
  throw new InputError([{ file, line, reason }]);
}
