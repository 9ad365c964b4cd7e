// A failed crumb (its own file: yahoo-finance2 keeps the failure for the whole process). Quotes then come
// from chart data; the expected prices are worked out from the simulator's pure bar generator, not from
// folio: price = the last close, previousClose = the close before it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Quote } from '../../src/types.js';
import { type Simulator, simBars } from '../../src/sim/index.js';
import {
  BENCHMARKS,
  US50,
  expectSameNumbers,
  lotsFor,
  reportFrom,
  runOnce,
  tempCacheFile,
} from './harness.js';
import { SIM_NOW, SIM_TODAY, startSim } from '../support/simulator.js';

const SYMBOLS = [...US50.slice(0, 8), 'SAP.DE'];
const lots = lotsFor(SYMBOLS);
let sim: Simulator;

beforeAll(async () => {
  sim = await startSim({ failCrumb: true });
});
afterAll(async () => {
  await sim.close();
});

describe('the crumb request fails', () => {
  it('derives every quote from the chart: right prices, a warning each, one cookie + crumb attempt, no quote request', async () => {
    const run = await runOnce({
      url: sim.url,
      cacheFile: tempCacheFile(),
      now: SIM_NOW,
      lots,
      today: SIM_TODAY,
    });
    const c = sim.counters;
    expect(c.byEndpoint.crumb).toBe(1);
    expect(c.byEndpoint.cookie).toBeLessThanOrEqual(1);
    expect(c.byEndpoint.quote).toBe(0);
    const all = [...SYMBOLS, ...BENCHMARKS, 'EURUSD=X'];
    expect(Object.keys(c.chartBySymbol).sort()).toEqual([...all].sort());
    expect(run.data.unavailable.size).toBe(0);

    const expectedQuotes = new Map<string, Quote>();
    for (const s of all) {
      const bars = simBars(s, '2026-10-01', SIM_TODAY, { today: SIM_TODAY });
      const last = bars.at(-1)!;
      const prev = bars.at(-2)!;
      const q = run.data.quotes.get(s)!;
      expect(q.price, s).toBeCloseTo(last.close, 6);
      expect(q.previousClose!, s).toBeCloseTo(prev.close, 6);
      expect(
        run.data.warnings.some((w) => w.startsWith(`${s}: no quote from Yahoo`) && /daily chart/.test(w)),
        s,
      ).toBe(true);
      expectedQuotes.set(s, { ...q, price: last.close, previousClose: prev.close });
    }
    // The report equals one built on quotes worked out from the bars independently.
    const expected = reportFrom(lots, { ...run.data, quotes: expectedQuotes });
    expectSameNumbers(run.report, expected);
    expect(run.report.holdings.every((h) => h.price !== null)).toBe(true);
    // Prices from the chart are a fallback: counted and labelled as such, never as live.
    expect(run.report.holdings.map((h) => h.source)).toEqual(SYMBOLS.map(() => 'chart'));
    expect(run.report.summary.prices).toMatchObject({ live: 0, chart: SYMBOLS.length });
  });

  it('a later run in the same process asks nothing of the quote endpoint either', async () => {
    sim.resetCounters();
    const run = await runOnce({
      url: sim.url,
      cacheFile: tempCacheFile(),
      now: SIM_NOW,
      lots,
      today: SIM_TODAY,
    });
    expect(sim.counters.byEndpoint.quote).toBe(0);
    expect(sim.counters.byEndpoint.crumb + sim.counters.byEndpoint.cookie).toBe(0);
    expect(run.data.unavailable.size).toBe(0);
    expect(run.data.quotes.size).toBe(SYMBOLS.length + BENCHMARKS.length + 1);
  });
});
