// A shared cache server with a way out: the first failed operation (server gone, restarted, stalled)
// switches the rest of the run to the local store (or to none), said once by `openFallback`, and the
// operation is redone there. A run is never failed, or held up, by the shared cache.
import type {
  CacheBatch,
  CacheStatistics,
  CachedHistory,
  CachedQuote,
  CachedSearch,
  ClearFilter,
  PriceStore,
} from './store.js';

export class FailoverStore implements PriceStore {
  private fallback: Promise<PriceStore | null> | undefined;

  constructor(
    private readonly server: PriceStore,
    /** Opens the local store (or gives null) and warns; called once, with the server's error. */
    private readonly openFallback: (error: unknown) => Promise<PriceStore | null>,
  ) {}

  get path(): string {
    return this.server.path;
  }

  private async use<T>(op: (store: PriceStore) => Promise<T>, none: () => T): Promise<T> {
    if (this.fallback === undefined) {
      try {
        return await op(this.server);
      } catch (error) {
        this.fallback ??= this.failOver(error);
      }
    }
    const local = await this.fallback;
    return local === null ? none() : await op(local);
  }

  private async failOver(error: unknown): Promise<PriceStore | null> {
    await this.server.close().catch(() => {});
    return await this.openFallback(error).catch(() => null);
  }

  getQuotes(symbols: readonly string[]): Promise<Map<string, CachedQuote>> {
    return this.use(
      (s) => s.getQuotes(symbols),
      () => new Map<string, CachedQuote>(),
    );
  }

  getHistories(symbols: readonly string[]): Promise<Map<string, CachedHistory>> {
    return this.use(
      (s) => s.getHistories(symbols),
      () => new Map<string, CachedHistory>(),
    );
  }

  getSearches(ids: readonly string[]): Promise<Map<string, CachedSearch>> {
    return this.use(
      (s) => s.getSearches?.(ids) ?? Promise.resolve(new Map<string, CachedSearch>()),
      () => new Map<string, CachedSearch>(),
    );
  }

  getBreaker(): Promise<unknown> {
    return this.use(
      (s) => s.getBreaker(),
      () => undefined,
    );
  }

  write(batch: CacheBatch): Promise<void> {
    return this.use(
      (s) => s.write(batch),
      () => undefined,
    );
  }

  clear(filter?: ClearFilter): Promise<number> {
    return this.use(
      (s) => s.clear(filter),
      () => 0,
    );
  }

  statistics(): Promise<CacheStatistics> {
    return this.use(
      (s) => s.statistics(),
      () => {
        throw new Error(`the shared cache ${this.server.path} failed`);
      },
    );
  }

  getRecord(key: string): Promise<unknown> {
    return this.use(
      (s) => s.getRecord(key),
      () => undefined,
    );
  }

  putRecord(key: string, value: unknown): Promise<void> {
    return this.use(
      (s) => s.putRecord(key, value),
      () => undefined,
    );
  }

  async close(): Promise<void> {
    if (this.fallback === undefined) await this.server.close();
    else await (await this.fallback)?.close();
  }
}
