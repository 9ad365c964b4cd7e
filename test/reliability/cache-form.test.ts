// The cache's stored form of a history through the built CLI: a cache written by the previous version
// (histories as keyv JSON text) gives a warm report with no request and the same numbers, and is
// rewritten with histories as BLOBs; a damaged BLOB is fetched again, not an error; `cache stats` and
// `cache clear` cover both forms.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { SMALL_ARGS, SMALL_PORTFOLIO, cliEnv, reportNumbers, tempDir } from './helpers.js';
import { runFolio } from '../support/cli.js';
import { startSim } from '../support/simulator.js';

const SLOW = 240_000;
const FIXTURE = path.join(import.meta.dirname, '../../fixtures/cache/text-histories.sqlite');
let sim: Simulator;
let tmp: ReturnType<typeof tempDir>;
let sample: string;
/** The report of a clean run (its own new cache, every price fetched), as numbers. */
let reference: unknown;

beforeAll(async () => {
  sim = await startSim();
  tmp = tempDir('form');
  sample = path.join(tmp.dir, 'holdings.csv');
  fs.writeFileSync(sample, SMALL_PORTFOLIO);
  const clean = await runFolio(['report', sample, ...SMALL_ARGS, '--format', 'json'], {
    env: cliEnv({ dir: tmp.dir, yahooUrl: sim.url, cache: path.join(tmp.dir, 'clean', 'cache.sqlite') }),
  });
  expect(clean.code, clean.stderr).toBe(0);
  reference = reportNumbers(clean.stdout);
}, SLOW);
afterAll(async () => {
  await sim.close();
  tmp.remove();
});

/** A copy of the previous version's cache in its own directory; the environment of runs on it. */
function oldCache(name: string): { file: string; env: Record<string, string> } {
  const file = path.join(tmp.dir, name, 'cache.sqlite');
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.copyFileSync(FIXTURE, file);
  return { file, env: cliEnv({ dir: path.join(tmp.dir, name), yahooUrl: sim.url, cache: file }) };
}

async function query(file: string, sql: string, ...params: unknown[]): Promise<unknown[]> {
  const sqlite3 = (await import('sqlite3')).default;
  return await new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (e) => {
      if (e) return reject(e);
      db.all(sql, ...params, (e2: Error | null, rows: unknown[]) =>
        db.close(() => (e2 ? reject(e2) : resolve(rows))),
      );
    });
  });
}

const historyRows = async (file: string) =>
  (
    (await query(
      file,
      `SELECT key, typeof(value) AS t FROM keyv WHERE key LIKE 'folio:h%' ORDER BY key`,
    )) as {
      key: string;
      t: string;
    }[]
  ).map((r) => `${r.key} ${r.t}`);

const requests = () => sim.counters.total;

describe('the stored form of a history, through the CLI', () => {
  it(
    "a previous version's cache: warm reports with no request and the same numbers; histories rewritten as BLOBs",
    async () => {
      const { file, env } = oldCache('old');
      expect(await historyRows(file)).toHaveLength(5);
      for (const phase of ['first run (rewrites)', 'second run (reads the BLOBs)']) {
        const before = requests();
        const run = await runFolio(['report', sample, ...SMALL_ARGS, '--format', 'json'], { env });
        expect(run.code, `${phase}: ${run.stderr}`).toBe(0);
        expect(run.stderr, phase).toBe('');
        expect(reportNumbers(run.stdout), phase).toEqual(reference);
        expect(requests(), phase).toBe(before);
        expect(await historyRows(file), phase).toEqual(
          ['GBPUSD=X', 'NVDA', 'SPY', 'VOD.L', 'VTI'].map((s) => `folio:hb:${s} blob`),
        );
      }
    },
    SLOW,
  );

  it(
    'a damaged BLOB is fetched again: the same numbers, no warning, a sound BLOB after',
    async () => {
      const { file, env } = oldCache('damaged');
      const first = await runFolio(['report', sample, ...SMALL_ARGS, '--format', 'json'], { env });
      expect(first.code, first.stderr).toBe(0);
      // One byte in the middle of NVDA's BLOB changed: its checksum no longer agrees.
      await query(
        file,
        `UPDATE keyv SET value = substr(value, 1, 99) || X'5A' || substr(value, 101) WHERE key = 'folio:hb:NVDA'`,
      );
      const charts = sim.counters.chartBySymbol.NVDA ?? 0;
      const run = await runFolio(['report', sample, ...SMALL_ARGS, '--format', 'json'], { env });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toBe('');
      expect(reportNumbers(run.stdout)).toEqual(reference);
      expect(sim.counters.chartBySymbol.NVDA).toBe(charts + 1);
      const before = requests();
      const again = await runFolio(['report', sample, ...SMALL_ARGS, '--format', 'json'], { env });
      expect(reportNumbers(again.stdout)).toEqual(reference);
      expect(requests()).toBe(before);
    },
    SLOW,
  );

  it(
    'cache stats and cache clear see the histories in either form',
    async () => {
      const { file, env } = oldCache('stats');
      const stats = async () => {
        const run = await runFolio(['cache', 'stats', '--format', 'json'], { env });
        expect(run.code, run.stderr).toBe(0);
        return JSON.parse(run.stdout) as { histories: number; quotes: number; symbols: string[] };
      };
      expect(await stats()).toMatchObject({ histories: 5, quotes: 5 });
      const report = await runFolio(['report', sample, ...SMALL_ARGS, '--format', 'json'], { env });
      expect(report.code, report.stderr).toBe(0);
      expect(await stats()).toMatchObject({ histories: 5, quotes: 5 });
      const clear = await runFolio(['cache', 'clear', '--symbol', 'NVDA'], { env });
      expect(clear.code, clear.stderr).toBe(0);
      expect(await stats()).toMatchObject({ histories: 4, quotes: 4 });
      expect((await historyRows(file)).some((r) => r.includes('NVDA'))).toBe(false);
      const all = await runFolio(['cache', 'clear'], { env });
      expect(all.code, all.stderr).toBe(0);
      expect(await historyRows(file)).toEqual([]);
      expect(await stats()).toMatchObject({ histories: 0, quotes: 0 });
    },
    SLOW,
  );
});
