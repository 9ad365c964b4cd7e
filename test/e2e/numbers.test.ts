// The JSON numbers of a small portfolio, checked against a second computation written here from the
// simulator's own bars (simBars), not from folio's code: value = shares x last close x FX close, cost
// at the purchase date's FX close, day change at today's FX, weights, one holding's vs-benchmark, and
// the same for --as-of a past date (that date's closes; later lots ignored).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { simBars } from '../../src/sim/index.js';
import { cleanupTempDirs, expectSeriesEndsAtValue, pool, tempDir, writeHoldings } from './helpers.js';
import { runFolio, type RunResult } from '../support/cli.js';
import { SIM_TODAY, startSim } from '../support/simulator.js';

const HOLDINGS = `symbol,shares,cost,currency,date
AAPL,10,150.00,USD,2025-03-03
MSFT,5,80.00,USD,2025-06-02
SPY,4,400.00,USD,2025-09-15
SAP.DE,3,700.00,EUR,2025-05-05
`;

/** The simulator's bar of `symbol` on `date` (the test fails loudly if there is none). */
function bar(symbol: string, date: string) {
  const b = simBars(symbol, date, date, { today: SIM_TODAY })[0];
  if (b === undefined || b.date !== date) throw new Error(`no sim bar for ${symbol} on ${date}`);
  return b;
}
const close = (symbol: string, date: string) => bar(symbol, date).close;

interface Json {
  schemaVersion: number;
  asOf: string;
  summary: Record<string, unknown> & {
    marketValue: number;
    costBasis: number;
    unrealizedGain: number;
    unrealizedGainPct: number;
    dayChange: number;
    dayChangePct: number;
  };
  holdings: {
    symbol: string;
    shares: number;
    price: number;
    marketValue: number;
    costBasis: number;
    weight: number;
    vsBenchmark: number | null;
    unrealizedGain: number;
  }[];
}

let sim: Simulator;
let today: RunResult;
let past: RunResult;
let inEur: RunResult;

beforeAll(async () => {
  sim = await startSim();
  const dir = tempDir();
  const file = writeHoldings(dir, 'small.csv', HOLDINGS);
  const [a, b, c] = await pool(
    [
      ['report', file, '--format', 'json', '--benchmarks', 'SPY,QQQ'],
      ['report', file, '--format', 'json', '--benchmarks', 'SPY,QQQ', '--as-of', '2025-08-02'],
      // A EUR report of USD stocks at 22:00 UTC on a weekday: New York closed, EURUSD still trading.
      ['report', file, '--format', 'json', '--benchmarks', 'SPY,QQQ', '--currency', 'EUR'],
    ],
    2,
    (args) => runFolio(args, { dir: tempDir(), sim }),
  );
  today = a!;
  past = b!;
  inEur = c!;
}, 90_000);

afterAll(async () => {
  await sim.close();
  cleanupTempDirs();
});

describe('report --format json numbers (today)', () => {
  const T = SIM_TODAY;
  const Y = '2026-11-26';
  const fxT = () => close('EURUSD=X', T);
  const lots = () => [
    { symbol: 'AAPL', shares: 10, fx: 1 },
    { symbol: 'MSFT', shares: 5, fx: 1 },
    { symbol: 'SPY', shares: 4, fx: 1 },
    { symbol: 'SAP.DE', shares: 3, fx: fxT() },
  ];
  const doc = () => JSON.parse(today.stdout) as Json;

  it('exits 0 with a JSON document on stdout', () => {
    expect(today.stderr).not.toContain('    at ');
    expect(today.code).toBe(0);
    expect(doc().schemaVersion).toBe(1);
    expect(doc().asOf).toBe(T);
  });

  it('values every holding at its last close times the FX close, to the cent', () => {
    const expected = lots().map((l) => ({ symbol: l.symbol, value: l.shares * close(l.symbol, T) * l.fx }));
    for (const e of expected) {
      const h = doc().holdings.find((x) => x.symbol === e.symbol)!;
      expect(h.marketValue).toBeCloseTo(e.value, 2);
    }
    const total = expected.reduce((s, e) => s + e.value, 0);
    expect(doc().summary.marketValue).toBeCloseTo(total, 2);
    // Weights: each value over the total.
    for (const e of expected)
      expect(doc().holdings.find((x) => x.symbol === e.symbol)!.weight).toBeCloseTo(e.value / total, 10);
  });

  it('converts the EUR cost at the purchase date’s EURUSD=X close', () => {
    const cost = 10 * 150 + 5 * 80 + 4 * 400 + 3 * 700 * close('EURUSD=X', '2025-05-05');
    expect(doc().summary.costBasis).toBeCloseTo(cost, 2);
    const sap = doc().holdings.find((x) => x.symbol === 'SAP.DE')!;
    expect(sap.costBasis).toBeCloseTo(3 * 700 * close('EURUSD=X', '2025-05-05'), 2);
    const value = lots().reduce((s, l) => s + l.shares * close(l.symbol, T) * l.fx, 0);
    expect(doc().summary.unrealizedGain).toBeCloseTo(value - cost, 2);
    expect(doc().summary.unrealizedGainPct).toBeCloseTo((value - cost) / cost, 10);
  });

  it('computes the day change from the previous close at today’s FX', () => {
    const change = lots().reduce(
      (s, l) => s + l.shares * (close(l.symbol, T) - close(l.symbol, Y)) * l.fx,
      0,
    );
    const base = lots().reduce((s, l) => s + l.shares * close(l.symbol, Y) * l.fx, 0);
    expect(doc().summary.dayChange).toBeCloseTo(change, 2);
    expect(doc().summary.dayChangePct).toBeCloseTo(change / base, 10);
  });

  it('gives MSFT vs SPY as its return since purchase minus SPY’s adjusted return from the day before', () => {
    // One lot, no later flows: the chained daily returns telescope to last close / cost.
    const msft = close('MSFT', T) / 80 - 1;
    // Money enters at the start of 2025-06-02 (a Monday): SPY from Friday 2025-05-30's adjusted close.
    const spy = bar('SPY', T).adjClose / bar('SPY', '2025-05-30').adjClose - 1;
    const h = doc().holdings.find((x) => x.symbol === 'MSFT')!;
    expect(h.vsBenchmark).not.toBeNull();
    expect(h.vsBenchmark!).toBeCloseTo(msft - spy, 8);
  });
});

describe('report --as-of 2025-08-02 (a Saturday)', () => {
  const D = '2025-08-01'; // the last trading date on or before the Saturday
  const doc = () => JSON.parse(past.stdout) as Json;

  it('reports as of the Friday before', () => {
    expect(past.stderr).not.toContain('    at ');
    expect(past.code).toBe(0);
    expect(doc().asOf).toBe(D);
  });

  it('ignores the lot bought after the date', () => {
    expect(
      doc()
        .holdings.map((h) => h.symbol)
        .sort(),
    ).toEqual(['AAPL', 'MSFT', 'SAP.DE']);
  });

  it('values the holdings at that date’s closes and FX', () => {
    const value =
      10 * close('AAPL', D) + 5 * close('MSFT', D) + 3 * close('SAP.DE', D) * close('EURUSD=X', D);
    const cost = 10 * 150 + 5 * 80 + 3 * 700 * close('EURUSD=X', '2025-05-05');
    expect(doc().summary.marketValue).toBeCloseTo(value, 2);
    expect(doc().summary.costBasis).toBeCloseTo(cost, 2);
    expect(doc().summary.unrealizedGain).toBeCloseTo(value - cost, 2);
    const aapl = doc().holdings.find((h) => h.symbol === 'AAPL')!;
    expect(aapl.price).toBeCloseTo(close('AAPL', D), 6);
    expect(aapl.marketValue).toBeCloseTo(10 * close('AAPL', D), 2);
  });
});

describe('one day, one value', () => {
  it.each([
    ['today', () => today],
    ['--as-of a past date', () => past],
    ['in EUR while EURUSD still trades', () => inEur],
  ])('%s: the series at asOf is the value shown above it', (_name, run) => {
    expect(run().code).toBe(0);
    expectSeriesEndsAtValue(JSON.parse(run().stdout) as Parameters<typeof expectSeriesEndsAtValue>[0]);
  });
});
