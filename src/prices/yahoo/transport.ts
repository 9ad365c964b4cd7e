// The transport policy: every Yahoo call of a run goes through one queue (throttle and priority), one
// retry policy with a shared time budget, and one circuit breaker, and is recorded in the run's stats.
// A DNS failure or refused connection before upstream answered anything means the machine is offline:
// that call and every later one fail at once with OfflineError, which is never retried.
import { CircuitOpenError, OfflineError, RateLimitedError, offlineCode } from '../../errors.js';
import type { CircuitBreaker } from './breaker.js';
import type { Clock } from '../clock.js';
import type { RequestQueue } from './queue.js';
import { type RetryBudget, type RetryPolicy, withRetry } from './retry.js';
import type { RunStatsCollector } from '../stats.js';
import type { YahooClient } from './client.js';

export interface TransportOptions {
  /** Builds the Yahoo client on first need (yahoo-finance2 is loaded only then). */
  client: () => Promise<YahooClient>;
  queue: RequestQueue;
  breaker: CircuitBreaker;
  budget: RetryBudget;
  retryPolicy?: RetryPolicy;
  clock: Clock;
  stats: RunStatsCollector;
  random?: () => number;
}

export type YahooCall<T> = (client: YahooClient) => Promise<T>;

export class Transport {
  private readonly o: TransportOptions;
  private clientPromise: Promise<YahooClient> | undefined;
  /** Retry wait already handed to the stats (the budget's spent time at the last retry). */
  private retryWaitCounted = 0;
  /** True once a call went to the breaker: its state must then be written back to the cache. */
  breakerUsed = false;
  /** Set when the run found itself offline; every later call fails with it without sending. */
  offline: OfflineError | undefined;

  constructor(options: TransportOptions) {
    this.o = options;
  }

  get breaker(): CircuitBreaker {
    return this.o.breaker;
  }

  get budget(): RetryBudget {
    return this.o.budget;
  }

  /** The Yahoo client, built once per run on first need. */
  client(): Promise<YahooClient> {
    this.clientPromise ??= this.o.client();
    return this.clientPromise;
  }

  /**
   * One Yahoo call through the shared throttle, breaker and retry policy. The breaker sees the call's
   * outcome after its retries (30 % of answers failing is not an outage when retries get through), and
   * is asked again right before every send, in the queue slot: a request queued or backing off when
   * the breaker opened is never sent.
   */
  async send<T>(call: YahooCall<T>, priority = 0): Promise<T> {
    if (this.offline) throw this.offline;
    this.breakerUsed = true;
    for (;;) {
      try {
        return await this.attempt(call, priority);
      } catch (error) {
        // Read through a call: the check at the top narrowed the field, but another call may have set it.
        const offline = this.offlineSoFar();
        if (offline !== undefined) throw offline;
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

  private attempt<T>(call: YahooCall<T>, priority: number): Promise<T> {
    return this.o.breaker.execute((gate) =>
      withRetry(
        async () => {
          gate();
          const client = await this.client();
          return this.queued(client, call, priority, gate);
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

  private offlineSoFar(): OfflineError | undefined {
    return this.offline;
  }

  /** The OfflineError for a DNS failure or refused connection before any answer; undefined otherwise. */
  private offlineFrom(error: unknown): OfflineError | undefined {
    const code = offlineCode(error);
    if (code === undefined || this.o.stats.upstreamAnswered) return undefined;
    this.offline = new OfflineError(code, { cause: error });
    return this.offline;
  }

  private async queued<T>(
    client: YahooClient,
    call: YahooCall<T>,
    priority: number,
    gate: () => void,
  ): Promise<T> {
    const { queue, stats } = this.o;
    try {
      const result = await queue.run(() => {
        if (this.offline) throw this.offline;
        gate();
        return call(client);
      }, priority);
      queue.noteSuccess();
      return result;
    } catch (error) {
      if (error instanceof RateLimitedError) queue.noteRateLimited(error.retryAfterMs ?? 1000);
      const offline = this.offline ?? this.offlineFrom(error);
      if (offline !== undefined) throw offline;
      throw error;
    } finally {
      stats.recordConcurrency(queue.peakConcurrency);
    }
  }
}
