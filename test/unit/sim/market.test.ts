// The simulated market's statistics, measured here from the simulator's own bars with plain formulas
// (sample covariance of daily log returns), never read back from the simulator's parameters: US stocks
// move with the S&P 500, broad ETFs track each other, bonds are calm, FX is moderate, crypto is wild,
// prices sit at the right order of magnitude, and unknown symbols still get a plausible series.
import { describe, expect, it } from 'vitest';

import { simBars, simDividends, simSplits } from '../../../src/sim/index.js';

const TODAY = '2026-11-27';
const FROM = '2016-01-01';

const closes = (symbol: string, from = FROM, to = TODAY): number[] =>
  simBars(symbol, from, to, { today: TODAY }).map((b) => b.close);

/** Daily log returns. */
function logReturns(prices: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < prices.length; i++) out.push(Math.log(prices[i]! / prices[i - 1]!));
  return out;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

function covariance(a: readonly number[], b: readonly number[]): number {
  expect(a.length).toBe(b.length);
  const ma = mean(a);
  const mb = mean(b);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - ma) * (b[i]! - mb);
  return s / (a.length - 1);
}

const annualVol = (r: readonly number[]): number => Math.sqrt(covariance(r, r) * 252);
const correlation = (a: readonly number[], b: readonly number[]): number =>
  covariance(a, b) / Math.sqrt(covariance(a, a) * covariance(b, b));
const beta = (a: readonly number[], market: readonly number[]): number =>
  covariance(a, market) / covariance(market, market);

const spy = logReturns(closes('SPY'));

describe('the simulated market', () => {
  it.each(['AAPL', 'MSFT', 'NVDA', 'TSLA', 'GOOGL', 'AMZN', 'KO', 'JNJ', 'BRK-B', 'ASML', 'KAAB', 'KAAC'])(
    'US stock %s: correlation 0.5-0.9 and beta 0.7-1.4 to SPY, volatility 15-50 per cent a year',
    (symbol) => {
      const r = logReturns(closes(symbol));
      expect(correlation(r, spy)).toBeGreaterThan(0.45);
      expect(correlation(r, spy)).toBeLessThan(0.9);
      expect(beta(r, spy)).toBeGreaterThan(0.65);
      expect(beta(r, spy)).toBeLessThan(1.45);
      expect(annualVol(r)).toBeGreaterThan(0.15);
      expect(annualVol(r)).toBeLessThan(0.5);
    },
  );

  it('has made-up US tickers move with the market too (the bench uses hundreds of them)', () => {
    const names = Array.from({ length: 40 }, (_, i) => `KA${String.fromCharCode(65 + (i % 26))}${i}`);
    const stats = names.map((s) => {
      const r = logReturns(closes(s));
      return { corr: correlation(r, spy), beta: beta(r, spy), vol: annualVol(r) };
    });
    for (const { corr, beta: b, vol } of stats) {
      expect(corr).toBeGreaterThan(0.45);
      expect(corr).toBeLessThan(0.9);
      expect(b).toBeGreaterThan(0.65);
      expect(b).toBeLessThan(1.45);
      expect(vol).toBeGreaterThan(0.14);
      expect(vol).toBeLessThan(0.4);
    }
  });

  it('has broad ETFs at 15-20 % volatility, SPY and VTI almost the same, QQQ close', () => {
    const vti = logReturns(closes('VTI'));
    const qqq = logReturns(closes('QQQ'));
    expect(correlation(spy, vti)).toBeGreaterThan(0.95);
    expect(correlation(spy, qqq)).toBeGreaterThan(0.8);
    for (const r of [spy, vti]) {
      expect(annualVol(r)).toBeGreaterThan(0.15);
      expect(annualVol(r)).toBeLessThan(0.2);
    }
    expect(annualVol(logReturns(closes('VXUS')))).toBeLessThan(0.2);
  });

  it.each(['AGG', 'BND'])(
    'keeps the bond ETF %s calm (about 5 per cent a year) and weakly correlated to SPY',
    (symbol) => {
      const r = logReturns(closes(symbol));
      expect(annualVol(r)).toBeGreaterThan(0.03);
      expect(annualVol(r)).toBeLessThan(0.07);
      expect(Math.abs(correlation(r, spy))).toBeLessThan(0.3);
    },
  );

  it('moves FX 5-10 % a year and crypto far more', () => {
    for (const pair of ['EURUSD=X', 'USDJPY=X', 'GBPUSD=X']) {
      const vol = annualVol(logReturns(closes(pair)));
      expect(vol, pair).toBeGreaterThan(0.05);
      expect(vol, pair).toBeLessThan(0.1);
    }
    expect(annualVol(logReturns(closes('BTC-USD')))).toBeGreaterThan(0.45);
  });

  it.each([
    // symbol, date, low, high: the order of magnitude of the real listing (split-adjusted)
    ['AAPL', '2024-06-03', 100, 400],
    ['MSFT', '2024-06-03', 200, 800],
    ['SPY', '2024-06-03', 300, 900],
    ['QQQ', '2024-06-03', 250, 800],
    ['VTI', '2024-06-03', 150, 450],
    ['VXUS', '2024-06-03', 35, 100],
    ['AGG', '2024-06-03', 70, 140],
    ['BND', '2024-06-03', 50, 110],
    ['ASML', '2024-06-03', 400, 1500],
    ['VOD.L', '2024-06-03', 40, 200], // pence
    ['SAP.DE', '2024-06-03', 90, 350],
    ['7203.T', '2024-06-03', 1500, 5000], // yen
    ['BTC-USD', '2024-06-03', 20000, 150000],
    ['EURUSD=X', '2024-06-03', 0.95, 1.3],
    ['USDJPY=X', '2024-06-03', 120, 180],
  ])('prices %s on %s between %d and %d', (symbol, date, low, high) => {
    const close = simBars(symbol, date, date, { today: TODAY })[0]!.close;
    expect(close).toBeGreaterThan(low);
    expect(close).toBeLessThan(high);
  });

  it('gives unknown symbols a plausible, positive series with the usual bars and events', () => {
    for (const symbol of ['KAAB', 'KAAD.L', 'QQQQ', 'ABC.DE', 'NEWCOIN-USD']) {
      const bars = simBars(symbol, '2015-01-01', TODAY, { today: TODAY });
      expect(bars.length).toBeGreaterThan(2900);
      for (const b of bars) {
        expect(b.close).toBeGreaterThan(0);
        expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
        expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
      }
      // No daily move beyond what a real listing sees outside a crash.
      for (const r of logReturns(bars.map((b) => b.close))) expect(Math.abs(r)).toBeLessThan(0.4);
    }
    expect(simSplits('AAPL', '2015-01-01', TODAY, { today: TODAY }).map((s) => s.date)).toEqual([
      '2020-08-31',
    ]);
    expect(simDividends('KO', '2024-01-01', '2024-12-31', { today: TODAY })).toHaveLength(4);
  });

  it('is the same series whatever was asked before and however far "today" is', () => {
    const late = simBars('KAAZ', '2016-01-01', '2018-01-01', { today: TODAY }).map((b) => b.close);
    const early = simBars('KAAZ', '2016-01-01', '2018-01-01', { today: '2018-01-01' }).map((b) => b.close);
    expect(late).toEqual(early);
    expect(late.length).toBeGreaterThan(500);
  });
});
