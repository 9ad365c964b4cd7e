import { describe, it, expect } from 'vitest';
import { systemClock } from '../../../src/prices/clock.js';
import { FakeClock } from '../../support/fake-clock.js';

describe('FakeClock', () => {
  it('starts at the given time and moves only when advanced', async () => {
    const clock = new FakeClock(1_000);
    expect(clock.now()).toBe(1_000);
    await clock.settle();
    expect(clock.now()).toBe(1_000);
    await clock.advance(250);
    expect(clock.now()).toBe(1_250);
    await clock.advanceTo(2_000);
    expect(clock.now()).toBe(2_000);
  });

  it('wakes sleepers in order of wake time, ties in order of sleeping, each at its own time', async () => {
    const clock = new FakeClock();
    const woke: Array<[string, number]> = [];
    const sleepers: Array<[string, number]> = [
      ['c', 300],
      ['a', 100],
      ['b1', 200],
      ['b2', 200],
      ['late', 1_000],
    ];
    for (const [name, ms] of sleepers) void clock.sleep(ms).then(() => woke.push([name, clock.now()]));
    expect(clock.pendingSleepers).toBe(5);
    expect(clock.nextWakeAt).toBe(100);

    await clock.advance(300);
    expect(woke).toEqual([
      ['a', 100],
      ['b1', 200],
      ['b2', 200],
      ['c', 300],
    ]);
    expect(clock.pendingSleepers).toBe(1);
    await clock.advance(699);
    expect(woke).toHaveLength(4);
    await clock.advance(1);
    expect(woke.at(-1)).toEqual(['late', 1_000]);
    expect(clock.nextWakeAt).toBeNull();
  });

  it('runs chained sleeps that fall inside one advance, each at its due time', async () => {
    const clock = new FakeClock();
    const times: number[] = [];
    void (async () => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(100);
        times.push(clock.now());
      }
    })();
    await clock.advance(250);
    expect(times).toEqual([100, 200]);
    expect(clock.now()).toBe(250);
    await clock.advance(50);
    expect(times).toEqual([100, 200, 300]);
  });

  it.each([0, -5, Number.NaN])('sleep(%s) resolves without advancing', async (ms) => {
    const clock = new FakeClock();
    await clock.sleep(ms);
    expect(clock.pendingSleepers).toBe(0);
  });

  it('rejects an aborted sleep with the reason and forgets it', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const p = clock.sleep(1_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
    expect(clock.pendingSleepers).toBe(0);
    const already = clock.sleep(10, controller.signal);
    await expect(already).rejects.toThrow('stop');
  });

  it('runAll jumps from sleeper to sleeper until none is left', async () => {
    const clock = new FakeClock();
    const times: number[] = [];
    void (async () => {
      await clock.sleep(500);
      times.push(clock.now());
      await clock.sleep(2_000);
      times.push(clock.now());
    })();
    expect(await clock.runAll()).toBe(2);
    expect(times).toEqual([500, 2_500]);
  });

  it('runAll fails instead of hanging on an endless sleep loop', async () => {
    const clock = new FakeClock();
    let stop = false;
    void (async () => {
      while (!stop) await clock.sleep(1);
    })();
    await expect(clock.runAll(20)).rejects.toThrow('more than 20');
    stop = true;
    await clock.runAll();
  });

  it('refuses to go back in time', async () => {
    const clock = new FakeClock(100);
    await expect(clock.advance(-1)).rejects.toThrow(RangeError);
    await expect(clock.advanceTo(50)).rejects.toThrow(RangeError);
  });
});

describe('systemClock', () => {
  it('sleeps for real (briefly) and can be aborted', async () => {
    const before = systemClock.now();
    await systemClock.sleep(5);
    expect(systemClock.now()).toBeGreaterThanOrEqual(before + 4);

    const controller = new AbortController();
    const p = systemClock.sleep(60_000, controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(p).rejects.toThrow('cancelled');
    await expect(systemClock.sleep(10, AbortSignal.abort(new Error('early')))).rejects.toThrow('early');
  });
});
