// `folio report A B DIR ...`: every file validated before any request, one price plan over all of
// them (each symbol charted once, the quotes in ceil(distinct/50) batches), each file's report equal
// to its own single-file run, --output-dir, --combine's totals and weights, --fail-if naming the file.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { STACK_LINE, cleanupTempDirs, pool, tempDir, writeHoldings } from './helpers.js';
import { runFolio, type RunResult } from '../support/cli.js';
import { startSim } from '../support/simulator.js';

const A = `symbol,shares,cost,currency,date
AAPL,10,150,USD,2022-03-01
MSFT,5,280,USD,2023-06-01
VOD.L,1000,95,GBp,2021-05-04
`;
const B = `symbol,shares,cost,currency,date,account
MSFT,3,300,USD,2024-01-10,ira
NVDA,20,40,USD,2023-02-01,
AAPL,2,170,USD,2024-05-01,ira
`;
// A JSON file with its own base currency: its report is in EUR, so the run also needs USDEUR=X.
const C = JSON.stringify({
  baseCurrency: 'EUR',
  holdings: [
    { symbol: 'AAPL', shares: 4, cost: 140, date: '2021-09-01' },
    { symbol: 'KO', shares: 30, cost: 55, date: '2022-11-15' },
  ],
});
const BENCHMARKS = ['SPY', 'QQQ', 'VTI'];

let sim: Simulator;
let dir: string;
const files = { a: '', b: '', c: '' };

/** Request counts of one run, from the simulator's own counters. */
interface Requests {
  charts: Record<string, number>;
  quoteBatches: number[];
  total: number;
}

async function counted(args: string[], home = tempDir()): Promise<{ res: RunResult; req: Requests }> {
  const c = sim.counters;
  const charts = { ...c.chartBySymbol };
  const batches = c.symbolsPerQuote.length;
  const total = c.total;
  const res = await runFolio(args, { dir: home, sim });
  const after: Record<string, number> = {};
  for (const [s, n] of Object.entries(c.chartBySymbol))
    if (n - (charts[s] ?? 0) > 0) after[s] = n - (charts[s] ?? 0);
  return {
    res,
    req: { charts: after, quoteBatches: c.symbolsPerQuote.slice(batches), total: c.total - total },
  };
}

/** Every number and string of a report, without the fields that carry the run's wall-clock time. */
function figures(report: unknown): unknown {
  const TIME = new Set(['generatedAt', 'fetchedAt', 'marketTime', 'ageSeconds']);
  return JSON.parse(JSON.stringify(report), (k, v: unknown) => (TIME.has(k) ? undefined : v));
}

interface ManyDoc {
  schemaVersion: number;
  reports: { file: string; name: string; report: { summary: { marketValue: number } } }[];
}

let many: { res: RunResult; req: Requests };
const single: Record<string, RunResult> = {};

beforeAll(async () => {
  sim = await startSim();
  dir = tempDir();
  files.a = writeHoldings(dir, 'a.csv', A);
  files.b = writeHoldings(dir, 'b.csv', B);
  files.c = writeHoldings(dir, 'c.json', C);
  // The run over all files first, alone, on an empty cache: the counters are its requests.
  many = await counted(['report', files.a, files.b, files.c, '--format', 'json']);
  // Each file alone, each on its own empty cache (what a user running them one by one gets).
  const names = ['a', 'b', 'c'];
  const results = await pool(names, 2, (n) =>
    runFolio(['report', files[n as keyof typeof files], '--format', 'json'], { dir: tempDir(), sim }),
  );
  names.forEach((n, i) => (single[n] = results[i]!));
}, 120_000);

afterAll(async () => {
  await sim.close();
  cleanupTempDirs();
});

describe('several files in one run', () => {
  it('charts each symbol, benchmark and FX pair once and quotes them in ceil(distinct/50) batches', () => {
    expect(many.res.stderr).not.toContain(STACK_LINE);
    expect(many.res.code).toBe(0);
    const expected = ['AAPL', 'MSFT', 'VOD.L', 'NVDA', 'KO', ...BENCHMARKS, 'GBPUSD=X', 'USDEUR=X'].sort();
    expect(Object.keys(many.req.charts).sort()).toEqual(expected);
    for (const n of Object.values(many.req.charts)) expect(n).toBe(1);
    expect(many.req.quoteBatches).toHaveLength(Math.ceil(expected.length / 50));
    expect(many.req.quoteBatches.reduce((a, b) => a + b, 0)).toBe(expected.length);
  });

  it('prints one JSON document with each file report equal to its single-file run', () => {
    const doc = JSON.parse(many.res.stdout) as ManyDoc;
    expect(doc.schemaVersion).toBe(1);
    expect(doc.reports.map((r) => r.file)).toEqual([files.a, files.b, files.c]);
    expect(doc.reports.map((r) => r.name)).toEqual(['a', 'b', 'c']);
    ['a', 'b', 'c'].forEach((n, i) => {
      expect(single[n]!.code).toBe(0);
      expect(figures(doc.reports[i]!.report)).toEqual(figures(JSON.parse(single[n]!.stdout)));
    });
  });

  it('heads each table report with a line naming its file', async () => {
    const res = await runFolio(['report', files.a, files.b, '--no-charts'], { dir: tempDir(), sim });
    expect(res.code).toBe(0);
    const heads = res.stdout.split('\n').filter((l) => l.startsWith('==> '));
    expect(heads).toEqual([`==> ${files.a} <==`, `==> ${files.b} <==`]);
  });

  it('validates every file before fetching: every problem of every file, exit 3, no request', async () => {
    const bad = tempDir();
    const ok = writeHoldings(bad, 'ok.csv', A);
    const second = writeHoldings(bad, 'second.csv', `${B}AAPL,abc,150,USD,2022-03-01\n`);
    const third = writeHoldings(bad, 'third.csv', 'symbol,shares,cost\nMSFT,1,-5\n');
    const { res, req } = await counted(['report', ok, second, third]);
    expect(res.code).toBe(3);
    expect(res.stderr).not.toContain(STACK_LINE);
    expect(res.stderr).toContain(`${second}:5`);
    expect(res.stderr).toContain(`${third}:2`);
    expect(res.stdout).toBe('');
    expect(req.total).toBe(0);
  });

  it('reads a directory as its .csv and .json files in name order', async () => {
    const res = await runFolio(['report', dir, '--format', 'json'], { dir: tempDir(), sim });
    expect(res.code).toBe(0);
    const doc = JSON.parse(res.stdout) as ManyDoc;
    expect(doc.reports.map((r) => r.file)).toEqual([files.a, files.b, files.c]);
  });

  it('--output FILE takes the JSON document stdout gets, and a failed run leaves the file as it was', async () => {
    const out = tempDir();
    const target = path.join(out, 'all.json');
    const home = tempDir();
    const res = await runFolio(
      ['report', files.a, files.b, files.c, '--format', 'json', '--output', target],
      {
        dir: home,
        sim,
      },
    );
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('');
    const written = fs.readFileSync(target, 'utf8');
    expect(figures(JSON.parse(written))).toEqual(figures(JSON.parse(many.res.stdout)));
    // A file with no price at all (offline, nothing cached for it) after one that has them: exit 4
    // naming it before any report is written, and the earlier output stays whole.
    const lost = writeHoldings(tempDir(), 'lost.csv', 'symbol,shares,cost\nZM,3,70\nSNOW,2,150\n');
    const failed = await runFolio(
      ['report', files.a, lost, '--format', 'json', '--output', target, '--offline'],
      { dir: home, sim },
    );
    expect(failed.code).toBe(4);
    expect(failed.stderr).toContain(`folio: ${lost}: prices unavailable for all 2 holdings`);
    expect(fs.readFileSync(target, 'utf8')).toBe(written);
    expect(fs.readdirSync(out)).toEqual(['all.json']);
    const toStdout = await runFolio(['report', files.a, lost, '--format', 'json', '--offline'], {
      dir: home,
      sim,
    });
    expect(toStdout.code).toBe(4);
    expect(toStdout.stdout).toBe('');
  });

  it('rejects --output with several files, pointing at --output-dir', async () => {
    const res = await runFolio(['report', files.a, files.b, '--output', path.join(dir, 'x.txt')], {
      dir: tempDir(),
      sim,
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--output-dir');
  });
});

describe('--output-dir', () => {
  it('writes one report per input, files of the same base name side by side', async () => {
    const other = tempDir();
    const twin = writeHoldings(other, 'a.csv', B);
    const out = tempDir();
    const res = await runFolio(['report', files.a, twin, files.c, '--format', 'json', '--output-dir', out], {
      dir: tempDir(),
      sim,
    });
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('');
    expect(fs.readdirSync(out).sort()).toEqual(['a-2.json', 'a.json', 'c.json']);
    const read = (n: string): unknown => figures(JSON.parse(fs.readFileSync(path.join(out, n), 'utf8')));
    expect(read('a.json')).toEqual(figures(JSON.parse(single.a!.stdout)));
    expect(read('a-2.json')).toEqual(figures(JSON.parse(single.b!.stdout)));
    expect(read('c.json')).toEqual(figures(JSON.parse(single.c!.stdout)));
  });
});

describe('--combine', () => {
  it('totals equal the sum of the files, each file shown as its single-file run, weights summing to 1', async () => {
    const res = await runFolio(['report', files.a, files.b, '--combine', '--format', 'json'], {
      dir: tempDir(),
      sim,
    });
    expect(res.code).toBe(0);
    const doc = JSON.parse(res.stdout) as {
      summary: { marketValue: number; costBasis: number };
      holdings: { symbol: string; lots?: unknown }[];
      portfolios: {
        name: string;
        marketValue: number;
        costBasis: number;
        weight: number;
        xirr: number;
        twr: number;
      }[];
    };
    const own = ['a', 'b'].map((n) => JSON.parse(single[n]!.stdout) as { summary: Record<string, number> });
    const sum = (k: string): number => own.reduce((t, r) => t + r.summary[k]!, 0);
    expect(doc.summary.marketValue).toBeCloseTo(sum('marketValue'), 6);
    expect(doc.summary.costBasis).toBeCloseTo(sum('costBasis'), 6);
    expect(doc.portfolios.map((p) => p.name)).toEqual(['a', 'b']);
    doc.portfolios.forEach((p, i) => {
      const s = own[i]!.summary;
      expect(p.marketValue).toBe(s.marketValue);
      expect(p.costBasis).toBe(s.costBasis);
      expect(p.xirr).toBe(s.xirr);
      expect(p.twr).toBe(s.twr);
      expect(p.weight).toBeCloseTo(s.marketValue! / sum('marketValue'), 12);
    });
    expect(doc.portfolios.reduce((t, p) => t + p.weight, 0)).toBeCloseTo(1, 12);
  });

  it('shows a By portfolio section in table and markdown', async () => {
    const [table, md] = await pool(['table', 'markdown'], 2, (f) =>
      runFolio(['report', files.a, files.b, '--combine', '--no-charts', '--format', f], {
        dir: tempDir(),
        sim,
      }),
    );
    expect(table!.code).toBe(0);
    expect(table!.stdout).toMatch(/^By portfolio \(USD\)$/m);
    expect(md!.stdout).toMatch(/^## By portfolio \(USD\)$/m);
    expect(md!.stdout).toMatch(/^\| a \| /m);
  });
});

describe('--fail-if over several files', () => {
  it('exits 5 naming each file for which the condition holds', async () => {
    const bValue = (JSON.parse(single.b!.stdout) as { summary: { marketValue: number } }).summary.marketValue;
    const aValue = (JSON.parse(single.a!.stdout) as { summary: { marketValue: number } }).summary.marketValue;
    // A threshold between the two files' values: it holds for the smaller one only.
    const [small, large] = aValue < bValue ? [files.a, files.b] : [files.b, files.a];
    const threshold = Math.round((aValue + bValue) / 2);
    const res = await runFolio(
      ['report', files.a, files.b, '--fail-if', `marketValue<${threshold}`, '--format', 'json'],
      {
        dir: tempDir(),
        sim,
      },
    );
    expect(res.code).toBe(5);
    expect(res.stderr).toContain(`${small}: --fail-if: marketValue<${threshold}`);
    expect(res.stderr).not.toContain(`${large}:`);
    expect((JSON.parse(res.stdout) as ManyDoc).reports).toHaveLength(2);
  });
});
