// Progressive output's data side: load() hands over the quotes and the histories the
// holdings figures need while the other benchmarks' charts are still on their way, and those early
// figures are the final report's. The simulator holds QQQ's chart back until the early data is in.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { HOLDINGS_SUMMARY_KEYS } from '../../src/analytics/model.js';
import { buildReport, laterBenchmarks } from '../../src/analytics/report.js';
import type { PriceData } from '../../src/prices/service.js';
import { type Simulator, startSimulator } from '../../src/sim/index.js';
import { BENCHMARKS, SIM_NOW, SIM_TODAY, lot, openPipeline, planFor, tempCacheFile } from './harness.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ today: SIM_TODAY, now: () => SIM_NOW });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.configure({ today: SIM_TODAY, now: () => SIM_NOW, gate: undefined });
  sim.resetCounters();
});

// A split holding (NVDA 10:1 in 2024), a EUR holding (cost at the EURUSD close of its date), a GBp
// one, and VTI: a holding that is also a later benchmark, so its history is needed early.
const lots = [
  lot('NVDA', 10, 450, '2023-05-10'),
  lot('AAPL', 20, 150, '2021-06-01'),
  lot('SAP.DE', 8, 120, '2022-03-14'),
  lot('VOD.L', 1000, 110, '2023-01-20'),
  lot('VTI', 5, 200, '2022-11-01'),
];

function reportOf(data: PriceData, benchmarks: string[]) {
  return buildReport({
    lots,
    quotes: data.quotes,
    histories: data.histories,
    baseCurrency: 'USD',
    benchmarks,
    period: '1y',
    riskFreeRate: 0,
    generatedAt: SIM_NOW,
    unknownSymbols: [...data.unknown],
  });
}

describe('PriceService.load with early data', () => {
  it('hands over quotes + needed histories while QQQ is held back; the early figures are the final ones', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const safety = setTimeout(release, 30_000); // never hang the suite if `ready` is not called
    let qqqAnswered = false;
    sim.configure({
      gate: async ({ endpoint, symbols: [symbol] }) => {
        if (endpoint !== 'chart' || symbol !== 'QQQ') return;
        await held;
        qqqAnswered = true;
      },
    });
    const plan = planFor(lots, SIM_TODAY);
    const pipeline = await openPipeline({ url: sim.url, cacheFile: tempCacheFile(), now: SIM_NOW });
    let early: PriceData | undefined;
    let calls = 0;
    let qqqAnsweredAtReady: boolean | undefined;
    let data: PriceData;
    try {
      data = await pipeline.service.load(plan, undefined, {
        later: laterBenchmarks({ lots, benchmarks: BENCHMARKS }),
        ready: (d) => {
          calls += 1;
          early = d;
          qqqAnsweredAtReady = qqqAnswered;
          release();
        },
      });
    } finally {
      clearTimeout(safety);
      await pipeline.close();
    }
    expect(calls).toBe(1);
    expect(qqqAnsweredAtReady).toBe(false);
    expect([...early!.histories.keys()].sort()).toEqual(
      ['AAPL', 'EURUSD=X', 'GBPUSD=X', 'NVDA', 'SAP.DE', 'SPY', 'VOD.L', 'VTI'].sort(),
    );
    expect(data.histories.has('QQQ')).toBe(true);
    // Still one quote batch and one chart per symbol: handing data over early costs no request.
    expect(sim.counters.byEndpoint.quote).toBe(1);
    expect(Object.values(sim.counters.chartBySymbol).every((n) => n === 1)).toBe(true);
    expect(Object.keys(sim.counters.chartBySymbol)).toHaveLength(9); // 5 holdings, SPY, QQQ, 2 FX pairs

    const first = reportOf(early!, ['SPY']);
    const whole = reportOf(data, BENCHMARKS);
    expect(first.holdings).toEqual(whole.holdings);
    for (const key of HOLDINGS_SUMMARY_KEYS) expect(first.summary[key]).toEqual(whole.summary[key]);
    expect(first.asOf).toBe(whole.asOf);
    // The split was applied: NVDA's 10 shares are 100 today.
    expect(whole.holdings.find((h) => h.symbol === 'NVDA')?.shares).toBe(100);
  });

  it('holdings cached, a new benchmark: the early data comes from the cache while its quote and chart are held', async () => {
    const cacheFile = tempCacheFile();
    const warm = await openPipeline({ url: sim.url, cacheFile, now: SIM_NOW });
    try {
      await warm.service.load(planFor(lots, SIM_TODAY));
    } finally {
      await warm.close();
    }
    sim.resetCounters();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const safety = setTimeout(release, 30_000);
    let answered = 0;
    sim.configure({
      gate: async ({ symbols }) => {
        if (!symbols.includes('EFA')) return;
        await held;
        answered += 1;
      },
    });
    const benchmarks = ['SPY', 'EFA'];
    const pipeline = await openPipeline({ url: sim.url, cacheFile, now: SIM_NOW });
    let answeredAtReady: number | undefined;
    let early: PriceData | undefined;
    let data: PriceData;
    try {
      data = await pipeline.service.load(planFor(lots, SIM_TODAY, 'USD', benchmarks), undefined, {
        later: laterBenchmarks({ lots, benchmarks }),
        ready: (d) => {
          answeredAtReady = answered;
          early = d;
          release();
        },
      });
    } finally {
      clearTimeout(safety);
      await pipeline.close();
    }
    expect(answeredAtReady).toBe(0); // neither EFA's quote nor its chart was in
    expect([...early!.quotes.values()].every((q) => q.source === 'cache')).toBe(true);
    expect(early!.quotes.has('EFA')).toBe(false);
    expect(answered).toBe(2); // then one quote batch (EFA alone) and EFA's chart
    expect(sim.counters.symbolsPerQuote).toEqual([1]);
    expect(Object.keys(sim.counters.chartBySymbol)).toEqual(['EFA']);
    const first = reportOf(early!, ['SPY']);
    const whole = reportOf(data, benchmarks);
    expect(first.holdings).toEqual(whole.holdings);
    for (const key of HOLDINGS_SUMMARY_KEYS) expect(first.summary[key]).toEqual(whole.summary[key]);
  });

  it('no early data when a needed history failed in the first round: the second round may still change it', async () => {
    let nvdaAnswers = 0;
    sim.configure({
      gate: ({ endpoint, symbols: [symbol] }) => {
        if (endpoint !== 'chart' || symbol !== 'NVDA') return Promise.resolve();
        nvdaAnswers += 1;
        return Promise.resolve(nvdaAnswers <= 2 ? 'fail' : undefined); // both first-round attempts fail
      },
    });
    const plan = planFor(lots, SIM_TODAY);
    const pipeline = await openPipeline({
      url: sim.url,
      cacheFile: tempCacheFile(),
      now: SIM_NOW,
      retryPolicy: { baseDelayMs: 5, maxDelayMs: 10, maxAttempts: 2, maxRetryAfterMs: 10 },
    });
    let calls = 0;
    let data: PriceData;
    try {
      data = await pipeline.service.load(plan, undefined, {
        later: laterBenchmarks({ lots, benchmarks: BENCHMARKS }),
        ready: () => void (calls += 1),
      });
    } finally {
      await pipeline.close();
    }
    expect(calls).toBe(0);
    expect(nvdaAnswers).toBe(3);
    expect(data.histories.get('NVDA')?.source).toBe('live');
  });

  it('an FX pair only the quotes reveal is in the early data, fetched once', async () => {
    // NOVO-B.CO's suffix says DKK, but the simulator quotes it in USD: with base EUR the plan asks
    // for DKKEUR=X and USDEUR=X joins once the quotes are in. The early data waits for that pair.
    const euroLots = [lot('SAP.DE', 8, 120, '2022-03-14'), lot('NOVO-B.CO', 10, 60, '2023-02-01')];
    const benchmarks = ['ALV.DE', 'BAS.DE'];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const safety = setTimeout(release, 30_000);
    let basAnswered = false;
    sim.configure({
      gate: async ({ endpoint, symbols: [symbol] }) => {
        if (endpoint !== 'chart' || symbol !== 'BAS.DE') return;
        await held;
        basAnswered = true;
      },
    });
    const plan = planFor(euroLots, SIM_TODAY, 'EUR', benchmarks);
    expect(plan.fx).not.toContain('USDEUR=X');
    const pipeline = await openPipeline({ url: sim.url, cacheFile: tempCacheFile(), now: SIM_NOW });
    let early: PriceData | undefined;
    let basAnsweredAtReady: boolean | undefined;
    let data: PriceData;
    try {
      data = await pipeline.service.load(plan, undefined, {
        later: laterBenchmarks({ lots: euroLots, benchmarks }),
        ready: (d) => {
          early = d;
          basAnsweredAtReady = basAnswered;
          release();
        },
      });
    } finally {
      clearTimeout(safety);
      await pipeline.close();
    }
    expect(basAnsweredAtReady).toBe(false);
    expect(early!.quotes.get('NOVO-B.CO')?.currency).toBe('USD');
    expect(early!.quotes.has('USDEUR=X')).toBe(true);
    expect(early!.histories.has('USDEUR=X')).toBe(true);
    expect(early!.histories.has('BAS.DE')).toBe(false);
    expect(data.histories.has('BAS.DE')).toBe(true);
    expect(sim.counters.chartBySymbol['USDEUR=X']).toBe(1);
    const report = (d: PriceData, b: string[]) =>
      buildReport({
        lots: euroLots,
        quotes: d.quotes,
        histories: d.histories,
        baseCurrency: 'EUR',
        benchmarks: b,
        period: '1y',
        riskFreeRate: 0,
        generatedAt: SIM_NOW,
        unknownSymbols: [...d.unknown],
      });
    const first = report(early!, ['ALV.DE']);
    const whole = report(data, benchmarks);
    expect(first.summary.coverage.priced).toBe(2); // NOVO-B.CO converted at USDEUR=X
    expect(first.holdings).toEqual(whole.holdings);
    for (const key of HOLDINGS_SUMMARY_KEYS) expect(first.summary[key]).toEqual(whole.summary[key]);
  });

  it('an unknown holding is final: the early data comes, naming it unknown', async () => {
    const withUnknown = [...lots, lot('ZZZNOPE', 1, 1, '2024-01-02')];
    const plan = planFor(withUnknown, SIM_TODAY);
    const pipeline = await openPipeline({ url: sim.url, cacheFile: tempCacheFile(), now: SIM_NOW });
    let early: PriceData | undefined;
    try {
      await pipeline.service.load(plan, undefined, {
        later: laterBenchmarks({ lots: withUnknown, benchmarks: BENCHMARKS }),
        ready: (d) => void (early = d),
      });
    } finally {
      await pipeline.close();
    }
    expect(early?.unknown.has('ZZZNOPE')).toBe(true);
  });
});
