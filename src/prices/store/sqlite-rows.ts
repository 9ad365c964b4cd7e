// The rows of the SQLite store (keyv's table: key, value). Quotes, searches, records and the breaker
// are keyv's `{ value }` JSON text. A history is a BLOB under `hb:<symbol>` (binary-history.ts), read
// with no JSON or base64 around its columns. Versions before it kept histories as JSON text under
// `h:<symbol>`: such a row still reads, and is rewritten as a BLOB (its text row deleted) by the
// next write. A version that knows only the text form reads none of the BLOB rows (it asks for keys it
// knows), so it takes them as not cached: it fetches, and writes its text row again.
import { binaryHistoryMeta, decodeBinaryHistory, encodeBinaryHistory } from './binary-history.js';
import {
  type CachedHistory,
  NAMESPACE,
  decodeHistory,
  historyIsFresher,
  historyKey,
  storedIsFresher,
  storedValue,
} from './store.js';

/** The key of a history in the binary form (`historyKey` is the text form's). */
export const binaryHistoryKey = (symbol: string) => `hb:${symbol}`;

/** A row to write: full key (namespace included) and its value, JSON text or a BLOB. */
export type Row = [key: string, value: string | Buffer];

export const fullKey = (key: string) => `${NAMESPACE}:${key}`;

/** The row of a history in the binary form. */
export const binaryHistoryRow = (h: CachedHistory): Row => [
  fullKey(binaryHistoryKey(h.symbol)),
  encodeBinaryHistory(h),
];

/** A stored value as node-sqlite3 gives it: TEXT as a string, BLOB as a Buffer. */
export type StoredCell = string | Buffer | null | undefined;

/**
 * Whether the row stored under `key` (full key) should stay rather than be replaced by `incoming`:
 * the rules of `storedIsFresher`, over either form. Anything unreadable stored is replaced.
 */
export function storedRowIsFresher(key: string, stored: StoredCell, incoming: Row[1], now: number): boolean {
  const short = key.slice(NAMESPACE.length + 1);
  if (short.startsWith('hb:')) {
    const symbol = short.slice(3);
    const a = Buffer.isBuffer(stored) ? binaryHistoryMeta(stored, symbol) : undefined;
    const b = Buffer.isBuffer(incoming) ? binaryHistoryMeta(incoming, symbol) : undefined;
    return a !== undefined && b !== undefined && historyIsFresher(a, b);
  }
  if (typeof stored !== 'string' || typeof incoming !== 'string') return false;
  return storedIsFresher(short, storedValue(stored), storedValue(incoming), now);
}

/** What the stored rows give for one symbol's history. */
export interface HistoryRead {
  history: CachedHistory | undefined;
  /** A text-form row is stored for the symbol: rewrite the history as a BLOB and delete that row. */
  textRow: boolean;
}

/**
 * The history of `symbol` among `rows` (by full key): the BLOB, or the text row of an earlier version
 * when there is no readable BLOB or the text row is fresher (an earlier version ran since).
 */
export function readHistory(rows: ReadonlyMap<string, StoredCell>, symbol: string): HistoryRead {
  const blob = rows.get(fullKey(binaryHistoryKey(symbol)));
  const text = rows.get(fullKey(historyKey(symbol)));
  const binary = Buffer.isBuffer(blob) ? decodeBinaryHistory(blob, symbol) : undefined;
  if (text === undefined || text === null) return { history: binary, textRow: false };
  const old = decodeHistory(storedValue(typeof text === 'string' ? text : text.toString('utf8')), symbol);
  const history =
    old !== undefined &&
    (binary === undefined ||
      historyIsFresher(
        old as unknown as Record<string, unknown>,
        binary as unknown as Record<string, unknown>,
      ))
      ? old
      : binary;
  return { history, textRow: true };
}

/** The symbols with a quote and with a history among `keys` (without the namespace), each once. */
export function pricedSymbols(keys: readonly string[]): { quotes: string[]; histories: string[] } {
  const quotes: string[] = [];
  const histories = new Set<string>();
  for (const k of keys) {
    if (k.startsWith('q:')) quotes.push(k.slice(2));
    else if (k.startsWith('h:')) histories.add(k.slice(2));
    else if (k.startsWith('hb:')) histories.add(k.slice(3));
  }
  return { quotes, histories: [...histories] };
}
