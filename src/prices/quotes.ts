// Quote loading: fresh cache entries as they are, the rest in batches of at most `quoteBatchSize`
// symbols at quote priority; a failed batch falls back to stale cache entries. Asks for a symbol
// already on its way share its promise.
import type { CachedQuote, PriceCache } from './store/cache.js';
import type { Clock } from './clock.js';
import type { QuoteOutcome } from './assemble.js';
import { quoteIsFresh } from './freshness.js';
import type { RunStatsCollector } from './stats.js';
import type { Transport } from './yahoo/transport.js';
import type { YahooQuote } from './yahoo/client.js';

/**
 * Quote batches start before waiting charts: one batch prices every holding, and a terminal prints
 * the summary only once it is in, so it must not queue behind dozens of histories.
 */
const QUOTE_PRIORITY = 1;

/** Yahoo rejects more than ~100 symbols in one quote request. */
const MAX_QUOTE_BATCH = 99;

export interface QuoteLoaderOptions {
  cache: PriceCache | null;
  transport: Transport;
  clock: Clock;
  stats: RunStatsCollector;
  quoteBatchSize: number;
  /** How long a quote stays fresh while its market is open. */
  quoteTtlMs: number;
  offline: boolean;
  refresh: boolean;
}

interface CacheRead {
  out: Map<string, QuoteOutcome>;
  cached: Map<string, CachedQuote>;
  toFetch: string[];
}

class QuotesUnavailableError extends Error {
  override name = 'QuotesUnavailableError';
}

export class QuoteLoader {
  private readonly o: QuoteLoaderOptions;
  private readonly inflight = new Map<string, Promise<QuoteOutcome>>();
  /** Quotes fetched this run, for the cache write. */
  readonly fetched = new Map<string, CachedQuote>();

  constructor(options: QuoteLoaderOptions) {
    if (
      !Number.isInteger(options.quoteBatchSize) ||
      options.quoteBatchSize < 1 ||
      options.quoteBatchSize > MAX_QUOTE_BATCH
    ) {
      throw new RangeError(`quote batch size must be 1..${MAX_QUOTE_BATCH}`);
    }
    this.o = options;
  }

  /** The outcome of a symbol asked for earlier in this run. */
  outcome(symbol: string): Promise<QuoteOutcome> {
    return this.inflight.get(symbol)!;
  }

  /** Quotes for `symbols`: fresh cache entries as they are, the rest in batches. Shares in-flight asks. */
  async get(symbols: readonly string[]): Promise<Map<string, QuoteOutcome>> {
    const wanted = [...new Set(symbols)];
    const fresh = wanted.filter((s) => !this.inflight.has(s));
    if (fresh.length > 0) for (const [s, outcome] of this.load(fresh)) this.inflight.set(s, outcome);
    const out = new Map<string, QuoteOutcome>();
    await Promise.all(wanted.map(async (s) => out.set(s, await this.outcome(s))));
    return out;
  }

  /** One promise per symbol: a fresh cache entry settles as soon as the cache is read, the rest with their batch. */
  private load(symbols: string[]): Map<string, Promise<QuoteOutcome>> {
    const read = this.readCache(symbols);
    const fetched = read.then((r) => this.fetch(r));
    fetched.catch(() => undefined); // a failed cache read reaches the callers through `read`
    return new Map(
      symbols.map((s) => [s, read.then((r) => r.out.get(s) ?? fetched.then((m) => m.get(s) ?? {}))]),
    );
  }

  private async readCache(symbols: string[]): Promise<CacheRead> {
    const { cache, stats, refresh, quoteTtlMs } = this.o;
    const out = new Map<string, QuoteOutcome>();
    const now = this.o.clock.now();
    const cached = cache ? await cache.getQuotes(symbols) : new Map<string, CachedQuote>();
    const toFetch: string[] = [];
    for (const s of symbols) {
      const c = cached.get(s);
      if (c !== undefined && !refresh && quoteIsFresh(c, now, quoteTtlMs)) {
        out.set(s, { quote: { ...c, source: 'cache' } });
        stats.recordCache('quote', 'hit');
      } else {
        toFetch.push(s);
        if (cache) stats.recordCache('quote', 'miss');
      }
    }
    return { out, cached, toFetch };
  }

  /** Batches of what the cache could not serve; a failed batch falls back to stale entries. */
  private async fetch({ out, cached, toFetch }: CacheRead): Promise<Map<string, QuoteOutcome>> {
    if (toFetch.length === 0) return out;
    const serveStale = (s: string, error: unknown) => {
      const c = cached.get(s);
      if (c !== undefined) {
        out.set(s, { quote: { ...c, source: 'stale' }, error });
        this.o.stats.recordCache('quote', 'stale');
      } else out.set(s, { error });
    };
    if (this.o.offline) {
      for (const s of toFetch) serveStale(s, new Error('offline: not in the cache'));
      return out;
    }
    const size = this.o.quoteBatchSize;
    const chunks: string[][] = [];
    for (let i = 0; i < toFetch.length; i += size) chunks.push(toFetch.slice(i, i + size));
    await Promise.all(
      chunks.map(async (chunk) => {
        let result: YahooQuote[];
        try {
          result = await this.fetchBatch(chunk);
        } catch (error) {
          for (const s of chunk) serveStale(s, error);
          return;
        }
        this.record(chunk, result, out);
      }),
    );
    return out;
  }

  private async fetchBatch(chunk: string[]): Promise<YahooQuote[]> {
    const { transport } = this.o;
    if (transport.offline) throw transport.offline;
    const client = await transport.client();
    // yahoo-finance2 keeps a failed crumb for the whole process: asking again sends nothing and
    // fails again, so quotes are derived from chart data instead.
    if (client.crumbFailed) throw new QuotesUnavailableError('the crumb request failed earlier in this run');
    return transport.send((c) => c.quotes(chunk), QUOTE_PRIORITY);
  }

  private record(chunk: string[], result: YahooQuote[], out: Map<string, QuoteOutcome>): void {
    const fetchedAt = this.o.clock.now();
    const bySymbol = new Map(result.map((q) => [q.symbol.toUpperCase(), q]));
    for (const s of chunk) {
      const q = bySymbol.get(s);
      if (q === undefined) {
        // Absent from a quote response: unknown to Yahoo, or dropped by it; the chart decides.
        out.set(s, { unknown: true });
        continue;
      }
      const stored: CachedQuote = { ...q, symbol: s, fetchedAt };
      this.fetched.set(s, stored);
      out.set(s, { quote: { ...stored, source: 'live' } });
    }
  }
}
