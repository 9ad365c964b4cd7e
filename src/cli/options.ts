// The options of the commands that fetch prices (cache, network, throttling, report settings) and
// their validation into settings and the price pipeline's options.
import { type Command, Option } from 'commander';
import type { HoldingsFile } from '../types.js';
import { QUIET_HELP } from './help.js';
import type { PriceOptions } from './runtime.js';
import type { Io } from './terminal.js';
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
