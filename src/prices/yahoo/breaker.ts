// Circuit breaker for Yahoo: when Yahoo is failing or rate limiting, stop sending requests for a while
// instead of hammering it, then let one probe through to see whether it has recovered. Its state is
// saveable (`snapshot()` / `initial`) so the next cron run starting while it is open also holds back.

import type { Clock } from '../clock.js';
import { CircuitOpenError, OfflineError, RateLimitedError, isTransient } from '../../errors.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerTransition {
  at: number;
  from: BreakerState;
  to: BreakerState;
  reason: string;
}

export type BreakerOutcome = 'ok' | 'fail';

/** Plain JSON. `recent` is the sliding window of health outcomes, oldest first. */
export interface BreakerSnapshot {
  version: 1;
  state: BreakerState;
  openedAt: number | null;
  openUntil: number | null;
  consecutiveFailures: number;
  recent: BreakerOutcome[];
}

export interface BreakerOptions {
  clock: Clock;
  /** Consecutive failures that open the breaker. Default 5. */
  failureThreshold?: number;
  /** Outcomes kept in the sliding window; the ratio rule applies only once it is full. Default 10. */
  windowSize?: number;
  /** Share of failures in a full window that opens the breaker. Default 0.5. */
  failureRatio?: number;
  /** How long it stays open before a probe. Default 30 s. */
  resetTimeoutMs?: number;
  /** Longest open period a Retry-After can ask for (guards against absurd headers). Default 1 h. */
  maxOpenMs?: number;
  initial?: BreakerSnapshot;
  onTransition?: (t: BreakerTransition) => void;
}

const DEFAULT_BREAKER_OPTIONS = Object.freeze({
  failureThreshold: 5,
  windowSize: 10,
  failureRatio: 0.5,
  resetTimeoutMs: 30_000,
  maxOpenMs: 3_600_000,
});

/**
 * What an outcome says about Yahoo's health:
 * - 'failure': transient errors (`isTransient`: 429, 5xx/network/timeout as UpstreamError, malformed
 *   body as SyntaxError) and bare timeout errors (name TimeoutError);
 * - 'neutral': our own cancellations (AbortError) and CircuitOpenError, which say nothing about Yahoo;
 * - 'success': everything else, UnknownSymbolError and validation errors included: Yahoo answered.
 */
export function classifyOutcome(error: unknown): 'success' | 'failure' | 'neutral' {
  // Offline is no outage of Yahoo's: the run stops, and the next one (back online) must not wait.
  if (error instanceof OfflineError) return 'neutral';
  if (isTransient(error)) return 'failure';
  if (error instanceof CircuitOpenError) return 'neutral';
  if (error instanceof Error && error.name === 'TimeoutError') return 'failure';
  if (error instanceof Error && error.name === 'AbortError') return 'neutral';
  return 'success';
}

const STATES: readonly BreakerState[] = ['closed', 'open', 'half-open'];

function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Checks a value read back from storage (after JSON.parse); undefined when it is not a snapshot. */
export function parseBreakerSnapshot(value: unknown): BreakerSnapshot | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (v['version'] !== 1 || !STATES.includes(v['state'] as BreakerState)) return undefined;
  const recent = v['recent'];
  if (!Array.isArray(recent) || !recent.every((o) => o === 'ok' || o === 'fail')) return undefined;
  const consecutive = v['consecutiveFailures'];
  if (typeof consecutive !== 'number' || !Number.isInteger(consecutive) || consecutive < 0) return undefined;
  const state = v['state'] as BreakerState;
  const openUntil = finiteOrNull(v['openUntil']);
  if (state === 'open' && openUntil === null) return undefined;
  return {
    version: 1,
    state,
    openedAt: finiteOrNull(v['openedAt']),
    openUntil,
    consecutiveFailures: consecutive,
    recent: recent as BreakerOutcome[],
  };
}

export class CircuitBreaker {
  readonly #clock: Clock;
  readonly #failureThreshold: number;
  readonly #windowSize: number;
  readonly #failureRatio: number;
  readonly #resetTimeoutMs: number;
  readonly #maxOpenMs: number;
  readonly #onTransition: ((t: BreakerTransition) => void) | undefined;

  #state: BreakerState = 'closed';
  #openedAt: number | null = null;
  #openUntil: number | null = null;
  #consecutiveFailures = 0;
  #recent: BreakerOutcome[] = [];
  #probeInFlight = false;
  #probeSettled: { promise: Promise<void>; resolve: () => void } | null = null;

  constructor(options: BreakerOptions) {
    this.#clock = options.clock;
    this.#failureThreshold = options.failureThreshold ?? DEFAULT_BREAKER_OPTIONS.failureThreshold;
    this.#windowSize = options.windowSize ?? DEFAULT_BREAKER_OPTIONS.windowSize;
    this.#failureRatio = options.failureRatio ?? DEFAULT_BREAKER_OPTIONS.failureRatio;
    this.#resetTimeoutMs = options.resetTimeoutMs ?? DEFAULT_BREAKER_OPTIONS.resetTimeoutMs;
    this.#maxOpenMs = Math.max(this.#resetTimeoutMs, options.maxOpenMs ?? DEFAULT_BREAKER_OPTIONS.maxOpenMs);
    this.#onTransition = options.onTransition;
    if (!(Number.isInteger(this.#failureThreshold) && this.#failureThreshold >= 1)) {
      throw new RangeError(`failureThreshold must be an integer >= 1, got ${this.#failureThreshold}`);
    }
    if (!(Number.isInteger(this.#windowSize) && this.#windowSize >= 1)) {
      throw new RangeError(`windowSize must be an integer >= 1, got ${this.#windowSize}`);
    }
    if (!(this.#failureRatio > 0 && this.#failureRatio <= 1)) {
      throw new RangeError(`failureRatio must be in (0, 1], got ${this.#failureRatio}`);
    }
    if (!(this.#resetTimeoutMs >= 0))
      throw new RangeError(`resetTimeoutMs must be >= 0, got ${this.#resetTimeoutMs}`);
    if (options.initial !== undefined) this.#restore(options.initial);
  }

  get state(): BreakerState {
    this.#refresh();
    return this.#state;
  }

  /** When an open breaker lets a probe through; null unless open. */
  get openUntil(): number | null {
    this.#refresh();
    return this.#state === 'open' ? this.#openUntil : null;
  }

  /**
   * Runs `task` unless the breaker is open (then rejects with CircuitOpenError without calling it).
   * In half-open state only one caller, the probe, gets through; the others are rejected until the
   * probe's outcome closes or re-opens the breaker.
   *
   * A task that sends more than once (retries) or waits in a queue before sending calls `gate()` right
   * before each send: it throws CircuitOpenError when the breaker opened meanwhile (or is half-open
   * and this task is not the probe), so no request leaves while the breaker is open. The task's final
   * outcome, after its retries, is what the breaker records: a call that succeeded on its second
   * attempt was not an outage.
   */
  async execute<T>(task: (gate: () => void) => Promise<T>): Promise<T> {
    this.#refresh();
    const now = this.#clock.now();
    if (this.#state === 'open') throw new CircuitOpenError(this.#openUntil ?? now);
    const probe = this.#state === 'half-open';
    if (probe) {
      if (this.#probeInFlight) throw new CircuitOpenError(now);
      this.#probeInFlight = true;
      let resolve: () => void = () => undefined;
      const promise = new Promise<void>((r) => (resolve = r));
      this.#probeSettled = { promise, resolve };
    }
    const gate = (): void => {
      this.#refresh();
      if (this.#state === 'open') throw new CircuitOpenError(this.#openUntil ?? this.#clock.now());
      if (this.#state === 'half-open' && !probe) throw new CircuitOpenError(this.#clock.now());
    };
    let result: T;
    try {
      result = await task(gate);
    } catch (error) {
      this.#record(classifyOutcome(error), error, probe);
      throw error;
    }
    this.#record('success', undefined, probe);
    return result;
  }

  /**
   * Settles when the half-open probe now in flight has its outcome (at once when there is none). A
   * caller turned away only because a probe is out can wait for it instead of giving up: when the
   * probe closes the breaker, the rest of the run goes through (Yahoo recovered).
   */
  probeSettled(): Promise<void> {
    return this.#probeInFlight && this.#probeSettled !== null
      ? this.#probeSettled.promise
      : Promise.resolve();
  }

  /** True while a half-open probe is out. */
  get probing(): boolean {
    return this.#probeInFlight;
  }

  snapshot(): BreakerSnapshot {
    this.#refresh();
    return {
      version: 1,
      state: this.#state,
      openedAt: this.#openedAt,
      openUntil: this.#openUntil,
      consecutiveFailures: this.#consecutiveFailures,
      recent: [...this.#recent],
    };
  }

  #restore(snapshot: BreakerSnapshot): void {
    const checked = parseBreakerSnapshot(snapshot);
    if (checked === undefined) return; // a corrupt saved state must not stop a run: start closed
    this.#consecutiveFailures = checked.consecutiveFailures;
    this.#recent = checked.recent.slice(-this.#windowSize);
    this.#openedAt = checked.openedAt;
    this.#openUntil = checked.openUntil;
    // An open period that ended while no process was running restores as half-open, ready to probe.
    const stillOpen = checked.state === 'open' && (checked.openUntil as number) > this.#clock.now();
    this.#state = checked.state === 'closed' ? 'closed' : stillOpen ? 'open' : 'half-open';
  }

  /** Open -> half-open once the open period is over (checked lazily, whenever the breaker is used). */
  #refresh(): void {
    if (this.#state === 'open' && this.#openUntil !== null && this.#clock.now() >= this.#openUntil) {
      this.#probeInFlight = false;
      this.#transition('half-open', 'reset timeout elapsed');
    }
  }

  #record(outcome: 'success' | 'failure' | 'neutral', error: unknown, probe: boolean): void {
    if (probe) {
      this.#probeInFlight = false;
      // Waiters run after this synchronous update of the state (promise callbacks are microtasks).
      this.#probeSettled?.resolve();
      this.#probeSettled = null;
    }
    if (outcome === 'neutral') return;
    this.#refresh();
    const failed = outcome === 'failure';
    this.#consecutiveFailures = failed ? this.#consecutiveFailures + 1 : 0;
    this.#recent.push(failed ? 'fail' : 'ok');
    if (this.#recent.length > this.#windowSize)
      this.#recent.splice(0, this.#recent.length - this.#windowSize);

    switch (this.#state) {
      case 'closed': {
        // Evaluated after every outcome: the window rule can trip on a success that completes the window.
        const reason = this.#openingReason();
        if (reason !== null) this.#open(reason, error);
        break;
      }
      case 'open':
        // A late answer from a request sent before the breaker opened: a Retry-After can lengthen the pause.
        if (failed) this.#extendFor(error);
        break;
      case 'half-open':
        // Only the probe decides; late answers to older requests do not.
        if (!probe) break;
        if (failed) this.#open('probe failed', error);
        else this.#close('probe succeeded');
        break;
    }
  }

  #openingReason(): string | null {
    if (this.#consecutiveFailures >= this.#failureThreshold)
      return `${this.#consecutiveFailures} consecutive failures`;
    if (this.#recent.length >= this.#windowSize) {
      const failures = this.#recent.filter((o) => o === 'fail').length;
      if (failures >= this.#failureRatio * this.#recent.length)
        return `${failures} of the last ${this.#recent.length} calls failed`;
    }
    return null;
  }

  #retryAfterMs(error: unknown): number {
    if (error instanceof RateLimitedError && error.retryAfterMs !== undefined && error.retryAfterMs > 0) {
      return Math.min(error.retryAfterMs, this.#maxOpenMs);
    }
    return 0;
  }

  #open(reason: string, error: unknown): void {
    const now = this.#clock.now();
    this.#openedAt = now;
    this.#openUntil = now + Math.max(this.#resetTimeoutMs, this.#retryAfterMs(error));
    this.#transition('open', reason);
  }

  #extendFor(error: unknown): void {
    const retryAfter = this.#retryAfterMs(error);
    if (retryAfter === 0 || this.#openUntil === null) return;
    this.#openUntil = Math.max(this.#openUntil, this.#clock.now() + retryAfter);
  }

  #close(reason: string): void {
    this.#consecutiveFailures = 0;
    this.#recent = [];
    this.#openedAt = null;
    this.#openUntil = null;
    this.#transition('closed', reason);
  }

  #transition(to: BreakerState, reason: string): void {
    const from = this.#state;
    this.#state = to;
    this.#onTransition?.({ at: this.#clock.now(), from, to, reason });
  }
}
