// Options shared by the commands that fetch prices, and their validation into settings.
import { type Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import { loadHoldings } from '../holdings/load.js';
import type { HoldingsFile } from '../types.js';
import type { Clock } from '../prices/index.js';
import { type Io, type PriceOptions, isoToday } from './runtime.js';
import { protectFromOutput } from './output.js';
import { type SettingKey, type Settings, configCachePath, readConfig, resolveSettings } from './settings.js';

export interface PriceFlags {
  cache?: string | false;
  offline?: boolean;
  refresh?: boolean;
  yahooUrl?: string;
  currency?: string;
  benchmarks?: string;
  period?: string;
  riskFree?: string;
  concurrency?: string;
  rateLimit?: string;
  quoteBatchSize?: string;
  quoteTtl?: string;
  requestTimeout?: string;
  retryBudget?: string;
  color?: boolean;
  quiet?: boolean;
  bench?: boolean;
  strict?: boolean;
}

/** Adds the pipeline's options (cache, network, throttling) to a command. */
export function addPriceOptions(cmd: Command): Command {
  return cmd
    .option('--cache <file>', 'cache file (default: user cache dir; env FOLIO_CACHE)')
    .option('--no-cache', 'run without the cache')
    .option('--offline', 'read prices from the cache only; send no request')
    .option('--refresh', 'ignore cache freshness and refetch')
    .option('--yahoo-url <url>', 'send Yahoo requests to this Yahoo-compatible origin (env FOLIO_YAHOO_URL)')
    .option('--concurrency <n>', 'requests to Yahoo at once (default 8)')
    .option('--rate-limit <n>', 'fixed cap in requests per second (default: none)')
    .addOption(new Option('--quote-batch-size <n>', 'symbols per quote request (max 99)').hideHelp())
    .addOption(
      new Option('--quote-ttl <seconds>', 'seconds a quote stays fresh while its market is open').hideHelp(),
    )
    .option('--request-timeout <seconds>', 'seconds before a request is abandoned (default 10)')
    .option('--retry-budget <seconds>', 'total seconds of retry waits per run (default 30)')
    .option('--no-color', 'no colour (also NO_COLOR)')
    .option('-q, --quiet', QUIET_HELP)
    .option('--bench', 'report requests, cache hits and time per phase');
}

export const QUIET_HELP = 'print only results, warnings and errors (no progress or status lines; for cron)';

/** Settings from flags, environment, the holdings file and the config file (in that order of weight). */
export function settingsFrom(flags: PriceFlags, io: Io, fileSettings?: HoldingsFile['settings']): Settings {
  const map: Partial<Record<SettingKey, string>> = {};
  const put = (key: SettingKey, value: string | undefined) => {
    if (value !== undefined) map[key] = value;
  };
  put('baseCurrency', flags.currency);
  put('benchmarks', flags.benchmarks);
  put('period', flags.period);
  put('riskFreeRate', flags.riskFree);
  put('concurrency', flags.concurrency);
  put('rateLimit', flags.rateLimit);
  put('quoteBatchSize', flags.quoteBatchSize);
  put('quoteTtl', flags.quoteTtl);
  put('requestTimeout', flags.requestTimeout);
  put('retryBudget', flags.retryBudget);
  if (typeof flags.cache === 'string') put('cachePath', flags.cache);
  const config = readConfig(io.env);
  if (config.cachePath !== undefined) config.cachePath = configCachePath(config.cachePath, io.env);
  return resolveSettings({ flags: map, env: io.env, fileSettings, config });
}

export function priceOptions(flags: PriceFlags & { debug?: boolean }, debug: boolean): PriceOptions {
  return {
    cache: flags.cache,
    offline: flags.offline === true,
    refresh: flags.refresh === true,
    yahooUrl: flags.yahooUrl,
    debug,
  };
}

/**
 * The narrowest output folio can keep within its width: the ETF comparison's period returns and the
 * lots table need about 55 columns, so a narrower --width would be a promise it could not keep.
 */
const MIN_WIDTH = 60;

/** `--width`, else the terminal's width (at least MIN_WIDTH), else 80 off a terminal. */
export function parseWidthOption(
  value: string | undefined,
  stdout: NodeJS.WriteStream | { isTTY?: boolean; columns?: number },
): number {
  return (
    parseIntOption('--width', value, MIN_WIDTH, 1000) ??
    (stdout.isTTY === true ? Math.max(MIN_WIDTH, stdout.columns || 80) : 80)
  );
}

export function parseIntOption(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()))
    throw new UsageError(`${name} ${JSON.stringify(value)}: must be a whole number ${min}..${max}`);
  const n = Number(value);
  if (n < min || n > max)
    throw new UsageError(`${name} ${JSON.stringify(value)}: must be a whole number ${min}..${max}`);
  return n;
}

export function parseDateOption(name: string, value: string | undefined, today: string): string | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  const valid =
    m !== null && new Date(`${value.trim()}T00:00:00Z`).toISOString().slice(0, 10) === value.trim();
  if (!valid) throw new UsageError(`${name} ${JSON.stringify(value)}: expected a date YYYY-MM-DD`);
  if (value.trim() > today) throw new UsageError(`${name} ${value}: lies in the future`);
  return value.trim();
}

export function parseChoice<T extends string>(
  name: string,
  value: string | undefined,
  choices: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value))
    throw new UsageError(`${name} ${JSON.stringify(value)}: must be one of ${choices.join(', ')}`);
  return value as T;
}

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
  return loadHoldings(file, { today, stdin: io.stdin ?? process.stdin });
}

/**
 * Warnings go to stderr, each once, also with --quiet: a cron job that mails its output must still
 * say when prices were stale or missing. They also travel inside JSON and markdown reports.
 */
export function makeWarn(io: Io): (message: string) => void {
  const seen = new Set<string>();
  return (message) => {
    if (seen.has(message)) return;
    seen.add(message);
    io.stderr.write(`warning: ${message}\n`);
  };
}
