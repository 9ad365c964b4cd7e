// `npm run bench [-- --quick] [--latency-ms N] [--reps N] [--sizes 10,50] [--no-naive] [--no-process]
//   [--only process|shared-cache|many-files] [--pairs N]`
// Starts folio's Yahoo simulator in this process, then for each portfolio size runs the scenarios
// (cold, warm, next day, faults) with folio's pipeline side by side with the naive baseline and
// the lower bound, times the built CLI as a whole process against `node -e 0` (warm reports on a
// holdings file edited between runs, peak RSS, `--version`), prints a markdown table and the targets
// met/missed, and writes bench/results.json. `--only process` runs the whole-process rows alone;
// `--only shared-cache [--sizes 50]` the hosts sharing one Redis (bench/shared-cache.ts);
// `--only many-files` one run over 20 portfolio files against 20 runs (bench/many-files.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SETTINGS } from '../src/cli/settings.js';
import { RunStatsCollector } from '../src/prices/stats.js';
import { createYahooClient } from '../src/prices/yahoo/client.js';
import { type Simulator, startSimulator } from '../src/sim/index.js';
import { type FolioRun, firstDifference, reportNumbers, runFolio } from './folio.js';
import { LOWER_BOUND_FORMULA, type LowerBound, lowerBound } from './lower-bound.js';
import { naiveCalls, runNaive } from './naive.js';
import { makePortfolio } from './portfolios.js';
import {
  type VersionResult,
  type WholeProcessResult,
  measureVersion,
  measureWholeProcess,
  median,
} from './process.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DAY0 = '2026-11-18'; // a Wednesday
const DAY1 = '2026-11-19'; // one business day on
const CLOSE_HOUR = 'T22:00:00.000Z'; // after the US close (21:00Z in November): closed bars only
const BENCHMARKS = DEFAULT_SETTINGS.benchmarks;
const CONCURRENCY = DEFAULT_SETTINGS.concurrency;
const BATCH = DEFAULT_SETTINGS.quoteBatchSize;
const FAULTS = { failRate: 0.1, rateLimit: 20 };
/** The 500-holding whole-process row's purchase dates start here (ten years of history). */
const LOTS_SINCE = '2016-01-04';
const MB = 1024 * 1024;

interface Args {
  quick: boolean;
  latencyMs: number;
  reps: number;
  /** --reps was given: applies to every scenario. */
  repsGiven: boolean;
  sizes: number[];
  naive: boolean;
  process: boolean;
  /** `--only process`: the whole-process rows alone. */
  processOnly: boolean;
  /** Timed pairs per whole-process row. */
  pairs: number;
  /** Results file; null: none (`--only process` without `--out`). */
  out: string | null;
  /** `--only NAME`: run that scenario alone. */
  only: string | undefined;
}

function parseArgs(argv: string[]): Args {
  const quick = argv.includes('--quick');
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  };
  const num = (name: string, fallback: number): number => {
    const v = value(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name}: not a number: ${v}`);
    return n;
  };
  const sizes = value('--sizes')?.split(',').map(Number) ?? (quick ? [10, 50] : [10, 50, 200, 500]);
  return {
    quick,
    latencyMs: num('--latency-ms', 100),
    reps: Math.max(1, Math.round(num('--reps', quick ? 3 : 5))),
    repsGiven: value('--reps') !== undefined,
    sizes,
    naive: !argv.includes('--no-naive'),
    process: !argv.includes('--no-process'),
    processOnly: value('--only') === 'process',
    pairs: Math.max(1, Math.round(num('--pairs', quick ? 5 : 10))),
    out: value('--out') ?? (value('--only') === 'process' ? null : path.join(ROOT, 'bench', 'results.json')),
    only: value('--only'),
  };
}

interface Spread {
  median: number;
  min: number;
  max: number;
}

const spread = (values: number[]): Spread => ({
  median: median(values),
  min: Math.min(...values),
  max: Math.max(...values),
});

interface SimCount {
  total: number;
  data: number;
  quote: number;
  chart: number;
  cookie: number;
  crumb: number;
  byStatus: Record<string, number>;
  log: { at: number; path: string; status: number }[];
}

function simCount(sim: Simulator): SimCount {
  const c = sim.counters;
  return {
    total: c.total,
    data: c.byEndpoint.quote + c.byEndpoint.chart,
    quote: c.byEndpoint.quote,
    chart: c.byEndpoint.chart,
    cookie: c.byEndpoint.cookie,
    crumb: c.byEndpoint.crumb,
    byStatus: { ...c.byStatus },
    log: c.log.map((e) => ({ at: e.at, path: e.path, status: e.status })),
  };
}

interface Sample {
  run: FolioRun;
  sim: SimCount;
  sends: number[];
  /** CPU time of this process during the run: folio and the in-process simulator together. */
  cpuMs: number;
  /** Time the main thread was runnable but waiting for a CPU (Linux schedstat); null elsewhere. */
  runQueueMs: number | null;
}

/** Nanoseconds the main thread has waited on a run queue so far (Linux), or null. */
function runQueueNs(): number | null {
  try {
    const wait = Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[1]);
    return Number.isFinite(wait) ? wait : null;
  } catch {
    return null;
  }
}

interface NaiveFigures {
  runs: number;
  ms: Spread;
  requests: number;
  failures: number;
  note: string;
}

export interface ScenarioResult {
  scenario: 'cold' | 'warm' | 'next-day' | 'faults';
  holdings: number;
  symbols: number;
  runs: number;
  requests: {
    total: Spread;
    data: Spread;
    quote: number;
    chart: number;
    cookie: number;
    crumb: number;
    byStatus: Record<string, number>;
  };
  wallMs: Spread;
  /** CPU ms of the bench process per run (folio + simulator): near the wall time means CPU-bound. */
  cpuMs: Spread;
  /** Median ms the bench's main thread waited for a CPU during a run (machine load), null off Linux. */
  runQueueMs: number | null;
  lowerBound: LowerBound & { formula: string };
  timeOverLowerBound: number | null;
  naive: NaiveFigures | null;
  naiveOverFolioTime: number | null;
  naiveOverFolioRequests: number | null;
  cacheHitRate: number | null;
  retries: Spread;
  /** High-water RSS of the bench process (simulator included) after the scenario. */
  peakRssMB: number;
  sameNumbers?: { as: string; equal: boolean; difference?: string };
  requestsWhileBreakerOpen?: number;
  breakerOpened?: number;
  tailOnlyCharts?: boolean;
  /** Median wall ms by folio's own phases (load, quotes, history, ...) and analytics/render measured here. */
  phasesMs: Record<string, number>;
  warnings: number;
  /** A few of the report's warnings (first run that had any), to show what went wrong. */
  sampleWarnings: string[];
  cpus: number;
  cpuModel: string;
  node: string;
  date: string;
  loadAverage: number[];
  latencyMs: number;
  concurrency: number;
}

type ProcessResult = WholeProcessResult;

interface Target {
  target: string;
  met: boolean | null;
  figure: string;
}

const machine = () => ({
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
  node: process.version,
  date: new Date().toISOString(),
  loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
});

const rssMB = () => Math.round((process.resourceUsage().maxRSS * 1024) / MB);

/** A day's clock: folio's and the simulator's "now" move on from 22:00Z of `day`, continuously across runs. */
class DayClock {
  offset = 0;
  set(day: string): void {
    this.offset = Date.parse(`${day}${CLOSE_HOUR}`) - Date.now();
  }
  now(): number {
    return Date.now() + this.offset;
  }
}

function copyCache(from: string, to: string): void {
  for (const suffix of ['', '-wal', '-shm'])
    if (fs.existsSync(from + suffix)) fs.copyFileSync(from + suffix, to + suffix);
}

/**
 * Send instants (Date.now) of every HTTP request of this process: a recorder under folio's fetch
 * function (which takes the global fetch as its base when the client is built), so "no request while
 * the breaker is open" is judged at the moment of sending, not from the simulator's response log.
 */
const sendTimes: number[] = [];
function recordSends(): void {
  const realFetch = globalThis.fetch;
  globalThis.fetch = ((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    sendTimes.push(Date.now());
    return realFetch(input, init);
  }) as typeof fetch;
}

/** Requests sent while folio's breaker was open (between an `open` transition and the next one). */
function requestsWhileOpen(run: FolioRun, sends: readonly number[]): { opened: number; during: number } {
  const t = run.stats.breaker.transitions;
  let during = 0;
  let opened = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i]!.to !== 'open') continue;
    opened++;
    const from = t[i]!.at - run.clockOffset;
    const until = i + 1 < t.length ? t[i + 1]!.at - run.clockOffset : Number.POSITIVE_INFINITY;
    during += sends.filter((at) => at > from && at < until).length;
  }
  return { opened, during };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  // `--only shared-cache`: the hosts-sharing-one-Redis scenario alone (it needs redis-server).
  if (args.only === 'shared-cache') {
    const { runSharedCacheBench } = await import('./shared-cache.js');
    await runSharedCacheBench({
      root: ROOT,
      latencyMs: args.latencyMs,
      size: args.sizes.length === 1 ? args.sizes[0]! : 50,
      out: path.join(ROOT, 'bench', 'results-shared-cache.json'),
    });
    return;
  }
  // `--only many-files`: one report over 20 portfolio files against 20 separate runs.
  if (args.only === 'many-files') {
    const { runManyFilesBench } = await import('./many-files.js');
    await runManyFilesBench({
      root: ROOT,
      latencyMs: args.latencyMs,
      out: path.join(ROOT, 'bench', 'results-many-files.json'),
    });
    return;
  }
  const started = performance.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-bench-'));
  const clock = new DayClock();
  clock.set(DAY0);
  recordSends();
  const sim = await startSimulator({ today: DAY0, now: () => clock.now(), latencyMs: args.latencyMs });
  const log = (line: string) =>
    process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
  log(
    `simulator on ${sim.url}, latency ${args.latencyMs} ms, sizes ${args.sizes.join(', ')}, ${args.reps} runs each${args.quick ? ' (quick)' : ''}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );

  const scenarios: ScenarioResult[] = [];
  const processes: ProcessResult[] = [];
  let version: VersionResult | null = null;
  const cleanRuns = new Map<number, string>();
  try {
    // One discarded run first: module loading and yahoo-finance2's process-wide cookie+crumb would
    // otherwise land on the first measured run only. The whole-process runs below include both.
    const warmUp = makePortfolio(10, DAY0, 7);
    fs.writeFileSync(path.join(tmp, 'warmup.csv'), warmUp.csv);
    await runFolio({
      file: path.join(tmp, 'warmup.csv'),
      cachePath: path.join(tmp, 'warmup.sqlite'),
      yahooUrl: sim.url,
      clockOffset: clock.offset,
    });
    const naiveClient = await createYahooClient({
      origin: new URL(sim.url),
      timeoutMs: 10_000,
      stats: new RunStatsCollector(),
    });

    for (const size of args.processOnly ? [] : args.sizes) {
      const portfolio = makePortfolio(size, DAY0);
      const file = path.join(tmp, `portfolio-${size}.csv`);
      fs.writeFileSync(file, portfolio.csv);
      const dir = path.join(tmp, `size-${size}`);
      fs.mkdirSync(dir);

      const folioRun = async (cachePath: string): Promise<Sample> => {
        sim.resetCounters();
        const cpu = process.cpuUsage();
        const firstSend = sendTimes.length;
        const queued = runQueueNs();
        const run = await runFolio({ file, cachePath, yahooUrl: sim.url, clockOffset: clock.offset });
        const used = process.cpuUsage(cpu);
        const queuedAfter = runQueueNs();
        return {
          run,
          sim: simCount(sim),
          sends: sendTimes.slice(firstSend),
          cpuMs: (used.user + used.system) / 1000,
          runQueueMs: queued === null || queuedAfter === null ? null : (queuedAfter - queued) / 1e6,
        };
      };
      const naiveRun = async (runs: number, note: string, day: string): Promise<NaiveFigures | null> => {
        if (!args.naive || runs === 0) return null;
        const ms: number[] = [];
        let requests = 0;
        let failures = 0;
        for (let i = 0; i < runs; i++) {
          sim.resetCounters();
          const r = await runNaive(
            naiveClient,
            portfolio.symbols,
            BENCHMARKS,
            `${Number(day.slice(0, 4)) - 5}${day.slice(4)}`,
            day,
          );
          ms.push(r.ms);
          requests = sim.counters.total;
          failures = r.failures;
        }
        return { runs, ms: spread(ms), requests, failures, note };
      };
      // The naive pattern costs (5N + 6) x latency per run: every run at 10 holdings (one with --quick), one at 50, none above.
      const naiveRuns = (wanted: number) => (size <= 10 && !args.quick ? wanted : size <= 50 ? 1 : 0);
      const naiveSkipped = (): NaiveFigures | null =>
        args.naive
          ? {
              runs: 0,
              ms: { median: NaN, min: NaN, max: NaN },
              requests: naiveCalls(size, BENCHMARKS.length),
              failures: 0,
              note: `not run: ${naiveCalls(size, BENCHMARKS.length)} sequential requests, about ${((naiveCalls(size, BENCHMARKS.length) * args.latencyMs) / 1000).toFixed(0)} s a run`,
            }
          : null;

      const summarize = (
        scenario: ScenarioResult['scenario'],
        samples: Sample[],
        bound: LowerBound,
        naive: NaiveFigures | null,
      ): ScenarioResult => {
        const wall = spread(samples.map((s) => s.run.ms));
        const total = spread(samples.map((s) => s.sim.total));
        const data = spread(samples.map((s) => s.sim.data));
        const hit = samples.map((s) => s.run.stats.cache.hitRate).filter((h): h is number => h !== null);
        const byStatus: Record<string, number> = {};
        for (const s of samples)
          for (const [k, v] of Object.entries(s.sim.byStatus)) byStatus[k] = (byStatus[k] ?? 0) + v;
        const naiveMs = naive !== null && naive.runs > 0 ? naive.ms.median : null;
        const result: ScenarioResult = {
          scenario,
          holdings: size,
          symbols: samples[0]!.run.symbols,
          runs: samples.length,
          requests: {
            total,
            data,
            quote: median(samples.map((s) => s.sim.quote)),
            chart: median(samples.map((s) => s.sim.chart)),
            cookie: Math.max(...samples.map((s) => s.sim.cookie)),
            crumb: Math.max(...samples.map((s) => s.sim.crumb)),
            byStatus,
          },
          wallMs: wall,
          cpuMs: spread(samples.map((s) => Math.round(s.cpuMs))),
          runQueueMs: samples.every((s) => s.runQueueMs !== null)
            ? Math.round(median(samples.map((s) => s.runQueueMs!)))
            : null,
          lowerBound: { ...bound, formula: LOWER_BOUND_FORMULA },
          timeOverLowerBound: bound.ms > 0 ? wall.median / bound.ms : null,
          naive,
          naiveOverFolioTime: naiveMs !== null ? naiveMs / wall.median : null,
          naiveOverFolioRequests: naive !== null && total.median > 0 ? naive.requests / total.median : null,
          cacheHitRate: hit.length > 0 ? median(hit) : null,
          retries: spread(samples.map((s) => s.run.stats.retries)),
          peakRssMB: rssMB(),
          phasesMs: medianPhases(samples),
          warnings: Math.max(...samples.map((s) => s.run.warnings.length)),
          sampleWarnings: (samples.find((s) => s.run.warnings.length > 0)?.run.warnings ?? []).slice(0, 4),
          ...machine(),
          latencyMs: args.latencyMs,
          concurrency: CONCURRENCY,
        };
        scenarios.push(result);
        log(
          `${scenario.padEnd(8)} ${String(size).padStart(3)}: ${Math.round(wall.median)} ms (${Math.round(wall.min)}-${Math.round(wall.max)}), ${total.median} requests, CPU ${Math.round(result.cpuMs.median)} ms, CPU wait ${fmt(result.runQueueMs)} ms, bound ${bound.ms} ms${naiveMs !== null ? `, naive ${Math.round(naiveMs)} ms` : ''}; phases ${Object.entries(
            result.phasesMs,
          )
            .map(([k, v]) => `${k} ${Math.round(v)}`)
            .join(', ')}`,
        );
        return result;
      };

      // ---- cold, then warm on each cold run's cache
      clock.set(DAY0);
      sim.configure({ today: DAY0 });
      const cold: Sample[] = [];
      const warm: Sample[] = [];
      for (let i = 0; i < args.reps; i++) {
        const cache = path.join(dir, `cold-${i}.sqlite`);
        cold.push(await folioRun(cache));
        warm.push(await folioRun(cache));
      }
      const symbols = cold[0]!.run.symbols;
      const fullBound = lowerBound({
        quoteSymbols: symbols,
        chartSymbols: symbols,
        batch: BATCH,
        concurrency: CONCURRENCY,
        latencyMs: args.latencyMs,
      });
      const coldNaive =
        (await naiveRun(naiveRuns(args.reps), 'run in this scenario', DAY0)) ?? naiveSkipped();
      const coldResult = summarize('cold', cold, fullBound, coldNaive);
      const cleanNumbers = reportNumbers(cold[0]!.run.report);
      cleanRuns.set(size, cleanNumbers);
      const coldSame = cold.every((s) => reportNumbers(s.run.report) === cleanNumbers);
      coldResult.sameNumbers = { as: 'the other cold runs', equal: coldSame };

      const naiveReused =
        coldNaive === null
          ? null
          : {
              ...coldNaive,
              note:
                coldNaive.runs > 0
                  ? 'the cold runs: the naive pattern has no cache, so its work is the same'
                  : coldNaive.note,
            };
      const warmResult = summarize('warm', warm, { requests: 0, rounds: 0, ms: 0 }, naiveReused);
      const warmSame = warm.every((s) => reportNumbers(s.run.report) === cleanNumbers);
      warmResult.sameNumbers = {
        as: 'cold run',
        equal: warmSame,
        difference: warmSame
          ? undefined
          : firstDifference(JSON.parse(reportNumbers(warm[0]!.run.report)), JSON.parse(cleanNumbers)),
      };

      // ---- next day: each run starts from a copy of one cold run's cache (the day before)
      clock.set(DAY1);
      sim.configure({ today: DAY1 });
      const next: Sample[] = [];
      for (let i = 0; i < args.reps; i++) {
        const cache = path.join(dir, `next-${i}.sqlite`);
        copyCache(path.join(dir, `cold-${i}.sqlite`), cache);
        next.push(await folioRun(cache));
      }
      const coldNewDay = await folioRun(path.join(dir, 'cold-day1.sqlite'));
      const nextResult = summarize('next-day', next, fullBound, naiveReused);
      const newDayNumbers = reportNumbers(coldNewDay.run.report);
      const nextSame = next.every((s) => reportNumbers(s.run.report) === newDayNumbers);
      nextResult.sameNumbers = {
        as: `a cold run on ${DAY1}`,
        equal: nextSame,
        difference: nextSame
          ? undefined
          : firstDifference(
              JSON.parse(
                reportNumbers(next.find((s) => reportNumbers(s.run.report) !== newDayNumbers)!.run.report),
              ),
              JSON.parse(newDayNumbers),
            ),
      };
      // A tail request starts at the last cached trading date (DAY0), not 5 years back.
      const tailStart = Date.parse(`${DAY0}T00:00:00Z`) / 1000 - 4 * 86_400;
      nextResult.tailOnlyCharts = next.every((s) =>
        s.sim.log
          .filter((e) => e.path.startsWith('/v8/finance/chart/'))
          .every((e) => Number(new URL(e.path, 'http://x').searchParams.get('period1')) >= tailStart),
      );

      // ---- faults: cold with 10 % of data responses 500 and a 20 requests/s limit
      clock.set(DAY0);
      sim.configure({ today: DAY0 });
      const faults: Sample[] = [];
      // A rate-limited run of 200+ holdings takes 10-30 s: 3 runs there keep the bench near 10 minutes.
      const faultReps = size >= 200 && !args.repsGiven ? Math.min(args.reps, 3) : args.reps;
      for (let i = 0; i < faultReps; i++) {
        sim.configure({ ...FAULTS, seed: 100 + i });
        faults.push(await folioRun(path.join(dir, `faults-${i}.sqlite`)));
      }
      const faultNaive = await naiveRun(
        size <= 10 || (size <= 50 && !args.quick) ? 1 : 0,
        'one run in this scenario (failed calls skipped)',
        DAY0,
      );
      sim.configure({ failRate: 0, rateLimit: undefined });
      const faultBound = lowerBound({
        quoteSymbols: symbols,
        chartSymbols: symbols,
        batch: BATCH,
        concurrency: CONCURRENCY,
        latencyMs: args.latencyMs,
        rateLimit: FAULTS.rateLimit,
      });
      const faultResult = summarize(
        'faults',
        faults,
        faultBound,
        faultNaive ??
          (args.naive ? { ...naiveSkipped()!, note: 'not run here (time budget); see the cold row' } : null),
      );
      const badFault = faults.find((s) => reportNumbers(s.run.report) !== cleanNumbers);
      faultResult.sameNumbers = {
        as: 'the clean cold run',
        equal: badFault === undefined,
        difference:
          badFault === undefined
            ? undefined
            : firstDifference(JSON.parse(reportNumbers(badFault.run.report)), JSON.parse(cleanNumbers)),
      };
      let opened = 0;
      let during = 0;
      for (const s of faults) {
        const w = requestsWhileOpen(s.run, s.sends);
        opened += w.opened;
        during += w.during;
      }
      faultResult.breakerOpened = opened;
      faultResult.requestsWhileBreakerOpen = during;
    }

    // ---- the whole process: warm reports on an edited holdings file, peak RSS, --version
    if (args.process || args.processOnly) {
      clock.set(DAY0);
      sim.configure({ today: DAY0, failRate: 0, rateLimit: undefined });
      const processSizes: [number, string | undefined][] = args.quick
        ? [[50, undefined]]
        : [
            [50, undefined],
            [500, LOTS_SINCE],
          ];
      for (const [size, since] of processSizes) {
        const p = await measureWholeProcess(size, DAY0, since, {
          root: ROOT,
          dir: tmp,
          simUrl: sim.url,
          now: () => clock.now(),
          simCounts: () => simCount(sim),
          resetSim: () => sim.resetCounters(),
          pairs: args.pairs,
        });
        processes.push(p);
        log(
          `process  ${String(size).padStart(3)}: cold ${Math.round(p.coldMs)} ms, warm ${Math.round(p.warmMs.median)} ms vs node -e 0 ${Math.round(p.nodeMs.median)} ms (x${p.medianRatio.toFixed(2)}), peak RSS cold ${p.coldPeakRssMB} MB / warm ${p.warmPeakRssMB} MB, warm requests ${p.warmRequests}`,
        );
      }
      version = await measureVersion(ROOT, args.pairs * 2);
      log(
        `--version: ${Math.round(version.folioMs.median)} ms vs node -e 0 ${Math.round(version.nodeMs.median)} ms (x${version.medianRatio.toFixed(2)})`,
      );
    }
  } finally {
    await sim.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  const targets = evaluateTargets(scenarios, processes, version);
  const totalS = (performance.now() - started) / 1000;
  const output = renderMarkdown(args, scenarios, processes, version, targets, totalS);
  process.stdout.write(output);
  if (args.out === null) {
    log(`done in ${totalS.toFixed(0)} s (--only process writes no results file unless --out is given)`);
    return;
  }
  fs.writeFileSync(
    args.out,
    `${JSON.stringify({ machine: machine(), latencyMs: args.latencyMs, concurrency: CONCURRENCY, quoteBatch: BATCH, quick: args.quick, reps: args.reps, totalSeconds: Math.round(totalS), lowerBoundFormula: LOWER_BOUND_FORMULA, scenarios, processes, version, targets }, null, 2)}\n`,
  );
  log(`wrote ${path.relative(process.cwd(), args.out)} in ${totalS.toFixed(0)} s`);
}

function medianPhases(samples: Sample[]): Record<string, number> {
  const keys = new Set(samples.flatMap((s) => Object.keys(s.run.phasesMs)));
  return Object.fromEntries(
    [...keys].map((k) => [k, Math.round(median(samples.map((s) => s.run.phasesMs[k] ?? 0)))]),
  );
}

const fmt = (n: number | null | undefined, digits = 0): string =>
  n === null || n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits);
const spreadText = (s: Spread) =>
  s.min === s.max ? fmt(s.median) : `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;

function evaluateTargets(
  scenarios: ScenarioResult[],
  processes: ProcessResult[],
  version: VersionResult | null,
): Target[] {
  const out: Target[] = [];
  const find = (scenario: string, holdings: number) =>
    scenarios.find((s) => s.scenario === scenario && s.holdings === holdings);
  const cold50 = find('cold', 50);
  if (cold50) {
    const needed = Math.ceil(cold50.symbols / BATCH) + cold50.symbols;
    const p50 = processes.find((p) => p.holdings === 50);
    out.push({
      target: `cold 50+3: at most ${needed} data requests (${Math.ceil(cold50.symbols / BATCH)} quote + ${cold50.symbols} chart: 53 symbols + ${cold50.symbols - 53} FX pairs) plus cookie and crumb`,
      met:
        cold50.requests.data.max <= needed &&
        (p50 === undefined ||
          (p50.coldRequests.data <= needed && p50.coldRequests.cookie <= 1 && p50.coldRequests.crumb <= 1)),
      figure: `${cold50.requests.quote} quote + ${cold50.requests.chart} chart in-process (max ${cold50.requests.data.max})${p50 ? `; CLI process: ${p50.coldRequests.data} data + ${p50.coldRequests.cookie} cookie + ${p50.coldRequests.crumb} crumb` : ''}`,
    });
    out.push({
      target: 'cold 50+3: wall time within 1.3x of the lower bound',
      met: cold50.timeOverLowerBound !== null && cold50.timeOverLowerBound <= 1.3,
      figure: `${fmt(cold50.wallMs.median)} ms vs ${cold50.lowerBound.ms} ms = ${fmt(cold50.timeOverLowerBound, 2)}x`,
    });
    out.push({
      target: 'cold 50+3: at least 20x faster than naive',
      met: cold50.naiveOverFolioTime === null ? null : cold50.naiveOverFolioTime >= 20,
      figure:
        cold50.naiveOverFolioTime === null
          ? 'naive not run'
          : `${fmt(cold50.naive!.ms.median)} ms vs ${fmt(cold50.wallMs.median)} ms = ${fmt(cold50.naiveOverFolioTime, 1)}x`,
    });
  }
  for (const w of scenarios.filter((s) => s.scenario === 'warm')) {
    out.push({
      target: `warm ${w.holdings}: 0 requests, 100 % cache hits, same numbers`,
      met: w.requests.total.max === 0 && w.cacheHitRate === 1 && w.sameNumbers?.equal === true,
      figure: `${w.requests.total.max} requests, ${fmt((w.cacheHitRate ?? 0) * 100, 1)} % hits, numbers ${w.sameNumbers?.equal ? 'equal' : `differ (${w.sameNumbers?.difference})`}`,
    });
  }
  for (const p of processes) {
    const limit = p.holdings >= 500 ? 3 : 2;
    out.push({
      target: `warm whole process ${p.holdings} (holdings file edited between runs): within ${limit}x of node -e 0, 0 requests`,
      met: p.medianRatio <= limit && p.warmRequests === 0,
      figure: `${fmt(p.warmMs.median)} ms vs ${fmt(p.nodeMs.median)} ms, median ratio ${fmt(p.medianRatio, 2)}x; ${p.warmRequests} requests`,
    });
  }
  for (const n of scenarios.filter((s) => s.scenario === 'next-day')) {
    const needed = Math.ceil(n.symbols / BATCH) + n.symbols;
    out.push({
      target: `next day ${n.holdings}: only quote batches + one tail chart per symbol, same numbers as cold on the new day`,
      met: n.requests.data.max <= needed && n.tailOnlyCharts === true && n.sameNumbers?.equal === true,
      figure: `${n.requests.quote} quote + ${n.requests.chart} chart (max ${n.requests.data.max} of ${needed}), tails only: ${n.tailOnlyCharts ? 'yes' : 'no'}, numbers ${n.sameNumbers?.equal ? 'equal' : `differ (${n.sameNumbers?.difference})`}`,
    });
  }
  const colds = scenarios.filter((s) => s.scenario === 'cold');
  if (colds.length >= 3 && colds.some((c) => c.holdings >= 500)) {
    const xs = colds.map((c) => c.requests.data.median);
    const ys = colds.map((c) => c.wallMs.median);
    const fit = linearFit(xs, ys);
    out.push({
      target: 'cold time grows linearly with requests (R² ≥ 0.98 over the sizes)',
      met: fit.r2 >= 0.98,
      figure: `time ≈ ${fmt(fit.a)} ms + ${fmt(fit.b, 2)} ms/request, R² = ${fit.r2.toFixed(4)}; ms/request: ${colds.map((c) => `${c.holdings}: ${fmt(c.wallMs.median / c.requests.data.median, 1)}`).join(', ')}`,
    });
  }
  const p500 = processes.find((p) => p.holdings === 500);
  if (p500) {
    out.push({
      target: '500 holdings: peak RSS under 150 MB (CLI process, cold and warm)',
      met:
        p500.coldPeakRssMB !== null &&
        p500.coldPeakRssMB < 150 &&
        p500.warmPeakRssMB !== null &&
        p500.warmPeakRssMB < 150,
      figure: `cold ${p500.coldPeakRssMB ?? 'n/a'} MB, warm ${p500.warmPeakRssMB ?? 'n/a'} MB`,
    });
  }
  if (version) {
    out.push({
      target: '`folio --version` within 1.3x of node -e 0',
      met: version.medianRatio <= 1.3,
      figure: `${fmt(version.folioMs.median)} ms vs ${fmt(version.nodeMs.median)} ms, median ratio ${fmt(version.medianRatio, 2)}x`,
    });
  }
  for (const f of scenarios.filter((s) => s.scenario === 'faults')) {
    out.push({
      target: `faults ${f.holdings}: same numbers as the clean run, no request while the breaker is open`,
      met: f.sameNumbers?.equal === true && f.requestsWhileBreakerOpen === 0,
      figure: `numbers ${f.sameNumbers?.equal ? 'equal' : `differ (${f.sameNumbers?.difference})`}; breaker opened ${f.breakerOpened}x, ${f.requestsWhileBreakerOpen} requests while open; ${f.requests.byStatus['500'] ?? 0} x 500, ${f.requests.byStatus['429'] ?? 0} x 429 over ${f.runs} runs; retries ${spreadText(f.retries)}`,
    });
  }
  return out;
}

function linearFit(xs: number[], ys: number[]): { a: number; b: number; r2: number } {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  const b = sxx === 0 ? 0 : sxy / sxx;
  return { a: my - b * mx, b, r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy) };
}

function renderMarkdown(
  args: Args,
  scenarios: ScenarioResult[],
  processes: ProcessResult[],
  version: VersionResult | null,
  targets: Target[],
  totalS: number,
): string {
  const m = machine();
  const lines: string[] = [];
  lines.push(
    `### folio benchmark — ${m.date.slice(0, 10)}, ${m.cpus} × ${m.cpuModel}, Node ${m.node}, load average ${m.loadAverage.join(' ')}`,
  );
  lines.push('');
  lines.push(
    `Simulator in-process on loopback, ${args.latencyMs} ms per response; folio concurrency ${CONCURRENCY}, ${BATCH} symbols per quote request; ${args.reps} runs per scenario (median, min–max)${args.quick ? ', --quick' : ''}; ${totalS.toFixed(0)} s in all. Requests are counted by the simulator. Portfolios: N holdings + SPY, QQQ, VTI + FX pairs for the London/XETRA/Tokyo holdings.`,
  );
  lines.push('');
  lines.push(
    '| scenario | holdings | symbols | runs | folio requests | folio ms | CPU ms ² | CPU wait ms ³ | lower bound ms | ÷ bound | naive ms | naive ÷ folio time | naive ÷ folio requests | cache hits | retries | RSS MB |',
  );
  lines.push('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
  for (const s of scenarios) {
    const naive =
      s.naive === null
        ? 'off'
        : s.naive.runs === 0
          ? `— (${s.naive.requests} req)`
          : `${fmt(s.naive.ms.median)}${s.naive.runs > 1 ? ` (${s.naive.runs} runs)` : ' (1 run)'}${s.scenario === 'warm' || s.scenario === 'next-day' ? ' ¹' : ''}`;
    lines.push(
      `| ${s.scenario} | ${s.holdings} | ${s.symbols} | ${s.runs} | ${spreadText(s.requests.total)} | ${spreadText(s.wallMs)} | ${fmt(s.cpuMs.median)} | ${fmt(s.runQueueMs)} | ${s.lowerBound.ms} (${s.lowerBound.requests} req) | ${fmt(s.timeOverLowerBound, 2)} | ${naive} | ${fmt(s.naiveOverFolioTime, 1)} | ${fmt(s.naiveOverFolioRequests, 1)} | ${s.cacheHitRate === null ? 'n/a' : `${fmt(s.cacheHitRate * 100, 0)} %`} | ${spreadText(s.retries)} | ${s.peakRssMB} |`,
    );
  }
  lines.push('');
  lines.push(
    `Lower bound: ${LOWER_BOUND_FORMULA}; concurrency = ${CONCURRENCY} (folio's default). RSS is the bench process's high-water mark (simulator included); the CLI's own is below. ¹ naive has no cache: the cold runs' figure. ² CPU time of the bench process during a folio run, simulator included: close to the wall time means the run was CPU-bound, not waiting on latency. ³ Time the bench's main thread was ready to run but waited for a CPU (Linux /proc schedstat): the share of the wall time that belongs to the machine's load, not to folio. The naive baseline sends 5N + 6 requests one after another; it runs at 10 holdings in every repetition (once with --quick), at 50 once, above that not at all (the request count it would send is shown). Faults: ${FAULTS.failRate * 100} % of data responses 500, ${FAULTS.rateLimit} requests/s limit (429 + Retry-After).`,
  );
  if (processes.length > 0) {
    lines.push('');
    lines.push(
      '| whole process | cold CLI ms | cold requests | warm CLI ms | node -e 0 ms | median ratio | warm requests | peak RSS cold / warm MB |',
    );
    lines.push('|---|--:|--:|--:|--:|--:|--:|--:|');
    for (const p of processes) {
      lines.push(
        `| \`folio report --format json\`, ${p.holdings} holdings (lots since ${p.lotsSince}) | ${fmt(p.coldMs)} | ${p.coldRequests.data} + ${p.coldRequests.cookie + p.coldRequests.crumb} cookie/crumb | ${spreadText(p.warmMs)} | ${spreadText(p.nodeMs)} | ${fmt(p.medianRatio, 2)} | ${p.warmRequests} | ${p.coldPeakRssMB ?? 'n/a'} / ${p.warmPeakRssMB ?? 'n/a'} |`,
      );
    }
    if (version)
      lines.push(
        `| \`folio --version\` | | | ${spreadText(version.folioMs)} | ${spreadText(version.nodeMs)} | ${fmt(version.medianRatio, 2)} | | |`,
      );
    lines.push('');
    lines.push(
      `${processes[0]!.pairs} alternating pairs of \`node -e 0\` and the warm CLI run (${version?.pairs ?? 0} for \`--version\`); the ratio is the median of the pairs' ratios. Before each warm run the holdings file is rewritten with one lot's shares changed, so nothing but the cached prices can be reused. Peak RSS: the CLI process's own high-water mark.`,
    );
  }
  lines.push('');
  lines.push('Targets:');
  lines.push('');
  for (const t of targets)
    lines.push(`- ${t.met === null ? 'n/a' : t.met ? 'met' : '**missed**'}: ${t.target} — ${t.figure}`);
  lines.push('');
  return lines.join('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
