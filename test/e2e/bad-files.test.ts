// Every file of the bad-input corpus, run through the CLI: exit 3 and exactly the first error line that
// fixtures/bad/EXPECTED.json records (paths as given from the repo root), no stack, nothing on stdout.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { STACK_LINE, cleanupTempDirs, pool, tempDir } from './helpers.js';
import { ROOT, runFolio } from '../support/cli.js';
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

describe('fixtures/bad through the CLI', () => {
  it('every file in fixtures/bad gives its EXPECTED.json line', async () => {
    const expected = JSON.parse(
      fs.readFileSync(path.join(ROOT, 'fixtures', 'bad', 'EXPECTED.json'), 'utf8'),
    ) as Record<string, string>;
    const names = Object.keys(expected);
    expect(names.length).toBeGreaterThan(50);
    const results = await pool(names, 4, (name) =>
      runFolio(['report', `fixtures/bad/${name}`], { dir, sim, cwd: ROOT }),
    );
    const wrong = names
      .map((name, i) => ({
        name,
        code: results[i]!.code,
        first: lines(results[i]!.stderr)[0],
        stack: results[i]!.stderr.includes(STACK_LINE),
        stdout: results[i]!.stdout,
      }))
      .filter((x) => x.code !== 3 || x.first !== `folio: ${expected[x.name]}` || x.stack || x.stdout !== '');
    expect(wrong).toEqual([]);
    expect(sim.counters.total).toBe(0);
  }, 90_000);
});
