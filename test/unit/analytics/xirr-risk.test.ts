import { describe, it, expect } from 'vitest';
import { xirr, xnpv } from '../../../src/analytics/xirr.js';
import {
  betaCorrelation,
  bestWorstDay,
  dailyRiskFree,
  maxDrawdown,
  sharpe,
  sortino,
  volatility,
} from '../../../src/analytics/risk.js';

// Independent NPV, written out here so the check does not reuse the code under test.
function npvByHand(rate: number, flows: { date: string; amount: number }[]): number {
  const first = Math.min(...flows.map((f) => Date.parse(`${f.date}T00:00:00Z`)));
  return flows.reduce(
    (s, f) =>
      s + f.amount / Math.pow(1 + rate, (Date.parse(`${f.date}T00:00:00Z`) - first) / 86_400_000 / 365),
    0,
  );
}

describe('xirr', () => {
  it('-1000 then +1100 exactly 365 days later is 10 %', () => {
    const r = xirr([
      { date: '2023-01-01', amount: -1000 },
      { date: '2024-01-01', amount: 1100 },
    ]);
    expect(r.rate).toBeCloseTo(0.1, 9);
  });
  it('-1000, +1210 after 730 days is 10 % a year', () => {
    expect(
      xirr([
        { date: '2021-01-01', amount: -1000 },
        { date: '2023-01-01', amount: 1210 },
      ]).rate,
    ).toBeCloseTo(0.1, 9);
  });
  it('multi-flow case: the NPV at the found rate is ~0', () => {
    const flows = [
      { date: '2020-01-01', amount: -1000 },
      { date: '2020-07-01', amount: -500 },
      { date: '2021-03-15', amount: -250 },
      { date: '2021-06-30', amount: 2000 },
    ];
    const r = xirr(flows);
    expect(r.rate).not.toBeNull();
    expect(Math.abs(npvByHand(r.rate as number, flows))).toBeLessThan(1e-6);
    expect(xnpv(r.rate as number, flows)).toBeCloseTo(0, 6);
    // Sanity: gained 250 on ~1750 over ~1.2 years: somewhere between 5 % and 15 %.
    expect(r.rate).toBeGreaterThan(0.05);
    expect(r.rate).toBeLessThan(0.15);
  });
  it('a big loss converges below zero (bisection region)', () => {
    const flows = [
      { date: '2020-01-01', amount: -1000 },
      { date: '2020-01-31', amount: 500 },
    ];
    const r = xirr(flows);
    // halving in 30 days: (500/1000)^(365/30) - 1 = -0.99978...
    expect(r.rate).toBeCloseTo(Math.pow(0.5, 365 / 30) - 1, 9);
  });
  it.each([
    [
      'no sign change',
      [
        { date: '2020-01-01', amount: -100 },
        { date: '2021-01-01', amount: -50 },
      ],
    ],
    [
      'one date',
      [
        { date: '2020-01-01', amount: -100 },
        { date: '2020-01-01', amount: 150 },
      ],
    ],
    // -100 + 300 v - 250 v^2 with v = 1/(1+x): discriminant 300^2 - 4*100*250 < 0, no real root
    [
      'no root',
      [
        { date: '2020-01-01', amount: -100 },
        { date: '2020-12-31', amount: 300 },
        { date: '2021-12-31', amount: -250 },
      ],
    ],
  ])('%s gives null with a reason', (_name, flows) => {
    const r = xirr(flows);
    expect(r.rate).toBeNull();
    expect(r.reason).toEqual(expect.any(String));
  });
});

describe('risk on a 5-return series', () => {
  const r = [0.01, -0.02, 0.03, -0.01, 0.02];
  // mean = 0.03 / 5 = 0.006; deviations 0.004, -0.026, 0.024, -0.016, 0.014
  // squares sum = 0.000016 + 0.000676 + 0.000576 + 0.000256 + 0.000196 = 0.00172; sample var = 0.00043
  it('volatility = sqrt(0.00043) * sqrt(252) = 0.32918...', () => {
    expect(volatility(r)).toBeCloseTo(Math.sqrt(0.00043 * 252), 12);
    expect(volatility(r)).toBeCloseTo(0.329181, 5);
  });
  it('sharpe with rf 0 = 0.006 / sqrt(0.00043) * sqrt(252) = 4.5933', () => {
    expect(sharpe(r, 0)).toBeCloseTo((0.006 / Math.sqrt(0.00043)) * Math.sqrt(252), 10);
    expect(sharpe(r, 0)).toBeCloseTo(4.5932, 3);
  });
  it('sortino with rf 0: downside sqrt((0.0004 + 0.0001) / 5) = 0.01 -> 0.6 * sqrt(252) = 9.5247', () => {
    expect(sortino(r, 0)).toBeCloseTo(0.6 * Math.sqrt(252), 10);
  });
  it('with rf 4 %: daily rf = 1.04^(1/252) - 1, excess returns shift, sd unchanged', () => {
    const d = Math.pow(1.04, 1 / 252) - 1;
    expect(dailyRiskFree(0.04)).toBeCloseTo(0.000155647, 8);
    expect(sharpe(r, 0.04)).toBeCloseTo(((0.006 - d) / Math.sqrt(0.00043)) * Math.sqrt(252), 10);
    // below rf_d: -0.02, -0.01 (0.01 > rf_d) -> squares of (r - d)
    const down = Math.sqrt(((-0.02 - d) ** 2 + (-0.01 - d) ** 2) / 5);
    expect(sortino(r, 0.04)).toBeCloseTo(((0.006 - d) / down) * Math.sqrt(252), 10);
  });
  it('null with fewer than two returns or no downside', () => {
    expect(volatility([0.01])).toBeNull();
    expect(sharpe([0.01], 0)).toBeNull();
    expect(sortino([0.01, 0.02], 0)).toBeNull();
  });
  it('best and worst day', () => {
    const dates = ['d1', 'd2', 'd3', 'd4', 'd5'];
    expect(bestWorstDay(dates, r)).toEqual({
      best: { date: 'd3', return: 0.03 },
      worst: { date: 'd2', return: -0.02 },
    });
  });
});

describe('max drawdown', () => {
  it('peak at the window start, recovered', () => {
    // index 1 (start), 0.9, 0.8, 1.0, 1.05: peak = start (1), trough 0.8 -> -20 %, back to 1.0 on d3
    const d = maxDrawdown(['s', 'd1', 'd2', 'd3', 'd4'], [1, 0.9, 0.8, 1.0, 1.05]);
    expect(d?.maxDrawdown).toBeCloseTo(-0.2, 12);
    expect(d).toMatchObject({ peak: 's', trough: 'd2', recovery: 'd3' });
  });
  it('later peak, no recovery', () => {
    // 1, 1.1, 0.99 (-10 % from 1.1), 1.21 (new peak), 0.6 -> 0.6/1.21 - 1 = -0.504132...
    const d = maxDrawdown(['s', 'd1', 'd2', 'd3', 'd4'], [1, 1.1, 0.99, 1.21, 0.6]);
    expect(d?.maxDrawdown).toBeCloseTo(0.6 / 1.21 - 1, 12);
    expect(d).toMatchObject({ peak: 'd3', trough: 'd4', recovery: null });
  });
  it('never below the running peak: 0, no dates', () => {
    expect(maxDrawdown(['s', 'd1'], [1, 1.2])).toEqual({
      maxDrawdown: 0,
      peak: null,
      trough: null,
      recovery: null,
    });
  });
});

describe('beta and correlation', () => {
  it('match the hand computation', () => {
    // r = [0.01, 0.03, -0.01] (mean 0.01), b = [0.02, 0.01, -0.01] (mean 1/150)
    // in units of 1/300: dr = [0, 6, -6], db = [4, 1, -5]
    // cov = (0 + 6 + 30) / 2 = 18, var b = (16 + 1 + 25) / 2 = 21, var r = (0 + 36 + 36) / 2 = 36
    const { beta, correlation } = betaCorrelation([0.01, 0.03, -0.01], [0.02, 0.01, -0.01]);
    expect(beta).toBeCloseTo(18 / 21, 12);
    expect(correlation).toBeCloseTo(18 / Math.sqrt(36 * 21), 12);
  });
  it('null for fewer than two pairs or a flat benchmark', () => {
    expect(betaCorrelation([0.01], [0.02])).toEqual({ beta: null, correlation: null });
    expect(betaCorrelation([0.01, 0.02], [0.01, 0.01])).toEqual({ beta: null, correlation: null });
  });
});
