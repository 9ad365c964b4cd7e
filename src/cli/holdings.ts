// A holdings file named on the command line, as every command that reads one loads it.
import { loadHoldings } from '../holdings/load.js';
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
  if (file !== '-') {
    const { loadExportAsHoldings } = await import('./imports.js');
    const imported = await loadExportAsHoldings(file, today, flags, io, clock);
    if (imported !== undefined) return imported;
  }
  // process.stdin only for `-`: making the stream loads Node's file streams, which nothing else needs.
  return loadHoldings(file, io.stdin === undefined ? { today } : { today, stdin: io.stdin });
}
