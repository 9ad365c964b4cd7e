// Holdings text -> HoldingsFile, or one InputError listing every problem found (up to MAX_PROBLEMS).
// Pure: no file system, no clock (`today` is passed in). The format decides the reader: csv-rows.ts
// or json-rows.ts (with settings.ts for a JSON file's settings); the checks across rows run here.

import { InputError, MAX_LISTED_PROBLEMS, type InputProblem } from '../errors.js';
import type { HoldingsFile } from '../types.js';
import { readCsvRows } from './csv-rows.js';
import { readJsonRows } from './json-rows.js';
import { parseTargetsJson } from './targets.js';
import { classesThatDisagree, groupBySymbol, sellsWithNothingHeld } from './transactions.js';
import { isCalendarDate, type FileReading } from './validate.js';

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
  const reading: FileReading = { file, today: options.today, problems, rejected };
  const parsed =
    format === 'json' ? readJsonRows(body, reading) : { lots: readCsvRows(body, reading), settings: {} };
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
