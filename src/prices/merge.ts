// History merging: cached bars and newly fetched chart parts become one cache entry. Pure.
import { toEpochDay } from '../dates.js';
import type { Bar, IsoDate } from '../types.js';
import type { CachedHistory } from './store/cache.js';
import { dropUnclosedBar } from './freshness.js';
import type { YahooChart } from './yahoo/client.js';

/** Bars of `chart` replace those of `h` on the same dates; events are merged by date. */
export function mergeHistory(h: CachedHistory, chart: YahooChart, from: IsoDate, to: IsoDate): CachedHistory {
  const splits = new Map(h.splits.map((s) => [s.date, s]));
  for (const s of chart.splits) splits.set(s.date, s);
  const dividends = new Map(h.dividends.map((d) => [d.date, d]));
  for (const d of chart.dividends) dividends.set(d.date, d);
  const byDate = <T extends { date: string }>(a: T, b: T) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);
  return {
    ...h,
    from: from < h.from ? from : h.from,
    to: to > h.to ? to : h.to,
    bars: h.bars.mergedWith(chart.bars),
    splits: [...splits.values()].sort(byDate),
    dividends: [...dividends.values()].sort(byDate),
  };
}

/** True when the tail shows the cached adjusted closes are out of date (`h` ends with `lastBar`). */
export function tailChangesHistory(h: CachedHistory, tail: YahooChart, lastBar: Bar): boolean {
  const knownSplits = new Set(h.splits.map((s) => s.date));
  const knownDividends = new Set(h.dividends.map((d) => d.date));
  if (tail.splits.some((s) => !knownSplits.has(s.date))) return true;
  if (tail.dividends.some((d) => !knownDividends.has(d.date))) return true;
  const again = tail.bars.indexOf(toEpochDay(lastBar.date));
  if (again < 0) return false;
  const moved = (a: number, b: number) => Math.abs(a - b) > 1e-6 * Math.max(1, Math.abs(b));
  return (
    moved(tail.bars.close[again] as number, lastBar.close) ||
    moved(tail.bars.adjClose[again] as number, lastBar.adjClose)
  );
}

/**
 * The cache entry for a fetch at `now`: the whole `chart` when nothing was merged, else the `merged`
 * entry with the chart's newest meta (last price, market time, name). Only closed bars are kept.
 */
export function historyEntry(
  symbol: string,
  from: IsoDate,
  to: IsoDate,
  chart: YahooChart | undefined,
  merged: CachedHistory | undefined,
  now: number,
): CachedHistory {
  let h: CachedHistory;
  if (merged === undefined) {
    if (chart === undefined) throw new Error('internal: no chart to store');
    h = {
      symbol,
      currency: chart.currency,
      exchangeTimezone: chart.exchangeTimezone,
      from,
      to,
      fetchedAt: now,
      bars: chart.bars,
      splits: chart.splits,
      dividends: chart.dividends,
      name: chart.name,
      quoteType: chart.instrumentType === null ? null : chart.instrumentType.toUpperCase(),
      lastPrice: chart.regularMarketPrice,
      lastMarketTime: chart.regularMarketTime,
    };
  } else {
    h = {
      ...merged,
      fetchedAt: now,
      lastPrice: chart?.regularMarketPrice ?? merged.lastPrice,
      lastMarketTime: chart?.regularMarketTime ?? merged.lastMarketTime,
      name: chart?.name ?? merged.name,
    };
  }
  return { ...h, bars: dropUnclosedBar(h.bars, h.exchangeTimezone, h.quoteType, now) };
}

/** The warning for bars Yahoo sent without a close, or undefined when there were none. */
export function nullBarsWarning(symbol: string, chart: YahooChart): string | undefined {
  const n = chart.nullDates.length;
  if (n === 0) return undefined;
  const shown = `${chart.nullDates.slice(0, 3).join(', ')}${n > 3 ? ', ...' : ''}`;
  return `${symbol}: Yahoo sent ${n} bar(s) without a close (${shown}); the last close is carried forward`;
}
