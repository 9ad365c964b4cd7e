// The holdings figures depend on the holdings, their FX pairs and the first benchmark only, so a
// terminal can print them before the other benchmarks' histories arrive and they still equal the
// final report's. Hand-worked: a benchmark after the first that trades on a date the holdings and the
// first benchmark do not changes the whole calendar (and the summary's TWR), not the holdings' figures.
import { describe, expect, it } from 'vitest';
import { buildHoldingsFigures, buildReport, laterBenchmarks } from '../../../src/analytics/report.js';
import { HOLDINGS_SUMMARY_KEYS } from '../../../src/analytics/model.js';
import type { AnalyticsInput } from '../../../src/analytics/model.js';
import { history, lot, quote } from './helpers.js';

// AAA and SPY trade 2023-12-29, 2024-01-02, 01-03, 01-05, 01-08; VWRL also trades on 01-04.
const aaa = history('AAA', 'USD', [
  ['2023-12-29', 9.8],
  ['2024-01-02', 10],
  ['2024-01-03', 11],
  ['2024-01-05', 12],
  ['2024-01-08', 12.1],
]);
const spy = history('SPY', 'USD', [
  ['2023-12-29', 98, 99],
  ['2024-01-02', 99, 100],
  ['2024-01-03', 100, 101],
  ['2024-01-05', 99, 100],
  ['2024-01-08', 102, 103],
]);
const vwrlRows = (extraDate: boolean) =>
  [
    ['2023-12-29', 50],
    ['2024-01-02', 50],
    ['2024-01-03', 51],
    ...(extraDate ? [['2024-01-04', 52] as const] : []),
    ['2024-01-05', 53],
    ['2024-01-08', 54],
  ] as const;

// 5 AAA @ 9 on 01-02 (cost 45), 10 @ 11.5 on 01-04 (cost 115), 2 @ 12 on 01-05 (cost 24).
const lots = [
  lot('AAA', 5, 9, '2024-01-02'),
  lot('AAA', 10, 11.5, '2024-01-04'),
  lot('AAA', 2, 12, '2024-01-05'),
];

function input(extraDate: boolean, benchmarks: string[]): AnalyticsInput {
  return {
    lots,
    quotes: new Map([
      ['AAA', quote('AAA', 'USD', 12.1, 12)],
      ['SPY', quote('SPY', 'USD', 102, 99)],
      ['VWRL', quote('VWRL', 'USD', 54, 53)],
    ]),
    histories: new Map([
      ['AAA', aaa],
      ['SPY', spy],
      ['VWRL', history('VWRL', 'USD', vwrlRows(extraDate))],
    ]),
    baseCurrency: 'USD',
    benchmarks,
    period: 'max',
    riskFreeRate: 0,
    generatedAt: Date.UTC(2024, 0, 9, 12),
  };
}

describe('holdings figures are those of the holdings and the first benchmark', () => {
  it('a later benchmark with an extra trading date moves the TWR, not vsBenchmark', () => {
    const report = buildReport(input(true, ['SPY', 'VWRL']));
    // Holdings calendar (no 01-04): the 01-04 lot enters on 01-05 with the 01-05 lot.
    // r: 01-02 50/45, 01-03 55/50, 01-05 204/(55+115+24), 01-08 205.7/204.
    const holdingTwr = (55 * 205.7) / (45 * 194) - 1;
    const spySince = 103 / 99 - 1; // adjusted close on the trading date before the first purchase
    expect(report.holdings[0]!.vsBenchmark).toBeCloseTo(holdingTwr - spySince, 12);
    // The whole calendar has 01-04, where the 01-04 lot enters at AAA's carried close of 11:
    // r: 01-04 165/(55+115), 01-05 204/(165+24), 01-08 205.7/204.
    expect(report.summary.twr).toBeCloseTo((55 * 165 * 205.7) / (45 * 170 * 189) - 1, 12);
    expect(report.summary.twr).not.toBeCloseTo(holdingTwr, 4);
  });

  it('equal the figures of a report with the first benchmark only, with or without extra dates', () => {
    for (const extraDate of [true, false]) {
      const whole = buildReport(input(extraDate, ['SPY', 'VWRL']));
      const own = buildReport(input(extraDate, ['SPY']));
      expect(whole.holdings).toEqual(own.holdings);
      expect(whole.realized).toEqual(own.realized);
      expect(whole.closedPositions).toEqual(own.closedPositions);
      for (const key of HOLDINGS_SUMMARY_KEYS) expect(whole.summary[key]).toEqual(own.summary[key]);
      // and the benchmark rows still cover both ETFs
      expect(whole.benchmarks.map((b) => b.symbol)).toEqual(['SPY', 'VWRL']);
    }
  });

  it('also when the early histories lack the later benchmarks entirely (what a terminal prints first)', () => {
    const full = input(true, ['SPY', 'VWRL']);
    const later = laterBenchmarks(full);
    expect([...later]).toEqual(['VWRL']);
    const early = buildReport({
      ...full,
      benchmarks: ['SPY'],
      histories: new Map([...full.histories].filter(([s]) => !later.has(s))),
    });
    const whole = buildReport(full);
    expect(early.holdings).toEqual(whole.holdings);
    for (const key of HOLDINGS_SUMMARY_KEYS) expect(early.summary[key]).toEqual(whole.summary[key]);
  });

  it("buildHoldingsFigures is the report's first half, from what a terminal has first", () => {
    for (const extraDate of [true, false]) {
      const full = input(extraDate, ['SPY', 'VWRL']);
      const whole = buildReport(full);
      const later = laterBenchmarks(full);
      // The holdings half from what a terminal has first: no history of the later benchmark.
      const holdings = buildHoldingsFigures({
        ...full,
        histories: new Map([...full.histories].filter(([s]) => !later.has(s))),
      });
      expect(holdings.benchmark).toBe('SPY');
      expect(holdings.asOf).toBe(whole.asOf);
      expect(holdings.holdings).toEqual(whole.holdings);
      expect(holdings.realized).toEqual(whole.realized);
      expect(holdings.closedPositions).toEqual(whole.closedPositions);
      for (const key of HOLDINGS_SUMMARY_KEYS) expect(holdings.summary[key]).toEqual(whole.summary[key]);
      // 17 AAA at 12.1; cost 45 + 115 + 24 = 184.
      expect(holdings.summary.marketValue).toBeCloseTo(17 * 12.1, 10);
      expect(holdings.summary.costBasis).toBeCloseTo(184, 10);

      // The other half is on the whole calendar. Hand-worked in the first test: with 01-04 the lot
      // enters at 11 that day.
      const twr = extraDate ? (55 * 165 * 205.7) / (45 * 170 * 189) - 1 : (55 * 205.7) / (45 * 194) - 1;
      expect(whole.summary.twr).toBeCloseTo(twr, 12);
    }
  });

  it('a holding that is also a later benchmark is needed early', () => {
    const later = laterBenchmarks({
      lots: [lot('VTI', 1, 1, '2024-01-02')],
      benchmarks: ['SPY', 'QQQ', 'VTI'],
    });
    expect([...later]).toEqual(['QQQ']);
  });
});
