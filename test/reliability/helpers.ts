// Shared pieces of the reliability tests: the environment of a CLI run against the simulator with a
// temporary config and cache (the run itself: test/support/cli.ts), comparing reports by their numbers,
// a seeded PRNG and a small pool.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
export { countCsvDataRows } from '../support/csv-rows.js';
export { countJsonLots, mutate, prng } from '../support/fuzz.js';
import { FOLIO_NOW } from '../support/simulator.js';

export const STRESS = process.env.FOLIO_STRESS === '1';

/** A temporary directory, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `folio-rel-${prefix}-`));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Environment of a test run: pinned clock, no colour, its own config dir and cache, the simulator. */
export function cliEnv(opts: { dir: string; yahooUrl: string; cache?: string }): Record<string, string> {
  return {
    FOLIO_NOW,
    NO_COLOR: '1',
    TZ: 'UTC',
    FOLIO_CONFIG_DIR: path.join(opts.dir, 'config'),
    FOLIO_CACHE: opts.cache ?? path.join(opts.dir, 'cache', 'cache.sqlite'),
    FOLIO_YAHOO_URL: opts.yahooUrl,
  };
}

/** Runs `tasks` with at most `size` at once, results in order. */
export async function pool<T>(size: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, tasks.length) }, worker));
  return results;
}

interface JsonReport {
  generatedAt?: unknown;
  bench?: unknown;
  summary?: { prices?: unknown };
  holdings?: { source?: unknown; fetchedAt?: unknown; lots?: unknown[] }[];
}

/**
 * A JSON report without what legitimately differs between runs on the same data: when it was made,
 * timings, and where each price came from (live, cache) and when it was fetched. Everything left
 * (values, returns, risk, series, warnings) must be equal.
 */
export function reportNumbers(stdout: string): unknown {
  const r = JSON.parse(stdout) as JsonReport;
  delete r.generatedAt;
  delete r.bench;
  if (r.summary) delete r.summary.prices;
  for (const h of r.holdings ?? []) {
    delete h.source;
    delete h.fetchedAt;
  }
  return r;
}

/** The stderr of a failed run must be the error line(s), never a stack trace. */
export function hasStackTrace(stderr: string): boolean {
  return /^\s+at /m.test(stderr);
}

/** `count` lots of distinct symbols the simulator makes up (R000, R001, ...), bought in 2026 (short histories keep runs quick). */
export function holdingsCsv(count: number): string {
  const rows = ['symbol,shares,cost,date'];
  for (let i = 0; i < count; i++) {
    const symbol = `R${String(i).padStart(3, '0')}`;
    rows.push(`${symbol},${(i % 7) + 1},${(10 + i).toFixed(2)},2026-0${(i % 9) + 1}-1${i % 10}`);
  }
  return `${rows.join('\n')}\n`;
}

/**
 * A small portfolio for the cache tests: a US stock split in its window, a London stock in pence (an
 * FX pair), an ETF; with `--benchmarks SPY` a cold run needs 5 charts of about a year.
 */
export const SMALL_PORTFOLIO = `symbol,shares,cost,currency,date,account
NVDA,10,120.50,USD,2025-11-03,Brokerage
VOD.L,200,70.1,GBp,2025-12-01,ISA
VTI,5,250,USD,2026-01-15,IRA
NVDA,2,140,USD,2026-03-02,IRA
`;
export const SMALL_ARGS = ['--benchmarks', 'SPY'];

// ---- Mutations and row counters for the fuzz through the CLI: the same kinds of damage as the
// parser's own fuzz test (test/holdings.parse.test.ts), and the same per-character row counter, kept
// apart from the code under test.
