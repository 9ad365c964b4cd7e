// The benchmark ETFs against the portfolio: each one's adjusted closes in the base currency on the
// report calendar, its period returns, the same cash flows invested in it, and the chart series
// rebased to 100 at period.start.
import { nullWhereNaN } from './calendar.js';
import type { Diagnostics } from './diagnostics.js';
import { sameCashFlows } from './benchmarks.js';
import type { CalendarContext } from './context.js';
import type { BenchmarkRow, SameCashFlows } from './model.js';
import { nullReturns } from './performance.js';
import type { PortfolioXirr, RiskWindow } from './performance.js';
import type { Position } from './positions.js';
import { periodReturnsFromLevels } from './returns.js';
import type { Timeline } from './timeline.js';

export type BenchmarkLevels =
  | { ok: true; levels: (number | null)[] }
  | { ok: false; reason: 'no history' | 'no fx'; currency: string };

/** A benchmark's adjusted closes x the same date's FX on every calendar date. */
export function benchmarkLevels(
  symbol: string,
  { input, scope, fx, timeline }: Omit<CalendarContext, 'diagnostics'>,
): BenchmarkLevels {
  const lookup = scope.lookups.get(symbol);
  const currency =
    scope.histories.get(symbol)?.currency ?? input.quotes.get(symbol)?.currency ?? input.baseCurrency;
  if (lookup === undefined) return { ok: false, reason: 'no history', currency };
  if (!fx.hasHistory(currency)) return { ok: false, reason: 'no fx', currency };
  const rates = fx.ratesOn(currency, timeline.calendarDays);
  const levels = nullWhereNaN(lookup.onCalendar(timeline.calendarDays, true, rates));
  // One day, one value: at asOf a benchmark is priced like a holding (pricing.ts): today its quote at
  // the FX quote, not its last close at the last FX close, so its returns and same cash flows end on
  // the prices the portfolio's value uses. With --as-of in the past both are that date's closes.
  const at = timeline.asOfIndex;
  const rateNow = timeline.past || at < 0 ? null : fx.rateNow(currency, timeline.asOf);
  const last = levels[at] ?? null;
  if (rateNow !== null && last !== null) {
    const adjusted = last / (rates[at] as number); // the adjusted close in force at asOf
    const close = lookup.closeAt(timeline.asOf);
    const quote = input.quotes.get(symbol);
    // The quote is a raw price: it takes the adjustment of the close in force (1 unless a dividend
    // goes ex after it), so the level stays on the adjusted scale of the days before.
    const price =
      quote !== undefined && quote.currency === currency && quote.price > 0 && close !== null && close > 0
        ? quote.price * (adjusted / close)
        : adjusted;
    levels[at] = price * rateNow;
  }
  return { ok: true, levels };
}

export interface Comparison {
  rows: BenchmarkRow[];
  /** Levels of the benchmarks that have them, by symbol, in benchmark order. */
  levels: Map<string, (number | null)[]>;
}

/** The portfolio's positions and figures each benchmark is compared with. */
export interface ComparedPortfolio {
  positions: readonly Position[];
  /** Calendar index of the portfolio's first held date (-1: none). */
  firstHeld: number;
  xirr: PortfolioXirr;
}

export function compareBenchmarks(onCalendar: CalendarContext & ComparedPortfolio): Comparison {
  const { input, fx, timeline, positions, firstHeld, xirr, diagnostics } = onCalendar;
  const { calendar, asOfIndex } = timeline;
  const levels = new Map<string, (number | null)[]>();
  const flowLots = positions.flatMap((p) => p.flowLots);
  const flowSales = positions.flatMap((p) => p.flowSales);
  const rows = input.benchmarks.map((symbol): BenchmarkRow => {
    const name = input.quotes.get(symbol)?.name ?? null;
    const found = benchmarkLevels(symbol, onCalendar);
    if (!found.ok) {
      diagnostics.warn(
        found.reason === 'no history'
          ? `no price history for benchmark ${symbol}: no comparison`
          : `no FX history for ${fx.pairFor(found.currency) ?? found.currency}: benchmark ${symbol} not compared`,
      );
      return { symbol, name, periodReturns: nullReturns(), sameCashFlows: null };
    }
    const lv = found.levels;
    levels.set(symbol, lv);
    // Inception: from the close on the trading date before the portfolio's first held date.
    const beforeFirst = firstHeld >= 1 ? (lv[firstHeld - 1] ?? null) : null;
    const end = lv[asOfIndex] ?? null;
    const inc = beforeFirst === null || end === null || !(beforeFirst > 0) ? null : end / beforeFirst - 1;
    let scf: SameCashFlows | null = null;
    if (flowLots.length > 0) {
      const r = sameCashFlows({
        lots: flowLots,
        levels: lv,
        calendar,
        asOfIndex,
        portfolio: { value: xirr.eligibleValue, xirr: xirr.rate },
        sales: flowSales,
      });
      if (r.ok) {
        scf = r.value;
        if (r.xirrReason !== null)
          diagnostics.warn(`benchmark ${symbol}: XIRR of the same cash flows not available: ${r.xirrReason}`);
      } else diagnostics.warn(`benchmark ${symbol}: no same-cash-flows comparison: ${r.reason}`);
    }
    return {
      symbol,
      name,
      periodReturns: periodReturnsFromLevels(calendar, lv, asOfIndex, inc),
      sameCashFlows: scf,
    };
  });
  return { rows, levels };
}

/** Each benchmark rebased to 100 at the chart's first date (left out, with a warning, without a close there). */
export function rebasedBenchmarks(
  levels: ReadonlyMap<string, readonly (number | null)[]>,
  window: RiskWindow,
  timeline: Timeline,
  diagnostics: Diagnostics,
): Record<string, number[]> {
  const { chartFrom, chartDates } = window;
  const rebased: Record<string, number[]> = {};
  for (const [symbol, lv] of levels) {
    const baseLevel = chartFrom >= 0 ? (lv[chartFrom] ?? null) : null;
    if (chartDates.length === 0) continue;
    if (baseLevel === null || !(baseLevel > 0)) {
      diagnostics.warn(
        `benchmark ${symbol}: no close on ${timeline.calendar[chartFrom] ?? timeline.asOf}: left out of the chart`,
      );
      continue;
    }
    rebased[symbol] = lv
      .slice(chartFrom, timeline.asOfIndex + 1)
      .map((v) => (100 * (v ?? baseLevel)) / baseLevel);
  }
  return rebased;
}
