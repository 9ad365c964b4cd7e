// The three rebalancing modes worked out by hand. Base USD; GBPUSD 1.25 so a pence share of VOD.L
// at 80 GBp is worth 1 USD; EURUSD 1.25 so SAP.DE at 160 EUR is worth 200 USD.
//   VTI    10 x 200 USD            = 2000  Stocks
//   VOD.L  1000 x 80 GBp x 0.0125  = 1000  Stocks
//   BND    10 x 100 USD            = 1000  Bonds
//   SAP.DE 5 x 160 EUR x 1.25      = 1000  Europe
// Value 5000: Stocks 0.6, Bonds 0.2, Europe 0.2. Targets: Stocks 0.5, Bonds 0.3, Europe 0.2.
import { describe, expect, it } from 'vitest';
import type { PricedHolding } from '../../../src/analytics/allocation.js';
import { noSellBuys, rebalance, type RebalancePlan } from '../../../src/analytics/rebalance.js';
import { PriceUnavailableError } from '../../../src/errors.js';
import type { AllocationTargets } from '../../../src/types.js';

function holding(
  symbol: string,
  cls: string,
  currency: string,
  price: number | null,
  fx: number | null,
  accounts: [string, number][],
): PricedHolding {
  const priced = price !== null && fx !== null;
  const shares = accounts.reduce((s, [, n]) => s + n, 0);
  return {
    symbol,
    class: cls,
    type: 'stock',
    currency,
    region: 'unknown',
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

const HOLDINGS = [
  holding('VTI', 'Stocks', 'USD', 200, 1, [['IRA', 10]]),
  holding('VOD.L', 'Stocks', 'GBp', 80, 0.0125, [['ISA', 1000]]),
  holding('BND', 'Bonds', 'USD', 100, 1, [['IRA', 10]]),
  holding('SAP.DE', 'Europe', 'EUR', 160, 1.25, [['ISA', 5]]),
];

function targets(dimension: AllocationTargets['dimension'], pairs: [string, number][]): AllocationTargets {
  return {
    file: 'targets.csv',
    dimension,
    targets: pairs.map(([group, target], i) => ({
      label: `${dimension}:${group}`,
      group,
      target,
      line: i + 1,
    })),
  };
}
const CLASS_TARGETS = targets('class', [
  ['Stocks', 0.5],
  ['Bonds', 0.3],
  ['Europe', 0.2],
]);

/** symbol -> [shares, amount in own currency, amount in USD] */
type Expected = Record<string, [number, number, number]>;

function check(
  plan: RebalancePlan,
  trades: Expected,
  groups: [string, number, number][],
  total: number,
  cash: number,
) {
  expect(plan.total).toBeCloseTo(total, 9);
  expect(plan.cash).toBeCloseTo(cash, 9);
  expect(plan.cash).toBeGreaterThanOrEqual(0);
  const got = Object.fromEntries(plan.trades.map((t) => [t.symbol, [t.shares, t.amount, t.amountBase]]));
  expect(Object.keys(got).sort()).toEqual(Object.keys(trades).sort());
  for (const [symbol, [shares, amount, base]] of Object.entries(trades)) {
    const [s, a, b] = got[symbol] as number[];
    expect(s, `${symbol} shares`).toBeCloseTo(shares, 9);
    expect(a, `${symbol} amount`).toBeCloseTo(amount, 9);
    expect(b, `${symbol} amountBase`).toBeCloseTo(base, 9);
  }
  expect(plan.groups.map((g) => g.group)).toEqual(groups.map((g) => g[0]));
  plan.groups.forEach((g, i) => {
    const [, before, after] = groups[i]!;
    expect(g.before, `${g.group} before`).toBeCloseTo(before, 9);
    expect(g.after, `${g.group} after`).toBeCloseTo(after, 9);
    expect(g.driftBefore).toBeCloseTo(before - g.target, 9);
    expect(g.driftAfter).toBeCloseTo(after - g.target, 9);
  });
  // The trades spend the cash, less what is left.
  expect(plan.trades.reduce((s, t) => s + t.amountBase, 0)).toBeCloseTo(plan.total - 5000 - plan.cash, 9);
}

describe('rebalance with sells, fractional shares', () => {
  it('cash 500: every group at target x 5500', () => {
    // Stocks 2750 (-250: VTI 2/3 of it, VOD.L 1/3), Bonds 1650 (+650), Europe 1100 (+100).
    check(
      rebalance({ holdings: HOLDINGS, targets: CLASS_TARGETS, cash: 500, noSell: false, wholeShares: false }),
      {
        VTI: [(-250 * (2 / 3)) / 200, -250 * (2 / 3), -250 * (2 / 3)],
        'VOD.L': [-250 / 3, (-250 / 3) * 80, -250 / 3], // pence: 83.33 shares x 80 GBp
        BND: [6.5, 650, 650],
        'SAP.DE': [0.5, 80, 100],
      },
      [
        ['class:Stocks', 0.6, 0.5],
        ['class:Bonds', 0.2, 0.3],
        ['class:Europe', 0.2, 0.2],
      ],
      5500,
      0,
    );
  });

  it('by account: a holding in two accounts trades in each', () => {
    // AAPL 5 IRA + 5 Taxable at 100, VTI 10 Taxable at 100: IRA 500, Taxable 1500 -> 0.5 / 0.5.
    const plan = rebalance({
      holdings: [
        holding('AAPL', 'x', 'USD', 100, 1, [
          ['IRA', 5],
          ['Taxable', 5],
        ]),
        holding('VTI', 'x', 'USD', 100, 1, [['Taxable', 10]]),
      ],
      targets: targets('account', [
        ['IRA', 0.5],
        ['Taxable', 0.5],
      ]),
      cash: 0,
      noSell: false,
      wholeShares: false,
    });
    expect(plan.trades.map((t) => [t.symbol, t.account, t.shares])).toEqual([
      ['AAPL', 'IRA', 5],
      ['AAPL', 'Taxable', expect.closeTo(-500 / 3 / 100, 9)],
      ['VTI', 'Taxable', expect.closeTo(-1000 / 3 / 100, 9)],
    ]);
    expect(plan.groups.map((g) => g.after)).toEqual([expect.closeTo(0.5, 9), expect.closeTo(0.5, 9)]);
  });

  it('a group the targets leave out (target 0) is sold', () => {
    const plan = rebalance({
      holdings: HOLDINGS,
      targets: targets('class', [
        ['Stocks', 0.8],
        ['Bonds', 0.2],
      ]),
      cash: 0,
      noSell: false,
      wholeShares: false,
    });
    expect(plan.trades.find((t) => t.symbol === 'SAP.DE')?.shares).toBeCloseTo(-5, 9);
    expect(plan.groups.map((g) => [g.group, g.target])).toEqual([
      ['class:Stocks', 0.8],
      ['class:Bonds', 0.2],
      ['class:Europe', 0],
    ]);
  });
});

describe('rebalance without sells (water-filling)', () => {
  it('cash 700: all of it to Bonds, the one group below target today', () => {
    // Weights today: Stocks 0.6, Bonds 0.2 (target 0.3), Europe 0.2 (at target). Bonds alone:
    // (0.3 + L) 5700 - 1000 = 700 gives L = -10/5700 <= 0, so Bonds takes all 700 (7 BND). The
    // largest drift after, Stocks 3000/5700 - 0.5 = 0.0263, is below today's 0.1.
    const plan = rebalance({
      holdings: HOLDINGS,
      targets: CLASS_TARGETS,
      cash: 700,
      noSell: true,
      wholeShares: false,
    });
    check(
      plan,
      { VTI: [0, 0, 0], 'VOD.L': [0, 0, 0], BND: [7, 700, 700], 'SAP.DE': [0, 0, 0] },
      [
        ['class:Stocks', 0.6, 3000 / 5700],
        ['class:Bonds', 0.2, 1700 / 5700],
        ['class:Europe', 0.2, 1000 / 5700],
      ],
      5700,
      0,
    );
    const maxBefore = Math.max(...plan.groups.map((g) => Math.abs(g.driftBefore)));
    const maxAfter = Math.max(...plan.groups.map((g) => Math.abs(g.driftAfter)));
    expect(maxAfter).toBeLessThanOrEqual(maxBefore);
    for (const t of plan.trades) expect(t.shares).toBeGreaterThanOrEqual(0);
  });

  it('more cash than the groups below target can take: every group fills to one drift', () => {
    // A 40 (target 0.5), B 60 (target 0.5), cash 30, total 130. A alone would pass its target
    // (0.5 x 130 - 40 = 25 < 30), so both fill to L = 0: A +25, B +5 (B is below 0.5 x 130 = 65).
    const buys = noSellBuys(
      [
        { target: 0.5, value: 40 },
        { target: 0.5, value: 60 },
      ],
      30,
      130,
    );
    expect(buys[0]).toBeCloseTo(25, 9);
    expect(buys[1]).toBeCloseTo(5, 9);
  });

  it('when buying only the groups below target would widen the largest drift, every group takes part', () => {
    // Five groups U (target 0.06, value 1 each: 0.05 under), B (0.5 at 50: at target), five C (0.04
    // at 9: 0.05 over); largest drift today 0.05. Cash 30, total 130. U alone: L = (30 + 5 - 0.3 x 130)
    // / (5 x 130) <= 0, but B would fall to 50/130 - 0.5 = -0.115. So B and U fill together to
    // L = (30 + 55 - 0.8 x 130) / (6 x 130) = -19/780: B +(0.5 - 19/780) 130 - 50 = 71/6, each U
    // +(0.06 - 19/780) 130 - 1 = 109/30; the C groups end at 9/130 - 0.04 = 0.029 < 0.05.
    const groups = [
      ...Array.from({ length: 5 }, () => ({ target: 0.06, value: 1 })),
      { target: 0.5, value: 50 },
      ...Array.from({ length: 5 }, () => ({ target: 0.04, value: 9 })),
    ];
    const buys = noSellBuys(groups, 30, 130);
    for (let k = 0; k < 5; k++) expect(buys[k]).toBeCloseTo(109 / 30, 9);
    expect(buys[5]).toBeCloseTo(71 / 6, 9);
    for (let k = 6; k < 11; k++) expect(buys[k]).toBe(0);
    expect(buys.reduce((a, b) => a + b, 0)).toBeCloseTo(30, 9);
  });

  it('cash 500: all of it to the most underweight group', () => {
    // Bonds alone: L = (500 + 1000 - 1650) / 5500; Bonds gets 500 (5 BND) before reaching Europe's drift.
    const plan = rebalance({
      holdings: HOLDINGS,
      targets: CLASS_TARGETS,
      cash: 500,
      noSell: true,
      wholeShares: false,
    });
    expect(plan.trades.filter((t) => t.shares !== 0).map((t) => [t.symbol, t.shares])).toEqual([
      ['BND', expect.closeTo(5, 9)],
    ]);
  });
});

describe('rebalance in whole shares', () => {
  it('with sells, cash 500: sells up, buys down, then the leftover on the most underweight', () => {
    // Fractional: VTI -0.833 -> -1, VOD.L -83.33 -> -84, BND 6.5 -> 6, SAP.DE 0.5 -> 0; left 184.
    // Deficits vs target x 5500: Europe 100 (a share costs 200: no), Bonds 50 -> +1 BND (left 84),
    // Stocks 34 -> +34 VOD.L (left 50); then only Europe is below target and 200 > 50.
    check(
      rebalance({ holdings: HOLDINGS, targets: CLASS_TARGETS, cash: 500, noSell: false, wholeShares: true }),
      { VTI: [-1, -200, -200], 'VOD.L': [-50, -4000, -50], BND: [7, 700, 700], 'SAP.DE': [0, 0, 0] },
      [
        ['class:Stocks', 0.6, 2750 / 5450],
        ['class:Bonds', 0.2, 1700 / 5450],
        ['class:Europe', 0.2, 1000 / 5450],
      ],
      5500,
      50,
    );
  });

  it('without sells, cash 700: 6 BND, then the 100 left buys a 7th', () => {
    check(
      rebalance({ holdings: HOLDINGS, targets: CLASS_TARGETS, cash: 700, noSell: true, wholeShares: true }),
      { VTI: [0, 0, 0], 'VOD.L': [0, 0, 0], BND: [7, 700, 700], 'SAP.DE': [0, 0, 0] },
      [
        ['class:Stocks', 0.6, 3000 / 5700],
        ['class:Bonds', 0.2, 1700 / 5700],
        ['class:Europe', 0.2, 1000 / 5700],
      ],
      5700,
      0,
    );
  });

  it('without sells, the cash left goes only to the groups the water-filling chose', () => {
    // A 600 (target 0.5), B 2 x 100 (0.3), C 200 x 1 (0.2, at target today); cash 50, total 1050.
    // B alone takes the 50 (L < 0): half a share, rounded down to none. C is below 0.2 x 1050 = 210
    // and a share costs 1, but it is at its target today: it gets nothing, and 50 is left.
    const plan = rebalance({
      holdings: [
        holding('A', 'A', 'USD', 100, 1, [['x', 6]]),
        holding('B', 'B', 'USD', 100, 1, [['x', 2]]),
        holding('C', 'C', 'USD', 1, 1, [['x', 200]]),
      ],
      targets: targets('class', [
        ['A', 0.5],
        ['B', 0.3],
        ['C', 0.2],
      ]),
      cash: 50,
      noSell: true,
      wholeShares: true,
    });
    expect(plan.trades.map((t) => t.shares)).toEqual([0, 0, 0]);
    expect(plan.cash).toBe(50);
  });

  it('cash too small for any share: nothing bought, all of it left', () => {
    const plan = rebalance({
      holdings: HOLDINGS,
      targets: CLASS_TARGETS,
      cash: 50,
      noSell: true,
      wholeShares: true,
    });
    expect(plan.trades.every((t) => t.shares === 0)).toBe(true);
    expect(plan.cash).toBe(50);
  });
});

describe('rebalance refuses', () => {
  it('a target group none of whose holdings has a price', () => {
    const holdings = [...HOLDINGS, holding('GLD', 'Gold', 'USD', null, null, [['IRA', 3]])];
    const t = targets('class', [
      ['Stocks', 0.5],
      ['Bonds', 0.2],
      ['Europe', 0.2],
      ['Gold', 0.1],
    ]);
    expect(() => rebalance({ holdings, targets: t, cash: 0, noSell: false, wholeShares: false })).toThrow(
      PriceUnavailableError,
    );
    expect(() => rebalance({ holdings, targets: t, cash: 0, noSell: false, wholeShares: false })).toThrow(
      /class:Gold.*GLD/,
    );
  });
});
