// `folio cache warm|stats|clear|path`: the cache as a user sees it, a file or a shared server. Each
// command's body is its own module under cache/, loaded when it runs; this file only declares the
// commands. `warm` is the CLI's form of background cache warming: a cron entry before the open makes
// the later report free of requests.
import type { Command } from 'commander';
import { QUIET_HELP } from '../help.js';
import { type PriceFlags, addPriceOptions } from '../options.js';
import type { Io } from '../terminal.js';
import type { ClearOptions } from './cache/clear.js';
import type { CacheOptions } from './cache/open.js';
import type { StatsOptions } from './cache/stats.js';

export function registerCacheCommand(program: Command, io: Io): void {
  const cache = program
    .command('cache')
    .description('warm, inspect or clear the price cache')
    .addHelpText(
      'after',
      `
Examples:
  $ folio cache warm holdings.csv          fetch everything a report needs (cron, before the open)
  $ folio cache stats
  $ folio cache clear --older-than 30d`,
    );

  const warm = cache
    .command('warm')
    .description('fetch and cache everything a report of these files needs (holdings, benchmarks, FX)')
    .argument('<file...>', 'holdings files (CSV or JSON), directories of them, or - for standard input')
    .option('--currency <code>', 'report currency the FX pairs are for')
    .option('--benchmarks <list>', 'benchmark ETFs, comma-separated');
  addPriceOptions(warm).addHelpText(
    'after',
    `
Examples:
  $ folio cache warm holdings.csv
  $ folio cache warm holdings.json --currency EUR --benchmarks SPY,VEA
  $ folio cache warm mine.csv joint.json kids/     several files, as report takes them
  # crontab: warm at 09:00 on weekdays (--quiet: output only when something needs a look)
  0 9 * * 1-5  folio cache warm ~/holdings.csv --quiet`,
  );
  warm.action(async (files: string[], flags: PriceFlags) => {
    const { warmCache } = await import('./cache/warm.js');
    await warmCache({ ...flags, files, debug: program.opts<{ debug?: boolean }>().debug === true }, io);
  });

  cache
    .command('stats')
    .description('entries by kind, symbols, oldest and newest data, size, location, breaker state')
    .option('--cache <location>', 'cache file or server URL (redis://host:6379/0)')
    .option('-f, --format <format>', 'table or json', 'table')
    .option('-q, --quiet', QUIET_HELP)
    .addHelpText(
      'after',
      `
Examples:
  $ folio cache stats
  $ folio cache stats --format json
  $ FOLIO_CACHE=/tmp/ci-cache.sqlite folio cache stats
  $ folio cache stats --cache redis://cache.internal:6379/0`,
    )
    .action(async (flags: StatsOptions) => {
      const { cacheStats } = await import('./cache/stats.js');
      await cacheStats(flags, io);
    });

  cache
    .command('clear')
    .description('delete cached prices: all, one symbol, or those older than a duration')
    .option('--symbol <symbol>', 'only this symbol')
    .option('--older-than <duration>', 'only entries fetched more than this long ago, e.g. 30d, 12h')
    .option('--cache <location>', 'cache file or server URL (redis://host:6379/0)')
    .option('-q, --quiet', 'print nothing but warnings and errors (not the count removed)')
    .addHelpText(
      'after',
      `
Examples:
  $ folio cache clear                      everything
  $ folio cache clear --symbol TSLA        one symbol's quote and history
  $ folio cache clear --older-than 30d     entries fetched more than 30 days ago`,
    )
    .action(async (flags: ClearOptions) => {
      const { clearCache } = await import('./cache/clear.js');
      await clearCache(flags, io);
    });

  cache
    .command('path')
    .description('print where the cache is: its file, or its server URL (credentials masked)')
    .option('--cache <location>', 'cache file or server URL (redis://host:6379/0)')
    .option('-q, --quiet', QUIET_HELP)
    .addHelpText(
      'after',
      `
Examples:
  $ folio cache path
  $ ls -l "$(folio cache path)"`,
    )
    .action(async (flags: CacheOptions) => {
      const { printCachePath } = await import('./cache/path.js');
      await printCachePath(flags, io);
    });
}
