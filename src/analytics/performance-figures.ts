// The performance figures: the value series, TWR, risk, XIRR, beta and the benchmark comparison.
// Defined on the calendar of the holdings and every benchmark.
import type { Book } from './book.js';
import { compareBenchmarks, rebasedBenchmarks } from './comparison.js';
import type { ReportContext } from './context.js';
import type { BenchmarkRow, PerformanceSummary, Series } from './model.js';
import { betaAgainst, portfolioSeries, portfolioXirr, riskWindow } from './performance.js';
import { annualize } from './returns.js';
import { bestWorstDay, drawdownSeries, maxDrawdown, sharpe, sortino, volatility } from './risk.js';

export interface PerformanceFigures {
  asOf: string;
  summary: PerformanceSummary;
  benchmarks: BenchmarkRow[];
  series: Series;
}

export function performanceFigures(context: ReportContext, book: Book): PerformanceFigures {
  const { input, diagnostics } = context;
  const { timeline, positions } = book;
  const { asOf, asOfIndex } = timeline;
  const series = portfolioSeries(book);
  const window = riskWindow(series, timeline, input.period);
  const xirr = portfolioXirr(positions, asOf, diagnostics);
  const comparison = compareBenchmarks({
    ...context,
    timeline,
    positions,
    firstHeld: series.firstHeld,
    xirr,
  });
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
  };
}
