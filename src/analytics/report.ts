// buildReport: holdings, prices and histories -> the whole Report, in named steps. Pure: the clock
// comes in as `generatedAt`, the report date from the data (or `--as-of`).
//
// The report has two halves. The holdings figures (value, cost, gains, day change, income, holdings,
// realized gains, closed positions) are defined on the calendar of the holdings and the first
// benchmark, so they never depend on another benchmark's trading dates and a terminal can print them
// before those histories arrive. The performance figures (series, TWR, risk, XIRR, benchmarks) are
// defined on the calendar of the holdings and every benchmark.
import { pricedHoldings } from './allocation.js';
import type { PricedHolding } from './allocation.js';
import { bookOn, openPositions } from './book.js';
import type { Book } from './book.js';
import { reportContext, timelineWith } from './context.js';
import type { ReportContext } from './context.js';
import { CONVENTIONS } from './conventions.js';
import { Diagnostics } from './diagnostics.js';
import { holdingsFigures } from './holdings-figures.js';
import type { AnalyticsInput, HoldingsFigures, Report } from './model.js';
import { performanceFigures } from './performance-figures.js';
import type { PerformanceFigures } from './performance-figures.js';
import type { Timeline } from './timeline.js';

/** The whole report: the holdings figures and the performance figures, each on its own calendar. */
export function buildReport(input: AnalyticsInput): Report {
  const context = reportContext(input);
  const ownBook = bookOn(context, timelineWith(context, firstOnly(input)));
  const holdings = holdingsFigures(context, ownBook);
  const performance = performanceFigures(context, wholeBook(context, ownBook));
  return joinHalves(context, holdings, performance);
}

/** The holdings figures alone: what a terminal prints first. */
export function buildHoldingsFigures(input: AnalyticsInput): HoldingsFigures {
  const context = reportContext(input);
  return holdingsFigures(context, bookOn(context, timelineWith(context, firstOnly(input))));
}

/** The open holdings priced today, for rebalancing: what allocation breaks down, with its warnings. */
export function buildPricedHoldings(input: AnalyticsInput): {
  asOf: string;
  holdings: PricedHolding[];
  warnings: string[];
} {
  const context = reportContext(input);
  const book = bookOn(context, timelineWith(context, firstOnly(input)));
  return {
    asOf: book.timeline.asOf,
    holdings: pricedHoldings(openPositions(context, book)),
    warnings: context.diagnostics.warnings,
  };
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

/**
 * The book on the calendar of every benchmark: the holdings' own book when the other benchmarks add no
 * trading date, else the positions again on the whole calendar (their new warnings and notes added).
 */
function wholeBook(context: ReportContext, ownBook: Book): Book {
  const timeline = timelineWith(context, context.input.benchmarks);
  if (sameCalendar(ownBook.timeline, timeline)) return ownBook;
  const whole = new Diagnostics();
  const book = bookOn({ ...context, diagnostics: whole }, timeline);
  context.diagnostics.addNew(whole);
  return book;
}

/** The second calendar contains the first; with the same asOf and length they are the same. */
function sameCalendar(a: Timeline, b: Timeline): boolean {
  return a.asOf === b.asOf && a.calendar.length === b.calendar.length;
}

function joinHalves(
  { input, diagnostics }: ReportContext,
  holdings: HoldingsFigures,
  performance: PerformanceFigures,
): Report {
  const h = holdings.summary;
  return {
    schemaVersion: 1,
    asOf: performance.asOf,
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
