// Request planning: the whole price need of a run, collected before anything is fetched, so every
// symbol is asked for once: the holdings, the benchmark ETFs and the FX pairs of every non-base
// currency, each with the date range it needs.
import type { IsoDate, Lot } from '../types.js';
import { fxPairSymbol } from '../currencies.js';
import { addDays, addYears } from '../dates.js';

export interface PricePlan {
  baseCurrency: string;
  holdings: string[];
  benchmarks: string[];
  /** FX pairs `CBASE=X` for every non-base currency expected (from suffixes and the file's currency column). */
  fx: string[];
  /** Every symbol to quote, deduplicated, in a stable order. */
  quoteSymbols: string[];
  /** First date of history needed, by symbol. */
  historyFrom: Map<string, IsoDate>;
  /** Last date of history needed (today, or `--as-of`). */
  to: IsoDate;
}

export interface PlanInput {
  lots: readonly Lot[];
  baseCurrency: string;
  benchmarks: readonly string[];
  /** The clock's date (UTC). */
  today: IsoDate;
  asOf?: IsoDate;
  /** Currencies known from earlier data (cache, quotes), by symbol; suffix guesses fill the rest. */
  knownCurrencies?: ReadonlyMap<string, string>;
}

/** Years of history the report's longest period return (5Y) needs before `asOf`. */
const LOOKBACK_YEARS = 5;
/** Days before a needed date, so that "the last trading date on or before" it is always in range. */
const MARGIN_DAYS = 10;

const SUFFIX_CURRENCY: Record<string, string> = {
  L: 'GBp',
  IL: 'GBp',
  DE: 'EUR',
  F: 'EUR',
  PA: 'EUR',
  AS: 'EUR',
  BR: 'EUR',
  MI: 'EUR',
  MC: 'EUR',
  LS: 'EUR',
  VI: 'EUR',
  HE: 'EUR',
  IR: 'EUR',
  TO: 'CAD',
  V: 'CAD',
  CN: 'CAD',
  NE: 'CAD',
  T: 'JPY',
  HK: 'HKD',
  SW: 'CHF',
  AX: 'AUD',
  NZ: 'NZD',
  JO: 'ZAc',
  ST: 'SEK',
  OL: 'NOK',
  CO: 'DKK',
  SI: 'SGD',
  KS: 'KRW',
  KQ: 'KRW',
  TW: 'TWD',
  SS: 'CNY',
  SZ: 'CNY',
  BO: 'INR',
  NS: 'INR',
  SA: 'BRL',
  MX: 'MXN',
  WA: 'PLN',
  TA: 'ILA',
};

/** The currency Yahoo quotes a symbol in, guessed from its exchange suffix (US listings: USD). */
export function guessCurrency(symbol: string): string {
  const fx = /^([A-Z]{3})([A-Z]{3})=X$/.exec(symbol);
  if (fx) return fx[2]!;
  const dot = symbol.lastIndexOf('.');
  if (dot <= 0) return 'USD';
  return SUFFIX_CURRENCY[symbol.slice(dot + 1)] ?? 'USD';
}

/** Direct FX pairs `CBASE=X` needed to convert `currencies` into `base`. */
export function fxPairsFor(currencies: Iterable<string>, base: string): string[] {
  const pairs = new Set<string>();
  for (const c of currencies) {
    const pair = fxPairSymbol(c, base);
    if (pair !== null) pairs.add(pair);
  }
  return [...pairs].sort();
}

export function planPrices(input: PlanInput): PricePlan {
  const to = input.asOf !== undefined && input.asOf < input.today ? input.asOf : input.today;
  const holdings: string[] = [];
  const firstDate = new Map<string, IsoDate | null>();
  const currencies = new Set<string>();
  for (const lot of input.lots) {
    if (!firstDate.has(lot.symbol)) {
      holdings.push(lot.symbol);
      firstDate.set(lot.symbol, null);
    }
    if (lot.date !== null && lot.date <= to) {
      const prev = firstDate.get(lot.symbol);
      if (prev === null || prev === undefined || lot.date < prev) firstDate.set(lot.symbol, lot.date);
    }
    if (lot.currency !== null) currencies.add(lot.currency);
  }
  const benchmarks = [...new Set(input.benchmarks)];
  for (const s of [...holdings, ...benchmarks])
    currencies.add(input.knownCurrencies?.get(s) ?? guessCurrency(s));
  const fx = fxPairsFor(currencies, input.baseCurrency);

  let portfolioFirst: IsoDate | null = null;
  for (const d of firstDate.values())
    if (d !== null && (portfolioFirst === null || d < portfolioFirst)) portfolioFirst = d;
  const lookback = addYears(to, -LOOKBACK_YEARS);
  const wideFrom = addDays(
    portfolioFirst !== null && portfolioFirst < lookback ? portfolioFirst : lookback,
    -MARGIN_DAYS,
  );

  const historyFrom = new Map<string, IsoDate>();
  for (const s of holdings) {
    const first = firstDate.get(s);
    // A holding's own history matters from its first purchase on (its value before that is zero);
    // undated lots still need recent bars to stand in for a quote.
    historyFrom.set(s, addDays(first ?? to, -MARGIN_DAYS));
  }
  // Fetch order (the queue is first come, first served): what the holdings figures need (their own
  // histories, FX for costs, the first benchmark for vsBenchmark) before the other benchmarks, so a
  // terminal can print the summary and holdings while those are still on their way.
  for (const s of [...benchmarks.slice(0, 1), ...fx, ...benchmarks.slice(1)]) {
    const prev = historyFrom.get(s);
    historyFrom.set(s, prev !== undefined && prev < wideFrom ? prev : wideFrom);
  }
  const quoteSymbols = [...new Set([...holdings, ...benchmarks, ...fx])];
  return { baseCurrency: input.baseCurrency, holdings, benchmarks, fx, quoteSymbols, historyFrom, to };
}
