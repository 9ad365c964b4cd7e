// Sells, dividends, splits and fees in buildReport, against hand-worked numbers (the
// arithmetic is in the comments) and an independent NPV for XIRR.
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { buildReport } from '../../../src/analytics/report.js';
import { runLedger } from '../../../src/analytics/transactions.js';
import type { AnalyticsInput } from '../../../src/analytics/model.js';
import type { Buy, Lot, PriceHistory, Quote } from '../../../src/types.js';
import { dividendRow, history, lot, quote, sellRow, splitRow } from './helpers.js';

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

const sell = sellRow;
const buy = (
  symbol: string,
  shares: number,
  cost: number,
  date: string | null,
  extra: Partial<Buy> = {},
): Buy => ({
  ...lot(symbol, shares, cost, date),
  ...extra,
});
const dividend = dividendRow;

function npv(rate: number, flows: [string, number][]): number {
  const t = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
  const t0 = Math.min(...flows.map(([d]) => t(d)));
  return flows.reduce((s, [d, a]) => s + a * Math.pow(1 + rate, -(t(d) - t0) / 365), 0);
}

// AAA closes: 12-29 9.8, 01-02 10, 01-03 11, 01-04 12, 01-05 13, 01-08 14 (quote 14, previous 13).
const aaa = history('AAA', 'USD', [
  ['2023-12-29', 9.8],
  ['2024-01-02', 10],
  ['2024-01-03', 11],
  ['2024-01-04', 12],
  ['2024-01-05', 13],
  ['2024-01-08', 14],
]);
const aaaQuote = quote('AAA', 'USD', 14, 13);

// Three buys and two partial sells. Rows listed out of date order on purpose.
function aaaLots(): Lot[] {
  return [
    sell('AAA', 2, 14, '2024-01-08'),
    buy('AAA', 10, 10, '2024-01-02'), // L1 cost 100
    buy('AAA', 5, 11, '2024-01-03'), // L2 cost 55
    buy('AAA', 10, 12, '2024-01-04'), // L3 cost 120
    sell('AAA', 15, 13, '2024-01-05'), // proceeds 195
  ];
}

describe('FIFO and average cost over three buys and two partial sells', () => {
  it('fifo: oldest shares first', () => {
    const r = buildReport(input(aaaLots(), [aaaQuote], [aaa]));
    // Sale 1 (01-05): 15 = L1 10 (100) + L2 5 (55) -> cost 155, gain 195 - 155 = 40.
    // Sale 2 (01-08): 2 of L3 at 12 -> cost 24, gain 28 - 24 = 4. Realized 44.
    const row = r.realized?.[0];
    expect(row?.sales.map((s) => [s.date, s.proceeds, s.costBasis, s.gain])).toEqual([
      ['2024-01-05', 195, 155, 40],
      ['2024-01-08', 28, 24, 4],
    ]);
    expect(r.summary.realizedGain).toBeCloseTo(44, 10);
    // Left: 8 of L3, cost 8 x 12 = 96, value 8 x 14 = 112, unrealized 16.
    expect(r.holdings[0]?.shares).toBeCloseTo(8, 12);
    expect(r.summary.costBasis).toBeCloseTo(96, 10);
    expect(r.summary.marketValue).toBeCloseTo(112, 10);
    expect(r.summary.unrealizedGain).toBeCloseTo(16, 10);
    expect(r.holdings[0]?.lots.map((l) => [l.shares, l.costBasis])).toEqual([[8, 96]]);
    // Day change on the 8 shares held: 8 x (14 - 13) = 8.
    expect(r.summary.dayChange).toBeCloseTo(8, 10);
    expect(r.closedPositions).toEqual([]);
  });

  it('average: the pool cost per share at each sale', () => {
    const r = buildReport(input(aaaLots(), [aaaQuote], [aaa], { costMethod: 'average' }));
    // Pool 25 shares cost 275 (avg 11). Sale 1: 15 x 11 = 165, gain 30; pool 10 shares 110.
    // Sale 2: 2 x 11 = 22, gain 6. Realized 36; left 8 x 11 = 88, unrealized 112 - 88 = 24.
    expect(r.realized?.[0]?.sales.map((s) => s.costBasis)).toEqual([165, 22]);
    expect(r.summary.realizedGain).toBeCloseTo(36, 10);
    expect(r.summary.costBasis).toBeCloseTo(88, 10);
    expect(r.summary.unrealizedGain).toBeCloseTo(24, 10);
    // Either way realized + unrealized = proceeds 223 + value 112 - cost 275 = 60.
    expect((r.summary.realizedGain ?? 0) + (r.summary.unrealizedGain ?? 0)).toBeCloseTo(60, 10);
  });

  it('TWR with sales leaving at the end of the day; XIRR with sales as positive flows', () => {
    const r = buildReport(input(aaaLots(), [aaaQuote], [aaa]));
    // 01-02 V 100 F 100 r 0; 01-03 V 10x11 + 5x11 = 165 F 55 r 165/155 - 1; 01-04 V 15x12 + 120 = 300 F 120
    // r 300/285 - 1; 01-05 V 10x13 = 130 O 195 r 325/300 - 1; 01-08 V 8x14 = 112 O 28 r 140/130 - 1.
    const twr = (165 / 155) * (300 / 285) * (325 / 300) * (140 / 130) - 1;
    expect(r.summary.twr).toBeCloseTo(twr, 12);
    [100, 165, 300, 130, 112].forEach((v, i) => expect(r.series.value[i + 1]).toBeCloseTo(v, 10));
    const flows: [string, number][] = [
      ['2024-01-02', -100],
      ['2024-01-03', -55],
      ['2024-01-04', -120],
      ['2024-01-05', 195],
      ['2024-01-08', 28],
      ['2024-01-08', 112],
    ];
    expect(r.summary.xirr).not.toBeNull();
    expect(Math.abs(npv(r.summary.xirr ?? 0, flows))).toBeLessThan(1e-6);
  });

  it('same cash flows: a sale sells ETF units worth its proceeds', () => {
    // SPY adjusted closes 100, 110, 120, 125, 130 on 01-02..01-08.
    const spy = history('SPY', 'USD', [
      ['2023-12-29', 99],
      ['2024-01-02', 100],
      ['2024-01-03', 110],
      ['2024-01-04', 120],
      ['2024-01-05', 125],
      ['2024-01-08', 130],
    ]);
    const r = buildReport(
      input(aaaLots(), [aaaQuote, quote('SPY', 'USD', 130, 125)], [aaa, spy], { benchmarks: ['SPY'] }),
    );
    // units: 100/100 + 55/110 + 120/120 - 195/125 - 28/130 = 1 + 0.5 + 1 - 1.56 - 0.2153846...
    const units = 1 + 0.5 + 1 - 195 / 125 - 28 / 130;
    const scf = r.benchmarks[0]?.sameCashFlows;
    expect(scf?.value).toBeCloseTo(units * 130, 9);
    // gain = value + proceeds 223 - cost 275
    expect(scf?.gain).toBeCloseTo(units * 130 + 223 - 275, 9);
    expect(scf?.vsPortfolio.value).toBeCloseTo(112 - units * 130, 9);
  });
});

describe('closed positions, fees, foreign currency, dividends', () => {
  const bbb = history('BBB', 'USD', [
    ['2024-01-02', 20],
    ['2024-01-03', 22],
    ['2024-01-04', 21],
    ['2024-01-05', 21],
    ['2024-01-08', 23],
  ]);
  const ccc = history('CCC', 'USD', [
    ['2024-01-02', 50],
    ['2024-01-03', 48],
    ['2024-01-04', 45],
    ['2024-01-05', 44],
    ['2024-01-08', 46],
  ]);

  it('closed and reopened is open; closed stays out of holdings but keeps its realized gain', () => {
    const lots = [
      buy('BBB', 10, 20, '2024-01-02'),
      sell('BBB', 10, 22, '2024-01-03'), // +20, closed
      buy('BBB', 5, 21, '2024-01-05'), // reopened
      buy('CCC', 4, 50, '2024-01-02'), // cost 200
      sell('CCC', 4, 45, '2024-01-04', { fee: 2 }), // proceeds 180 - 2 = 178, gain -22
    ];
    const r = buildReport(
      input(lots, [quote('BBB', 'USD', 23, 21), quote('CCC', 'USD', 46, 44)], [bbb, ccc]),
    );
    expect(r.holdings.map((h) => h.symbol)).toEqual(['BBB']);
    expect(r.summary.holdingsCount).toBe(1);
    expect(r.holdings[0]?.shares).toBe(5);
    expect(r.summary.marketValue).toBeCloseTo(5 * 23, 10);
    expect(r.summary.costBasis).toBeCloseTo(105, 10);
    expect(r.closedPositions).toEqual([
      {
        symbol: 'CCC',
        name: 'CCC Inc',
        firstBought: '2024-01-02',
        closedOn: '2024-01-04',
        realizedGain: -22,
        income: 0,
        incomeEstimated: false,
      },
    ]);
    expect(r.realized?.map((x) => [x.symbol, x.gain])).toEqual([
      ['BBB', 20],
      ['CCC', -22],
    ]);
    expect(r.realized?.[1]?.sales[0]?.fee).toBe(2);
    expect(r.summary.realizedGain).toBeCloseTo(-2, 10);
    // History keeps the closed positions: 01-02 V 10x20 + 4x50 = 400 (F 400); 01-03 BBB sold at end
    // (O 220), CCC 4x48 = 192 -> r (192 + 220)/400 - 1 = 0.03; 01-04 CCC sold (O 178), V 0
    // -> r 178/192 - 1; 01-05 BBB 5x21 = 105, F 105 -> r 0; 01-08 5x23 = 115 -> r 115/105 - 1.
    const twr = (412 / 400) * (178 / 192) * (115 / 105) - 1;
    expect(r.summary.twr).toBeCloseTo(twr, 12);
    expect(r.conventions.join(' ')).toMatch(/closedPositions lists the symbols/);
  });

  it('a fee adds to a buy cost; a sale in EUR converts at the FX close of the sale date', () => {
    const ddd = history('DDD.DE', 'EUR', [
      ['2024-01-02', 100],
      ['2024-01-03', 105],
      ['2024-01-04', 110],
    ]);
    const eurusd = history('EURUSD=X', 'USD', [
      ['2024-01-02', 1.1],
      ['2024-01-03', 1.12],
      ['2024-01-04', 1.08],
    ]);
    const lots = [
      buy('DDD.DE', 10, 100, '2024-01-02', { currency: 'EUR', fee: 5 }), // (1000 + 5) x 1.10 = 1105.5 USD
      sell('DDD.DE', 4, 110, '2024-01-04', { currency: 'EUR', fee: 2 }), // (440 - 2) x 1.08 = 473.04 USD
    ];
    const r = buildReport(
      input(lots, [quote('DDD.DE', 'EUR', 110, 105), quote('EURUSD=X', 'USD', 1.08, 1.12)], [ddd, eurusd]),
    );
    const sale = r.realized?.[0]?.sales[0];
    expect(sale?.proceeds).toBeCloseTo(473.04, 10);
    expect(sale?.fee).toBeCloseTo(2.16, 12);
    // cost of 4 of 10: 1105.5 x 4/10 = 442.2; gain 473.04 - 442.2 = 30.84
    expect(sale?.costBasis).toBeCloseTo(442.2, 10);
    expect(sale?.gain).toBeCloseTo(30.84, 10);
    expect(sale?.currency).toBe('EUR');
    // Left: 6 shares, cost 663.3, value 6 x 110 x 1.08 = 712.8
    expect(r.summary.costBasis).toBeCloseTo(663.3, 10);
    expect(r.summary.marketValue).toBeCloseTo(712.8, 10);
  });

  it('dividends from the file (net of fee) count as income, in O_t and in XIRR', () => {
    const lots = [buy('AAA', 10, 10, '2024-01-02'), dividend('AAA', 5, '2024-01-04', 0.5)];
    const r = buildReport(input(lots, [aaaQuote], [aaa]));
    // income 5 - 0.5 = 4.5. TWR: 01-02 r 0, 01-03 11/10, 01-04 (120 + 4.5)/110, 01-05 130/120, 01-08 140/130
    // -> product = 140/100 x 124.5/120 = 1.4525
    expect(r.summary.income).toBeCloseTo(4.5, 12);
    expect(r.realized?.[0]?.incomeEstimated).toBe(false);
    expect(r.realized?.[0]?.dividends).toEqual([
      { date: '2024-01-04', line: lots[1]?.source.line, amount: 4.5, estimated: false },
    ]);
    expect(r.holdings[0]?.income).toBeCloseTo(4.5, 12);
    expect(r.summary.twr).toBeCloseTo((140 / 100) * (124.5 / 120) - 1, 12);
    const x = r.summary.xirr ?? 0;
    expect(
      Math.abs(
        npv(x, [
          ['2024-01-02', -100],
          ['2024-01-04', 4.5],
          ['2024-01-08', 140],
        ]),
      ),
    ).toBeLessThan(1e-6);
    expect(r.summary.realizedGain).toBe(0);
  });

  it("estimated dividends: Yahoo's events x shares held at the start of the ex-date, not in returns", () => {
    const withDividends: PriceHistory = { ...aaa, dividends: [{ date: '2024-01-04', amount: 0.5 }] };
    const lots = [
      buy('AAA', 10, 10, '2024-01-02'),
      sell('AAA', 4, 11, '2024-01-03'),
      buy('AAA', 10, 12, '2024-01-04'), // bought on the ex-date: no dividend
    ];
    const r = buildReport(input(lots, [aaaQuote], [withDividends]));
    const plain = buildReport(input(lots, [aaaQuote], [aaa]));
    // (10 - 4) x 0.5 = 3
    expect(r.summary.income).toBeCloseTo(3, 12);
    expect(r.realized?.[0]?.incomeEstimated).toBe(true);
    expect(r.realized?.[0]?.dividends[0]).toMatchObject({ date: '2024-01-04', line: null, estimated: true });
    expect(r.holdings[0]?.incomeEstimated).toBe(true);
    expect(r.summary.twr).toBe(plain.summary.twr);
    expect(r.summary.xirr).toBe(plain.summary.xirr);
    expect(plain.summary.income).toBe(0);
  });

  it('realized by calendar year', () => {
    const xxx = history('XXX', 'USD', [
      ['2023-06-01', 10],
      ['2023-12-01', 12],
      ['2024-01-02', 15],
      ['2024-01-08', 16],
    ]);
    const lots = [
      buy('XXX', 10, 10, '2023-06-01'),
      sell('XXX', 2, 12, '2023-12-01'), // 2023: 24 - 20 = 4
      sell('XXX', 3, 15, '2024-01-02'), // 2024: 45 - 30 = 15
      dividend('XXX', 1, '2024-01-08'),
    ];
    const r = buildReport(input(lots, [quote('XXX', 'USD', 16, 15)], [xxx]));
    expect(r.realized?.[0]?.byYear).toEqual([
      { year: 2023, proceeds: 24, costBasis: 20, gain: 4, income: 0 },
      { year: 2024, proceeds: 45, costBasis: 30, gain: 15, income: 1 },
    ]);
  });
});

describe('splits and validation', () => {
  const split = history('SPL', 'USD', [
    ['2024-01-02', 10],
    ['2024-01-03', 10],
    ['2024-01-04', 10],
  ]);

  it('a sell of more shares than held is an InputError naming the line', () => {
    const lots = [buy('SPL', 10, 20, '2024-01-02'), sell('SPL', 15, 12, '2024-01-04')];
    const line = lots[1]?.source.line;
    expect(() => buildReport(input(lots, [quote('SPL', 'USD', 10, 10)], [split]))).toThrow(InputError);
    expect(() => buildReport(input(lots, [quote('SPL', 'USD', 10, 10)], [split]))).toThrow(
      `h.csv:${line}: shares "15": sells 15 SPL on 2024-01-04 but only 10 are held on that date (after splits)`,
    );
  });

  it('every sell of more than held is listed in one error, across symbols, in line order', () => {
    const other = history('OTH', 'USD', [
      ['2024-01-02', 10],
      ['2024-01-03', 10],
      ['2024-01-04', 10],
    ]);
    // SPL: 10 bought, 15 sold (10 held); then 20 more sold of the 10 still held (the first sale
    // failed, so it took nothing). OTH: 5 bought, 6 sold.
    const lots = [
      buy('SPL', 10, 20, '2024-01-02'),
      buy('OTH', 5, 20, '2024-01-02'),
      sell('SPL', 15, 12, '2024-01-03'),
      sell('OTH', 6, 12, '2024-01-03'),
      sell('SPL', 20, 12, '2024-01-04'),
    ];
    const at = (k: number) => lots[k]!.source.line;
    let error: unknown;
    try {
      buildReport(input(lots, [quote('SPL', 'USD', 10, 10), quote('OTH', 'USD', 10, 10)], [split, other]));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).lines()).toEqual([
      `h.csv:${at(2)}: shares "15": sells 15 SPL on 2024-01-03 but only 10 are held on that date (after splits)`,
      `h.csv:${at(3)}: shares "6": sells 6 OTH on 2024-01-03 but only 5 are held on that date (after splits)`,
      `h.csv:${at(4)}: shares "20": sells 20 SPL on 2024-01-04 but only 10 are held on that date (after splits)`,
    ]);
  });

  it("Yahoo's 2:1 split before the sale makes 20 shares to sell from", () => {
    const h = { ...split, splits: [{ date: '2024-01-03', ratio: 2 }] };
    const lots = [buy('SPL', 10, 20, '2024-01-02'), sell('SPL', 15, 12, '2024-01-04')];
    const r = buildReport(input(lots, [quote('SPL', 'USD', 10, 10)], [h]));
    // 20 shares at 10 each (cost 200): sold 15 -> cost 150, proceeds 180, gain 30; 5 left, cost 50.
    expect(r.summary.realizedGain).toBeCloseTo(30, 10);
    expect(r.holdings[0]?.shares).toBe(5);
    expect(r.summary.costBasis).toBeCloseTo(50, 10);
  });

  it("a file split on Yahoo's date replaces Yahoo's (3:1 wrong, 2:1 right); on another date it adds", () => {
    const h = { ...split, splits: [{ date: '2024-01-03', ratio: 3 }] };
    const fileSplit: Lot = splitRow('SPL', 2, '2024-01-03');
    const r = buildReport(
      input([buy('SPL', 10, 20, '2024-01-02'), fileSplit], [quote('SPL', 'USD', 10, 10)], [h]),
    );
    expect(r.holdings[0]?.shares).toBe(20);
    expect(r.notes.join('\n')).toMatch(/split 2:1 on 2024-01-03 from the file replaces Yahoo's 3:1/);
    const added = buildReport(
      input([buy('SPL', 10, 20, '2024-01-02'), fileSplit], [quote('SPL', 'USD', 10, 10)], [split]),
    );
    expect(added.holdings[0]?.shares).toBe(20);
  });

  it('a file of only buys has no realized rows, no closed positions, zero realized gain and income', () => {
    const r = buildReport(input([buy('AAA', 10, 9.5, '2024-01-02')], [aaaQuote], [aaa]));
    expect(r.realized).toEqual([]);
    expect(r.closedPositions).toEqual([]);
    expect(r.summary.realizedGain).toBe(0);
    expect(r.summary.income).toBe(0);
    // value 10 x 14 = 140, cost 95; TWR = 140/95 - 1 (first day from the purchase price)
    expect(r.summary.unrealizedGain).toBeCloseTo(45, 10);
    expect(r.summary.twr).toBeCloseTo(140 / 95 - 1, 12);
  });
});

describe('runLedger', () => {
  it.each([
    // buys 10 @ cost 100, 10 @ cost 200; sell 5 then 10.
    // fifo: 5 x 10 = 50; then 5 x 10 + 5 x 20 = 150. Left 5 of lot 2: 100.
    ['fifo', [50, 150], [0, 100]],
    // average: pool 20 / 300 (15 each): 75; then 150. Left 5 x 15 = 75.
    ['average', [75, 150], [0, 75]],
  ] as const)('%s', (method, costs, left) => {
    const r = runLedger(
      [
        { kind: 'buy', key: 0, shares: 10, cost: 100 },
        { kind: 'buy', key: 1, shares: 10, cost: 200 },
        { kind: 'sell', key: 0, shares: 5 },
        { kind: 'sell', key: 1, shares: 10 },
      ],
      method,
    );
    expect([...r.sells.values()].map((s) => s.costBasis)).toEqual(costs);
    expect([r.remaining.get(0)?.cost, r.remaining.get(1)?.cost]).toEqual(left);
    expect(r.oversold).toEqual([]);
  });

  it('a lot without a cost makes the sale that takes from it unknown (fifo)', () => {
    const r = runLedger(
      [
        { kind: 'buy', key: 0, shares: 10, cost: null },
        { kind: 'buy', key: 1, shares: 10, cost: 200 },
        { kind: 'sell', key: 0, shares: 12 },
      ],
      'fifo',
    );
    expect(r.sells.get(0)?.costBasis).toBeNull();
    expect(r.remaining.get(1)).toEqual({ shares: 8, cost: 160 });
  });
});

describe('same cash flows: the ETF never sells more units than it holds', () => {
  // AAA: 10 bought at 10 on 2023-01-03 (cost 100), closes 10 -> 30 -> 31; 5 sold at 30 on 2023-07-03
  // (proceeds 150). SPY adjusted closes 100 on 2023-01-03, 110 on 2023-07-03, 120 on 2024-01-02.
  // ETF: 100 / 100 = 1 unit; the sale wants 150 / 110 = 1.36 units > 1, so it sells the 1 unit for 110.
  const aaa = history('AAA', 'USD', [
    ['2022-12-30', 9.5],
    ['2023-01-03', 10],
    ['2023-07-03', 30],
    ['2024-01-02', 31],
  ]);
  const spy = history('SPY', 'USD', [
    ['2022-12-30', 99],
    ['2023-01-03', 100],
    ['2023-07-03', 110],
    ['2024-01-02', 120],
  ]);
  const lots = [buy('AAA', 10, 10, '2023-01-03'), sell('AAA', 5, 30, '2023-07-03')];
  const r = buildReport(
    input(lots, [quote('AAA', 'USD', 31, 30), quote('SPY', 'USD', 120, 119)], [aaa, spy], {
      benchmarks: ['SPY'],
    }),
  );
  const scf = r.benchmarks[0]?.sameCashFlows;

  it('sells all remaining units: value 0 (not 1 - 150/110 = -0.36 units x 120), proceeds 110', () => {
    expect(scf?.value).toBe(0);
    // gain = ETF value 0 + ETF proceeds 110 - cost 100
    expect(scf?.gain).toBeCloseTo(10, 10);
    expect(scf?.gainPct).toBeCloseTo(0.1, 12);
    // the portfolio still holds 5 x 31 = 155
    expect(scf?.vsPortfolio.value).toBeCloseTo(155, 10);
  });
  it('the ETF XIRR uses its own proceeds: 100 grows to 110 in 181 days', () => {
    const expected = Math.pow(1.1, 365 / 181) - 1;
    expect(scf?.xirr).toBeCloseTo(expected, 8);
    expect(
      npv(expected, [
        ['2023-01-03', -100],
        ['2023-07-03', 110],
        ['2024-01-02', 0],
      ]),
    ).toBeCloseTo(0, 9);
  });
  it('says so in the conventions', () => {
    expect(r.conventions.join('\n')).toMatch(
      /sells all its remaining units instead .*units never go below zero/,
    );
  });
});
