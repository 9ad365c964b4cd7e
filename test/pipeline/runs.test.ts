// Runs end to end: the real yahoo-finance2 client, the real SQLite cache and the simulator on
// 127.0.0.1. Every count is read from the SIMULATOR's counters (what reached the wire), not folio's.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { type Simulator, simDividends } from '../../src/sim/index.js';
import {
  BENCHMARKS,
  NEXT_NOW,
  NEXT_TODAY,
  US50,
  expectSameNumbers,
  lot,
  lotsFor,
  runOnce,
  tempCacheFile,
} from './harness.js';
import { SIM_NOW, SIM_TODAY, startSim } from '../support/simulator.js';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSim();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.configure({ today: SIM_TODAY, now: () => SIM_NOW, splits: undefined });
  sim.resetCounters();
});

const lots50 = lotsFor(US50);

function chartQueries(symbol: string): URLSearchParams[] {
  const path = `/v8/finance/chart/${encodeURIComponent(symbol)}`;
  return sim.counters.log
    .filter((e) => e.path.split('?')[0] === path)
    .map((e) => new URL(e.path, 'http://x').searchParams);
}

describe('cold cache, 50 holdings + 3 benchmark ETFs, USD', () => {
  it('sends 2 quote requests, 53 chart requests, each symbol once, at most one cookie and one crumb', async () => {
    const file = tempCacheFile();
    const { data, pipeline, report } = await runOnce({
      url: sim.url,
      cacheFile: file,
      now: SIM_NOW,
      lots: lots50,
      today: SIM_TODAY,
    });
    const c = sim.counters;
    expect(c.byEndpoint.quote).toBe(2);
    expect([...c.symbolsPerQuote].sort((a, b) => b - a)).toEqual([50, 3]);
    expect(c.byEndpoint.chart).toBe(53);
    expect(c.byEndpoint.cookie).toBeLessThanOrEqual(1);
    expect(c.byEndpoint.crumb).toBeLessThanOrEqual(1);
    expect(c.byEndpoint.other).toBe(0);
    const expectedSymbols = [...US50, ...BENCHMARKS].sort();
    expect(Object.keys(c.chartBySymbol).sort()).toEqual(expectedSymbols);
    expect(Object.values(c.chartBySymbol).every((n) => n === 1)).toBe(true);
    expect(Object.keys(c.quoteBySymbol).sort()).toEqual(expectedSymbols);
    expect(Object.values(c.quoteBySymbol).every((n) => n === 1)).toBe(true);
    expect(data.unavailable.size).toBe(0);
    expect(data.warnings).toEqual([]);
    expect(report.holdings).toHaveLength(50);
    expect(report.holdings.every((h) => h.source === 'live' && h.price !== null)).toBe(true);
    // --bench is honest: folio's own count of the wire equals the simulator's.
    const stats = pipeline.stats.snapshot();
    expect(stats.requests.total).toBe(c.total);
    expect(stats.requests.byKind).toEqual(c.byEndpoint);
    expect(stats.requests.symbolsPerQuote.slice().sort()).toEqual(c.symbolsPerQuote.slice().sort());
    expect(stats.requests.byStatus).toEqual(c.byStatus);
  });

  it('plans FX pairs up front for non-USD holdings: each pair fetched once, quotes still ceil(n/50)', async () => {
    const foreign = ['SAP.DE', 'MC.PA', 'VOD.L', 'SHOP.TO', '7203.T'];
    const lots = [...lotsFor(US50.slice(0, 47)), ...lotsFor(foreign)];
    const { data } = await runOnce({
      url: sim.url,
      cacheFile: tempCacheFile(),
      now: SIM_NOW,
      lots,
      today: SIM_TODAY,
    });
    const fx = ['CADUSD=X', 'EURUSD=X', 'GBPUSD=X', 'JPYUSD=X'];
    const all = [...US50.slice(0, 47), ...foreign, ...BENCHMARKS, ...fx];
    const c = sim.counters;
    expect(c.byEndpoint.quote).toBe(Math.ceil(all.length / 50));
    expect(c.symbolsPerQuote.reduce((a, b) => a + b, 0)).toBe(all.length);
    for (const p of fx) {
      expect(c.chartBySymbol[p], p).toBe(1);
      expect(c.quoteBySymbol[p], p).toBe(1);
    }
    expect(Object.keys(c.chartBySymbol).sort()).toEqual(all.sort());
    expect(Object.values(c.chartBySymbol).every((n) => n === 1)).toBe(true);
    // The pairs were planned, not discovered late: they went out with the first quote batches.
    expect(c.byEndpoint.quote).toBe(2);
    expect(data.unavailable.size).toBe(0);
  });
});

describe('warm cache', () => {
  it('a second run within the TTL sends nothing, never loads yahoo-finance2, and gives the same numbers', async () => {
    const file = tempCacheFile();
    const first = await runOnce({
      url: sim.url,
      cacheFile: file,
      now: SIM_NOW,
      lots: lots50,
      today: SIM_TODAY,
    });
    sim.resetCounters();
    const second = await runOnce({
      url: sim.url,
      cacheFile: file,
      now: SIM_NOW + 30_000,
      lots: lots50,
      today: SIM_TODAY,
    });
    expect(sim.counters.total).toBe(0);
    expect(second.pipeline.clientCalls()).toBe(0);
    expect(second.pipeline.stats.snapshot().requests.total).toBe(0);
    expect(second.report.holdings.every((h) => h.source === 'cache')).toBe(true);
    expect(second.data.warnings).toEqual([]);
    expectSameNumbers(second.report, first.report);
  });

  it('the next business day fetches only tails (period1 = last cached date) and equals a cold run', async () => {
    const file = tempCacheFile();
    await runOnce({ url: sim.url, cacheFile: file, now: SIM_NOW, lots: lots50, today: SIM_TODAY });
    sim.configure({ today: NEXT_TODAY, now: () => NEXT_NOW });
    sim.resetCounters();
    const next = await runOnce({
      url: sim.url,
      cacheFile: file,
      now: NEXT_NOW,
      lots: lots50,
      today: NEXT_TODAY,
    });
    const c = sim.counters;
    expect(c.byEndpoint.chart).toBe(53);
    expect(Object.values(c.chartBySymbol).every((n) => n === 1)).toBe(true);
    expect(c.byEndpoint.quote).toBe(2);
    const lastCachedUtcMidnight = Date.parse(`${SIM_TODAY}T00:00:00Z`) / 1000;
    for (const s of [...US50, ...BENCHMARKS]) {
      const [q] = chartQueries(s);
      expect(Number(q!.get('period1')), s).toBe(lastCachedUtcMidnight);
    }
    sim.resetCounters();
    const cold = await runOnce({
      url: sim.url,
      cacheFile: tempCacheFile(),
      now: NEXT_NOW,
      lots: lots50,
      today: NEXT_TODAY,
    });
    expect(cold.report.asOf).toBe(NEXT_TODAY);
    expectSameNumbers(next.report, cold.report);
  });

  it('a split in the new tail that the cache did not know refetches that symbol in full, and equals a cold run', async () => {
    const lots = [lot('KO', 100, 50, '2023-03-01'), lot('MSFT', 10, 250, '2022-05-02')];
    const file = tempCacheFile();
    await runOnce({ url: sim.url, cacheFile: file, now: SIM_NOW, lots, today: SIM_TODAY });
    sim.configure({
      today: NEXT_TODAY,
      now: () => NEXT_NOW,
      splits: [{ symbol: 'KO', date: NEXT_TODAY, ratio: 2 }],
    });
    sim.resetCounters();
    const next = await runOnce({ url: sim.url, cacheFile: file, now: NEXT_NOW, lots, today: NEXT_TODAY });
    const ko = chartQueries('KO').map((q) => Number(q.get('period1')));
    expect(ko).toHaveLength(2); // the tail, then the whole range
    expect(ko[0]).toBe(Date.parse(`${SIM_TODAY}T00:00:00Z`) / 1000);
    expect(ko[1]).toBeLessThan(Date.parse('2023-03-01T00:00:00Z') / 1000);
    expect(chartQueries('MSFT')).toHaveLength(1);
    const koRow = next.report.holdings.find((h) => h.symbol === 'KO')!;
    expect(koRow.shares).toBe(200);
    const cold = await runOnce({
      url: sim.url,
      cacheFile: tempCacheFile(),
      now: NEXT_NOW,
      lots,
      today: NEXT_TODAY,
    });
    expectSameNumbers(next.report, cold.report);
  });
});

describe('next day, more cases', () => {
  it('a dividend going ex on the new day refetches that symbol in full, and equals a cold run', async () => {
    // The first KO ex-date after SIM_TODAY, from the simulator's pure generator; the run before is the
    // business day before it.
    const ex = simDividends('KO', '2026-11-28', '2027-06-30', { today: '2027-06-30' })[0]!.date;
    const before = new Date(
      Date.parse(`${ex}T00:00:00Z`) - 86_400_000 * (new Date(`${ex}T00:00:00Z`).getUTCDay() === 1 ? 3 : 1),
    )
      .toISOString()
      .slice(0, 10);
    const nowOf = (d: string) => Date.parse(`${d}T22:00:00Z`);
    const lots = [lot('KO', 100, 50, '2023-03-01'), lot('MSFT', 10, 250, '2022-05-02')];
    const file = tempCacheFile();
    sim.configure({ today: before, now: () => nowOf(before) });
    await runOnce({ url: sim.url, cacheFile: file, now: nowOf(before), lots, today: before });
    sim.configure({ today: ex, now: () => nowOf(ex) });
    sim.resetCounters();
    const next = await runOnce({ url: sim.url, cacheFile: file, now: nowOf(ex), lots, today: ex });
    expect(chartQueries('KO')).toHaveLength(2);
    expect(chartQueries('MSFT')).toHaveLength(1);
    expect(next.data.histories.get('KO')!.dividends.some((d) => d.date === ex)).toBe(true);
    const cold = await runOnce({ url: sim.url, cacheFile: tempCacheFile(), now: nowOf(ex), lots, today: ex });
    expectSameNumbers(next.report, cold.report);
  });

  it('non-USD holdings and their FX pairs: only tails, and equal to a cold run', async () => {
    const lots = lotsFor(['SAP.DE', 'VOD.L', '7203.T', 'SHOP.TO', 'AAPL']);
    const file = tempCacheFile();
    await runOnce({ url: sim.url, cacheFile: file, now: SIM_NOW, lots, today: SIM_TODAY });
    sim.configure({ today: NEXT_TODAY, now: () => NEXT_NOW });
    sim.resetCounters();
    const next = await runOnce({ url: sim.url, cacheFile: file, now: NEXT_NOW, lots, today: NEXT_TODAY });
    expect(Object.values(sim.counters.chartBySymbol).every((n) => n === 1)).toBe(true);
    for (const p of ['EURUSD=X', 'GBPUSD=X', 'JPYUSD=X', 'CADUSD=X'])
      expect(sim.counters.chartBySymbol[p], p).toBe(1);
    const cold = await runOnce({
      url: sim.url,
      cacheFile: tempCacheFile(),
      now: NEXT_NOW,
      lots,
      today: NEXT_TODAY,
    });
    expect(next.data.warnings).toEqual([]);
    expectSameNumbers(next.report, cold.report);
  });
});

describe('in-flight sharing', () => {
  it('concurrent asks for the same keys send one request each', async () => {
    const { openPipeline } = await import('./harness.js');
    const p = await openPipeline({ url: sim.url, cacheFile: tempCacheFile(), now: SIM_NOW });
    try {
      const [a, b] = await Promise.all([
        p.service.getQuotes(['AAPL', 'MSFT']),
        p.service.getQuotes(['MSFT', 'AAPL']),
      ]);
      expect(a.get('AAPL')?.quote?.price).toBe(b.get('AAPL')?.quote?.price);
      const from = new Map([['AAPL', '2025-01-02']]);
      const [h1, h2] = await Promise.all([
        p.service.getHistories(from, SIM_TODAY),
        p.service.getHistories(from, SIM_TODAY),
      ]);
      expect(h1.get('AAPL')?.history?.bars.length).toBeGreaterThan(200);
      expect(h2.get('AAPL')?.history).toBe(h1.get('AAPL')?.history);
    } finally {
      await p.close();
    }
    expect(sim.counters.byEndpoint.quote).toBe(1);
    expect(sim.counters.quoteBySymbol).toEqual({ AAPL: 1, MSFT: 1 });
    expect(sim.counters.chartBySymbol).toEqual({ AAPL: 1 });
  });
});
