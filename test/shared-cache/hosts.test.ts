// Several hosts sharing one cache server: each "host" is the built CLI with its own config and local
// cache directory, all pointed at one real redis-server and one Yahoo simulator. The requests the
// simulator records say who fetched what; the reports must match exactly.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { SAMPLE_CSV, STACK_LINE, cleanupTempDirs, tempDir } from '../e2e/helpers.js';
import { type RedisServer, freePort, redisAvailable, startRedis } from './redis.js';
import { runFolio, type RunResult } from '../support/cli.js';
import { startSim } from '../support/simulator.js';

const PASSWORD = 'sw0rdfish-Secret';
const hasRedis = redisAvailable();

/**
 * A JSON report's figures: everything but where each price came from (live or cache), when it was
 * fetched and when the report was generated, which rightly differ between a cold and a warm host.
 */
export function figures(stdout: string): unknown {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (typeof v !== 'object' || v === null) return v;
    const out: Record<string, unknown> = {};
    const provenance = 'live' in v && 'cache' in v;
    for (const [k, x] of Object.entries(v)) {
      if (k === 'generatedAt' || k === 'source' || k === 'fetchedAt') continue;
      if (provenance && (k === 'live' || k === 'cache')) continue;
      out[k] = strip(x);
    }
    return out;
  };
  return strip(JSON.parse(stdout));
}

/** The lines of stderr about the shared cache. */
const sharedCacheWarnings = (r: RunResult) => r.stderr.split('\n').filter((l) => /shared cache/.test(l));

// Each test spawns several CLI runs; the machine running them may be busy.
describe.runIf(hasRedis)('hosts sharing a Redis cache', { timeout: 120_000 }, () => {
  let redis: RedisServer;
  let sim: Simulator;
  beforeAll(async () => {
    redis = await startRedis({ password: PASSWORD });
    sim = await startSim();
  });
  afterAll(async () => {
    await sim?.close();
    await redis?.stop();
  });
  beforeEach(() => {
    redis.cli('FLUSHALL');
    sim.configure({ down: false, hangMs: 0 });
    sim.resetCounters();
  });
  afterEach(() => cleanupTempDirs());

  /** One host: its own home, config and local cache; the shared server as its cache. */
  const host = (name: string) => {
    const dir = tempDir(`folio-host-${name}-`);
    return (args: string[], env: Record<string, string | undefined> = {}) =>
      runFolio(args, { dir, sim, env: { FOLIO_CACHE: redis.url, ...env } });
  };

  it('a warm run on a second host sends no request and prints the same report', async () => {
    const a = host('a');
    const b = host('b');
    const cold = await a(['report', SAMPLE_CSV, '--format', 'json']);
    expect(cold.code).toBe(0);
    expect(sim.counters.byEndpoint.chart).toBeGreaterThan(10);
    sim.resetCounters();
    const warm = await b(['report', SAMPLE_CSV, '--format', 'json']);
    expect(warm.code).toBe(0);
    expect(sim.counters.total).toBe(0);
    expect(figures(warm.stdout)).toEqual(figures(cold.stdout));
    expect(
      (JSON.parse(warm.stdout) as { holdings: { source: string }[] }).holdings.every(
        (h) => h.source === 'cache',
      ),
    ).toBe(true);
    expect(warm.stderr).toBe(cold.stderr);
  });

  it('a breaker opened by one host holds back the others', async () => {
    sim.configure({ down: true });
    const a = await host('a')(['report', SAMPLE_CSV]);
    expect(a.code).toBe(4);
    const breaker = JSON.parse(redis.cli('GET', 'folio:meta:breaker')) as { value: { state: string } };
    expect(breaker.value.state).toBe('open');
    sim.configure({ down: false });
    sim.resetCounters();
    const b = await host('b')(['report', SAMPLE_CSV]);
    expect(sim.counters.total).toBe(0);
    expect(b.code).toBe(4);
    expect(b.stderr).not.toContain(STACK_LINE);
    // A host with its own local cache (no server) is not held back.
    const own = await host('c')(['report', SAMPLE_CSV], { FOLIO_CACHE: undefined });
    expect(own.code).toBe(0);
    expect(sim.counters.total).toBeGreaterThan(0);
  });

  it('two hosts fetching the same symbols at once leave correct entries and identical reports', async () => {
    sim.configure({ hangMs: 30 });
    const [a, b] = await Promise.all([
      host('a')(['report', SAMPLE_CSV, '--format', 'json']),
      host('b')(['report', SAMPLE_CSV, '--format', 'json']),
    ]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(figures(a.stdout)).toEqual(figures(b.stdout));
    // One run leased the missing histories, the other waited for them: each symbol charted once.
    expect(Math.max(...Object.values(sim.counters.chartBySymbol))).toBe(1);
    // What they left is complete: a third host reports the same without a request.
    sim.configure({ hangMs: 0 });
    sim.resetCounters();
    const c = await host('c')(['report', SAMPLE_CSV, '--format', 'json']);
    expect(sim.counters.total).toBe(0);
    expect(figures(c.stdout)).toEqual(figures(a.stdout));
    // And the same as a host that never saw the server.
    const alone = await host('d')(['report', SAMPLE_CSV, '--format', 'json'], { FOLIO_CACHE: undefined });
    expect(figures(alone.stdout)).toEqual(figures(a.stdout));
  });

  it('credentials in the URL are never printed: debug, warnings, errors, cache path, config', async () => {
    const a = host('a');
    const runs = [
      await a(['report', SAMPLE_CSV, '--debug']),
      await a(['report', SAMPLE_CSV, '--debug'], {
        FOLIO_CACHE: redis.url.replace(PASSWORD, 'Wr0ng-passw0rd'),
      }),
      await a(['cache', 'path']),
      await a(['cache', 'stats', '--format', 'json']),
      await a(['report', SAMPLE_CSV], { FOLIO_CACHE: redis.url.replace(/\/0$/, '/x') }),
      await a(['config', 'set', 'cachePath', redis.url], { FOLIO_CACHE: undefined }),
      await a(['config', 'get', 'cachePath'], { FOLIO_CACHE: undefined }),
      await a(['config', 'list', '--json'], { FOLIO_CACHE: undefined }),
    ];
    for (const r of runs) {
      const out = r.stdout + r.stderr;
      expect(out).not.toContain(PASSWORD);
      expect(out).not.toContain('Wr0ng-passw0rd');
      expect(out).not.toContain(STACK_LINE);
    }
    const masked = `redis://***@127.0.0.1:${redis.port}/0`;
    expect(runs[0]!.code).toBe(0);
    expect(runs[1]!.code).toBe(0);
    expect(sharedCacheWarnings(runs[1]!)).toEqual([
      expect.stringContaining(`shared cache ${masked} cannot be reached`),
    ]);
    expect(runs[2]!.stdout).toBe(`${masked}\n`);
    expect(JSON.parse(runs[3]!.stdout)).toMatchObject({ path: masked, location: 'server' });
    expect(runs[4]!.code).toBe(2);
    expect(runs[4]!.stderr).toMatch(
      /FOLIO_CACHE "redis:\/\/\*\*\*@127\.0\.0\.1:\d+\/x": database "x": must be a number/,
    );
    expect(runs[6]!.stdout).toBe(`${masked}\n`);
  });

  it('cache stats, clear and path work on the server, and clear touches only folio keys', async () => {
    redis.cli('SET', 'another-app:session', 'keep me');
    const a = host('a');
    expect((await a(['cache', 'warm', SAMPLE_CSV])).code).toBe(0);
    const stats = await a(['cache', 'stats']);
    expect(stats.code).toBe(0);
    expect(stats.stdout).toMatch(
      new RegExp(`^server\\s+redis://\\*\\*\\*@127\\.0\\.0\\.1:${redis.port}/0$`, 'm'),
    );
    const json = JSON.parse((await a(['cache', 'stats', '--format', 'json'])).stdout) as {
      quotes: number;
      histories: number;
      symbols: string[];
    };
    const keys = redis.cli('KEYS', 'folio:*').trim().split('\n');
    expect(json.quotes).toBe(keys.filter((k) => k.startsWith('folio:q:')).length);
    expect(json.histories).toBe(keys.filter((k) => k.startsWith('folio:h:')).length);
    expect(json.histories).toBeGreaterThan(10);
    expect(stats.stdout).toMatch(new RegExp(`^quotes\\s+${json.quotes}$`, 'm'));
    const one = await a(['cache', 'clear', '--symbol', 'aapl']);
    expect(one.stdout).toBe(`removed 2 entries from redis://***@127.0.0.1:${redis.port}/0\n`);
    expect(redis.cli('EXISTS', 'folio:h:AAPL').trim()).toBe('0');
    const all = await a(['cache', 'clear']);
    expect(all.stdout).toBe(
      `removed ${json.quotes + json.histories - 2} entries from redis://***@127.0.0.1:${redis.port}/0\n`,
    );
    expect(redis.cli('KEYS', '*').trim()).toBe('another-app:session');
    // A server that is down: the cache commands say so in one line (they never fall back).
    const port = await freePort();
    const down = await a(['cache', 'stats'], { FOLIO_CACHE: `redis://u:${PASSWORD}@127.0.0.1:${port}/0` });
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(
      new RegExp(`cannot open the cache redis://\\*\\*\\*@127\\.0\\.0\\.1:${port}/0 \\(.*ECONNREFUSED`),
    );
    expect(down.stderr).not.toContain(PASSWORD);
  });
});

describe.runIf(hasRedis)('a shared cache that fails', { timeout: 120_000 }, () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(async () => {
    await sim?.close();
  });
  afterEach(() => cleanupTempDirs());

  it('unreachable: one warning, and the report comes from the local cache without a request', async () => {
    const dir = tempDir('folio-host-');
    // The host's own default cache (no FOLIO_CACHE), filled by an earlier run.
    const local = await runFolio(['report', SAMPLE_CSV, '--format', 'json'], {
      dir,
      sim,
      env: { FOLIO_CACHE: undefined },
    });
    expect(local.code).toBe(0);
    sim.resetCounters();
    const port = await freePort();
    const started = Date.now();
    const r = await runFolio(['report', SAMPLE_CSV, '--format', 'json'], {
      dir,
      sim,
      env: { FOLIO_CACHE: `redis://127.0.0.1:${port}/0` },
    });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(r.code).toBe(0);
    expect(sim.counters.total).toBe(0);
    expect(figures(r.stdout)).toEqual(figures(local.stdout));
    expect(sharedCacheWarnings(r)).toEqual([
      expect.stringMatching(
        /^warning: shared cache redis:\/\/127\.0\.0\.1:\d+\/0 cannot be reached \(.*ECONNREFUSED.*\); going on with the local cache .*cache\.sqlite$/,
      ),
    ]);
    expect(r.stderr.replace(sharedCacheWarnings(r)[0]!, '').trim()).toBe(local.stderr.trim());
  });

  it('stopped mid-run: the report completes with one warning and the process exits promptly', async () => {
    const redis = await startRedis();
    try {
      const dir = tempDir('folio-host-');
      sim.resetCounters();
      sim.configure({ hangMs: 150 });
      const started = Date.now();
      const running = runFolio(['report', SAMPLE_CSV, '--format', 'json'], {
        dir,
        sim,
        env: { FOLIO_CACHE: redis.url },
        timeoutMs: 60_000,
      });
      // Killed once the run has read the cache and is fetching from the (slowed) simulator.
      while (sim.counters.total < 3) await new Promise((resolve) => setTimeout(resolve, 20));
      await redis.kill();
      const r = await running;
      const took = Date.now() - started;
      sim.configure({ hangMs: 0 });
      expect(r.code).toBe(0);
      expect(r.signal).toBeNull();
      expect(took).toBeLessThan(45_000);
      expect(sharedCacheWarnings(r)).toEqual([
        expect.stringMatching(
          /^warning: shared cache redis:\/\/127\.0\.0\.1:\d+\/0 failed \(.+\); going on with the local cache /,
        ),
      ]);
      // The report is the one a host without a server prints.
      const alone = await runFolio(['report', SAMPLE_CSV, '--format', 'json'], {
        dir: tempDir('folio-alone-'),
        sim,
        env: { FOLIO_CACHE: undefined },
      });
      expect(figures(r.stdout)).toEqual(figures(alone.stdout));
    } finally {
      sim.configure({ hangMs: 0 });
      await redis.stop();
    }
  });
});
