// Currency conversion to the base currency. Always the direct pair `CBASE=X` at the close of the same
// date (carried forward), never an inverted or crossed rate; minor units (GBp, ZAc, ILA) scale by 1/100.
import type { IsoDate, Quote } from '../types.js';
import { PriceLookup } from './calendar.js';
import { fxPairSymbol, majorCurrency } from '../currencies.js';

export class FxTable {
  private readonly base: string;
  private readonly lookups: ReadonlyMap<string, PriceLookup>;
  private readonly quotes: ReadonlyMap<string, Quote>;
  private seriesCalendar: Int32Array | null = null;
  private readonly series = new Map<string, Float64Array>();
  /** pairFor by currency: asked for every symbol, buy, sale and dividend. */
  private readonly pairs = new Map<string, string | null>();
  /** majorCurrency(currency).factor by currency: rateAt runs for every buy, sale and dividend event. */
  private readonly factors = new Map<string, number>();
  /** hasHistory by currency: asked for every buy, sale and dividend. */
  private readonly withHistory = new Map<string, boolean>();

  constructor(base: string, lookups: ReadonlyMap<string, PriceLookup>, quotes: ReadonlyMap<string, Quote>) {
    this.base = base;
    this.lookups = lookups;
    this.quotes = quotes;
  }

  pairFor(currency: string): string | null {
    let pair = this.pairs.get(currency);
    if (pair === undefined) this.pairs.set(currency, (pair = fxPairSymbol(currency, this.base)));
    return pair;
  }

  /** True when no pair is needed or the pair has a history with at least one close. */
  hasHistory(currency: string): boolean {
    let has = this.withHistory.get(currency);
    if (has === undefined) {
      const pair = this.pairFor(currency);
      has = pair === null || (this.lookups.get(pair)?.firstDate ?? null) !== null;
      this.withHistory.set(currency, has);
    }
    return has;
  }

  /** Units of the major currency in one of `currency` (1/100 for a minor unit), remembered per currency. */
  private factorOf(currency: string): number {
    let factor = this.factors.get(currency);
    if (factor === undefined) this.factors.set(currency, (factor = majorCurrency(currency).factor));
    return factor;
  }

  /** Base-currency value of one unit of `currency` at the pair's close in force on `date`; null when none. */
  rateAt(currency: string, date: IsoDate): number | null {
    const factor = this.factorOf(currency);
    const pair = this.pairFor(currency);
    if (pair === null) return factor;
    const close = this.lookups.get(pair)?.closeAt(date) ?? null;
    return close === null ? null : factor * close;
  }

  /**
   * `rateAt(currency, d)` for every day of an ascending calendar (epoch days), computed once per
   * currency and calendar (the report values every symbol on every day; a lookup per lot-day was its
   * hot spot). NaN where there is no rate.
   */
  ratesOn(currency: string, calendar: Int32Array): Float64Array {
    if (this.seriesCalendar !== calendar) {
      this.seriesCalendar = calendar;
      this.series.clear();
    }
    let rates = this.series.get(currency);
    if (rates === undefined) {
      const { factor } = majorCurrency(currency);
      const pair = this.pairFor(currency);
      if (pair === null) rates = new Float64Array(calendar.length).fill(factor);
      else {
        rates = this.lookups.get(pair)?.onCalendar(calendar) ?? new Float64Array(calendar.length).fill(NaN);
        for (let t = 0; t < rates.length; t++) rates[t] = factor * (rates[t] as number);
      }
      this.series.set(currency, rates);
    }
    return rates;
  }

  /** Today's rate: the pair's quote when there is one, else its close in force on `asOf`. */
  rateNow(currency: string, asOf: IsoDate): number | null {
    const { factor } = majorCurrency(currency);
    const pair = this.pairFor(currency);
    if (pair === null) return factor;
    const q = this.quotes.get(pair);
    if (q !== undefined && q.price > 0) return factor * q.price;
    return this.rateAt(currency, asOf);
  }
}
