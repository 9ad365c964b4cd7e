// --output writes atomically (the target is only ever the old content or the whole new report, and
// no temporary file stays), a failing run leaves the target alone; --fail-if gates with exit 5 and
// still writes the report; a stale price trips stalePrices>0 and --strict (exit 4).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simBars, type Simulator } from '../../src/sim/index.js';
import { SAMPLE_CSV, STACK_LINE, cleanupTempDirs, pool, tempDir, writeHoldings } from './helpers.js';
import { runFolio, type RunResult } from '../support/cli.js';
import { SIM_TODAY, startSim } from '../support/simulator.js';

/**
 * The weight of one holding of the sample portfolio, worked out here: shares after its splits (AAPL
 * 4:1, NVDA 10:1, TSLA 3:1) times the simulator's close on SIM_TODAY, in USD at the `XXXUSD=X` close.
 */
function sampleWeight(symbol: string): number {
  const shares: Record<string, [number, string]> = {
    AAPL: [10 * 4 + 15 + 5, 'USD'],
    MSFT: [60, 'USD'],
    NVDA: [8 * 10 + 20, 'USD'],
    TSLA: [3 * 3 + 10, 'USD'],
    GOOGL: [25, 'USD'],
    AMZN: [30, 'USD'],
    VTI: [110, 'USD'],
    VXUS: [180, 'USD'],
    'VOD.L': [3000, 'GBp'],
    'SAP.DE': [26, 'EUR'],
    'ASML.AS': [5, 'EUR'],
    'RY.TO': [25, 'CAD'],
    '7203.T': [100, 'JPY'],
    'BRK-B': [12, 'USD'],
    JNJ: [20, 'USD'],
  };
  const close = (s: string): number => simBars(s, SIM_TODAY, SIM_TODAY, { today: SIM_TODAY })[0]!.close;
  const usd = (currency: string): number =>
    currency === 'USD' ? 1 : currency === 'GBp' ? close('GBPUSD=X') / 100 : close(`${currency}USD=X`);
  const values = Object.entries(shares).map(([s, [n, c]]) => [s, n * close(s) * usd(c)] as const);
  const total = values.reduce((sum, [, v]) => sum + v, 0);
  return values.find(([s]) => s === symbol)![1] / total;
}

let sim: Simulator;
let down: Simulator;
let dir: string;
let target: string;
let written: RunResult;
/** Every distinct content the target had while the report was being written. */
const seen = new Set<string>();
const r: Record<string, RunResult> = {};

beforeAll(async () => {
  sim = await startSim();
  down = await startSim({ down: true });
  dir = tempDir();
  target = path.join(dir, 'report.json');
  fs.writeFileSync(target, 'OLD');
  // Poll the target as fast as the event loop allows while the child writes it.
  let polling = true;
  const poll = () => {
    try {
      seen.add(fs.readFileSync(target, 'utf8'));
    } catch {
      seen.add('<missing>');
    }
    if (polling) setImmediate(poll);
  };
  poll();
  written = await runFolio(['report', SAMPLE_CSV, '--format', 'json', '--output', target], { dir, sim });
  polling = false;
  seen.add(fs.readFileSync(target, 'utf8'));

  const bad = writeHoldings(dir, 'bad.csv', 'symbol,shares\nAAPL,abc\n');
  const keep = path.join(dir, 'keep.md');
  fs.writeFileSync(keep, 'KEEP');
  const live: Record<string, string[]> = {
    failTrue: [
      'report',
      SAMPLE_CSV,
      '--format',
      'csv',
      '--fail-if',
      'maxDrawdown<-0.9',
      '--fail-if',
      'weight.VTI>0.15',
    ],
    failFalse: [
      'report',
      SAMPLE_CSV,
      '--format',
      'csv',
      '--fail-if',
      'weight.VTI>0.5',
      '--fail-if',
      'stalePrices>0',
    ],
    failOutput: [
      'report',
      SAMPLE_CSV,
      '--format',
      'markdown',
      '--output',
      path.join(dir, 'gated.md'),
      '--fail-if',
      'holdingsCount>=15',
    ],
    // ZZZUNKNOWN has no price: its weight cannot be compared, and that is not a condition met.
    failNull: [
      'report',
      writeHoldings(
        dir,
        'unpriced.csv',
        'symbol,shares,cost,date\nAAPL,10,150,2025-03-03\nZZZUNKNOWN,5,10,2025-03-03\n',
      ),
      '--format',
      'csv',
      '--fail-if',
      'weight.ZZZUNKNOWN<0.5',
      '--fail-if',
      'weight.AAPL>0.5',
    ],
    badFile: ['report', bad, '--output', keep],
    noDir: ['report', SAMPLE_CSV, '--output', path.join(dir, 'missing-dir', 'x.json'), '--format', 'json'],
  };
  // Yahoo down: prices come stale from the cache.
  const offline: Record<string, string[]> = {
    staleFail: ['report', SAMPLE_CSV, '--format', 'csv', '--fail-if', 'stalePrices>0', '--retry-budget', '0'],
    strict: ['report', SAMPLE_CSV, '--format', 'csv', '--strict', '--retry-budget', '0'],
  };
  const jobs = [
    ...Object.entries(live).map(([k, a]) => [k, a, sim, dir] as const),
    ...Object.entries(offline).map(([k, a]) => [k, a, down, dir] as const),
    ['downFresh', ['report', SAMPLE_CSV, '--output', keep, '--retry-budget', '0'], down, tempDir()] as const,
  ];
  // The down runs happen on Monday during the session, so nothing cached is fresh any more (at the
  // same pinned instant, a cached quote could count as fresh or not depending on milliseconds).
  const monday = { FOLIO_NOW: '2026-11-30T15:00:00Z' };
  const results = await pool(jobs, 2, ([, args, s, d]) =>
    runFolio(args, { dir: d, sim: s, env: s === down ? monday : {} }),
  );
  jobs.forEach(([k], i) => (r[k] = results[i]!));
}, 150_000);

afterAll(async () => {
  await sim.close();
  await down.close();
  cleanupTempDirs();
});

describe('--output', () => {
  it('writes the report to the file and nothing to stdout', () => {
    expect(written.code).toBe(0);
    expect(written.stdout).toBe('');
    const doc = JSON.parse(fs.readFileSync(target, 'utf8')) as { schemaVersion: number; holdings: unknown[] };
    expect(doc.schemaVersion).toBe(1);
    expect(doc.holdings).toHaveLength(15);
  });

  it('never shows a half-written target: only the old content or the complete report', () => {
    const contents = [...seen];
    expect(contents).toContain('OLD');
    for (const c of contents.filter((x) => x !== 'OLD')) {
      expect(c).not.toBe('<missing>');
      expect(() => JSON.parse(c) as unknown).not.toThrow();
    }
    expect(contents.length).toBe(2);
  });

  it('leaves no temporary file behind', () => {
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a failing run leaves an existing target untouched (bad file: exit 3; no prices: exit 4)', () => {
    expect(r.badFile!.code).toBe(3);
    expect(r.downFresh!.code).toBe(4);
    expect(fs.readFileSync(path.join(dir, 'keep.md'), 'utf8')).toBe('KEEP');
  });

  it('an unwritable target is a one-line error (exit 2) and leaves no temporary file', () => {
    expect(r.noDir!.code).toBe(2);
    expect(r.noDir!.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^folio: --output .*missing-dir\/x\.json: the directory .*missing-dir does not exist$/,
      ),
      expect.stringMatching(/^hint: create it first: mkdir -p .*missing-dir$/),
    ]);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('--fail-if', () => {
  it('exits 5 when a condition holds, names it, and still writes the report', () => {
    const res = r.failTrue!;
    expect(res.code).toBe(5);
    expect(res.stdout.split(/\r?\n/)[0]).toMatch(/^symbol,name,/);
    expect(res.stdout.trimEnd().split(/\r?\n/)).toHaveLength(16);
    const value = /^folio: --fail-if: weight\.VTI>0\.15 \(value (0\.\d+)\)$/m.exec(res.stderr)?.[1];
    expect(value).toBeDefined();
    expect(Number(value)).toBeCloseTo(sampleWeight('VTI'), 3);
    expect(res.stderr).not.toContain('maxDrawdown');
    expect(res.stderr).not.toContain(STACK_LINE);
  });

  it('exits 0 when none holds', () => {
    expect(r.failFalse!.code).toBe(0);
    expect(r.failFalse!.stderr).toBe('');
  });

  it('warns that a condition without a value could not be evaluated, and does not count it as met', () => {
    const res = r.failNull!;
    expect(res.code).toBe(5);
    expect(res.stderr).toMatch(
      /^warning: --fail-if weight\.ZZZUNKNOWN<0\.5: could not be evaluated \(ZZZUNKNOWN has no price\); not counted as met$/m,
    );
    expect(res.stderr).toMatch(/^folio: --fail-if: weight\.AAPL>0\.5 \(value 1\)$/m);
    expect(res.stderr).not.toContain('ZZZUNKNOWN<0.5 (value');
  });

  it('still writes --output when it exits 5', () => {
    expect(r.failOutput!.code).toBe(5);
    expect(fs.readFileSync(path.join(dir, 'gated.md'), 'utf8')).toContain(
      '# Portfolio report as of 2026-11-27 (USD)',
    );
  });

  it('stalePrices>0 holds when quotes come stale from the cache', () => {
    const res = r.staleFail!;
    expect(res.code).toBe(5);
    expect(res.stderr).toMatch(/^folio: --fail-if: stalePrices>0 \(value 15\)$/m);
    // source, then baseCurrency and valueInCurrency
    expect(res.stdout.split(/\r?\n/).filter((l) => /,stale,USD,[^,]*$/.test(l))).toHaveLength(15);
  });
});

describe('--strict', () => {
  it('exits 4 on stale prices, after writing the report', () => {
    const res = r.strict!;
    expect(res.code).toBe(4);
    expect(res.stdout.trimEnd().split(/\r?\n/)).toHaveLength(16);
    expect(res.stderr).toMatch(/^folio: --strict: 15 holding\(s\) with stale or missing prices/m);
  });
});
