// buildReport: holdings, prices and histories -> the whole Report, in named steps. Pure: the clock
// comes in as `generatedAt`, the report date from the data (or `--as-of`).
//
// The report has two halves. The holdings figures (value, cost, gains, day change, income, holdings,
// realized gains, closed positions) are defined on the calendar of the holdings and the first
// benchmark, so they never depend on another benchmark's trading dates and a terminal can print them
// before those histories arrive. The performance figures (series, TWR, risk, XIRR, benchmarks) are
// defined on the calendar of the holdings and every benchmark.
import { allocation, pricedHoldings, targetDrift } from './allocation.js';
import type { PricedHolding } from './allocation.js';
import { Diagnostics } from './diagnostics.js';
import { benchmarkLevels, compareBenchmarks, rebasedBenchmarks } from './comparison.js';
import { CONVENTIONS } from './conventions.js';
import { FxTable } from './fx.js';
import type {
  AnalyticsInput,
  BenchmarkRow,
  HoldingsFigures,
  PerformanceSummary,
  Report,
  Series,
} from './model.js';
import { betaAgainst, portfolioSeries, portfolioXirr, riskWindow } from './performance.js';
import { bookPositions } from './positions.js';
import type { Position } from './positions.js';
import { priceSymbols } from './pricing.js';
import type { PricedSymbol } from './pricing.js';
import { annualize } from './returns.js';
import { bestWorstDay, drawdownSeries, maxDrawdown, sharpe, sortino, volatility } from './risk.js';
import { holdingRows } from './rows.js';
import { selectScope } from './scope.js';
import type { Scope } from './scope.js';
import { sumOrNull } from './sum.js';
import { portfolioDays, reportTimeline } from './timeline.js';
import type { Timeline } from './timeline.js';
import { pct, portfolioTotals, priceFreshness, stalePriceCount } from './totals.js';

/** Drifts beyond 5 percentage points are flagged unless `--drift-band` says otherwise. */
export const DEFAULT_DRIFT_BAND = 0.05;

export interface PerformanceFigures {
  asOf: string;
  summary: PerformanceSummary;
  benchmarks: BenchmarkRow[];
  series: Series;
  notes: string[];
  warnings: string[];
}

/** The whole report: the holdings figures and the performance figures, each on its own calendar. */
export function buildReport(input: AnalyticsInput): Report {
  const diagnostics = new Diagnostics();
  const scope = selectScope(input, diagnostics);
  const fx = new FxTable(input.baseCurrency, scope.lookups, input.quotes);
  const holdingDays = portfolioDays(scope);
  const ownBook = book(
    input,
    scope,
    fx,
    reportTimeline(input, scope, holdingDays, firstOnly(input)),
    diagnostics,
  );
  const holdings = holdingsFigures(input, scope, fx, ownBook, diagnostics);
  const timeline = reportTimeline(input, scope, holdingDays, input.benchmarks);
  let wholeBook = ownBook;
  if (!sameCalendar(ownBook.timeline, timeline)) {
    // Other benchmarks add trading dates: the positions again on the whole calendar for the series.
    const whole = new Diagnostics();
    wholeBook = book(input, scope, fx, timeline, whole);
    diagnostics.addNew(whole);
  }
  const performance = performanceFigures(input, scope, fx, wholeBook, diagnostics);
  const h = holdings.summary;
  return {
    schemaVersion: 1,
    asOf: timeline.asOf,
    generatedAt: holdings.generatedAt,
    baseCurrency: input.baseCurrency,
    conventions: [...CONVENTIONS],
    summary: {
      marketValue: h.marketValue,
      costBasis: h.costBasis,
      unrealizedGain: h.unrealizedGain,
      unrealizedGainPct: h.unrealizedGainPct,
      dayChange: h.dayChange,
      dayChangePct: h.dayChangePct,
      ...performance.summary,
      holdingsCount: h.holdingsCount,
      realizedGain: h.realizedGain,
      income: h.income,
      stalePrices: h.stalePrices,
      prices: h.prices,
      coverage: h.coverage,
      ...(holdings.targets === undefined ? {} : { drift: holdings.targets.maxDrift }),
    },
    holdings: holdings.holdings,
    benchmarks: performance.benchmarks,
    series: performance.series,
    notes: diagnostics.notes,
    warnings: diagnostics.warnings,
    realized: holdings.realized,
    closedPositions: holdings.closedPositions,
    ...(holdings.allocation === undefined ? {} : { allocation: holdings.allocation }),
    ...(holdings.targets === undefined ? {} : { targets: holdings.targets }),
  };
}

/** The holdings figures alone: what a terminal prints first. */
export function buildHoldingsFigures(input: AnalyticsInput): HoldingsFigures {
  const diagnostics = new Diagnostics();
  const scope = selectScope(input, diagnostics);
  const fx = new FxTable(input.baseCurrency, scope.lookups, input.quotes);
  const timeline = reportTimeline(input, scope, portfolioDays(scope), firstOnly(input));
  return holdingsFigures(input, scope, fx, book(input, scope, fx, timeline, diagnostics), diagnostics);
}

/** The performance figures alone, on the calendar of the holdings and every benchmark. */
export function buildPerformanceFigures(input: AnalyticsInput): PerformanceFigures {
  const diagnostics = new Diagnostics();
  const scope = selectScope(input, diagnostics);
  const fx = new FxTable(input.baseCurrency, scope.lookups, input.quotes);
  const timeline = reportTimeline(input, scope, portfolioDays(scope), input.benchmarks);
  return performanceFigures(input, scope, fx, book(input, scope, fx, timeline, diagnostics), diagnostics);
}

/** The open holdings priced today, for rebalancing: what allocation breaks down, with its warnings. */
export function buildPricedHoldings(input: AnalyticsInput): {
  asOf: string;
  holdings: PricedHolding[];
  warnings: string[];
} {
  const diagnostics = new Diagnostics();
  const scope = selectScope(input, diagnostics);
  const fx = new FxTable(input.baseCurrency, scope.lookups, input.quotes);
  const timeline = reportTimeline(input, scope, portfolioDays(scope), firstOnly(input));
  const { positions } = book(input, scope, fx, timeline, diagnostics);
  const open = positions.filter((p) => scope.openSymbols.has(p.priced.symbol));
  return { asOf: timeline.asOf, holdings: pricedHoldings(open), warnings: diagnostics.warnings };
}

/**
 * The benchmarks the holdings figures do without: all but the first, unless also held. The holdings
 * figures need every holding's history (split events, closes), every FX pair's (costs at purchase
 * dates) and the first benchmark's (vsBenchmark); a terminal prints them before these arrive.
 */
export function laterBenchmarks(input: Pick<AnalyticsInput, 'lots' | 'benchmarks'>): Set<string> {
  const needed = new Set([...input.lots.map((l) => l.symbol), ...input.benchmarks.slice(0, 1)]);
  return new Set(input.benchmarks.filter((b) => !needed.has(b)));
}

function firstOnly(input: AnalyticsInput): string[] {
  return input.benchmarks.slice(0, 1);
}

/** The second calendar contains the first; with the same asOf and length they are the same. */
function sameCalendar(a: Timeline, b: Timeline): boolean {
  return a.asOf === b.asOf && a.calendar.length === b.calendar.length;
}

/** Prices and positions of every symbol on one calendar. */
interface Book {
  timeline: Timeline;
  priced: PricedSymbol[];
  positions: Position[];
}

function book(
  input: AnalyticsInput,
  scope: Scope,
  fx: FxTable,
  timeline: Timeline,
  diagnostics: Diagnostics,
): Book {
  const priced = priceSymbols(input, scope, timeline, fx, diagnostics);
  const context = { timeline, fx, lookups: scope.lookups, costMethod: input.costMethod ?? 'fifo' } as const;
  return { timeline, priced, positions: bookPositions(priced, scope, context, diagnostics) };
}

function holdingsFigures(
  input: AnalyticsInput,
  scope: Scope,
  fx: FxTable,
  { timeline, priced, positions }: Book,
  diagnostics: Diagnostics,
): HoldingsFigures {
  const open = positions.filter((p) => scope.openSymbols.has(p.priced.symbol));
  const totals = portfolioTotals(
    open.filter((p) => p.priced.inTotals),
    diagnostics,
  );
  const first = input.benchmarks[0];
  const levels = first === undefined ? undefined : benchmarkLevels(first, input, scope, fx, timeline);
  const holdings = holdingRows(
    open,
    totals.marketValue,
    timeline.calendar.length,
    timeline.asOfIndex,
    levels?.ok === true ? levels.levels : undefined,
  );
  const realized = positions.flatMap((p) => (p.realized === undefined ? [] : [p.realized]));
  const prices = priceFreshness(priced);
  const allocated = pricedHoldings(open);
  // A holding without a price is named once, by the pricing step's warning ("excluded from totals").
  return {
    asOf: timeline.asOf,
    generatedAt: new Date(input.generatedAt).toISOString(),
    baseCurrency: input.baseCurrency,
    benchmark: first ?? null,
    summary: {
      marketValue: totals.marketValue,
      costBasis: totals.costBasis,
      unrealizedGain: totals.unrealizedGain,
      unrealizedGainPct: pct(totals.unrealizedGain, totals.costBasis),
      dayChange: totals.dayChange,
      dayChangePct: pct(totals.dayChange, totals.dayBase),
      holdingsCount: holdings.length,
      realizedGain: sumOrNull(realized.map((r) => r.gain)),
      income: sumOrNull(realized.map((r) => r.income)),
      stalePrices: stalePriceCount(priced, prices),
      prices,
      coverage: {
        priced: open.filter((p) => p.priced.inTotals).length,
        total: open.length,
        missing: open
          .filter((p) => !p.priced.inTotals)
          .map((p) => ({ symbol: p.priced.symbol, reason: p.priced.missingReason ?? 'no price' })),
      },
    },
    holdings,
    realized,
    closedPositions: positions.flatMap((p) => (p.closed === undefined ? [] : [p.closed])),
    allocation: allocation(allocated),
    ...(input.targets === undefined
      ? {}
      : { targets: targetDrift(allocated, input.targets, input.driftBand ?? DEFAULT_DRIFT_BAND) }),
    notes: diagnostics.notes,
    warnings: diagnostics.warnings,
  };
}

function performanceFigures(
  input: AnalyticsInput,
  scope: Scope,
  fx: FxTable,
  { timeline, positions }: Book,
  diagnostics: Diagnostics,
): PerformanceFigures {
  const { asOf, asOfIndex } = timeline;
  const series = portfolioSeries(positions, timeline);
  const window = riskWindow(series, timeline, input.period);
  const xirr = portfolioXirr(positions, asOf, diagnostics);
  const comparison = compareBenchmarks(
    input,
    scope,
    fx,
    timeline,
    positions,
    series.firstHeld,
    xirr,
    diagnostics,
  );
  const first = input.benchmarks[0];
  const { beta, correlation } = betaAgainst(
    first === undefined ? undefined : comparison.levels.get(first),
    series,
    window,
    asOfIndex,
  );
  const dd = maxDrawdown(window.chartDates, window.chartIndex);
  const bw = bestWorstDay(window.dates, window.returns);
  return {
    asOf,
    summary: {
      xirr: xirr.rate,
      twr: window.twr,
      twrAnnualized:
        window.twr === null || window.periodStart === null
          ? null
          : annualize(window.twr, window.periodStart, asOf),
      volatility: volatility(window.returns),
      sharpe: sharpe(window.returns, input.riskFreeRate),
      sortino: sortino(window.returns, input.riskFreeRate),
      maxDrawdown: dd?.maxDrawdown ?? null,
      maxDrawdownPeak: dd?.peak ?? null,
      maxDrawdownTrough: dd?.trough ?? null,
      maxDrawdownRecovery: dd?.recovery ?? null,
      beta,
      correlation,
      bestDay: bw.best,
      worstDay: bw.worst,
      period: { key: input.period, start: window.periodStart, end: asOf },
      periodReturns: series.periodReturns,
    },
    benchmarks: comparison.rows,
    series: {
      dates: window.chartDates,
      value: window.windowFrom < 0 ? [] : series.values.slice(window.chartFrom, asOfIndex + 1),
      index: window.chartIndex,
      drawdown: drawdownSeries(window.chartIndex),
      benchmarks: rebasedBenchmarks(comparison.levels, window, timeline, diagnostics),
      portfolioRebased: window.chartIndex.map((v) => 100 * v),
    },
    notes: diagnostics.notes,
    warnings: diagnostics.warnings,
  };
}
