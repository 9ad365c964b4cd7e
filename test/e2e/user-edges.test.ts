// Edges a new user met: each case runs the built CLI the way the README says it works and asserts what
// the README says.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { displayWidth } from '../../src/render/sanitize.js';
import { SAMPLE_CSV, STACK_LINE, cleanupTempDirs, tempDir, writeHoldings } from './helpers.js';
import { runFolio } from '../support/cli.js';
import { startSim } from '../support/simulator.js';

const SMALL = 'symbol,shares,cost,currency,date\nAAPL,10,150,USD,2022-03-01\nMSFT,5,280,USD,2023-06-01\n';

let sim: Simulator;
let home: string;
let holdings: string;

beforeAll(async () => {
  sim = await startSim();
  home = tempDir();
  holdings = writeHoldings(home, 'small.csv', SMALL);
});

afterAll(async () => {
  await sim.close();
  cleanupTempDirs();
});

describe('--fail-if weight.<SYMBOL> of a symbol in no holdings file', () => {
  // README (CI): "A weight.<SYMBOL> whose symbol is in none of the holdings files is a usage error
  // (exit 2) before any price is fetched"; digest takes --fail-if "as in report".
  it.each([['report'], ['digest']])('%s: exit 2 naming the symbol, no request sent', async (command) => {
    const before = sim.counters.total;
    const res = await runFolio([command, holdings, '--fail-if', 'weight.TSLA>0.1'], { dir: home, sim });
    expect(res.code, res.stdout + res.stderr).toBe(2);
    expect(res.stderr).toMatch(/TSLA is not in the holdings file/);
    expect(res.stderr).not.toContain(STACK_LINE);
    expect(sim.counters.total - before).toBe(0);
  });
});

describe('an output path that is one of the holdings files', () => {
  // A slip of the keyboard (`--output holdings.csv`, or --output-dir onto the holdings' own directory
  // with --format csv) replaces the user's holdings with the report today: the input is lost.
  it('--output onto the input (or a link to it): exit 2, the holdings file unchanged', async () => {
    const dir = tempDir();
    const file = writeHoldings(dir, 'mine.csv', SMALL);
    const link = path.join(dir, 'link.csv');
    fs.symlinkSync('mine.csv', link);
    for (const target of [file, link]) {
      const res = await runFolio(['report', file, '--benchmarks', 'SPY', '--output', target], {
        dir: home,
        sim,
      });
      expect(res.code, res.stderr).toBe(2);
      expect(res.stderr).not.toContain(STACK_LINE);
      expect(fs.readFileSync(file, 'utf8')).toBe(SMALL);
    }
  }, 60_000);

  it('--output-dir onto the holdings directory with --format csv: exit 2, the holdings unchanged', async () => {
    const dir = tempDir();
    const file = writeHoldings(dir, 'mine.csv', SMALL);
    const res = await runFolio(
      ['report', dir, '--format', 'csv', '--benchmarks', 'SPY', '--output-dir', dir],
      {
        dir: home,
        sim,
      },
    );
    expect(res.code, res.stderr).toBe(2);
    expect(fs.readFileSync(file, 'utf8')).toBe(SMALL);
  }, 60_000);
});

describe('--width: what folio can keep, at its narrowest', () => {
  // The ETF comparison's period returns and the lots table need about 55 columns: a narrower width is
  // refused rather than promised and broken.
  it('--width 59 is a usage error', async () => {
    const res = await runFolio(['report', SAMPLE_CSV, '--width', '59'], { dir: home, sim });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--width "59": must be a whole number 60\.\.1000/);
  });
  it.each([
    ['report', () => ['report', SAMPLE_CSV, '--width', '60']],
    ['report --lots', () => ['report', SAMPLE_CSV, '--lots', '--width', '60']],
    ['history', () => ['history', 'AAPL', '--width', '60']],
  ])(
    '%s at 60: no line wider than 60',
    async (_name, args) => {
      const res = await runFolio(args(), { dir: home, sim });
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout.split('\n').filter((line) => displayWidth(line) > 60)).toEqual([]);
    },
    60_000,
  );
});
describe('folio quote when the crumb is refused', () => {
  // README: "When quotes cannot be had (e.g. the crumb exchange failed after its retries), prices come
  // from the daily chart: labelled chart"; `folio quote` goes "through the same ... pipeline", yet it
  // exits 4 "no quote available" where `folio report` prices the same symbol from its chart.
  it('prices the symbol from its chart, labelled chart, exit 0', async () => {
    const refusing = await startSim({ failCrumb: true });
    try {
      const res = await runFolio(['quote', 'AAPL', '--format', 'json'], { dir: tempDir(), sim: refusing });
      expect(res.code, res.stderr).toBe(0);
      const doc = JSON.parse(res.stdout) as { quotes: { symbol: string; source: string }[] };
      expect(doc.quotes.map((q) => [q.symbol, q.source])).toEqual([['AAPL', 'chart']]);
    } finally {
      await refusing.close();
    }
  }, 60_000);
});
