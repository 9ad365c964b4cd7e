// Bad input, through the built CLI: every broken file of the corpus gives its one-line error
// and exit 3; seeded mutations of the sample files give a complete report or an input error, never a
// crash, a hang or a lost row; bad flag values are usage errors.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import {
  STRESS,
  cliEnv,
  countCsvDataRows,
  countJsonLots,
  hasStackTrace,
  mutate,
  pool,
  prng,
  tempDir,
} from './helpers.js';
import { runFolio } from '../support/cli.js';
import { startSim } from '../support/simulator.js';

const SLOW = 240_000;
const BAD_DIR = 'fixtures/bad';
const expected = JSON.parse(fs.readFileSync(path.join(BAD_DIR, 'EXPECTED.json'), 'utf8')) as Record<
  string,
  string
>;

let sim: Simulator;
let tmp: ReturnType<typeof tempDir>;
let env: Record<string, string>;

beforeAll(async () => {
  sim = await startSim();
  tmp = tempDir('input');
  env = cliEnv({ dir: tmp.dir, yahooUrl: sim.url });
});
afterAll(async () => {
  await sim.close();
  tmp.remove();
});

describe('the bad-input corpus through the CLI', () => {
  it(
    'every file exits 3 with its one expected error line, no stack trace, nothing on stdout',
    async () => {
      const names = Object.keys(expected).sort();
      expect(names.length).toBeGreaterThanOrEqual(30);
      // Relative paths, as EXPECTED.json prints them; the CLI runs in the repository root.
      const runs = await pool(
        4,
        names.map(
          (name) => () =>
            runFolio(['report', `${BAD_DIR}/${name}`, '--format', 'json'], { env, timeoutMs: 60_000 }),
        ),
      );
      const wrong: string[] = [];
      names.forEach((name, i) => {
        const run = runs[i]!;
        const lines = run.stderr.split('\n').filter((l) => l !== '');
        const ok =
          run.code === 3 &&
          run.stdout === '' &&
          !hasStackTrace(run.stderr) &&
          lines[0] === `folio: ${expected[name]}` &&
          lines.every((l) => l.startsWith('folio: '));
        if (!ok) wrong.push(`${name}: exit ${run.code}, stderr ${JSON.stringify(run.stderr.slice(0, 300))}`);
      });
      expect(wrong).toEqual([]);
      // Input errors are found before any price is asked for.
      expect(sim.counters.total).toBe(0);
    },
    SLOW,
  );

  it(
    'a 10 MB single line and a 10 MB JSON string are refused with one short line each',
    async () => {
      const long = path.join(tmp.dir, 'long-line.csv');
      fs.writeFileSync(long, `symbol,shares\n${'A'.repeat(10 * 1024 * 1024)},5\n`);
      const longJson = path.join(tmp.dir, 'long-string.json');
      fs.writeFileSync(longJson, `[{"symbol": "${'B'.repeat(10 * 1024 * 1024)}", "shares": 1}]`);
      for (const file of [long, longJson]) {
        const run = await runFolio(['report', file], { env, timeoutMs: 120_000 });
        expect(run.code, run.stderr.slice(0, 300)).toBe(3);
        expect(hasStackTrace(run.stderr)).toBe(false);
        const lines = run.stderr.split('\n').filter((l) => l !== '');
        expect(lines).toHaveLength(1);
        expect(lines[0]!.length).toBeLessThan(400);
      }
    },
    SLOW,
  );
});

describe('seeded fuzz through the CLI', () => {
  const count = STRESS ? 200 : 30;
  it(
    `${count} mutated sample files: a complete report (exit 0) or one input error (exit 3), never 1, never a hang`,
    async () => {
      const seeds = [
        { ext: 'csv', bytes: fs.readFileSync('fixtures/sample-portfolio.csv') },
        { ext: 'json', bytes: fs.readFileSync('fixtures/sample-portfolio.json') },
      ];
      // Warm the cache with the unmutated file, so that most runs cost no requests.
      const warm = await runFolio(['report', 'fixtures/sample-portfolio.csv', '--format', 'json'], {
        env,
        timeoutMs: 120_000,
      });
      expect(warm.code, warm.stderr).toBe(0);
      const random = prng(20261127);
      const cases = Array.from({ length: count }, (_, n) => {
        const seed = seeds[n % seeds.length]!;
        const file = path.join(tmp.dir, `fuzz-${n}.${seed.ext}`);
        fs.writeFileSync(file, mutate(seed.bytes, random));
        return { n, file, ext: seed.ext };
      });
      const runs = await pool(
        3,
        cases.map(
          (c) => () =>
            runFolio(['report', c.file, '--format', 'json', '--no-charts'], { env, timeoutMs: 120_000 }),
        ),
      );
      const outcomes = { report: 0, inputError: 0 };
      const wrong: string[] = [];
      cases.forEach((c, i) => {
        const run = runs[i]!;
        const where = `case ${c.n} (${c.file})`;
        if (run.timedOut) return void wrong.push(`${where}: hung`);
        if (hasStackTrace(run.stderr))
          return void wrong.push(`${where}: stack trace ${run.stderr.slice(0, 300)}`);
        if (run.code === 3) {
          const lines = run.stderr.split('\n').filter((l) => l !== '');
          if (lines.length === 0 || !lines.every((l) => l.startsWith('folio: ') && l.length < 400)) {
            return void wrong.push(
              `${where}: exit 3 without a clean error line: ${run.stderr.slice(0, 300)}`,
            );
          }
          outcomes.inputError++;
          return;
        }
        if (run.code !== 0) return void wrong.push(`${where}: exit ${run.code}: ${run.stderr.slice(0, 300)}`);
        // Every data row of the file is a lot of the report (the count by a separate, simple reader).
        const text = fs.readFileSync(c.file, 'utf8');
        const rows = c.ext === 'json' ? countJsonLots(text) : countCsvDataRows(text);
        const report = JSON.parse(run.stdout) as { holdings: { lots: unknown[] }[] };
        const lots = report.holdings.reduce((sum, h) => sum + h.lots.length, 0);
        if (lots !== rows) return void wrong.push(`${where}: ${lots} lots in the report for ${rows} rows`);
        outcomes.report++;
      });
      expect(wrong).toEqual([]);
      // Both outcomes must occur, or the mutations test nothing.
      expect(outcomes.report).toBeGreaterThan(0);
      expect(outcomes.inputError).toBeGreaterThan(0);
    },
    SLOW,
  );
});

describe('bad flag values', () => {
  it.each([
    ['--period', '7q'],
    ['--currency', 'XYZ'],
    ['--width', '-5'],
    ['--width', '5'],
    ['--fail-if', 'nonsense'],
    ['--fail-if', 'maxDrawdown<'],
    ['--format', 'xml'],
    ['--height', 'abc'],
    ['--as-of', '2023-02-30'],
    ['--risk-free', 'abc'],
    ['--concurrency', '0'],
    ['--benchmarks', '../x'],
    ['--request-timeout', '-1'],
  ])(
    '%s %s is a usage error (exit 2) naming the value, before any request',
    async (flag, value) => {
      sim.resetCounters();
      const run = await runFolio(['report', 'fixtures/sample-portfolio.csv', `${flag}=${value}`], {
        env,
        timeoutMs: 60_000,
      });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stdout).toBe('');
      expect(hasStackTrace(run.stderr)).toBe(false);
      expect(run.stderr.split('\n')[0]).toContain(value);
      expect(sim.counters.total).toBe(0);
    },
    SLOW,
  );
});
