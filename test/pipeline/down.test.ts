// Yahoo unreachable (503 for everything, connections refused, nothing listening): with a warm cache the
// report is complete from it, marked stale, within the retry budget; with an empty cache every symbol is
// unavailable, which the CLI turns into exit 4 with one line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { SimOptions, Simulator } from '../../src/sim/index.js';
import {
  BENCHMARKS,
  NEXT_NOW,
  NEXT_TODAY,
  type RunResult,
  US50,
  closedPort,
  expectSameNumbers,
  lotsFor,
  runOnce,
  seeded,
  sendsWhileOpen,
  tempCacheFile,
} from './harness.js';
import { runFolio } from '../support/cli.js';
import { SIM_NOW, SIM_TODAY, startSim } from '../support/simulator.js';

const SYMBOLS = US50.slice(0, 12);
const lots = lotsFor(SYMBOLS);
const BUDGET_MS = 3_000;

let sim: Simulator;
let warmFile: string;
let warm: RunResult;

beforeAll(async () => {
  sim = await startSim();
  warmFile = tempCacheFile();
  warm = await runOnce({ url: sim.url, cacheFile: warmFile, now: SIM_NOW, lots, today: SIM_TODAY });
  expect(warm.data.unavailable.size).toBe(0);
});
afterAll(async () => {
  await sim.close();
});

function copyOfWarmCache(): string {
  const file = tempCacheFile();
  fs.copyFileSync(warmFile, file);
  return file;
}

/** `offline`: the first request is refused, so the run stops at once and warns once for all. */
type Outage = { name: string; setup: () => Promise<string>; offline?: boolean };
const outages: Outage[] = [
  {
    name: '503 for everything (down: true)',
    setup: () => Promise.resolve((sim.configure({ down: true } as Partial<SimOptions>), sim.url)),
  },
  {
    name: "connections destroyed (down: 'refuse')",
    setup: () => Promise.resolve((sim.configure({ down: 'refuse' }), sim.url)),
  },
  {
    name: 'nothing listening on the port',
    setup: async () => `http://127.0.0.1:${await closedPort()}`,
    offline: true,
  },
];

describe.each(outages)('Yahoo down: $name', ({ setup, offline }) => {
  it('a warm (but no longer fresh) cache gives the full report, marked stale, within the budget', async () => {
    const url = await setup();
    sim.resetCounters();
    const started = Date.now();
    // The next business day: nothing cached is fresh, so folio must try Yahoo and fall back.
    const run = await runOnce({
      url,
      cacheFile: copyOfWarmCache(),
      now: NEXT_NOW,
      lots,
      today: NEXT_TODAY,
      budgetMs: BUDGET_MS,
      random: seeded(3),
    });
    const elapsed = Date.now() - started;
    sim.configure({ down: false });
    expect(run.data.unavailable.size).toBe(0);
    expect(run.report.holdings.every((h) => h.source === 'stale')).toBe(true);
    expect(run.report.summary.stalePrices).toBe(SYMBOLS.length);
    if (offline)
      expect(run.data.warnings).toEqual([
        `Yahoo unreachable (ECONNREFUSED): offline: ${SYMBOLS.length + BENCHMARKS.length} symbol(s) served from the cache (stale, up to 3 days old)`,
      ]);
    else
      for (const s of [...SYMBOLS, ...BENCHMARKS]) {
        expect(
          run.data.warnings.some((w) => w.startsWith(`${s}: quote served from cache (stale`)),
          s,
        ).toBe(true);
        expect(
          run.data.warnings.some((w) => w.startsWith(`${s}: history served from cache (stale`)),
          s,
        ).toBe(true);
      }
    expectSameNumbers(run.report, warm.report);
    expect(sendsWhileOpen(run.pipeline)).toEqual([]);
    expect(run.pipeline.stats.snapshot().retryWaitMs).toBeLessThanOrEqual(BUDGET_MS);
    expect(elapsed).toBeLessThan(BUDGET_MS + 10_000);
  });

  it('an empty cache: every symbol unavailable with its reason, within the budget', async () => {
    const url = await setup();
    const started = Date.now();
    const run = await runOnce({
      url,
      cacheFile: tempCacheFile(),
      now: NEXT_NOW,
      lots,
      today: NEXT_TODAY,
      budgetMs: BUDGET_MS,
      random: seeded(5),
    });
    const elapsed = Date.now() - started;
    sim.configure({ down: false });
    expect(run.data.quotes.size).toBe(0);
    expect(run.data.histories.size).toBe(0);
    expect([...run.data.unavailable.keys()].sort()).toEqual([...SYMBOLS, ...BENCHMARKS].sort());
    for (const why of run.data.unavailable.values())
      expect(why).toMatch(/503|failed|ECONNREFUSED|circuit breaker|socket|terminated/i);
    expect(sendsWhileOpen(run.pipeline)).toEqual([]);
    expect(elapsed).toBeLessThan(BUDGET_MS + 10_000);
  });
});

describe('the CLI with an empty cache and nothing listening', () => {
  it('exits 4 with a one-line message within the retry budget', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-down-cli-'));
    const port = await closedPort();
    const started = Date.now();
    const result = await runFolio(['report', 'fixtures/sample-portfolio.csv'], {
      dir,
      env: { FOLIO_YAHOO_URL: `http://127.0.0.1:${port}`, FOLIO_RETRY_BUDGET: '3' },
      timeoutMs: 30_000,
    });
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/prices unavailable/);
    expect(lines[0]!.length).toBeLessThan(300);
    // One line for the error (an optional hint line may follow), no stack trace.
    expect(lines.length).toBeLessThanOrEqual(2);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(Date.now() - started).toBeLessThan(3_000 + 15_000);
  });
});
