// The union trading calendar and carry-forward lookups: a symbol's close on a date it did not trade
// is its last close before that date.
import type { DailyBars } from '../bars.js';
import { lastIndexOnOrBefore, toEpochDay } from '../dates.js';
import type { IsoDate } from '../types.js';

/** Index of the first date >= `date` in ascending `dates`, or -1. */
export function firstIndexOnOrAfter(dates: readonly IsoDate[], date: IsoDate): number {
  const i = lastIndexOnOrBefore(dates, date);
  if (i >= 0 && dates[i] === date) return i;
  return i + 1 < dates.length ? i + 1 : -1;
}

/**
 * Sorted union of the given trading-day lists (epoch days, each ascending), keeping days <= `until`
 * when given: one mark per day over the span they cover, then the marked days in order.
 */
export function unionCalendar(dayLists: Iterable<Int32Array>, until?: number): Int32Array {
  const lists = [...dayLists].filter((l) => l.length > 0);
  if (lists.length === 0) return new Int32Array(0);
  let lo = Infinity;
  let hi = -Infinity;
  for (const l of lists) {
    lo = Math.min(lo, l[0] as number);
    hi = Math.max(hi, l[l.length - 1] as number);
  }
  if (until !== undefined) hi = Math.min(hi, until);
  if (hi < lo) return new Int32Array(0);
  // One mark per day (a plain store, no branch), then the marked days in order.
  const span = hi - lo;
  const marks = new Uint8Array(span + 1);
  for (const l of lists) markDays(marks, l, lo, span);
  let count = 0;
  for (let at = 0; at <= span; at++) count += marks[at] as number;
  const out = new Int32Array(count);
  let k = 0;
  for (let at = 0; at <= span; at++) if (marks[at] === 1) out[k++] = lo + at;
  return out;
}

function markDays(marks: Uint8Array, days: Int32Array, lo: number, span: number): void {
  for (let i = 0; i < days.length; i++) {
    const at = (days[i] as number) - lo;
    if (at > span) break;
    marks[at] = 1;
  }
}

/** Carry-forward lookup of one symbol's bars. */
export class PriceLookup {
  private readonly bars: DailyBars;

  constructor(bars: DailyBars) {
    this.bars = bars;
  }

  /** The symbol's trading days (epoch days, ascending). */
  get days(): Int32Array {
    return this.bars.days;
  }

  get firstDate(): IsoDate | null {
    return this.bars.length > 0 ? this.bars.date(0) : null;
  }

  get lastDate(): IsoDate | null {
    return this.bars.length > 0 ? this.bars.date(this.bars.length - 1) : null;
  }

  /** The close in force on `date`: its own, or the last one before it; null before the first bar. */
  closeAt(date: IsoDate): number | null {
    const i = this.bars.lastIndexOnOrBefore(toEpochDay(date));
    return i < 0 ? null : (this.bars.close[i] as number);
  }

  /** The close in force on epoch day `day`, NaN before the first bar. */
  closeOnDay(day: number): number {
    const i = this.bars.lastIndexOnOrBefore(day);
    return i < 0 ? NaN : (this.bars.close[i] as number);
  }

  adjCloseAt(date: IsoDate): number | null {
    const i = this.bars.lastIndexOnOrBefore(toEpochDay(date));
    return i < 0 ? null : (this.bars.adjClose[i] as number);
  }

  /**
   * `closeAt` (or `adjCloseAt`) of every day of an ascending calendar (epoch days), times `rates[t]`
   * when given, in one merge pass instead of a binary search per day: the report needs it for every
   * symbol on every calendar day. NaN stands for "no value" (before the first bar, or no rate), which a
   * price or rate never is; a typed array keeps the numbers unboxed. Days before calendar index `from`
   * are not looked at (NaN): a holding's values are read from its first purchase on only. `out` (of the
   * calendar's length) takes the values when given: a view of one array shared by every symbol, since
   * allocating a typed array of its own for each costs more than filling it.
   */
  onCalendar(
    calendar: Int32Array,
    adjusted = false,
    rates?: Float64Array,
    from = 0,
    out: Float64Array = new Float64Array(calendar.length),
  ): Float64Array {
    const start = from < calendar.length ? from : calendar.length;
    out.fill(NaN, 0, start);
    carryForward(this.bars.days, adjusted ? this.bars.adjClose : this.bars.close, calendar, start, out);
    // close x rate, the same product per day (NaN before the first bar stays NaN).
    if (rates !== undefined)
      for (let t = start; t < calendar.length; t++) out[t] = (out[t] as number) * (rates[t] as number);
    return out;
  }
}

/**
 * out[t] = the close in force on calendar[t] (NaN before the first bar), for t >= from: a merge of the
 * two ascending day lists.
 */
function carryForward(
  days: Int32Array,
  closes: Float64Array,
  calendar: Int32Array,
  from: number,
  out: Float64Array,
): void {
  const n = days.length;
  let t = firstValued(days, calendar, from, out);
  if (t >= calendar.length) return;
  let j = lastIndexOnOrBefore(days, calendar[t] as number);
  for (; t < calendar.length; t++) {
    const d = calendar[t] as number;
    while (j + 1 < n && (days[j + 1] as number) <= d) j++;
    out[t] = closes[j] as number;
  }
}

/** The first calendar index >= `from` on or after the first bar; the days before it get NaN. */
function firstValued(days: Int32Array, calendar: Int32Array, from: number, out: Float64Array): number {
  const first = days.length === 0 ? Infinity : (days[0] as number);
  let t = from;
  while (t < calendar.length && (calendar[t] as number) < first) out[t++] = NaN;
  return t;
}

/** Values with NaN ("no value") as null, for figures that keep nulls. */
export function nullWhereNaN(values: Float64Array): (number | null)[] {
  return Array.from(values, (v) => (Number.isNaN(v) ? null : v));
}
