// Daily portfolio value V_t and purchase flows F_t on the union calendar.

export interface SeriesLot {
  /** Calendar index of the first day the lot is held (its flow day). */
  entryIndex: number;
  /** Split-adjusted shares. */
  shares: number;
  costInBase: number;
  /** Base-currency value of one share on each calendar date (close x fx), NaN where unknown. */
  unitValues: Float64Array;
  /**
   * Sales out of this lot: `shares` leave at the end of day `index` (not in V from that day
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
  // Neumaier sums per day in flat arrays (sum, compensation) rather than one object per day, and the
  // hot V term inlined: the same additions in the same order, so the same results, without ~3 x length
  // allocations per call.
  const vSum = new Float64Array(length);
  const vComp = new Float64Array(length);
  const f = new DaySums(length);
  const o = new DaySums(length);
  for (const lot of lots) {
    if (lot.entryIndex < 0 || lot.entryIndex >= length) continue;
    f.add(lot.entryIndex, lot.costInBase);
    const exits = lot.exits === undefined ? [] : [...lot.exits].sort((a, b) => a.index - b.index);
    const unitValues = lot.unitValues;
    let next = 0;
    let held = lot.shares;
    for (let t = lot.entryIndex; t < length; t++) {
      while (next < exits.length && (exits[next] as { index: number }).index <= t) {
        const exit = exits[next] as { shares: number; cash: number };
        held -= exit.shares;
        o.add(t, exit.cash);
        next++;
      }
      const u = unitValues[t] as number;
      // `lot.shares * u` untouched for a lot never sold, so a file of only buys sums the plain products.
      if (!Number.isNaN(u) && held > 0) {
        const x = (next === 0 ? lot.shares : held) * u;
        const sum = vSum[t] as number;
        const sumNext = sum + x;
        vComp[t] =
          (vComp[t] as number) + (Math.abs(sum) >= Math.abs(x) ? sum - sumNext + x : x - sumNext + sum);
        vSum[t] = sumNext;
      }
    }
  }
  const values = new Array<number>(length);
  for (let t = 0; t < length; t++) values[t] = (vSum[t] as number) + (vComp[t] as number);
  return { values, flows: f.values(), outflows: o.values() };
}

/**
 * `chainIndex(dailyReturns(portfolioValues(length, lots)))[at]` in one pass over the days from the first
 * entry to `at`, without the day arrays: a holding's vsBenchmark needs only this one level, once per
 * holding. Each day's V, F and O add the lots' terms in the same order as portfolioValues (lots in
 * order, a lot's exits by index), and days before the first entry hold nothing (r null, level 1), so the
 * result is the same number.
 */
export function chainedIndexAt(length: number, lots: readonly SeriesLot[], at: number): number {
  if (lots.every((l) => l.exits === undefined || l.exits.length === 0))
    return chainedIndexWithoutExits(length, lots, at);
  const active = lots
    .filter((l) => l.entryIndex >= 0 && l.entryIndex < length)
    .map((l) => ({
      lot: l,
      exits: l.exits === undefined ? [] : [...l.exits].sort((a, b) => a.index - b.index),
      next: 0,
      held: l.shares,
    }));
  let level = 1;
  if (active.length === 0) return level;
  const from = active.reduce((m, a) => Math.min(m, a.lot.entryIndex), Infinity);
  const last = Math.min(at, length - 1);
  let prev = 0;
  for (let t = from; t <= last; t++) {
    // Three Neumaier sums (V, F, O of day t), inlined: this loop runs lots x days per holding.
    let vSum = 0;
    let vComp = 0;
    let fSum = 0;
    let fComp = 0;
    let oSum = 0;
    let oComp = 0;
    for (const a of active) {
      const lot = a.lot;
      if (lot.entryIndex > t) continue;
      if (lot.entryIndex === t) {
        const x = lot.costInBase;
        const next = fSum + x;
        fComp += Math.abs(fSum) >= Math.abs(x) ? fSum - next + x : x - next + fSum;
        fSum = next;
      }
      while (a.next < a.exits.length && (a.exits[a.next] as { index: number }).index <= t) {
        const exit = a.exits[a.next] as { shares: number; cash: number };
        a.held -= exit.shares;
        const x = exit.cash;
        const next = oSum + x;
        oComp += Math.abs(oSum) >= Math.abs(x) ? oSum - next + x : x - next + oSum;
        oSum = next;
        a.next++;
      }
      const u = lot.unitValues[t] as number;
      if (!Number.isNaN(u) && a.held > 0) {
        const x = (a.next === 0 ? lot.shares : a.held) * u;
        const next = vSum + x;
        vComp += Math.abs(vSum) >= Math.abs(x) ? vSum - next + x : x - next + vSum;
        vSum = next;
      }
    }
    // As dailyReturns and chainIndex: r_t = (V_t + O_t) / (V_{t-1} + F_t) - 1, level x (1 + r_t).
    const value = vSum + vComp;
    const denominator = prev + (fSum + fComp);
    const r = denominator > 0 ? (value + (oSum + oComp)) / denominator - 1 : null;
    level *= 1 + (r ?? 0);
    prev = value;
  }
  return level;
}

/**
 * chainedIndexAt of lots never sold and without dividends (most holdings): O_t is 0 and a lot's term is
 * its shares x the day's unit value, so the loop needs no exit bookkeeping. The lots' terms are added in
 * the same order, so the result is the same number.
 */
function chainedIndexWithoutExits(length: number, lots: readonly SeriesLot[], at: number): number {
  const active = lots.filter((l) => l.entryIndex >= 0 && l.entryIndex < length && l.shares > 0);
  const entering = lots.filter((l) => l.entryIndex >= 0 && l.entryIndex < length);
  let level = 1;
  if (entering.length === 0) return level;
  const one = entering.length === 1 ? chainedIndexOfOneLot(entering[0] as SeriesLot, length, at) : null;
  if (one !== null) return one;
  let from = Infinity;
  for (const l of entering) from = Math.min(from, l.entryIndex);
  const last = Math.min(at, length - 1);
  let prev = 0;
  for (let t = from; t <= last; t++) {
    let vSum = 0;
    let vComp = 0;
    let fSum = 0;
    let fComp = 0;
    for (const lot of entering) {
      if (lot.entryIndex !== t) continue;
      const x = lot.costInBase;
      const next = fSum + x;
      fComp += Math.abs(fSum) >= Math.abs(x) ? fSum - next + x : x - next + fSum;
      fSum = next;
    }
    for (const lot of active) {
      if (lot.entryIndex > t) continue;
      const u = lot.unitValues[t] as number;
      if (Number.isNaN(u)) continue;
      const x = lot.shares * u;
      const next = vSum + x;
      vComp += Math.abs(vSum) >= Math.abs(x) ? vSum - next + x : x - next + vSum;
      vSum = next;
    }
    const value = vSum + vComp;
    const denominator = prev + (fSum + fComp);
    level *= 1 + (denominator > 0 ? value / denominator - 1 : 0);
    prev = value;
  }
  return level;
}

/**
 * chainedIndexWithoutExits of a single lot: each day's sums have one term, which a Neumaier sum gives
 * back unchanged (V_t its shares x unit value, F_t its cost on its entry day), so they are not formed.
 * null for a term that is not finite (the sum's compensation would make it NaN): the caller sums.
 */
function chainedIndexOfOneLot(lot: SeriesLot, length: number, at: number): number | null {
  const { entryIndex, shares, costInBase, unitValues } = lot;
  if (!Number.isFinite(costInBase)) return null;
  const last = Math.min(at, length - 1);
  let level = 1;
  let prev = 0;
  for (let t = entryIndex; t <= last; t++) {
    const u = unitValues[t] as number;
    const value = shares > 0 && !Number.isNaN(u) ? shares * u : 0;
    if (!Number.isFinite(value)) return null;
    const denominator = t === entryIndex ? prev + costInBase : prev;
    level *= 1 + (denominator > 0 ? value / denominator - 1 : 0);
    prev = value;
  }
  return level;
}

/** One Neumaier sum (see NeumaierSum) per day index. */
class DaySums {
  private readonly sum: Float64Array;
  private readonly compensation: Float64Array;

  constructor(length: number) {
    this.sum = new Float64Array(length);
    this.compensation = new Float64Array(length);
  }

  add(t: number, value: number): void {
    const sum = this.sum[t] as number;
    const comp = this.compensation[t] as number;
    const next = sum + value;
    this.compensation[t] =
      Math.abs(sum) >= Math.abs(value) ? comp + (sum - next + value) : comp + (value - next + sum);
    this.sum[t] = next;
  }

  values(): number[] {
    const out = new Array<number>(this.sum.length);
    for (let t = 0; t < out.length; t++) out[t] = (this.sum[t] as number) + (this.compensation[t] as number);
    return out;
  }
}

/** Cumulative index from daily returns: 1 before the first return, then product of (1 + r). */
export function chainIndex(returns: readonly (number | null)[]): number[] {
  let level = 1;
  return returns.map((r) => (level *= 1 + (r ?? 0)));
}
