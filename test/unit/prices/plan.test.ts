import { describe, expect, it } from 'vitest';
import { fxPairsFor, guessCurrency, planPrices } from '../../../src/prices/plan.js';
import type { Lot } from '../../../src/types.js';

function lot(symbol: string, date: string | null, currency: string | null = null): Lot {
  return {
    symbol,
    shares: 1,
    costPerShare: 1,
    currency,
    date,
    account: null,
    name: null,
    notes: null,
    source: { file: 't', line: 1 },
  };
}

describe('planPrices', () => {
  it('collects holdings, benchmarks and FX pairs once each', () => {
    const plan = planPrices({
      lots: [
        lot('AAPL', '2020-01-02'),
        lot('AAPL', '2021-01-04'),
        lot('VOD.L', '2019-05-01', 'GBP'),
        lot('SAP.DE', null),
        lot('SPY', '2022-01-03'),
      ],
      baseCurrency: 'USD',
      benchmarks: ['SPY', 'QQQ'],
      today: '2026-11-27',
    });
    expect(plan.holdings).toEqual(['AAPL', 'VOD.L', 'SAP.DE', 'SPY']);
    expect(plan.fx).toEqual(['EURUSD=X', 'GBPUSD=X']);
    expect(plan.quoteSymbols).toEqual(['AAPL', 'VOD.L', 'SAP.DE', 'SPY', 'QQQ', 'EURUSD=X', 'GBPUSD=X']);
    // A holding needs history from 10 days before its first lot.
    expect(plan.historyFrom.get('AAPL')).toBe('2019-12-23');
    // Benchmarks and FX: from the earlier of the first lot (2019-05-01) and 5 years back, minus 10 days.
    expect(plan.historyFrom.get('QQQ')).toBe('2019-04-21');
    expect(plan.historyFrom.get('GBPUSD=X')).toBe('2019-04-21');
    // SPY is held (from 2022) and a benchmark: the wider range wins.
    expect(plan.historyFrom.get('SPY')).toBe('2019-04-21');
    // An undated holding still gets recent bars.
    expect(plan.historyFrom.get('SAP.DE')).toBe('2026-11-17');
    expect(plan.to).toBe('2026-11-27');
  });

  it('53 symbols plan 53 quotes and 53 histories', () => {
    const lots = Array.from({ length: 50 }, (_, i) => lot(`S${i}`, '2022-01-03'));
    const plan = planPrices({
      lots,
      baseCurrency: 'USD',
      benchmarks: ['SPY', 'QQQ', 'VTI'],
      today: '2026-11-27',
    });
    expect(plan.quoteSymbols).toHaveLength(53);
    expect(plan.historyFrom.size).toBe(53);
    expect(plan.fx).toEqual([]);
  });

  it('--as-of bounds the range', () => {
    const plan = planPrices({
      lots: [lot('AAPL', '2020-01-02')],
      baseCurrency: 'USD',
      benchmarks: [],
      today: '2026-11-27',
      asOf: '2024-06-28',
    });
    expect(plan.to).toBe('2024-06-28');
  });
});

describe('currencies', () => {
  it.each([
    ['AAPL', 'USD'],
    ['VOD.L', 'GBp'],
    ['SAP.DE', 'EUR'],
    ['SHOP.TO', 'CAD'],
    ['7203.T', 'JPY'],
    ['EURUSD=X', 'USD'],
    ['NPN.JO', 'ZAc'],
  ])('%s is quoted in %s', (s, c) => expect(guessCurrency(s)).toBe(c));
  it('minor units use their major pair; the base needs none', () => {
    expect(fxPairsFor(['GBp', 'GBP', 'ZAc', 'USD', 'EUR'], 'USD')).toEqual([
      'EURUSD=X',
      'GBPUSD=X',
      'ZARUSD=X',
    ]);
    expect(fxPairsFor(['USD', 'EUR'], 'EUR')).toEqual(['USDEUR=X']);
  });
});
