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
  const marks = new Uint8Array(hi - lo + 1);
  let count = 0;
  for (const l of lists)
    for (let i = 0; i < l.length; i++) {
      const at = (l[i] as number) - lo;
      if (at > hi - lo) break;
      if (marks[at] === 0) {
        marks[at] = 1;
        count++;
      }
    }
  const out = new Int32Array(count);
  let k = 0;
  for (let at = 0; at < marks.length; at++) if (marks[at] === 1) out[k++] = lo + at;
  return out;
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

  adjCloseAt(date: IsoDate): number | null {
    const i = this.bars.lastIndexOnOrBefore(toEpochDay(date));
    return i < 0 ? null : (this.bars.adjClose[i] as number);
  }

  /**
   * `closeAt` (or `adjCloseAt`) of every day of an ascending calendar (epoch days), times `rates[t]`
   * when given, in one merge pass instead of a binary search per day: the report needs it for every
   * symbol on every calendar day. NaN stands for "no value" (before the first bar, or no rate), which a
   * price or rate never is; a typed array keeps the numbers unboxed.
   */
  onCalendar(calendar: Int32Array, adjusted = false, rates?: Float64Array): Float64Array {
    const length = calendar.length;
    const out = new Float64Array(length);
    const days = this.bars.days;
    const closes = adjusted ? this.bars.adjClose : this.bars.close;
    const n = days.length;
    // Before the first bar: no value. From there on some bar is in force (index j).
    let t = 0;
    const first = n === 0 ? Infinity : (days[0] as number);
    while (t < length && (calendar[t] as number) < first) out[t++] = NaN;
    let j = 0;
    if (rates === undefined)
      for (; t < length; t++) {
        const d = calendar[t] as number;
        while (j + 1 < n && (days[j + 1] as number) <= d) j++;
        out[t] = closes[j] as number;
      }
    else
      for (; t < length; t++) {
        const d = calendar[t] as number;
        while (j + 1 < n && (days[j + 1] as number) <= d) j++;
        out[t] = (closes[j] as number) * (rates[t] as number);
      }
    return out;
  }
}

/** Values with NaN ("no value") as null, for figures that keep nulls. */
export function nullWhereNaN(values: Float64Array): (number | null)[] {
  return Array.from(values, (v) => (Number.isNaN(v) ? null : v));
}
