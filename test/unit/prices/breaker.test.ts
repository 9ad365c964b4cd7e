import { describe, it, expect } from 'vitest';
import { FakeClock } from '../../support/fake-clock.js';
import {
  CircuitBreaker,
  classifyOutcome,
  parseBreakerSnapshot,
  type BreakerSnapshot,
  type BreakerTransition,
} from '../../../src/prices/yahoo/breaker.js';
import { RequestQueue } from '../../../src/prices/yahoo/queue.js';
import { RetryBudget, withRetry } from '../../../src/prices/yahoo/retry.js';
import {
  CircuitOpenError,
  RateLimitedError,
  UnknownSymbolError,
  UpstreamError,
} from '../../../src/errors.js';

/** Outcome letters: O ok, F UpstreamError, R 429, S SyntaxError, U unknown symbol, V validation Error, A AbortError. */
function outcomeOf(letter: string): () => Promise<string> {
  switch (letter) {
    case 'O':
      return () => Promise.resolve('ok');
    case 'F':
      return () => Promise.reject(new UpstreamError('503', { status: 503 }));
    case 'R':
      return () => Promise.reject(new RateLimitedError('429'));
    case 'S':
      return () => Promise.reject(new SyntaxError('Unexpected token <'));
    case 'U':
      return () => Promise.reject(new UnknownSymbolError('NOPE'));
    case 'V':
      return () => Promise.reject(new Error('Failed Yahoo Schema validation'));
    case 'A':
      return () => Promise.reject(new DOMException('aborted', 'AbortError'));
    default:
      throw new Error(`bad letter ${letter}`);
  }
}

/** Plays the letters through execute(); returns the 1-based call after which the breaker was open, or null. */
async function play(breaker: CircuitBreaker, letters: string): Promise<number | null> {
  let openedAfter: number | null = null;
  for (const [i, letter] of [...letters].entries()) {
    await breaker.execute(outcomeOf(letter)).catch(() => undefined);
    if (openedAfter === null && breaker.state === 'open') openedAfter = i + 1;
  }
  return openedAfter;
}

function setup(
  options: { start?: number; resetTimeoutMs?: number; initial?: BreakerSnapshot; clock?: FakeClock } = {},
) {
  const clock = options.clock ?? new FakeClock(options.start ?? 1_000_000);
  const transitions: BreakerTransition[] = [];
  const breaker = new CircuitBreaker({
    clock,
    ...(options.resetTimeoutMs === undefined ? {} : { resetTimeoutMs: options.resetTimeoutMs }),
    ...(options.initial === undefined ? {} : { initial: options.initial }),
    onTransition: (t) => transitions.push(t),
  });
  return { clock, breaker, transitions };
}

/** A task whose completion the test controls, counting its calls. */
function gate() {
  let release: (outcome: Error | string) => void = () => undefined;
  let calls = 0;
  const task = (): Promise<string> => {
    calls++;
    return new Promise<string>((resolve, reject) => {
      release = (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome));
    });
  };
  return { task, release: (o: Error | string) => release(o), calls: () => calls };
}

describe('classifyOutcome', () => {
  it.each([
    ['UpstreamError', new UpstreamError('503'), 'failure'],
    ['RateLimitedError', new RateLimitedError('429', 1_000), 'failure'],
    ['SyntaxError', new SyntaxError('bad json'), 'failure'],
    ['TimeoutError', new DOMException('timed out', 'TimeoutError'), 'failure'],
    ['UnknownSymbolError', new UnknownSymbolError('X'), 'success'],
    ['validation Error', new Error('validation'), 'success'],
    ['AbortError', new DOMException('aborted', 'AbortError'), 'neutral'],
    ['CircuitOpenError', new CircuitOpenError(0), 'neutral'],
  ])('%s -> %s', (_name, error, expected) => {
    expect(classifyOutcome(error)).toBe(expected);
  });
});

describe('CircuitBreaker opening rules', () => {
  it.each([
    ['5 consecutive upstream failures', 'FFFFF', 5],
    ['5 consecutive, mixed transient kinds', 'OFRSFR', 6],
    ['4 consecutive failures', 'FFFF', null],
    ['4 + 4 split by a success (window not yet full: 8 of 9 failed)', 'FFFFOFFFF', null],
    ['5 of the last 10, interleaved (trips on the 10th outcome)', 'FOFOFOFOFO', 10],
    ['4 of the last 10, interleaved', 'FOFOFOFOOO', null],
    ['5 of the last 10 only once old successes slide out', 'OOOOOFOFOFOFOF', 14],
    ['window keeps sliding: 4 of any 10', 'FOOFOOFOOFOOFOOFOOF', null],
    ['unknown symbols are successes (upstream answered)', 'UUUUUUUUUU', null],
    ['an unknown symbol breaks a failure run', 'FFFFUFFFF', null],
    ['a validation error breaks a failure run', 'FFFFVFFFF', null],
    ['aborts are neutral: the run continues across them', 'FFFFAF', 6],
    ['aborts do not fill the window', 'FAFAFAFAAOOOO', null],
  ])('%s: %s', async (_name, letters, expected) => {
    const { breaker } = setup();
    expect(await play(breaker, letters)).toBe(expected);
  });
});

describe('CircuitBreaker open, half-open, closed', () => {
  it('while open rejects at once with CircuitOpenError(retryAt) and never calls the task', async () => {
    const { clock, breaker } = setup({ start: 1_000_000 });
    await play(breaker, 'FFFFF');
    expect(breaker.openUntil).toBe(1_030_000);
    let calls = 0;
    const error = await breaker
      .execute(() => {
        calls++;
        return Promise.resolve('sent');
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect((error as CircuitOpenError).retryAt).toBe(1_030_000);
    await clock.advance(29_999);
    await expect(breaker.execute(() => Promise.resolve(++calls))).rejects.toBeInstanceOf(CircuitOpenError);
    expect(calls).toBe(0);
    expect(breaker.state).toBe('open');
  });

  it('after the reset timeout lets exactly one probe through; success closes and clears the counters', async () => {
    const { clock, breaker } = setup({ start: 0 });
    await play(breaker, 'FFFFF');
    await clock.advance(30_000);
    expect(breaker.state).toBe('half-open');
    expect(breaker.openUntil).toBeNull();

    const probe = gate();
    const probeResult = breaker.execute(probe.task);
    const others = [1, 2, 3].map(() => gate());
    const rejected = await Promise.all(others.map((g) => breaker.execute(g.task).catch((e: unknown) => e)));
    for (const e of rejected) expect(e).toBeInstanceOf(CircuitOpenError);
    expect(others.map((g) => g.calls())).toEqual([0, 0, 0]);
    expect(probe.calls()).toBe(1);

    probe.release('fresh');
    expect(await probeResult).toBe('fresh');
    expect(breaker.state).toBe('closed');
    expect(breaker.snapshot()).toMatchObject({
      consecutiveFailures: 0,
      recent: [],
      openedAt: null,
      openUntil: null,
    });
    // cleared counters: four more failures do not re-open it
    expect(await play(breaker, 'FFFF')).toBeNull();
  });

  it('a failed probe re-opens it for another reset period', async () => {
    const { clock, breaker } = setup({ start: 0 });
    await play(breaker, 'FFFFF');
    await clock.advance(30_000);
    await expect(breaker.execute(outcomeOf('F'))).rejects.toBeInstanceOf(UpstreamError);
    expect(breaker.state).toBe('open');
    expect(breaker.openUntil).toBe(60_000);
    await clock.advance(30_000);
    expect(breaker.state).toBe('half-open');
  });

  it('a probe ending in an unknown symbol closes it (Yahoo answered)', async () => {
    const { clock, breaker } = setup({ start: 0 });
    await play(breaker, 'FFFFF');
    await clock.advance(30_000);
    await expect(breaker.execute(outcomeOf('U'))).rejects.toBeInstanceOf(UnknownSymbolError);
    expect(breaker.state).toBe('closed');
  });

  it('an aborted probe frees the probe slot without deciding', async () => {
    const { clock, breaker } = setup({ start: 0 });
    await play(breaker, 'FFFFF');
    await clock.advance(30_000);
    await expect(breaker.execute(outcomeOf('A'))).rejects.toThrow('aborted');
    expect(breaker.state).toBe('half-open');
    await expect(breaker.execute(outcomeOf('O'))).resolves.toBe('ok');
    expect(breaker.state).toBe('closed');
  });

  it('late answers to requests sent before it opened do not close or re-open it', async () => {
    const { clock, breaker } = setup({ start: 0 });
    const early = gate();
    const earlyResult = breaker.execute(early.task);
    await play(breaker, 'FFFFF');
    await clock.advance(30_000);
    expect(breaker.state).toBe('half-open');
    early.release('late ok'); // not the probe
    expect(await earlyResult).toBe('late ok');
    expect(breaker.state).toBe('half-open');
  });

  it.each([
    // [Retry-After of the failure that opens it, expected open period]
    [undefined, 30_000],
    [10_000, 30_000],
    [30_000, 30_000],
    [120_000, 120_000],
    [10 * 3_600_000, 3_600_000], // capped by maxOpenMs (1 h)
  ])('opened by a 429 with Retry-After %s stays open %i ms', async (retryAfterMs, period) => {
    const { clock, breaker } = setup({ start: 0 });
    await play(breaker, 'FFFF');
    await breaker
      .execute(() => Promise.reject(new RateLimitedError('429', retryAfterMs)))
      .catch(() => undefined);
    expect(breaker.openUntil).toBe(period);
    await clock.advance(period - 1);
    expect(breaker.state).toBe('open');
    await clock.advance(1);
    expect(breaker.state).toBe('half-open');
  });

  it('a late 429 with a long Retry-After extends an open period, a short one does not shorten it', async () => {
    const { clock, breaker } = setup({ start: 0 });
    const late = [gate(), gate()];
    const results = late.map((g) => breaker.execute(g.task).catch(() => undefined));
    await play(breaker, 'FFFFF'); // open until 30 000
    await clock.advance(10_000);
    late[0]?.release(new RateLimitedError('429', 5_000)); // would end at 15 000: ignored
    late[1]?.release(new RateLimitedError('429', 45_000)); // ends at 55 000: extends
    await Promise.all(results);
    expect(breaker.openUntil).toBe(55_000);
  });

  it('a failed probe with Retry-After re-opens for that long', async () => {
    const { clock, breaker } = setup({ start: 0 });
    await play(breaker, 'FFFFF');
    await clock.advance(30_000);
    await breaker.execute(() => Promise.reject(new RateLimitedError('429', 90_000))).catch(() => undefined);
    expect(breaker.openUntil).toBe(120_000);
  });

  it('reports every transition with time, states and reason', async () => {
    const { clock, breaker, transitions } = setup({ start: 0 });
    await play(breaker, 'FFFFF');
    await clock.advance(30_000);
    await play(breaker, 'F');
    await clock.advance(30_000);
    await play(breaker, 'O');
    await play(breaker, 'FOFOFOFOFO');
    expect(transitions).toEqual([
      { at: 0, from: 'closed', to: 'open', reason: '5 consecutive failures' },
      { at: 30_000, from: 'open', to: 'half-open', reason: 'reset timeout elapsed' },
      { at: 30_000, from: 'half-open', to: 'open', reason: 'probe failed' },
      { at: 60_000, from: 'open', to: 'half-open', reason: 'reset timeout elapsed' },
      { at: 60_000, from: 'half-open', to: 'closed', reason: 'probe succeeded' },
      { at: 60_000, from: 'closed', to: 'open', reason: '5 of the last 10 calls failed' },
    ]);
  });

  it('honours custom thresholds', async () => {
    const clock = new FakeClock();
    const breaker = new CircuitBreaker({
      clock,
      failureThreshold: 2,
      windowSize: 4,
      failureRatio: 0.75,
      resetTimeoutMs: 1_000,
    });
    expect(await play(breaker, 'FOFOFO')).toBeNull();
    const b2 = new CircuitBreaker({
      clock,
      failureThreshold: 2,
      windowSize: 4,
      failureRatio: 0.75,
      resetTimeoutMs: 1_000,
    });
    expect(await play(b2, 'FF')).toBe(2);
    expect(b2.openUntil).toBe(1_000);
    expect(() => new CircuitBreaker({ clock, failureThreshold: 0 })).toThrow(RangeError);
    expect(() => new CircuitBreaker({ clock, failureRatio: 0 })).toThrow(RangeError);
  });
});

describe('CircuitBreaker snapshot and restore', () => {
  it('snapshots plain JSON', async () => {
    const { breaker } = setup({ start: 5_000 });
    await play(breaker, 'OFF');
    expect(JSON.parse(JSON.stringify(breaker.snapshot()))).toEqual({
      version: 1,
      state: 'closed',
      openedAt: null,
      openUntil: null,
      consecutiveFailures: 2,
      recent: ['ok', 'fail', 'fail'],
    });
  });

  it('a restored OPEN breaker still rejects without calling; past its open period it allows one probe', async () => {
    const first = setup({ start: 0 });
    await play(first.breaker, 'FFFFF');
    const saved = JSON.parse(JSON.stringify(first.breaker.snapshot())) as BreakerSnapshot;
    expect(saved).toMatchObject({ state: 'open', openedAt: 0, openUntil: 30_000, consecutiveFailures: 5 });

    // next cron run, 10 s later: still open
    const second = setup({ start: 10_000, initial: saved });
    expect(second.breaker.state).toBe('open');
    expect(second.breaker.openUntil).toBe(30_000);
    let calls = 0;
    await expect(second.breaker.execute(() => Promise.resolve(++calls))).rejects.toBeInstanceOf(
      CircuitOpenError,
    );
    expect(calls).toBe(0);
    expect(second.transitions).toEqual([]);

    // a run 40 s later: half-open, ready for exactly one probe
    const third = setup({ start: 40_000, initial: saved });
    expect(third.breaker.state).toBe('half-open');
    const probe = gate();
    const probed = third.breaker.execute(probe.task);
    await expect(third.breaker.execute(() => Promise.resolve(++calls))).rejects.toBeInstanceOf(
      CircuitOpenError,
    );
    probe.release('ok');
    await probed;
    expect([calls, probe.calls(), third.breaker.state]).toEqual([0, 1, 'closed']);
  });

  it('round-trips a closed breaker with its counters: one more failure opens it', async () => {
    const first = setup({ start: 0 });
    await play(first.breaker, 'OOFFFF');
    const second = setup({ start: 0, initial: first.breaker.snapshot() });
    expect(second.breaker.snapshot()).toEqual(first.breaker.snapshot());
    expect(await play(second.breaker, 'F')).toBe(1);
  });

  it('restores a half-open snapshot as ready to probe', async () => {
    const snap: BreakerSnapshot = {
      version: 1,
      state: 'half-open',
      openedAt: 0,
      openUntil: 30_000,
      consecutiveFailures: 5,
      recent: ['fail'],
    };
    const { breaker } = setup({ start: 31_000, initial: snap });
    expect(breaker.state).toBe('half-open');
    await expect(breaker.execute(outcomeOf('O'))).resolves.toBe('ok');
    expect(breaker.state).toBe('closed');
  });

  it('keeps only the last windowSize outcomes of a restored window', () => {
    const recent = Array.from({ length: 15 }, (_, i) => (i < 5 ? 'fail' : 'ok'));
    const { breaker } = setup({
      initial: {
        version: 1,
        state: 'closed',
        openedAt: null,
        openUntil: null,
        consecutiveFailures: 0,
        recent,
      },
    });
    expect(breaker.snapshot().recent).toEqual(Array.from({ length: 10 }, () => 'ok'));
  });

  it.each([
    ['null', null],
    [
      'wrong version',
      { version: 2, state: 'closed', openedAt: null, openUntil: null, consecutiveFailures: 0, recent: [] },
    ],
    [
      'unknown state',
      { version: 1, state: 'ajar', openedAt: null, openUntil: null, consecutiveFailures: 0, recent: [] },
    ],
    [
      'open without openUntil',
      { version: 1, state: 'open', openedAt: 0, openUntil: null, consecutiveFailures: 5, recent: [] },
    ],
    [
      'bad outcome',
      {
        version: 1,
        state: 'closed',
        openedAt: null,
        openUntil: null,
        consecutiveFailures: 0,
        recent: ['meh'],
      },
    ],
    [
      'negative counter',
      { version: 1, state: 'closed', openedAt: null, openUntil: null, consecutiveFailures: -1, recent: [] },
    ],
  ])('rejects a corrupt snapshot (%s) and starts closed', (_name, value) => {
    expect(parseBreakerSnapshot(value)).toBeUndefined();
    const { breaker } = setup({ initial: value as BreakerSnapshot });
    expect(breaker.state).toBe('closed');
    expect(breaker.snapshot().recent).toEqual([]);
  });
});

describe('composition: withRetry(() => breaker.execute(() => queue.run(send)))', () => {
  it('a 429 storm with Retry-After: waits as told, opens the breaker, sends nothing while open, then one probe', async () => {
    const clock = new FakeClock(0);
    const queue = new RequestQueue({ concurrency: 4, clock });
    const transitions: BreakerTransition[] = [];
    const breaker = new CircuitBreaker({ clock, onTransition: (t) => transitions.push(t) });
    const budget = new RetryBudget(60_000);
    const sends: number[] = [];
    const waits: Array<[number, number]> = [];
    let storm = true;
    // The scripted upstream: 429 with Retry-After 2 s during the storm, then answers.
    const send = (): Promise<string> => {
      sends.push(clock.now());
      if (storm) {
        queue.noteRateLimited(2_000);
        return Promise.reject(new RateLimitedError('429 Too Many Requests', 2_000));
      }
      queue.noteSuccess();
      return Promise.resolve('quote');
    };
    const request = (): Promise<unknown> =>
      withRetry(() => breaker.execute(() => queue.run(send)), {
        budget,
        clock,
        random: () => 0, // no jitter: every wait is exactly the Retry-After
        events: { onRetry: (info) => waits.push([clock.now(), info.delayMs]) },
      }).catch((error: unknown) => error);

    // Request 1: 4 attempts in all, 2 s apart as Retry-After says; gives up with the last 429.
    const first = request();
    await clock.runAll();
    expect(await first).toBeInstanceOf(RateLimitedError);
    expect(sends).toEqual([0, 2_000, 4_000, 6_000]);
    expect(waits).toEqual([
      [0, 2_000],
      [2_000, 2_000],
      [4_000, 2_000],
    ]);
    expect(breaker.state).toBe('closed'); // 4 consecutive failures
    expect(queue.concurrency).toBe(1); // 4 -> 2 (t=0) -> 1 (t=2000); t=4000, 6000 halve 1 to 1

    // Request 2, at t=6000: the queue holds it until the last 429's pause ends (8000); its 429 is the
    // 5th consecutive failure and opens the breaker for 30 s (longer than the 2 s Retry-After).
    expect(queue.pausedUntil).toBe(8_000);
    const second = request();
    await clock.runAll();
    const rejected = await second;
    expect(rejected).toBeInstanceOf(CircuitOpenError); // the retry 2 s later met the open breaker
    expect((rejected as CircuitOpenError).retryAt).toBe(38_000);
    expect(sends).toEqual([0, 2_000, 4_000, 6_000, 8_000]);
    expect(clock.now()).toBe(10_000);
    expect(budget.spentMs).toBe(8_000); // retry waits only; the queue's pause is not charged

    // While open: rejected at once, nothing sent, no waiting.
    await clock.advanceTo(37_999);
    expect(await request()).toBeInstanceOf(CircuitOpenError);
    expect(sends).toHaveLength(5);
    expect(clock.pendingSleepers).toBe(0);

    // After the reset timeout Yahoo has recovered: one probe goes through, a concurrent caller is refused.
    storm = false;
    await clock.advanceTo(38_000);
    const [probe, concurrent] = await Promise.all([request(), request()]);
    expect(probe).toBe('quote');
    expect(concurrent).toBeInstanceOf(CircuitOpenError);
    expect(sends).toEqual([0, 2_000, 4_000, 6_000, 8_000, 38_000]);
    expect(breaker.state).toBe('closed');
    expect(await request()).toBe('quote');
    expect(transitions.map((t) => [t.at, t.from, t.to])).toEqual([
      [8_000, 'closed', 'open'],
      [38_000, 'open', 'half-open'],
      [38_000, 'half-open', 'closed'],
    ]);
  });
});
