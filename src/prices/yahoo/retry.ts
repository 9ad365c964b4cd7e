// Retries of transient Yahoo failures: exponential backoff with full jitter, Retry-After honoured
// (capped), and one time budget shared by every request of a run so a cron job never hangs.

import type { Clock } from '../clock.js';
import { RateLimitedError, isTransient } from '../../errors.js';

export interface RetryPolicy {
  /** Backoff ceiling of the first retry; doubles for each later one. */
  baseDelayMs: number;
  /** Largest backoff ceiling (before jitter). */
  maxDelayMs: number;
  /** Attempts in all, the first one included. */
  maxAttempts: number;
  /** A longer Retry-After is shortened to this. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxAttempts: 4,
  maxRetryAfterMs: 30_000,
});

const DEFAULT_RETRY_BUDGET_MS = 30_000;

/**
 * Wall time that the retries of one run may spend waiting, in total. What is charged is the time
 * during which at least one retry wait is pending (the union of the wait intervals): eight requests
 * backing off together for 2 s cost 2 s of the run, not 16 s. That bounds what a cron job can lose to
 * retrying, without making a run give up on a rate limit it could simply wait out.
 */
export class RetryBudget {
  readonly totalMs: number;
  #spentMs = 0;
  /** End of the latest wait charged so far (clock time). */
  #coveredUntil = -Infinity;

  constructor(totalMs: number = DEFAULT_RETRY_BUDGET_MS) {
    if (!(totalMs >= 0)) throw new RangeError(`retry budget must be >= 0 ms, got ${totalMs}`);
    this.totalMs = totalMs;
  }

  get remainingMs(): number {
    return Math.max(0, this.totalMs - this.#spentMs);
  }

  get spentMs(): number {
    return this.#spentMs;
  }

  /** What a wait of `ms` starting at `now` adds to the time already covered by pending waits. */
  cost(ms: number, now?: number): number {
    if (!(ms > 0)) return 0;
    if (now === undefined) return ms;
    return Math.max(0, now + ms - Math.max(now, this.#coveredUntil));
  }

  /** Charges a wait of `ms` starting at `now` (without `now`: charged in full). */
  spend(ms: number, now?: number): void {
    const cost = this.cost(ms, now);
    this.#spentMs += cost;
    if (now !== undefined && ms > 0) this.#coveredUntil = Math.max(this.#coveredUntil, now + ms);
  }

  canSpend(ms: number, now?: number): boolean {
    return this.cost(ms, now) <= this.remainingMs;
  }
}

export interface RetryInfo {
  /** The attempt that just failed (1-based). */
  attempt: number;
  /** How long we wait before the next attempt. */
  delayMs: number;
  error: unknown;
}

export interface RetryEvents {
  onRetry?(info: RetryInfo): void;
}

/** Full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): uniform in [0, min(cap, base * 2^(attempt-1))). */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return random() * ceiling;
}

/**
 * The wait before the retry that follows failed `attempt`: the jittered backoff, but never less than
 * the server's Retry-After (itself capped at `maxRetryAfterMs`).
 */
export function retryDelay(
  attempt: number,
  error: unknown,
  policy: RetryPolicy,
  random: () => number,
): number {
  const backoff = backoffDelay(attempt, policy, random);
  if (error instanceof RateLimitedError && error.retryAfterMs !== undefined && error.retryAfterMs > 0) {
    return Math.max(backoff, Math.min(error.retryAfterMs, policy.maxRetryAfterMs));
  }
  return backoff;
}

export interface RetryOptions {
  policy?: RetryPolicy;
  budget: RetryBudget;
  clock: Clock;
  random?: () => number;
  events?: RetryEvents;
  signal?: AbortSignal;
}

/**
 * Runs `task(attempt)` (attempt 1, 2, ...) until it succeeds. Retries only transient failures
 * (`isTransient`: RateLimitedError, UpstreamError, SyntaxError); anything else, CircuitOpenError and
 * UnknownSymbolError included, is rethrown at once. Gives up, rethrowing the last error, after
 * `maxAttempts` or as soon as the next wait does not fit in the remaining budget.
 */
export async function withRetry<T>(task: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const random = options.random ?? Math.random;
  const { budget, clock, signal } = options;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await task(attempt);
    } catch (error) {
      if (!isTransient(error) || attempt >= policy.maxAttempts) throw error;
      const delayMs = retryDelay(attempt, error, policy, random);
      const now = clock.now();
      if (!budget.canSpend(delayMs, now)) throw error;
      budget.spend(delayMs, now);
      options.events?.onRetry?.({ attempt, delayMs, error });
      await clock.sleep(delayMs, signal);
    }
  }
}
