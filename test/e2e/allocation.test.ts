// Allocation and rebalancing through the built CLI against the simulator. Every figure is checked
// against a second computation written here: each holding's value = shares x the simulator's close x
// the FX close (VOD.L in pence: GBPUSD / 100), grouped by what the file and the instruments say.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { simBars } from '../../src/sim/index.js';
import { cleanupTempDirs, pool, tempDir, writeHoldings } from './helpers.js';
import { runFolio, type RunResult } from '../support/cli.js';
import { SIM_TODAY, startSim } from '../support/simulator.js';

const HOLDINGS = `symbol,shares,cost,date,account,class
VTI,40,300,2026-01-05,IRA,US stocks
MSFT,20,400,2026-01-05,Brokerage,US stocks
MSFT,10,400,2026-02-02,IRA,
BND,60,75,2026-01-05,IRA,Bonds
AGG,30,100,2026-01-05,IRA,Bonds
VOD.L,3000,90,2026-01-05,ISA,International
SAP.DE,15,200,2026-01-05,Brokerage,International
`;
const TARGETS = 'group,target\nclass:US stocks,0.5\nclass:Bonds,0.3\nclass:International,0.2\n';
const CLASS: Record<string, string> = {
  VTI: 'US stocks',
  MSFT: 'US stocks',
  BND: 'Bonds',
  AGG: 'Bonds',
  'VOD.L': 'International',
  'SAP.DE': 'International',
};
const TARGET: Record<string, number> = { 'US stocks': 0.5, Bonds: 0.3, International: 0.2 };

function close(symbol: string): number {
  const b = simBars(symbol, SIM_TODAY, SIM_TODAY, { today: SIM_TODAY })[0];
  if (b === undefined) throw new Error(`no sim bar for ${symbol}`);
  return b.close;
}
/** Base (USD) value of one share. */
function unitValue(symbol: string): number {
  if (symbol === 'VOD.L') return (close('VOD.L') * close('GBPUSD=X')) / 100;
  if (symbol === 'SAP.DE') return close('SAP.DE') * close('EURUSD=X');
  return close(symbol);
}
const SHARES: Record<string, number> = { VTI: 40, MSFT: 30, BND: 60, AGG: 30, 'VOD.L': 3000, 'SAP.DE': 15 };
const value = (s: string) => SHARES[s]! * unitValue(s);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const TOTAL = () => sum(Object.keys(SHARES).map(value));
const classValue = (c: string) =>
  sum(
    Object.keys(CLASS)
      .filter((s) => CLASS[s] === c)
      .map(value),
  );

interface Slice {
  name: string;
  value: number | null;
  weight: number | null;
}
interface Trade {
  symbol: string;
  group: string;
  shares: number;
  price: number;
  currency: string;
  amount: number;
  amountBase: number;
}
interface Plan {
  schemaVersion: number;
  baseCurrency: string;
  total: number;
  cash: number;
  trades: Trade[];
  groups: {
    group: string;
    target: number;
    before: number;
    after: number;
    driftBefore: number;
    driftAfter: number;
  }[];
}

/** A JSON holdings file in EUR carrying its own targets, by currency. */
const EUR_JSON = `{
  "baseCurrency": "EUR",
  "holdings": [
    { "symbol": "VTI", "shares": 10, "account": "IRA" },
    { "symbol": "VOD.L", "shares": 1000, "account": "ISA" }
  ],
  "targets": { "currency:USD": 0.4, "currency:GBP": 0.6 }
}
`;

let sim: Simulator;
const runs: Record<string, RunResult> = {};

beforeAll(async () => {
  sim = await startSim();
  const dir = tempDir();
  const file = writeHoldings(dir, 'alloc.csv', HOLDINGS);
  const targets = writeHoldings(dir, 'targets.csv', TARGETS);
  const bad = writeHoldings(
    dir,
    'bad.csv',
    'group,target\nclass:US stocks,0.5\nclass:Bonds,0.3\nclass:International,0.1\n',
  );
  const typo = writeHoldings(
    dir,
    'typo.csv',
    'class:US stocks,0.5\nclass:Bondz,0.3\nclass:International,0.2\n',
  );
  const disagree = writeHoldings(dir, 'disagree.csv', `${HOLDINGS}VTI,1,300,2026-03-02,IRA,Bonds\n`);
  const cases: [string, string[]][] = [
    ['report', ['report', file, '--format', 'json', '--benchmarks', 'SPY', '--targets', targets]],
    ['sell', ['rebalance', file, '--targets', targets, '--cash', '5000', '--format', 'json']],
    ['noSell', ['rebalance', file, '--targets', targets, '--cash', '5000', '--no-sell', '--format', 'json']],
    [
      'whole',
      ['rebalance', file, '--targets', targets, '--cash', '5000', '--whole-shares', '--format', 'json'],
    ],
    [
      'wholeNoSell',
      [
        'rebalance',
        file,
        '--targets',
        targets,
        '--cash',
        '5000',
        '--no-sell',
        '--whole-shares',
        '--format',
        'json',
      ],
    ],
    [
      'failIf',
      [
        'report',
        file,
        '--format',
        'json',
        '--benchmarks',
        'SPY',
        '--targets',
        targets,
        '--fail-if',
        'drift>0.05',
      ],
    ],
    ['badSum', ['rebalance', file, '--targets', bad]],
    ['typo', ['report', file, '--targets', typo]],
    ['disagree', ['report', disagree]],
    ['noTargets', ['rebalance', file]],
    ['table', ['rebalance', file, '--targets', targets, '--cash', '5000']],
    ['jsonTargets', ['rebalance', writeHoldings(dir, 'eur.json', EUR_JSON), '--format', 'json']],
    ['many', ['report', path.join(dir, 'eur.json'), file, '--format', 'json', '--benchmarks', 'SPY']],
    ['driftNoTargets', ['report', file, '--fail-if', 'drift>0.05']],
  ];
  const results = await pool(cases, 2, ([, args]) => runFolio(args, { dir, sim }));
  cases.forEach(([name], i) => (runs[name] = results[i]!));
}, 120_000);

afterAll(async () => {
  await sim.close();
  cleanupTempDirs();
});

describe('report allocation (values from the simulator, grouped here)', () => {
  const doc = () =>
    JSON.parse(runs.report!.stdout) as {
      allocation: Record<string, Slice[]>;
      targets: {
        groups: {
          group: string;
          target: number;
          weight: number;
          drift: number;
          driftValue: number;
          flagged: boolean;
        }[];
      };
      summary: { drift: number };
    };
  const check = (slices: Slice[], expected: Record<string, number>) => {
    const total = TOTAL();
    expect(Object.fromEntries(slices.map((s) => [s.name, s.value]))).toEqual(
      Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, expect.closeTo(v, 6)])),
    );
    for (const s of slices) expect(s.weight).toBeCloseTo(s.value! / total, 9);
    expect(sum(slices.map((s) => s.weight!))).toBeCloseTo(1, 9);
    // Sorted by value, largest first.
    expect(slices.map((s) => s.value)).toEqual([...slices.map((s) => s.value)].sort((a, b) => b! - a!));
  };
  it('exits 0', () => expect(runs.report!.code, runs.report!.stderr).toBe(0));
  it('by class', () =>
    check(doc().allocation.byClass!, {
      'US stocks': classValue('US stocks'),
      Bonds: classValue('Bonds'),
      International: classValue('International'),
    }));
  it('by type (the simulator calls VTI, BND and AGG ETFs)', () =>
    check(doc().allocation.byType!, {
      ETF: value('VTI') + value('BND') + value('AGG'),
      stock: value('MSFT') + value('VOD.L') + value('SAP.DE'),
    }));
  it('by currency (pence count as pounds)', () =>
    check(doc().allocation.byCurrency!, {
      USD: value('VTI') + value('MSFT') + value('BND') + value('AGG'),
      GBP: value('VOD.L'),
      EUR: value('SAP.DE'),
    }));
  it('by account (MSFT split 20 Brokerage / 10 IRA)', () =>
    check(doc().allocation.byAccount!, {
      IRA: value('VTI') + (value('MSFT') * 10) / 30 + value('BND') + value('AGG'),
      Brokerage: (value('MSFT') * 20) / 30 + value('SAP.DE'),
      ISA: value('VOD.L'),
    }));
  it('by country of listing', () =>
    check(doc().allocation.byRegion!, {
      'United States': value('VTI') + value('MSFT') + value('BND') + value('AGG'),
      'United Kingdom': value('VOD.L'),
      Germany: value('SAP.DE'),
    }));
  it('targets: weight, drift and money per group', () => {
    const total = TOTAL();
    for (const g of doc().targets.groups) {
      const c = g.group.replace('class:', '');
      expect(g.target).toBe(TARGET[c]);
      expect(g.weight).toBeCloseTo(classValue(c) / total, 9);
      expect(g.drift).toBeCloseTo(classValue(c) / total - TARGET[c]!, 9);
      expect(g.driftValue).toBeCloseTo((classValue(c) / total - TARGET[c]!) * total, 6);
      expect(g.flagged).toBe(Math.abs(g.drift) > 0.05);
    }
    expect(doc().summary.drift).toBeCloseTo(
      Math.max(...doc().targets.groups.map((g) => Math.abs(g.drift))),
      12,
    );
  });
  it("--fail-if 'drift>0.05' exits 5 when a group drifts more", () => {
    const maxDrift = Math.max(
      ...Object.keys(TARGET).map((c) => Math.abs(classValue(c) / TOTAL() - TARGET[c]!)),
    );
    expect(maxDrift).toBeGreaterThan(0.05); // the portfolio is built so
    expect(runs.failIf!.code).toBe(5);
    expect(runs.failIf!.stderr).toContain('--fail-if: drift>0.05');
  });
});

/** Checks shared by every mode: amounts, FX, totals, groups before and after, from our own values. */
function checkPlan(plan: Plan, cashLeft: (p: Plan) => void) {
  const total = TOTAL() + 5000;
  expect(plan.total).toBeCloseTo(total, 6);
  for (const t of plan.trades) {
    expect(t.group).toBe(`class:${CLASS[t.symbol]}`);
    expect(t.price).toBeCloseTo(close(t.symbol), 9);
    expect(t.amount).toBeCloseTo(t.shares * t.price, 6);
    expect(t.amountBase).toBeCloseTo(t.shares * unitValue(t.symbol), 6);
  }
  expect(plan.trades.find((t) => t.symbol === 'VOD.L')!.currency).toBe('GBp');
  cashLeft(plan);
  const invested = total - plan.cash;
  for (const g of plan.groups) {
    const c = g.group.replace('class:', '');
    const after =
      classValue(c) + sum(plan.trades.filter((t) => CLASS[t.symbol] === c).map((t) => t.amountBase));
    expect(g.before).toBeCloseTo(classValue(c) / TOTAL(), 9);
    expect(g.after).toBeCloseTo(after / invested, 9);
    expect(g.driftAfter).toBeCloseTo(after / invested - TARGET[c]!, 9);
  }
}

describe('folio rebalance --format json', () => {
  const plan = (name: string) => {
    expect(runs[name]!.code, runs[name]!.stderr).toBe(0);
    return JSON.parse(runs[name]!.stdout) as Plan;
  };
  it('sells allowed: every group at its target, the trades add up to the cash, shared by value', () => {
    const p = plan('sell');
    checkPlan(p, (x) => expect(x.cash).toBeCloseTo(0, 9));
    for (const g of p.groups) expect(g.after).toBeCloseTo(g.target, 9);
    expect(sum(p.trades.map((t) => t.amountBase))).toBeCloseTo(5000, 6);
    // Within a group, each holding's trade over its value is the same.
    for (const c of Object.keys(TARGET)) {
      const ratios = p.trades.filter((t) => CLASS[t.symbol] === c).map((t) => t.amountBase / value(t.symbol));
      for (const r of ratios) expect(r).toBeCloseTo(ratios[0]!, 9);
    }
  });
  it('no sells: only buys, all the cash, each in a group below target, the largest drift no larger', () => {
    const p = plan('noSell');
    checkPlan(p, (x) => expect(x.cash).toBeCloseTo(0, 9));
    expect(sum(p.trades.map((t) => t.amountBase))).toBeCloseTo(5000, 6);
    const total = TOTAL() + 5000;
    for (const t of p.trades) {
      expect(t.shares).toBeGreaterThanOrEqual(0);
      if (t.shares > 0) {
        // Below target against value + cash, and (this portfolio allows it) already today.
        expect(classValue(CLASS[t.symbol]!)).toBeLessThan(TARGET[CLASS[t.symbol]!]! * total);
        expect(classValue(CLASS[t.symbol]!) / TOTAL()).toBeLessThan(TARGET[CLASS[t.symbol]!]!);
      }
    }
    const largest = (k: 'driftBefore' | 'driftAfter') => Math.max(...p.groups.map((g) => Math.abs(g[k])));
    expect(largest('driftAfter')).toBeLessThanOrEqual(largest('driftBefore') + 1e-12);
  });
  it.each(['whole', 'wholeNoSell'])('%s: whole shares, no buy beyond the cash, the rest shown', (name) => {
    const p = plan(name);
    checkPlan(p, (x) => {
      expect(x.cash).toBeGreaterThanOrEqual(0);
      expect(x.cash).toBeCloseTo(5000 - sum(x.trades.map((t) => t.amountBase)), 6);
    });
    for (const t of p.trades) {
      expect(Number.isInteger(t.shares)).toBe(true);
      expect(-t.shares).toBeLessThanOrEqual(SHARES[t.symbol]!);
      if (name === 'wholeNoSell') expect(t.shares).toBeGreaterThanOrEqual(0);
    }
    // Not a share of any group below target is left affordable... unless the cash is below every price.
    expect(p.cash).toBeLessThan(Math.max(...Object.keys(SHARES).map(unitValue)));
  });
  it('the table states the rules and the cash left', () => {
    expect(runs.table!.code).toBe(0);
    expect(runs.table!.stdout).toContain('Trades');
    expect(runs.table!.stdout).toContain('cash left after the trades 0.00 USD');
    expect(runs.table!.stdout).toContain(
      'Sells allowed: after the trades every group weighs exactly its target',
    );
  });
});

describe('targets from a JSON holdings file, base EUR', () => {
  it('sells USD and buys pence shares until each currency is at its target', () => {
    expect(runs.jsonTargets!.code, runs.jsonTargets!.stderr).toBe(0);
    const p = JSON.parse(runs.jsonTargets!.stdout) as Plan;
    expect(p.baseCurrency).toBe('EUR');
    const vti = 10 * close('VTI') * close('USDEUR=X');
    const vodUnit = (close('VOD.L') * close('GBPEUR=X')) / 100;
    const total = vti + 1000 * vodUnit;
    expect(p.total).toBeCloseTo(total, 6);
    const trade = (s: string) => p.trades.find((t) => t.symbol === s)!;
    expect(trade('VTI').amountBase).toBeCloseTo(0.4 * total - vti, 6);
    expect(trade('VOD.L').shares).toBeCloseTo((0.6 * total - 1000 * vodUnit) / vodUnit, 6);
    expect(trade('VOD.L').amount).toBeCloseTo(trade('VOD.L').shares * close('VOD.L'), 6);
    expect(p.groups.map((g) => [g.group, g.after])).toEqual([
      ['currency:USD', expect.closeTo(0.4, 9)],
      ['currency:GBP', expect.closeTo(0.6, 9)],
    ]);
  });
});

describe('bad targets and classes', () => {
  it('targets that do not sum to 1: exit 2 naming file and line', () => {
    expect(runs.badSum!.code).toBe(2);
    expect(runs.badSum!.stderr).toMatch(/bad\.csv:4: targets sum to 0\.9, not 1/);
  });
  it('a group the holdings do not have: exit 2 naming file and line, before any price', () => {
    expect(runs.typo!.code).toBe(2);
    expect(runs.typo!.stderr).toMatch(/typo\.csv:2: group class:Bondz matches no holding/);
  });
  it('rows of one symbol with two classes: exit 3 naming the line', () => {
    expect(runs.disagree!.code).toBe(3);
    expect(runs.disagree!.stderr).toMatch(
      /disagree\.csv:9: class "Bonds": disagrees with class "US stocks" given to VTI on line 2/,
    );
  });
  it('several files: a JSON file keeps its own targets; drift without any targets is a usage error', () => {
    expect(runs.many!.code, runs.many!.stderr).toBe(0);
    const doc = JSON.parse(runs.many!.stdout) as {
      reports: { report: { targets?: { dimension: string } } }[];
    };
    expect(doc.reports[0]!.report.targets?.dimension).toBe('currency');
    expect(doc.reports[1]!.report.targets).toBeUndefined();
    expect(runs.driftNoTargets!.code).toBe(2);
    expect(runs.driftNoTargets!.stderr).toContain('drift needs targets');
  });
  it('rebalance without targets: exit 2', () => {
    expect(runs.noTargets!.code).toBe(2);
    expect(runs.noTargets!.stderr).toContain('rebalance needs targets');
  });
});
