// Exit codes and error lines: usage errors (2) print one line (plus the usage line for commander's
// own), holdings-file errors (3) print `file:line: field "value": reason`, and no stack trace ever.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { SAMPLE_CSV, STACK_LINE, cleanupTempDirs, tempDir, writeHoldings } from './helpers.js';
import { runFolio } from '../support/cli.js';
import { startSim } from '../support/simulator.js';

let sim: Simulator;
let dir: string;

beforeAll(async () => {
  sim = await startSim();
  dir = tempDir();
});

afterAll(async () => {
  await sim.close();
  cleanupTempDirs();
});

const lines = (s: string) => s.split('\n').filter((l) => l !== '');

describe('unknown options and commands', () => {
  it.concurrent.each([
    [
      ['report', SAMPLE_CSV, '--bogus'],
      "error: unknown option '--bogus'",
      'Usage: folio report [options] <file...>',
    ],
    // No command named: the top-level usage, not report's (report only runs by default).
    [['--bogus'], "error: unknown option '--bogus'", 'Usage: folio [options] [command] | folio <file...>'],
    [
      ['quote', 'AAPL', '--frob'],
      "error: unknown option '--frob'",
      'Usage: folio quote [options] <symbol...>',
    ],
    [['cache', 'stats', '--nope'], "error: unknown option '--nope'", 'Usage: folio cache stats [options]'],
    [
      ['frobnicate'],
      "error: unknown command 'frobnicate'",
      'Usage: folio [options] [command] | folio <file...>',
    ],
    [['cache', 'frob'], "error: unknown command 'frob'", ''],
    [['config', 'frob'], "error: unknown command 'frob'", ''],
  ])('%j exits 2 with the error and the usage line', async (args, error, usage) => {
    const res = await runFolio(args, { dir, sim });
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(lines(res.stderr)[0]).toContain(error);
    if (usage !== '') expect(res.stderr).toContain(usage);
    expect(res.stderr).not.toContain(STACK_LINE);
  });
});

describe('bad flag values exit 2 with one line', () => {
  it.concurrent.each([
    [['--period', '7q'], 'folio: --period "7q": must be one of 1m, 3m, 6m, ytd, 1y, 3y, 5y, max'],
    [['--currency', 'XYZ'], 'folio: --currency "XYZ": must be an ISO 4217 currency code such as USD or EUR'],
    [['--width', '-5'], 'folio: --width "-5": must be a whole number 60..1000'],
    [['--width', '5'], 'folio: --width "5": must be a whole number 60..1000'],
    [['--height', '0'], 'folio: --height "0": must be a whole number 3..100'],
    [['--fail-if', 'nonsense'], 'folio: --fail-if "nonsense": expected <metric><op><number>'],
    [
      ['--fail-if', 'weight>0.2'],
      'folio: --fail-if "weight>0.2": weight needs a symbol, e.g. weight.TSLA>0.25',
    ],
    // A symbol the file does not name is a typo, not a weight of 0 that never fires.
    [['--fail-if', 'weight.NOPE>0'], 'folio: --fail-if "weight.NOPE>0": NOPE is not in the holdings file'],
    [['--sort', 'bogus'], 'folio: --sort "bogus": must be one of value, gain, gainPct, dayPct, symbol'],
    [['--format', 'xml'], 'folio: --format "xml": must be one of table, json, csv, markdown'],
    [['--as-of', '2023-02-30'], 'folio: --as-of "2023-02-30": expected a date YYYY-MM-DD'],
    [['--as-of', '2027-01-04'], 'folio: --as-of 2027-01-04: lies in the future'],
    [['--concurrency', '0'], 'folio: --concurrency "0": must be 1..64'],
    [['--risk-free', 'abc'], 'folio: --risk-free "abc": must be a number'],
    [['--benchmarks', 'SPY,b@d'], 'folio: --benchmarks "SPY,b@d": "b@d" is not a valid symbol'],
  ])('%j', async (flags, expected) => {
    const res = await runFolio(['report', SAMPLE_CSV, ...flags], { dir, sim });
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(lines(res.stderr)).toHaveLength(1);
    expect(lines(res.stderr)[0]!.startsWith(expected)).toBe(true);
    // Validation happens before any request.
    expect(sim.counters.total).toBe(0);
  });

  it('an environment variable with a bad value names the variable', async () => {
    const res = await runFolio(['report', SAMPLE_CSV], { dir, sim, env: { FOLIO_PERIOD: '7q' } });
    expect(res.code).toBe(2);
    expect(lines(res.stderr)).toEqual([
      'folio: FOLIO_PERIOD "7q": must be one of 1m, 3m, 6m, ytd, 1y, 3y, 5y, max',
    ]);
  });
});

describe('holdings-file errors exit 3', () => {
  it('names file, line, field, value and reason', async () => {
    const file = writeHoldings(
      dir,
      'bad.csv',
      'symbol,shares,cost,date\nAAPL,10,150,2025-03-03\nMSFT,abc,80,2025-06-02\n',
    );
    const res = await runFolio(['report', file], { dir, sim });
    expect(res.code).toBe(3);
    expect(res.stdout).toBe('');
    expect(lines(res.stderr)[0]).toMatch(
      new RegExp(`^folio: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: shares "abc": `),
    );
    expect(res.stderr).not.toContain(STACK_LINE);
  });

  it('a missing file exits 3', async () => {
    const res = await runFolio(['report', 'no-such-file.csv'], { dir, sim });
    expect(res.code).toBe(3);
    expect(lines(res.stderr)).toEqual([
      'folio: no-such-file.csv: file not found',
      "hint: 'folio demo' shows a report on sample data; or try 'folio report fixtures/sample-portfolio.csv'",
    ]);
  });
});

describe('prices unavailable exits 4', () => {
  it('when Yahoo is down and nothing is cached, with a hint and no stack', async () => {
    const down = await startSim({ down: true });
    try {
      const res = await runFolio(['report', SAMPLE_CSV, '--retry-budget', '0'], {
        dir: tempDir(),
        sim: down,
      });
      expect(res.code).toBe(4);
      expect(res.stdout).toBe('');
      expect(res.stderr).toMatch(/^folio: prices unavailable for all 15 holdings and none cached/m);
      expect(res.stderr).not.toContain(STACK_LINE);
    } finally {
      await down.close();
    }
  });

  it('cache warm that obtains nothing fails with one line', async () => {
    const down = await startSim({ down: true });
    try {
      const res = await runFolio(['cache', 'warm', SAMPLE_CSV, '--retry-budget', '0', '--quiet'], {
        dir: tempDir(),
        sim: down,
      });
      expect(res.code).toBe(4);
      expect(res.stderr).toMatch(/^folio: cache warm: nothing could be fetched \(/m);
      expect(res.stderr).not.toContain(STACK_LINE);
    } finally {
      await down.close();
    }
  });
});
