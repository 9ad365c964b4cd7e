// The price cache in a file: keyv over @keyv/sqlite, one SQLite file shared by every folio run of the
// user on this host (terminal, cron, CI). WAL journal and a busy timeout so overlapping runs wait
// instead of failing; store errors are thrown (keyv hides them by default, and a locked database must
// not look like a miss); a run's results are written in ONE transaction. A damaged file is moved aside
// and replaced; a file that is not folio's is refused, untouched; a read-only file is read, not
// written; an unusable location degrades to running uncached with one warning.
import type Keyv from 'keyv';
import type KeyvSqlite from '@keyv/sqlite';
import { UsageError } from '../../errors.js';
import {
  TABLE,
  ForeignDatabaseError,
  checkCacheFile,
  describe,
  isCorruption,
  isUnwritable,
  moveAside,
  prepareLocation,
} from './sqlite-file.js';
import {
  fileBytesOf,
  inTransaction,
  keyvOver,
  readOnlyAdapter,
  storedCells,
  writable,
} from './sqlite-connect.js';
import { type Connected, compactFreedPages, connect, connectWhenFree } from './sqlite-open.js';
import {
  type Row,
  binaryHistoryKey,
  binaryHistoryRow,
  fullKey,
  pricedSymbols,
  readHistory,
  storedRowIsFresher,
} from './sqlite-rows.js';
import {
  type CacheBatch,
  type CacheStatistics,
  type CachedHistory,
  type CachedQuote,
  type CachedSearch,
  type ClearFilter,
  NAMESPACE,
  type PriceStore,
  cachedSearches,
  searchKey,
  isCachedQuote,
  quoteKey,
  historyKey,
  storedRow,
  storedValue,
  summarize,
} from './store.js';

export interface SqliteStoreOptions {
  /** One-line warnings (damaged file moved aside, unwritable location). */
  warn: (message: string) => void;
  now?: () => number;
  busyTimeoutMs?: number;
}

export class SqliteStore implements PriceStore {
  readonly path: string;
  // Replaced when damage found while reading or writing is repaired (see `recover`).
  private keyv: Keyv;
  private store: KeyvSqlite;
  private options: Required<SqliteStoreOptions> | undefined;
  /**
   * Valid entries read so far, by key, carried over if damage forces a new file: a quote in stored
   * form, a history decoded (its stored text is not kept alive for the whole run; encoding it again
   * gives the same entry).
   */
  private readonly served = new Map<string, unknown>();
  /**
   * Histories read from an earlier version's text rows, by symbol: written as BLOBs (and the text rows
   * deleted) with the run's write, or when the cache is closed if the run writes nothing.
   */
  private readonly rewrites = new Map<string, CachedHistory | undefined>();
  /** Text rows of this run were rewritten as BLOBs (their pages freed). */
  private migrated = false;
  /** How many times a damaged file was replaced, and the replacement under way. */
  private generation = 0;
  private recovering: Promise<void> | undefined;

  private constructor(
    file: string,
    { keyv, store }: Connected,
    /** The file or its directory cannot be written: read, never written or repaired. */
    private readonly readOnly = false,
  ) {
    this.path = file;
    this.keyv = keyv;
    this.store = store;
  }

  /**
   * Opens (creating when needed) the cache at `file`. A damaged cache of folio's is moved aside as
   * `<name>.corrupt-<timestamp>` and replaced by a new cache; a read-only one is read only; a location
   * that cannot be used gives null (the run goes on uncached). Each says so once through
   * `options.warn`. A file that is not folio's cache is a UsageError, and stays as it is.
   */
  static async open(file: string, options: SqliteStoreOptions): Promise<SqliteStore | null> {
    const now = options.now ?? Date.now;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        prepareLocation(file, now, options.warn);
      } catch (error) {
        options.warn(`cache disabled: cannot use ${file} (${describe(error)}); running without a cache`);
        return null;
      }
      let cache: SqliteStore | undefined;
      const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
      try {
        // Looked at read-only first: opening for real creates keyv's table and switches to WAL, which
        // must not happen to another program's database (or notes) the path points at by mistake.
        await checkCacheFile(file, busyTimeoutMs);
        const reader = writable(file) ? undefined : await readOnlyAdapter(file, TABLE, busyTimeoutMs);
        cache = reader
          ? new SqliteStore(file, { keyv: keyvOver(reader), store: reader }, true)
          : new SqliteStore(file, await connectWhenFree(file, busyTimeoutMs));
        cache.options = { warn: options.warn, now, busyTimeoutMs };
        if (reader) options.warn(`cache file ${file} is read-only: read, but this run cannot update it`);
        return cache;
      } catch (error) {
        await cache?.close().catch(() => {});
        if (error instanceof ForeignDatabaseError) throw error.usageError(file);
        if (isCorruption(error) && attempt === 0) {
          let moved: string;
          try {
            moved = moveAside(file, now);
          } catch (moveError) {
            options.warn(
              `cache disabled: cannot use ${file} (${describe(error)}; ${describe(moveError)}); running without a cache`,
            );
            return null;
          }
          options.warn(
            `cache file ${file} was damaged (${describe(error)}); moved it to ${moved} and started a new cache`,
          );
          continue;
        }
        if (isUnwritable(error) || isCorruption(error)) {
          options.warn(`cache disabled: cannot use ${file} (${describe(error)}); running without a cache`);
          return null;
        }
        throw error;
      }
    }
    return null;
  }

  async getQuotes(symbols: readonly string[]): Promise<Map<string, CachedQuote>> {
    return await this.readEntries(symbols, quoteKey, (v, s) => (isCachedQuote(v, s) ? v : undefined));
  }

  async getHistories(symbols: readonly string[]): Promise<Map<string, CachedHistory>> {
    return await this.readHistories(symbols, true);
  }

  /**
   * The histories of `symbols` over both stored forms (see sqlite-rows.ts); with `migrate`, those in the
   * text form are noted for rewriting as BLOBs. 16 a query: node-sqlite3 copies a query's rows on its
   * worker first, and one group's copy is freed and reused by the next instead of new (slow) pages.
   */
  private async readHistories(
    symbols: readonly string[],
    migrate: boolean,
  ): Promise<Map<string, CachedHistory>> {
    const out = new Map<string, CachedHistory>();
    for (let at = 0, per = 16; at < symbols.length; at += per) {
      const group = symbols.slice(at, at + per);
      const keys = group.flatMap((s) => [fullKey(binaryHistoryKey(s)), fullKey(historyKey(s))]);
      const rows = await this.healing(
        () => storedCells(this.store, TABLE, keys),
        () => new Map<string, string | Buffer>(),
      );
      for (const s of group) {
        if (out.has(s)) continue;
        const { history, textRow } = readHistory(rows, s);
        rows.delete(fullKey(binaryHistoryKey(s)));
        if (textRow && migrate && !this.readOnly) this.rewrites.set(s, history);
        if (history === undefined) continue;
        out.set(s, history);
        this.served.set(binaryHistoryKey(s), history);
      }
    }
    return out;
  }

  /** Entries `decode` reads, by symbol; each text parsed, decoded and dropped in turn (less to collect). */
  private async readEntries<T>(
    symbols: readonly string[],
    keyOf: (symbol: string) => string,
    decode: (value: unknown, symbol: string) => T | undefined,
  ): Promise<Map<string, T>> {
    const out = new Map<string, T>();
    if (symbols.length === 0) return out;
    const keys = symbols.map((s) => `${NAMESPACE}:${keyOf(s)}`);
    const texts = await this.healing(
      () => storedCells(this.store, TABLE, keys),
      () => new Map<string, string | Buffer>(),
    );
    symbols.forEach((s, i) => {
      const text = texts.get(keys[i]!);
      const entry = decode(typeof text === 'string' ? storedValue(text) : undefined, s);
      texts.delete(keys[i]!);
      if (entry === undefined || out.has(s)) return;
      out.set(s, entry);
      this.served.set(keyOf(s), entry);
    });
    return out;
  }

  async getSearches(ids: readonly string[]): Promise<Map<string, CachedSearch>> {
    const read = async () => await this.keyv.getMany<unknown>(ids.map(searchKey));
    return cachedSearches(ids, ids.length === 0 ? [] : await this.healing(read, () => []));
  }

  async getBreaker(): Promise<unknown> {
    return await this.getRecord('meta:breaker');
  }

  /**
   * Runs a cache operation; when SQLite reports damage that opening did not reveal (a bad page in the
   * middle of the file), the file is moved aside, a new cache started, a warning given, and `onFresh`
   * runs on the new cache instead. Without the options from `open` (never in practice) it rethrows.
   */
  private async healing<T>(op: () => Promise<T>, onFresh: () => T | Promise<T>): Promise<T> {
    const file = this.generation;
    try {
      return await op();
    } catch (error) {
      // A read-only file cannot be repaired: what it cannot give is fetched (and not kept).
      if (this.readOnly && isCorruption(error) && this.options !== undefined) {
        this.options.warn(
          `cache file ${this.path} is damaged and read-only (${describe(error)}); not using it`,
        );
        return await onFresh();
      }
      // Reads run side by side: the damage is repaired once, by the first to meet it, and an operation
      // whose file was replaced under it (whatever it then failed with) goes on with the new one.
      if (this.generation === file && this.recovering === undefined) {
        if (!isCorruption(error) || this.options === undefined) throw error;
        this.recovering = this.recover(error, this.options).finally(() => {
          this.generation += 1;
          this.recovering = undefined;
        });
      }
      await this.recovering;
      return await onFresh();
    }
  }

  private async recover(error: unknown, options: Required<SqliteStoreOptions>): Promise<void> {
    await this.store.disconnect().catch(() => {});
    const moved = moveAside(this.path, options.now);
    options.warn(
      `cache file ${this.path} was damaged (${describe(error)}); moved it to ${moved} and started a new cache`,
    );
    prepareLocation(this.path, options.now, options.warn);
    const fresh = await connect(this.path, options.busyTimeoutMs);
    this.keyv = fresh.keyv;
    this.store = fresh.store;
    // What this run already read from the damaged file was sound: keep it.
    if (this.served.size > 0)
      await this.upsert(
        [...this.served].map(([key, value]) =>
          key.startsWith('hb:') ? binaryHistoryRow(value as CachedHistory) : storedRow(key, value),
        ),
      );
  }

  /**
   * Writes everything of a run in one transaction (keyv's adapter has no setMany), with the histories
   * still to be rewritten from the text form.
   */
  async write(batch: CacheBatch): Promise<void> {
    const rows: Row[] = [];
    for (const q of batch.quotes ?? []) rows.push(storedRow(`q:${q.symbol}`, q));
    const histories = new Map(this.rewrites);
    for (const h of batch.histories ?? []) histories.set(h.symbol, h);
    for (const h of histories.values()) if (h !== undefined) rows.push(binaryHistoryRow(h));
    if (batch.breaker !== undefined) rows.push(storedRow('meta:breaker', batch.breaker));
    for (const f of batch.searches ?? []) rows.push(storedRow(searchKey(f.id), f));
    if (rows.length === 0 || this.readOnly) return; // read-only: said once, when opened
    // The text rows of these symbols go: what they held is in the BLOBs, or was unreadable.
    const stale = [...histories.keys()].map((s) => fullKey(historyKey(s)));
    const writeRows = (): Promise<void> => this.upsert(rows, stale);
    await this.healing(writeRows, writeRows);
    for (const s of histories.keys()) {
      if (this.rewrites.has(s)) this.migrated = true;
      this.rewrites.delete(s);
    }
  }

  /**
   * Upserts rows and deletes `stale` keys in one transaction; a row stored from a fresher fetch
   * (another run's) is kept.
   */
  private async upsert(rows: Row[], stale: readonly string[] = []): Promise<void> {
    const upsert = `INSERT INTO ${TABLE} (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`;
    const now = this.options?.now() ?? Date.now();
    await inTransaction(this.store, async () => {
      for (const [key, value] of rows) {
        const [current] = (await this.store.query(`SELECT value FROM ${TABLE} WHERE key = ?`, key)) as {
          value: string | Buffer;
        }[];
        if (current !== undefined && storedRowIsFresher(key, current.value, value, now)) continue;
        await this.store.query(upsert, key, value);
      }
      for (const key of stale) await this.store.query(`DELETE FROM ${TABLE} WHERE key = ?`, key);
    });
  }

  /** Deletes entries: all, one symbol's, or those fetched before `olderThan` (epoch ms). Returns the count. */
  async clear(filter: ClearFilter = {}): Promise<number> {
    if (this.readOnly) throw new UsageError(`cache file ${this.path} is read-only: nothing was cleared`);
    const keys = await this.healing(
      () => this.listKeys(),
      () => [],
    );
    const { quotes: symbolsQ, histories: symbolsH } = pricedSymbols(keys);
    // A history's rows: the BLOB and an earlier version's text row, one price entry for both.
    const historyRows = (s: string) => [historyKey(s), binaryHistoryKey(s)];
    let victims: string[];
    if (filter.symbol !== undefined) {
      const s = filter.symbol;
      victims = [
        ...(symbolsQ.includes(s) ? [quoteKey(s)] : []),
        ...(symbolsH.includes(s) ? historyRows(s) : []),
      ];
    } else if (filter.fetchedBefore !== undefined) {
      const before = filter.fetchedBefore;
      victims = [];
      for (const [s, q] of await this.getQuotes(symbolsQ))
        if (q.fetchedAt < before) victims.push(quoteKey(s));
      for (const [s, h] of await this.readHistories(symbolsH, false))
        if (h.fetchedAt < before) victims.push(...historyRows(s));
    } else {
      victims = keys.filter((k) => /^(q|h|hb|meta):/.test(k));
    }
    if (victims.length === 0) return 0;
    await inTransaction(this.store, async () => {
      for (const k of victims) await this.store.query(`DELETE FROM ${TABLE} WHERE key = ?`, fullKey(k));
    });
    for (const k of victims) if (k.startsWith('hb:')) this.rewrites.delete(k.slice(3));
    const entries = victims.filter((k) => !k.startsWith('meta:')).map((k) => k.replace(/^hb:/, 'h:'));
    return new Set(entries).size;
  }

  private async listKeys(): Promise<string[]> {
    const rows = (await this.store.query(`SELECT key FROM ${TABLE} WHERE key LIKE ?`, `${NAMESPACE}:%`)) as {
      key: string;
    }[];
    return rows.map((r) => r.key.slice(NAMESPACE.length + 1));
  }

  async statistics(): Promise<CacheStatistics> {
    const keys = await this.healing(
      () => this.listKeys(),
      () => [],
    );
    const { quotes: qSymbols, histories: hSymbols } = pricedSymbols(keys);
    const quotes = await this.getQuotes(qSymbols);
    const histories = await this.readHistories(hSymbols, false);
    return {
      path: this.path,
      location: 'file',
      fileBytes: fileBytesOf(this.path),
      ...summarize(quotes, histories, [...qSymbols, ...hSymbols]),
      breaker: (await this.getBreaker()) ?? null,
    };
  }

  async getRecord(key: string): Promise<unknown> {
    return await this.healing(
      async (): Promise<unknown> => await this.keyv.get<unknown>(key),
      () => undefined,
    );
  }

  /** Replaces the record whole (the last writer wins: a record is one run's, not a fetch's). */
  async putRecord(key: string, value: unknown): Promise<void> {
    const writeRow = (): Promise<void> => this.upsert([storedRow(key, value)]);
    await this.healing(writeRow, writeRow);
  }

  /**
   * Closes the file, after rewriting the histories read in the text form if the run wrote nothing. That
   * rewrite failing (the file busy past the timeout) fails nothing: the text rows stay, and read as before.
   */
  async close(): Promise<void> {
    if ([...this.rewrites.values()].some((h) => h !== undefined)) await this.write({}).catch(() => {});
    if (this.migrated) await compactFreedPages(this.store).catch(() => {});
    await this.store.disconnect();
  }
}
