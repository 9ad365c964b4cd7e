// The one queue all Yahoo traffic goes through: a concurrency limit, an optional fixed rate cap, and
// on top an adaptive (AIMD) limit: a 429 pauses everything for its Retry-After and halves the
// concurrency; sustained success adds slots back one at a time. A rate-limiting Yahoo sees folio
// slow down at once, and speed up again only gradually.

import PQueue from 'p-queue';
import { systemClock, type Clock } from '../clock.js';

const DEFAULT_CONCURRENCY = 8;

export interface RequestQueueOptions {
  /** Most requests in flight at once (and the ceiling AIMD climbs back to). Default 8. */
  concurrency?: number;
  /** Optional cap in requests per second, enforced by p-queue (real timers). Default: none. */
  rateLimit?: number;
  clock?: Clock;
}

export class RequestQueue {
  readonly #queue: PQueue;
  readonly #clock: Clock;
  readonly #maxConcurrency: number;
  #concurrency: number;
  #running = 0;
  #peak = 0;
  #pausedUntil: number | null = null;
  #resumeArmed = false;
  #successStreak = 0;

  constructor(options: RequestQueueOptions = {}) {
    const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    if (!(Number.isInteger(concurrency) && concurrency >= 1)) {
      throw new RangeError(`concurrency must be an integer >= 1, got ${concurrency}`);
    }
    const { rateLimit } = options;
    if (rateLimit !== undefined && !(Number.isFinite(rateLimit) && rateLimit > 0)) {
      throw new RangeError(`rateLimit must be a positive number of requests per second, got ${rateLimit}`);
    }
    this.#clock = options.clock ?? systemClock;
    this.#maxConcurrency = concurrency;
    this.#concurrency = concurrency;
    // The rate cap spaces starts evenly (one per 1000/rate ms, sliding window) rather than allowing
    // bursts of `rate` at each second boundary, which is what a rate-limiting server punishes.
    this.#queue = new PQueue({
      concurrency,
      ...(rateLimit === undefined ? {} : { intervalCap: 1, interval: 1000 / rateLimit, strict: true }),
    });
  }

  /**
   * Runs `task` when a slot is free (and the queue is not paused); settles as the task does. Among
   * waiting tasks a higher `priority` starts first, equal ones in the order they came.
   */
  run<T>(task: () => Promise<T>, priority = 0): Promise<T> {
    // An expired pause is lifted here, lazily: see #scheduleResume.
    if (this.#pausedUntil !== null && !this.#resumeArmed && this.#clock.now() >= this.#pausedUntil)
      this.#resume();
    const result = this.#queue.add(
      async () => {
        this.#running++;
        if (this.#running > this.#peak) this.#peak = this.#running;
        try {
          return await task();
        } finally {
          this.#running--;
        }
      },
      { priority },
    );
    // Arm the resume timer only if this task really waits (a task that started at once may itself
    // have paused the queue by noting a 429 synchronously).
    if (this.#pausedUntil !== null && this.#queue.size > 0) this.#scheduleResume();
    return result;
  }

  /**
   * Yahoo answered 429: pause every request for `retryAfterMs` (a later 429 can lengthen the pause,
   * never shorten it) and halve the concurrency (min 1). Halving happens once per pause: the 429s
   * that arrive while paused come from requests sent before the slowdown, so they only extend it.
   */
  noteRateLimited(retryAfterMs: number): void {
    const now = this.#clock.now();
    if (this.pausedUntil === null) this.#setConcurrency(Math.max(1, Math.floor(this.#concurrency / 2)));
    this.#successStreak = 0;
    if (!(retryAfterMs > 0)) return;
    this.#pausedUntil = Math.max(this.#pausedUntil ?? 0, now + retryAfterMs);
    this.#queue.pause();
    if (this.#queue.size > 0) this.#scheduleResume();
  }

  /**
   * A request succeeded. AIMD additive increase: every `concurrency` consecutive successes (a full
   * "window" at the current level) add one slot, up to the configured concurrency. Successes while
   * paused are ignored: they answer requests sent before the 429.
   */
  noteSuccess(): void {
    if (this.pausedUntil !== null) return;
    if (this.#concurrency >= this.#maxConcurrency) {
      this.#successStreak = 0;
      return;
    }
    this.#successStreak++;
    if (this.#successStreak >= this.#concurrency) {
      this.#successStreak = 0;
      this.#setConcurrency(this.#concurrency + 1);
    }
  }

  /** The current (adaptive) concurrency limit. */
  get concurrency(): number {
    return this.#concurrency;
  }

  /** The configured concurrency, the ceiling of the adaptive limit. */
  get maxConcurrency(): number {
    return this.#maxConcurrency;
  }

  /** Most tasks that were ever running at once. */
  get peakConcurrency(): number {
    return this.#peak;
  }

  /** Tasks running now. */
  get running(): number {
    return this.#running;
  }

  /** Tasks waiting for a slot. */
  get waiting(): number {
    return this.#queue.size;
  }

  /** End of the current pause, or null when not paused. */
  get pausedUntil(): number | null {
    return this.#pausedUntil !== null && this.#clock.now() < this.#pausedUntil ? this.#pausedUntil : null;
  }

  /** Settles when nothing is waiting or running. */
  onIdle(): Promise<void> {
    return this.#queue.onIdle();
  }

  #setConcurrency(value: number): void {
    this.#concurrency = value;
    this.#queue.concurrency = value; // running tasks are not interrupted; new starts wait for a free slot
  }

  /**
   * Sleeps (on the injected clock) until the pause ends, then restarts the queue; re-sleeps if the
   * pause was extended meanwhile. Only armed while tasks wait: a pause with nothing queued keeps no
   * timer alive, so a finished run can exit instead of sitting out a long Retry-After.
   */
  #scheduleResume(): void {
    if (this.#resumeArmed) return;
    this.#resumeArmed = true;
    void this.#resumeWhenDue();
  }

  async #resumeWhenDue(): Promise<void> {
    try {
      for (;;) {
        const until = this.#pausedUntil;
        if (until === null) break;
        const waitMs = until - this.#clock.now();
        if (waitMs <= 0) break;
        await this.#clock.sleep(waitMs);
      }
    } catch {
      // a failing sleep must not leave the queue paused for ever: resume now
    } finally {
      this.#resumeArmed = false;
      this.#resume();
    }
  }

  #resume(): void {
    this.#pausedUntil = null;
    this.#queue.start();
  }
}
