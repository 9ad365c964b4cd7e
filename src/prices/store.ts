// What a price cache is, whatever holds it: a SQLite file on this host (sqlite-store.ts) or a server
// shared by many hosts (redis-store.ts). The price pipeline sees only `PriceStore`; both keep the same
// keys and the same stored form (keyv's `{ value }` JSON), so an entry means the same in either.
import type { Bar, DividendEvent, IsoDate, Quote, SplitEvent } from '../types.js';
import { isoOfDayNumber } from './sessions.js';

export const CACHE_SCHEMA_VERSION = 1;
/** keyv namespace of every folio entry (a shared server may hold other programs' keys too). */
export const NAMESPACE = 'folio';

export type CachedQuote = Omit<Quote, 'source'>;

/** A symbol's stored daily history. Bars are kept for good; only missing ranges are fetched. */
export interface CachedHistory {
  symbol: string;
  currency: string;
  exchangeTimezone: string;
  /** Earliest date requested from Yahoo (bars may start later: a listing, a weekend). */
  from: IsoDate;
  /** Latest date requested; bars after the last one shown here did not exist when fetched. */
  to: IsoDate;
  fetchedAt: number;
  bars: Bar[];
  splits: SplitEvent[];
  dividends: DividendEvent[];
  name: string | null;
  /** Yahoo's type (EQUITY, ETF, CURRENCY, ...), when known. */
  quoteType: string | null;
  /** Price and time of the chart's meta, to stand in for a quote when quotes cannot be had. */
  lastPrice: number | null;
  lastMarketTime: number | null;
}

/** Compact stored form: dates as day deltas, adjusted closes only where they differ. */
export interface StoredHistory extends Omit<CachedHistory, 'bars'> {
  v: 1;
  day0: number;
  days: number[];
  close: number[];
  adj: (number | null)[] | null;
}

const DAY = 86_400_000;
const epochDay = (d: IsoDate): number => Math.round(Date.parse(`${d}T00:00:00Z`) / DAY);
/** Day number to `YYYY-MM-DD`, without a Date per bar (a warm run decodes thousands). */
export const isoOfDay = isoOfDayNumber;

export function encodeHistory(h: CachedHistory): StoredHistory {
  const { bars, ...rest } = h;
  const days: number[] = [];
  const close: number[] = [];
  const adj: (number | null)[] = [];
  let anyAdj = false;
  let prev = bars.length > 0 ? epochDay(bars[0]!.date) : 0;
  const day0 = prev;
  for (const b of bars) {
    const d = epochDay(b.date);
    days.push(d - prev);
    prev = d;
    close.push(b.close);
    if (b.adjClose !== b.close) {
      anyAdj = true;
      adj.push(b.adjClose);
    } else adj.push(null);
  }
  return { v: 1, ...rest, day0, days, close, adj: anyAdj ? adj : null };
}

export function decodeHistory(s: StoredHistory): CachedHistory {
  const bars: Bar[] = new Array<Bar>(s.close.length);
  let d = s.day0;
  for (let i = 0; i < s.close.length; i += 1) {
    d += s.days[i] ?? 0;
    const close = s.close[i]!;
    bars[i] = { date: isoOfDay(d), close, adjClose: s.adj?.[i] ?? close };
  }
  const { v: _v, day0: _d, days: _days, close: _c, adj: _a, ...rest } = s;
  return { ...rest, bars };
}

export interface CacheBatch {
  quotes?: CachedQuote[];
  histories?: CachedHistory[];
  /** The circuit breaker's state, so the next run respects an open breaker. */
  breaker?: unknown;
}

export interface CacheStatistics {
  /** The file, or the server URL with its credentials masked. */
  path: string;
  /** `file` for a SQLite file, `server` for a shared cache server. */
  location: 'file' | 'server';
  /** The file's size, or for a server the bytes of folio's stored values. */
  fileBytes: number;
  quotes: number;
  histories: number;
  symbols: string[];
  oldestBar: IsoDate | null;
  newestBar: IsoDate | null;
  oldestFetch: number | null;
  newestFetch: number | null;
  breaker: unknown;
}

export interface ClearFilter {
  symbol?: string;
  /** Only entries fetched before this instant (epoch ms). */
  fetchedBefore?: number;
}

/** One price cache. Reads never see a half-written entry; `write` stores each entry whole. */
export interface PriceStore {
  /** Where it lives, safe to print: a file path, or a server URL with its credentials masked. */
  readonly path: string;
  getQuotes(symbols: readonly string[]): Promise<Map<string, CachedQuote>>;
  getHistories(symbols: readonly string[]): Promise<Map<string, CachedHistory>>;
  getBreaker(): Promise<unknown>;
  /** Writes everything of a run; an entry already stored from a fresher fetch is kept. */
  write(batch: CacheBatch): Promise<void>;
  /** Deletes folio's entries (all, one symbol's, or the older ones); returns how many prices went. */
  clear(filter?: ClearFilter): Promise<number>;
  statistics(): Promise<CacheStatistics>;
  close(): Promise<void>;
}

export const quoteKey = (symbol: string) => `q:${symbol}`;
export const historyKey = (symbol: string) => `h:${symbol}`;
export const BREAKER_KEY = 'meta:breaker';

/** A row as keyv stores it: namespaced key, `{ value }` as JSON. */
export function storedRow(key: string, value: unknown): [string, string] {
  return [`${NAMESPACE}:${key}`, JSON.stringify({ value })];
}

export function parseOrUndefined(data: string): unknown {
  try {
    return JSON.parse(data) as unknown;
  } catch {
    return undefined;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Enough of a quote's shape that using it cannot throw; anything else reads as a miss. */
export function isCachedQuote(v: unknown, symbol: string): v is CachedQuote {
  return (
    isRecord(v) &&
    v.symbol === symbol &&
    typeof v.price === 'number' &&
    typeof v.currency === 'string' &&
    typeof v.fetchedAt === 'number'
  );
}

export function isStoredHistory(v: unknown, symbol: string): v is StoredHistory {
  return (
    isRecord(v) &&
    v.v === 1 &&
    v.symbol === symbol &&
    typeof v.day0 === 'number' &&
    Array.isArray(v.days) &&
    Array.isArray(v.close) &&
    v.days.length === v.close.length &&
    (v.adj === null || (Array.isArray(v.adj) && v.adj.length === v.close.length)) &&
    typeof v.from === 'string' &&
    typeof v.to === 'string' &&
    typeof v.fetchedAt === 'number' &&
    Array.isArray(v.splits) &&
    Array.isArray(v.dividends)
  );
}

/** The stored value of a row written by `storedRow` (keyv's form), or undefined when unreadable. */
export function storedValue(raw: string | null | undefined): unknown {
  if (raw === null || raw === undefined) return undefined;
  const parsed = parseOrUndefined(raw);
  return isRecord(parsed) ? parsed.value : undefined;
}

/** Statistics over decoded entries (both stores count the same way). */
export function summarize(
  quotes: ReadonlyMap<string, CachedQuote>,
  histories: ReadonlyMap<string, CachedHistory>,
  symbols: Iterable<string>,
): Pick<
  CacheStatistics,
  'quotes' | 'histories' | 'symbols' | 'oldestBar' | 'newestBar' | 'oldestFetch' | 'newestFetch'
> {
  let oldestBar: IsoDate | null = null;
  let newestBar: IsoDate | null = null;
  let oldestFetch: number | null = null;
  let newestFetch: number | null = null;
  const seeFetch = (t: number) => {
    oldestFetch = oldestFetch === null ? t : Math.min(oldestFetch, t);
    newestFetch = newestFetch === null ? t : Math.max(newestFetch, t);
  };
  for (const h of histories.values()) {
    const first = h.bars[0]?.date;
    const last = h.bars.at(-1)?.date;
    if (first !== undefined && (oldestBar === null || first < oldestBar)) oldestBar = first;
    if (last !== undefined && (newestBar === null || last > newestBar)) newestBar = last;
    seeFetch(h.fetchedAt);
  }
  for (const q of quotes.values()) seeFetch(q.fetchedAt);
  return {
    quotes: quotes.size,
    histories: histories.size,
    symbols: [...new Set(symbols)].sort(),
    oldestBar,
    newestBar,
    oldestFetch,
    newestFetch,
  };
}

const isIso = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Whether the entry already stored under `key` should stay rather than be replaced by `incoming` (both
 * in stored form). Several hosts (or runs) may write the same symbol at once; each writes a whole,
 * correct entry, and the freshest one stays, whatever order the writes land in:
 * - a quote: the later `fetchedAt`;
 * - a history: the later `to`; on the same `to`, the one reaching further back (more bars), then the
 *   later `fetchedAt`;
 * - the breaker: an open breaker whose open period has not ended (at `now`) stays, unless the incoming
 *   one is open at least as long; a closed or half-open state is only written once it has ended.
 * Anything unreadable stored is replaced. The Redis store runs the same rules in a server-side script.
 */
export function storedIsFresher(key: string, stored: unknown, incoming: unknown, now: number): boolean {
  if (!isRecord(stored) || !isRecord(incoming)) return false;
  if (key.startsWith('q:')) {
    return isNum(stored.fetchedAt) && isNum(incoming.fetchedAt) && stored.fetchedAt > incoming.fetchedAt;
  }
  if (key.startsWith('h:')) {
    const { from: sf, to: st, fetchedAt: sa } = stored;
    const { from: nf, to: nt, fetchedAt: na } = incoming;
    if (!isIso(sf) || !isIso(st) || !isNum(sa) || !isIso(nf) || !isIso(nt) || !isNum(na)) return false;
    if (st !== nt) return st > nt;
    if (sf !== nf) return sf < nf;
    return sa > na;
  }
  if (key === BREAKER_KEY) {
    const openUntil = stored.openUntil;
    if (stored.state !== 'open' || !isNum(openUntil) || openUntil <= now) return false;
    return !(incoming.state === 'open' && isNum(incoming.openUntil) && incoming.openUntil >= openUntil);
  }
  return false;
}
