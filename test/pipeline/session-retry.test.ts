// Transient failures of the cookie and crumb requests (its own file: yahoo-finance2 keeps its crumb,
// and a failed crumb request, for the whole process). They are retried under the data requests'
// policy; when the exchange cannot be had within it, prices come from the daily charts and are
// counted as such, never as live.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type Simulator, simBars } from '../../src/sim/index.js';
import { BENCHMARKS, US50, lotsFor, runOnce, seeded, tempCacheFile } from './harness.js';
import { SIM_NOW, SIM_TODAY, startSim } from '../support/simulator.js';

const SYMBOLS = US50.slice(0, 6);
const lots = lotsFor(SYMBOLS);
const ALL = [...SYMBOLS, ...BENCHMARKS];
let sim: Simulator;

beforeAll(async () => {
  sim = await startSim({
    // Every cookie request fails: the exchange cannot be had within the retry policy.
    sessionFaults: [{ endpoint: 'cookie', status: 500, count: 1000 }],
  });
});
afterAll(async () => {
  await sim.close();
});

const fastRetries = { baseDelayMs: 20, maxDelayMs: 80, maxAttempts: 4, maxRetryAfterMs: 2_000 };

describe('the cookie and crumb requests are retried', () => {
  it('a cookie request that keeps failing: four attempts, then prices from the charts, counted as such', async () => {
    const run = await runOnce({
      url: sim.url,
      cacheFile: tempCacheFile(),
      now: SIM_NOW,
      lots,
      today: SIM_TODAY,
      retryPolicy: fastRetries,
      random: seeded(7),
    });
    const c = sim.counters;
    expect(c.byEndpoint.cookie).toBe(fastRetries.maxAttempts);
    expect(c.byEndpoint.crumb).toBe(0);
    expect(c.byEndpoint.quote).toBe(0);
    expect(run.data.unavailable.size).toBe(0);
    for (const s of ALL) {
      const q = run.data.quotes.get(s)!;
      const bars = simBars(s, '2026-10-01', SIM_TODAY, { today: SIM_TODAY });
      expect(q.price, s).toBeCloseTo(bars.at(-1)!.close, 6);
      expect(q.source, s).toBe('chart');
    }
    // The summary counts them as prices from the chart, none as live; so do the rows.
    expect(run.report.summary.prices.live).toBe(0);
    expect(run.report.summary.prices.chart).toBe(SYMBOLS.length);
    expect(run.report.holdings.map((h) => h.source)).toEqual(SYMBOLS.map(() => 'chart'));
    expect(run.pipeline.stats.snapshot().prices).toEqual({ live: 0, chart: ALL.length, cache: 0, stale: 0 });
  });

  it('one 500 on the cookie request, then one 429 with Retry-After on the crumb: live quotes after the retries', async () => {
    sim.configure({
      sessionFaults: [
        { endpoint: 'cookie', status: 500, count: 1 },
        { endpoint: 'crumb', status: 429, count: 1, retryAfterS: 1 },
      ],
    });
    sim.resetCounters();
    const started = Date.now();
    const run = await runOnce({
      url: sim.url,
      cacheFile: tempCacheFile(),
      now: SIM_NOW,
      lots,
      today: SIM_TODAY,
      retryPolicy: fastRetries,
      random: seeded(7),
    });
    const c = sim.counters;
    // 500 on the first cookie; then cookie ok, crumb 429; after Retry-After: cookie (the library
    // asks again once its crumb is cleared), crumb ok, and the quote.
    expect(c.byEndpoint.crumb).toBe(2);
    expect(c.byEndpoint.cookie).toBeGreaterThanOrEqual(2);
    expect(c.byEndpoint.quote).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000); // the Retry-After was waited out
    for (const s of ALL) expect(run.data.quotes.get(s)?.source, s).toBe('live');
    expect(run.data.warnings.filter((w) => /no quote from Yahoo/.test(w))).toEqual([]);
    expect(run.report.summary.prices.live).toBe(SYMBOLS.length);
    expect(run.report.summary.prices.chart).toBe(0);
    expect(run.pipeline.stats.snapshot().retries).toBeGreaterThanOrEqual(2);
  });
});
