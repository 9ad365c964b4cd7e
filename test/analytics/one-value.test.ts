// One day, one value: the series' point at asOf is valued with the same prices and FX as the holdings
// (today: the quote and the FX quote), so the asOf day's return and everything chained from it agree
// with summary.marketValue. Observed on real data: a EUR report of USD stocks at 22:30 UTC valued the
// holdings at the EURUSD quote while the series' last point used the previous FX close.
import { describe, expect, it } from 'vitest';
import type { AnalyticsInput } from '../../src/analytics/model.js';
import { buildReport } from '../../src/analytics/report.js';
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
