// The one factory of the price pipeline, for the CLI, the tests and the bench: from an opened cache
// and the run's settings to a price service over a queue, a retry budget, a circuit breaker that
// starts from the state the cache kept, run statistics, and a Yahoo client loaded on first need.
import {
  type BreakerOptions,
  type BreakerTransition,
  CircuitBreaker,
  parseBreakerSnapshot,
} from './yahoo/breaker.js';
import type { PriceCache } from './store/cache.js';
import type { Clock } from './clock.js';
import { keepHeapSmall } from './heap.js';
import { RequestQueue } from './yahoo/queue.js';
import { RetryBudget, type RetryPolicy } from './yahoo/retry.js';
import type { FetchFunction } from './yahoo/routing.js';
import { PriceService } from './service.js';
import { RunStatsCollector } from './stats.js';

export interface PricePipelineOptions {
  /** The opened cache; null runs without one. */
  cache: PriceCache | null;
  clock: Clock;
  /** Where the Yahoo client sends and how long a request may take. */
  yahoo: {
    /** A Yahoo-compatible origin in Yahoo's place (FOLIO_YAHOO_URL); undefined = Yahoo itself. */
    origin?: URL;
    timeoutMs: number;
    /** The fetch that really sends (default: the global fetch). */
    baseFetch?: FetchFunction;
    /** `--debug` lines. */
    debug?: (line: string) => void;
  };
  /** Requests in flight at most. */
  concurrency: number;
  /** Requests started per second at most; undefined = no limit. */
  rateLimit?: number;
  /** Wall time the run's retries may spend waiting, in all. */
  retryBudgetMs: number;
  retryPolicy?: RetryPolicy;
  /** Breaker thresholds other than the defaults. */
  breaker?: Partial<Omit<BreakerOptions, 'clock' | 'initial' | 'onTransition'>>;
  onBreakerTransition?: (t: BreakerTransition) => void;
  quoteBatchSize: number;
  /** How long a quote stays fresh while its market is open. */
  quoteTtlMs: number;
  /** Read the cache only; send nothing. */
  offline: boolean;
  /** Ignore freshness and refetch. */
  refresh: boolean;
  /** Retry jitter (default Math.random). */
  random?: () => number;
}

export interface PricePipeline {
  service: PriceService;
  stats: RunStatsCollector;
  breaker: CircuitBreaker;
  cache: PriceCache | null;
  /** How many times the Yahoo client was built (0 on a run served from the cache). */
  clientLoads(): number;
  /**
   * Writes the run's data and the breaker's state to the cache and closes it. A failed write goes to
   * `onWriteError` when given (the cache is still closed), else it is thrown.
   */
  close(onWriteError?: (error: unknown) => void): Promise<void>;
}

export async function createPriceService(o: PricePipelineOptions): Promise<PricePipeline> {
  const { cache, clock } = o;
  const stats = new RunStatsCollector();
  const initial = cache ? parseBreakerSnapshot(await cache.getBreaker().catch(() => undefined)) : undefined;
  const breaker = new CircuitBreaker({
    ...o.breaker,
    clock,
    initial,
    onTransition: (t) => {
      o.onBreakerTransition?.(t);
      stats.recordBreaker(t.to, { at: t.at, from: t.from, to: t.to });
    },
  });
  stats.recordBreaker(breaker.state);
  let clientLoads = 0;
  // From the first request to the close (the cache written): see heap.ts.
  let releaseHeap: (() => void) | undefined;
  const service = new PriceService({
    cache,
    client: async () => {
      clientLoads += 1;
      releaseHeap ??= keepHeapSmall();
      const { createYahooClient } = await import('./yahoo/client.js');
      return createYahooClient({ ...o.yahoo, stats, now: () => clock.now() });
    },
    queue: new RequestQueue({ concurrency: o.concurrency, rateLimit: o.rateLimit, clock }),
    breaker,
    budget: new RetryBudget(o.retryBudgetMs),
    retryPolicy: o.retryPolicy,
    clock,
    stats,
    quoteBatchSize: o.quoteBatchSize,
    quoteTtlMs: o.quoteTtlMs,
    offline: o.offline,
    refresh: o.refresh,
    random: o.random,
  });
  return {
    service,
    stats,
    breaker,
    cache,
    clientLoads: () => clientLoads,
    async close(onWriteError) {
      try {
        await service.flush();
      } catch (error) {
        if (onWriteError === undefined) throw error;
        onWriteError(error);
      } finally {
        stats.recordBreaker(breaker.state);
        try {
          if (onWriteError === undefined) await cache?.close();
          else await cache?.close().catch(() => {});
        } finally {
          releaseHeap?.();
          releaseHeap = undefined;
        }
      }
    },
  };
}
