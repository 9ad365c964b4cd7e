// When cached prices are still good, and which bars are closes: pure rules over an instant `now`.
import type { DailyBars } from '../bars.js';
import type { IsoDate } from '../types.js';
import type { CachedHistory, CachedQuote } from './store/cache.js';
import {
  isSessionOpen,
  lastSessionClose,
  nextSessionOpen,
  sessionHours,
  tradingDate,
  zonedInstant,
} from './sessions.js';

/**
 * Is a cached quote still good? Fresh for `ttlMs` while its market is open, else until it next opens.
 * A quote fetched "after" now (a pinned FOLIO_NOW, a clock stepped back) is as new as any fetch now.
 */
export function quoteIsFresh(q: CachedQuote, now: number, ttlMs: number): boolean {
  if (now <= q.fetchedAt) return true;
  const open = q.marketState === 'REGULAR' || isSessionOpen(q.fetchedAt, q.exchangeTimezone, q.quoteType);
  if (open) return now - q.fetchedAt < ttlMs;
  return now < nextSessionOpen(q.fetchedAt, q.exchangeTimezone, q.quoteType);
}

/**
 * Cached history is fresh when it covers `from` and was fetched after the latest session close that
 * matters for `to` (today's, or `--as-of`'s): closed daily bars never change, so nothing new exists.
 */
export function historyIsFresh(h: CachedHistory, from: IsoDate, to: IsoDate, now: number): boolean {
  if (h.from > from) return false;
  const type = h.quoteType ?? undefined;
  const relevantClose = lastSessionClose(
    Math.min(now, endOfDay(to, h.exchangeTimezone)),
    h.exchangeTimezone,
    type,
  );
  return h.fetchedAt >= relevantClose && h.to >= tradingDate(relevantClose - 1, h.exchangeTimezone);
}

function endOfDay(date: IsoDate, timeZone: string): number {
  return zonedInstant(date, 24 * 60 - 1, timeZone);
}

/** The instant the session of the bar dated `date` closes. */
export function barCloseAt(date: IsoDate, timeZone: string, quoteType: string | null | undefined): number {
  return zonedInstant(date, sessionHours(timeZone, quoteType ?? undefined).close, timeZone);
}

/** Yahoo's bar for a session still running is not a close: keep only closed bars in history. */
export function dropUnclosedBar(
  bars: DailyBars,
  timeZone: string,
  quoteType: string | null,
  now: number,
): DailyBars {
  if (bars.length === 0) return bars;
  return now < barCloseAt(bars.date(bars.length - 1), timeZone, quoteType) ? bars.slice(0, -1) : bars;
}
