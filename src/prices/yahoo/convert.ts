// Conversion of yahoo-finance2's quote and chart results into folio's shapes: pure functions, no I/O.
import { DailyBars } from '../../bars.js';
import { fromEpochDay, toEpochDay } from '../../dates.js';
import type { DividendEvent, IsoDate, Quote, SplitEvent } from '../../types.js';
import { tradingDate, tradingDay } from '../sessions.js';

/** A quote as Yahoo gave it, before the service adds provenance. */
export type YahooQuote = Omit<Quote, 'source' | 'fetchedAt'>;

export interface YahooChart {
  symbol: string;
  currency: string;
  exchangeTimezone: string;
  /** Bars with a close, by trading date in the exchange's zone. */
  bars: DailyBars;
  splits: SplitEvent[];
  dividends: DividendEvent[];
  /** Trading dates Yahoo sent without a close (dropped; analytics carries the last close). */
  nullDates: IsoDate[];
  regularMarketPrice: number | null;
  regularMarketTime: number | null;
  name: string | null;
  instrumentType: string | null;
  exchangeName: string | null;
}

// ---- Conversion of the library's results (validated loosely ourselves: a malformed field is a
// data problem of one symbol, not a reason to fail the run).

export interface RawQuote {
  symbol?: unknown;
  shortName?: unknown;
  longName?: unknown;
  currency?: unknown;
  quoteType?: unknown;
  regularMarketPrice?: unknown;
  regularMarketPreviousClose?: unknown;
  regularMarketTime?: unknown;
  marketState?: unknown;
  exchangeTimezoneName?: unknown;
  fullExchangeName?: unknown;
  exchange?: unknown;
}

/**
 * A chart as yahoo-finance2 returns it with `return: 'object'`: Yahoo's own columns (one timestamp per
 * bar beside the close and adjusted-close columns) rather than one object and Date per bar, which a
 * cold run over hundreds of symbols and years of bars would allocate by the million only to drop.
 */
export interface RawChart {
  meta?: {
    symbol?: unknown;
    currency?: unknown;
    exchangeTimezoneName?: unknown;
    regularMarketPrice?: unknown;
    regularMarketTime?: unknown;
    longName?: unknown;
    shortName?: unknown;
    instrumentType?: unknown;
    fullExchangeName?: unknown;
    exchangeName?: unknown;
  };
  /** Seconds since the epoch, one per bar. */
  timestamp?: unknown;
  indicators?: {
    quote?: { close?: unknown }[];
    adjclose?: { adjclose?: unknown }[];
  };
  /** Events keyed by their timestamp. */
  events?: {
    dividends?: Record<string, { date?: unknown; amount?: unknown }>;
    splits?: Record<string, { date?: unknown; numerator?: unknown; denominator?: unknown }>;
  };
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const epochMs = (v: unknown): number | null =>
  v instanceof Date
    ? Number.isNaN(v.getTime())
      ? null
      : v.getTime()
    : typeof v === 'number'
      ? v * 1000
      : null;

export function toYahooQuote(q: RawQuote): YahooQuote | null {
  const symbol = str(q.symbol);
  const price = num(q.regularMarketPrice);
  const currency = str(q.currency);
  if (symbol === null || price === null || currency === null) return null;
  return {
    symbol,
    name: str(q.longName) ?? str(q.shortName),
    currency,
    quoteType: str(q.quoteType) ?? 'EQUITY',
    price,
    previousClose: num(q.regularMarketPreviousClose),
    marketTime: epochMs(q.regularMarketTime) ?? 0,
    marketState: str(q.marketState) ?? 'CLOSED',
    exchangeTimezone: str(q.exchangeTimezoneName) ?? 'America/New_York',
    exchangeName: str(q.fullExchangeName) ?? str(q.exchange),
  };
}

/** A chart without bars (a range before the symbol's listing). */
export function emptyChart(symbol: string): YahooChart {
  return {
    symbol,
    currency: 'USD',
    exchangeTimezone: 'America/New_York',
    bars: DailyBars.EMPTY,
    splits: [],
    dividends: [],
    nullDates: [],
    regularMarketPrice: null,
    regularMarketTime: null,
    name: null,
    instrumentType: null,
    exchangeName: null,
  };
}

export function toYahooChart(
  symbol: string,
  raw: RawChart,
  from: IsoDate,
  to: IsoDate,
  now: number,
): YahooChart {
  const meta = raw.meta ?? {};
  const timezone = str(meta.exchangeTimezoneName) ?? 'America/New_York';
  // meta's price and time describe the day the request was answered, not the range asked for: a
  // price from after `to` (or from the future of the clock) is no price of this range.
  const metaTime = epochMs(meta.regularMarketTime);
  const metaFits = metaTime !== null && metaTime <= now && tradingDate(metaTime, timezone) <= to;
  const fromDay = toEpochDay(from);
  const toDay = toEpochDay(to);
  const byDay = new Map<number, [close: number, adjClose: number]>();
  const nullDates: IsoDate[] = [];
  const { stamps, closes, adjCloses } = columnsOf(symbol, raw);
  for (let i = 0; i < stamps.length; i++) {
    const at = epochMs(stamps[i]);
    if (at === null || !Number.isFinite(at)) continue;
    const day = tradingDay(at, timezone);
    if (day < fromDay || day > toDay) continue;
    const close = num(closes[i]);
    if (close === null || close <= 0) {
      nullDates.push(fromEpochDay(day));
      continue;
    }
    const adj = num(adjCloses?.[i]);
    // Yahoo sometimes repeats a date (an event row): the last one wins.
    byDay.set(day, [close, adj !== null && adj > 0 ? adj : close]);
  }
  const bars = barsOfDays(byDay);
  const splits: SplitEvent[] = [];
  for (const s of Object.values(raw.events?.splits ?? {})) {
    const at = epochMs(s.date);
    const n = num(s.numerator);
    const d = num(s.denominator);
    if (at === null || n === null || d === null || n <= 0 || d <= 0) continue;
    splits.push({ date: tradingDate(at, timezone), ratio: n / d });
  }
  const dividends: DividendEvent[] = [];
  for (const dv of Object.values(raw.events?.dividends ?? {})) {
    const at = epochMs(dv.date);
    const amount = num(dv.amount);
    if (at === null || amount === null) continue;
    dividends.push({ date: tradingDate(at, timezone), amount });
  }
  splits.sort((a, b) => (a.date < b.date ? -1 : 1));
  dividends.sort((a, b) => (a.date < b.date ? -1 : 1));
  return {
    symbol,
    currency: str(meta.currency) ?? 'USD',
    exchangeTimezone: timezone,
    bars,
    splits,
    dividends,
    nullDates,
    regularMarketPrice: metaFits ? num(meta.regularMarketPrice) : null,
    regularMarketTime: metaFits ? metaTime : null,
    name: str(meta.longName) ?? str(meta.shortName),
    instrumentType: str(meta.instrumentType),
    exchangeName: str(meta.fullExchangeName) ?? str(meta.exchangeName),
  };
}

/**
 * The timestamp, close and adjusted-close columns of `raw` (empty when it has no bars). Columns of
 * another length than the timestamps are a malformed answer (yahoo-finance2's array form refused them
 * too): an error of this symbol.
 */
function columnsOf(
  symbol: string,
  raw: RawChart,
): { stamps: readonly unknown[]; closes: readonly unknown[]; adjCloses: readonly unknown[] | undefined } {
  const stamps = Array.isArray(raw.timestamp) ? (raw.timestamp as unknown[]) : [];
  const closes = raw.indicators?.quote?.[0]?.close;
  const adjCloses = raw.indicators?.adjclose?.[0]?.adjclose;
  if (stamps.length === 0) return { stamps, closes: [], adjCloses: undefined };
  if (!Array.isArray(closes) || closes.length !== stamps.length)
    throw new Error(
      `Yahoo's chart for ${symbol} has ${stamps.length} timestamps but ${Array.isArray(closes) ? closes.length : 'no'} closes`,
    );
  return {
    stamps,
    closes: closes as unknown[],
    adjCloses: Array.isArray(adjCloses) ? (adjCloses as unknown[]) : undefined,
  };
}

/** Columns of the bars by day, in day order. */
function barsOfDays(byDay: ReadonlyMap<number, [close: number, adjClose: number]>): DailyBars {
  const days = Int32Array.from(byDay.keys()).sort();
  const close = new Float64Array(days.length);
  const adjClose = new Float64Array(days.length);
  days.forEach((day, i) => {
    const [c, a] = byDay.get(day) as [number, number];
    close[i] = c;
    adjClose[i] = a;
  });
  return new DailyBars(days, close, adjClose);
}
