// The digest's comparison, checked against figures worked out by hand from the two states.
import { describe, expect, it } from 'vitest';
import { biggestMovers, buildDigest, digestSnapshotOf } from '../../../src/analytics/digest.js';
import type { ClosedPosition, HoldingRow, RealizedRow, Report } from '../../../src/analytics/model.js';
import type { DigestSnapshot, SplitEvent } from '../../../src/types.js';

interface Spec {
  asOf: string;
  holdings: [symbol: string, shares: number, value: number][];
  value?: number;
  currency?: string;
  warnings?: string[];
  realized?: Partial<RealizedRow>[];
  closed?: Partial<ClosedPosition>[];
}

/** A report with only what a digest reads filled in (the rest is never looked at). */
function report(spec: Spec): Report {
  const holdings = spec.holdings.map(
    ([symbol, shares, marketValue]) =>
      ({ symbol, name: `${symbol} Corp`, shares, marketValue }) as HoldingRow,
  );
  return {
    schemaVersion: 1,
    asOf: spec.asOf,
    baseCurrency: spec.currency ?? 'USD',
    summary: { marketValue: spec.value ?? spec.holdings.reduce((s, h) => s + h[2], 0) },
    holdings,
    warnings: spec.warnings ?? [],
    realized: (spec.realized ?? []).map((r) => ({ name: null, dividends: [], ...r }) as RealizedRow),
    closedPositions: (spec.closed ?? []).map((c) => ({ name: null, ...c }) as ClosedPosition),
  } as unknown as Report;
}

const snapshot = (spec: Spec): DigestSnapshot => digestSnapshotOf(report(spec));
const noSplits = new Map<string, SplitEvent[]>();

describe('buildDigest', () => {
  it('has nothing to compare on the first digest, and lists every warning as new', () => {
    const now = report({ asOf: '2026-11-27', holdings: [['AAA', 10, 1000]], warnings: ['w1'] });
    const d = buildDigest({ file: 'h.csv', before: undefined, now, splits: noSplits });
    expect(d.since).toBeNull();
    expect(d.change).toBeNull();
    expect(d.breakdown).toBeNull();
    expect(d.now).toEqual({ asOf: '2026-11-27', marketValue: 1000 });
    expect(d.movers).toEqual([]);
    expect(d.opened).toEqual([]);
    expect(d.warnings).toEqual(['w1']);
  });

  it('the change is now minus then; a sale shows as closed, a buy as opened, the rest as movers', () => {
    // Then: AAA 10 sh worth 6000.05, BBB 5 sh worth 4000.05 = 10000.10.
    // Now: AAA 10 sh worth 6100.00 (+99.95), BBB sold on 11-27, CCC bought: 2 sh worth 500 = 6600.
    const before = snapshot({
      asOf: '2026-11-26',
      holdings: [
        ['AAA', 10, 6000.05],
        ['BBB', 5, 4000.05],
      ],
      value: 10000.1,
    });
    const now = report({
      asOf: '2026-11-27',
      holdings: [
        ['AAA', 10, 6100],
        ['CCC', 2, 500],
      ],
      value: 6600,
      closed: [{ symbol: 'BBB', name: 'BBB Corp', closedOn: '2026-11-27', realizedGain: 123.45 }],
    });
    const d = buildDigest({ file: 'h.csv', before, now, splits: noSplits });
    expect(d.since).toEqual({ asOf: '2026-11-26', marketValue: 10000.1 });
    expect(d.change!.value).toBeCloseTo(-3400.1, 9);
    // 3400.10 / 10000.10 = 0.340006599934...
    expect(d.change!.pct!).toBeCloseTo(-0.3400065999340007, 12);
    expect(d.opened).toEqual([{ symbol: 'CCC', name: 'CCC Corp', shares: 2, marketValue: 500 }]);
    expect(d.closed).toEqual([
      {
        symbol: 'BBB',
        name: 'BBB Corp',
        shares: 5,
        marketValue: 4000.05,
        closedOn: '2026-11-27',
        realizedGain: 123.45,
      },
    ]);
    expect(d.changed).toEqual([]);
    // Of the -3,400.10: +99.95 from AAA's price, -3,500.05 from CCC bought (+500) and BBB sold (-4,000.05).
    expect(d.breakdown!.market).toBeCloseTo(99.95, 9);
    expect(d.breakdown!.positions).toBeCloseTo(-3500.05, 9);
    expect(d.movers).toHaveLength(1);
    expect(d.movers[0]!.symbol).toBe('AAA');
    expect(d.movers[0]!.changeValue).toBeCloseTo(99.95, 9);
    // 99.95 / 6000.05 = 0.0166581945150457...
    expect(d.movers[0]!.changePct!).toBeCloseTo(0.0166581945150457, 12);
  });

  it('the change is one subtraction of the two values, bit for bit', () => {
    const before = snapshot({ asOf: '2026-11-26', holdings: [['AAA', 1, 0.1]], value: 0.1 });
    const now = report({ asOf: '2026-11-27', holdings: [['AAA', 1, 0.3]], value: 0.3 });
    const d = buildDigest({ file: 'h.csv', before, now, splits: noSplits });
    expect(d.change!.value).toBe(0.3 - 0.1);
  });

  it('a position whose shares changed is listed, and moves by what the shares held then did', () => {
    // Then 10 sh worth 6000 (600 each); now 15 sh worth 9150 (610 each): the 10 gained 10 x 10 = 100.
    const before = snapshot({ asOf: '2026-11-26', holdings: [['AAA', 10, 6000]] });
    const now = report({ asOf: '2026-11-27', holdings: [['AAA', 15, 9150]] });
    const d = buildDigest({ file: 'h.csv', before, now, splits: noSplits });
    expect(d.changed).toEqual([{ symbol: 'AAA', name: 'AAA Corp', sharesThen: 10, sharesNow: 15 }]);
    expect(d.movers[0]!.changeValue).toBeCloseTo(100, 9);
    expect(d.movers[0]!.changePct!).toBeCloseTo(100 / 6000, 12);
    expect(d.change!.value).toBe(3150);
  });

  it('a split since the baseline is listed and does not count as a change of position', () => {
    // 10 sh at 600 = 6000; a 2:1 split on 11-27; now 20 sh at 310 = 6200: +200, no buy or sale.
    const before = snapshot({ asOf: '2026-11-26', holdings: [['AAA', 10, 6000]] });
    const now = report({ asOf: '2026-11-27', holdings: [['AAA', 20, 6200]] });
    const splits = new Map([
      [
        'AAA',
        [
          { date: '2020-08-31', ratio: 4 },
          { date: '2026-11-27', ratio: 2 },
        ],
      ],
    ]);
    const d = buildDigest({ file: 'h.csv', before, now, splits });
    expect(d.splits).toEqual([{ symbol: 'AAA', date: '2026-11-27', ratio: 2 }]);
    expect(d.changed).toEqual([]);
    expect(d.movers[0]!.changeValue).toBeCloseTo(200, 9);
  });

  it('lists the dividends dated after the baseline up to now, with their sum', () => {
    const before = snapshot({ asOf: '2026-11-20', holdings: [['AAA', 10, 6000]] });
    const now = report({
      asOf: '2026-11-27',
      holdings: [['AAA', 10, 6000]],
      realized: [
        {
          symbol: 'AAA',
          name: 'AAA Corp',
          dividends: [
            { date: '2026-11-20', line: 3, amount: 1, estimated: false }, // on the baseline: not since
            { date: '2026-11-21', line: 4, amount: 2.25, estimated: false },
            { date: '2026-11-27', line: 5, amount: 0.1, estimated: false },
            { date: '2026-11-30', line: 6, amount: 9, estimated: false }, // after now
          ],
        },
        {
          symbol: 'BBB',
          name: null,
          dividends: [{ date: '2026-11-24', line: null, amount: 0.2, estimated: true }],
        },
      ],
    });
    const d = buildDigest({ file: 'h.csv', before, now, splits: noSplits });
    expect(d.income.map((i) => [i.symbol, i.date, i.amount, i.estimated])).toEqual([
      ['AAA', '2026-11-21', 2.25, false],
      ['BBB', '2026-11-24', 0.2, true],
      ['AAA', '2026-11-27', 0.1, false],
    ]);
    expect(d.incomeTotal).toBeCloseTo(2.55, 12);
  });

  it('an unknown dividend amount leaves the total unknown', () => {
    const before = snapshot({ asOf: '2026-11-20', holdings: [['AAA', 10, 6000]] });
    const now = report({
      asOf: '2026-11-27',
      holdings: [['AAA', 10, 6000]],
      realized: [
        {
          symbol: 'AAA',
          dividends: [
            { date: '2026-11-21', line: 4, amount: null, estimated: false },
            { date: '2026-11-22', line: 5, amount: 1, estimated: false },
          ],
        },
      ],
    });
    expect(buildDigest({ file: 'h.csv', before, now, splits: noSplits }).incomeTotal).toBeNull();
  });

  it('lists only the warnings the baseline did not have', () => {
    const before = snapshot({ asOf: '2026-11-26', holdings: [['AAA', 1, 1]], warnings: ['old', 'gone'] });
    const now = report({ asOf: '2026-11-27', holdings: [['AAA', 1, 1]], warnings: ['old', 'new'] });
    expect(buildDigest({ file: 'h.csv', before, now, splits: noSplits }).warnings).toEqual(['new']);
  });

  it('does not compare across base currencies', () => {
    const before = snapshot({ asOf: '2026-11-26', holdings: [['AAA', 1, 1]], currency: 'EUR' });
    const now = report({ asOf: '2026-11-27', holdings: [['AAA', 1, 2]] });
    const d = buildDigest({ file: 'h.csv', before, now, splits: noSplits });
    expect(d.since).toBeNull();
    expect(d.change).toBeNull();
    expect(d.note).toBe('the previous digest was in EUR, this one is in USD');
  });

  it('a file edited to drop a symbol shows it closed without a sale date', () => {
    const before = snapshot({
      asOf: '2026-11-26',
      holdings: [
        ['AAA', 1, 100],
        ['BBB', 2, 50],
      ],
    });
    const now = report({ asOf: '2026-11-27', holdings: [['AAA', 1, 101]] });
    const d = buildDigest({ file: 'h.csv', before, now, splits: noSplits });
    expect(d.closed).toEqual([
      { symbol: 'BBB', name: null, shares: 2, marketValue: 50, closedOn: null, realizedGain: null },
    ]);
    expect(d.change!.value).toBe(101 - 150);
  });
});

describe('biggestMovers', () => {
  const mover = (symbol: string, changeValue: number, valueThen: number) => ({
    symbol,
    name: null,
    changeValue,
    changePct: changeValue / valueThen,
    valueThen,
    valueNow: valueThen + changeValue,
  });
  it('takes the biggest by money and by percent, money order, and leaves out what did not move', () => {
    const movers = [
      mover('BIG', -500, 100_000), // -0.5 %
      mover('MID', 300, 30_000), // +1 %
      mover('SMALL', 50, 100), // +50 %
      mover('FLAT', 0, 1000),
    ];
    expect(biggestMovers(movers, 1).map((m) => m.symbol)).toEqual(['BIG', 'SMALL']);
    expect(biggestMovers(movers, 2).map((m) => m.symbol)).toEqual(['BIG', 'MID', 'SMALL']);
  });
});
