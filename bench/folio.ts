// One folio report run in-process, built from the same objects the CLI's `report` command uses:
// loadHoldings -> openPrices (cache, breaker, queue, retry, service) -> planPrices -> service.load ->
// close (cache write) -> buildReport -> renderReportTable and renderReportJson.
import { buildReport } from '../src/analytics/report.js';
import type { Report } from '../src/analytics/model.js';
import { type Io, openPrices } from '../src/cli/runtime.js';
import { DEFAULT_SETTINGS, type Settings } from '../src/cli/settings.js';
import { loadHoldings } from '../src/holdings/load.js';
import type { Clock } from '../src/prices/clock.js';
import { systemClock } from '../src/prices/clock.js';
import { planPrices } from '../src/prices/plan.js';
import { renderReportJson } from '../src/render/json.js';
import { renderReportTable } from '../src/render/table.js';
import type { RunStats } from '../src/types.js';

/** A clock `offset` ms ahead of Date.now: pinned like FOLIO_NOW, moving on in real time. */
export function offsetClock(offset: number): Clock {
  return { now: () => Date.now() + offset, sleep: (ms, signal) => systemClock.sleep(ms, signal) };
}

export interface FolioRun {
  ms: number;
  /** Wall ms by phase: open (cache + pipeline objects), plan, quotes, history, close (cache write), analytics, render. */
  phasesMs: Record<string, number>;
  stats: RunStats;
  report: Report;
  json: string;
  tableChars: number;
  /** Number of symbols the plan asked for (holdings + benchmarks + FX). */
  symbols: number;
  warnings: string[];
  /** clock time - Date.now(), to map breaker transition times to the simulator's log. */
  clockOffset: number;
}

export interface FolioRunOptions {
  file: string;
  cachePath: string;
  yahooUrl: string;
  /** folio's "now" minus Date.now() (shared with the simulator's clock). */
  clockOffset: number;
  settings?: Partial<Settings>;
}

const quietIo: Io = { stdout: process.stdout, stderr: process.stderr, env: {} };

export async function runFolio(options: FolioRunOptions): Promise<FolioRun> {
  const clock = offsetClock(options.clockOffset);
  const warnings: string[] = [];
  const warn = (m: string) => void warnings.push(m);
  const phasesMs: Record<string, number> = {};
  let mark = performance.now();
  const lap = (phase: string) => {
    const t = performance.now();
    phasesMs[phase] = (phasesMs[phase] ?? 0) + (t - mark);
    mark = t;
  };
  const started = mark;
  const today = new Date(clock.now()).toISOString().slice(0, 10);
  const holdings = await loadHoldings(options.file, { today });
  lap('load');
  const settings: Settings = { ...DEFAULT_SETTINGS, ...options.settings, cachePath: options.cachePath };
  const prices = await openPrices(
    settings,
    { cache: options.cachePath, offline: false, refresh: false, yahooUrl: options.yahooUrl, debug: false },
    quietIo,
    clock,
    warn,
  );
  lap('open');
  const plan = planPrices({
    lots: holdings.lots,
    baseCurrency: settings.baseCurrency,
    benchmarks: settings.benchmarks,
    today,
  });
  lap('plan');
  let data;
  try {
    data = await prices.service.load(plan);
    lap('prices');
  } finally {
    await prices.close();
    lap('close');
  }
  const report = buildReport({
    lots: holdings.lots,
    quotes: data.quotes,
    histories: data.histories,
    baseCurrency: settings.baseCurrency,
    benchmarks: settings.benchmarks,
    period: settings.period,
    riskFreeRate: settings.riskFreeRate,
    generatedAt: clock.now(),
    unknownSymbols: [...data.unknown],
  });
  report.warnings = [
    ...data.warnings,
    ...[...data.unavailable].map(([s, why]) => `${s}: no price available (${why})`),
    ...report.warnings,
  ];
  lap('analytics');
  const table = renderReportTable(report, {
    color: false,
    width: 100,
    height: 12,
    charts: true,
    lots: false,
    sort: 'value',
  });
  const stats = prices.stats.snapshot();
  const json = renderReportJson(report, stats);
  lap('render');
  const ms = performance.now() - started;
  for (const [k, v] of Object.entries(stats.phases)) if (k === 'quotes' || k === 'history') phasesMs[k] = v;
  return {
    ms,
    phasesMs,
    stats,
    report,
    json,
    tableChars: table.length,
    symbols: plan.quoteSymbols.length,
    warnings: [...warnings, ...report.warnings],
    clockOffset: options.clockOffset,
  };
}

/** The report's numbers only: provenance, timestamps and notes differ between equal runs and are dropped. */
export function reportNumbers(report: Report): string {
  const drop = new Set(['generatedAt', 'fetchedAt', 'source', 'warnings', 'notes', 'prices', 'bench']);
  return JSON.stringify(report, (key, value: unknown) => (drop.has(key) ? undefined : value));
}

/** The first path at which two JSON documents differ, or undefined when they are equal. */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
    return `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs object`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDifference(
      (a as Record<string, unknown>)[k],
      (b as Record<string, unknown>)[k],
      `${path}.${k}`,
    );
    if (d !== undefined) return d;
  }
  return undefined;
}
