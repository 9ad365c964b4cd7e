// One stats object per run (`--bench`): filled by folio's fetch function, the cache, the queue, retry
// and the breaker; printed by render/bench.ts or put into the JSON report as `bench`.
import type { QuoteSource, RequestKind, RunStats } from '../types.js';
import { monotonicMs } from './clock.js';

export type Phase = 'load' | 'plan' | 'quotes' | 'history' | 'analytics' | 'render' | 'total';

export class RunStatsCollector {
  private readonly data: RunStats;
  private readonly now: () => number;
  /** True once any request got an HTTP answer. */
  private answered = false;

  constructor(now: () => number = monotonicMs) {
    this.now = now;
    this.data = {
      requests: {
        total: 0,
        byKind: { cookie: 0, crumb: 0, quote: 0, chart: 0, other: 0 },
        byStatus: {},
        symbolsPerQuote: [],
        bytesReceived: 0,
      },
      cache: {
        quote: { hits: 0, misses: 0, stale: 0 },
        history: { hits: 0, misses: 0, stale: 0, partial: 0 },
        hitRate: null,
      },
      prices: { live: 0, chart: 0, cache: 0, stale: 0 },
      retries: 0,
      retryWaitMs: 0,
      breaker: { state: 'closed', transitions: [] },
      queue: { peakConcurrency: 0 },
      phases: {},
      peakRssBytes: 0,
    };
  }

  /** A request went on the wire (counted when its outcome is known). */
  /** Has upstream answered any request of this run (any HTTP status)? */
  get upstreamAnswered(): boolean {
    return this.answered;
  }

  recordRequest(
    kind: RequestKind,
    status: number | 'network' | 'timeout',
    bytes: number,
    symbols?: number,
  ): void {
    const r = this.data.requests;
    if (typeof status === 'number') this.answered = true;
    r.total += 1;
    r.byKind[kind] += 1;
    const key = String(status);
    r.byStatus[key] = (r.byStatus[key] ?? 0) + 1;
    r.bytesReceived += bytes;
    if (kind === 'quote' && symbols !== undefined) r.symbolsPerQuote.push(symbols);
  }

  recordCache(kind: 'quote' | 'history', outcome: 'hit' | 'miss' | 'stale' | 'partial', count = 1): void {
    const c = this.data.cache[kind] as Record<string, number>;
    const field = outcome === 'hit' ? 'hits' : outcome === 'miss' ? 'misses' : outcome;
    c[field] = (c[field] ?? 0) + count;
  }

  /** The sources of the run's prices as assembled (the last assembly counts: it holds every symbol). */
  recordPriceSources(sources: Iterable<QuoteSource>): void {
    const prices = { live: 0, chart: 0, cache: 0, stale: 0 };
    for (const source of sources) prices[source] += 1;
    this.data.prices = prices;
  }

  recordRetry(waitMs: number): void {
    this.data.retries += 1;
    this.data.retryWaitMs += waitMs;
  }

  recordBreaker(
    state: RunStats['breaker']['state'],
    transition?: { at: number; from: string; to: string },
  ): void {
    this.data.breaker.state = state;
    if (transition) this.data.breaker.transitions.push(transition);
  }

  recordConcurrency(peak: number): void {
    this.data.queue.peakConcurrency = Math.max(this.data.queue.peakConcurrency, peak);
  }

  /** Adds the wall time of `fn` to `phase` (phases may run more than once, e.g. quotes then history). */
  async time<T>(phase: Phase, fn: () => Promise<T> | T): Promise<T> {
    const start = this.now();
    try {
      return await fn();
    } finally {
      this.addPhase(phase, this.now() - start);
    }
  }

  addPhase(phase: Phase, ms: number): void {
    this.data.phases[phase] = (this.data.phases[phase] ?? 0) + ms;
  }

  /** Peak resident set size of the process so far (the OS keeps the high-water mark). */
  sampleMemory(): void {
    const peak = process.resourceUsage().maxRSS * 1024;
    if (peak > this.data.peakRssBytes) this.data.peakRssBytes = peak;
  }

  /** A copy with derived figures (hit rate, peak RSS) filled in. */
  snapshot(): RunStats {
    this.sampleMemory();
    const copy = structuredClone(this.data);
    const hits = copy.cache.quote.hits + copy.cache.history.hits;
    const looked =
      hits +
      copy.cache.quote.misses +
      copy.cache.history.misses +
      copy.cache.quote.stale +
      copy.cache.history.stale +
      copy.cache.history.partial;
    copy.cache.hitRate = looked === 0 ? null : hits / looked;
    return copy;
  }
}
