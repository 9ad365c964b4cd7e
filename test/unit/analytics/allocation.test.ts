// Breakdowns worked out by hand on a small portfolio in three currencies (base USD, GBPUSD 1.25,
// EURUSD 1.10; VOD.L priced in pence, so one GBp is 0.0125 USD):
//   VTI    10 x 200 USD                 = 2000  US stocks  ETF    IRA
//   VOD.L  1000 x 80 GBp x 0.0125       = 1000  UK stocks  stock  ISA
//   SAP.DE 5 x 120 EUR x 1.10           =  660  EU stocks  stock  Brokerage
//   BND    20 x 70 USD                  = 1400  Bonds      ETF    IRA
//   AAPL   (3 IRA + 2 Brokerage) x 188  =  940  (no class) stock  IRA 564, Brokerage 376
//   XYZ    no price                             Bonds      stock  Brokerage
//   GLDX   no price                             Gold       ETF    IRA
// Priced total 6000.
import { describe, expect, it } from 'vitest';
import {
  allocation,
  instrumentType,
  listingCountry,
  targetDrift,
  type PricedHolding,
} from '../../../src/analytics/allocation.js';

function holding(
  symbol: string,
  cls: string | null,
  type: string,
  currency: string,
  region: string,
  price: number | null,
  fx: number | null,
  accounts: [string | null, number][],
): PricedHolding {
  const priced = price !== null && fx !== null;
  const shares = accounts.reduce((s, [, n]) => s + n, 0);
  return {
    symbol,
    class: cls,
    type,
    currency,
    region,
    shares,
    price,
    fx,
    valueBase: priced ? shares * price * fx : null,
    accounts: accounts.map(([account, n]) => ({
      account,
      shares: n,
      valueBase: priced ? n * price * fx : null,
    })),
  };
}

export const PORTFOLIO: PricedHolding[] = [
  holding('VTI', 'US stocks', 'ETF', 'USD', 'United States', 200, 1, [['IRA', 10]]),
  holding('VOD.L', 'UK stocks', 'stock', 'GBp', 'United Kingdom', 80, 0.0125, [['ISA', 1000]]),
  holding('SAP.DE', 'EU stocks', 'stock', 'EUR', 'Germany', 120, 1.1, [['Brokerage', 5]]),
  holding('BND', 'Bonds', 'ETF', 'USD', 'United States', 70, 1, [['IRA', 20]]),
  holding('AAPL', null, 'stock', 'USD', 'United States', 188, 1, [
    ['IRA', 3],
    ['Brokerage', 2],
  ]),
  holding('XYZ', 'Bonds', 'stock', 'USD', 'United States', null, null, [['Brokerage', 4]]),
  holding('GLDX', 'Gold', 'ETF', 'USD', 'United States', null, null, [['IRA', 1]]),
];

type Row = [string, number | null, number | null];

function expectSlices(
  actual: { name: string; value: number | null; weight: number | null }[],
  expected: Row[],
) {
  expect(actual.map((s) => s.name)).toEqual(expected.map((r) => r[0]));
  actual.forEach((s, i) => {
    const [, value, weight] = expected[i]!;
    if (value === null) expect(s.value).toBeNull();
    else expect(s.value).toBeCloseTo(value, 9);
    if (weight === null) expect(s.weight).toBeNull();
    else expect(s.weight).toBeCloseTo(weight, 9);
  });
  const weights = actual.flatMap((s) => (s.weight === null ? [] : [s.weight]));
  expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
}

describe('allocation breakdowns (by hand)', () => {
  const a = allocation(PORTFOLIO);
  it.each<[keyof typeof a, Row[]]>([
    [
      'byClass',
      [
        ['US stocks', 2000, 2000 / 6000],
        ['Bonds', 1400, 1400 / 6000], // XYZ has no price: Bonds is BND alone
        ['UK stocks', 1000, 1000 / 6000],
        ['unclassified', 940, 940 / 6000],
        ['EU stocks', 660, 660 / 6000],
        ['Gold', null, null], // no holding of it has a price
      ],
    ],
    [
      'byType',
      [
        ['ETF', 3400, 3400 / 6000],
        ['stock', 2600, 2600 / 6000],
      ],
    ],
    [
      'byCurrency', // pence count as pounds
      [
        ['USD', 4340, 4340 / 6000],
        ['GBP', 1000, 1000 / 6000],
        ['EUR', 660, 660 / 6000],
      ],
    ],
    [
      'byAccount', // AAPL split between its accounts: 3 x 188 and 2 x 188
      [
        ['IRA', 3964, 3964 / 6000],
        ['Brokerage', 1036, 1036 / 6000],
        ['ISA', 1000, 1000 / 6000],
      ],
    ],
    [
      'byRegion',
      [
        ['United States', 4340, 4340 / 6000],
        ['United Kingdom', 1000, 1000 / 6000],
        ['Germany', 660, 660 / 6000],
      ],
    ],
  ])('%s', (key, expected) => expectSlices(a[key], expected));

  it('a lot without an account counts under "no account"', () => {
    const b = allocation([holding('VTI', 'X', 'ETF', 'USD', 'United States', 10, 1, [[null, 3]])]);
    expectSlices(b.byAccount, [['no account', 30, 1]]);
  });
});

describe('instrument type and country of listing', () => {
  it.each([
    ['EQUITY', 'stock'],
    ['ETF', 'ETF'],
    ['MUTUALFUND', 'fund'],
    ['CRYPTOCURRENCY', 'crypto'],
    ['MONEYMARKET', 'money market'],
    ['WARRANT', 'warrant'],
    [undefined, 'unknown'],
  ])('%s is %s', (quoteType, name) => expect(instrumentType(quoteType)).toBe(name));

  it.each([
    ['VOD.L', undefined, 'United Kingdom'],
    ['SAP.DE', { exchangeName: 'XETRA', quoteType: 'EQUITY' }, 'Germany'],
    ['SHOP.TO', undefined, 'Canada'],
    ['7203.T', undefined, 'Japan'],
    ['AAPL', { exchangeName: 'NasdaqGS', quoteType: 'EQUITY' }, 'United States'],
    ['VTI', { exchangeName: 'NYSEArca', quoteType: 'ETF' }, 'United States'],
    ['BRK-B', { exchangeName: 'NYSE', quoteType: 'EQUITY' }, 'United States'],
    ['BTC-USD', { exchangeName: 'CCC', quoteType: 'CRYPTOCURRENCY' }, 'unknown'],
    ['AAPL', undefined, 'unknown'], // no quote, no suffix: the listing does not say
    ['XYZ.QQ', { exchangeName: 'Somewhere', quoteType: 'EQUITY' }, 'unknown'],
  ])('%s -> %s', (symbol, quote, country) => expect(listingCountry(symbol, quote)).toBe(country));
});

describe('drift from targets', () => {
  const targets = {
    file: 't.csv',
    dimension: 'currency' as const,
    targets: [
      { label: 'currency:USD', group: 'USD', target: 0.6, line: 1 },
      { label: 'currency:GBP', group: 'GBP', target: 0.3, line: 2 },
      { label: 'currency:EUR', group: 'EUR', target: 0.1, line: 3 },
    ],
  };
  it('weights, drift in points and money, flags beyond the band', () => {
    const d = targetDrift(PORTFOLIO, targets, 0.05);
    // USD 4340/6000 = 0.723333 (drift +0.123333, +740), GBP 1/6 (-0.133333, -800), EUR 0.11 (+0.01, +60)
    const expected: [string, number, number, number, boolean][] = [
      ['currency:USD', 0.6, 4340 / 6000, 740, true],
      ['currency:GBP', 0.3, 1000 / 6000, -800, true],
      ['currency:EUR', 0.1, 660 / 6000, 60, false],
    ];
    expect(d.groups.map((g) => g.group)).toEqual(expected.map((e) => e[0]));
    d.groups.forEach((g, i) => {
      const [, target, weight, money, flagged] = expected[i]!;
      expect(g.target).toBe(target);
      expect(g.weight).toBeCloseTo(weight, 9);
      expect(g.drift).toBeCloseTo(weight - target, 9);
      expect(g.driftValue).toBeCloseTo(money, 9);
      expect(g.flagged).toBe(flagged);
    });
    expect(d.maxDrift).toBeCloseTo(800 / 6000, 9);
  });
  it('a group the targets do not name has target 0', () => {
    const d = targetDrift(
      PORTFOLIO,
      { ...targets, targets: [{ label: 'currency:USD', group: 'USD', target: 1, line: 1 }] },
      0.05,
    );
    expect(d.groups.map((g) => [g.group, g.target])).toEqual([
      ['currency:USD', 1],
      ['currency:GBP', 0],
      ['currency:EUR', 0],
    ]);
    expect(d.groups[1]!.drift).toBeCloseTo(1000 / 6000, 9);
  });
});
