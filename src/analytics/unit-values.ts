// A holding's base-currency value of one share on each calendar day: its close in force that day (carried
// forward) x the day's FX rate, NaN where there is none. Read where it is used (a lot's entry day, the
// value series) rather than stored for every symbol and day: at 500 holdings over ten years the stored
// columns were 11 MB of fresh memory, and first writing it cost more than computing the values.
import type { PriceLookup } from './calendar.js';

export class UnitValues {
  private readonly lookup: PriceLookup | null;
  private readonly calendar: Int32Array;
  private readonly rates: Float64Array | null;
  /** Given values (a test's): then lookup, calendar and rates are unused. */
  private readonly given: Float64Array | null;
  private readonly asOfIndex: number;
  /** The value on asOfIndex when it is not the close's (today: quote x FX quote); NaN: none. */
  private readonly asOfValue: number;

  private constructor(
    lookup: PriceLookup | null,
    calendar: Int32Array,
    rates: Float64Array | null,
    given: Float64Array | null,
    asOf: { index: number; value: number } | null,
  ) {
    this.lookup = lookup;
    this.calendar = calendar;
    this.rates = rates;
    this.given = given;
    this.asOfIndex = asOf === null ? -1 : asOf.index;
    this.asOfValue = asOf === null ? NaN : asOf.value;
  }

  /**
   * close x rate on each day of the calendar (epoch days), from `lookup` (none: NaN every day); on
   * `asOf.index` the value `asOf.value` instead, when given.
   */
  static onCalendar(
    lookup: PriceLookup | undefined,
    calendar: Int32Array,
    rates: Float64Array,
    asOf: { index: number; value: number } | null,
  ): UnitValues {
    return new UnitValues(lookup ?? null, calendar, rates, null, asOf);
  }

  /** These values, day by day (NaN: none). */
  static of(values: Float64Array): UnitValues {
    return new UnitValues(null, new Int32Array(values.length), null, values, null);
  }

  /** The value on calendar day `t`. */
  at(t: number): number {
    if (t === this.asOfIndex) return this.asOfValue;
    if (this.given !== null) return this.given[t] ?? NaN;
    if (this.lookup === null || this.rates === null) return NaN;
    // The same product as `fill` gives for the day: the close in force times the day's rate.
    const close = this.lookup.closeOnDay(this.calendar[t] as number);
    return Number.isNaN(close) ? NaN : close * (this.rates[t] as number);
  }

  /** out[t] = at(t) for every t >= from, in one pass (days before `from` are not for reading). */
  fill(out: Float64Array, from: number): void {
    const length = this.calendar.length;
    if (from >= length) return;
    if (this.given !== null) out.set(this.given.subarray(from), from);
    else if (this.lookup === null || this.rates === null) out.fill(NaN, from);
    else this.lookup.onCalendar(this.calendar, false, this.rates, from, out);
    if (this.asOfIndex >= from && this.asOfIndex < length) out[this.asOfIndex] = this.asOfValue;
  }
}
