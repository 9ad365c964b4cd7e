// `npm run bench -- --only many-files`: 20 portfolio files of 30 holdings each, drawn (seeded) from a
// pool of 200 symbols. Requests of one `folio report` over all 20 files against 20 separate runs (each
// cold, as 20 cron jobs on fresh caches, and one after another on one shared cache). Target for the
// one run: quote and chart requests = ceil(Q/50) + C for the distinct symbols of all files (holdings,
// benchmarks, FX pairs), i.e. each symbol charted once and the quotes in full batches; and each file's
// report equal to its own single-file run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SETTINGS } from '../src/cli/settings.js';
import { loadHoldings } from '../src/holdings/load.js';
import { planPrices } from '../src/prices/plan.js';
import { type Simulator, simBars, startSimulator } from '../src/sim/index.js';
import { seededRandom, symbolFor } from './portfolios.js';
import { type ProcessRun, spawnTimed } from './process.js';

const TODAY = '2026-11-18';
const NOW = `${TODAY}T22:00:00.000Z`; // after every close
const FILES = 20;
const HOLDINGS = 30;
const POOL = 200;

export interface ManyFilesArgs {
  root: string;
  latencyMs: number;
  out: string;
}

interface Round {
  name: string;
  runs: number;
  quote: number;
  chart: number;
  cookieCrumb: number;
  chartsPerSymbolMax: number;
  ms: number;
}

function isoDaysBefore(today: string, days: number): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/** File `n`: 30 distinct symbols of the pool (of `pool` symbols), 1-2 lots each, costs at the simulator's close. */
export function poolPortfolio(n: number, today: string, pool = POOL): string {
  const random = seededRandom(1000 + n);
  const picked = new Set<number>();
  while (picked.size < HOLDINGS) picked.add(Math.floor(random() * pool));
  const rows = ['symbol,shares,cost,currency,date'];
  for (const index of picked) {
    const symbol = symbolFor(index);
    const lots = random() < 0.3 ? 2 : 1;
    for (let l = 0; l < lots; l++) {
      let date = isoDaysBefore(today, 7 + Math.floor(random() * (5 * 365 - 7)));
      const day = new Date(`${date}T00:00:00Z`).getUTCDay();
      if (day === 6 || day === 0) date = isoDaysBefore(date, day === 6 ? 1 : 2);
      const bar = simBars(symbol, date, isoDaysBefore(date, -7), { today })[0];
      rows.push(`${symbol},${1 + Math.floor(random() * 200)},${(bar?.close ?? 100).toFixed(4)},,${date}`);
    }
  }
  return `${rows.join('\n')}\n`;
}

/** A report's figures: provenance, fetch and generation times dropped. */
function figures(report: unknown): string {
  const drop = new Set(['generatedAt', 'fetchedAt', 'source', 'prices', 'bench']);
  return JSON.stringify(report, (key, value: unknown) => (drop.has(key) ? undefined : value));
}

export async function runManyFilesBench(args: ManyFilesArgs): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-bench-many-'));
  const sim: Simulator = await startSimulator({
    today: TODAY,
    now: () => Date.parse(NOW),
    latencyMs: args.latencyMs,
  });
  try {
    const dir = path.join(tmp, 'portfolios');
    fs.mkdirSync(dir);
    const files = Array.from({ length: FILES }, (_, i) => {
      const file = path.join(dir, `family-${String(i + 1).padStart(2, '0')}.csv`);
      fs.writeFileSync(file, poolPortfolio(i + 1, TODAY));
      return file;
    });
    const lots = [];
    for (const f of files) lots.push(...(await loadHoldings(f, { today: TODAY })).lots);
    const plan = planPrices({
      lots,
      baseCurrency: DEFAULT_SETTINGS.baseCurrency,
      benchmarks: DEFAULT_SETTINGS.benchmarks,
      today: TODAY,
    });
    const distinctHoldings = new Set(lots.map((l) => l.symbol)).size;
    const q = plan.quoteSymbols.length;
    const c = plan.historyFrom.size;
    const target = Math.ceil(q / DEFAULT_SETTINGS.quoteBatchSize) + c;
    process.stderr.write(
      `many files: ${FILES} files x ${HOLDINGS} holdings from a pool of ${POOL}: ${distinctHoldings} distinct holdings, Q=${q} symbols to quote, C=${c} histories; target ${target} requests\n`,
    );

    let home = 0;
    const run = (fileArgs: string[], cache?: string): Promise<ProcessRun> => {
      const h = path.join(tmp, `home-${++home}`);
      fs.mkdirSync(h);
      const env = {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: h,
        FOLIO_CONFIG_DIR: h,
        FOLIO_CACHE: cache ?? path.join(h, 'cache.sqlite'),
        FOLIO_NOW: NOW,
        FOLIO_YAHOO_URL: sim.url,
        NO_COLOR: '1',
        TZ: 'UTC',
      };
      const bin = path.join(args.root, 'bin', 'folio.js');
      return spawnTimed(process.execPath, [bin, 'report', ...fileArgs, '--format', 'json'], {
        env,
        cwd: args.root,
        keepStdout: true,
      });
    };
    const measure = async (
      name: string,
      body: () => Promise<ProcessRun[]>,
    ): Promise<[Round, ProcessRun[]]> => {
      sim.resetCounters();
      const started = performance.now();
      const runs = await body();
      const ms = performance.now() - started;
      for (const r of runs)
        if (r.code !== 0) throw new Error(`${name}: folio exited ${r.code}: ${r.stderr.trim()}`);
      const k = sim.counters.byEndpoint;
      const round: Round = {
        name,
        runs: runs.length,
        quote: k.quote,
        chart: k.chart,
        cookieCrumb: k.cookie + k.crumb,
        chartsPerSymbolMax: Math.max(...Object.values(sim.counters.chartBySymbol)),
        ms: Math.round(ms),
      };
      process.stderr.write(
        `  ${name.padEnd(34)} ${String(round.quote + round.chart).padStart(5)} requests (quote ${round.quote}, chart ${round.chart}; cookie+crumb ${round.cookieCrumb}), charts per symbol max ${round.chartsPerSymbolMax}, ${(ms / 1000).toFixed(1)} s\n`,
      );
      return [round, runs];
    };
    const sequential = async (each: (f: string) => Promise<ProcessRun>): Promise<ProcessRun[]> => {
      const out: ProcessRun[] = [];
      for (const f of files) out.push(await each(f));
      return out;
    };

    const [one, [oneRun]] = await measure('one run over all 20 files', async () => [await run([dir])]);
    const [cold, coldRuns] = await measure('20 separate runs, each cold', () => sequential((f) => run([f])));
    const shared = path.join(tmp, 'shared.sqlite');
    const [sharedRound] = await measure('20 separate runs, one cache', () =>
      sequential((f) => run([f], shared)),
    );

    const reports = (JSON.parse(oneRun!.stdout) as { reports: { report: unknown }[] }).reports;
    const equal = reports.filter(
      (r, i) => figures(r.report) === figures(JSON.parse(coldRuns[i]!.stdout)),
    ).length;
    const met = one.quote + one.chart === target && one.chartsPerSymbolMax === 1;
    process.stderr.write(
      `  target ceil(Q/50)+C = ${target}: ${met ? 'met' : 'MISSED'}; reports equal to the single-file runs: ${equal}/${FILES}\n`,
    );
    const result = {
      date: new Date().toISOString(),
      node: process.version,
      latencyMs: args.latencyMs,
      files: FILES,
      holdingsPerFile: HOLDINGS,
      pool: POOL,
      distinctHoldings,
      quoteSymbols: q,
      histories: c,
      target,
      met,
      reportsEqualToSingleRuns: equal,
      rounds: [one, cold, sharedRound],
    };
    fs.writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
    if (!met || equal !== FILES) process.exitCode = 1;
  } finally {
    await sim.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
