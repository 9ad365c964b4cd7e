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
    this.dates = bars.map((b) => b.date);
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
}
