// The price service: the one place every consumer (summary, holdings, ETF comparison, charts, FX)
// gets prices from. It serves fresh cache entries without a request, fetches quotes in batches and
// history only where missing, shares in-flight requests, sends everything through one queue, retry
// policy and circuit breaker, falls back to stale cache entries, and records what it did.
import { CircuitOpenError, RateLimitedError, UnknownSymbolError, isTransient } from '../errors.js';
import type { IsoDate, PriceHistory, Provenance, Quote } from '../types.js';
import type { CircuitBreaker } from './breaker.js';
import type { CachedHistory, CachedQuote, PriceCache } from './cache.js';
import type { Clock } from './clock.js';
import { type PricePlan, fxPairsFor, guessCurrency } from './plan.js';
import type { RequestQueue } from './queue.js';
import { type RetryBudget, type RetryPolicy, withRetry } from './retry.js';
import {
  addDays,
  isSessionOpen,
  lastSessionClose,
  nextSessionOpen,
  tradingDate,
  zonedInstant,
  sessionHours,
} from './sessions.js';
import type { RunStatsCollector } from './stats.js';
import type { YahooChart, YahooClient, YahooQuote } from './yahoo.js';

/**
 * Quote batches start before waiting charts: one batch prices every holding, and a terminal prints
 * the summary only once it is in, so it must not queue behind dozens of histories.
 */
const QUOTE_PRIORITY = 1;

/** Yahoo rejects more than ~100 symbols in one quote request. */
export const MAX_QUOTE_BATCH = 99;

export interface PriceServiceOptions {
  cache: PriceCache | null;
  /** Builds the Yahoo client on first need (yahoo-finance2 is loaded only then). */
  client: () => Promise<YahooClient>;
  queue: RequestQueue;
  breaker: CircuitBreaker;
  budget: RetryBudget;
  retryPolicy?: RetryPolicy;
  clock: Clock;
  stats: RunStatsCollector;
  quoteBatchSize: number;
  /** How long a quote stays fresh while its market is open. */
  quoteTtlMs: number;
  /** Read the cache only; send nothing. */
  offline: boolean;
  /** Ignore freshness and refetch. */
  refresh: boolean;
  random?: () => number;
}

export interface PriceData {
  quotes: Map<string, Quote>;
  histories: Map<string, PriceHistory>;
  /** Symbols Yahoo does not know. */
  unknown: Set<string>;
  /** Symbols for which nothing could be had (not live, not cached), with the reason. */
  unavailable: Map<string, string>;
  /** One line each: stale data served, quotes derived from charts, null bars dropped. */
  warnings: string[];
}

/** What a terminal prints first: all but some symbols' prices, handed over before those arrive. */
export interface EarlyData {
  /** Symbols the early data does without (their quotes and histories are fetched after the rest). */
  later: ReadonlySet<string>;
  /** Called at most once; load() waits for it. Not called when some needed history may still change. */
  ready(data: PriceData): Promise<void> | void;
}

interface QuoteOutcome {
  quote?: Quote;
  unknown?: boolean;
  error?: unknown;
}

interface HistoryOutcome {
  history?: PriceHistory;
  unknown?: boolean;
  error?: unknown;
  /** From the chart's meta, for a quote derived from history. */
  lastPrice?: number | null;
  lastMarketTime?: number | null;
  name?: string | null;
  quoteType?: string | null;
}

export class PriceService {
  private readonly o: PriceServiceOptions;
  private clientPromise: Promise<YahooClient> | undefined;
  private readonly inflightQuotes = new Map<string, Promise<QuoteOutcome>>();
  private readonly inflightHistory = new Map<string, Promise<HistoryOutcome>>();
  private readonly pendingQuotes = new Map<string, CachedQuote>();
  private readonly pendingHistories = new Map<string, CachedHistory>();
  private readonly warnings: string[] = [];
  private breakerDirty = false;
  private retryWaitCounted = 0;
  private onHistoryProgress: ((done: number, total: number) => void) | undefined;

  constructor(options: PriceServiceOptions) {
    if (
      !Number.isInteger(options.quoteBatchSize) ||
      options.quoteBatchSize < 1 ||
      options.quoteBatchSize > MAX_QUOTE_BATCH
    ) {
      throw new RangeError(`quote batch size must be 1..${MAX_QUOTE_BATCH}`);
    }
    this.o = options;
  }

  private now(): number {
    return this.o.clock.now();
  }

  private client(): Promise<YahooClient> {
    this.clientPromise ??= this.o.client();
    return this.clientPromise;
  }

  /**
   * One Yahoo call through the shared throttle, breaker and retry policy. The breaker sees the call's
   * outcome after its retries (30 % of answers failing is not an outage when retries get through), and
   * is asked again right before every send, in the queue slot: a request queued or backing off when
   * the breaker opened is never sent.
   */
  private async send<T>(call: (client: YahooClient) => Promise<T>, priority = 0): Promise<T> {
    this.breakerDirty = true;
    for (;;) {
      try {
        return await this.attempt(call, priority);
      } catch (error) {
        // Turned away only because a half-open probe is out: wait for its verdict rather than fall
        // back to the cache while Yahoo may have recovered. Closed: go; open again: give up.
        if (error instanceof CircuitOpenError && this.o.breaker.probing) {
          await this.o.breaker.probeSettled();
          continue;
        }
        throw error;
      }
    }
  }

  private attempt<T>(call: (client: YahooClient) => Promise<T>, priority: number): Promise<T> {
    return this.o.breaker.execute((gate) =>
      withRetry(
        async () => {
          gate();
          const client = await this.client();
          try {
            const result = await this.o.queue.run(() => {
              gate();
              return call(client);
            }, priority);
            this.o.queue.noteSuccess();
            return result;
          } catch (error) {
            if (error instanceof RateLimitedError) this.o.queue.noteRateLimited(error.retryAfterMs ?? 1000);
            throw error;
          } finally {
            this.o.stats.recordConcurrency(this.o.queue.peakConcurrency);
          }
        },
        {
          policy: this.o.retryPolicy,
          budget: this.o.budget,
          clock: this.o.clock,
          random: this.o.random,
          // Retry wait as the run felt it: what the budget charged (overlapping waits count once).
          events: {
            onRetry: () => {
              const spent = this.o.budget.spentMs;
              this.o.stats.recordRetry(spent - this.retryWaitCounted);
              this.retryWaitCounted = spent;
            },
          },
        },
      ),
    );
  }

  // ---- Quotes

  /** Is a cached quote still good? Fresh for the TTL while its market is open, else until it next opens. */
  quoteIsFresh(q: CachedQuote, now: number): boolean {
    // A quote fetched "after" now (a pinned FOLIO_NOW, a clock stepped back) is as new as any fetch now.
    if (now <= q.fetchedAt) return true;
    const open = q.marketState === 'REGULAR' || isSessionOpen(q.fetchedAt, q.exchangeTimezone, q.quoteType);
    if (open) return now - q.fetchedAt < this.o.quoteTtlMs;
    return now < nextSessionOpen(q.fetchedAt, q.exchangeTimezone, q.quoteType);
  }

  /** Quotes for `symbols`: fresh cache entries as they are, the rest in batches. Shares in-flight asks. */
  async getQuotes(symbols: readonly string[]): Promise<Map<string, QuoteOutcome>> {
    const wanted = [...new Set(symbols)];
    const fresh = wanted.filter((s) => !this.inflightQuotes.has(s));
    if (fresh.length > 0)
      for (const [s, outcome] of this.loadQuotes(fresh)) this.inflightQuotes.set(s, outcome);
    const out = new Map<string, QuoteOutcome>();
    await Promise.all(wanted.map(async (s) => out.set(s, await this.inflightQuotes.get(s)!)));
    return out;
  }

  /** One promise per symbol: a fresh cache entry settles as soon as the cache is read, the rest with their batch. */
  private loadQuotes(symbols: string[]): Map<string, Promise<QuoteOutcome>> {
    const read = this.readQuotes(symbols);
    const fetched = read.then((r) => this.fetchQuotes(r.out, r.cached, r.toFetch));
    fetched.catch(() => undefined); // a failed cache read reaches the callers through `read`
    return new Map(
      symbols.map((s) => [s, read.then((r) => r.out.get(s) ?? fetched.then((m) => m.get(s) ?? {}))]),
    );
  }

  private async readQuotes(
    symbols: string[],
  ): Promise<{ out: Map<string, QuoteOutcome>; cached: Map<string, CachedQuote>; toFetch: string[] }> {
    const out = new Map<string, QuoteOutcome>();
    const now = this.now();
    const cached = this.o.cache ? await this.o.cache.getQuotes(symbols) : new Map<string, CachedQuote>();
    const toFetch: string[] = [];
    for (const s of symbols) {
      const c = cached.get(s);
      if (c !== undefined && !this.o.refresh && this.quoteIsFresh(c, now)) {
        out.set(s, { quote: { ...c, source: 'cache' } });
        this.o.stats.recordCache('quote', 'hit');
      } else {
        toFetch.push(s);
        if (this.o.cache) this.o.stats.recordCache('quote', 'miss');
      }
    }
    return { out, cached, toFetch };
  }

  /** Batches of what the cache could not serve; a failed batch falls back to stale entries. */
  private async fetchQuotes(
    out: Map<string, QuoteOutcome>,
    cached: Map<string, CachedQuote>,
    toFetch: string[],
  ): Promise<Map<string, QuoteOutcome>> {
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
    const chunks: string[][] = [];
    for (let i = 0; i < toFetch.length; i += this.o.quoteBatchSize)
      chunks.push(toFetch.slice(i, i + this.o.quoteBatchSize));
    await Promise.all(
      chunks.map(async (chunk) => {
        let result: YahooQuote[];
        try {
          const client = await this.client();
          // yahoo-finance2 keeps a failed crumb for the whole process: asking again sends nothing
          // and fails again, so quotes are derived from chart data instead (see YAHOO.md).
          if (client.crumbFailed)
            throw new QuotesUnavailableError('the crumb request failed earlier in this run');
          result = await this.send((c) => c.quotes(chunk), QUOTE_PRIORITY);
        } catch (error) {
          for (const s of chunk) serveStale(s, error);
          return;
        }
        const fetchedAt = this.now();
        const bySymbol = new Map(result.map((q) => [q.symbol.toUpperCase(), q]));
        for (const s of chunk) {
          const q = bySymbol.get(s);
          if (q === undefined) {
            // Absent from a quote response: unknown to Yahoo, or dropped by it; the chart decides.
            out.set(s, { unknown: true });
            continue;
          }
          const stored: CachedQuote = { ...q, symbol: s, fetchedAt };
          this.pendingQuotes.set(s, stored);
          out.set(s, { quote: { ...stored, source: 'live' } });
        }
      }),
    );
    return out;
  }

  // ---- History

  /**
   * Cached history is fresh when it covers `from` and was fetched after the latest session close that
   * matters for `to` (today's, or `--as-of`'s): closed daily bars never change, so nothing new exists.
   */
  historyIsFresh(h: CachedHistory, from: IsoDate, to: IsoDate, now: number): boolean {
    if (h.from > from) return false;
    const type = h.quoteType ?? undefined;
    const relevantClose = lastSessionClose(
      Math.min(now, endOfDay(to, h.exchangeTimezone)),
      h.exchangeTimezone,
      type,
    );
    return h.fetchedAt >= relevantClose && h.to >= tradingDate(relevantClose - 1, h.exchangeTimezone);
  }

  async getHistories(
    requests: ReadonlyMap<string, IsoDate>,
    to: IsoDate,
  ): Promise<Map<string, HistoryOutcome>> {
    const symbols = [...requests.keys()];
    const fresh = symbols.filter((s) => !this.inflightHistory.has(s));
    if (fresh.length > 0) {
      const loaded = this.loadHistories(
        fresh.map((s) => [s, requests.get(s)!] as const),
        to,
      );
      for (const [s, outcome] of loaded) this.inflightHistory.set(s, outcome);
    }
    const out = new Map<string, HistoryOutcome>();
    await Promise.all(symbols.map(async (s) => out.set(s, await this.inflightHistory.get(s)!)));
    return out;
  }

  /** One promise per symbol, settled as soon as that symbol's history is in (rejected only when the cache cannot be read). */
  private loadHistories(
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
        this.historyOutcome(symbol, from, to, cached.get(symbol), secondRound),
      );
      outcomes.set(
        symbol,
        secondRound
          ? outcome
          : outcome.then((o) => {
              this.onHistoryProgress?.(++done, requests.length);
              return o;
            }),
      );
    }
    return outcomes;
  }

  /** A fresh cache entry as it is; otherwise what the cache lacks, fetched; stale cache on failure. */
  private async historyOutcome(
    symbol: string,
    from: IsoDate,
    to: IsoDate,
    c: CachedHistory | undefined,
    secondRound: boolean,
  ): Promise<HistoryOutcome> {
    if (c !== undefined && !this.o.refresh && this.historyIsFresh(c, from, to, this.now())) {
      this.o.stats.recordCache('history', 'hit');
      return fromCached(c, 'cache');
    }
    if (this.o.offline) {
      if (c === undefined) return { error: new Error('offline: not in the cache') };
      this.o.stats.recordCache('history', 'stale');
      return { ...fromCached(c, 'stale'), error: new Error('offline') };
    }
    // A second round looks the same entries up again: counted once, in the first round.
    if (!secondRound)
      this.o.stats.recordCache('history', c === undefined || this.o.refresh ? 'miss' : 'partial');
    try {
      return await this.fetchHistory(symbol, from, to, this.o.refresh ? undefined : c);
    } catch (error) {
      if (error instanceof UnknownSymbolError) return { unknown: true, error };
      if (c === undefined) return { error };
      if (!secondRound) this.o.stats.recordCache('history', 'stale');
      return { ...fromCached(c, 'stale'), error };
    }
  }

  /** Fetches what the cache lacks: the missing head, the missing tail, or everything when events changed. */
  private async fetchHistory(
    symbol: string,
    from: IsoDate,
    to: IsoDate,
    cached: CachedHistory | undefined,
  ): Promise<HistoryOutcome> {
    const chart = (a: IsoDate, b: IsoDate) => this.send((c) => c.chart(symbol, a, b));
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
    const lastBar = merged.bars.at(-1)!;
    if (!this.historyIsFresh({ ...merged, from }, from, to, this.now())) {
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
    const latest = parts.at(-1);
    return this.store(symbol, merged.from, to, latest, merged);
  }

  /** Records a fetched history for the cache write and returns it as live data. */
  private store(
    symbol: string,
    from: IsoDate,
    to: IsoDate,
    chart: YahooChart | undefined,
    merged: CachedHistory | undefined,
  ): HistoryOutcome {
    const now = this.now();
    let h: CachedHistory;
    if (merged === undefined) {
      if (chart === undefined) throw new Error('internal: no chart to store');
      h = {
        symbol,
        currency: chart.currency,
        exchangeTimezone: chart.exchangeTimezone,
        from,
        to,
        fetchedAt: now,
        bars: chart.bars,
        splits: chart.splits,
        dividends: chart.dividends,
        name: chart.name,
        quoteType: normalizeType(chart.instrumentType),
        lastPrice: chart.regularMarketPrice,
        lastMarketTime: chart.regularMarketTime,
      };
    } else {
      h = {
        ...merged,
        fetchedAt: now,
        lastPrice: chart?.regularMarketPrice ?? merged.lastPrice,
        lastMarketTime: chart?.regularMarketTime ?? merged.lastMarketTime,
        name: chart?.name ?? merged.name,
      };
    }
    h = { ...h, bars: dropUnclosedBar(h.bars, h.exchangeTimezone, h.quoteType, now) };
    if (chart !== undefined && chart.nullDates.length > 0) {
      this.warnings.push(
        `${symbol}: Yahoo sent ${chart.nullDates.length} bar(s) without a close (${chart.nullDates.slice(0, 3).join(', ')}${chart.nullDates.length > 3 ? ', ...' : ''}); the last close is carried forward`,
      );
    }
    this.pendingHistories.set(symbol, h);
    return fromCached(h, 'live');
  }

  // ---- The whole run

  /**
   * Everything a report needs: quotes, then FX pairs found only now, then histories, then fallbacks.
   * With `early`, once the quotes and histories of every symbol but `early.later` are in (each fetched
   * or fresh, none failed), `early.ready` gets that data while the rest is still on its way.
   */
  async load(
    plan: PricePlan,
    onHistoryProgress?: (done: number, total: number) => void,
    early?: EarlyData,
  ): Promise<PriceData> {
    // Charts need no crumb: history starts at once, beside the quote batches, not after them.
    this.onHistoryProgress = onHistoryProgress;
    const firstHistories = this.o.stats.time('history', () => this.getHistories(plan.historyFrom, plan.to));
    const allQuotes = this.o.stats.time('quotes', () => this.getQuotes(plan.quoteSymbols));
    let extrasIn!: (pairs: string[]) => void;
    const extras = new Promise<string[]>((resolve) => (extrasIn = resolve));
    const handedOver = early === undefined ? Promise.resolve() : this.handOverEarly(plan, early, extras);
    handedOver.catch(() => undefined); // awaited below; an error in `ready` surfaces there
    // If the quotes fail, the histories still finish (and serve as the fallback) before this returns.
    const quoteOutcomes = await allQuotes.catch(async (error: unknown) => {
      extrasIn([]);
      await Promise.all([firstHistories.catch(() => undefined), handedOver]);
      throw error;
    });

    // A currency the suffix did not predict (or a lot's cost currency): its FX pair joins the run now.
    const extraFx = this.extraFxPairs(plan, quoteOutcomes, plan.quoteSymbols);
    const historyFrom = new Map(plan.historyFrom);
    const wide = [...plan.historyFrom.values()].reduce((a, b) => (a < b ? a : b), plan.to);
    for (const p of extraFx) historyFrom.set(p, wide);
    const [extraQuotes, extraHistories] = await Promise.all([
      extraFx.length === 0
        ? new Map<string, QuoteOutcome>()
        : this.o.stats.time('quotes', () => this.getQuotes(extraFx)),
      extraFx.length === 0
        ? new Map<string, HistoryOutcome>()
        : this.o.stats.time('history', () =>
            this.getHistories(new Map(extraFx.map((p) => [p, wide])), plan.to),
          ),
    ]);
    for (const [s, o] of extraQuotes) quoteOutcomes.set(s, o);
    extrasIn(extraFx);

    const historyOutcomes = await firstHistories;
    for (const [s, o] of extraHistories) historyOutcomes.set(s, o);
    await handedOver;
    await this.o.stats.time('history', () =>
      this.retryFailedHistories(historyOutcomes, historyFrom, plan.to),
    );
    return this.assemble(quoteOutcomes, historyOutcomes);
  }

  /** FX pairs of the quoted currencies of `symbols` that the plan did not foresee. */
  private extraFxPairs(
    plan: PricePlan,
    quoteOutcomes: ReadonlyMap<string, QuoteOutcome>,
    symbols: readonly string[],
  ): string[] {
    const priced = new Set([...plan.holdings, ...plan.benchmarks]);
    const currencies = new Set<string>();
    for (const s of symbols)
      if (priced.has(s)) currencies.add(quoteOutcomes.get(s)?.quote?.currency ?? guessCurrency(s));
    return fxPairsFor(currencies, plan.baseCurrency).filter((p) => !plan.fx.includes(p));
  }

  /**
   * Waits for the quotes and histories of every symbol but `early.later` (each settles on its own),
   * then hands them over. FX pairs the quotes reveal join in once load() has fetched them. Nothing
   * is handed over when a needed history failed for a passing reason (the second round may still
   * bring it) or the waiting itself failed (load() reports that): the whole report comes at the end.
   */
  private async handOverEarly(plan: PricePlan, early: EarlyData, extras: Promise<string[]>): Promise<void> {
    const data = await this.earlyData(plan, early.later, extras).catch(() => undefined);
    if (data !== undefined) await early.ready(data);
  }

  private async earlyData(
    plan: PricePlan,
    later: ReadonlySet<string>,
    extras: Promise<string[]>,
  ): Promise<PriceData | undefined> {
    const symbols = plan.quoteSymbols.filter((s) => !later.has(s));
    const quoteOutcomes = new Map<string, QuoteOutcome>();
    await Promise.all(symbols.map(async (s) => quoteOutcomes.set(s, await this.inflightQuotes.get(s)!)));
    const needExtra = this.extraFxPairs(plan, quoteOutcomes, symbols);
    const extraFx = needExtra.length === 0 ? [] : await extras;
    if (needExtra.some((p) => !extraFx.includes(p))) return undefined;
    for (const p of needExtra) quoteOutcomes.set(p, await this.inflightQuotes.get(p)!);
    const wanted = [...plan.historyFrom.keys(), ...needExtra].filter((s) => !later.has(s));
    const historyOutcomes = new Map<string, HistoryOutcome>();
    await Promise.all(wanted.map(async (s) => historyOutcomes.set(s, await this.inflightHistory.get(s)!)));
    const final = (o: HistoryOutcome): boolean =>
      o.error === undefined || o.unknown === true || !isTransient(o.error);
    if (![...historyOutcomes.values()].every(final)) return undefined;
    return this.assemble(quoteOutcomes, historyOutcomes);
  }

  /** The report's price data from the outcomes: fallbacks applied, stale and missing data named. */
  private assemble(
    quoteOutcomes: ReadonlyMap<string, QuoteOutcome>,
    historyOutcomes: ReadonlyMap<string, HistoryOutcome>,
  ): PriceData {
    const quotes = new Map<string, Quote>();
    const histories = new Map<string, PriceHistory>();
    const unknown = new Set<string>();
    const unavailable = new Map<string, string>();
    const warnings = [...this.warnings];
    const reasons = (error: unknown) => describeFailure(error);
    for (const [s, o] of historyOutcomes) {
      if (o.history) histories.set(s, o.history);
      if (o.unknown) unknown.add(s);
      else if (o.history?.source === 'stale')
        warnings.push(
          `${s}: history served from cache (stale, ${age(o.history.fetchedAt, this.now())} old): ${reasons(o.error)}`,
        );
      else if (o.history === undefined && quoteOutcomes.get(s)?.quote !== undefined) {
        // The quote alone gives today's price; without bars the report cannot know splits or returns.
        warnings.push(
          `${s}: no daily history from Yahoo (${reasons(o.error)}); splits, returns and charts lack it`,
        );
      }
    }
    for (const [s, o] of quoteOutcomes) {
      if (o.quote) {
        quotes.set(s, o.quote);
        if (o.quote.source === 'stale')
          warnings.push(
            `${s}: quote served from cache (stale, ${age(o.quote.fetchedAt, this.now())} old): ${reasons(o.error)}`,
          );
        continue;
      }
      if (unknown.has(s)) continue;
      const h = historyOutcomes.get(s);
      if (h?.history && h.history.bars.length > 0) {
        quotes.set(s, quoteFromHistory(h, this.now()));
        warnings.push(
          `${s}: no quote from Yahoo (${o.unknown ? 'absent from the quote response' : reasons(o.error)}); price taken from its daily chart`,
        );
        continue;
      }
      if (o.unknown && h?.unknown !== false) {
        unknown.add(s);
        continue;
      }
      unavailable.set(s, reasons(o.error ?? h?.error));
    }
    for (const s of unknown) {
      quotes.delete(s);
      histories.delete(s);
    }
    return { quotes, histories, unknown, unavailable, warnings };
  }

  private async retryFailedHistories(
    outcomes: Map<string, HistoryOutcome>,
    from: ReadonlyMap<string, IsoDate>,
    to: IsoDate,
  ): Promise<void> {
    if (this.o.offline || this.o.breaker.state === 'open' || this.o.budget.remainingMs <= 0) return;
    const again = [...outcomes]
      .filter(([, o]) => !o.unknown && o.error !== undefined && isTransient(o.error))
      .map(([s]) => [s, from.get(s)!] as const);
    if (again.length === 0) return;
    const retried = this.loadHistories(again, to, true);
    for (const [s, outcome] of retried) this.inflightHistory.set(s, outcome);
    for (const [s, outcome] of retried) {
      const o = await outcome;
      if (o.history?.source === 'live') outcomes.set(s, o);
    }
  }

  /** Writes the run's new data and the breaker's state in one transaction. */
  async flush(): Promise<void> {
    if (!this.o.cache) return;
    if (this.pendingQuotes.size === 0 && this.pendingHistories.size === 0 && !this.breakerDirty) return;
    await this.o.cache.write({
      quotes: [...this.pendingQuotes.values()],
      histories: [...this.pendingHistories.values()],
      breaker: this.breakerDirty ? this.o.breaker.snapshot() : undefined,
    });
    this.pendingQuotes.clear();
    this.pendingHistories.clear();
    this.breakerDirty = false;
  }
}

class QuotesUnavailableError extends Error {
  override name = 'QuotesUnavailableError';
}

function normalizeType(t: string | null): string | null {
  if (t === null) return null;
  return t.toUpperCase();
}

function endOfDay(date: IsoDate, timeZone: string): number {
  return zonedInstant(date, 24 * 60 - 1, timeZone);
}

/** Yahoo's bar for a session still running is not a close: keep only closed bars in history. */
function dropUnclosedBar(
  bars: CachedHistory['bars'],
  timeZone: string,
  quoteType: string | null,
  now: number,
) {
  const last = bars.at(-1);
  if (last === undefined) return bars;
  const closeAt = zonedInstant(last.date, sessionHours(timeZone, quoteType ?? undefined).close, timeZone);
  return now < closeAt ? bars.slice(0, -1) : bars;
}

function fromCached(h: CachedHistory, source: Provenance): HistoryOutcome {
  return {
    history: {
      symbol: h.symbol,
      currency: h.currency,
      exchangeTimezone: h.exchangeTimezone,
      bars: h.bars,
      splits: h.splits,
      dividends: h.dividends,
      source,
      fetchedAt: h.fetchedAt,
    },
    lastPrice: h.lastPrice,
    lastMarketTime: h.lastMarketTime,
    name: h.name,
    quoteType: h.quoteType,
  };
}

/** Bars of `chart` replace those of `h` on the same dates; events are merged by date. */
export function mergeHistory(h: CachedHistory, chart: YahooChart, from: IsoDate, to: IsoDate): CachedHistory {
  const bars = new Map(h.bars.map((b) => [b.date, b]));
  for (const b of chart.bars) bars.set(b.date, b);
  const splits = new Map(h.splits.map((s) => [s.date, s]));
  for (const s of chart.splits) splits.set(s.date, s);
  const dividends = new Map(h.dividends.map((d) => [d.date, d]));
  for (const d of chart.dividends) dividends.set(d.date, d);
  const byDate = <T extends { date: string }>(a: T, b: T) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);
  return {
    ...h,
    from: from < h.from ? from : h.from,
    to: to > h.to ? to : h.to,
    bars: [...bars.values()].sort(byDate),
    splits: [...splits.values()].sort(byDate),
    dividends: [...dividends.values()].sort(byDate),
  };
}

/** True when the tail shows the cached adjusted closes are out of date. */
export function tailChangesHistory(
  h: CachedHistory,
  tail: YahooChart,
  lastBar: CachedHistory['bars'][number],
): boolean {
  const knownSplits = new Set(h.splits.map((s) => s.date));
  const knownDividends = new Set(h.dividends.map((d) => d.date));
  if (tail.splits.some((s) => !knownSplits.has(s.date))) return true;
  if (tail.dividends.some((d) => !knownDividends.has(d.date))) return true;
  const again = tail.bars.find((b) => b.date === lastBar.date);
  if (again === undefined) return false;
  const moved = (a: number, b: number) => Math.abs(a - b) > 1e-6 * Math.max(1, Math.abs(b));
  return moved(again.close, lastBar.close) || moved(again.adjClose, lastBar.adjClose);
}

function quoteFromHistory(h: HistoryOutcome, now: number): Quote {
  const history = h.history!;
  const bars = history.bars;
  const last = bars.at(-1)!;
  const lastMarketTime = h.lastMarketTime ?? null;
  const lastPrice = h.lastPrice ?? null;
  // The meta price is newer than the last closed bar when a session is running.
  const lastBarEnd = zonedInstant(
    last.date,
    sessionHours(history.exchangeTimezone, h.quoteType ?? undefined).close,
    history.exchangeTimezone,
  );
  const metaIsNewer =
    lastPrice !== null &&
    lastMarketTime !== null &&
    tradingDate(lastMarketTime, history.exchangeTimezone) > last.date;
  return {
    symbol: history.symbol,
    name: h.name ?? null,
    currency: history.currency,
    quoteType: h.quoteType ?? 'EQUITY',
    price: metaIsNewer ? lastPrice : last.close,
    previousClose: metaIsNewer ? last.close : (bars.at(-2)?.close ?? null),
    marketTime: metaIsNewer ? lastMarketTime : Math.min(lastBarEnd, now),
    marketState: isSessionOpen(now, history.exchangeTimezone, h.quoteType ?? undefined)
      ? 'REGULAR'
      : 'CLOSED',
    exchangeTimezone: history.exchangeTimezone,
    exchangeName: null,
    source: history.source,
    fetchedAt: history.fetchedAt,
  };
}

export function describeFailure(error: unknown): string {
  if (error === undefined) return 'no data';
  if (error instanceof CircuitOpenError) return 'Yahoo paused by the circuit breaker';
  if (error instanceof UnknownSymbolError) return error.message;
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'unknown failure';
}

function age(fetchedAt: number, now: number): string {
  const s = Math.max(0, Math.round((now - fetchedAt) / 1000));
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m} min`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} days`;
}
