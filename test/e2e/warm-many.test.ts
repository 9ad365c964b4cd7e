// `folio cache warm` takes files and directories as `report` does: one warm-up covers what each of
// their reports needs (each file's own base currency and benchmarks), so the reports that follow send
// no request at all.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { cleanupTempDirs, tempDir, writeHoldings } from './helpers.js';
import { runFolio } from '../support/cli.js';
import { startSim } from '../support/simulator.js';

// Saturday morning: every market is closed, so what the warm-up fetched stays fresh for the reports.
const SATURDAY = '2026-11-28T10:00:00Z';
let sim: Simulator;

beforeAll(async () => {
  sim = await startSim({ now: () => Date.parse(SATURDAY) });
});

afterAll(async () => {
  await sim.close();
  cleanupTempDirs();
});

describe('folio cache warm FILE... DIR...', () => {
  it('warms every file of the arguments, so each report afterwards sends no request', async () => {
    const dir = tempDir();
    const env = { FOLIO_NOW: SATURDAY };
    const single = writeHoldings(dir, 'single.csv', 'symbol,shares,cost,date\nAAPL,10,150,2024-03-04\n');
    const family = path.join(dir, 'family');
    fs.mkdirSync(family);
    writeHoldings(
      family,
      'a.csv',
      'symbol,shares,cost,date\nMSFT,5,300,2023-05-02\nVOD.L,100,70,2022-02-10\n',
    );
    writeHoldings(
      family,
      'b.json',
      JSON.stringify({
        baseCurrency: 'EUR',
        benchmarks: ['VEA'],
        holdings: [{ symbol: 'SAP.DE', shares: 3, cost: 120, date: '2021-06-01' }],
      }),
    );
    const warm = await runFolio(['cache', 'warm', single, family, '--benchmarks', 'SPY'], { dir, sim, env });
    expect({ code: warm.code, stderr: warm.stderr }).toEqual({ code: 0, stderr: '' });
    // AAPL, MSFT, VOD.L, SAP.DE; SPY (--benchmarks outweighs b.json's VEA); GBPUSD=X, USDEUR=X...
    expect(warm.stdout).toMatch(/^warmed \d+ symbols \(4 holdings, 1 benchmarks, \d+ FX pairs\)/);

    const before = sim.counters.total;
    for (const file of [single, path.join(family, 'a.csv'), path.join(family, 'b.json')]) {
      const res = await runFolio(['report', file, '--benchmarks', 'SPY', '--no-charts'], { dir, sim, env });
      expect({ file, code: res.code, stderr: res.stderr }).toEqual({ file, code: 0, stderr: '' });
    }
    const together = await runFolio(['report', single, family, '--benchmarks', 'SPY', '--no-charts'], {
      dir,
      sim,
      env,
    });
    expect(together.code).toBe(0);
    expect(sim.counters.total).toBe(before);
  }, 120_000);
});
