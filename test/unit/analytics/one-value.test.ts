// One day, one value: the series' point at asOf is valued with the same prices and FX as the holdings
// (today: the quote and the FX quote), so the asOf day's return and everything chained from it agree
// with summary.marketValue. Observed on real data: a EUR report of USD stocks at 22:30 UTC valued the
// holdings at the EURUSD quote while the series' last point used the previous FX close.
import { describe, expect, it } from 'vitest';
import type { AnalyticsInput } from '../../../src/analytics/model.js';
import { buildReport } from '../../../src/analytics/report.js';
import { history, lot, quote } from './helpers.js';

// USD stock in a EUR report; the pair's last CLOSED bar is 2024-01-04 (its 01-05 bar still running).
const lots = [lot('AAPL', 10, 100, '2024-01-02')];
const aapl = history('AAPL', 'USD', [
  ['2024-01-02', 100],
  ['2024-01-03', 104],
  ['2024-01-04', 102],
  ['2024-01-05', 110],
]);
const usdeur = history('USDEUR=X', 'EUR', [
  ['2024-01-02', 0.9],
  ['2024-01-03', 0.91],
  ['2024-01-04', 0.92],
]);

function input(quotes: AnalyticsInput['quotes']): AnalyticsInput {
  return {
    lots,
    quotes,
    histories: new Map([
      ['AAPL', aapl],
      ['USDEUR=X', usdeur],
    ]),
    baseCurrency: 'EUR',
    benchmarks: [],
    period: 'max',
    riskFreeRate: 0,
    generatedAt: Date.UTC(2024, 0, 5, 22, 30),
  };
}

describe('the series at asOf uses the value’s prices and FX', () => {
  it('with a stock quote and an FX quote that differ from the last closes', () => {
    const r = buildReport(
      input(
        new Map([
          ['AAPL', quote('AAPL', 'USD', 111, 102)],
          ['USDEUR=X', quote('USDEUR=X', 'EUR', 0.95, 0.92, { quoteType: 'CURRENCY' })],
        ]),
      ),
    );
    const value = 10 * 111 * 0.95; // by hand: shares x quote x FX quote
    expect(r.asOf).toBe('2024-01-05');
    expect(r.summary.marketValue).toBeCloseTo(value, 9);
    expect(r.series.dates).toEqual(
      ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'].slice(1),
    );
    expect(r.series.value.at(-1)).toBeCloseTo(value, 9);
    // The days before keep their closes at the FX close in force: 01-04 is 102 x 0.92.
    expect(r.series.value.at(-2)).toBeCloseTo(10 * 102 * 0.92, 9);
    // TWR from the entry cost (100 x 0.90 per share) to the value: one lot, no later flows.
    expect(r.summary.twr).toBeCloseTo(value / (10 * 100 * 0.9) - 1, 12);
  });

  it('without quotes: the closes in force, as before', () => {
    const r = buildReport(input(new Map()));
    const value = 10 * 110 * 0.92;
    expect(r.summary.marketValue).toBeCloseTo(value, 9);
    expect(r.series.value.at(-1)).toBeCloseTo(value, 9);
  });
});

// The benchmarks' asOf point follows the same rule: QQQ at its quote and the FX quote, not at its last
// adjusted close and the FX close in force (which put QQQ's "same cash flows" and 1M return off the
// portfolio's day on real data). EUR and GBP reports of the same USD lot, figures worked out by hand.
describe('the benchmarks at asOf use the same prices and FX as the holdings', () => {
  // QQQ's 01-02 adjusted close is below its close (a later dividend); its 01-05 bar is running.
  const qqq = history('QQQ', 'USD', [
    ['2024-01-02', 400, 396],
    ['2024-01-03', 404],
    ['2024-01-04', 402],
    ['2024-01-05', 410],
  ]);
  const cases = [
    { base: 'EUR', pair: 'USDEUR=X', closes: [0.9, 0.91, 0.92], fxQuote: 0.95 },
    { base: 'GBP', pair: 'USDGBP=X', closes: [0.78, 0.79, 0.8], fxQuote: 0.82 },
  ];
  it.each(cases)('$base report', ({ base, pair, closes, fxQuote }) => {
    const fx = history(pair, base, [
      ['2024-01-02', closes[0]!],
      ['2024-01-03', closes[1]!],
      ['2024-01-04', closes[2]!],
    ]);
    const r = buildReport({
      ...input(
        new Map([
          ['AAPL', quote('AAPL', 'USD', 111, 102)],
          ['QQQ', quote('QQQ', 'USD', 411, 402)],
          [pair, quote(pair, base, fxQuote, closes[2]!, { quoteType: 'CURRENCY' })],
        ]),
      ),
      histories: new Map([
        ['AAPL', aapl],
        ['QQQ', qqq],
        [pair, fx],
      ]),
      baseCurrency: base,
      benchmarks: ['QQQ'],
    });
    const value = 10 * 111 * fxQuote;
    expect(r.summary.marketValue).toBeCloseTo(value, 9);
    // By hand: the lot's cost (10 x 100 USD at the 01-02 FX close) buys QQQ at its 01-02 adjusted
    // close in base currency, and is worth, at asOf, QQQ's quote at the FX quote.
    const cost = 10 * 100 * closes[0]!;
    const entryLevel = 396 * closes[0]!;
    const endLevel = 411 * fxQuote;
    const scf = r.benchmarks[0]!.sameCashFlows!;
    expect(scf.value).toBeCloseTo((cost / entryLevel) * endLevel, 9);
    expect(scf.gain).toBeCloseTo((cost / entryLevel) * endLevel - cost, 9);
    expect(scf.vsPortfolio.value).toBeCloseTo(value - (cost / entryLevel) * endLevel, 9);
    // The chart's QQQ line ends on that level too (relative to its 01-02 point).
    const line = r.series.benchmarks['QQQ']!;
    const at = r.series.dates.indexOf('2024-01-02');
    expect(line.at(-1)! / line[at]!).toBeCloseTo(endLevel / entryLevel, 9);
    expect(line).toHaveLength(r.series.dates.length);
  });
});
