// The price cache: where it lives decides which store holds it. A file path is a SQLite file on this
// host (sqlite-store.ts); a `redis://` or `rediss://` URL is a server shared by many hosts
// (redis-store.ts), so a fleet fetches each symbol once and respects a breaker any host opened. A server
// that cannot be reached, or fails mid-run, never fails a run: the run goes on with the local file (or
// uncached) after ONE warning (failover-store.ts). Server credentials are never printed.
import { FailoverStore } from './failover-store.js';
import type { PriceStore } from './store.js';
import { SqliteStore } from './sqlite-store.js';
import { isServerUrl, maskCredentials } from './location.js';

export * from './store.js';
export { isServerUrl, maskCredentials, parseServerUrl } from './location.js';

export interface OpenCacheOptions {
  /** One-line warnings (damaged file moved aside, unwritable location, server unreachable). */
  warn: (message: string) => void;
  now?: () => number;
  busyTimeoutMs?: number;
  /**
   * For a server: the local cache file a run goes on with when the server cannot be reached or fails
   * mid-run. Without it such a run goes on uncached.
   */
  fallbackPath?: string;
  /**
   * For a server: false makes an unreachable or failing server an error instead of a fallback (the
   * `cache` commands, which are about that server). Default true.
   */
  failover?: boolean;
  /** For a server: bound on connecting and on each command, in ms. Default 1500. */
  serverTimeoutMs?: number;
}

/** The cache a run uses: the store interface, whichever store holds it. */
export type PriceCache = PriceStore;

export const PriceCache = {
  /**
   * Opens the cache at `location` (a file path or a server URL). A file: created when needed, a damaged
   * one moved aside and replaced, an unwritable location gives null (uncached), each with one warning.
   * A server: see `OpenCacheOptions.fallbackPath` and `failover`.
   */
  async open(location: string, options: OpenCacheOptions): Promise<PriceCache | null> {
    if (!isServerUrl(location)) return SqliteStore.open(location, options);
    const { RedisStore } = await import('./redis-store.js');
    const timeoutMs = options.serverTimeoutMs ?? 1500;
    const openLocal = async (): Promise<PriceStore | null> =>
      options.fallbackPath === undefined
        ? null
        : SqliteStore.open(options.fallbackPath, { ...options, warn: options.warn });
    if (options.failover === false) return RedisStore.open(location, { timeoutMs, now: options.now });
    let server: PriceStore;
    try {
      server = await RedisStore.open(location, { timeoutMs, now: options.now });
    } catch (error) {
      const local = await openLocal();
      options.warn(fallbackWarning(location, error, local?.path, 'cannot be reached'));
      return local;
    }
    return new FailoverStore(server, async (error) => {
      const local = await openLocal();
      options.warn(fallbackWarning(location, error, local?.path, 'failed'));
      return local;
    });
  },
};

function fallbackWarning(location: string, error: unknown, local: string | undefined, what: string): string {
  const reason = maskCredentials(error instanceof Error ? error.message : String(error), location);
  return `shared cache ${maskCredentials(location)} ${what} (${reason}); ${
    local === undefined ? 'running without a cache' : `going on with the local cache ${local}`
  }`;
}
