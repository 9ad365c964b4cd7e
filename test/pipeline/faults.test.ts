// Faults from upstream, through the simulator and the real client: each fault ends in a
// correct report (the clean run's numbers where the data was obtained) or a clear per-symbol error,
// within the retry budget, never sending while the breaker is open, with warnings saying what degraded.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import type { Report } from '../../src/analytics/model.js';
import type { SimOptions, Simulator } from '../../src/sim/index.js';
import {
  BENCHMARKS,
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

const SYMBOLS = US50.slice(0, 20);
const lots = lotsFor(SYMBOLS);
const BUDGET_MS = 8_000;

let sim: Simulator;
let clean: RunResult;

const CLEAN: SimOptions = {
  today: SIM_TODAY,
  now: () => SIM_NOW,
  failRate: 0,
  truncateRate: 0,
  hangMs: 0,
  omitQuoteSymbols: [],
  nullBars: [],
  badPrices: [],
};

beforeAll(async () => {
  sim = await startSim({ ...CLEAN });
  // Also fetches yahoo-finance2's process-wide crumb while the simulator is healthy.
  clean = await runOnce({ url: sim.url, cacheFile: tempCacheFile(), now: SIM_NOW, lots, today: SIM_TODAY });
  expect(clean.data.warnings).toEqual([]);
  expect(clean.data.unavailable.size).toBe(0);
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.configure({ ...CLEAN, seed: 7 });
  sim.resetCounters();
});

async function faultRun(patch: Partial<SimOptions>, extra: { timeoutMs?: number; budgetMs?: number } = {}) {
  sim.configure(patch);
  const started = Date.now();
  const run = await runOnce({
    url: sim.url,
    cacheFile: tempCacheFile(),
    now: SIM_NOW,
    lots,
    today: SIM_TODAY,
    budgetMs: extra.budgetMs ?? BUDGET_MS,
    timeoutMs: extra.timeoutMs,
    random: seeded(11),
  });
  const elapsed = Date.now() - started;
  expect(sendsWhileOpen(run.pipeline)).toEqual([]);
  // --bench stays honest under faults: folio counted what the simulator saw.
  expect(run.pipeline.stats.snapshot().requests.total).toBe(sim.counters.total);
  return { ...run, elapsed };
}

/** Every holding row that has a price equals the clean run's row; the others are named as unavailable. */
function expectCleanWhereObtained(run: RunResult, reference: Report = clean.report): void {
  for (const row of run.report.holdings) {
    const ref = reference.holdings.find((h) => h.symbol === row.symbol)!;
    if (row.price === null) {
      expect(run.data.unavailable.has(row.symbol), row.symbol).toBe(true);
      continue;
    }
    expect(row.price, row.symbol).toBeCloseTo(ref.price!, 9);
    if (run.data.histories.has(row.symbol)) {
      expect(row.marketValue, row.symbol).toBeCloseTo(ref.marketValue!, 6);
    } else {
      // Without bars the pipeline says so (splits, returns and charts lack them).
      expect(
        run.data.warnings.some((w) => w.startsWith(`${row.symbol}: no daily history`)),
        row.symbol,
      ).toBe(true);
    }
  }
}

describe('500s', () => {
  it.each([0.1, 0.3])(
    '%s of quote/chart requests answered 500: the clean numbers, retries recorded',
    async (rate) => {
      const run = await faultRun({ failRate: rate });
      expect(sim.counters.byStatus['500'] ?? 0).toBeGreaterThan(0);
      expect(run.data.unavailable.size).toBe(0);
      expectSameNumbers(run.report, clean.report);
      const stats = run.pipeline.stats.snapshot();
      // Each 500 was followed by a retry, except a call's last attempt (asked again in the run's second round).
      expect(stats.requests.byStatus['500']).toBe(sim.counters.byStatus['500']);
      expect(stats.retries).toBeGreaterThan(0);
      expect(stats.retries).toBeLessThanOrEqual(sim.counters.byStatus['500']!);
      expect(stats.retryWaitMs).toBeLessThanOrEqual(BUDGET_MS);
      expect(run.data.warnings).toEqual([]);
    },
  );

  it('60 % answered 500: a report whose prices are right where obtained, the rest named, within the budget', async () => {
    const run = await faultRun({ failRate: 0.6 });
    expect(sim.counters.byStatus['500'] ?? 0).toBeGreaterThan(0);
    expectCleanWhereObtained(run);
    for (const [symbol, why] of run.data.unavailable)
      expect(why, symbol).toMatch(/500|circuit breaker|paused/i);
    expect(run.pipeline.stats.snapshot().retryWaitMs).toBeLessThanOrEqual(BUDGET_MS);
    expect(run.elapsed).toBeLessThan(BUDGET_MS + 15_000);
  });
});

describe('malformed and slow answers', () => {
  it('truncated JSON on 30 % of answers is retried: the clean numbers', async () => {
    const run = await faultRun({ truncateRate: 0.3 });
    expect(run.data.unavailable.size).toBe(0);
    expectSameNumbers(run.report, clean.report);
    expect(run.pipeline.stats.snapshot().retries).toBeGreaterThan(0);
  });

  it('answers slower than the request timeout: every request times out, nothing hangs, each symbol is named', async () => {
    const run = await faultRun({ hangMs: 2_000 }, { timeoutMs: 300, budgetMs: 3_000 });
    expect(run.data.quotes.size).toBe(0);
    expect(run.data.unavailable.size).toBe(SYMBOLS.length + BENCHMARKS.length);
    for (const why of run.data.unavailable.values()) expect(why).toMatch(/timed out|circuit breaker/);
    expect(run.elapsed).toBeLessThan(3_000 + 10_000);
  });
});

describe('data faults', () => {
  it('a quote response missing some symbols: their prices come from the chart, with a warning', async () => {
    const omitted = [SYMBOLS[0]!, SYMBOLS[5]!];
    const run = await faultRun({ omitQuoteSymbols: omitted });
    expect(run.data.unknown.size).toBe(0);
    expectSameNumbers(run.report, clean.report);
    for (const s of omitted) {
      expect(run.data.quotes.get(s)?.price).toBe(clean.data.quotes.get(s)?.price);
      expect(run.data.quotes.get(s)?.previousClose).toBe(clean.data.quotes.get(s)?.previousClose);
      expect(run.data.warnings.some((w) => w.startsWith(`${s}:`) && /chart/.test(w))).toBe(true);
    }
  });

  it('nulls in the middle of a chart: the last close is carried forward and a warning says so', async () => {
    const symbol = SYMBOLS[2]!;
    const bars = clean.data.histories.get(symbol)!.bars;
    const nullDates = [bars.date(bars.length - 40), bars.date(bars.length - 39)];
    const run = await faultRun({ nullBars: nullDates.map((date) => ({ symbol, date })) });
    const got = run.data.histories
      .get(symbol)!
      .bars.toBars()
      .map((b) => b.date);
    expect(got).not.toContain(nullDates[0]);
    expect(run.data.warnings.filter((w) => w.startsWith(`${symbol}:`)).join('\n')).toMatch(
      /2 bar\(s\) without a close.*carried forward/,
    );
    // Today's value and cost do not depend on a bar 40 days back.
    const row = run.report.holdings.find((h) => h.symbol === symbol)!;
    const ref = clean.report.holdings.find((h) => h.symbol === symbol)!;
    expect(row.price).toBeCloseTo(ref.price!, 9);
    expect(run.report.summary.marketValue).toBeCloseTo(clean.report.summary.marketValue, 6);
  });

  it('a close 100x off its neighbours is flagged by analytics and not averaged in', async () => {
    const symbol = SYMBOLS[3]!;
    const bars = clean.data.histories.get(symbol)!.bars;
    const date = bars.date(bars.length - 30);
    const run = await faultRun({ badPrices: [{ symbol, date, factor: 100 }] });
    expect(run.report.warnings.some((w) => w.includes(symbol) && w.includes(date) && /50x off/.test(w))).toBe(
      true,
    );
    expect(run.report.holdings.find((h) => h.symbol === symbol)!.price).toBeCloseTo(
      clean.report.holdings.find((h) => h.symbol === symbol)!.price!,
      9,
    );
    expect(run.report.summary.marketValue).toBeCloseTo(clean.report.summary.marketValue, 6);
    expect(run.report.summary.maxDrawdown!).toBeCloseTo(clean.report.summary.maxDrawdown!, 2);
  });
});
