// The price runtime of a run, built in one place: the clock, where the cache is, and the price
// pipeline (cache, queue, breaker, retry, Yahoo client). Commands get them from here.
import path from 'node:path';
import { UsageError } from '../errors.js';
import {
  type CircuitBreaker,
  PriceCache,
  isServerUrl,
  type Clock,
  systemClock,
  parseOrigin,
  createPriceService,
  type PriceService,
  type RunStatsCollector,
} from '../prices/index.js';
import { isoDateOfEpochMs } from '../dates.js';
import type { Settings } from './settings.js';
import type { Io } from './terminal.js';

/**
 * The clock. `FOLIO_NOW` (an ISO instant) pins "now" for reproducible runs (tests, the demo); time then
 * still moves on from there, so waits and timeouts behave.
 */
export function createClock(env: NodeJS.ProcessEnv): Clock {
  const pinned = env.FOLIO_NOW;
  if (pinned === undefined || pinned === '') return systemClock;
  const at = Date.parse(pinned);
  if (Number.isNaN(at)) throw new UsageError(`FOLIO_NOW ${JSON.stringify(pinned)}: not an ISO date-time`);
  const start = Date.now();
  return { now: () => at + (Date.now() - start), sleep: (ms, signal) => systemClock.sleep(ms, signal) };
}

/** The clock's date as `YYYY-MM-DD` (UTC). */
export function isoToday(clock: Clock): string {
  return isoDateOfEpochMs(clock.now());
}

async function defaultCachePath(): Promise<string> {
  const { default: envPaths } = await import('env-paths');
  return path.join(envPaths('folio').cache, 'cache.sqlite');
}

export interface PriceOptions {
  /** `--cache <file>`; false with `--no-cache`. */
  cache: string | false | undefined;
  offline: boolean;
  refresh: boolean;
  yahooUrl: string | undefined;
  debug: boolean;
}

export interface Prices {
  service: PriceService;
  stats: RunStatsCollector;
  cache: PriceCache | null;
  breaker: CircuitBreaker;
  /** Writes the run's data to the cache and closes it. */
  close(): Promise<void>;
}

export async function resolveCachePath(
  settings: Settings,
  flag: string | false | undefined,
): Promise<string | null> {
  if (flag === false) return null;
  // A cache server's URL is kept as it is; a file path is made absolute.
  const local = (p: string) => (isServerUrl(p) ? p : path.resolve(p));
  if (typeof flag === 'string' && flag !== '') return local(flag);
  if (settings.cachePath !== '') return local(settings.cachePath);
  return defaultCachePath();
}

/** Builds the price pipeline for one run. */
export async function openPrices(
  settings: Settings,
  options: PriceOptions,
  io: Io,
  clock: Clock,
  warn: (m: string) => void,
): Promise<Prices> {
  const yahooUrl = options.yahooUrl ?? io.env.FOLIO_YAHOO_URL;
  let origin: URL | undefined;
  if (yahooUrl !== undefined && yahooUrl !== '') {
    try {
      origin = parseOrigin(yahooUrl);
    } catch (error) {
      throw new UsageError(
        `${options.yahooUrl !== undefined ? '--yahoo-url' : 'FOLIO_YAHOO_URL'}: ${(error as Error).message}`,
      );
    }
  }
  const file = await resolveCachePath(settings, options.cache);
  // A shared cache server that fails falls back to this host's own cache file.
  const fallbackPath = file !== null && isServerUrl(file) ? await defaultCachePath() : undefined;
  const cache =
    file === null ? null : await PriceCache.open(file, { warn, now: () => clock.now(), fallbackPath });
  if (cache === null && options.offline) {
    throw new UsageError('--offline needs the cache: it reads prices from it only', {
      hint: 'drop --no-cache',
    });
  }
  const pipeline = await createPriceService({
    cache,
    clock,
    yahoo: {
      origin,
      timeoutMs: settings.requestTimeout * 1000,
      debug: options.debug ? (line: string) => io.stderr.write(`debug: ${line}\n`) : undefined,
    },
    concurrency: settings.concurrency,
    rateLimit: settings.rateLimit > 0 ? settings.rateLimit : undefined,
    retryBudgetMs: settings.retryBudget * 1000,
    quoteBatchSize: settings.quoteBatchSize,
    quoteTtlMs: settings.quoteTtl * 1000,
    offline: options.offline,
    refresh: options.refresh,
  });
  const { service, stats, breaker } = pipeline;
  return {
    service,
    stats,
    cache,
    breaker,
    close: () => pipeline.close((error) => warn(`could not write the cache: ${(error as Error).message}`)),
  };
}
