// Risk statistics of a daily return series (252 trading days a year).
import type { IsoDate } from '../types.js';
import type { DatedReturn } from './model.js';
import { neumaierSum } from './sum.js';

const TRADING_DAYS = 252;

function mean(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : neumaierSum(xs) / xs.length;
}

/** Sample standard deviation (n - 1); null with fewer than two values. */
function sampleStdDev(xs: readonly number[]): number | null {
  const m = mean(xs);
  if (m === null || xs.length < 2) return null;
  return Math.sqrt(neumaierSum(xs.map((x) => (x - m) ** 2)) / (xs.length - 1));
}

/** Daily risk-free rate from an annual one: (1 + rf)^(1/252) - 1. */
export function dailyRiskFree(annual: number): number {
  return Math.pow(1 + annual, 1 / TRADING_DAYS) - 1;
}

export function volatility(returns: readonly number[]): number | null {
  const sd = sampleStdDev(returns);
  return sd === null ? null : sd * Math.sqrt(TRADING_DAYS);
}

export function sharpe(returns: readonly number[], annualRiskFree: number): number | null {
  const rf = dailyRiskFree(annualRiskFree);
  const excess = returns.map((r) => r - rf);
  const m = mean(excess);
  const sd = sampleStdDev(excess);
  if (m === null || sd === null || !(sd > 0)) return null;
  return (m / sd) * Math.sqrt(TRADING_DAYS);
}

/** Downside deviation over ALL days (N), counting only days below the daily risk-free rate. */
export function sortino(returns: readonly number[], annualRiskFree: number): number | null {
  const rf = dailyRiskFree(annualRiskFree);
  const excess = returns.map((r) => r - rf);
  const m = mean(excess);
  if (m === null) return null;
  const downside = Math.sqrt(neumaierSum(excess.filter((x) => x < 0).map((x) => x * x)) / excess.length);
  if (!(downside > 0)) return null;
  return (m / downside) * Math.sqrt(TRADING_DAYS);
}

export interface Drawdown {
  maxDrawdown: number;
  peak: IsoDate | null;
  trough: IsoDate | null;
  recovery: IsoDate | null;
}

/**
 * Max drawdown of an index whose first point is the window's start (level 1):
 * min over t of I_t / max(1, running max) - 1. Peak is the first date the running max was reached;
 * recovery the first date after the trough back at or above the peak (null if none).
 * With no decline: 0 and null dates.
 */
export function maxDrawdown(dates: readonly IsoDate[], index: readonly number[]): Drawdown | null {
  if (index.length === 0) return null;
  let peakValue = 1;
  let peakDate: IsoDate | null = dates[0] ?? null;
  let worst = 0;
  let worstPeakDate: IsoDate | null = null;
  let worstPeakValue = 1;
  let troughIndex = -1;
  for (let i = 0; i < index.length; i++) {
    const v = index[i] as number;
    if (v > peakValue) {
      peakValue = v;
      peakDate = dates[i] ?? null;
    }
    const dd = v / peakValue - 1;
    if (dd < worst) {
      worst = dd;
      worstPeakDate = peakDate;
      worstPeakValue = peakValue;
      troughIndex = i;
    }
  }
  if (troughIndex < 0) return { maxDrawdown: 0, peak: null, trough: null, recovery: null };
  let recovery: IsoDate | null = null;
  for (let i = troughIndex + 1; i < index.length; i++) {
    if ((index[i] as number) >= worstPeakValue * (1 - 1e-12)) {
      recovery = dates[i] ?? null;
      break;
    }
  }
  return { maxDrawdown: worst, peak: worstPeakDate, trough: dates[troughIndex] ?? null, recovery };
}

/** Drawdown of each point from max(1, running max). */
export function drawdownSeries(index: readonly number[]): number[] {
  let peak = 1;
  return index.map((v) => {
    peak = Math.max(peak, v);
    return v / peak - 1;
  });
}

/** Beta (sample covariance / sample variance of b) and Pearson correlation of paired returns. */
export function betaCorrelation(
  r: readonly number[],
  b: readonly number[],
): { beta: number | null; correlation: number | null } {
  const n = Math.min(r.length, b.length);
  if (n < 2) return { beta: null, correlation: null };
  const mr = neumaierSum(r.slice(0, n)) / n;
  const mb = neumaierSum(b.slice(0, n)) / n;
  const cov = new Array<number>(n);
  const vr = new Array<number>(n);
  const vb = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const dr = (r[i] as number) - mr;
    const db = (b[i] as number) - mb;
    cov[i] = dr * db;
    vr[i] = dr * dr;
    vb[i] = db * db;
  }
  const sCov = neumaierSum(cov) / (n - 1);
  const sVr = neumaierSum(vr) / (n - 1);
  const sVb = neumaierSum(vb) / (n - 1);
  return {
    beta: sVb > 0 ? sCov / sVb : null,
    correlation: sVb > 0 && sVr > 0 ? sCov / Math.sqrt(sVr * sVb) : null,
  };
}

/** Best and worst daily return (first occurrence on ties). */
export function bestWorstDay(
  dates: readonly IsoDate[],
  returns: readonly number[],
): { best: DatedReturn | null; worst: DatedReturn | null } {
  let best: DatedReturn | null = null;
  let worst: DatedReturn | null = null;
  for (let i = 0; i < returns.length; i++) {
    const r = returns[i] as number;
    const date = dates[i] as IsoDate;
    if (best === null || r > best.return) best = { date, return: r };
    if (worst === null || r < worst.return) worst = { date, return: r };
  }
  return { best, worst };
}
