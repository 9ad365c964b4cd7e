// A 429 storm with Retry-After (simulator rate limit 2 requests/s): folio waits as told, the breaker
// opens, nothing is sent while it is open, the cached data is served and marked stale, and the next run
// starting while the breaker is still open sends nothing at all (its state is in the cache).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Simulator } from '../../src/sim/index.js';
import {
  BENCHMARKS,
  NEXT_NOW,
  NEXT_TODAY,
  type RunResult,
  US50,
  expectSameNumbers,
  lotsFor,
  runOnce,
  seeded,
  sendsWhileOpen,
  tempCacheFile,
} from './harness.js';
import { SIM_NOW, SIM_TODAY, startSim } from '../support/simulator.js';

const SYMBOLS = US50.slice(0, 25);
const lots = lotsFor(SYMBOLS);
const BUDGET_MS = 6_000;

let sim: Simulator;
let cacheFile: string;
let yesterday: RunResult;
let nextDayClean: RunResult;

beforeAll(async () => {
  sim = await startSim();
  cacheFile = tempCacheFile();
  yesterday = await runOnce({ url: sim.url, cacheFile, now: SIM_NOW, lots, today: SIM_TODAY });
  sim.configure({ today: NEXT_TODAY, now: () => NEXT_NOW });
  nextDayClean = await runOnce({
    url: sim.url,
    cacheFile: tempCacheFile(),
    now: NEXT_NOW,
    lots,
    today: NEXT_TODAY,
  });
});
afterAll(async () => {
  await sim.close();
});

describe('429 storm with Retry-After', () => {
  let storm: RunResult;

  it('waits as told, opens the breaker, sends nothing while open, serves the cache marked stale', async () => {
    sim.configure({ rateLimit: 2 });
    sim.resetCounters();
    storm = await runOnce({
      url: sim.url,
      cacheFile,
      now: NEXT_NOW,
      lots,
      today: NEXT_TODAY,
      budgetMs: BUDGET_MS,
      random: seeded(9),
    });
    const log = [...sim.counters.log];
    const limited = log.filter((e) => e.status === 429);
    expect(limited.length).toBeGreaterThan(0);

    // The breaker opened, and no request left folio while it was open.
    expect(storm.pipeline.transitions.some((t) => t.to === 'open')).toBe(true);
    expect(sendsWhileOpen(storm.pipeline)).toEqual([]);
    expect(storm.pipeline.breaker.state).toBe('open');

    // Waited as told: after a 429 (Retry-After >= 1 s here) no new request starts within the pause.
    // (Requests already in flight when the 429 arrived may still land: 100 ms of slack for them.)
    const sends = storm.pipeline.sends.map((s) => s.realAt);
    for (const e of limited) {
      const early = sends.filter((t) => t > e.at + 100 && t < e.at + 1_000 - 100);
      expect(early, `sends within Retry-After of the 429 at ${e.at}`).toEqual([]);
    }
    const stats = storm.pipeline.stats.snapshot();
    expect(stats.requests.byStatus['429']).toBe(limited.length);
    expect(stats.requests.total).toBe(sim.counters.total);
    expect(stats.retryWaitMs).toBeLessThanOrEqual(BUDGET_MS);
    // Every retry here follows a 429 whose Retry-After is at least 1 s: each waited at least that long.
    expect(stats.retries).toBeGreaterThan(0);
    // Each retry after a 429 waited its Retry-After (>= 1 s); overlapping waits count once in the
    // run's retry time, which stays within the budget.
    expect(stats.retries).toBeGreaterThan(0);
    expect(stats.retryWaitMs).toBeGreaterThanOrEqual(1_000);
    expect(stats.retryWaitMs).toBeLessThanOrEqual(BUDGET_MS);

    // Every holding priced: live where Yahoo answered, else yesterday's cache, marked stale.
    expect(storm.data.unavailable.size).toBe(0);
    const staleHistories = [...storm.data.histories.values()].filter((h) => h.source === 'stale');
    expect(staleHistories.length).toBeGreaterThan(0);
    for (const h of staleHistories) {
      expect(h.bars.toBars().at(-1)!.date, h.symbol).toBe(SIM_TODAY);
      expect(
        storm.data.warnings.some((w) => w.startsWith(`${h.symbol}: history served from cache (stale`)),
        h.symbol,
      ).toBe(true);
    }
    const stale = storm.report.holdings.filter((h) => h.source === 'stale');
    for (const h of storm.report.holdings) {
      const expected = (h.source === 'stale' ? yesterday : nextDayClean).report.holdings.find(
        (r) => r.symbol === h.symbol,
      )!;
      expect(h.price, `${h.symbol} (${h.source})`).toBeCloseTo(expected.price!, 9);
    }
    for (const h of stale)
      expect(
        storm.data.warnings.some((w) => w.startsWith(`${h.symbol}: quote served from cache (stale`)),
      ).toBe(true);
  });

  it('the next run, while the breaker is still open, sends nothing and serves the cache', async () => {
    sim.resetCounters();
    const next = await runOnce({
      url: sim.url,
      cacheFile,
      now: NEXT_NOW + 5_000,
      lots,
      today: NEXT_TODAY,
      budgetMs: BUDGET_MS,
    });
    expect(sim.counters.total).toBe(0);
    expect(next.pipeline.breaker.state).toBe('open');
    expect(next.data.unavailable.size).toBe(0);
    expect(next.report.holdings.length).toBe(SYMBOLS.length);
    for (const s of [...SYMBOLS, ...BENCHMARKS]) expect(next.data.quotes.has(s), s).toBe(true);
    expect(next.data.warnings.some((w) => /circuit breaker/.test(w))).toBe(true);
  });

  it('after the open period the next run sends one probe, then fetches everything live', async () => {
    const openUntil = storm.pipeline.breaker.snapshot().openUntil!;
    sim.configure({ rateLimit: undefined });
    sim.resetCounters();
    const after = await runOnce({
      url: sim.url,
      cacheFile,
      now: openUntil + 1_000,
      lots,
      today: NEXT_TODAY,
      budgetMs: BUDGET_MS,
    });
    expect(after.pipeline.transitions.map((t) => t.to)).toEqual(['closed']);
    // Restored half-open: exactly one request went out before the probe's success closed the breaker.
    const closedAt = after.pipeline.transitions[0]!.realAt;
    expect(after.pipeline.sends.filter((s) => s.realAt < closedAt).length).toBeLessThanOrEqual(1 + 2); // probe (+ cookie/crumb it may need)
    expect(after.data.unavailable.size).toBe(0);
    expect(after.data.warnings).toEqual([]);
    // Quotes the storm run got after the close are still fresh (cache); everything else is live now.
    expect(after.report.holdings.every((h) => h.source === 'live' || h.source === 'cache')).toBe(true);
    expect([...after.data.histories.values()].every((h) => h.source !== 'stale')).toBe(true);
    expectSameNumbers(after.report, nextDayClean.report);
  });
});
