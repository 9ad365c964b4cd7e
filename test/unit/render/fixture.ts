// A small hand-made Report for the renderer tests: 3 holdings (one with a hostile name and missing
// cost), 2 benchmarks, 30 series points, a few null metrics. Numbers are consistent enough to read
// but the renderers never recompute them, so they need not be exact.
import type { HoldingRow, Report } from '../../../src/analytics/model.js';

export const HOSTILE_NAME = '\x1b]8;;http://evil\x07Evil | *Corp*\x1b]8;;\x07\x1b[31m';

function dates(n: number, start: string): string[] {
  const t0 = Date.parse(`${start}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => new Date(t0 + i * 86_400_000).toISOString().slice(0, 10));
}

export function makeHoldings(): HoldingRow[] {
  return [
    {
      symbol: 'AAPL',
      name: 'Apple Inc.',
      currency: 'USD',
      shares: 10,
      price: 187.44,
      dayChangePct: 0.0123,
      marketValue: 1874.4,
      weight: 0.2234,
      costBasis: 1500,
      unrealizedGain: 374.4,
      unrealizedGainPct: 0.2496,
      vsBenchmark: 0.032,
      source: 'live',
      fetchedAt: Date.UTC(2026, 10, 27, 21, 5),
      lots: [
        {
          line: 2,
          date: '2020-01-15',
          account: 'IRA',
          shares: 8,
          splitFactor: 4,
          costPerShare: 75,
          costCurrency: 'USD',
          costBasis: 600,
          marketValue: 1499.52,
          unrealizedGain: 899.52,
          unrealizedGainPct: 1.4992,
        },
        {
          line: 3,
          date: '2024-03-01',
          account: null,
          shares: 2,
          splitFactor: 1,
          costPerShare: 450,
          costCurrency: 'USD',
          costBasis: 900,
          marketValue: 374.88,
          unrealizedGain: -525.12,
          unrealizedGainPct: -0.5835,
        },
      ],
    },
    {
      symbol: 'VWRL.L',
      name: 'Vanguard FTSE All-World UCITS ETF USD Distributing',
      currency: 'GBp',
      shares: 50,
      price: 10234.5,
      dayChangePct: -0.0045,
      marketValue: 6498.91,
      weight: 0.7747,
      costBasis: 5000,
      unrealizedGain: 1498.91,
      unrealizedGainPct: 0.2998,
      vsBenchmark: -0.0149,
      source: 'cache',
      fetchedAt: Date.UTC(2026, 10, 27, 17, 0),
      lots: [
        {
          line: 4,
          date: '2022-06-01',
          account: 'ISA',
          shares: 50,
          splitFactor: 1,
          costPerShare: 7874,
          costCurrency: 'GBp',
          costBasis: 5000,
          marketValue: 6498.91,
          unrealizedGain: 1498.91,
          unrealizedGainPct: 0.2998,
        },
      ],
    },
    {
      symbol: 'XYZ',
      name: HOSTILE_NAME,
      currency: 'USD',
      shares: 1234.5678,
      price: 0.0123,
      dayChangePct: null,
      marketValue: 15.19,
      weight: 0.0018,
      costBasis: null,
      unrealizedGain: null,
      unrealizedGainPct: null,
      vsBenchmark: null,
      source: 'stale',
      fetchedAt: null,
      lots: [
        {
          line: 5,
          date: null,
          account: null,
          shares: 1234.5678,
          splitFactor: 1,
          costPerShare: null,
          costCurrency: 'USD',
          costBasis: null,
          marketValue: 15.19,
          unrealizedGain: null,
          unrealizedGainPct: null,
        },
      ],
    },
  ];
}

export function makeReport(overrides: Partial<Report> = {}): Report {
  const d = dates(30, '2026-10-29');
  const value = d.map((_, i) => 8000 + 15 * i + (i % 5 === 0 ? -120 : 0));
  const index = value.map((v) => v / (value[0] ?? 1));
  let peak = -Infinity;
  const drawdown = index.map((x) => {
    peak = Math.max(peak, x);
    return x / peak - 1;
  });
  return {
    schemaVersion: 1,
    asOf: '2026-11-27',
    generatedAt: '2026-11-27T21:10:00.000Z',
    baseCurrency: 'USD',
    conventions: ['Ratios are fractions; money is in the base currency.'],
    summary: {
      marketValue: 8388.5,
      costBasis: 6500,
      unrealizedGain: 1873.31,
      unrealizedGainPct: 0.2882,
      dayChange: -12.34,
      dayChangePct: -0.0015,
      xirr: 0.0712,
      twr: 0.05,
      twrAnnualized: null,
      volatility: 0.1234,
      sharpe: 1.234,
      sortino: null,
      maxDrawdown: -0.0812,
      maxDrawdownPeak: '2026-11-03',
      maxDrawdownTrough: '2026-11-10',
      maxDrawdownRecovery: null,
      beta: 0.95,
      correlation: null,
      bestDay: { date: '2026-11-05', return: 0.021 },
      worstDay: null,
      period: { key: '1y', start: '2025-11-27', end: '2026-11-27' },
      periodReturns: {
        '1m': 0.012,
        '3m': -0.034,
        ytd: 0.101,
        '1y': 0.15,
        '3y': null,
        '5y': null,
        inception: 0.2882,
      },
      holdingsCount: 3,
      stalePrices: 1,
      prices: {
        marketTime: Date.UTC(2026, 10, 27, 21, 0),
        timezone: 'America/New_York',
        live: 1,
        chart: 0,
        cache: 1,
        stale: 1,
        missing: 0,
      },
      coverage: { priced: 3, total: 3, missing: [] },
    },
    holdings: makeHoldings(),
    benchmarks: [
      {
        symbol: 'SPY',
        name: 'SPDR S&P 500 ETF Trust',
        periodReturns: {
          '1m': 0.02,
          '3m': 0.05,
          ytd: 0.12,
          '1y': 0.118,
          '3y': 0.35,
          '5y': null,
          inception: 0.25,
        },
        sameCashFlows: {
          value: 8100,
          gain: 1600,
          gainPct: 0.2462,
          xirr: 0.065,
          vsPortfolio: { value: 288.5, xirr: 0.0062 },
        },
      },
      {
        symbol: 'VT',
        name: 'Vanguard Total World Stock ETF',
        periodReturns: {
          '1m': null,
          '3m': null,
          ytd: null,
          '1y': null,
          '3y': null,
          '5y': null,
          inception: null,
        },
        sameCashFlows: null,
      },
    ],
    series: {
      dates: d,
      value,
      index,
      drawdown,
      benchmarks: {
        SPY: d.map((_, i) => 100 + i * 0.4),
        VT: d.map((_, i) => 100 + i * 0.2 - (i % 3)),
      },
      portfolioRebased: index.map((x) => x * 100),
    },
    notes: ['VWRL.L is priced in pence (GBp) and converted at GBPUSD=X.'],
    warnings: ['XYZ: price is stale (last fetched 3 days ago)', 'Evil\x1b[2J warning with | pipe'],
    ...overrides,
  };
}

import type { RenderOptions } from '../../../src/render/options.js';
import type { RunStats } from '../../../src/types.js';

export function opts(overrides: Partial<RenderOptions> = {}): RenderOptions {
  return { color: false, width: 120, height: 10, charts: true, lots: false, sort: 'value', ...overrides };
}

export const ANSI = /\x1b/;

/** Display width of a line for tests: code points, ANSI removed (fixture text is all narrow). */
export function visibleWidth(line: string): number {
  return Array.from(line.replace(/\x1b\[[0-9;]*m/g, '')).length;
}

export function makeStats(): RunStats {
  return {
    requests: {
      total: 9,
      byKind: { cookie: 1, crumb: 1, quote: 2, chart: 5, other: 0 },
      byStatus: { '200': 8, '429': 1 },
      symbolsPerQuote: [50, 12],
      bytesReceived: 2_500_000,
    },
    cache: {
      quote: { hits: 3, misses: 1, stale: 0 },
      history: { hits: 5, misses: 0, stale: 1, partial: 2 },
      hitRate: 8 / 9,
    },
    prices: { live: 1, chart: 0, cache: 1, stale: 1 },
    retries: 1,
    retryWaitMs: 1500,
    breaker: {
      state: 'closed',
      transitions: [{ at: Date.UTC(2026, 10, 27, 21, 0, 0, 123), from: 'closed', to: 'open' }],
    },
    queue: { peakConcurrency: 4 },
    phases: {
      total: 912.4,
      load: 3.2,
      quotes: 420.6,
      plan: 0.4,
      history: 380,
      analytics: 45.5,
      render: 12,
      extra: 1,
    },
    peakRssBytes: 150 * 1024 * 1024,
  };
}
