// A run killed with SIGKILL at a random moment (seeded) while it fetches and writes the cache
// never leaves a cache that the next run cannot open or that gives a wrong report. Quick size in the
// normal suite; FOLIO_STRESS=1 (npm run test:stress) runs the full 20 kills on 50 holdings.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { STRESS, cliEnv, hasStackTrace, holdingsCsv, prng, reportNumbers, tempDir } from './helpers.js';
import { runFolio } from '../support/cli.js';
import { startSim } from '../support/simulator.js';

const SLOW = 600_000;
const KILLS = STRESS ? 20 : 8;
const HOLDINGS = STRESS ? 50 : 12;
const ARGS = ['--benchmarks', 'SPY', '--format', 'json', '--no-charts'];

let sim: Simulator;
let tmp: ReturnType<typeof tempDir>;
let holdings: string;

beforeAll(async () => {
  // A little latency spreads the requests over time.
  sim = await startSim({ latencyMs: 15 });
  tmp = tempDir('kills');
  holdings = path.join(tmp.dir, 'holdings.csv');
  fs.writeFileSync(holdings, holdingsCsv(HOLDINGS));
});
afterAll(async () => {
  await sim.close();
  tmp.remove();
});

async function quickCheck(file: string): Promise<string> {
  const sqlite3 = (await import('sqlite3')).default;
  return await new Promise<string>((resolve, reject) => {
    const db = new sqlite3.Database(file, (e) => {
      if (e) return reject(e);
      db.all('PRAGMA quick_check', (e2, rows: { quick_check: string }[]) =>
        e2 ? reject(e2) : db.close(() => resolve(rows.map((r) => r.quick_check).join('; '))),
      );
    });
  });
}

describe('SIGKILL while writing the cache', () => {
  it(
    `${KILLS} kills at seeded random moments: each next run opens the cache and gives the right report`,
    async () => {
      const env = cliEnv({ dir: tmp.dir, yahooUrl: sim.url });
      sim.resetCounters();
      const reference = await runFolio(['report', holdings, ...ARGS], {
        env: cliEnv({
          dir: tmp.dir,
          yahooUrl: sim.url,
          cache: path.join(tmp.dir, 'reference', 'cache.sqlite'),
        }),
      });
      expect(reference.code, reference.stderr).toBe(0);
      const expected = reportNumbers(reference.stdout);
      expect((expected as { holdings: unknown[] }).holdings).toHaveLength(HOLDINGS);
      // The moment of each kill is chosen by progress, not wall time (this machine's speed varies): after
      // a random number of the run's requests has been answered, plus a random delay; after the last
      // answer comes the cache write, so that case waits longest.
      const requests = sim.counters.total;
      expect(requests).toBeGreaterThan(HOLDINGS);

      const random = prng(7_2026);
      let killed = 0;
      for (let k = 0; k < KILLS; k++) {
        // Odd kills refetch everything into a full cache; even ones (the first included) start cold.
        if (k % 2 === 0 && k > 0) expect((await runFolio(['cache', 'clear'], { env })).code).toBe(0);
        const after = 1 + Math.floor(random() * requests);
        const extraMs = Math.round(random() * (after >= requests - 1 ? 400 : 40));
        const moment = `kill ${k} (after ${after}/${requests} requests + ${extraMs} ms)`;
        sim.resetCounters();
        let poll: NodeJS.Timeout | undefined;
        const victim = await runFolio(['report', holdings, ...ARGS, ...(k % 2 === 1 ? ['--refresh'] : [])], {
          env,
          timeoutMs: 300_000,
          onSpawn: (kill) => {
            poll = setInterval(() => {
              if (sim.counters.total < after) return;
              clearInterval(poll);
              setTimeout(kill, extraMs);
            }, 2);
          },
        });
        clearInterval(poll);
        if (victim.signal === 'SIGKILL') killed++;
        else expect(victim.code, `${moment}: ${victim.stderr}`).toBe(0);

        // SQLite's own check of the file as the kill left it (absent when killed before opening it).
        if (fs.existsSync(env.FOLIO_CACHE!)) expect(await quickCheck(env.FOLIO_CACHE!), moment).toBe('ok');
        const next = await runFolio(['report', holdings, ...ARGS], { env, timeoutMs: 300_000 });
        expect(next.code, `${moment}: ${next.stderr}`).toBe(0);
        // Nothing beyond what a run on an untouched cache says (the generated costs draw typo warnings).
        expect(next.stderr, moment).toBe(reference.stderr);
        expect(hasStackTrace(next.stderr)).toBe(false);
        expect(reportNumbers(next.stdout), moment).toEqual(expected);
      }
      // Most runs must really have been killed, or the test proved nothing.
      expect(killed).toBeGreaterThanOrEqual(Math.ceil(KILLS / 2));
      expect(fs.readdirSync(path.dirname(env.FOLIO_CACHE!)).filter((n) => n.includes('.corrupt-'))).toEqual(
        [],
      );
    },
    SLOW,
  );
});
