// Daily portfolio value V_t and purchase flows F_t on the union calendar.
import { NeumaierSum } from './sum.js';

export interface SeriesLot {
  /** Calendar index of the first day the lot is held (its flow day). */
  entryIndex: number;
  /** Split-adjusted shares. */
  shares: number;
  costInBase: number;
  /** Base-currency value of one share on each calendar date (close x fx), null where unknown. */
  unitValues: readonly (number | null)[];
}

export interface ValueSeries {
  values: number[];
  flows: number[];
}

/** V_t = sum over lots held on t of shares x close x fx; F_t = cost of lots entering on t. */
export function portfolioValues(length: number, lots: readonly SeriesLot[]): ValueSeries {
  const v = Array.from({ length }, () => new NeumaierSum());
  const f = Array.from({ length }, () => new NeumaierSum());
  for (const lot of lots) {
    if (lot.entryIndex < 0 || lot.entryIndex >= length) continue;
    f[lot.entryIndex]?.add(lot.costInBase);
    for (let t = lot.entryIndex; t < length; t++) {
      const u = lot.unitValues[t];
      if (u !== null && u !== undefined) v[t]?.add(lot.shares * u);
    }
  }
  return { values: v.map((s) => s.value), flows: f.map((s) => s.value) };
}

/** Cumulative index from daily returns: 1 before the first return, then product of (1 + r). */
export function chainIndex(returns: readonly (number | null)[]): number[] {
  let level = 1;
  return returns.map((r) => (level *= 1 + (r ?? 0)));
}
