// What a price cache is, whatever holds it: a SQLite file on this host (sqlite-store.ts) or a server
// shared by many hosts (redis-store.ts). The price pipeline sees only `PriceStore`; both keep keyv's
// `{ value }` JSON under the same keys, except histories in the SQLite file, which it keeps as BLOBs
// (binary-history.ts, sqlite-rows.ts) and reads in this JSON form too (an earlier version's).
import { DailyBars } from '../../bars.js';
import { packDays, packPrices, unpackDays, unpackPrices } from './columns.js';
import type { DividendEvent, IsoDate, Quote, SplitEvent } from '../../types.js';

/**
 * The SQLite file's layout, recorded in its `folio_meta` table: 1, every entry keyv JSON text; 2,
 * histories may be BLOBs under `hb:<symbol>` (the tables are the same).
 */
export const CACHE_SCHEMA_VERSION = 2;
/** The JSON form of a history that this version writes (`StoredHistory.v`). */
export const HISTORY_FORM = 3;
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
  bars: DailyBars;
  splits: SplitEvent[];
  dividends: DividendEvent[];
  name: string | null;
  /** Yahoo's type (EQUITY, ETF, CURRENCY, ...), when known. */
  quoteType: string | null;
  /** Price and time of the chart's meta, to stand in for a quote when quotes cannot be had. */
  lastPrice: number | null;
  lastMarketTime: number | null;
}

/**
 * The stored form of a history: its fields besides the bars as they are, and the bars as packed
 * columns (columns.ts), which JSON carries as three short strings instead of thousands of numbers:
 * - `days`: the gaps between trading days, from `day0` (one byte each for any gap under 128 days);
 * - `close`, `adj`: the closes and adjusted closes, as scaled integers' deltas when that gives them back
 *   bit for bit (two or three bytes a price), else as raw float64; `adj` is null when every adjusted
 *   close equals its close.
 * Entries written in the first form (`v: 1`: the same columns as JSON arrays) still read, and a
 * write replaces them whatever their dates.
 */
export interface StoredHistory extends Omit<CachedHistory, 'bars'> {
  v: typeof HISTORY_FORM;
  n: number;
  day0: number;
  days: string;
  close: string;
  adj: string | null;
}

/** The first stored form: day gaps, closes and adjusted closes (null where equal) as JSON arrays. */
interface StoredHistoryV1 extends Omit<CachedHistory, 'bars'> {
  v: 1;
  day0: number;
  days: number[];
  close: number[];
  adj: (number | null)[] | null;
}

export function encodeHistory(h: CachedHistory): StoredHistory {
  const { bars, ...rest } = h;
  let adjusted = false;
  for (let i = 0; i < bars.length && !adjusted; i++) adjusted = bars.adjClose[i] !== bars.close[i];
  return {
    v: HISTORY_FORM,
    ...rest,
    n: bars.length,
    day0: bars.days[0] ?? 0,
    days: packDays(bars.days),
    close: packPrices(bars.close),
    adj: adjusted ? packPrices(bars.adjClose) : null,
  };
}

/** The history stored under `symbol`'s key, or undefined when the value is not a readable history. */
export function decodeHistory(value: unknown, symbol: string): CachedHistory | undefined {
  if (!hasHistoryFields(value, symbol)) return undefined;
  const bars =
    value.v === HISTORY_FORM
      ? barsOfPacked(value as unknown as StoredHistory)
      : barsOfV1(value as unknown as StoredHistoryV1);
  if (bars === undefined) return undefined;
  const { v: _v, n: _n, day0: _d, days: _days, close: _c, adj: _a, ...rest } = value;
  return { ...(rest as Omit<CachedHistory, 'bars'>), bars };
}

function barsOfPacked(s: StoredHistory): DailyBars | undefined {
  if (!Number.isInteger(s.n) || s.n < 0 || typeof s.days !== 'string' || typeof s.close !== 'string')
    return undefined;
  if (s.adj !== null && typeof s.adj !== 'string') return undefined;
  const days = unpackDays(s.days, s.day0, s.n);
  const close = unpackPrices(s.close, s.n);
  const adj = s.adj === null ? close : unpackPrices(s.adj, s.n);
  return days && close && adj ? new DailyBars(days, close, adj) : undefined;
}

function barsOfV1(s: StoredHistoryV1): DailyBars | undefined {
  if (!Array.isArray(s.days) || !Array.isArray(s.close) || s.days.length !== s.close.length) return undefined;
  const n = s.close.length;
  if (s.adj !== null && !(Array.isArray(s.adj) && s.adj.length === n)) return undefined;
  const days = new Int32Array(n);
  const close = new Float64Array(n);
  const adjClose = new Float64Array(n);
  let d = s.day0;
  for (let i = 0; i < n; i++) {
    const gap = s.days[i];
    const c = s.close[i];
    const a = s.adj?.[i] ?? c;
    if (typeof gap !== 'number' || typeof c !== 'number' || typeof a !== 'number') return undefined;
    d += gap;
    days[i] = d;
    close[i] = c;
    adjClose[i] = a;
  }
  return new DailyBars(days, close, adjClose);
}

/** What Yahoo's search answered for an identifier (an ISIN): kept for good. */
export interface CachedSearch {
  id: string;
  symbol: string;
  fetchedAt: number;
}

export interface CacheBatch {
  quotes?: CachedQuote[];
  histories?: CachedHistory[];
  /** Symbols found by search (stores without `getSearches` ignore them). */
  searches?: CachedSearch[];
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
  /** Symbols found earlier by search, by identifier (optional: a store without it caches none). */
  getSearches?(ids: readonly string[]): Promise<Map<string, CachedSearch>>;
  /** Writes everything of a run; an entry already stored from a fresher fetch is kept. */
  write(batch: CacheBatch): Promise<void>;
  /** Deletes folio's entries (all, one symbol's, or the older ones); returns how many prices went. */
  clear(filter?: ClearFilter): Promise<number>;
  statistics(): Promise<CacheStatistics>;
  /**
   * folio's own records that are not prices (a digest's baseline): read and written whole under
   * `recordKey(kind, id)`. Prices' `clear` and `statistics` leave them alone.
   */
  getRecord(key: string): Promise<unknown>;
  putRecord(key: string, value: unknown): Promise<void>;
  close(): Promise<void>;
}

export const quoteKey = (symbol: string) => `q:${symbol}`;
export const historyKey = (symbol: string) => `h:${symbol}`;
export const BREAKER_KEY = 'meta:breaker';
/** The key of a record of `kind` (`digest`) for `id` (a file's absolute path), apart from prices' keys. */
export const recordKey = (kind: string, id: string) => `rec:${kind}:${id}`;

export const searchKey = (id: string) => `s:${id}`;

/** The searches among stored values read for `ids` (anything unreadable is a miss). */
export function cachedSearches(
  ids: readonly string[],
  values: readonly unknown[],
): Map<string, CachedSearch> {
  const out = new Map<string, CachedSearch>();
  ids.forEach((id, i) => {
    if (isCachedSearch(values[i], id)) out.set(id, values[i]);
  });
  return out;
}

function isCachedSearch(v: unknown, id: string): v is CachedSearch {
  const r = v as Partial<CachedSearch> | null | undefined;
  return (
    typeof r === 'object' &&
    r !== null &&
    r.id === id &&
    typeof r.symbol === 'string' &&
    typeof r.fetchedAt === 'number'
  );
}

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

/** The fields besides the bars that every stored form of a history has, checked so that using them cannot throw. */
export function hasHistoryMeta(v: unknown, symbol: string): v is Record<string, unknown> {
  return (
    isRecord(v) &&
    v.symbol === symbol &&
    typeof v.from === 'string' &&
    typeof v.to === 'string' &&
    typeof v.fetchedAt === 'number' &&
    Array.isArray(v.splits) &&
    Array.isArray(v.dividends)
  );
}

function hasHistoryFields(v: unknown, symbol: string): v is Record<string, unknown> {
  return hasHistoryMeta(v, symbol) && (v.v === 1 || v.v === HISTORY_FORM) && typeof v.day0 === 'number';
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
    const first = h.bars.length > 0 ? h.bars.date(0) : undefined;
    const last = h.bars.length > 0 ? h.bars.date(h.bars.length - 1) : undefined;
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
 * Whether history `a` is fresher than `b` (their fields besides the bars, in any stored form): the later
 * `to`; on the same `to`, the one reaching further back (more bars), then the later `fetchedAt`.
 */
export function historyIsFresher(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const { from: af, to: at, fetchedAt: aa } = a;
  const { from: bf, to: bt, fetchedAt: ba } = b;
  if (!isIso(af) || !isIso(at) || !isNum(aa) || !isIso(bf) || !isIso(bt) || !isNum(ba)) return false;
  if (at !== bt) return at > bt;
  if (af !== bf) return af < bf;
  return aa > ba;
}

/**
 * Whether the entry already stored under `key` should stay rather than be replaced by `incoming` (both
 * in stored form). Several hosts (or runs) may write the same symbol at once; each writes a whole,
 * correct entry, and the freshest one stays, whatever order the writes land in:
 * - a quote: the later `fetchedAt`;
 * - a history: one in an older stored form never stays; else the later `to`; on the same `to`, the one
 *   reaching further back (more bars), then the later `fetchedAt`;
 * - the breaker: an open breaker whose open period has not ended (at `now`) stays, unless the incoming
 *   one is open at least as long; a closed or half-open state is only written once it has ended.
 * Anything unreadable stored is replaced. The Redis store runs the same rules in a server-side script.
 */
export function storedIsFresher(key: string, stored: unknown, incoming: unknown, now: number): boolean {
  if (!isRecord(stored) || !isRecord(incoming)) return false;
  if (key.startsWith('q:')) {
    return isNum(stored.fetchedAt) && isNum(incoming.fetchedAt) && stored.fetchedAt > incoming.fetchedAt;
  }
  if (key.startsWith('h:')) return stored.v === HISTORY_FORM && historyIsFresher(stored, incoming);
  if (key === BREAKER_KEY) {
    const openUntil = stored.openUntil;
    if (stored.state !== 'open' || !isNum(openUntil) || openUntil <= now) return false;
    return !(incoming.state === 'open' && isNum(incoming.openUntil) && incoming.openUntil >= openUntil);
  }
  return false;
}
