// Builds the real price pipeline with the factory the CLI uses (real yahoo-finance2, real SQLite cache,
// folio's queue/retry/breaker), pointed at the project's simulator on 127.0.0.1, with a clock shifted
// so that folio's "now" is the simulator's. Not a test file: imported by the *.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';

import type { Report } from '../../src/analytics/model.js';
import { buildReport } from '../../src/analytics/report.js';
import type { BreakerOptions, BreakerTransition, CircuitBreaker } from '../../src/prices/yahoo/breaker.js';
import { PriceCache } from '../../src/prices/store/cache.js';
import { type Clock, systemClock } from '../../src/prices/clock.js';
import { type PricePlan, planPrices } from '../../src/prices/plan.js';
import { createPriceService } from '../../src/prices/pipeline.js';
import type { RetryPolicy } from '../../src/prices/yahoo/retry.js';
import type { PriceData, PriceService } from '../../src/prices/service.js';
import type { RunStatsCollector } from '../../src/prices/stats.js';
import type { IsoDate, Lot } from '../../src/types.js';

export const NEXT_TODAY = '2026-11-30'; // the next business day after SIM_TODAY (Monday)
export const NEXT_NOW = Date.parse('2026-11-30T22:00:00Z');
export const BENCHMARKS = ['SPY', 'QQQ', 'VTI'];

/** 50 US tickers that are not benchmarks. */
export const US50 = (
  'AAPL MSFT AMZN GOOGL META NVDA TSLA KO JNJ PG V MA HD DIS NFLX ADBE CRM INTC CSCO PEP ' +
  'ORCL NKE MRK PFE ABT T VZ WMT XOM CVX BA CAT IBM MMM GE HON UNH LLY COST MCD ' +
  'SBUX QCOM TXN AMD AVGO PYPL UPS LOW GS JPM'
).split(' ');

let lineNo = 1;
export function lot(
  symbol: string,
  shares: number,
  costPerShare: number | null,
  date: IsoDate | null,
  currency: string | null = null,
): Lot {
  return {
    symbol,
    shares,
    costPerShare,
    currency,
    date,
    account: null,
    name: null,
    notes: null,
    source: { file: 'pipeline.csv', line: lineNo++ },
  };
}

/** One lot per symbol, bought on dates spread over 2021-2024 so histories differ in length. */
export function lotsFor(symbols: readonly string[]): Lot[] {
  const dates = ['2021-03-15', '2022-06-01', '2023-01-17', '2024-02-05', '2024-09-10'];
  return symbols.map((s, i) => lot(s, 5 + (i % 7) * 3, 20 + i, dates[i % dates.length]!));
}

export function tempCacheFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-pipeline-'));
  return path.join(dir, 'cache.sqlite');
}

/** folio's clock: real time flowing, shifted so that it reads `base` now. */
function shiftedClock(base: number): Clock {
  const t0 = Date.now();
  return { now: () => base + (Date.now() - t0), sleep: (ms, signal) => systemClock.sleep(ms, signal) };
}

export interface PipelineOptions {
  /** Where the client sends (the simulator's URL, or a closed port). */
  url: string;
  cacheFile: string | null;
  now: number;
  timeoutMs?: number;
  budgetMs?: number;
  quoteBatchSize?: number;
  quoteTtlMs?: number;
  concurrency?: number;
  rateLimit?: number;
  offline?: boolean;
  refresh?: boolean;
  retryPolicy?: RetryPolicy;
  breaker?: Partial<Omit<BreakerOptions, 'clock' | 'initial' | 'onTransition'>>;
  /** Seeded jitter so runs are reproducible. */
  random?: () => number;
}

export interface Pipeline {
  service: PriceService;
  stats: RunStatsCollector;
  breaker: CircuitBreaker;
  cache: PriceCache | null;
  clock: Clock;
  /** How many times the Yahoo client (the yahoo-finance2 import) was built. */
  clientCalls: () => number;
  /** Breaker transitions, `realAt` in real time (Date.now), to compare with the simulator's log. */
  transitions: (BreakerTransition & { realAt: number })[];
  warnings: string[];
  /** Every request as it left folio for the wire (real time), recorded by the fetch under folio's own. */
  sends: { realAt: number; url: string }[];
  close(): Promise<void>;
}

export async function openPipeline(o: PipelineOptions): Promise<Pipeline> {
  const clock = shiftedClock(o.now);
  const warnings: string[] = [];
  const cache =
    o.cacheFile === null
      ? null
      : await PriceCache.open(o.cacheFile, { warn: (m) => warnings.push(m), now: () => clock.now() });
  const transitions: Pipeline['transitions'] = [];
  const sends: Pipeline['sends'] = [];
  const baseFetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    sends.push({ realAt: Date.now(), url: input instanceof Request ? input.url : String(input) });
    return globalThis.fetch(input, init);
  };
  const pipeline = await createPriceService({
    cache,
    clock,
    yahoo: { origin: new URL(o.url), timeoutMs: o.timeoutMs ?? 10_000, baseFetch },
    concurrency: o.concurrency ?? 8,
    rateLimit: o.rateLimit,
    retryBudgetMs: o.budgetMs ?? 30_000,
    retryPolicy: o.retryPolicy,
    breaker: o.breaker,
    onBreakerTransition: (t) => transitions.push({ ...t, realAt: Date.now() }),
    quoteBatchSize: o.quoteBatchSize ?? 50,
    quoteTtlMs: o.quoteTtlMs ?? 60_000,
    offline: o.offline ?? false,
    refresh: o.refresh ?? false,
    random: o.random,
  });
  return {
    service: pipeline.service,
    stats: pipeline.stats,
    breaker: pipeline.breaker,
    cache,
    clock,
    clientCalls: () => pipeline.clientLoads(),
    transitions,
    warnings,
    sends,
    close: () => pipeline.close(),
  };
}

export function planFor(
  lots: readonly Lot[],
  today: IsoDate,
  base = 'USD',
  benchmarks = BENCHMARKS,
): PricePlan {
  return planPrices({ lots, baseCurrency: base, benchmarks, today });
}

export function reportFrom(
  lots: readonly Lot[],
  data: PriceData,
  base = 'USD',
  benchmarks = BENCHMARKS,
  generatedAt = 0,
): Report {
  return buildReport({
    lots: [...lots],
    quotes: data.quotes,
    histories: data.histories,
    baseCurrency: base,
    benchmarks,
    period: '1y',
    riskFreeRate: 0,
    generatedAt,
    unknownSymbols: [...data.unknown],
  });
}

export interface RunResult {
  data: PriceData;
  report: Report;
  pipeline: Pipeline;
}

/** One run like `folio report`: plan, load, flush and close, then analytics. */
export async function runOnce(
  o: PipelineOptions & { lots: readonly Lot[]; today: IsoDate; base?: string; benchmarks?: string[] },
): Promise<RunResult> {
  const pipeline = await openPipeline(o);
  let data: PriceData;
  try {
    data = await pipeline.service.load(planFor(o.lots, o.today, o.base, o.benchmarks ?? BENCHMARKS));
  } finally {
    await pipeline.close();
  }
  return { data, pipeline, report: reportFrom(o.lots, data, o.base, o.benchmarks ?? BENCHMARKS) };
}

/** The numbers of a report (provenance, fetch times, warnings and generatedAt left out). */
function numbersOf(r: Report): unknown {
  // Provenance counts (live/cache/stale) differ by design between a cold and a warm run.
  const { stalePrices: _st, prices, ...summary } = r.summary;
  return {
    asOf: r.asOf,
    summary: { ...summary, missing: prices.missing, marketTime: prices.marketTime },
    holdings: r.holdings.map(({ source: _s, fetchedAt: _f, ...rest }) => rest),
    benchmarks: r.benchmarks,
  };
}

/** Deep comparison with every number equal to 1e-9 relative (names and dates exactly). */
export function expectSameNumbers(actual: Report, expected: Report): void {
  const a = numbersOf(actual);
  const e = numbersOf(expected);
  const walk = (x: unknown, y: unknown, at: string): void => {
    if (typeof y === 'number' && typeof x === 'number') {
      if (Number.isFinite(y))
        expect(Math.abs(x - y), at).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(y)));
      else expect(x, at).toBe(y);
      return;
    }
    if (Array.isArray(y)) {
      expect(Array.isArray(x), at).toBe(true);
      expect((x as unknown[]).length, `${at}.length`).toBe(y.length);
      y.forEach((v, i) => walk((x as unknown[])[i], v, `${at}[${i}]`));
      return;
    }
    if (y !== null && typeof y === 'object') {
      expect(x !== null && typeof x === 'object', at).toBe(true);
      const xo = x as Record<string, unknown>;
      const yo = y as Record<string, unknown>;
      expect(Object.keys(xo).sort(), at).toEqual(Object.keys(yo).sort());
      for (const k of Object.keys(yo)) walk(xo[k], yo[k], `${at}.${k}`);
      return;
    }
    expect(x, at).toEqual(y);
  };
  walk(a, e, 'report');
}

/** A seeded PRNG for retry jitter (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A port nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const net = await import('node:net');
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Requests that left folio while the breaker was open (between an open transition and the next one). */
export function sendsWhileOpen(p: Pipeline): { realAt: number; url: string }[] {
  const out: { realAt: number; url: string }[] = [];
  p.transitions.forEach((t, i) => {
    if (t.to !== 'open') return;
    const end = p.transitions[i + 1]?.realAt ?? Number.POSITIVE_INFINITY;
    for (const s of p.sends) if (s.realAt > t.realAt && s.realAt < end) out.push(s);
  });
  return out;
}
