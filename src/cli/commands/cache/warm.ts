// `folio cache warm FILE`: fetch and cache everything a report of this file needs, so a later report
// (a cron entry after the close, a CI job) sends no request.
import { PriceUnavailableError, UsageError } from '../../../errors.js';
import { planPrices } from '../../../prices/plan.js';
import { type PriceFlags, loadHoldingsFile, makeWarn, priceOptions, settingsFrom } from '../../options.js';
import { type Io, createClock, isoToday, openPrices } from '../../runtime.js';

export async function warmCache(file: string, flags: PriceFlags, debug: boolean, io: Io): Promise<void> {
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
}
