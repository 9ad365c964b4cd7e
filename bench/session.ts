// The in-process session the pipeline and process scenarios share: folio's Yahoo simulator in this
// process on a day clock, a scratch directory, a recorder of every request's send instant, the log on
// stderr, and one discarded warm-up run. Also the small figures both scenarios report.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SETTINGS } from '../src/cli/settings.js';
import { type Simulator, startSimulator } from '../src/sim/index.js';
import type { BenchArgs } from './args.js';
import { runFolio } from './folio.js';
import { makePortfolio } from './portfolios.js';
import { median } from './process.js';

export const DAY0 = '2026-11-18'; // a Wednesday
export const DAY1 = '2026-11-19'; // one business day on
const CLOSE_HOUR = 'T22:00:00.000Z'; // after the US close (21:00Z in November): closed bars only
export const BENCHMARKS = DEFAULT_SETTINGS.benchmarks;
export const CONCURRENCY = DEFAULT_SETTINGS.concurrency;
export const BATCH = DEFAULT_SETTINGS.quoteBatchSize;
export const FAULTS = { failRate: 0.1, rateLimit: 20 };
const MB = 1024 * 1024;

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export const spread = (values: number[]): Spread => ({
  median: median(values),
  min: Math.min(...values),
  max: Math.max(...values),
});

export interface SimCount {
  total: number;
  data: number;
  quote: number;
  chart: number;
  cookie: number;
  crumb: number;
  byStatus: Record<string, number>;
  log: { at: number; path: string; status: number }[];
}

export function simCount(sim: Simulator): SimCount {
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

export const machine = () => ({
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
  node: process.version,
  date: new Date().toISOString(),
  loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
});

/** High-water RSS of this process (the simulator included), MB. */
export const rssMB = () => Math.round((process.resourceUsage().maxRSS * 1024) / MB);

/** A day's clock: folio's and the simulator's "now" move on from 22:00Z of `day`, continuously across runs. */
export class DayClock {
  offset = 0;
  set(day: string): void {
    this.offset = Date.parse(`${day}${CLOSE_HOUR}`) - Date.now();
  }
  now(): number {
    return Date.now() + this.offset;
  }
}

/**
 * Send instants (Date.now) of every HTTP request of this process: a recorder under folio's fetch
 * function (which takes the global fetch as its base when the client is built), so "no request while
 * the breaker is open" is judged at the moment of sending, not from the simulator's response log.
 */
export const sendTimes: number[] = [];
function recordSends(): void {
  const realFetch = globalThis.fetch;
  globalThis.fetch = ((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    sendTimes.push(Date.now());
    return realFetch(input, init);
  }) as typeof fetch;
}

export interface Session {
  sim: Simulator;
  clock: DayClock;
  /** Scratch directory, removed by close(). */
  tmp: string;
  /** performance.now() when the session opened. */
  started: number;
  /** A progress line on stderr, stamped with the seconds since the start. */
  log: (line: string) => void;
  close: () => Promise<void>;
}

export async function openSession(args: BenchArgs): Promise<Session> {
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
  const close = async () => {
    await sim.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    // One discarded run first: module loading and yahoo-finance2's process-wide cookie+crumb would
    // otherwise land on the first measured run only. The whole-process runs include both.
    const warmUp = makePortfolio(10, DAY0, 7);
    fs.writeFileSync(path.join(tmp, 'warmup.csv'), warmUp.csv);
    await runFolio({
      file: path.join(tmp, 'warmup.csv'),
      cachePath: path.join(tmp, 'warmup.sqlite'),
      yahooUrl: sim.url,
      clockOffset: clock.offset,
    });
  } catch (error) {
    await close();
    throw error;
  }
  return { sim, clock, tmp, started, log, close };
}

export const fmt = (n: number | null | undefined, digits = 0): string =>
  n === null || n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(digits);
export const spreadText = (s: Spread) =>
  s.min === s.max ? fmt(s.median) : `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;
