// The simulator's options and their validation, apart from the server so that folio's CLI can check
// `folio sim` flags without loading the simulator on every run.
import { parseIsoDate } from './time.js';

export interface SimOptions {
  /**
   * Last day with data, `YYYY-MM-DD`. Default: the UTC date of `now()`. Bars include `today` when it is a
   * business day, whatever the time (a deliberate simplification); only the quote's `marketState`
   * and `regularMarketTime` look at the clock.
   */
  today?: string;
  /** Clock for marketState/regularMarketTime and the default `today` (default Date.now). */
  now?: () => number;
  /** Delay before every response, ms. */
  latencyMs?: number;
  /** Fraction (0-1) of quote/chart requests answered 500, drawn from a PRNG seeded by `seed`. */
  failRate?: number;
  /** Max quote/chart requests per second (sliding 1 s window, real clock); above it: 429 + Retry-After. */
  rateLimit?: number;
  /** true: 503 for everything. 'refuse': every connection is destroyed as soon as a request arrives. */
  down?: boolean | 'refuse';
  /** Fraction (0-1) of 200 quote/chart responses whose JSON body is cut in half. */
  truncateRate?: number;
  /** Above this many symbols a quote call gets 400 with a Yahoo-like JSON error. */
  maxSymbolsPerQuote?: number;
  /** The crumb endpoint answers 401. */
  failCrumb?: boolean;
  /**
   * Transient failures of the cookie and crumb endpoints: the first `count` requests to `endpoint`
   * (counted from the start, or from the `configure` call that sets this) are answered `status`
   * (429 with `Retry-After: retryAfterS` when given, 5xx as an HTML page), the later ones served.
   */
  sessionFaults?: SessionFault[];
  /** Extra delay before every response, ms (set it above the client's timeout to simulate a hang). */
  hangMs?: number;
  /** Symbols the quote endpoint leaves out of its result (the chart still serves them). */
  omitQuoteSymbols?: string[];
  /** Symbols that do not exist, besides `ZZZ*`, `UNKNOWN*` and `DELISTED*`. */
  unknownSymbols?: string[];
  /** Default: AAPL 4:1 2020-08-31, TSLA 3:1 2022-08-25, NVDA 10:1 2024-06-10. */
  splits?: { symbol: string; date: string; ratio: number }[];
  /** Bars served with null open/high/low/close/volume/adjclose, as Yahoo sometimes does. */
  nullBars?: { symbol: string; date: string }[];
  /** Bars (and the quote, when it is the last bar) multiplied by `factor`: the GBp/GBP mix-up is 100 or 0.01. */
  badPrices?: { symbol: string; date: string; factor: number }[];
  /** Seed of the fault PRNGs (failRate, truncateRate). Default 1. */
  seed?: number;
  /**
   * Names served instead of the catalog's, by symbol, in quotes and chart metas: e.g. hostile text with
   * terminal escapes or a spreadsheet formula, to test that folio neutralises what Yahoo sends.
   */
  names?: Record<string, SimNames>;
  /**
   * In-process only: awaited before a quote or chart request is answered, with its symbols. A test
   * holds some prices back until it has seen what folio does meanwhile (progressive output); 'fail'
   * answers that request 500.
   */
  gate?: (request: { endpoint: 'quote' | 'chart'; symbols: string[] }) => Promise<void | 'fail'>;
}

/** See `SimOptions.sessionFaults`. */
export interface SessionFault {
  endpoint: 'cookie' | 'crumb';
  status: number;
  count: number;
  retryAfterS?: number;
}

/** Text fields of an instrument as Yahoo sends them. */
export interface SimNames {
  longName?: string;
  shortName?: string;
  /** `fullExchangeName` in quotes and chart metas. */
  exchangeName?: string;
}

/** A problem with the options, as a sentence, or undefined when they are fine. */
export function checkSimOptions(o: Partial<SimOptions>): string | undefined {
  const fraction = (name: string, v: number | undefined): string | undefined =>
    v !== undefined && !(Number.isFinite(v) && v >= 0 && v <= 1)
      ? `${name} must be a number from 0 to 1, got ${v}`
      : undefined;
  const nonNegative = (name: string, v: number | undefined): string | undefined =>
    v !== undefined && !(Number.isFinite(v) && v >= 0)
      ? `${name} must be a number >= 0, got ${v}`
      : undefined;
  const positiveInt = (name: string, v: number | undefined): string | undefined =>
    v !== undefined && !(Number.isInteger(v) && v >= 1)
      ? `${name} must be a whole number >= 1, got ${v}`
      : undefined;
  const dateProblem = (name: string, v: string | undefined): string | undefined => {
    if (v === undefined) return undefined;
    try {
      parseIsoDate(v);
      return undefined;
    } catch {
      return `${name} must be a date YYYY-MM-DD, got ${JSON.stringify(v)}`;
    }
  };
  return (
    dateProblem('today', o.today) ??
    nonNegative('latencyMs', o.latencyMs) ??
    nonNegative('hangMs', o.hangMs) ??
    fraction('failRate', o.failRate) ??
    fraction('truncateRate', o.truncateRate) ??
    (o.rateLimit !== undefined && !(Number.isFinite(o.rateLimit) && o.rateLimit > 0)
      ? `rateLimit must be a number > 0, got ${o.rateLimit}`
      : undefined) ??
    positiveInt('maxSymbolsPerQuote', o.maxSymbolsPerQuote) ??
    [...(o.splits ?? []), ...(o.nullBars ?? []), ...(o.badPrices ?? [])]
      .map((x) => dateProblem('date', x.date))
      .find((p) => p !== undefined)
  );
}
