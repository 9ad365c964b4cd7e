// No network at all: the first request fails to resolve or to connect, so folio stops at once instead of
// retrying: exit 4 with one line and a hint on a cold cache, the stale report with one warning on a warm
// one. Unreachable hosts are real: a closed local port (ECONNREFUSED) and a `.invalid` host, which no
// resolver answers (ENOTFOUND), so the test needs no network either.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { Simulator } from '../../src/sim/index.js';
import { closedPort } from '../pipeline/harness.js';
import { SAMPLE_CSV, STACK_LINE, cleanupTempDirs, tempDir } from './helpers.js';
import { runFolio } from '../support/cli.js';
import { startSim } from '../support/simulator.js';

/** The limit the behaviour promises, plus room for process start on a loaded 2-core machine. */
const OFFLINE_MS = 2_000;
const STARTUP_SLACK_MS = 4_000;

let sim: Simulator;
let refused: string;
beforeAll(async () => {
  sim = await startSim();
  refused = `http://127.0.0.1:${await closedPort()}`;
});
afterAll(async () => {
  await sim.close();
  cleanupTempDirs();
});

const unreachable = (): { name: string; url: string; code: RegExp }[] => [
  { name: 'a refused connection', url: refused, code: /ECONNREFUSED/ },
  { name: 'an unresolvable host', url: 'http://yahoo.invalid', code: /ENOTFOUND|EAI_AGAIN/ },
];

describe('offline', () => {
  it('cold cache: exit 4 at once with one line naming the cause, a hint, no stack trace', async () => {
    for (const { url, code } of unreachable()) {
      const dir = tempDir();
      const started = Date.now();
      const r = await runFolio(['report', SAMPLE_CSV], { dir, env: { FOLIO_YAHOO_URL: url } });
      const elapsed = Date.now() - started;
      expect(r.code, url).toBe(4);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines.length, r.stderr).toBe(2);
      expect(lines[0]).toMatch(/^folio: prices unavailable for all 15 holdings and none cached \(/);
      expect(lines[0]).toMatch(code);
      expect(lines[0]).toMatch(/offline/);
      expect(lines[1]).toMatch(/^hint: check the network/);
      expect(r.stderr).not.toContain(STACK_LINE);
      // Retrying a DNS failure took 16 s; stopping at once takes the process start and one round.
      expect(elapsed).toBeLessThan(OFFLINE_MS + STARTUP_SLACK_MS);
    }
  });

  it('warm cache: the stale report, exit 0, with one warning', async () => {
    const dir = tempDir();
    const warm = await runFolio(['cache', 'warm', SAMPLE_CSV], { dir, sim });
    expect(warm.code, warm.stderr).toBe(0);
    for (const { url, code } of unreachable()) {
      // The next business day: nothing cached is fresh, so folio must ask Yahoo, and finds it offline.
      const started = Date.now();
      const r = await runFolio(['report', SAMPLE_CSV, '--format', 'json'], {
        dir,
        env: { FOLIO_YAHOO_URL: url, FOLIO_NOW: '2026-11-30T22:00:00Z' },
      });
      const elapsed = Date.now() - started;
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as {
        summary: { stalePrices: number; holdingsCount: number };
        holdings: { source: string }[];
      };
      expect(report.holdings.length).toBe(15);
      expect(report.holdings.every((h) => h.source === 'stale')).toBe(true);
      expect(report.summary.stalePrices).toBe(15);
      const warnings = r.stderr.trim().split('\n');
      expect(warnings.length, r.stderr).toBe(1);
      expect(warnings[0]).toMatch(code);
      // The sample's 15 holdings, 3 benchmarks (VTI is also held) and 4 FX pairs: 21 symbols, as warmed.
      expect(warnings[0]).toMatch(
        /^warning: Yahoo unreachable \(.+\): offline: 21 symbol\(s\) served from the cache \(stale, up to 3 days old\)$/,
      );
      expect(elapsed).toBeLessThan(OFFLINE_MS + STARTUP_SLACK_MS);
    }
  });
});
