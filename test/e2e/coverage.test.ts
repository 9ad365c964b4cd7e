// A partial run through the built CLI: holdings without a price are named once with why ("no price
// available (...)", never "unknown or delisted" unless Yahoo says so), their value and weight are
// null, the totals cover the priced holdings and say so, and the exit code is 0, or 4 with --strict.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Simulator } from '../../src/sim/index.js';
import { cleanupTempDirs, tempDir, writeHoldings } from './helpers.js';
import { runFolio } from '../support/cli.js';
import { startSim } from '../support/simulator.js';

interface Doc {
  summary: {
    marketValue: number;
    coverage: { priced: number; total: number; missing: { symbol: string; reason: string }[] };
  };
  holdings: {
    symbol: string;
    price: number | null;
    shares: number;
    marketValue: number | null;
    weight: number | null;
  }[];
  warnings: string[];
}

let sim: Simulator;
let dir: string;
beforeAll(async () => {
  sim = await startSim();
  dir = tempDir();
  // The cache knows AAPL, MSFT and SAP.DE (the latter in a EUR report: no EURUSD=X), not NVDA.
  const warmUsd = writeHoldings(dir, 'warm.csv', 'symbol,shares\nAAPL,10\nMSFT,5\n');
  const warmEur = writeHoldings(dir, 'warm-eur.csv', 'symbol,shares\nSAP.DE,4\n');
  for (const [file, extra] of [
    [warmUsd, []],
    [warmEur, ['--currency', 'EUR']],
  ] as const) {
    const r = await runFolio(['cache', 'warm', file, ...extra], { dir, sim });
    expect(r.code, r.stderr).toBe(0);
  }
});
afterAll(async () => {
  await sim.close();
  cleanupTempDirs();
});

describe('offline with a symbol the cache does not hold', () => {
  const args = (file: string) => ['report', file, '--offline', '--format', 'json', '--benchmarks', 'SPY'];

  it('names it once as without a price, never as unknown; null value and weight; coverage; exit 0', async () => {
    const file = writeHoldings(dir, 'partial.csv', 'symbol,shares\nAAPL,10\nMSFT,5\nNVDA,3\n');
    const r = await runFolio(args(file), { dir, sim });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/unknown/);
    expect(r.stderr.split('\n').filter((l) => l.includes('NVDA'))).toEqual([
      'warning: NVDA: no price available (offline: not in the cache); excluded from totals',
    ]);
    const doc = JSON.parse(r.stdout) as Doc;
    const nvda = doc.holdings.find((h) => h.symbol === 'NVDA')!;
    expect(nvda).toMatchObject({ price: null, marketValue: null, weight: null });
    expect(doc.summary.coverage).toEqual({
      priced: 2,
      total: 3,
      missing: [{ symbol: 'NVDA', reason: 'offline: not in the cache' }],
    });
    // The total is the priced holdings' shares x price (USD, no FX), and their weights add up to 1.
    const priced = doc.holdings.filter((h) => h.symbol !== 'NVDA');
    const expected = priced.reduce((sum, h) => sum + h.shares * h.price!, 0);
    expect(doc.summary.marketValue).toBeCloseTo(expected, 6);
    expect(priced.reduce((sum, h) => sum + h.weight!, 0)).toBeCloseTo(1, 12);
  });

  it('--strict: exit 4, naming it', async () => {
    const file = writeHoldings(dir, 'partial-strict.csv', 'symbol,shares\nAAPL,10\nNVDA,3\n');
    const r = await runFolio([...args(file), '--strict'], { dir, sim });
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/--strict: .*NVDA/);
  });

  it('a holding priced but without its FX rate is missing too: exit 0, and 4 with --strict', async () => {
    const file = writeHoldings(dir, 'fx.csv', 'symbol,shares\nAAPL,10\nSAP.DE,4\n');
    const plain = await runFolio(args(file), { dir, sim });
    expect(plain.code, plain.stderr).toBe(0);
    const doc = JSON.parse(plain.stdout) as Doc;
    expect(doc.holdings.find((h) => h.symbol === 'SAP.DE')).toMatchObject({
      marketValue: null,
      weight: null,
    });
    expect(doc.summary.coverage.priced).toBe(1);
    expect(doc.summary.coverage.missing.map((m) => m.symbol)).toEqual(['SAP.DE']);
    const strict = await runFolio([...args(file), '--strict'], { dir, sim });
    expect(strict.code, strict.stderr).toBe(4);
    expect(strict.stderr).toMatch(/--strict: .*out of the totals: SAP\.DE/);
    // The report is still written.
    expect((JSON.parse(strict.stdout) as Doc).summary.coverage.priced).toBe(1);
  });

  it('the table says what the totals cover', async () => {
    const file = writeHoldings(dir, 'partial-table.csv', 'symbol,shares\nAAPL,10\nMSFT,5\nNVDA,3\n');
    const r = await runFolio(['report', file, '--offline', '--benchmarks', 'SPY', '--no-charts'], {
      dir,
      sim,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Value\s+[\d,.]+ USD \(2 of 3 holdings\)$/m);
    // The line wraps at the terminal width: read it as one.
    const start = r.stdout.indexOf('\nPrices');
    const summary = r.stdout.slice(start, r.stdout.indexOf('\n\n', start)).replace(/\s+/g, ' ');
    expect(summary).toMatch(
      /^ Prices 2 of 3 holdings, 1 missing \(offline: not in the cache: NVDA\); as of /,
    );
  });
});
