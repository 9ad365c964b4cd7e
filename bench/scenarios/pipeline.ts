// Scenario `pipeline`: for each portfolio size, folio's price pipeline in this process (bench/folio.ts)
// against the in-process simulator: cold runs, warm runs on each cold run's cache, next-day runs on a
// copy of it, and cold runs with faults (10 % of data responses 500, a 20 requests/s limit); side by
// side with the naive baseline (bench/naive.ts) and the lower bound of requests (bench/lower-bound.ts).
// Every row also checks that the numbers equal the clean cold run's.
import fs from 'node:fs';
import path from 'node:path';
import { RunStatsCollector } from '../../src/prices/stats.js';
import { type YahooClient, createYahooClient } from '../../src/prices/yahoo/client.js';
import type { BenchArgs } from '../args.js';
import { type FolioRun, firstDifference, reportNumbers, runFolio } from '../folio.js';
import { LOWER_BOUND_FORMULA, type LowerBound, lowerBound } from '../lower-bound.js';
import { naiveCalls, runNaive } from '../naive.js';
import { makePortfolio } from '../portfolios.js';
import { median } from '../process.js';
import {
  BATCH,
  BENCHMARKS,
  CONCURRENCY,
  DAY0,
  DAY1,
  FAULTS,
  type Session,
  type SimCount,
  type Spread,
  fmt,
  machine,
  rssMB,
  sendTimes,
  simCount,
  spread,
} from '../session.js';

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

export interface NaiveFigures {
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

function copyCache(from: string, to: string): void {
  for (const suffix of ['', '-wal', '-shm'])
    if (fs.existsSync(from + suffix)) fs.copyFileSync(from + suffix, to + suffix);
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

/** The pipeline rows of every size in `args.sizes`, each logged as it is measured. */
export async function runPipelineScenario(args: BenchArgs, session: Session): Promise<ScenarioResult[]> {
  const naiveClient = await createYahooClient({
    origin: new URL(session.sim.url),
    timeoutMs: 10_000,
    stats: new RunStatsCollector(),
  });
  const scenarios: ScenarioResult[] = [];
  for (const size of args.sizes) scenarios.push(...(await measureSize(size, args, session, naiveClient)));
  return scenarios;
}

function medianPhases(samples: Sample[]): Record<string, number> {
  const keys = new Set(samples.flatMap((s) => Object.keys(s.run.phasesMs)));
  return Object.fromEntries(
    [...keys].map((k) => [k, Math.round(median(samples.map((s) => s.run.phasesMs[k] ?? 0)))]),
  );
}

/** Cold, warm, next-day and faults rows of one portfolio size. */
async function measureSize(
  size: number,
  args: BenchArgs,
  { sim, clock, tmp, log }: Session,
  naiveClient: YahooClient,
): Promise<ScenarioResult[]> {
  const scenarios: ScenarioResult[] = [];
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
  const coldNaive = (await naiveRun(naiveRuns(args.reps), 'run in this scenario', DAY0)) ?? naiveSkipped();
  const coldResult = summarize('cold', cold, fullBound, coldNaive);
  const cleanNumbers = reportNumbers(cold[0]!.run.report);
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
  return scenarios;
}
