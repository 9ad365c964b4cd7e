// History loading: a fresh cache entry as it is; otherwise only what the cache lacks (the missing head,
// the missing tail, or everything when an event changed the adjusted closes), with stale cache entries
// as the fallback. Each symbol settles on its own; asks for a symbol on its way share its promise.
import { UnknownSymbolError, isTransient } from '../errors.js';
import type { IsoDate } from '../types.js';
import { type HistoryOutcome, fromCached } from './assemble.js';
import type { CachedHistory, PriceCache } from './store/cache.js';
import type { Clock } from './clock.js';
import { historyIsFresh } from './freshness.js';
import { historyEntry, mergeHistory, nullBarsWarning, tailChangesHistory } from './merge.js';
import { addDays } from '../dates.js';
import type { RunStatsCollector } from './stats.js';
import type { Transport } from './yahoo/transport.js';
import type { YahooChart } from './yahoo/client.js';

export interface HistoryLoaderOptions {
  cache: PriceCache | null;
  transport: Transport;
  clock: Clock;
  stats: RunStatsCollector;
  offline: boolean;
  refresh: boolean;
}

export type HistoryProgress = (done: number, total: number) => void;

export class HistoryLoader {
  private readonly o: HistoryLoaderOptions;
  private readonly inflight = new Map<string, Promise<HistoryOutcome>>();
  /** Histories fetched this run, for the cache write. */
  readonly fetched = new Map<string, CachedHistory>();
  /** Bars Yahoo sent without a close, one line per symbol. */
  readonly warnings: string[] = [];
  /** Told of each settled symbol of a first round. */
  onProgress: HistoryProgress | undefined;

  constructor(options: HistoryLoaderOptions) {
    this.o = options;
  }

  /** The outcome of a symbol asked for earlier in this run. */
  outcome(symbol: string): Promise<HistoryOutcome> {
    return this.inflight.get(symbol)!;
  }

  /** Histories from each symbol's start date to `to`. Shares in-flight asks. */
  async get(requests: ReadonlyMap<string, IsoDate>, to: IsoDate): Promise<Map<string, HistoryOutcome>> {
    const symbols = [...requests.keys()];
    const fresh = symbols.filter((s) => !this.inflight.has(s));
    if (fresh.length > 0) {
      const loaded = this.load(
        fresh.map((s) => [s, requests.get(s)!] as const),
        to,
      );
      for (const [s, outcome] of loaded) this.inflight.set(s, outcome);
    }
    const out = new Map<string, HistoryOutcome>();
    await Promise.all(symbols.map(async (s) => out.set(s, await this.outcome(s))));
    return out;
  }

  /**
   * The retry round: histories that failed for a passing reason are asked for once more, unless the
   * run is offline, the breaker is open or the retry budget is spent. Only live data replaces an outcome.
   */
  async retryFailed(
    outcomes: Map<string, HistoryOutcome>,
    from: ReadonlyMap<string, IsoDate>,
    to: IsoDate,
  ): Promise<void> {
    const { transport } = this.o;
    if (this.o.offline || transport.breaker.state === 'open' || transport.budget.remainingMs <= 0) return;
    const again = [...outcomes]
      .filter(([, o]) => !o.unknown && o.error !== undefined && isTransient(o.error))
      .map(([s]) => [s, from.get(s)!] as const);
    if (again.length === 0) return;
    const retried = this.load(again, to, true);
    for (const [s, outcome] of retried) this.inflight.set(s, outcome);
    for (const [s, outcome] of retried) {
      const o = await outcome;
      if (o.history?.source === 'live') outcomes.set(s, o);
    }
  }

  /** One promise per symbol, settled as soon as that symbol's history is in (rejected only when the cache cannot be read). */
  private load(
    requests: (readonly [string, IsoDate])[],
    to: IsoDate,
    secondRound = false,
  ): Map<string, Promise<HistoryOutcome>> {
    const cachedRead = this.o.cache
      ? this.o.cache.getHistories(requests.map(([s]) => s))
      : Promise.resolve(new Map<string, CachedHistory>());
    const outcomes = new Map<string, Promise<HistoryOutcome>>();
    let done = 0;
    for (const [symbol, from] of requests) {
      const outcome = cachedRead.then((cached) =>
        this.loadOne(symbol, from, to, cached.get(symbol), secondRound),
      );
      outcomes.set(
        symbol,
        secondRound
          ? outcome
          : outcome.then((o) => {
              this.onProgress?.(++done, requests.length);
              return o;
            }),
      );
    }
    return outcomes;
  }

  /** A fresh cache entry as it is; otherwise what the cache lacks, fetched; stale cache on failure. */
  private async loadOne(
    symbol: string,
    from: IsoDate,
    to: IsoDate,
    c: CachedHistory | undefined,
    secondRound: boolean,
  ): Promise<HistoryOutcome> {
    const { stats, refresh } = this.o;
    if (c !== undefined && !refresh && historyIsFresh(c, from, to, this.o.clock.now())) {
      stats.recordCache('history', 'hit');
      return fromCached(c, 'cache');
    }
    if (this.o.offline) {
      if (c === undefined) return { error: new Error('offline: not in the cache') };
      stats.recordCache('history', 'stale');
      return { ...fromCached(c, 'stale'), error: new Error('offline') };
    }
    // A second round looks the same entries up again: counted once, in the first round.
    if (!secondRound) stats.recordCache('history', c === undefined || refresh ? 'miss' : 'partial');
    try {
      return await this.fetch(symbol, from, to, refresh ? undefined : c);
    } catch (error) {
      if (error instanceof UnknownSymbolError) return { unknown: true, error };
      if (c === undefined) return { error };
      if (!secondRound) stats.recordCache('history', 'stale');
      return { ...fromCached(c, 'stale'), error };
    }
  }

  /** Fetches what the cache lacks: the missing head, the missing tail, or everything when events changed. */
  private async fetch(
    symbol: string,
    from: IsoDate,
    to: IsoDate,
    cached: CachedHistory | undefined,
  ): Promise<HistoryOutcome> {
    const chart = (a: IsoDate, b: IsoDate) => this.o.transport.send((c) => c.chart(symbol, a, b));
    if (cached === undefined || cached.bars.length === 0) {
      return this.store(symbol, from, to, await chart(from, to), undefined);
    }
    let merged = cached;
    const parts: YahooChart[] = [];
    if (from < cached.from) {
      const head = await chart(from, addDays(cached.from, -1));
      parts.push(head);
      merged = mergeHistory(merged, head, from, merged.to);
    }
    const lastBar = merged.bars.bar(merged.bars.length - 1);
    if (!historyIsFresh({ ...merged, from }, from, to, this.o.clock.now())) {
      // From the last cached trading date: its bar is fetched again, which also checks that the
      // adjustment of the cached bars still holds.
      const tail = await chart(lastBar.date, to);
      if (tailChangesHistory(merged, tail, lastBar)) {
        // A split or dividend the cache did not know, or a changed close: every adjusted close before
        // it moved. Refetch the whole range once.
        const full = await chart(from, to);
        return this.store(symbol, from, to, full, undefined);
      }
      parts.push(tail);
      merged = mergeHistory(merged, tail, merged.from, to);
    }
    return this.store(symbol, merged.from, to, parts.at(-1), merged);
  }

  /** Records a fetched history for the cache write and returns it as live data. */
  private store(
    symbol: string,
    from: IsoDate,
    to: IsoDate,
    chart: YahooChart | undefined,
    merged: CachedHistory | undefined,
  ): HistoryOutcome {
    const h = historyEntry(symbol, from, to, chart, merged, this.o.clock.now());
    const warning = chart === undefined ? undefined : nullBarsWarning(symbol, chart);
    if (warning !== undefined) this.warnings.push(warning);
    this.fetched.set(symbol, h);
    return fromCached(h, 'live');
  }
}
