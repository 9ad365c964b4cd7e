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
    generatedAt: Date.UTC(2024, 0, 9),
    ...extra,
  };
}

describe('split after purchase', () => {
  // Bought 10 shares at 400 on 01-02; 4:1 split on 01-04. Yahoo's closes are split-adjusted: 400 -> 100.
  const spl = history(
    'SPL',
    'USD',
    [
      ['2023-12-29', 99],
      ['2024-01-02', 100],
      ['2024-01-03', 102],
      ['2024-01-04', 105],
      ['2024-01-05', 104],
    ],
    [{ date: '2024-01-04', ratio: 4 }],
  );
  const r = buildReport(input([lot('SPL', 10, 400, '2024-01-02')], [quote('SPL', 'USD', 104, 105)], [spl]));
  it('shares x4, cost per share /4, total cost unchanged, value on adjusted closes', () => {
    const h = r.holdings[0]!;
    expect(h.shares).toBe(40);
    expect(h.lots[0]).toMatchObject({ shares: 40, splitFactor: 4, costPerShare: 100, costCurrency: 'USD' });
    expect(h.costBasis).toBeCloseTo(4000, 10); // 10 x 400 = 40 x 100
    expect(h.marketValue).toBeCloseTo(4160, 10); // 40 x 104
    expect(h.unrealizedGain).toBeCloseTo(160, 10);
    // V: 01-02 40 x 100 = 4000 (F 4000, r 0), ..., 01-05 40 x 104 = 4160 -> TWR 4 %
    expect(r.series.value.slice(1)).toEqual([4000, 4080, 4200, 4160]);
    expect(r.summary.twr).toBeCloseTo(0.04, 12);
    // day change 40 x (104 - 105) = -40
    expect(r.summary.dayChange).toBeCloseTo(-40, 10);
    expect(
      r.notes.some(
        (n) =>
          n.includes('split 4:1 on 2024-01-04') && n.includes('shares 10 -> 40') && n.includes('400 -> 100'),
      ),
    ).toBe(true);
  });
});

describe('split notes print rounded per-share figures', () => {
  // ONE: 3 shares at 1208.59 on 2024-01-02, 3:1 split on 2024-01-04 -> 9 shares at 402.86333...
  // TWO: 10 shares at 700 on 2024-01-02, 7:1 on 01-03 then 4:1 on 01-04 -> 70 at 100, then 280 at 25.
  const bars: [string, number][] = [
    ['2024-01-02', 10],
    ['2024-01-03', 11],
    ['2024-01-05', 12],
  ];
  const one = history('ONE', 'USD', bars, [{ date: '2024-01-04', ratio: 3 }]);
  const two = history('TWO', 'USD', bars, [
    { date: '2024-01-03', ratio: 7 },
    { date: '2024-01-04', ratio: 4 },
  ]);
  const lots = [lot('ONE', 3, 1208.59, '2024-01-02'), lot('TWO', 10, 700, '2024-01-02')];
  const r = buildReport(input(lots, [quote('ONE', 'USD', 12, 11), quote('TWO', 'USD', 12, 11)], [one, two]));
  const splitNotes = r.notes.filter((n) => n.includes(': split '));

  it('rounds the text to 4 decimals, trailing zeros trimmed; JSON keeps the exact figure', () => {
    expect(splitNotes[0]).toMatch(
      /^ONE line \d+: split 3:1 on 2024-01-04 after the purchase on 2024-01-02: shares 3 -> 9, cost per share 1208\.59 -> 402\.8633 \(total cost unchanged\)$/,
    );
    expect(r.holdings[0]?.lots[0]?.costPerShare).toBe(1208.59 / 3);
  });
  it('each split of a lot starts from the units after the earlier ones', () => {
    expect(splitNotes[1]).toMatch(/split 7:1 on 2024-01-03 .*: shares 10 -> 70, cost per share 700 -> 100 /);
    expect(splitNotes[2]).toMatch(/split 4:1 on 2024-01-04 .*: shares 70 -> 280, cost per share 100 -> 25 /);
    expect(r.holdings[1]?.shares).toBe(280);
  });
  it('no note or warning carries a float with more than 4 decimals', () => {
    for (const text of [...r.notes, ...r.warnings]) expect(text).not.toMatch(/\d\.\d{5,}/);
  });
});

describe('quote but no price history: splits since purchase unknown', () => {
  // NVD: 10 shares bought at 1200 on 2024-01-02, quoted at 120 (prev 118), Yahoo gave no bars. A 10:1
  // split may lie in between: 10 x 120 = 1200 could be 10x too low, so the holding is left out.
  // UND: 5 undated shares at 50 (prev 48), no bars: undated shares are today's, so it stays in.
  // AAA: 2 shares at 10 on 2024-01-02, closes 10 -> 12, quoted 12 (prev 11).
  const aaa = history('AAA', 'USD', [
    ['2024-01-02', 10],
    ['2024-01-03', 12],
  ]);
  const lots = [lot('NVD', 10, 1200, '2024-01-02'), lot('UND', 5, 40, null), lot('AAA', 2, 10, '2024-01-02')];
  const quotes = [quote('NVD', 'USD', 120, 118), quote('UND', 'USD', 50, 48), quote('AAA', 'USD', 12, 11)];
  const r = buildReport(input(lots, quotes, [aaa]));
  const row = (s: string) => r.holdings.find((h) => h.symbol === s)!;

  it('a dated holding without history is out of value, weights, day change, cost and gains', () => {
    // value: UND 5 x 50 = 250 + AAA 2 x 12 = 24 -> 274; cost: UND 5 x 40 = 200 + AAA 20 = 220
    expect(r.summary.marketValue).toBeCloseTo(274, 10);
    expect(r.summary.costBasis).toBeCloseTo(220, 10);
    expect(r.summary.unrealizedGain).toBeCloseTo(54, 10);
    // day change: UND 5 x 2 + AAA 2 x 1 = 12 over 5 x 48 + 2 x 11 = 262
    expect(r.summary.dayChange).toBeCloseTo(12, 10);
    expect(r.summary.dayChangePct).toBeCloseTo(12 / 262, 12);
    // Out of the totals: value and weight unknown (null), never 0.
    expect(row('NVD')).toMatchObject({
      marketValue: null,
      weight: null,
      costBasis: null,
      unrealizedGain: null,
      source: 'live',
      price: 120,
    });
    expect(row('UND').marketValue).toBeCloseTo(250, 10);
    expect(row('UND').weight).toBeCloseTo(250 / 274, 12);
    expect(row('AAA').weight).toBeCloseTo(24 / 274, 12);
  });
  it('warns naming the symbol and the reason, and counts it as a stale price', () => {
    expect(r.warnings).toContain(
      'NVD: no price history: splits since purchase unknown; excluded from totals',
    );
    expect(r.warnings.join('\n')).toMatch(/no price history for UND: counted in value and day change/);
    expect(r.warnings.join('\n')).not.toMatch(/UND: no price history: splits/);
    // all three quotes are live; only NVD is stale for --fail-if / --strict
    expect(r.summary.prices).toMatchObject({ live: 3, stale: 0, missing: 0 });
    expect(r.summary.stalePrices).toBe(1);
  });
});

describe('currencies: GBp holding with cost in GBP, EUR holding, USD report', () => {
  const vod = history('VOD.L', 'GBp', [
    ['2023-12-29', 70],
    ['2024-01-02', 72],
    ['2024-01-03', 74],
  ]);
  const sap = history('SAP.DE', 'EUR', [
    ['2023-12-29', 150],
    ['2024-01-02', 152],
    ['2024-01-03', 155],
  ]);
  const gbp = history('GBPUSD=X', 'USD', [
    ['2023-12-29', 1.27],
    ['2024-01-02', 1.26],
    ['2024-01-03', 1.28],
  ]);
  const eur = history('EURUSD=X', 'USD', [
    ['2023-12-29', 1.1],
    ['2024-01-02', 1.09],
    ['2024-01-03', 1.095],
  ]);
  const lots = [lot('VOD.L', 1000, 0.7, '2024-01-02', 'GBP'), lot('SAP.DE', 10, 151, '2024-01-02')];
  const quotes = [
    quote('VOD.L', 'GBp', 74, 72),
    quote('SAP.DE', 'EUR', 155, 152),
    quote('GBPUSD=X', 'USD', 1.28, 1.26), // EURUSD=X has no quote: its close on asOf is used
  ];
  const r = buildReport(input(lots, quotes, [vod, sap, gbp, eur]));
  const [v, s] = r.holdings;

  it('cost converts at the purchase date FX; value at the same date FX; pence are 1/100 GBP', () => {
    // VOD: cost 0.70 GBP x 1000 x 1.26 = 882; value 1000 x 74p x 0.01 x 1.28 = 947.2
    expect(v?.costBasis).toBeCloseTo(882, 10);
    expect(v?.marketValue).toBeCloseTo(947.2, 10);
    expect(v?.lots[0]?.costCurrency).toBe('GBP');
    expect(v?.currency).toBe('GBp');
    expect(v?.price).toBe(74);
    // SAP: cost 151 x 10 x 1.09 = 1645.9; value 10 x 155 x 1.095 = 1697.25
    expect(s?.costBasis).toBeCloseTo(1645.9, 10);
    expect(s?.marketValue).toBeCloseTo(1697.25, 10);
    expect(r.summary.marketValue).toBeCloseTo(2644.45, 10);
  });
  it('day change at today FX', () => {
    // VOD 1000 x 2p x 0.0128 = 25.6; SAP 10 x 3 x 1.095 = 32.85; base 921.6 + 1664.4 = 2586
    expect(r.summary.dayChange).toBeCloseTo(58.45, 10);
    expect(r.summary.dayChangePct).toBeCloseTo(58.45 / 2586, 12);
  });
  it('daily series in USD', () => {
    // 01-02: 1000 x 0.72 x 1.26 + 1520 x 1.09 = 907.2 + 1656.8 = 2564, flow 882 + 1645.9 = 2527.9
    // 01-03: 947.2 + 1697.25 = 2644.45
    expect(r.series.value[1]).toBeCloseTo(2564, 10);
    expect(r.summary.twr).toBeCloseTo((2564 / 2527.9) * (2644.45 / 2564) - 1, 12);
    expect(r.warnings).toEqual([]);
  });
});

describe('EUR investor compares a USD ETF in EUR', () => {
  const sap = history('SAP.DE', 'EUR', [
    ['2024-01-02', 150],
    ['2024-01-03', 152],
    ['2024-01-04', 155],
  ]);
  const spy = history('SPY', 'USD', [
    ['2024-01-02', 470, 470],
    ['2024-01-03', 475, 475],
    ['2024-01-04', 480, 480],
  ]);
  const usdeur = history('USDEUR=X', 'EUR', [
    ['2024-01-02', 0.91],
    ['2024-01-03', 0.92],
    ['2024-01-04', 0.9],
  ]);
  const r = buildReport(
    input([lot('SAP.DE', 10, 150, '2024-01-03')], [quote('SAP.DE', 'EUR', 155, 152)], [sap, spy, usdeur], {
      baseCurrency: 'EUR',
      benchmarks: ['SPY'],
    }),
  );
  it('benchmark levels are adjusted close x same-date FX', () => {
    // inception from 01-02 (the trading date before the first held date 01-03): 470 x 0.91 -> 480 x 0.90
    expect(r.benchmarks[0]?.periodReturns.inception).toBeCloseTo((480 * 0.9) / (470 * 0.91) - 1, 12);
    // same cash flows: 1500 EUR at 475 x 0.92 on 01-03, valued at 480 x 0.90
    expect(r.benchmarks[0]?.sameCashFlows?.value).toBeCloseTo((1500 / (475 * 0.92)) * 480 * 0.9, 10);
    expect(r.summary.marketValue).toBeCloseTo(1550, 10);
  });
});

describe('lots without cost or date, unknown symbols, missing FX, missing history', () => {
  const aaa = history('AAA', 'USD', [
    ['2023-12-29', 9],
    ['2024-01-02', 10],
    ['2024-01-03', 11],
  ]);
  const bbb = history('BBB', 'USD', [
    ['2023-12-29', 19],
    ['2024-01-02', 20],
    ['2024-01-03', 21],
  ]);
  const cad = history('SHOP.TO', 'CAD', [
    ['2024-01-02', 100],
    ['2024-01-03', 101],
  ]);
  const lots = [
    lot('AAA', 10, 9.5, '2024-01-02'),
    lot('AAA', 5, null, '2024-01-02'), // no cost
    lot('BBB', 2, 18, null), // no date
    lot('ZZZ', 1, 1, '2024-01-02'), // unknown to Yahoo (in unknownSymbols)
    lot('NOPE', 1, 1, '2024-01-02'), // neither quote nor history
    lot('SHOP.TO', 1, 90, '2024-01-02'), // CAD without CADUSD=X history
    lot('QQQ', 2, 400, '2024-01-02'), // quote but no history
  ];
  const quotes = [
    quote('AAA', 'USD', 11, 10),
    quote('BBB', 'USD', 21, 20, { source: 'stale' }),
    quote('SHOP.TO', 'CAD', 101, 100),
    quote('QQQ', 'USD', 410, 405, { source: 'cache' }),
  ];
  const r = buildReport(
    input(lots, quotes, [aaa, bbb, cad], {
      unknownSymbols: ['ZZZ'],
      unavailable: new Map([['NOPE', 'offline: not in the cache']]),
    }),
  );
  const row = (s: string) => r.holdings.find((h) => h.symbol === s)!;

  it('value includes no-cost and no-date lots; excludes unknown, FX-less and dated quote-only holdings', () => {
    // AAA 15 x 11 = 165, BBB 2 x 21 = 42; QQQ (dated lot, no history: splits unknown) left out
    expect(r.summary.marketValue).toBeCloseTo(207, 10);
    expect(row('AAA').shares).toBe(15);
    expect(row('AAA').costBasis).toBeNull();
    expect(row('BBB').costBasis).toBeCloseTo(36, 10);
    // Unknown value is null, never 0: in the rows and in their lots.
    expect(row('ZZZ')).toMatchObject({ marketValue: null, weight: null, source: 'missing', price: null });
    expect(row('NOPE')).toMatchObject({ marketValue: null, weight: null, source: 'missing', price: null });
    expect(row('SHOP.TO')).toMatchObject({ marketValue: null, weight: null, price: 101 });
    expect(row('SHOP.TO').lots.map((l) => l.marketValue)).toEqual([null]);
    expect(row('QQQ')).toMatchObject({ marketValue: null, weight: null, source: 'cache', costBasis: null });
    // Weights of the priced holdings: shares of the priced value (165 + 42 = 207).
    expect(row('AAA').weight).toBeCloseTo(165 / 207, 12);
    expect(row('BBB').weight).toBeCloseTo(42 / 207, 12);
    expect(r.summary.costBasis).toBeNull(); // AAA has a lot without cost
    // day change: AAA 15 x 1 + BBB 2 x 1 = 17
    expect(r.summary.dayChange).toBeCloseTo(17, 10);
  });
  it('history figures use only the dated, costed lot with history', () => {
    // only AAA line 1: 95 -> 100 -> 110
    expect(r.summary.twr).toBeCloseTo(110 / 95 - 1, 12);
    expect(r.series.value).toEqual([0, 100, 110]);
  });
  it('says so in warnings', () => {
    const w = r.warnings.join('\n');
    expect(w).toContain('unknown or delisted symbol ZZZ: excluded from totals');
    // Not known to be unknown: no price, with the loader's reason, said once.
    expect(w).not.toContain('unknown or delisted symbol NOPE');
    expect(r.warnings.filter((x) => x.includes('NOPE'))).toEqual([
      'NOPE: no price available (offline: not in the cache); excluded from totals',
    ]);
    expect(w).toMatch(/no FX history for CADUSD=X: SHOP\.TO \(CAD\) excluded from totals/);
    expect(w).toContain('QQQ: no price history: splits since purchase unknown; excluded from totals');
    expect(w).toMatch(/AAA line \d+: no cost/);
    expect(w).toMatch(/BBB line \d+: no purchase date/);
  });
  it('freshness counts', () => {
    // AAA live, BBB stale, QQQ cache, ZZZ/NOPE missing, SHOP.TO live; stalePrices adds QQQ (no history)
    expect(r.summary.prices).toMatchObject({ live: 2, cache: 1, stale: 1, missing: 2 });
    expect(r.summary.stalePrices).toBe(4);
    expect(r.summary.holdingsCount).toBe(6);
  });
  it('coverage: the totals are over AAA and BBB; the other four are named with why', () => {
    expect(r.summary.coverage).toEqual({
      priced: 2,
      total: 6,
      missing: [
        { symbol: 'ZZZ', reason: 'unknown or delisted symbol' },
        { symbol: 'NOPE', reason: 'offline: not in the cache' },
        { symbol: 'SHOP.TO', reason: 'no FX history for CADUSD=X' },
        { symbol: 'QQQ', reason: 'no price history: splits since purchase unknown' },
      ],
    });
  });
});

describe('report dates', () => {
  const aaa = history('AAA', 'USD', [
    ['2024-01-03', 10],
    ['2024-01-04', 11],
    ['2024-01-05', 12],
    ['2024-01-08', 13],
  ]);
  it('asOf is the last trading date of the data (Friday when run on a Saturday)', () => {
    const h = history(
      'AAA',
      'USD',
      aaa.bars
        .toBars()
        .slice(0, 3)
        .map((b) => [b.date, b.close] as const),
    );
    const r = buildReport(
      input([lot('AAA', 1, 10, '2024-01-03')], [quote('AAA', 'USD', 12, 11)], [h], {
        generatedAt: Date.UTC(2024, 0, 6),
      }),
    );
    expect(r.asOf).toBe('2024-01-05');
  });
  it('--as-of on a Saturday uses Friday closes, ignores later lots, day change from the close before', () => {
    const lots = [lot('AAA', 2, 10, '2024-01-03'), lot('AAA', 5, 13, '2024-01-08')];
    const r = buildReport(input(lots, [quote('AAA', 'USD', 13, 12)], [aaa], { asOf: '2024-01-06' }));
    expect(r.asOf).toBe('2024-01-05');
    expect(r.holdings[0]?.price).toBe(12);
    expect(r.holdings[0]?.shares).toBe(2);
    expect(r.summary.marketValue).toBe(24);
    expect(r.summary.dayChange).toBeCloseTo(2, 12); // 2 x (12 - 11)
    expect(r.summary.dayChangePct).toBeCloseTo(1 / 11, 12);
    expect(r.notes.join('\n')).toMatch(/1 lot\(s\) bought after 2024-01-06 ignored/);
  });
  it('a lot dated on a weekend enters on the next trading date', () => {
    const lots = [lot('AAA', 1, 11, '2024-01-04'), lot('AAA', 1, 12.5, '2024-01-06')];
    const r = buildReport(input(lots, [quote('AAA', 'USD', 13, 12)], [aaa]));
    // V: 01-04 11 (F 11), 01-05 12, 01-08 2 x 13 = 26 (F 12.5): r = 0, 12/11 - 1, 26 / 24.5 - 1
    expect(r.series.dates).toEqual(['2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08']);
    expect(r.summary.twr).toBeCloseTo((12 / 11) * (26 / 24.5) - 1, 12);
    expect(r.notes.join('\n')).toMatch(
      /dated 2024-01-06, not a trading date: enters on the next trading date 2024-01-08/,
    );
    // XIRR uses the purchase dates: -11 on 01-04, -12.5 on 01-06, +26 on 01-08
    const x = r.summary.xirr!;
    const f = -11 - 12.5 * Math.pow(1 + x, -2 / 365) + 26 * Math.pow(1 + x, -4 / 365);
    expect(f).toBeCloseTo(0, 6);
  });
  it('max drawdown peaking at period.start (the index starting 1), then recovering', () => {
    // 1 share bought on 01-04 for 12, close 11: index 01-03 1 (period.start), 01-04 11/12, 01-05 12/12, 01-08 13/12
    const r = buildReport(input([lot('AAA', 1, 12, '2024-01-04')], [quote('AAA', 'USD', 13, 12)], [aaa]));
    expect(r.summary.period.start).toBe('2024-01-03');
    expect(r.summary.maxDrawdown).toBeCloseTo(11 / 12 - 1, 12);
    expect([r.summary.maxDrawdownPeak, r.summary.maxDrawdownTrough, r.summary.maxDrawdownRecovery]).toEqual([
      '2024-01-03',
      '2024-01-04',
      '2024-01-05',
    ]);
    expect(r.series.drawdown[1]).toBeCloseTo(11 / 12 - 1, 12);
    expect(r.summary.twr).toBeCloseTo(13 / 12 - 1, 12);
  });
  it('a one-day-old portfolio: first day is purchase price to close; XIRR null with a warning', () => {
    const r = buildReport(input([lot('AAA', 10, 12.5, '2024-01-08')], [quote('AAA', 'USD', 13, 12)], [aaa]));
    expect(r.summary.period.start).toBe('2024-01-05');
    expect(r.summary.twr).toBeCloseTo(130 / 125 - 1, 12);
    // 3 calendar days 01-05 -> 01-08
    expect(r.summary.twrAnnualized).toBeCloseTo(Math.pow(1.04, 365 / 3) - 1, 6);
    expect(r.summary.volatility).toBeNull();
    expect(r.summary.xirr).toBeNull();
    expect(r.warnings.join('\n')).toMatch(/XIRR not available: all cash flows are on one date/);
    expect(r.summary.maxDrawdown).toBe(0);
    expect(r.summary.periodReturns.inception).toBeCloseTo(0.04, 12);
  });
});

describe('data sanity', () => {
  it('a 100x close is ignored with a warning; the previous close carries forward', () => {
    const aaa = history('AAA', 'USD', [
      ['2024-01-02', 10],
      ['2024-01-03', 11],
      ['2024-01-04', 1100],
      ['2024-01-05', 12],
    ]);
    const r = buildReport(input([lot('AAA', 10, 10, '2024-01-02')], [quote('AAA', 'USD', 12, 11)], [aaa]));
    // bought on the first date of the data: no trading date before it, so period.start is null and the
    // chart starts on the purchase date
    expect(r.summary.period.start).toBeNull();
    expect(r.series.dates).toEqual(['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05']);
    expect(r.series.value).toEqual([100, 110, 110, 120]);
    expect(r.summary.twr).toBeCloseTo(0.2, 12);
    expect(r.summary.twrAnnualized).toBeNull();
    expect(r.warnings.some((w) => w.includes('AAA') && w.includes('2024-01-04'))).toBe(true);
    expect(r.summary.bestDay?.return).toBeCloseTo(0.1, 12);
  });
});

describe('period returns on a long history', () => {
  // Weekdays from 2021-06-01 to 2024-06-14, close = 100 + 10 sin(n / 20) + n / 10 (n = weekday count).
  const rows: [string, number, number][] = [];
  const etfRows: [string, number, number][] = [];
  for (let d = Date.UTC(2021, 5, 1), n = 0; d <= Date.UTC(2024, 5, 14); d += 86_400_000) {
    const day = new Date(d).getUTCDay();
    if (day === 0 || day === 6) continue;
    const iso = new Date(d).toISOString().slice(0, 10);
    rows.push([iso, 100 + 10 * Math.sin(n / 20) + n / 10, 100 + 10 * Math.sin(n / 20) + n / 10]);
    etfRows.push([iso, 200 + n / 5, 190 + n / 4]);
    n++;
  }
  const aaa = history('AAA', 'USD', rows);
  const etf = history('ETF', 'USD', etfRows);
  const closeOnOrBefore = (rs: [string, number, number][], d: string, col: 1 | 2): number =>
    rs.filter((r) => r[0] <= d).at(-1)![col];
  const last = rows.at(-1)!;
  const r = buildReport(
    input(
      [lot('AAA', 10, rows[0]![1], '2021-06-01')],
      [quote('AAA', 'USD', last[1], rows.at(-2)![1])],
      [aaa, etf],
      {
        benchmarks: ['ETF'],
      },
    ),
  );

  it('twr over 1y equals periodReturns 1y, a plain price ratio for one lot', () => {
    expect(r.asOf).toBe('2024-06-14');
    // base: last trading date on or before 2023-06-14 (a Wednesday)
    const expected = last[1] / closeOnOrBefore(rows, '2023-06-14', 1) - 1;
    expect(r.summary.periodReturns['1y']).toBeCloseTo(expected, 10);
    expect(r.summary.twr).toBeCloseTo(expected, 10);
    expect(r.summary.period.start).toBe('2023-06-14');
    expect(r.summary.twrAnnualized).toBeCloseTo(Math.pow(1 + expected, 365 / 366) - 1, 10);
  });
  it('ytd, 1m, 3m, 3y from the base dates; 5y null (history too short)', () => {
    // ytd base: 2023-12-29 (Dec 31 is a Sunday); 1m: 2024-05-14; 3m: 2024-03-14; 3y: 2021-06-14
    for (const [key, d] of [
      ['ytd', '2023-12-31'],
      ['1m', '2024-05-14'],
      ['3m', '2024-03-14'],
      ['3y', '2021-06-14'],
    ] as const) {
      expect(r.summary.periodReturns[key]).toBeCloseTo(last[1] / closeOnOrBefore(rows, d, 1) - 1, 10);
    }
    expect(r.summary.periodReturns['5y']).toBeNull();
    // inception: first day purchase price (= close of 2021-06-01) to close, so the price ratio
    expect(r.summary.periodReturns.inception).toBeCloseTo(last[1] / rows[0]![1] - 1, 10);
    // the 1y window held 262 weekdays after 2023-06-14
    expect(r.series.dates.length).toBe(rows.filter((x) => x[0] >= '2023-06-14').length);
  });
  it('risk metrics match a brute-force recomputation over the window', () => {
    const w = rows.filter((x) => x[0] >= '2023-06-14');
    const rets = w.slice(1).map((x, i) => x[1] / w[i]![1] - 1);
    const m = rets.reduce((a, b) => a + b, 0) / rets.length;
    const sd = Math.sqrt(rets.reduce((a, b) => a + (b - m) ** 2, 0) / (rets.length - 1));
    expect(r.summary.volatility).toBeCloseTo(sd * Math.sqrt(252), 10);
    expect(r.summary.sharpe).toBeCloseTo((m / sd) * Math.sqrt(252), 8);
    let peak = 1;
    let worst = 0;
    for (const x of w) {
      const i = x[1] / w[0]![1];
      peak = Math.max(peak, i);
      worst = Math.min(worst, i / peak - 1);
    }
    expect(r.summary.maxDrawdown).toBeCloseTo(worst, 10);
  });
  it('ETF period returns from adjusted closes', () => {
    const e = r.benchmarks[0]!.periodReturns;
    const lastAdj = etfRows.at(-1)![2];
    expect(e['1y']).toBeCloseTo(lastAdj / closeOnOrBefore(etfRows, '2023-06-14', 2) - 1, 12);
    expect(e['5y']).toBeNull();
    // inception: no trading date before the first held date 2021-06-01 -> null
    expect(e.inception).toBeNull();
  });
});
