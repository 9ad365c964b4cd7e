// `folio cache warm FILE...`: fetch and cache everything a report of these files needs, so a later
// report (a cron entry after the close, a CI job) sends no request. Files and directories as `report`
// takes them, all under one price plan (each symbol fetched once).
import { PriceUnavailableError, UsageError } from '../../../errors.js';
import { monotonicMs, planPrices, type PriceData } from '../../../prices/index.js';
import type { RunStats } from '../../../types.js';
import { type PriceFlags, priceOptions, settingsFrom } from '../../options.js';
import { expandInputs, loadAllHoldings } from '../../report/inputs.js';
import { unitePlans } from '../../report/union.js';
import { createClock, isoToday, openPrices } from '../../runtime.js';
import { type Io, makeWarn } from '../../terminal.js';

export interface WarmOptions extends PriceFlags {
  /** Holdings files and directories, as typed. */
  files: readonly string[];
  debug: boolean;
}

export async function warmCache(options: WarmOptions, io: Io): Promise<void> {
  const { files: args, debug, ...flags } = options;
  const warn = makeWarn(io);
  const clock = createClock(io.env);
  const runSettings = settingsFrom(flags, io); // flag and config errors first, before any file is read
  if (flags.cache === false) throw new UsageError('cache warm needs the cache: drop --no-cache');
  const loaded = await loadAllHoldings(expandInputs(args), clock, io);
  const today = isoToday(clock);
  // Each file as its own report would need it (its own base currency and benchmarks).
  const plans = loaded.map((holdings) => {
    const settings = settingsFrom(flags, io, holdings.settings);
    const { baseCurrency, benchmarks } = settings;
    return planPrices({ lots: holdings.lots, baseCurrency, benchmarks, today });
  });
  const plan = unitePlans(plans);
  const prices = await openPrices(runSettings, priceOptions(flags, debug), io, clock, warn);
  const cachePath = prices.cache?.path;
  if (cachePath === undefined) {
    await prices.close();
    throw new UsageError('cache warm: the cache cannot be used (see the warning above)');
  }
  const started = monotonicMs();
  let data;
  try {
    data = await prices.service.load(plan);
  } finally {
    await prices.close();
  }
  for (const w of data.warnings) warn(w);
  const symbols = new Set([...data.quotes.keys(), ...data.histories.keys()]);
  if (flags.quiet === true) {
    // A cron run prints nothing unless something needs a look: what could not be warmed.
    if (data.unknown.size > 0) warn(`unknown to Yahoo: ${[...data.unknown].join(', ')}`);
    for (const [symbol, why] of data.unavailable) warn(`${symbol}: not available (${why})`);
  } else {
    const summary = {
      symbols,
      holdings: plan.holdings.length,
      benchmarks: plan.benchmarks.length,
      cachePath,
      ms: monotonicMs() - started,
    };
    io.stdout.write(warmSummary(summary, data, prices.stats.snapshot()));
  }
  // Nothing obtained at all (not live, not from the cache): a warm-up that warmed nothing fails.
  if (data.unavailable.size > 0 && symbols.size === 0) {
    throw new PriceUnavailableError(
      `cache warm: nothing could be fetched (${[...data.unavailable.values()][0] ?? 'no data'})`,
    );
  }
}

function warmSummary(
  run: { symbols: Set<string>; holdings: number; benchmarks: number; cachePath: string; ms: number },
  data: PriceData,
  s: RunStats,
): string {
  const fx = [...run.symbols].filter((x) => x.endsWith('=X')).length;
  return [
    `warmed ${run.symbols.size} symbols (${run.holdings} holdings, ${run.benchmarks} benchmarks, ${fx} FX pairs) into ${run.cachePath}`,
    `requests: ${s.requests.byKind.quote} quote, ${s.requests.byKind.chart} chart, ${s.requests.byKind.cookie + s.requests.byKind.crumb} cookie/crumb; already fresh: ${s.cache.quote.hits} quotes, ${s.cache.history.hits} histories`,
    ...(data.unknown.size > 0 ? [`unknown to Yahoo: ${[...data.unknown].join(', ')}`] : []),
    ...(data.unavailable.size > 0 ? [`not available: ${[...data.unavailable.keys()].join(', ')}`] : []),
    `took ${Math.round(run.ms)} ms`,
    '',
  ].join('\n');
}
