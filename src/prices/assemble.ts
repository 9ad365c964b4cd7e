// What each symbol's load came to (an outcome), and the pure assembly of a run's price data from the
// outcomes: fallbacks applied (a quote from the daily chart), stale and missing data named.
import { CircuitOpenError, OfflineError, UnknownSymbolError } from '../errors.js';
import type { PriceHistory, Provenance, Quote } from '../types.js';
import type { CachedHistory } from './store/cache.js';
import { barCloseAt } from './freshness.js';
import { isSessionOpen, tradingDate } from './sessions.js';

export interface QuoteOutcome {
  quote?: Quote;
  unknown?: boolean;
  error?: unknown;
}

export interface HistoryOutcome {
  history?: PriceHistory;
  unknown?: boolean;
  error?: unknown;
  /** From the chart's meta, for a quote derived from history. */
  lastPrice?: number | null;
  lastMarketTime?: number | null;
  name?: string | null;
  quoteType?: string | null;
}

export interface PriceData {
  quotes: Map<string, Quote>;
  histories: Map<string, PriceHistory>;
  /** Symbols Yahoo does not know. */
  unknown: Set<string>;
  /** Symbols for which nothing could be had (not live, not cached), with the reason. */
  unavailable: Map<string, string>;
  /** One line each: stale data served, quotes derived from charts, null bars dropped. */
  warnings: string[];
}

/** A cache entry as a history outcome with the given provenance. */
export function fromCached(h: CachedHistory, source: Provenance): HistoryOutcome {
  return {
    history: {
      symbol: h.symbol,
      currency: h.currency,
      exchangeTimezone: h.exchangeTimezone,
      bars: h.bars,
      splits: h.splits,
      dividends: h.dividends,
      source,
      fetchedAt: h.fetchedAt,
    },
    lastPrice: h.lastPrice,
    lastMarketTime: h.lastMarketTime,
    name: h.name,
    quoteType: h.quoteType,
  };
}

/**
 * The report's price data from the outcomes at `now`. `warnings` are the run's own (null bars) and
 * come first.
 */
export function assemblePriceData(
  quoteOutcomes: ReadonlyMap<string, QuoteOutcome>,
  historyOutcomes: ReadonlyMap<string, HistoryOutcome>,
  runWarnings: readonly string[],
  now: number,
): PriceData {
  const quotes = new Map<string, Quote>();
  const histories = new Map<string, PriceHistory>();
  const unknown = new Set<string>();
  const unavailable = new Map<string, string>();
  const warnings = [...runWarnings];
  // Offline: one warning for every symbol served from the cache, not one per symbol and kind.
  const offline = new Map<string, number>();
  const servedOffline = (s: string, error: unknown, fetchedAt: number): boolean => {
    if (!(error instanceof OfflineError)) return false;
    offline.set(s, Math.min(offline.get(s) ?? fetchedAt, fetchedAt));
    return true;
  };
  for (const [s, o] of historyOutcomes) {
    if (o.history) histories.set(s, o.history);
    // Unknown only when the quote agrees (dropped from its response) or no quote was asked for.
    const q = quoteOutcomes.get(s);
    if (o.unknown && (q === undefined || q.unknown === true)) unknown.add(s);
    else if (o.unknown) continue;
    else if (o.history?.source === 'stale' && servedOffline(s, o.error, o.history.fetchedAt)) continue;
    else if (o.history?.source === 'stale')
      warnings.push(
        `${s}: history served from cache (stale, ${age(o.history.fetchedAt, now)} old): ${describeFailure(o.error)}`,
      );
    else if (o.history === undefined && quoteOutcomes.get(s)?.quote !== undefined) {
      // The quote alone gives today's price; without bars the report cannot know splits or returns.
      warnings.push(
        `${s}: no daily history from Yahoo (${describeFailure(o.error)}); splits, returns and charts lack it`,
      );
    }
  }
  for (const [s, o] of quoteOutcomes) {
    if (o.quote) {
      quotes.set(s, o.quote);
      if (o.quote.source === 'stale' && !servedOffline(s, o.error, o.quote.fetchedAt))
        warnings.push(
          `${s}: quote served from cache (stale, ${age(o.quote.fetchedAt, now)} old): ${describeFailure(o.error)}`,
        );
      continue;
    }
    if (unknown.has(s)) continue;
    const h = historyOutcomes.get(s);
    if (h?.history && h.history.bars.length > 0) {
      quotes.set(s, quoteFromHistory(h, now));
      if (!servedOffline(s, o.error, h.history.fetchedAt))
        warnings.push(
          `${s}: no quote from Yahoo (${o.unknown ? 'absent from the quote response' : describeFailure(o.error)}); price taken from its daily chart`,
        );
      continue;
    }
    if (o.unknown && chartSaysUnknown(h)) {
      unknown.add(s);
      continue;
    }
    unavailable.set(
      s,
      o.unknown
        ? `absent from the quote response; chart: ${describeFailure(h?.error)}`
        : describeFailure(o.error ?? h?.error),
    );
  }
  for (const s of unknown) {
    quotes.delete(s);
    histories.delete(s);
    offline.delete(s);
  }
  if (offline.size > 0) {
    const oldest = Math.min(...offline.values());
    const why = [...quoteOutcomes.values(), ...historyOutcomes.values()].find(
      (o) => o.error instanceof OfflineError,
    )?.error as OfflineError;
    warnings.push(
      `${why.message}: ${offline.size} symbol(s) served from the cache (stale, up to ${age(oldest, now)} old)`,
    );
  }
  return { quotes, histories, unknown, unavailable, warnings };
}

/**
 * Yahoo's chart says the symbol has no data: "No data found, symbol may be delisted", or "Data
 * doesn't exist" (a range without bars, read as an empty chart).
 */
function chartSaysUnknown(h: HistoryOutcome | undefined): boolean {
  if (h === undefined) return false;
  if (h.unknown === true) return true;
  return h.history !== undefined && h.history.bars.length === 0 && h.error === undefined;
}

function quoteFromHistory(h: HistoryOutcome, now: number): Quote {
  const history = h.history!;
  const bars = history.bars;
  const last = bars.bar(bars.length - 1);
  const lastMarketTime = h.lastMarketTime ?? null;
  const lastPrice = h.lastPrice ?? null;
  // The meta price is newer than the last closed bar when a session is running.
  const lastBarEnd = barCloseAt(last.date, history.exchangeTimezone, h.quoteType);
  const metaIsNewer =
    lastPrice !== null &&
    lastMarketTime !== null &&
    tradingDate(lastMarketTime, history.exchangeTimezone) > last.date;
  return {
    symbol: history.symbol,
    name: h.name ?? null,
    currency: history.currency,
    quoteType: h.quoteType ?? 'EQUITY',
    price: metaIsNewer ? lastPrice : last.close,
    previousClose: metaIsNewer
      ? last.close
      : bars.length > 1
        ? (bars.close[bars.length - 2] as number)
        : null,
    marketTime: metaIsNewer ? lastMarketTime : Math.min(lastBarEnd, now),
    marketState: isSessionOpen(now, history.exchangeTimezone, h.quoteType ?? undefined)
      ? 'REGULAR'
      : 'CLOSED',
    exchangeTimezone: history.exchangeTimezone,
    exchangeName: null,
    // From a chart fetched now: a fallback price, not a live quote. From the cache it stays cached/stale.
    source: history.source === 'live' ? 'chart' : history.source,
    fetchedAt: history.fetchedAt,
  };
}

/** One phrase for why a symbol's data could not be had. */
export function describeFailure(error: unknown): string {
  if (error === undefined) return 'no data';
  if (error instanceof CircuitOpenError) return 'Yahoo paused by the circuit breaker';
  if (error instanceof UnknownSymbolError) return error.message;
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'unknown failure';
}

function age(fetchedAt: number, now: number): string {
  const s = Math.max(0, Math.round((now - fetchedAt) / 1000));
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m} min`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} days`;
}
