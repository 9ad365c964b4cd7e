// The union trading calendar and carry-forward lookups: a symbol's close on a date it did not trade
// is its last close before that date.
import type { Bar, IsoDate } from '../types.js';

/** Index of the last date <= `date` in ascending `dates`, or -1. */
export function lastIndexOnOrBefore(dates: readonly IsoDate[], date: IsoDate): number {
  let lo = 0;
  let hi = dates.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((dates[mid] as IsoDate) <= date) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Index of the first date >= `date` in ascending `dates`, or -1. */
export function firstIndexOnOrAfter(dates: readonly IsoDate[], date: IsoDate): number {
  const i = lastIndexOnOrBefore(dates, date);
  if (i >= 0 && dates[i] === date) return i;
  return i + 1 < dates.length ? i + 1 : -1;
}

/** Sorted union of the given date lists, keeping dates <= `until` when given. */
export function unionCalendar(dateLists: Iterable<readonly IsoDate[]>, until?: IsoDate): IsoDate[] {
  const all = new Set<IsoDate>();
  for (const list of dateLists) for (const d of list) if (until === undefined || d <= until) all.add(d);
  return [...all].sort();
}

/** Carry-forward lookup of one symbol's bars (sorted by date). */
export class PriceLookup {
  readonly dates: IsoDate[];
  private readonly bars: readonly Bar[];

  constructor(bars: readonly Bar[]) {
    this.bars = bars;
    const dates = new Array<IsoDate>(bars.length);
    for (let i = 0; i < bars.length; i++) dates[i] = (bars[i] as Bar).date;
    this.dates = dates;
  }

  get firstDate(): IsoDate | null {
    return this.dates[0] ?? null;
  }

  get lastDate(): IsoDate | null {
    return this.dates[this.dates.length - 1] ?? null;
  }

  /** The bar in force on `date`: its own, or the last one before it; null before the first bar. */
  barAt(date: IsoDate): Bar | null {
    const i = lastIndexOnOrBefore(this.dates, date);
    return i < 0 ? null : (this.bars[i] ?? null);
  }

  closeAt(date: IsoDate): number | null {
    return this.barAt(date)?.close ?? null;
  }

  adjCloseAt(date: IsoDate): number | null {
    return this.barAt(date)?.adjClose ?? null;
  }

  /**
   * `closeAt` (or `adjCloseAt`) of every date of an ascending calendar, times `rates[t]` when given
   * (null where either is null), in one merge pass instead of a binary search per date: the report
   * needs it for every symbol on every calendar date.
   */
  onCalendar(
    calendar: readonly IsoDate[],
    adjusted = false,
    rates?: readonly (number | null)[],
  ): (number | null)[] {
    const out: (number | null)[] = new Array<number | null>(calendar.length);
    const dates = this.dates;
    const n = dates.length;
    let j = -1; // index of the bar in force
    let next = n > 0 ? (dates[0] as IsoDate) : null;
    for (let t = 0; t < calendar.length; t++) {
      const d = calendar[t] as IsoDate;
      while (next !== null && next <= d) {
        j++;
        next = j + 1 < n ? (dates[j + 1] as IsoDate) : null;
      }
      const bar = j < 0 ? undefined : this.bars[j];
      if (bar === undefined) out[t] = null;
      else {
        const close = adjusted ? bar.adjClose : bar.close;
        if (rates === undefined) out[t] = close;
        else {
          const rate = rates[t] ?? null;
          out[t] = rate === null ? null : close * rate;
        }
      }
    }
    return out;
  }
}
