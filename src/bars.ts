// A symbol's daily bars as columns: trading days (epoch days, ascending, each once) beside their closes
// and adjusted closes in typed arrays. The cache decodes straight into this form and the analytics read
// it as it is, so a report over hundreds of symbols and years of history allocates no object or date
// string per bar. Immutable: every operation returns new columns (or views of these).
import { fromEpochDay, lastIndexOnOrBefore, toEpochDay } from './dates.js';
import type { IsoDate } from './dates.js';

/** One daily bar. `date` is the trading date in the exchange's time zone. */
export interface Bar {
  date: IsoDate;
  /** Split-adjusted close (Yahoo's `close`). */
  close: number;
  /** Split- and dividend-adjusted close (Yahoo's `adjclose`; equals `close` when absent). */
  adjClose: number;
}

export class DailyBars {
  static readonly EMPTY = new DailyBars(new Int32Array(0), new Float64Array(0), new Float64Array(0));

  /** Trading days, as days since 1970-01-01, strictly ascending. */
  readonly days: Int32Array;
  /** Split-adjusted closes (Yahoo's `close`). */
  readonly close: Float64Array;
  /** Split- and dividend-adjusted closes (Yahoo's `adjclose`; the close where Yahoo gives none). */
  readonly adjClose: Float64Array;

  constructor(days: Int32Array, close: Float64Array, adjClose: Float64Array) {
    if (close.length !== days.length || adjClose.length !== days.length)
      throw new Error(`bar columns of unequal length: ${days.length}, ${close.length}, ${adjClose.length}`);
    this.days = days;
    this.close = close;
    this.adjClose = adjClose;
  }

  /** From bar objects sorted by date, each date once (a chart just parsed, a test's fixture). */
  static of(bars: readonly Bar[]): DailyBars {
    const n = bars.length;
    const days = new Int32Array(n);
    const close = new Float64Array(n);
    const adjClose = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const b = bars[i] as Bar;
      days[i] = toEpochDay(b.date);
      close[i] = b.close;
      adjClose[i] = b.adjClose;
    }
    return new DailyBars(days, close, adjClose);
  }

  get length(): number {
    return this.days.length;
  }

  /** The trading date of bar `i`. */
  date(i: number): IsoDate {
    return fromEpochDay(this.days[i] as number);
  }

  /** Bar `i` as an object (for printing; the analytics read the columns). */
  bar(i: number): Bar {
    if (!(i >= 0 && i < this.length)) throw new RangeError(`no bar ${i} of ${this.length}`);
    return { date: this.date(i), close: this.close[i] as number, adjClose: this.adjClose[i] as number };
  }

  toBars(): Bar[] {
    const out = new Array<Bar>(this.length);
    for (let i = 0; i < out.length; i++) out[i] = this.bar(i);
    return out;
  }

  /** JSON (`folio history --format json`, debugging) shows the bars as objects. */
  toJSON(): Bar[] {
    return this.toBars();
  }

  /** Index of the last bar on or before `day`, or -1. */
  lastIndexOnOrBefore(day: number): number {
    return lastIndexOnOrBefore(this.days, day);
  }

  /** Index of the bar dated `day`, or -1. */
  indexOf(day: number): number {
    const i = this.lastIndexOnOrBefore(day);
    return i >= 0 && this.days[i] === day ? i : -1;
  }

  /** Bars `start` to `end` (exclusive), as `Array.prototype.slice` counts them; views of these columns. */
  slice(start = 0, end = this.length): DailyBars {
    const n = this.length;
    const from = start < 0 ? Math.max(n + start, 0) : Math.min(start, n);
    const to = end < 0 ? Math.max(n + end, 0) : Math.min(end, n);
    if (from === 0 && to === n) return this;
    const upTo = Math.max(from, to);
    return new DailyBars(
      this.days.subarray(from, upTo),
      this.close.subarray(from, upTo),
      this.adjClose.subarray(from, upTo),
    );
  }

  /** The bars from `day` on. */
  from(day: number): DailyBars {
    return this.slice(this.lastIndexOnOrBefore(day - 1) + 1);
  }

  /** The bars for which `keep(i)` holds. */
  filter(keep: (i: number) => boolean): DailyBars {
    const kept: number[] = [];
    for (let i = 0; i < this.length; i++) if (keep(i)) kept.push(i);
    if (kept.length === this.length) return this;
    const days = new Int32Array(kept.length);
    const close = new Float64Array(kept.length);
    const adjClose = new Float64Array(kept.length);
    kept.forEach((i, k) => {
      days[k] = this.days[i] as number;
      close[k] = this.close[i] as number;
      adjClose[k] = this.adjClose[i] as number;
    });
    return new DailyBars(days, close, adjClose);
  }

  /** These bars with `newer`'s added, a day in both taking `newer`'s bar. */
  mergedWith(newer: DailyBars): DailyBars {
    if (newer.length === 0) return this;
    if (this.length === 0) return newer;
    const [a, b] = [this as DailyBars, newer];
    const days = new Int32Array(a.length + b.length);
    const close = new Float64Array(days.length);
    const adjClose = new Float64Array(days.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < a.length || j < b.length) {
      const da = i < a.length ? (a.days[i] as number) : Infinity;
      const db = j < b.length ? (b.days[j] as number) : Infinity;
      const fromNewer = db <= da;
      const src = fromNewer ? b : a;
      const at = fromNewer ? j : i;
      days[k] = src.days[at] as number;
      close[k] = src.close[at] as number;
      adjClose[k] = src.adjClose[at] as number;
      k++;
      if (fromNewer) {
        j++;
        if (da === db) i++;
      } else i++;
    }
    return new DailyBars(days.slice(0, k), close.slice(0, k), adjClose.slice(0, k));
  }
}
