// Daily portfolio value V_t and purchase flows F_t on the union calendar.
import type { UnitValues } from './unit-values.js';

export interface SeriesLot {
  /** Calendar index of the first day the lot is held (its flow day). */
  entryIndex: number;
  /** Split-adjusted shares. */
  shares: number;
  costInBase: number;
  /** Base-currency value of one share on each calendar date (close x fx), NaN where unknown. */
  unitValues: UnitValues;
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

/** The value series of every lot, and for each group of lots (a holding's) its own chained index. */
export interface GroupedSeries {
  series: ValueSeries;
  /** levels[g]: chainIndex(dailyReturns(portfolioValues(length, groups[g])))[length - 1]. */
  levels: Float64Array;
}

/**
 * V_t = sum over lots held at the end of t of shares x close x fx; F_t = cost of lots entering on t;
 * O_t = cash that left on t (sales, dividends).
 */
export function portfolioValues(length: number, lots: readonly SeriesLot[]): ValueSeries {
  return groupedValues(
    length,
    lots.map((l) => [l]),
  ).series;
}

/**
 * The portfolio's V, F and O of all the groups' lots (in order) and each group's chained index on the
 * last day, in one pass over each group's days: each day's sums, the portfolio's and the group's, add
 * the lots' terms in order (a lot's exits by index), so the portfolio's are those of portfolioValues
 * and a group's level that of chainedIndexAt.
 */
export function groupedValues(length: number, groups: readonly (readonly SeriesLot[])[]): GroupedSeries {
  const sums = new DaySums(length);
  const levels = new Float64Array(groups.length);
  const c = emptyColumns(length);
  for (let g = 0; g < groups.length; g++) {
    readLots(c, length, groups[g] as readonly SeriesLot[]);
    levels[g] = chain(c, length - 1, sums);
  }
  return { series: sums.series(), levels };
}

/**
 * `chainIndex(dailyReturns(portfolioValues(length, lots)))[at]` in one pass over the days from the first
 * entry to `at`, without the day arrays. Days before the first entry hold nothing (r null, level 1).
 */
export function chainedIndexAt(length: number, lots: readonly SeriesLot[], at: number): number {
  const c = emptyColumns(length);
  readLots(c, length, lots);
  return chain(c, Math.min(at, length - 1), new DaySums(length));
}

/**
 * Lots entering within the calendar as columns, their exits flattened (by lot, then index): the loop
 * over lots x days then touches numbers only (it runs for every holding, mostly before it is optimised).
 */
interface LotColumns {
  entry: number[];
  cost: number[];
  /** Shares held, less the exits applied so far. */
  held: number[];
  /** Each lot's unit values (from its entry on), in `scratch`: one array per distinct source. */
  unitValues: Float64Array[];
  sources: UnitValues[];
  /** Arrays of the calendar's length, reused from group to group (memory already written is cheap). */
  scratch: Float64Array[];
  length: number;
  /** Lot k's exits are exitAt[exitFrom[k] .. exitFrom[k + 1]); nextExit[k] is the first not applied. */
  exitFrom: number[];
  nextExit: number[];
  exitAt: number[];
  exitShares: number[];
  exitCash: number[];
}

function emptyColumns(length: number): LotColumns {
  return {
    entry: [],
    cost: [],
    held: [],
    unitValues: [],
    sources: [],
    scratch: [],
    length,
    exitFrom: [],
    nextExit: [],
    exitAt: [],
    exitShares: [],
    exitCash: [],
  };
}

/**
 * Fills `c` (emptied first) with the lots that enter within the calendar, and each distinct source of
 * unit values into a scratch array from the first entry of its lots on (a holding's lots share one).
 */
function readLots(c: LotColumns, length: number, lots: readonly SeriesLot[]): void {
  c.entry.length = c.cost.length = c.held.length = c.unitValues.length = c.sources.length = 0;
  c.nextExit.length = c.exitAt.length = c.exitShares.length = c.exitCash.length = 0;
  c.exitFrom.length = 1;
  c.exitFrom[0] = 0;
  for (const lot of lots) {
    if (lot.entryIndex < 0 || lot.entryIndex >= length) continue;
    c.entry.push(lot.entryIndex);
    c.cost.push(lot.costInBase);
    c.held.push(lot.shares);
    c.unitValues.push(scratchFor(c, lot.unitValues));
    c.nextExit.push(c.exitAt.length);
    if (lot.exits !== undefined && lot.exits.length > 0)
      for (const exit of [...lot.exits].sort((a, b) => a.index - b.index)) {
        c.exitAt.push(exit.index);
        c.exitShares.push(exit.shares);
        c.exitCash.push(exit.cash);
      }
    c.exitFrom.push(c.exitAt.length);
  }
  for (let i = 0; i < c.sources.length; i++) {
    let from = length;
    for (let k = 0; k < c.entry.length; k++)
      if (c.unitValues[k] === c.scratch[i]) from = Math.min(from, c.entry[k] as number);
    (c.sources[i] as UnitValues).fill(c.scratch[i] as Float64Array, from);
  }
}

function scratchFor(c: LotColumns, source: UnitValues): Float64Array {
  let i = c.sources.indexOf(source);
  if (i < 0) {
    i = c.sources.push(source) - 1;
    if (c.scratch.length <= i) c.scratch.push(new Float64Array(c.length));
  }
  return c.scratch[i] as Float64Array;
}

function firstEntry(c: LotColumns, length: number): number {
  let from = length;
  for (let k = 0; k < c.entry.length; k++) from = Math.min(from, c.entry[k] as number);
  return from;
}

/** The lots' chained index on day `last` (1 without lots), their terms added to `into`. */
function chain(c: LotColumns, last: number, into: DaySums): number {
  if (c.entry.length === 0) return 1;
  if (c.entry.length === 1 && c.exitAt.length === 0)
    return chainOneLot(c.unitValues[0] as Float64Array, c.held[0] as number, c.cost[0] as number, {
      from: c.entry[0] as number,
      last,
      into,
    });
  return chainLots(c, firstEntry(c, c.length), last, into);
}

/**
 * chainLots of one lot without exits (most holdings): the same Neumaier steps, each day's own sums
 * having a single term (V: shares x unit value, F: the cost on the entry day, O: none), written out
 * without the loop over lots and exits. The loop is small, so it is optimised soon and runs fast before.
 */
function chainOneLot(
  unitValues: Float64Array,
  shares: number,
  cost: number,
  { from, last, into }: { from: number; last: number; into: DaySums },
): number {
  if (from > last) return 1;
  const { vSum: dayV, vComp: dayVComp } = into;
  into.addFlow(from, cost);
  // F on the entry day: the sum of one term (0 + cost, compensated), as chainLots forms it.
  const fSum = 0 + cost;
  const flow = fSum + (0 >= Math.abs(cost) ? 0 - fSum + cost : cost - fSum + 0);
  let level = 1;
  let prev = 0;
  for (let t = from; t <= last; t++) {
    const u = unitValues[t] as number;
    let value = 0;
    if (u === u && shares > 0) {
      const x = shares * u;
      const vSum = 0 + x;
      value = vSum + (0 >= Math.abs(x) ? 0 - vSum + x : x - vSum + 0);
      addAt(dayV, dayVComp, t, x);
    }
    // O is the sum of no term: 0 + 0.
    const denominator = prev + (t === from ? flow : 0 + 0);
    level *= 1 + (denominator > 0 ? (value + (0 + 0)) / denominator - 1 : 0);
    prev = value;
  }
  return level;
}

/**
 * The lots' chained index on day `last`, from day `from` (their first entry): each day three Neumaier
 * sums (V, F, O), inlined, and each term also added to `into`'s sums of its day.
 */
function chainLots(c: LotColumns, from: number, last: number, into: DaySums): number {
  const { entry, cost, held, unitValues, exitFrom, nextExit, exitAt, exitShares, exitCash } = c;
  const { vSum: dayV, vComp: dayVComp } = into;
  const n = entry.length;
  let level = 1;
  let prev = 0;
  for (let t = from; t <= last; t++) {
    let vSum = 0;
    let vComp = 0;
    let fSum = 0;
    let fComp = 0;
    let oSum = 0;
    let oComp = 0;
    for (let k = 0; k < n; k++) {
      const e = entry[k] as number;
      if (e > t) continue;
      if (e === t) {
        const x = cost[k] as number;
        const next = fSum + x;
        fComp += Math.abs(fSum) >= Math.abs(x) ? fSum - next + x : x - next + fSum;
        fSum = next;
        into.addFlow(t, x);
      }
      // The lot's exits up to day t (sales leave at the end of their day; dividends are exits of 0 shares).
      let p = nextExit[k] as number;
      const end = exitFrom[k + 1] as number;
      if (p < end && (exitAt[p] as number) <= t) {
        let h = held[k] as number;
        do {
          h -= exitShares[p] as number;
          const x = exitCash[p] as number;
          const next = oSum + x;
          oComp += Math.abs(oSum) >= Math.abs(x) ? oSum - next + x : x - next + oSum;
          oSum = next;
          into.addOutflow(t, x);
          p++;
        } while (p < end && (exitAt[p] as number) <= t);
        held[k] = h;
        nextExit[k] = p;
      }
      const u = (unitValues[k] as Float64Array)[t] as number;
      const h = held[k] as number;
      if (u === u && h > 0) {
        const x = h * u;
        const next = vSum + x;
        vComp += Math.abs(vSum) >= Math.abs(x) ? vSum - next + x : x - next + vSum;
        vSum = next;
        // The day's sum over every group, the same Neumaier step (the hot term: inlined).
        addAt(dayV, dayVComp, t, x);
      }
    }
    // As dailyReturns and chainIndex: r_t = (V_t + O_t) / (V_{t-1} + F_t) - 1, level x (1 + r_t).
    const value = vSum + vComp;
    const denominator = prev + (fSum + fComp);
    level *= 1 + (denominator > 0 ? (value + (oSum + oComp)) / denominator - 1 : 0);
    prev = value;
  }
  return level;
}

/** A Neumaier sum (see NeumaierSum) of V, F and O per day index, in flat arrays. */
class DaySums {
  readonly vSum: Float64Array;
  readonly vComp: Float64Array;
  private readonly fSum: Float64Array;
  private readonly fComp: Float64Array;
  private readonly oSum: Float64Array;
  private readonly oComp: Float64Array;

  constructor(length: number) {
    this.vSum = new Float64Array(length);
    this.vComp = new Float64Array(length);
    this.fSum = new Float64Array(length);
    this.fComp = new Float64Array(length);
    this.oSum = new Float64Array(length);
    this.oComp = new Float64Array(length);
  }

  addFlow(t: number, x: number): void {
    addAt(this.fSum, this.fComp, t, x);
  }

  addOutflow(t: number, x: number): void {
    addAt(this.oSum, this.oComp, t, x);
  }

  series(): ValueSeries {
    return {
      values: finalSums(this.vSum, this.vComp),
      flows: finalSums(this.fSum, this.fComp),
      outflows: finalSums(this.oSum, this.oComp),
    };
  }
}

/** One Neumaier step (see NeumaierSum) adding `x` to the running sum of day `t`. */
function addAt(sums: Float64Array, comps: Float64Array, t: number, x: number): void {
  const sum = sums[t] as number;
  const next = sum + x;
  comps[t] = (comps[t] as number) + (Math.abs(sum) >= Math.abs(x) ? sum - next + x : x - next + sum);
  sums[t] = next;
}

function finalSums(sum: Float64Array, comp: Float64Array): number[] {
  const out = new Array<number>(sum.length);
  for (let t = 0; t < out.length; t++) out[t] = (sum[t] as number) + (comp[t] as number);
  return out;
}

/** Cumulative index from daily returns: 1 before the first return, then product of (1 + r). */
export function chainIndex(returns: readonly (number | null)[]): number[] {
  let level = 1;
  return returns.map((r) => (level *= 1 + (r ?? 0)));
}
