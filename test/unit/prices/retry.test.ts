import { describe, it, expect } from 'vitest';
import { FakeClock } from '../../support/fake-clock.js';
import {
  DEFAULT_RETRY_POLICY,
  RetryBudget,
  backoffDelay,
  retryDelay,
  withRetry,
  type RetryInfo,
  type RetryPolicy,
} from '../../../src/prices/yahoo/retry.js';
import {
  CircuitOpenError,
  InputError,
  RateLimitedError,
  UnknownSymbolError,
  UpstreamError,
} from '../../../src/errors.js';

const policy: RetryPolicy = { baseDelayMs: 250, maxDelayMs: 8_000, maxAttempts: 4, maxRetryAfterMs: 30_000 };

/** A task that plays `script` in order: an Error is thrown, anything else is returned. */
function scripted(script: unknown[]): { task: (attempt: number) => Promise<unknown>; attempts: number[] } {
  const attempts: number[] = [];
  return {
    attempts,
    task: (attempt: number) => {
      attempts.push(attempt);
      const step = script[attempts.length - 1];
      return step instanceof Error ? Promise.reject(step) : Promise.resolve(step);
    },
  };
}

/** Runs withRetry to the end on a FakeClock; returns its outcome and what happened on the way. */
async function runRetry(
  script: unknown[],
  opts: { random: number; budgetMs?: number; policy?: RetryPolicy; budget?: RetryBudget; clock?: FakeClock },
) {
  const clock = opts.clock ?? new FakeClock();
  const budget = opts.budget ?? new RetryBudget(opts.budgetMs ?? 30_000);
  const { task, attempts } = scripted(script);
  const retries: RetryInfo[] = [];
  const start = clock.now();
  const promise = withRetry(task, {
    policy: opts.policy ?? policy,
    budget,
    clock,
    random: () => opts.random,
    events: { onRetry: (info) => retries.push(info) },
  });
  const settled = promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  await clock.runAll();
  return { outcome: await settled, attempts, retries, elapsed: clock.now() - start, budget };
}

describe('DEFAULT_RETRY_POLICY', () => {
  it("is the issue's policy", () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({
      baseDelayMs: 250,
      maxDelayMs: 8_000,
      maxAttempts: 4,
      maxRetryAfterMs: 30_000,
    });
  });
});

describe('backoffDelay (full jitter)', () => {
  // ceiling = min(8000, 250 * 2^(attempt-1)): 250, 500, 1000, 2000, 4000, 8000, 8000, ...
  it.each([
    [1, 0, 0],
    [1, 0.5, 125],
    [1, 0.999, 249.75],
    [2, 0, 0],
    [2, 0.5, 250],
    [2, 0.999, 499.5],
    [3, 0.5, 500],
    [3, 0.999, 999],
    [4, 0.5, 1_000],
    [4, 0.999, 1_998],
    [5, 0.999, 3_996],
    [6, 0.5, 4_000],
    [6, 0.999, 7_992],
    [7, 0.999, 7_992],
    [20, 0.999, 7_992],
    [20, 0, 0],
  ])('attempt %i, random %f -> %f ms', (attempt, r, expected) => {
    expect(backoffDelay(attempt, policy, () => r)).toBeCloseTo(expected, 9);
  });

  it('grows with the attempt and never reaches the cap', () => {
    const delays = Array.from({ length: 12 }, (_, i) => backoffDelay(i + 1, policy, () => 0.999));
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1] as number);
    for (const d of delays) expect(d).toBeLessThan(policy.maxDelayMs);
  });
});

describe('retryDelay (Retry-After)', () => {
  it.each([
    // [retryAfterMs, random, maxRetryAfterMs, expected]: attempt 1, backoff = random * 250
    [5_000, 0.5, 30_000, 5_000], // honoured: longer than the backoff
    [10, 0.999, 30_000, 249.75], // shorter than the backoff: the backoff wins ("at least" Retry-After)
    [120_000, 0.5, 30_000, 30_000], // capped
    [120_000, 0.5, 1_000, 1_000], // capped by a custom policy
    [undefined, 0.5, 30_000, 125], // no Retry-After: plain backoff
    [0, 0.5, 30_000, 125], // Retry-After: 0 means "now": plain backoff
  ])('Retry-After %s, random %f, cap %i -> %f ms', (retryAfterMs, r, cap, expected) => {
    const error = new RateLimitedError('429', retryAfterMs);
    expect(retryDelay(1, error, { ...policy, maxRetryAfterMs: cap }, () => r)).toBeCloseTo(expected, 9);
  });

  it('ignores retryAfter-like fields on other errors', () => {
    expect(retryDelay(2, new UpstreamError('503', { status: 503 }), policy, () => 0.5)).toBe(250);
  });
});

describe('RetryBudget', () => {
  it('tracks spending and refuses what does not fit', () => {
    const budget = new RetryBudget(1_000);
    expect([budget.remainingMs, budget.spentMs]).toEqual([1_000, 0]);
    expect(budget.canSpend(1_000)).toBe(true);
    budget.spend(400);
    expect([budget.remainingMs, budget.spentMs]).toEqual([600, 400]);
    expect(budget.canSpend(600)).toBe(true);
    expect(budget.canSpend(600.5)).toBe(false);
    budget.spend(900);
    expect([budget.remainingMs, budget.spentMs]).toEqual([0, 1_300]);
    expect(() => new RetryBudget(-1)).toThrow(RangeError);
  });
});

describe('withRetry', () => {
  it('returns the first success without waiting', async () => {
    const r = await runRetry(['ok'], { random: 0.5 });
    expect(r.outcome).toEqual({ ok: true, value: 'ok' });
    expect(r.attempts).toEqual([1]);
    expect(r.elapsed).toBe(0);
    expect(r.budget.spentMs).toBe(0);
  });

  it.each([
    ['UpstreamError', new UpstreamError('503', { status: 503 })],
    ['RateLimitedError without Retry-After', new RateLimitedError('429')],
    ['SyntaxError (malformed JSON)', new SyntaxError('Unexpected token T')],
  ])('retries a transient %s with growing backoff, then succeeds', async (_name, error) => {
    const r = await runRetry([error, error, 'ok'], { random: 0.5 });
    expect(r.outcome).toEqual({ ok: true, value: 'ok' });
    expect(r.attempts).toEqual([1, 2, 3]);
    // random 0.5: 125 after attempt 1, 250 after attempt 2
    expect(r.retries.map((i) => [i.attempt, i.delayMs])).toEqual([
      [1, 125],
      [2, 250],
    ]);
    expect(r.retries[0]?.error).toBe(error);
    expect(r.elapsed).toBe(375);
    expect(r.budget.spentMs).toBe(375);
  });

  it('stops after 4 attempts in all and rethrows the last error', async () => {
    const errors = [1, 2, 3, 4, 5].map((n) => new UpstreamError(`503 #${n}`, { status: 503 }));
    const r = await runRetry(errors, { random: 0.5 });
    expect(r.attempts).toEqual([1, 2, 3, 4]);
    expect(r.outcome).toEqual({ ok: false, error: errors[3] });
    expect(r.elapsed).toBe(125 + 250 + 500);
  });

  it('honours maxAttempts from the policy', async () => {
    const e = new UpstreamError('503');
    const r = await runRetry([e, e, e], { random: 0, policy: { ...policy, maxAttempts: 1 } });
    expect(r.attempts).toEqual([1]);
    expect(r.outcome.ok).toBe(false);
  });

  it.each([
    ['UnknownSymbolError', new UnknownSymbolError('NOPE')],
    ['CircuitOpenError', new CircuitOpenError(60_000)],
    ['InputError (validation)', new InputError([{ file: 'x.csv', line: 1, reason: 'bad' }])],
    ['TypeError', new TypeError('bug')],
    ['plain Error', new Error('validation failed')],
  ])('never retries %s: thrown after exactly 1 call', async (_name, error) => {
    const r = await runRetry([error, 'ok'], { random: 0.5 });
    expect(r.attempts).toEqual([1]);
    expect(r.outcome).toEqual({ ok: false, error });
    expect(r.elapsed).toBe(0);
    expect(r.retries).toEqual([]);
  });

  it('waits as long as Retry-After says (at least), capped at maxRetryAfterMs', async () => {
    const r = await runRetry(
      [new RateLimitedError('429', 5_000), new RateLimitedError('429', 120_000), 'ok'],
      {
        random: 0.5,
        budgetMs: 60_000,
      },
    );
    expect(r.outcome).toEqual({ ok: true, value: 'ok' });
    expect(r.retries.map((i) => i.delayMs)).toEqual([5_000, 30_000]);
    expect(r.elapsed).toBe(35_000);
  });

  it('gives up at once when the next wait exceeds the remaining budget, having spent what it waited', async () => {
    // random 0.999: waits 249.75, 499.5 (749.25 spent, 250.75 left); the third would be 999 > 250.75
    const errors = [1, 2, 3, 4].map((n) => new UpstreamError(`503 #${n}`));
    const r = await runRetry(errors, { random: 0.999, budgetMs: 1_000 });
    expect(r.attempts).toEqual([1, 2, 3]);
    expect(r.outcome).toEqual({ ok: false, error: errors[2] });
    expect(r.elapsed).toBeCloseTo(749.25, 9);
    expect(r.budget.spentMs).toBeCloseTo(749.25, 9);
    expect(r.budget.remainingMs).toBeCloseTo(250.75, 9);
  });

  it('shares one budget between the requests of a run', async () => {
    const clock = new FakeClock();
    const budget = new RetryBudget(30_000);
    const first = await runRetry([new RateLimitedError('429', 20_000), 'a'], { random: 0, clock, budget });
    expect(first.outcome).toEqual({ ok: true, value: 'a' });
    expect(budget.spentMs).toBe(20_000);
    // 10 s left: a second Retry-After of 20 s does not fit, so the second request gives up at once
    const limited = new RateLimitedError('429', 20_000);
    const second = await runRetry([limited, 'b'], { random: 0, clock, budget });
    expect(second.attempts).toEqual([1]);
    expect(second.outcome).toEqual({ ok: false, error: limited });
    expect(second.elapsed).toBe(0);
    expect(budget.spentMs).toBe(20_000);
  });

  it('an empty budget means no retries at all (but jitter 0 still fits)', async () => {
    const e = new UpstreamError('503');
    expect((await runRetry([e, 'ok'], { random: 0.5, budgetMs: 0 })).attempts).toEqual([1]);
    expect((await runRetry([e, 'ok'], { random: 0, budgetMs: 0 })).attempts).toEqual([1, 2]);
  });

  it('stops waiting when the signal aborts', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const { task, attempts } = scripted([new UpstreamError('503'), 'ok']);
    const p = withRetry(task, {
      policy,
      budget: new RetryBudget(),
      clock,
      random: () => 0.5,
      signal: controller.signal,
    });
    const settled = p.catch((e: unknown) => e);
    await clock.advance(100); // mid-wait (the wait is 125 ms)
    controller.abort(new Error('user cancelled'));
    expect(await settled).toEqual(new Error('user cancelled'));
    expect(attempts).toEqual([1]);
  });

  it('does not start when the signal is already aborted', async () => {
    const { task, attempts } = scripted(['ok']);
    const p = withRetry(task, {
      budget: new RetryBudget(),
      clock: new FakeClock(),
      signal: AbortSignal.abort(new Error('no')),
    });
    await expect(p).rejects.toThrow('no');
    expect(attempts).toEqual([]);
  });
});

describe('RetryBudget counts wall time, not the sum of concurrent waits', () => {
  it('overlapping waits are charged once', () => {
    const budget = new RetryBudget(3_000);
    // Eight requests back off at t=0 for 2 s each: 2 s of the run, not 16 s.
    for (let i = 0; i < 8; i += 1) {
      expect(budget.canSpend(2_000, 0)).toBe(true);
      budget.spend(2_000, 0);
    }
    expect(budget.spentMs).toBe(2_000);
    // A wait from t=1 s to t=3.5 s adds only the 1.5 s beyond t=2 s.
    expect(budget.cost(2_500, 1_000)).toBe(1_500);
    expect(budget.canSpend(2_500, 1_000)).toBe(false);
    // A wait from t=1.5 s to t=2.8 s adds 0.8 s: 2.8 s in all.
    budget.spend(1_300, 1_500);
    expect(budget.spentMs).toBe(2_800);
    // A later, disjoint wait is charged in full.
    expect(budget.cost(100, 10_000)).toBe(100);
  });

  it('withRetry of concurrent requests on one budget', async () => {
    const clock = new FakeClock(0);
    const budget = new RetryBudget(1_000);
    // Four requests each fail once with Retry-After 0.8 s, all at t=0: the run waits 0.8 s once.
    const runs = [0, 1, 2, 3].map(() => {
      let calls = 0;
      return withRetry(
        () => {
          calls += 1;
          return calls === 1 ? Promise.reject(new RateLimitedError('429', 800)) : Promise.resolve(calls);
        },
        { budget, clock, random: () => 0 },
      );
    });
    await clock.runAll();
    expect(await Promise.all(runs)).toEqual([2, 2, 2, 2]);
    expect(budget.spentMs).toBe(800);
  });
});
