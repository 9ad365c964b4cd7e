// The bench's in-process run (bench/folio.ts) is the CLI's own report path: its warnings and figures
// are what `folio report FILE --format json` gives for the same file, cache and clock (the built CLI:
// npm run build first).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type FolioRun, reportNumbers, runFolio } from '../../bench/folio.js';
import type { Report } from '../../src/analytics/model.js';
import type { Simulator } from '../../src/sim/index.js';
import { runFolio as runCli } from '../support/cli.js';
import { SIM_NOW, startSim } from '../support/simulator.js';

let sim: Simulator;
let dir: string;

beforeAll(async () => {
  sim = await startSim();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-bench-run-'));
});
afterAll(async () => {
  await sim.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function holdings(name: string, rows: string[], head = 'symbol,shares,cost,currency,date'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${head}\n${rows.join('\n')}\n`);
  return file;
}

const bench = (file: string, cachePath: string): Promise<FolioRun> =>
  runFolio({ file, cachePath, yahooUrl: sim.url, clockOffset: SIM_NOW - Date.now() });

describe('the bench runs the report path of the CLI', () => {
  it('names a holding without a price once, as excluded from the totals', async () => {
    const cachePath = path.join(dir, 'down.sqlite');
    await bench(holdings('warm.csv', ['AAPL,10,150,USD,2022-03-01']), cachePath);
    // Yahoo down: AAPL and the benchmarks come from the cache, MSFT has no price at all.
    sim.configure({ down: true });
    try {
      const file = holdings('two.csv', ['AAPL,10,150,USD,2022-03-01', 'MSFT,5,280,USD,2023-06-01']);
      const run = await bench(file, cachePath);
      const msft = run.warnings.filter((w) => w.startsWith('MSFT'));
      expect(msft).toHaveLength(1);
      expect(msft[0]).toMatch(/^MSFT: no price available \(.+\); excluded from totals$/);
    } finally {
      sim.configure({ down: false });
    }
  }, 120_000);

  it('gives the figures of `folio report FILE --format json`: the same analytics input', async () => {
    // Two buys at different costs and a sell: its realized gain is what the cost method decides.
    const file = holdings(
      'sells.csv',
      [
        'AAPL,10,150,USD,2022-03-01,buy',
        'AAPL,10,190,USD,2023-03-01,buy',
        'AAPL,4,170,USD,2024-05-01,sell',
        'MSFT,5,280,USD,2023-06-01,buy',
      ],
      'symbol,shares,cost,currency,date,type',
    );
    const cachePath = path.join(dir, 'same.sqlite');
    const run = await bench(file, cachePath);
    const cli = await runCli(['report', file, '--format', 'json'], {
      dir,
      sim,
      env: { FOLIO_CACHE: cachePath },
    });
    expect(cli.code).toBe(0);
    const stdout = cli.stdout;
    expect(reportNumbers(run.report)).toBe(reportNumbers(JSON.parse(stdout) as Report));
  }, 60_000);
});
