// `folio cache warm|stats|clear|path`: the cache as a user sees it. `warm` is the CLI's form of
// background cache warming: a cron entry before the open makes the later report free of requests.
import type { Command } from 'commander';
import { PriceUnavailableError, UsageError } from '../../errors.js';
import { normalizeSymbol } from '../../holdings/symbols.js';
import { PriceCache } from '../../prices/cache.js';
import { planPrices } from '../../prices/plan.js';
import {
  type PriceFlags,
  addPriceOptions,
  loadHoldingsFile,
  makeWarn,
  priceOptions,
  settingsFrom,
} from '../options.js';
import { type Io, createClock, isoToday, openPrices, resolveCachePath } from '../runtime.js';

/** `30d`, `12h`, `90m`, `45s` as milliseconds. */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(d|h|m|s)\s*$/i.exec(text);
  if (!m)
    throw new UsageError(`--older-than ${JSON.stringify(text)}: expected a duration like 30d, 12h, 90m`);
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 }[
    m[2]!.toLowerCase() as 'd' | 'h' | 'm' | 's'
  ];
  return Number(m[1]) * unit;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

const iso = (t: number | null) => (t === null ? 'n/a' : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z'));

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
    .description('fetch and cache everything a report of this file needs (holdings, benchmarks, FX)')
    .argument('<file>', 'holdings file (CSV or JSON), or - for standard input')
    .option('--currency <code>', 'report currency the FX pairs are for')
    .option('--benchmarks <list>', 'benchmark ETFs, comma-separated');
  addPriceOptions(warm).addHelpText(
    'after',
    `
Examples:
  $ folio cache warm holdings.csv
  $ folio cache warm holdings.json --currency EUR --benchmarks SPY,VEA
  # crontab: warm at 09:00 on weekdays, report after the close from the warm cache
  0 9 * * 1-5  folio cache warm ~/holdings.csv --quiet`,
  );
  warm.action(async (file: string, flags: PriceFlags) => {
    const debug = program.opts<{ debug?: boolean }>().debug === true;
    const warn = makeWarn(io, flags.quiet);
    const clock = createClock(io.env);
    settingsFrom(flags, io);
    const holdings = await loadHoldingsFile(file, clock, io);
    const settings = settingsFrom(flags, io, holdings.settings);
    if (flags.cache === false) throw new UsageError('cache warm needs the cache: drop --no-cache');
    const prices = await openPrices(settings, priceOptions(flags, debug), io, clock, warn);
    if (prices.cache === null)
      throw new UsageError('cache warm: the cache cannot be used (see the warning above)');
    const started = performance.now();
    const plan = planPrices({
      lots: holdings.lots,
      baseCurrency: settings.baseCurrency,
      benchmarks: settings.benchmarks,
      today: isoToday(clock),
    });
    let data;
    try {
      data = await prices.service.load(plan);
    } finally {
      await prices.close();
    }
    for (const w of data.warnings) warn(w);
    const s = prices.stats.snapshot();
    const symbols = new Set([...data.quotes.keys(), ...data.histories.keys()]);
    io.stdout.write(
      [
        `warmed ${symbols.size} symbols (${plan.holdings.length} holdings, ${plan.benchmarks.length} benchmarks, ${[...symbols].filter((x) => x.endsWith('=X')).length} FX pairs) into ${prices.cache.path}`,
        `requests: ${s.requests.byKind.quote} quote, ${s.requests.byKind.chart} chart, ${s.requests.byKind.cookie + s.requests.byKind.crumb} cookie/crumb; already fresh: ${s.cache.quote.hits} quotes, ${s.cache.history.hits} histories`,
        ...(data.unknown.size > 0 ? [`unknown to Yahoo: ${[...data.unknown].join(', ')}`] : []),
        ...(data.unavailable.size > 0 ? [`not available: ${[...data.unavailable.keys()].join(', ')}`] : []),
        `took ${Math.round(performance.now() - started)} ms`,
        '',
      ].join('\n'),
    );
    // Nothing obtained at all (not live, not from the cache): a warm-up that warmed nothing fails.
    if (data.unavailable.size > 0 && symbols.size === 0) {
      throw new PriceUnavailableError(
        `cache warm: nothing could be fetched (${[...data.unavailable.values()][0] ?? 'no data'})`,
      );
    }
  });

  cache
    .command('stats')
    .description('entries by kind, symbols, oldest and newest data, file size, path, breaker state')
    .option('--cache <file>', 'cache file')
    .option('-f, --format <format>', 'table or json', 'table')
    .addHelpText(
      'after',
      `
Examples:
  $ folio cache stats
  $ folio cache stats --format json
  $ FOLIO_CACHE=/tmp/ci-cache.sqlite folio cache stats`,
    )
    .action(async (flags: { cache?: string; format?: string }) => {
      const file = await cachePathFor(flags.cache, io);
      const c = await PriceCache.open(file, { warn: makeWarn(io, false) });
      if (c === null) throw new UsageError(`cannot open the cache ${file}`);
      let st;
      try {
        st = await c.statistics();
      } finally {
        await c.close();
      }
      if (flags.format === 'json') {
        io.stdout.write(`${JSON.stringify(st, null, 2)}\n`);
        return;
      }
      if (flags.format !== undefined && flags.format !== 'table')
        throw new UsageError(`--format ${JSON.stringify(flags.format)}: must be table or json`);
      const breaker = st.breaker as { state?: string; openUntil?: number | null } | null;
      io.stdout.write(
        [
          `path        ${st.path}`,
          `size        ${formatBytes(st.fileBytes)}`,
          `quotes      ${st.quotes}`,
          `histories   ${st.histories}`,
          `symbols     ${st.symbols.length}${st.symbols.length > 0 ? ` (${st.symbols.slice(0, 12).join(', ')}${st.symbols.length > 12 ? ', ...' : ''})` : ''}`,
          `bars        ${st.oldestBar ?? 'n/a'} .. ${st.newestBar ?? 'n/a'}`,
          `fetched     ${iso(st.oldestFetch)} .. ${iso(st.newestFetch)}`,
          `breaker     ${breaker?.state ?? 'closed'}${breaker?.state === 'open' && breaker.openUntil ? ` until ${iso(breaker.openUntil)}` : ''}`,
          '',
        ].join('\n'),
      );
    });

  cache
    .command('clear')
    .description('delete cached prices: all, one symbol, or those older than a duration')
    .option('--symbol <symbol>', 'only this symbol')
    .option('--older-than <duration>', 'only entries fetched more than this long ago, e.g. 30d, 12h')
    .option('--cache <file>', 'cache file')
    .addHelpText(
      'after',
      `
Examples:
  $ folio cache clear                      everything
  $ folio cache clear --symbol TSLA        one symbol's quote and history
  $ folio cache clear --older-than 30d     entries fetched more than 30 days ago`,
    )
    .action(async (flags: { symbol?: string; olderThan?: string; cache?: string }) => {
      const symbol = flags.symbol === undefined ? undefined : normalizeSymbol(flags.symbol);
      if (symbol === null)
        throw new UsageError(`--symbol ${JSON.stringify(flags.symbol)}: not a valid symbol`);
      const olderMs = flags.olderThan === undefined ? undefined : parseDuration(flags.olderThan);
      const file = await cachePathFor(flags.cache, io);
      const c = await PriceCache.open(file, { warn: makeWarn(io, false) });
      if (c === null) throw new UsageError(`cannot open the cache ${file}`);
      try {
        const clock = createClock(io.env);
        const n = await c.clear({
          symbol,
          fetchedBefore: olderMs === undefined ? undefined : clock.now() - olderMs,
        });
        io.stdout.write(`removed ${n} entr${n === 1 ? 'y' : 'ies'} from ${file}\n`);
      } finally {
        await c.close();
      }
    });

  cache
    .command('path')
    .description('print the cache file path')
    .option('--cache <file>', 'cache file')
    .addHelpText(
      'after',
      `
Examples:
  $ folio cache path
  $ ls -l "$(folio cache path)"`,
    )
    .action(async (flags: { cache?: string }) => {
      io.stdout.write(`${await cachePathFor(flags.cache, io)}\n`);
    });
}

async function cachePathFor(flag: string | undefined, io: Io): Promise<string> {
  const settings = settingsFrom({ cache: flag }, io);
  const p = await resolveCachePath(settings, flag);
  if (p === null) throw new UsageError('no cache path');
  return p;
}
