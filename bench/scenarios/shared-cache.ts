// Scenario `shared-cache` (`npm run bench -- --only shared-cache [--sizes 50]`): 4 processes standing for 4 hosts, each with its own home,
// config and local cache, sharing one real redis-server and one Yahoo simulator. Target: the 4 cold
// runs (cold on each host) send one chart per distinct symbol in total (+ at most one quote batch per
// host), and the 4 reports are identical, whether the hosts run one after another or start at the same
// instant (then one run leases the missing symbols and the others wait for its entries). Measured for
// comparison: the same 4 hosts each with its own cache file.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SETTINGS } from '../../src/cli/settings.js';
import { loadHoldings } from '../../src/holdings/load.js';
import { planPrices } from '../../src/prices/plan.js';
import { type Simulator, startSimulator } from '../../src/sim/index.js';
import { type BenchArgs, resultsFile } from '../args.js';
import { makePortfolio } from '../portfolios.js';
import { type ProcessRun, spawnTimed } from '../process.js';

const TODAY = '2026-11-18';
const NOW = `${TODAY}T22:00:00.000Z`; // after every close: quotes stay fresh until the next open
const HOSTS = 4;

export interface SharedCacheArgs {
  root: string;
  latencyMs: number;
  size: number;
  out: string;
}

interface HostRun {
  host: number;
  ms: number;
  code: number | null;
  quote: number;
  chart: number;
  cookieCrumb: number;
  warnings: number;
}

interface Round {
  name: string;
  hosts: HostRun[];
  quote: number;
  chart: number;
  cookieCrumb: number;
  chartsPerSymbolMax: number;
  identical: boolean;
  ms: number;
}

function findRedisServer(): string | null {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const p = found.stdout.trim();
  return found.status === 0 && p !== '' ? p : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startRedis(bin: string, dir: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    bin,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
    child.on('exit', () => reject(new Error('redis-server exited')));
  });
  return { url: `redis://127.0.0.1:${port}/0`, child };
}

/** The report's figures: provenance (live/cache), fetch and generation times dropped. */
function figures(stdout: string): string {
  const drop = new Set(['generatedAt', 'fetchedAt', 'source', 'prices', 'bench']);
  return JSON.stringify(JSON.parse(stdout), (key, value: unknown) => (drop.has(key) ? undefined : value));
}

export async function runSharedCacheBench(args: SharedCacheArgs): Promise<void> {
  const bin = findRedisServer();
  if (bin === null) throw new Error('redis-server not found (apt-get install -y redis-server)');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-bench-shared-'));
  const sim: Simulator = await startSimulator({
    today: TODAY,
    now: () => Date.parse(NOW),
    latencyMs: args.latencyMs,
  });
  const portfolio = makePortfolio(args.size, TODAY);
  const file = path.join(tmp, 'holdings.csv');
  fs.writeFileSync(file, portfolio.csv);
  const holdings = await loadHoldings(file, { today: TODAY });
  const plan = planPrices({
    lots: holdings.lots,
    baseCurrency: DEFAULT_SETTINGS.baseCurrency,
    benchmarks: DEFAULT_SETTINGS.benchmarks,
    today: TODAY,
  });
  const distinct = plan.quoteSymbols.length;
  const batches = Math.ceil(distinct / DEFAULT_SETTINGS.quoteBatchSize);
  process.stderr.write(
    `shared cache: ${HOSTS} hosts, ${args.size} holdings (${distinct} symbols with benchmarks and FX), latency ${args.latencyMs} ms\n`,
  );

  let round = 0;
  const host = (cache: string, n: number) => {
    const dir = path.join(tmp, `round-${round}-host-${n}`);
    fs.mkdirSync(dir);
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dir,
      FOLIO_CONFIG_DIR: dir,
      FOLIO_CACHE: cache,
      FOLIO_NOW: NOW,
      FOLIO_YAHOO_URL: sim.url,
      NO_COLOR: '1',
      TZ: 'UTC',
    };
    return () =>
      spawnTimed(
        process.execPath,
        [path.join(args.root, 'bin', 'folio.js'), 'report', file, '--format', 'json'],
        {
          env,
          cwd: args.root,
          keepStdout: true,
        },
      );
  };
  const counts = () => ({ ...sim.counters.byEndpoint });
  const measure = async (name: string, cache: string, together: boolean): Promise<Round> => {
    round += 1;
    sim.resetCounters();
    const started = performance.now();
    const runs: [ProcessRun, ReturnType<typeof counts>][] = [];
    const hosts = Array.from({ length: HOSTS }, (_, i) => host(cache, i + 1));
    if (together) {
      const all = await Promise.all(hosts.map((h) => h()));
      for (const r of all) runs.push([r, { cookie: 0, crumb: 0, quote: NaN, chart: NaN, other: 0 }]);
    } else {
      for (const h of hosts) {
        const before = counts();
        const r = await h();
        const after = counts();
        runs.push([
          r,
          {
            cookie: after.cookie - before.cookie,
            crumb: after.crumb - before.crumb,
            quote: after.quote - before.quote,
            chart: after.chart - before.chart,
            other: 0,
          },
        ]);
      }
    }
    const ms = performance.now() - started;
    const reports = runs.map(([r]) => (r.code === 0 ? figures(r.stdout) : `exit ${r.code}`));
    const total = counts();
    return {
      name,
      hosts: runs.map(([r, c], i) => ({
        host: i + 1,
        ms: Math.round(r.ms),
        code: r.code,
        quote: c.quote,
        chart: c.chart,
        cookieCrumb: c.cookie + c.crumb,
        warnings: r.stderr.split('\n').filter((l) => l.startsWith('warning:')).length,
      })),
      quote: total.quote,
      chart: total.chart,
      cookieCrumb: total.cookie + total.crumb,
      chartsPerSymbolMax: Math.max(0, ...Object.values(sim.counters.chartBySymbol)),
      identical: reports.every((r) => r === reports[0]) && runs.every(([r]) => r.code === 0),
      ms: Math.round(ms),
    };
  };

  const rounds: Round[] = [];
  const redisDir = path.join(tmp, 'redis');
  fs.mkdirSync(redisDir);
  const redis = await startRedis(bin, redisDir);
  try {
    rounds.push(await measure('4 hosts one after another, one Redis', redis.url, false));
    spawnSync('redis-cli', ['-u', redis.url, 'FLUSHDB']);
    rounds.push(await measure('4 hosts at the same instant, one Redis', redis.url, true));
    rounds.push(await measure('4 hosts one after another, each its own file (no sharing)', '', false));
  } finally {
    redis.child.kill('SIGTERM');
    await sim.close();
  }
  const staggered = rounds[0]!;
  const together = rounds[1]!;
  const target = distinct + HOSTS * batches;
  const meets = (r: Round) =>
    r.chart === distinct && r.chartsPerSymbolMax === 1 && r.quote <= HOSTS * batches && r.identical;
  const met = meets(staggered) && meets(together);
  const lines = [
    `| scenario | quote | chart | cookie/crumb | max charts of one symbol | reports identical | wall ms |`,
    `|---|---:|---:|---:|---:|---|---:|`,
    ...rounds.map(
      (r) =>
        `| ${r.name} | ${r.quote} | ${r.chart} | ${r.cookieCrumb} | ${r.chartsPerSymbolMax} | ${r.identical ? 'yes' : 'NO'} | ${r.ms} |`,
    ),
    '',
    `per host (one after another): ${staggered.hosts.map((h) => `host ${h.host}: ${h.quote} quote + ${h.chart} chart, ${h.ms} ms`).join('; ')}`,
    '',
    `target: the 4 cold runs send one chart per distinct symbol (${distinct}) + at most one quote batch per host (${HOSTS} x ${batches}), at most ${target} data requests; all 4 reports identical: ${met ? 'MET' : 'MISSED'} (one after another ${staggered.chart} chart + ${staggered.quote} quote; at the same instant ${together.chart} chart + ${together.quote} quote)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  fs.writeFileSync(
    args.out,
    `${JSON.stringify({ scenario: 'shared-cache', hosts: HOSTS, holdings: args.size, distinctSymbols: distinct, quoteBatchesPerHost: batches, latencyMs: args.latencyMs, target: { dataRequests: target, met }, rounds }, null, 2)}\n`,
  );
  fs.rmSync(tmp, { recursive: true, force: true });
}

/** `--only shared-cache`: one portfolio size (`--sizes N`, else 50); needs redis-server. */
export async function runSharedCacheScenario(args: BenchArgs): Promise<void> {
  const out = resultsFile(args, 'shared-cache');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await runSharedCacheBench({
    root: args.root,
    latencyMs: args.latencyMs,
    size: args.sizes.length === 1 ? args.sizes[0]! : 50,
    out,
  });
}
