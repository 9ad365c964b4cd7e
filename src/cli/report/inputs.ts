// The inputs of a report run: file arguments (a directory stands for its *.csv and *.json files in
// name order), every file loaded and validated before anything is fetched, and the names their
// reports go by (for headings, accounts and --output-dir files).
import fs from 'node:fs';
import path from 'node:path';
import { InputError, type InputProblem } from '../../errors.js';
import { uniqueNames } from '../../analytics/combine.js';
import type { Clock } from '../../prices/index.js';
import { STDIN_NAME } from '../../holdings/load.js';
import type { HoldingsFile } from '../../types.js';
import { loadHoldingsFile } from '../holdings.js';
import type { PriceFlags } from '../options.js';
import type { Io } from '../terminal.js';

const HOLDINGS_EXTENSIONS = new Set(['.csv', '.json']);

/** The holdings files the arguments name: files as given, directories expanded (name order). */
export function expandInputs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const arg of args) {
    let isDirectory = false;
    try {
      isDirectory = arg !== '-' && fs.statSync(arg).isDirectory();
    } catch {
      // not there: loading it reports the problem with the file's name
    }
    if (!isDirectory) {
      out.push(arg);
      continue;
    }
    const names = fs
      .readdirSync(arg, { withFileTypes: true })
      .filter((e) => e.isFile() && HOLDINGS_EXTENSIONS.has(path.extname(e.name).toLowerCase()))
      .map((e) => e.name)
      .sort();
    if (names.length === 0)
      throw new InputError([{ file: arg, line: 0, reason: 'directory holds no .csv or .json file' }]);
    out.push(...names.map((n) => path.join(arg, n)));
  }
  return out;
}

/**
 * Loads every file (a broker export converted, its ISINs looked up with the run's price flags); throws
 * one InputError listing every problem of every file (exit 3).
 */
export async function loadAllHoldings(
  files: readonly string[],
  clock: Clock,
  io: Io,
  flags: PriceFlags & { debug?: boolean } = {},
): Promise<HoldingsFile[]> {
  return loadEachHoldings(files, clock, io, flags, (h) => h);
}

/** loadAllHoldings keeping only what `keep` takes of each file (a run over thousands keeps its lots). */
export async function loadEachHoldings<T>(
  files: readonly string[],
  clock: Clock,
  io: Io,
  flags: PriceFlags & { debug?: boolean },
  keep: (h: HoldingsFile) => T,
): Promise<T[]> {
  const loaded: T[] = [];
  const problems: InputProblem[] = [];
  let total = 0;
  for (const file of files) {
    try {
      loaded.push(keep(await loadHoldingsFile(file, clock, io, flags)));
    } catch (error) {
      // One file alone: its own error as it is (a missing file's cause brings the hint where to start).
      if (!(error instanceof InputError) || files.length === 1) throw error;
      problems.push(...error.problems);
      total += error.total;
    }
  }
  if (problems.length > 0) throw new InputError(problems, { total });
  return loaded;
}

/** Each file's report name: its base name without extension, `-2`, `-3`, ... when taken. */
export function reportNames(files: readonly string[]): string[] {
  // Standard input loads under the name `<stdin>`: its report (and --output-dir file) is `stdin`.
  const name = (f: string) => (f === '-' || f === STDIN_NAME ? 'stdin' : path.basename(f, path.extname(f)));
  return uniqueNames(files.map(name));
}

/** The file extension of a report format. */
export function formatExtension(format: string): string {
  return format === 'markdown' ? '.md' : format === 'table' ? '.txt' : `.${format}`;
}
