// A holdings file named on the command line, as every command that reads one loads it.
import { loadHoldings, parseHoldingsFile, readHoldingsFile } from '../holdings/load.js';
import type { Clock } from '../prices/index.js';
import type { HoldingsFile } from '../types.js';
import type { PriceFlags } from './options.js';
import { protectFromOutput } from './output.js';
import { isoToday } from './runtime.js';
import type { Io } from './terminal.js';

/**
 * Loads a holdings file (`-` = stdin) as of the clock's date. A broker export (recognised by its
 * content) is converted as `folio import` would and its holdings CSV read in memory, so the report is
 * the one of the imported file.
 */
export async function loadHoldingsFile(
  file: string,
  clock: Clock,
  io: Io & { stdin?: NodeJS.ReadableStream },
  flags: PriceFlags & { debug?: boolean } = {},
): Promise<HoldingsFile> {
  const today = isoToday(clock);
  protectFromOutput([file]);
  if (file === '-') {
    // process.stdin only for `-`: making the stream loads Node's file streams, which nothing else needs.
    return loadHoldings(file, io.stdin === undefined ? { today } : { today, stdin: io.stdin });
  }
  // Read once: the export check and the holdings parser see the same bytes.
  const bytes = await readHoldingsFile(file);
  const { exportAsHoldings } = await import('./imports.js');
  return (
    (await exportAsHoldings(bytes, file, today, flags, io, clock)) ?? parseHoldingsFile(bytes, file, today)
  );
}
