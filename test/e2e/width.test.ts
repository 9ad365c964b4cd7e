// --width N: no line of the table report is wider than N columns, in any section (summary, By
// portfolio, holdings with lots, realized gains by year, returns, ETF comparison, charts, notes); and
// with --lots at 80 columns the Day % column and each lot's whole account stay.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { displayWidth } from '../../src/render/sanitize.js';
import { SAMPLE_CSV, cleanupTempDirs, pool, tempDir } from './helpers.js';
import { ROOT, runFolio, type RunResult } from '../support/cli.js';
import { startSim } from '../support/simulator.js';

const TRANSACTIONS = path.join(ROOT, 'fixtures', 'transactions-sample.csv');
const WIDTHS = [60, 80, 120];
let sim: Simulator;
const runs = new Map<string, RunResult>();

const cases = WIDTHS.flatMap((w) => [
  { name: `sample --lots at ${w}`, width: w, args: ['report', SAMPLE_CSV, '--lots', '--width', String(w)] },
  {
    name: `combined --lots --by-year at ${w}`,
    width: w,
    args: ['report', SAMPLE_CSV, TRANSACTIONS, '--combine', '--lots', '--by-year', '--width', String(w)],
  },
]);

beforeAll(async () => {
  sim = await startSim();
  const dir = tempDir();
  await runFolio(['cache', 'warm', SAMPLE_CSV, TRANSACTIONS, '--quiet'], { dir, sim });
  const results = await pool(cases, 2, (c) => runFolio(c.args, { dir, sim }));
  cases.forEach((c, i) => runs.set(c.name, results[i]!));
}, 180_000);

afterAll(async () => {
  await sim.close();
  cleanupTempDirs();
});

describe('--width', () => {
  it.each(cases)('$name: every line fits', ({ name, width }) => {
    const res = runs.get(name)!;
    expect(res.code).toBe(0);
    for (const section of ['Summary', 'Holdings (values in USD)', 'Returns and risk', 'Charts'])
      expect(res.stdout, section).toContain(`\n${section}\n`);
    if (name.startsWith('combined')) expect(res.stdout).toContain('\nBy portfolio (USD)\n');
    const wide = res.stdout.split('\n').filter((line) => displayWidth(line) > width);
    expect(wide).toEqual([]);
  });

  it('--lots at 80 columns keeps Day % and every lot account whole', () => {
    const out = runs.get('sample --lots at 80')!.stdout;
    const table = out.slice(out.indexOf('Holdings (values in USD)'));
    expect(table.split('\n')[1]).toMatch(/\bDay %/);
    // The sample's lots: 2024-12-02 in Brokerage, 2016-02-08 in the IRA, 2017-06-12 in the ISA.
    expect(table).toMatch(/└ 2024-12-02 Brokerage\s/);
    expect(table).toMatch(/└ 2016-02-08 IRA\s/);
    expect(table).toMatch(/└ 2017-06-12 ISA\s/);
    expect(table).not.toMatch(/└ \d{4}-\d{2}-\d{2}…/);
  });
});
