// The price cache on a Redis server shared by many hosts, through keyv's official Redis adapter
// (@keyv/redis). Same keys and stored form as the SQLite file (`folio:q:SYM`, `folio:h:SYM`,
// `folio:meta:breaker`, keyv's `{ value }` JSON), one key per entry, each written whole.
//
// Concurrent hosts: a run's entries are written by a server-side script that, per key, keeps an entry
// stored from a fresher fetch (`storedIsFresher`, the same rules as the SQLite store) and otherwise
// replaces it in one SET, so whatever order hosts write in, the freshest complete entry stays.
//
// Faults: connecting and every command are bounded (`timeoutMs`); the client never reconnects on its
// own and queues nothing while disconnected, so a dead or stalled server fails fast and a run can exit.
// The caller decides what a failure means (failover-store.ts: go on with the local file).
import KeyvRedis, { createClient } from '@keyv/redis';
import { maskCredentials } from './location.js';
import {
  BREAKER_KEY,
  type CacheBatch,
  type CacheStatistics,
  type CachedHistory,
  type CachedQuote,
  type ClearFilter,
  HISTORY_FORM,
  NAMESPACE,
  type PriceStore,
  decodeHistory,
  encodeHistory,
  historyKey,
  isCachedQuote,
  quoteKey,
  storedRow,
  storedValue,
  summarize,
} from './store.js';
import { CLAIM_SCRIPT, REFRESH_SCRIPT, RELEASE_SCRIPT } from './redis-leases.js';

const SEPARATOR = ':';

/** Per key: keep a stored entry from a fresher fetch, else SET the new one. Mirrors `storedIsFresher`. */
const WRITE_SCRIPT = `
local now = tonumber(ARGV[1])
local written = 0
for i, key in ipairs(KEYS) do
  local base = (i - 1) * 5 + 1
  local kind, raw, a, b, c = ARGV[base + 1], ARGV[base + 2], ARGV[base + 3], ARGV[base + 4], ARGV[base + 5]
  local keep = false
  local current = redis.call('GET', key)
  if current then
    local ok, decoded = pcall(cjson.decode, current)
    local s = nil
    if ok and type(decoded) == 'table' and type(decoded.value) == 'table' then s = decoded.value end
    if s ~= nil then
      if kind == 'q' then
        keep = type(s.fetchedAt) == 'number' and s.fetchedAt > tonumber(a)
      elseif kind == 'h' then
        if s.v == ${HISTORY_FORM} and type(s.from) == 'string' and type(s.to) == 'string' and type(s.fetchedAt) == 'number' then
          if s.to ~= b then keep = s.to > b
          elseif s.from ~= a then keep = s.from < a
          else keep = s.fetchedAt > tonumber(c) end
        end
      elseif kind == 'b' then
        if s.state == 'open' and type(s.openUntil) == 'number' and s.openUntil > now then
          keep = not (a == 'open' and b ~= '' and tonumber(b) >= s.openUntil)
        end
      end
    end
  end
  if not keep then
    redis.call('SET', key, raw)
    written = written + 1
  end
end
return written
`;

/**
 * A lease lasts LEASE_MS and its run renews it every third of that while it lives, so a run that
 * died (crash, kill) frees its symbols within LEASE_MS and the waiting runs fetch them themselves.
 */
const LEASE_MS = 15_000;
/** Longest a run waits for another's fetch, however long that run keeps its leases. */
const MAX_WAIT_MS = 120_000;
const POLL_MS = 100;

/** Largest payload of one write script call; a big run is written in several (each entry whole). */
const MAX_SCRIPT_BYTES = 4 * 1024 * 1024;

export interface RedisStoreOptions {
  /** Bound on connecting and on each command, in ms. */
  timeoutMs: number;
  now?: () => number;
}

function newClient(url: string, timeoutMs: number) {
  return createClient({
    url,
    // Commands fail at once while disconnected instead of waiting in a queue for a reconnection.
    disableOfflineQueue: true,
    socket: { connectTimeout: timeoutMs, reconnectStrategy: false },
  });
}

type Client = ReturnType<typeof newClient>;

export class RedisStore implements PriceStore {
  readonly path: string;
  private readonly url: string;
  private readonly client: Client;
  private readonly adapter: KeyvRedis<string>;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  /** Identifies this run's leases. */
  private readonly token = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  private readonly leases = new Set<string>();
  private renewal: NodeJS.Timeout | undefined;
  /** The connection's last error event (a dropped socket), to explain the next failed command. */
  private lastError: Error | undefined;

  private constructor(url: string, client: Client, adapter: KeyvRedis<string>, options: RedisStoreOptions) {
    this.url = url;
    this.path = maskCredentials(url);
    this.client = client;
    this.adapter = adapter;
    this.timeoutMs = options.timeoutMs;
    this.now = options.now ?? Date.now;
  }

  /** Connects (bounded by `timeoutMs`) and checks the server answers; throws when it cannot. */
  static async open(url: string, options: RedisStoreOptions): Promise<RedisStore> {
    const client = newClient(url, options.timeoutMs);
    // The adapter's parameter type names every RESP version; this client is the plain RESP2 one.
    const adapter = new KeyvRedis<string>(client as unknown as ConstructorParameters<typeof KeyvRedis>[0], {
      namespace: NAMESPACE,
      keyPrefixSeparator: SEPARATOR,
      throwOnConnectError: true,
      throwOnErrors: true,
      connectionTimeout: options.timeoutMs,
    });
    const store = new RedisStore(url, client, adapter, options);
    // An error event without a listener would crash the process; the failed command reports it.
    client.on('error', (error: Error) => (store.lastError = error));
    adapter.on('error', (error: Error) => (store.lastError ??= error));
    try {
      await store.bounded(async () => {
        await client.connect();
        await client.ping();
      });
    } catch (error) {
      store.destroy();
      throw store.explain(error);
    }
    return store;
  }

  async getQuotes(symbols: readonly string[]): Promise<Map<string, CachedQuote>> {
    const out = new Map<string, CachedQuote>();
    const values = await this.readMany(symbols.map(quoteKey));
    symbols.forEach((s, i) => {
      const v = values[i];
      if (isCachedQuote(v, s)) out.set(s, v);
    });
    return out;
  }

  /**
   * Histories for `symbols`. Those missing are leased for this run to fetch; when another run (another
   * host) is fetching some of them right now, this waits for what it writes instead of fetching the
   * same symbols again (bounded: a lease ends with its run, or after LEASE_MS if that run died).
   */
  async getHistories(symbols: readonly string[]): Promise<Map<string, CachedHistory>> {
    const out = new Map<string, CachedHistory>();
    const take = (list: readonly string[], values: unknown[]) =>
      list.forEach((s, i) => {
        const history = decodeHistory(values[i], s);
        if (history !== undefined) out.set(s, history);
      });
    take(symbols, await this.readMany(symbols.map(historyKey)));
    let missing = symbols.filter((s) => !out.has(s));
    if (missing.length === 0) return out;
    const leaseKeys = missing.map((s) => `${NAMESPACE}${SEPARATOR}lease:${historyKey(s)}`);
    const claimed = await this.bounded(() =>
      this.client.eval(CLAIM_SCRIPT, { keys: leaseKeys, arguments: [this.token, String(LEASE_MS)] }),
    );
    if (claimed === 1) {
      for (const k of leaseKeys) this.leases.add(k);
      this.renewal ??= setInterval(() => void this.renewLeases(), LEASE_MS / 3).unref();
      return out;
    }
    // Another run is fetching some of them: wait for its entries, or for its leases to end.
    const deadline = Date.now() + MAX_WAIT_MS;
    while (missing.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const keys = missing.map((s) => `lease:${historyKey(s)}`);
      const [values, held] = await Promise.all([
        this.readMany(missing.map(historyKey)),
        this.bounded(() => this.adapter.getMany<string>(keys)),
      ]);
      take(missing, values);
      missing = missing.filter((s, i) => !out.has(s) && held[i] !== undefined && held[i] !== null);
    }
    return out;
  }

  async getBreaker(): Promise<unknown> {
    const [value] = await this.readMany([BREAKER_KEY]);
    return value;
  }

  private async readMany(keys: string[]): Promise<unknown[]> {
    if (keys.length === 0) return [];
    const raw = await this.bounded(() => this.adapter.getMany<string>(keys));
    return raw.map((r) => storedValue(r));
  }

  async write(batch: CacheBatch): Promise<void> {
    // Per entry: key, kind, stored JSON and the fields the script compares.
    const entries: [string, string[]][] = [];
    for (const q of batch.quotes ?? []) {
      const [key, raw] = storedRow(quoteKey(q.symbol), q);
      entries.push([key, ['q', raw, String(q.fetchedAt), '', '']]);
    }
    for (const h of batch.histories ?? []) {
      const [key, raw] = storedRow(historyKey(h.symbol), encodeHistory(h));
      entries.push([key, ['h', raw, h.from, h.to, String(h.fetchedAt)]]);
    }
    if (batch.breaker !== undefined) {
      const [key, raw] = storedRow(BREAKER_KEY, batch.breaker);
      const b = batch.breaker as { state?: unknown; openUntil?: unknown } | null;
      const openUntil = typeof b?.openUntil === 'number' ? String(b.openUntil) : '';
      entries.push([key, ['b', raw, typeof b?.state === 'string' ? b.state : '', openUntil, '']]);
    }
    let keys: string[] = [];
    let args: string[] = [];
    let bytes = 0;
    const send = async () => {
      if (keys.length === 0) return;
      const options = { keys, arguments: [String(this.now()), ...args] };
      await this.bounded(() => this.client.eval(WRITE_SCRIPT, options));
      keys = [];
      args = [];
      bytes = 0;
    };
    for (const [key, fields] of entries) {
      const size = fields[1]!.length;
      if (bytes > 0 && bytes + size > MAX_SCRIPT_BYTES) await send();
      // `storedRow` names the key as keyv's SQLite rows do (`folio:...`), which is the Redis key too.
      keys.push(key);
      args.push(...fields);
      bytes += size;
    }
    await send();
  }

  async clear(filter: ClearFilter = {}): Promise<number> {
    const entries = await this.entries();
    let victims: string[];
    if (filter.symbol !== undefined) {
      victims = [quoteKey(filter.symbol), historyKey(filter.symbol)].filter((k) => entries.has(k));
    } else if (filter.fetchedBefore !== undefined) {
      const before = filter.fetchedBefore;
      victims = [...entries]
        .filter(([k, v]) => {
          if (!k.startsWith('q:') && !k.startsWith('h:')) return false;
          const at = (v.value as { fetchedAt?: unknown } | undefined)?.fetchedAt;
          return typeof at === 'number' && at < before;
        })
        .map(([k]) => k);
    } else {
      victims = [...entries.keys()].filter((k) => /^(q|h|meta):/.test(k));
    }
    if (victims.length === 0) return 0;
    // Only folio's own keys, named one by one: never FLUSHDB, never another program's keys.
    await this.bounded(() => this.adapter.deleteMany(victims));
    return victims.filter((k) => !k.startsWith('meta:')).length;
  }

  /** folio's entries on the server (key without the namespace -> value and stored size). */
  private async entries(): Promise<Map<string, { value: unknown; bytes: number }>> {
    return await this.bounded(async () => {
      const out = new Map<string, { value: unknown; bytes: number }>();
      for await (const [key, raw] of this.adapter.iterator<string>(NAMESPACE)) {
        if (typeof raw !== 'string') continue;
        out.set(key, { value: storedValue(raw), bytes: Buffer.byteLength(raw) });
      }
      return out;
    }, 10);
  }

  async statistics(): Promise<CacheStatistics> {
    const entries = await this.entries();
    const quotes = new Map<string, CachedQuote>();
    const histories = new Map<string, CachedHistory>();
    let bytes = 0;
    for (const [key, { value, bytes: size }] of entries) {
      bytes += size;
      const symbol = key.slice(2);
      if (key.startsWith('q:') && isCachedQuote(value, symbol)) quotes.set(symbol, value);
      const history = key.startsWith('h:') ? decodeHistory(value, symbol) : undefined;
      if (history !== undefined) histories.set(symbol, history);
    }
    const symbols = [...entries.keys()].filter((k) => /^[qh]:/.test(k)).map((k) => k.slice(2));
    return {
      path: this.path,
      location: 'server',
      fileBytes: bytes,
      ...summarize(quotes, histories, symbols),
      breaker: entries.get(BREAKER_KEY)?.value ?? null,
    };
  }

  async getRecord(key: string): Promise<unknown> {
    const [value] = await this.readMany([key]);
    return value;
  }

  /** Replaces the record whole in one SET (the last writer wins: a record is one run's). */
  async putRecord(key: string, value: unknown): Promise<void> {
    const [, raw] = storedRow(key, value);
    await this.bounded(() => this.adapter.set(key, raw));
  }

  private async renewLeases(): Promise<void> {
    const keys = [...this.leases];
    if (keys.length === 0 || !this.client.isOpen) return;
    // Not `bounded`: a slow renewal must not drop the connection the run still needs; a failed one
    // only lets the lease run out.
    await this.client
      .eval(REFRESH_SCRIPT, { keys, arguments: [this.token, String(LEASE_MS)] })
      .catch(() => {});
  }

  async close(): Promise<void> {
    clearInterval(this.renewal);
    if (!this.client.isOpen) return;
    try {
      if (this.leases.size > 0) {
        const keys = [...this.leases];
        await this.bounded(() => this.client.eval(RELEASE_SCRIPT, { keys, arguments: [this.token] }));
        this.leases.clear();
      }
      await this.bounded(() => this.client.close());
    } catch {
      this.destroy();
    }
  }

  private destroy(): void {
    try {
      this.client.destroy();
    } catch {
      // already closed
    }
  }

  /**
   * Runs a command with a deadline (`factor` times the timeout, for a scan of many keys). A command
   * that misses it drops the connection, so nothing is left waiting on a stalled server.
   */
  private async bounded<T>(op: () => Promise<T>, factor = 1): Promise<T> {
    const ms = this.timeoutMs * factor;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      // Rejected from the check phase, after the poll phase has read the socket: when this process
      // itself was busy past the deadline (a long synchronous stretch), an answer that arrived in the
      // meantime still wins.
      timer = setTimeout(() => setImmediate(() => reject(new Error(`no answer within ${ms} ms`))), ms);
    });
    try {
      return await Promise.race([op(), deadline]);
    } catch (error) {
      if (error instanceof Error && /^no answer within/.test(error.message)) this.destroy();
      throw this.explain(error);
    } finally {
      clearTimeout(timer);
    }
  }

  /** One line saying why, never with the URL's credentials. */
  private explain(error: unknown): Error {
    const base = error instanceof Error ? error : new Error(String(error));
    let message = base.message;
    // The adapter's own "is not connected" hides the cause; the connection's error event has it.
    if (/not connected|client is closed|connection closed/i.test(message) && this.lastError !== undefined)
      message = this.lastError.message || message;
    const code = (this.lastError as { code?: string } | undefined)?.code ?? (base as { code?: string }).code;
    if (message === '' && code !== undefined) message = code;
    return new Error(maskCredentials(message, this.url), { cause: base });
  }
}
