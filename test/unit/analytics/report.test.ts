import { describe, it, expect } from 'vitest';
import { buildReport } from '../../../src/analytics/report.js';
import type { AnalyticsInput } from '../../../src/analytics/model.js';
import type { Lot, PriceHistory, Quote } from '../../../src/types.js';
import { history, lot, quote } from './helpers.js';

function input(
  lots: Lot[],
  quotes: Quote[],
  histories: PriceHistory[],
  extra: Partial<AnalyticsInput> = {},
): AnalyticsInput {
  return {
    lots,
    quotes: new Map(quotes.map((q) => [q.symbol, q])),
    histories: new Map(histories.map((h) => [h.symbol, h])),
    baseCurrency: 'USD',
    benchmarks: [],
    period: '1y',
    riskFreeRate: 0,
    generatedAt: Date.UTC(2024, 0, 9, 12),
    ...extra,
  };
}

// Independent NPV (act/365 from the first flow) to check XIRR results.
function npv(rate: number, flows: [string, number][]): number {
  const t = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
  const t0 = Math.min(...flows.map(([d]) => t(d)));
  return flows.reduce((s, [d, a]) => s + a * Math.pow(1 + rate, -(t(d) - t0) / 365), 0);
}

// Naive sample statistics, written independently of src/analytics/risk.ts.
function naiveBeta(r: number[], b: number[]): { beta: number; corr: number } {
  const n = r.length;
  const mr = r.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let c = 0;
  let vr = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    c += (r[i]! - mr) * (b[i]! - mb);
    vr += (r[i]! - mr) ** 2;
    vb += (b[i]! - mb) ** 2;
  }
  return { beta: c / vb, corr: c / Math.sqrt(vr * vb) };
}

describe('buildReport: two lots on different dates, carry-forward, one benchmark', () => {
  // Calendar: 2023-12-29 (Fri), 2024-01-02..05, 2024-01-08. BBB does not trade on 01-04.
  const aaa = history('AAA', 'USD', [
    ['2023-12-29', 9.8],
    ['2024-01-02', 10],
    ['2024-01-03', 11],
    ['2024-01-04', 12],
    ['2024-01-05', 11],
    ['2024-01-08', 12.1],
  ]);
  const bbb = history('BBB', 'USD', [
    ['2023-12-29', 19.5],
    ['2024-01-02', 20],
    ['2024-01-03', 21],
    ['2024-01-05', 22],
    ['2024-01-08', 23],
  ]);
  const spy = history('SPY', 'USD', [
    ['2023-12-29', 98, 99],
    ['2024-01-02', 99, 100],
    ['2024-01-03', 100, 101],
    ['2024-01-04', 101, 102],
    ['2024-01-05', 99, 100],
    ['2024-01-08', 102, 103],
  ]);
  const lots = [lot('AAA', 10, 9.5, '2024-01-02'), lot('BBB', 5, 21, '2024-01-04')];
  const report = buildReport(
    input(
      lots,
      [quote('AAA', 'USD', 12.1, 11), quote('BBB', 'USD', 23, 22), quote('SPY', 'USD', 102, 99)],
      [aaa, bbb, spy],
      {
        benchmarks: ['SPY'],
      },
    ),
  );
  const s = report.summary;

  it('asOf, totals, weights and day change', () => {
    expect(report.asOf).toBe('2024-01-08');
    // value 10 x 12.1 + 5 x 23 = 121 + 115 = 236; cost 95 + 105 = 200
    expect(s.marketValue).toBeCloseTo(236, 10);
    expect(s.costBasis).toBeCloseTo(200, 10);
    expect(s.unrealizedGain).toBeCloseTo(36, 10);
    expect(s.unrealizedGainPct).toBeCloseTo(0.18, 12);
    // day change 10 x 1.1 + 5 x 1 = 16 over 10 x 11 + 5 x 22 = 220
    expect(s.dayChange).toBeCloseTo(16, 10);
    expect(s.dayChangePct).toBeCloseTo(16 / 220, 12);
    expect(report.holdings.map((h) => h.symbol)).toEqual(['AAA', 'BBB']);
    expect(report.holdings[0]?.weight).toBeCloseTo(121 / 236, 12);
    expect(report.holdings[1]?.weight).toBeCloseTo(115 / 236, 12);
    expect(report.holdings[0]?.dayChangePct).toBeCloseTo(1.1 / 11, 12);
    expect(s.prices).toMatchObject({ live: 2, cache: 0, stale: 0, missing: 0, timezone: 'America/New_York' });
    expect(s.stalePrices).toBe(0);
  });

  it('TWR with flows at the start of the day (BBB carried at 21 on 01-04)', () => {
    // V: 01-02 100 (F 95), 01-03 110, 01-04 10x12 + 5x21 = 225 (F 105), 01-05 110 + 110 = 220, 01-08 121 + 115 = 236
    // r: 100/95-1, 0.1, 225/215-1, 220/225-1, 236/220-1 -> TWR = (100/95)(1.1)(236/215) - 1 = 25960/20425 - 1
    expect(s.twr).toBeCloseTo(25960 / 20425 - 1, 12);
    expect(s.period).toEqual({ key: '1y', start: '2023-12-29', end: '2024-01-08' });
    // 10 calendar days from 2023-12-29 to 2024-01-08
    expect(s.twrAnnualized).toBeCloseTo(Math.pow(25960 / 20425, 36.5) - 1, 6);
    expect(s.periodReturns.inception).toBeCloseTo(25960 / 20425 - 1, 12);
    expect(s.periodReturns['1m']).toBeNull(); // 2023-12-08 is before the data
    [0, 100, 110, 225, 220, 236].forEach((v, i) => expect(report.series.value[i]).toBeCloseTo(v, 10));
    expect(report.series.dates[0]).toBe('2023-12-29');
    expect(report.series.index[0]).toBe(1);
    expect(report.series.portfolioRebased[5]).toBeCloseTo((100 * 25960) / 20425, 9);
  });

  it('max drawdown, best and worst day', () => {
    // index peaks on 01-04 (1.2117...), trough 01-05 (x 220/225), back above on 01-08
    expect(s.maxDrawdown).toBeCloseTo(220 / 225 - 1, 12);
    expect([s.maxDrawdownPeak, s.maxDrawdownTrough, s.maxDrawdownRecovery]).toEqual([
      '2024-01-04',
      '2024-01-05',
      '2024-01-08',
    ]);
    expect(s.bestDay?.date).toBe('2024-01-03');
    expect(s.bestDay?.return).toBeCloseTo(0.1, 12);
    expect(s.worstDay?.date).toBe('2024-01-05');
    expect(s.worstDay?.return).toBeCloseTo(220 / 225 - 1, 12);
  });

  it('XIRR: NPV of -95 (01-02), -105 (01-04), +236 (01-08) is zero at the rate', () => {
    expect(s.xirr).not.toBeNull();
    expect(
      npv(s.xirr!, [
        ['2024-01-02', -95],
        ['2024-01-04', -105],
        ['2024-01-08', 236],
      ]),
    ).toBeCloseTo(0, 6);
  });

  it('beta and correlation against SPY on the same dates', () => {
    const r = [100 / 95 - 1, 0.1, 225 / 215 - 1, 220 / 225 - 1, 236 / 220 - 1];
    const b = [100 / 99 - 1, 0.01, 102 / 101 - 1, 100 / 102 - 1, 0.03];
    const { beta, corr } = naiveBeta(r, b);
    expect(s.beta).toBeCloseTo(beta, 10);
    expect(s.correlation).toBeCloseTo(corr, 10);
  });

  it('benchmark inception from the trading date before the first held date, and same cash flows', () => {
    const row = report.benchmarks[0]!;
    expect(row.symbol).toBe('SPY');
    // adjusted close 99 on 2023-12-29 -> 103 on 2024-01-08
    expect(row.periodReturns.inception).toBeCloseTo(103 / 99 - 1, 12);
    expect(row.periodReturns['1m']).toBeNull();
    // 95 at 100 -> 0.95 units; 105 at 102 -> 1.0294118 units; x 103
    const value = (95 / 100 + 105 / 102) * 103;
    expect(row.sameCashFlows?.value).toBeCloseTo(value, 10);
    expect(row.sameCashFlows?.gain).toBeCloseTo(value - 200, 10);
    expect(row.sameCashFlows?.gainPct).toBeCloseTo((value - 200) / 200, 12);
    expect(row.sameCashFlows?.vsPortfolio.value).toBeCloseTo(236 - value, 10);
    const ex = row.sameCashFlows!.xirr!;
    expect(
      npv(ex, [
        ['2024-01-02', -95],
        ['2024-01-04', -105],
        ['2024-01-08', value],
      ]),
    ).toBeCloseTo(0, 6);
    expect(row.sameCashFlows?.vsPortfolio.xirr).toBeCloseTo(s.xirr! - ex, 9);
    expect(report.series.benchmarks.SPY?.[0]).toBe(100);
    expect(report.series.benchmarks.SPY?.[5]).toBeCloseTo((100 * 103) / 99, 10);
  });

  it('vsBenchmark per holding: its return since first purchase minus SPY over the same dates', () => {
    // AAA: 95 -> 121 (single lot): 121/95 - 1; SPY from 12-29 (99) to 103
    expect(report.holdings[0]?.vsBenchmark).toBeCloseTo(121 / 95 - 1 - (103 / 99 - 1), 12);
    // BBB: bought 01-04 at 105, worth 115; SPY from 01-03 (101) to 103
    expect(report.holdings[1]?.vsBenchmark).toBeCloseTo(115 / 105 - 1 - (103 / 101 - 1), 12);
  });

  it('conventions, no warnings', () => {
    expect(report.warnings).toEqual([]);
    expect(report.conventions.join(' ')).toMatch(/dividends reinvested/);
    expect(report.generatedAt).toBe('2024-01-09T12:00:00.000Z');
  });
});
