// Broker exports on the command line: reading one (by content, or as --from says), the --symbols map,
// and the ISIN look-ups, which open the price pipeline (its queue, retry policy, breaker and cache)
// only when an export needs one. Shared by `folio import` and by `folio report` on an export.
import { InputError, type InputProblem } from '../errors.js';
import { describeFsError, MAX_HOLDINGS_BYTES, readFile, stat } from '../holdings/load.js';
import { parseCsv, detectDelimiter } from '../holdings/csv.js';
import { normalizeSymbol } from '../holdings/symbols.js';
import { type IsinResolver, summaryLine } from '../holdings/imports/convert.js';
import { importExport, recognizeExport } from '../holdings/imports/index.js';
import { parseHoldings } from '../holdings/parse.js';
import type { HoldingsFile } from '../types.js';
import type { Clock } from '../prices/index.js';
import { type Prices, openPrices } from './runtime.js';
import type { Io } from './terminal.js';
import { type PriceFlags, priceOptions, settingsFrom } from './options.js';

/** An export's bytes, or an InputError naming the file. */
export async function readExportBytes(file: string): Promise<Uint8Array> {
  try {
    const info = await stat(file);
    if (info.isDirectory())
      throw new InputError([{ file, line: 0, reason: 'is a directory, not an export file' }]);
    if (info.size > MAX_HOLDINGS_BYTES) {
      throw new InputError([{ file, line: 0, reason: `file is too large (${info.size} bytes)` }]);
    }
    return await readFile(file);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError([{ file, line: 0, reason: describeFsError(error) }], { cause: error });
  }
}

/** The --symbols file: `id,symbol` rows (id = ISIN, CUSIP or the broker's ticker), keyed upper-case. */
export async function loadSymbolMap(file: string): Promise<Map<string, string>> {
  const text = new TextDecoder().decode(await readExportBytes(file)).replace(/^\ufeff/, '');
  const map = new Map<string, string>();
  const problems: InputProblem[] = [];
  let header = true;
  const result = parseCsv(text, detectDelimiter(text), (record) => {
    const [id = '', symbol = ''] = record.fields.map((f) => f.trim());
    if (header) {
      header = false;
      if (id.toLowerCase() === 'id' && symbol.toLowerCase() === 'symbol') return;
    }
    const yahoo = normalizeSymbol(symbol);
    if (id === '' || yahoo === null) {
      problems.push({
        file,
        line: record.line,
        reason: `expected id,symbol (a Yahoo symbol), got ${JSON.stringify(record.fields.join(','))}`,
      });
      return;
    }
    map.set(id.toUpperCase(), yahoo);
  });
  if (!result.ok) problems.push({ file, line: result.line, reason: result.reason });
  if (problems.length > 0) throw new InputError(problems);
  return map;
}

/** ISIN look-ups through the price pipeline, opened on the first look-up; close() when done. */
export function isinLookups(
  flags: PriceFlags,
  io: Io,
  clock: Clock,
  debug: boolean,
): { resolve: IsinResolver; close(): Promise<void> } {
  let prices: Promise<Prices> | undefined;
  const warn = (m: string) => io.stderr.write(`warning: ${m}\n`); // also with --quiet
  return {
    async resolve(requests) {
      prices ??= openPrices(settingsFrom(flags, io), priceOptions(flags, debug), io, clock, warn);
      const { service } = await prices;
      try {
        return await service.searchIsins(requests);
      } catch (error) {
        // Yahoo unreachable: the ISINs stay unresolved, and the input error that follows names each one.
        warn(`symbol search failed: ${error instanceof Error ? error.message : String(error)}`);
        return new Map();
      }
    },
    async close() {
      if (prices !== undefined) await (await prices).close();
    },
  };
}

/**
 * A recognised broker export as a holdings file: converted as `folio import` converts it, its skipped
 * rows and warnings on stderr, its holdings CSV parsed in memory. Undefined when `bytes`, the content of
 * `file`, is no export.
 */
export async function exportAsHoldings(
  bytes: Uint8Array,
  file: string,
  today: string,
  flags: PriceFlags & { debug?: boolean },
  io: Io,
  clock: Clock,
): Promise<HoldingsFile | undefined> {
  if (recognizeExport(bytes) === undefined) return undefined;
  const lookups = isinLookups(flags, io, clock, flags.debug === true);
  try {
    const result = await importExport(bytes, { file, resolveIsins: lookups.resolve });
    // --quiet keeps the warnings (as `folio import --quiet` does) and drops the summary line.
    for (const w of result.warnings) io.stderr.write(`warning: ${file}: ${w}\n`);
    if (flags.quiet !== true)
      io.stderr.write(
        `${file}: ${result.format.label}: ${summaryLine(result.counts)} (skipped rows: folio import ${file})\n`,
      );
    return parseHoldings(result.csv, file, { today, format: 'csv' });
  } finally {
    await lookups.close();
  }
}
