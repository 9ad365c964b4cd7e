// The two breaker additions the pipeline relies on, with an injected clock: the per-send gate (no request
// leaves while open, even one queued before it opened) and waiting for a half-open probe's verdict.
import { describe, expect, it } from 'vitest';

import { CircuitBreaker } from '../../src/prices/yahoo/breaker.js';
import { FakeClock } from '../support/fake-clock.js';
import { CircuitOpenError, UpstreamError } from '../../src/errors.js';

const fail = () => Promise.reject(new UpstreamError('HTTP 500'));

describe('gate', () => {
  it('a call admitted while closed cannot send once the breaker has opened', async () => {
    const clock = new FakeClock(0);
    const breaker = new CircuitBreaker({ clock, failureThreshold: 1 });
    let release: () => void = () => undefined;
    const queued = new Promise<void>((r) => (release = r));
    let sent = false;
    const slow = breaker.execute(async (gate) => {
      await queued; // waiting for a queue slot
      gate();
      sent = true;
    });
    await expect(breaker.execute(fail)).rejects.toBeInstanceOf(UpstreamError);
    expect(breaker.state).toBe('open');
    release();
    await expect(slow).rejects.toBeInstanceOf(CircuitOpenError);
    expect(sent).toBe(false);
  });

  it('half-open: only the probe passes the gate; a call admitted earlier does not', async () => {
    const clock = new FakeClock(0);
    const breaker = new CircuitBreaker({ clock, failureThreshold: 1, resetTimeoutMs: 1_000 });
    let release: () => void = () => undefined;
    const queued = new Promise<void>((r) => (release = r));
    const early = breaker.execute(async (gate) => {
      await queued;
      gate();
    });
    await breaker.execute(fail).catch(() => undefined);
    await clock.advance(1_000);
    expect(breaker.state).toBe('half-open');
    let answer: () => void = () => undefined;
    const probe = breaker.execute(async (gate) => {
      gate();
      await new Promise<void>((r) => (answer = r)); // the probe's request is out
      return 'probe';
    });
    release();
    await expect(early).rejects.toBeInstanceOf(CircuitOpenError);
    answer();
    await expect(probe).resolves.toBe('probe');
    expect(breaker.state).toBe('closed');
  });
});

describe('probeSettled', () => {
  it.each([
    ['success closes: the waiter then goes through', true, 'closed'],
    ['failure re-opens: the waiter is turned away', false, 'open'],
  ] as const)('%s', async (_what, probeOk, after) => {
    const clock = new FakeClock(0);
    const breaker = new CircuitBreaker({ clock, failureThreshold: 1, resetTimeoutMs: 1_000 });
    await breaker.execute(fail).catch(() => undefined);
    await clock.advance(1_000);
    let finish: () => void = () => undefined;
    const probe = breaker.execute(
      () =>
        new Promise<void>(
          (resolve, reject) => (finish = () => (probeOk ? resolve() : reject(new UpstreamError('HTTP 500')))),
        ),
    );
    expect(breaker.probing).toBe(true);
    await expect(breaker.execute(() => Promise.resolve(1))).rejects.toBeInstanceOf(CircuitOpenError);
    const waited = breaker.probeSettled().then(() => breaker.execute(() => Promise.resolve('waiter')));
    finish();
    await probe.catch(() => undefined);
    expect(breaker.state).toBe(after);
    if (probeOk) await expect(waited).resolves.toBe('waiter');
    else await expect(waited).rejects.toBeInstanceOf(CircuitOpenError);
  });

  it('settles at once when no probe is out', async () => {
    const breaker = new CircuitBreaker({ clock: new FakeClock(0) });
    expect(breaker.probing).toBe(false);
    await expect(breaker.probeSettled()).resolves.toBeUndefined();
  });
});
