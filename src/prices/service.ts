// The price service: the one place every consumer (summary, holdings, ETF comparison, charts, FX)
// gets prices from. It coordinates the named parts of the pipeline: quote loading and history loading
// (cache first, stale fallback, shared in-flight asks) over one transport (queue, retry, breaker), FX
// pairs the quotes reveal, the early hand-over of a terminal's first part, the retry round, the pure
// assembly of the result, and the one cache write at the end.
import { isTransient } from '../errors.js';
import type { IsoDate } from '../types.js';
import { type HistoryOutcome, type PriceData, type QuoteOutcome, assemblePriceData } from './assemble.js';
import type { CircuitBreaker } from './yahoo/breaker.js';
import type { PriceCache } from './store/cache.js';
import type { Clock } from './clock.js';
import { type HistoryProgress, HistoryLoader } from './histories.js';
import { type PricePlan, fxPairsFor, guessCurrency } from './plan.js';
import type { RequestQueue } from './yahoo/queue.js';
import { QuoteLoader } from './quotes.js';
import { type IsinRequest, IsinSearch } from './symbol-search.js';
import type { RetryBudget, RetryPolicy } from './yahoo/retry.js';
import type { RunStatsCollector } from './stats.js';
import { Transport } from './yahoo/transport.js';
import type { YahooClient } from './yahoo/client.js';

export type { HistoryOutcome, PriceData, QuoteOutcome } from './assemble.js';

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

/** What a terminal prints first: all but some symbols' prices, handed over before those arrive. */
export interface EarlyData {
  /** Symbols the early data does without (their quotes and histories are fetched after the rest). */
  later: ReadonlySet<string>;
  /** Called at most once; load() waits for it. Not called when some needed history may still change. */
  ready(data: PriceData): Promise<void> | void;
}

export class PriceService {
  private readonly o: PriceServiceOptions;
  private readonly transport: Transport;
  private readonly quotes: QuoteLoader;
  private readonly histories: HistoryLoader;

  constructor(options: PriceServiceOptions) {
    this.o = options;
    this.transport = new Transport(options);
    this.quotes = new QuoteLoader({ ...options, transport: this.transport });
    this.histories = new HistoryLoader({ ...options, transport: this.transport });
  }

  /** Yahoo symbols for ISINs (null: Yahoo has none), through the run's transport, cached for good. */
  searchIsins(requests: readonly IsinRequest[]): Promise<Map<string, string | null>> {
    const { cache, offline, clock } = this.o;
    return new IsinSearch({ transport: this.transport, cache, offline, now: () => clock.now() }).resolve(
      requests,
    );
  }

  /** Quotes for `symbols`: fresh cache entries as they are, the rest in batches. */
  getQuotes(symbols: readonly string[]): Promise<Map<string, QuoteOutcome>> {
    return this.quotes.get(symbols);
  }

  /** Histories from each symbol's start date to `to`: cached, completed or fetched. */
  getHistories(requests: ReadonlyMap<string, IsoDate>, to: IsoDate): Promise<Map<string, HistoryOutcome>> {
    return this.histories.get(requests, to);
  }

  /**
   * Everything a report needs: quotes, then FX pairs found only now, then histories, then fallbacks.
   * With `early`, once the quotes and histories of every symbol but `early.later` are in (each fetched
   * or fresh, none failed), `early.ready` gets that data while the rest is still on its way.
   */
  async load(plan: PricePlan, onHistoryProgress?: HistoryProgress, early?: EarlyData): Promise<PriceData> {
    const { stats } = this.o;
    // Charts need no crumb: history starts at once, beside the quote batches, not after them.
    this.histories.onProgress = onHistoryProgress;
    const firstHistories = stats.time('history', () => this.getHistories(plan.historyFrom, plan.to));
    const allQuotes = stats.time('quotes', () => this.getQuotes(plan.quoteSymbols));
    const extraFx = this.loadExtraFx(plan, allQuotes);
    // The early hand-over waits for these pairs (none when the quotes fail; load() reports that).
    const extraPairs = extraFx.then(
      (extra) => extra.pairs,
      (): string[] => [],
    );
    const handedOver = early === undefined ? Promise.resolve() : this.handOverEarly(plan, early, extraPairs);
    handedOver.catch(() => undefined); // awaited below; an error in `ready` surfaces there
    // If the quotes fail, the histories still finish (and serve as the fallback) before this returns.
    const quoteOutcomes = await allQuotes.catch(async (error: unknown) => {
      await Promise.all([firstHistories.catch(() => undefined), handedOver]);
      throw error;
    });
    const extra = await extraFx;
    for (const [s, o] of extra.quotes) quoteOutcomes.set(s, o);

    const historyOutcomes = await firstHistories;
    for (const [s, o] of extra.histories) historyOutcomes.set(s, o);
    await handedOver;
    const historyFrom = new Map(plan.historyFrom);
    for (const p of extra.pairs) historyFrom.set(p, earliestStart(plan));
    await stats.time('history', () => this.histories.retryFailed(historyOutcomes, historyFrom, plan.to));
    return this.assemble(quoteOutcomes, historyOutcomes);
  }

  /**
   * Once the quotes are in, the FX pairs of currencies the suffixes did not predict (or of a lot's cost
   * currency) join the run: their quotes, and their histories from the earliest start of the plan.
   */
  private async loadExtraFx(
    plan: PricePlan,
    allQuotes: Promise<ReadonlyMap<string, QuoteOutcome>>,
  ): Promise<{
    pairs: string[];
    quotes: ReadonlyMap<string, QuoteOutcome>;
    histories: ReadonlyMap<string, HistoryOutcome>;
  }> {
    const { stats } = this.o;
    const pairs = this.extraFxPairs(plan, await allQuotes, plan.quoteSymbols);
    if (pairs.length === 0) return { pairs, quotes: new Map(), histories: new Map() };
    const from = earliestStart(plan);
    const [quotes, histories] = await Promise.all([
      stats.time('quotes', () => this.getQuotes(pairs)),
      stats.time('history', () => this.getHistories(new Map(pairs.map((p) => [p, from])), plan.to)),
    ]);
    return { pairs, quotes, histories };
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
   * then hands them over. FX pairs the quotes reveal join in once loadExtraFx has fetched them
   * (`extras`: those pairs; none when the quotes failed). Nothing
   * is handed over when a needed history failed for a passing reason (the retry round may still
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
    await Promise.all(symbols.map(async (s) => quoteOutcomes.set(s, await this.quotes.outcome(s))));
    const needExtra = this.extraFxPairs(plan, quoteOutcomes, symbols);
    const extraFx = needExtra.length === 0 ? [] : await extras;
    if (needExtra.some((p) => !extraFx.includes(p))) return undefined;
    for (const p of needExtra) quoteOutcomes.set(p, await this.quotes.outcome(p));
    const wanted = [...plan.historyFrom.keys(), ...needExtra].filter((s) => !later.has(s));
    const historyOutcomes = new Map<string, HistoryOutcome>();
    await Promise.all(wanted.map(async (s) => historyOutcomes.set(s, await this.histories.outcome(s))));
    const final = (o: HistoryOutcome): boolean =>
      o.error === undefined || o.unknown === true || !isTransient(o.error);
    if (![...historyOutcomes.values()].every(final)) return undefined;
    return this.assemble(quoteOutcomes, historyOutcomes);
  }

  private assemble(
    quoteOutcomes: ReadonlyMap<string, QuoteOutcome>,
    historyOutcomes: ReadonlyMap<string, HistoryOutcome>,
  ): PriceData {
    const data = assemblePriceData(
      quoteOutcomes,
      historyOutcomes,
      this.histories.warnings,
      this.o.clock.now(),
    );
    this.o.stats.recordPriceSources([...data.quotes.values()].map((q) => q.source));
    return data;
  }

  /** Writes the run's new data and the breaker's state in one transaction. */
  async flush(): Promise<void> {
    const { cache } = this.o;
    if (!cache) return;
    const quotes = this.quotes.fetched;
    const histories = this.histories.fetched;
    if (quotes.size === 0 && histories.size === 0 && !this.transport.breakerUsed) return;
    await cache.write({
      quotes: [...quotes.values()],
      histories: [...histories.values()],
      breaker: this.transport.breakerUsed ? this.o.breaker.snapshot() : undefined,
    });
    quotes.clear();
    histories.clear();
    this.transport.breakerUsed = false;
  }
}

/** The earliest history start of the plan (its end date when it has none). */
function earliestStart(plan: PricePlan): IsoDate {
  return [...plan.historyFrom.values()].reduce((a, b) => (a < b ? a : b), plan.to);
}
