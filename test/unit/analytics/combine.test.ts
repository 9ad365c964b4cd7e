// Several files as one portfolio: accounts named after the files, the "By portfolio" rows and their
// weights (worked out by hand below), unique names for files of the same base name; and the run's one
// price plan (the union of the files' plans) with each report's share of the data cut to its own plan.
import { describe, expect, it } from 'vitest';
import { DailyBars } from '../../../src/bars.js';
import { combinedLots, portfolioRows, uniqueNames } from '../../../src/analytics/combine.js';
import type { Report } from '../../../src/analytics/model.js';
import { dataForPlan, unitePlans } from '../../../src/cli/report/union.js';
import type { PricePlan } from '../../../src/prices/plan.js';
import type { PriceData } from '../../../src/prices/service.js';
import type { Lot, PriceHistory } from '../../../src/types.js';

const lot = (symbol: string, account: string | null): Lot =>
  ({ symbol, account, shares: 1, costPerShare: 1, date: '2024-01-02', currency: null }) as unknown as Lot;

const report = (marketValue: number, costBasis: number | null, xirr: number, twr: number): Report =>
  ({
    summary: {
      marketValue,
      costBasis,
      unrealizedGain: costBasis === null ? null : marketValue - costBasis,
      unrealizedGainPct: costBasis === null ? null : (marketValue - costBasis) / costBasis,
      xirr,
      twr,
    },
  }) as unknown as Report;

describe('combinedLots', () => {
  it('names each lot account after its file, keeping the file account under it', () => {
    const lots = combinedLots([
      { name: 'mine', lots: [lot('AAPL', null), lot('MSFT', 'ira')] },
      { name: 'joint', lots: [lot('AAPL', null)] },
    ]);
    expect(lots.map((l) => [l.symbol, l.account])).toEqual([
      ['AAPL', 'mine'],
      ['MSFT', 'mine/ira'],
      ['AAPL', 'joint'],
    ]);
  });
});

describe('portfolioRows', () => {
  it('takes each file figures as they are and weighs them by the combined value', () => {
    // 300 + 100 = 400: weights 0.75 and 0.25.
    const rows = portfolioRows(
      [
        { name: 'a', report: report(300, 200, 0.1, 0.05) },
        { name: 'b', report: report(100, null, -0.02, 0.01) },
      ],
      400,
    );
    expect(rows).toEqual([
      {
        name: 'a',
        marketValue: 300,
        costBasis: 200,
        unrealizedGain: 100,
        unrealizedGainPct: 0.5,
        weight: 0.75,
        xirr: 0.1,
        twr: 0.05,
      },
      {
        name: 'b',
        marketValue: 100,
        costBasis: null,
        unrealizedGain: null,
        unrealizedGainPct: null,
        weight: 0.25,
        xirr: -0.02,
        twr: 0.01,
      },
    ]);
  });

  it('has no weight when the combined value is not positive', () => {
    expect(portfolioRows([{ name: 'a', report: report(0, 10, 0, 0) }], 0)[0]!.weight).toBeNull();
  });
});

describe('uniqueNames', () => {
  it.each([
    [
      ['a', 'b'],
      ['a', 'b'],
    ],
    [
      ['a', 'a', 'a'],
      ['a', 'a-2', 'a-3'],
    ],
    [
      ['a', 'a-2', 'a'],
      ['a', 'a-2', 'a-3'],
    ],
  ])('%j -> %j', (input, expected) => {
    expect(uniqueNames(input)).toEqual(expected);
  });
});

const plan = (base: string, from: Record<string, string>, quote: string[]): PricePlan => ({
  baseCurrency: base,
  holdings: quote.filter((s) => !s.endsWith('=X') && s !== 'SPY'),
  benchmarks: ['SPY'],
  fx: quote.filter((s) => s.endsWith('=X')),
  quoteSymbols: quote,
  historyFrom: new Map(Object.entries(from)),
  to: '2026-11-27',
});

describe('unitePlans', () => {
  it('asks each symbol once, its history from the earliest date any plan needs', () => {
    const a = plan('USD', { AAPL: '2020-01-01', SPY: '2021-06-01' }, ['AAPL', 'SPY']);
    const b = plan(
      'EUR',
      { AAPL: '2022-03-01', KO: '2023-01-01', SPY: '2019-01-01', 'USDEUR=X': '2019-01-01' },
      ['AAPL', 'KO', 'SPY', 'USDEUR=X'],
    );
    const u = unitePlans([a, b]);
    expect(u.quoteSymbols).toEqual(['AAPL', 'SPY', 'KO', 'USDEUR=X']);
    expect(Object.fromEntries(u.historyFrom)).toEqual({
      AAPL: '2020-01-01',
      SPY: '2019-01-01',
      KO: '2023-01-01',
      'USDEUR=X': '2019-01-01',
    });
    expect(u.baseCurrency).toBe('USD');
  });
});

describe('dataForPlan', () => {
  const history = (symbol: string, dates: string[]): PriceHistory => ({
    symbol,
    currency: 'USD',
    exchangeTimezone: 'America/New_York',
    bars: DailyBars.of(dates.map((date) => ({ date, close: 1, adjClose: 1 }))),
    splits: dates.slice(0, 1).map((date) => ({ date, ratio: 2 })),
    dividends: [],
    source: 'live',
    fetchedAt: 0,
  });

  it('keeps the plan symbols only, each history from the plan own start date, and their warnings', () => {
    const own = plan('USD', { AAPL: '2021-01-01' }, ['AAPL']);
    const other = plan('USD', { KO: '2020-01-01', AAPL: '2020-01-01' }, ['KO', 'AAPL']);
    const run = unitePlans([own, other]);
    const data: PriceData = {
      quotes: new Map(),
      histories: new Map([
        ['AAPL', history('AAPL', ['2020-01-02', '2021-01-04', '2021-01-05'])],
        ['KO', history('KO', ['2020-01-02'])],
      ]),
      unknown: new Set(['KO']),
      unavailable: new Map(),
      warnings: ['AAPL: one', 'KO: two', 'offline: 2 symbol(s) served from the cache'],
    };
    const mine = dataForPlan(data, own, run);
    expect([...mine.histories.keys()]).toEqual(['AAPL']);
    expect(
      mine.histories
        .get('AAPL')!
        .bars.toBars()
        .map((b) => b.date),
    ).toEqual(['2021-01-04', '2021-01-05']);
    expect(mine.histories.get('AAPL')!.splits).toEqual([]);
    expect([...mine.unknown]).toEqual([]);
    expect(mine.warnings).toEqual(['AAPL: one', 'offline: 2 symbol(s) served from the cache']);
  });
});
