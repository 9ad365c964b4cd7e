// `--bench` is honest: the request figures `folio report --format json --bench` prints equal what the
// simulator saw on the wire, cold and warm. Spawns the built CLI (npm test builds dist first).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { RunStats } from '../../src/types.js';
import type { Simulator } from '../../src/sim/index.js';
import { runFolio } from '../support/cli.js';
import { startSim } from '../support/simulator.js';

let sim: Simulator;
let dir: string;

beforeAll(async () => {
  sim = await startSim();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-bench-'));
});
afterAll(async () => {
  await sim.close();
});

async function report(): Promise<RunStats> {
  const run = await runFolio(['report', 'fixtures/sample-portfolio.csv', '--format', 'json', '--bench'], {
    dir,
    sim,
    timeoutMs: 30_000,
  });
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { bench: RunStats }).bench;
}

describe('--bench request figures', () => {
  it('a cold run counts exactly what reached the simulator', async () => {
    sim.resetCounters();
    const bench = await report();
    expect(sim.counters.total).toBeGreaterThan(0);
    expect(bench.requests.total).toBe(sim.counters.total);
    expect(bench.requests.byKind).toEqual(sim.counters.byEndpoint);
    expect(bench.requests.byStatus).toEqual(sim.counters.byStatus);
    expect([...bench.requests.symbolsPerQuote].sort()).toEqual([...sim.counters.symbolsPerQuote].sort());
    expect(bench.cache.quote.hits + bench.cache.history.hits).toBe(0);
  });

  it('a warm run within the TTL: zero requests on both sides, every lookup a hit', async () => {
    sim.resetCounters();
    const bench = await report();
    expect(sim.counters.total).toBe(0);
    expect(bench.requests.total).toBe(0);
    expect(bench.cache.quote.misses + bench.cache.history.misses).toBe(0);
    expect(bench.cache.hitRate).toBe(1);
  });
});
