// A clock for tests of the parts that take an injected Clock (queue, retry, breaker): time moves only
// when the test says so.
import { type Clock, abortReason } from '../../src/prices/clock.js';

interface Sleeper {
  wakeAt: number;
  seq: number;
  resolve: () => void;
}

/** Lets every queued microtask (promise continuation) run: one macrotask turn drains them all. */
function settle(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * A clock for tests. Time moves only when the test calls `advance()`/`runAll()`; sleepers wake in
 * order of wake time (ties in the order they went to sleep), and after each wake-up the promise
 * continuations it triggers run before the next sleeper wakes, so chains of sleeps (retry after
 * retry) unfold as they would in real time.
 */
export class FakeClock implements Clock {
  #now: number;
  #seq = 0;
  #sleepers: Sleeper[] = [];

  constructor(startMs = 0) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    // Nothing to wait for: resolve at once rather than wait for a test to advance by 0.
    if (!(ms > 0)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const sleeper: Sleeper = { wakeAt: this.#now + ms, seq: this.#seq++, resolve: () => undefined };
      const onAbort = (): void => {
        this.#remove(sleeper);
        reject(abortReason(signal as AbortSignal));
      };
      sleeper.resolve = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#insert(sleeper);
    });
  }

  /** How many sleeps are waiting. */
  get pendingSleepers(): number {
    return this.#sleepers.length;
  }

  /** Wake time of the earliest sleeper, or null when none. */
  get nextWakeAt(): number | null {
    return this.#sleepers[0]?.wakeAt ?? null;
  }

  /** Runs pending promise continuations without moving time. */
  settle(): Promise<void> {
    return settle();
  }

  /** Moves time forward by `ms`, waking every sleeper due on the way, in order. */
  async advance(ms: number): Promise<void> {
    if (ms < 0) throw new RangeError(`FakeClock cannot go back in time (advance by ${ms})`);
    await this.advanceTo(this.#now + ms);
  }

  /** Moves time forward to `target` (absolute), waking every sleeper due on the way, in order. */
  async advanceTo(target: number): Promise<void> {
    if (target < this.#now)
      throw new RangeError(`FakeClock cannot go back in time (to ${target} from ${this.#now})`);
    await settle(); // let work already under way go to sleep first
    for (;;) {
      const next = this.#sleepers[0];
      if (next === undefined || next.wakeAt > target) break;
      this.#sleepers.shift();
      this.#now = Math.max(this.#now, next.wakeAt);
      next.resolve();
      await settle();
    }
    this.#now = target;
    await settle();
  }

  /**
   * Wakes sleepers one after another (jumping time to each) until none is left. Returns the
   * number woken. Throws after `maxWakeUps` so a test with an endless sleep loop fails, not hangs.
   */
  async runAll(maxWakeUps = 10_000): Promise<number> {
    let woken = 0;
    await settle();
    for (;;) {
      const next = this.#sleepers[0];
      if (next === undefined) return woken;
      if (woken >= maxWakeUps) throw new Error(`FakeClock.runAll: more than ${maxWakeUps} wake-ups`);
      this.#sleepers.shift();
      this.#now = Math.max(this.#now, next.wakeAt);
      next.resolve();
      woken++;
      await settle();
    }
  }

  #insert(sleeper: Sleeper): void {
    // Keep sorted by (wakeAt, seq); a new sleeper has the largest seq, so it goes after equal wake times.
    let i = this.#sleepers.length;
    while (i > 0 && (this.#sleepers[i - 1] as Sleeper).wakeAt > sleeper.wakeAt) i--;
    this.#sleepers.splice(i, 0, sleeper);
  }

  #remove(sleeper: Sleeper): void {
    const i = this.#sleepers.indexOf(sleeper);
    if (i >= 0) this.#sleepers.splice(i, 1);
  }
}
