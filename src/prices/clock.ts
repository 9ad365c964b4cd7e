// Time as an injected dependency: the queue, retry and breaker read `now()` and wait with `sleep()`
// so their tests can drive time with a fake clock (test/support) instead of sleeping for real.

export interface Clock {
  /** Milliseconds since the epoch (or since an arbitrary origin for a fake). */
  now(): number;
  /** Resolves after `ms`; rejects with `signal.reason` if the signal aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * What a sleep aborted by `signal` rejects with: the abort reason when it is an Error (it is for
 * `abort()` without a reason), else a plain AbortError. Every Clock rejects the same way.
 */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError');
}

/**
 * Milliseconds since an arbitrary origin, never going back: for durations (`--bench` phases). The same
 * clock as `performance.now()`, read without it: the global `performance` loads Node's perf_hooks and
 * ten modules of its own on first use, some 1.5 ms of every run's start.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** The real clock: `Date.now()` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortReason(signal as AbortSignal));
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};
