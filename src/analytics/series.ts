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
  /**
   * Sales out of this lot (issue 8): `shares` leave at the end of day `index` (not in V from that day
   * on) and `cash` (proceeds, base) counts in O at `index`. Dividends received are exits of 0 shares.
   */
  exits?: readonly { index: number; shares: number; cash: number }[];
}

export interface ValueSeries {
  values: number[];
  flows: number[];
  /** O_t: proceeds and dividends of day t (all 0 for a file of only buys). */
  outflows: number[];
}

/**
 * V_t = sum over lots held at the end of t of shares x close x fx; F_t = cost of lots entering on t;
 * O_t = cash that left on t (sales, dividends).
 */
export function portfolioValues(length: number, lots: readonly SeriesLot[]): ValueSeries {
  const v = Array.from({ length }, () => new NeumaierSum());
  const f = Array.from({ length }, () => new NeumaierSum());
  const o = Array.from({ length }, () => new NeumaierSum());
  for (const lot of lots) {
    if (lot.entryIndex < 0 || lot.entryIndex >= length) continue;
    f[lot.entryIndex]?.add(lot.costInBase);
    const exits = [...(lot.exits ?? [])].sort((a, b) => a.index - b.index);
    let next = 0;
    let held = lot.shares;
    for (let t = lot.entryIndex; t < length; t++) {
      while (next < exits.length && (exits[next] as { index: number }).index <= t) {
        const exit = exits[next] as { shares: number; cash: number };
        held -= exit.shares;
        o[t]?.add(exit.cash);
        next++;
      }
      const u = lot.unitValues[t];
      // `lot.shares * u` untouched for a lot never sold, so a file of only buys sums exactly as before.
      if (u !== null && u !== undefined && held > 0) v[t]?.add((next === 0 ? lot.shares : held) * u);
    }
  }
  return { values: v.map((s) => s.value), flows: f.map((s) => s.value), outflows: o.map((s) => s.value) };
}

/** Cumulative index from daily returns: 1 before the first return, then product of (1 + r). */
export function chainIndex(returns: readonly (number | null)[]): number[] {
  let level = 1;
  return returns.map((r) => (level *= 1 + (r ?? 0)));
}
