// Performance of the portfolio on the report calendar: the daily value series and returns, the risk
// window (period.start to asOf), TWR, drawdown, best and worst day, XIRR and beta.
import type { IsoDate } from '../types.js';
import type { Book } from './book.js';
import { levelReturns } from './benchmarks.js';
import { lastIndexOnOrBefore } from '../dates.js';
import type { Diagnostics } from './diagnostics.js';
import type { PeriodKey, PeriodReturns } from './model.js';
import { PERIOD_RETURN_KEYS } from './model.js';
import type { Position } from './positions.js';
import { baseDate, dailyReturns, periodReturnsFromLevels } from './returns.js';
import { betaCorrelation } from './risk.js';
import { chainIndex } from './series.js';
import { neumaierSum } from './sum.js';
import type { Timeline } from './timeline.js';
import { xirr } from './xirr.js';

export interface PortfolioSeries {
  /** V_t on every calendar date. */
  values: number[];
  /** r_t (null before the first held date). */
  returns: (number | null)[];
  /** Chained index of the returns. */
  index: number[];
  /** Calendar index of the first held date; -1 when no lot is in the history figures. */
  firstHeld: number;
  periodReturns: PeriodReturns;
}

export function nullReturns(): PeriodReturns {
  const out = {} as PeriodReturns;
  for (const k of PERIOD_RETURN_KEYS) out[k] = null;
  return out;
}

export function portfolioSeries({ positions, timeline, series }: Book): PortfolioSeries {
  const { calendar, asOfIndex } = timeline;
  const { values, flows, outflows } = series.series;
  const returns = dailyReturns(values, flows, outflows);
  const index = chainIndex(returns);
  let firstHeld = Infinity;
  for (const p of positions) for (const l of p.seriesLots) firstHeld = Math.min(firstHeld, l.entryIndex);
  if (firstHeld === Infinity) firstHeld = -1;
  // Levels exist from the trading date before the first held date (index 1 there).
  const levels: (number | null)[] = index.map((v, t) =>
    firstHeld >= 0 && t >= firstHeld - 1 ? (t < firstHeld ? 1 : v) : null,
  );
  const inception = firstHeld >= 0 && asOfIndex >= 0 ? index[asOfIndex]! - 1 : null;
  const periodReturns =
    firstHeld < 0 ? nullReturns() : periodReturnsFromLevels(calendar, levels, asOfIndex, inception);
  return { values, returns, index, firstHeld, periodReturns };
}

export interface RiskWindow {
  /** period.start's calendar index (-1: none before the first held date). */
  startIndex: number;
  /** Calendar index of the first counted return (-1: none). */
  windowFrom: number;
  periodStart: IsoDate | null;
  /** The counted days and their returns. */
  dates: IsoDate[];
  returns: number[];
  /** Chart points: period.start (level 1), then each counted day. */
  chartFrom: number;
  chartDates: IsoDate[];
  chartIndex: number[];
  /** TWR over the window; null without one. */
  twr: number | null;
}

/**
 * period.start is the last trading date on or before asOf minus the period; when the portfolio's first
 * held date is later, the window starts there and period.start is the trading date before it.
 */
export function riskWindow(series: PortfolioSeries, timeline: Timeline, period: PeriodKey): RiskWindow {
  const { calendar, asOf, asOfIndex } = timeline;
  const { firstHeld, index } = series;
  let startIndex = -1;
  let windowFrom = -1;
  if (firstHeld >= 0) {
    const b = period === 'max' ? null : baseDate(calendar, asOf, period);
    const bIndex = b === null ? -1 : lastIndexOnOrBefore(calendar, b);
    if (b === null || bIndex <= firstHeld - 1) {
      startIndex = firstHeld - 1;
      windowFrom = firstHeld;
    } else {
      startIndex = bIndex;
      windowFrom = bIndex + 1;
    }
  }
  const startLevel = startIndex >= 0 ? index[startIndex]! : 1;
  const chartFrom = startIndex >= 0 ? startIndex : windowFrom;
  const chartIndex = windowFrom < 0 ? [] : index.slice(chartFrom, asOfIndex + 1).map((v) => v / startLevel);
  return {
    startIndex,
    windowFrom,
    periodStart: startIndex >= 0 ? calendar[startIndex]! : null,
    dates: windowFrom < 0 ? [] : calendar.slice(windowFrom, asOfIndex + 1),
    returns: windowFrom < 0 ? [] : series.returns.slice(windowFrom, asOfIndex + 1).map((r) => r ?? 0),
    chartFrom,
    chartDates: windowFrom < 0 ? [] : calendar.slice(chartFrom, asOfIndex + 1),
    chartIndex,
    twr: windowFrom < 0 ? null : (chartIndex[chartIndex.length - 1] ?? 1) - 1,
  };
}

export interface PortfolioXirr {
  rate: number | null;
  /** Value today of the dated, costed lots (the XIRR's final flow). */
  eligibleValue: number;
}

/** XIRR of the dated, costed lots: buys negative, sales and dividends positive, the value held on asOf. */
export function portfolioXirr(
  positions: readonly Position[],
  asOf: IsoDate,
  diagnostics: Diagnostics,
): PortfolioXirr {
  const flowLots = positions.flatMap((p) => p.flowLots);
  const eligibleValue = neumaierSum(flowLots.map((l) => l.marketValue));
  if (flowLots.length === 0) return { rate: null, eligibleValue };
  const x = xirr([
    ...flowLots.map((l) => ({ date: l.date, amount: -l.costInBase })),
    ...positions.flatMap((p) => p.flowSales).map((f) => ({ date: f.date, amount: f.amount })),
    ...positions.flatMap((p) => p.flowDividends),
    { date: asOf, amount: eligibleValue },
  ]);
  if (x.rate === null) diagnostics.warn(`XIRR not available: ${x.reason}`);
  return { rate: x.rate, eligibleValue };
}

/** Beta and correlation against the first benchmark's daily returns over the window's days. */
export function betaAgainst(
  levels: readonly (number | null)[] | undefined,
  series: PortfolioSeries,
  window: RiskWindow,
  asOfIndex: number,
): { beta: number | null; correlation: number | null } {
  if (levels === undefined || window.windowFrom < 0) return { beta: null, correlation: null };
  const br = levelReturns(levels);
  const rs: number[] = [];
  const bs: number[] = [];
  for (let t = window.windowFrom; t <= asOfIndex; t++) {
    const b = br[t] ?? null;
    const r = series.returns[t] ?? null;
    if (b !== null && r !== null) {
      rs.push(r);
      bs.push(b);
    }
  }
  return betaCorrelation(rs, bs);
}
