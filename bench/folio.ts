// One folio report run in-process, through the CLI's own report path (src/cli/report/run.ts: load ->
// plan -> open the price pipeline -> load prices -> close (cache write) -> analytics -> render), with
// hooks for the bench: its clock, each phase's end, the run's plan, the warnings and the report made.
import os from 'node:os';
import path from 'node:path';
import type { Report } from '../src/analytics/model.js';
import { runReports } from '../src/cli/report/run.js';
import type { RunPhase } from '../src/cli/report/request.js';
import type { Io } from '../src/cli/terminal.js';
import type { Clock } from '../src/prices/clock.js';
import { systemClock } from '../src/prices/clock.js';
import { renderReportTable } from '../src/render/table.js';
import type { RunStats } from '../src/types.js';

/** A clock `offset` ms ahead of Date.now: pinned like FOLIO_NOW, moving on in real time. */
export function offsetClock(offset: number): Clock {
  return { now: () => Date.now() + offset, sleep: (ms, signal) => systemClock.sleep(ms, signal) };
}

export interface FolioRun {
  ms: number;
  /** Wall ms by phase: load, plan, open (cache + pipeline objects), prices, close (cache write), analytics, render; quotes and history from the run's stats. */
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
}

/** A stream that keeps what is written to it. */
function captured(): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = { isTTY: false, write: (s: string) => chunks.push(s) > 0 };
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

export async function runFolio(options: FolioRunOptions): Promise<FolioRun> {
  const warnings: string[] = [];
  const phasesMs: Record<string, number> = {};
  let mark = performance.now();
  const lap = (phase: RunPhase) => {
    const t = performance.now();
    phasesMs[phase] = (phasesMs[phase] ?? 0) + (t - mark);
    mark = t;
  };
  const started = mark;
  const stdout = captured();
  // No environment: default settings, and a configuration directory that holds no config file.
  const io: Io = {
    stdout: stdout.stream,
    stderr: captured().stream,
    env: { FOLIO_CONFIG_DIR: path.join(os.tmpdir(), 'folio-bench-no-config') },
  };
  let symbols = 0;
  let report: Report | undefined;
  await runReports(
    [options.file],
    { format: 'json', bench: true, cache: options.cachePath, yahooUrl: options.yahooUrl },
    io,
    {
      debug: false,
      clock: offsetClock(options.clockOffset),
      warn: (m) => void warnings.push(m),
      lap,
      planned: (plan) => (symbols = plan.quoteSymbols.length),
      reported: (r) => (report = r),
    },
  );
  if (report === undefined) throw new Error(`no report of ${options.file}`);
  const json = stdout.text();
  const table = renderReportTable(report, {
    color: false,
    width: 100,
    height: 12,
    charts: true,
    lots: false,
    sort: 'value',
  });
  lap('render');
  const ms = performance.now() - started;
  // Read back after the clock stops: parsing the whole document is the bench's work, not folio's.
  const { bench: stats } = JSON.parse(json) as { bench: RunStats };
  for (const [k, v] of Object.entries(stats.phases)) if (k === 'quotes' || k === 'history') phasesMs[k] = v;
  return {
    ms,
    phasesMs,
    stats,
    report,
    json,
    tableChars: table.length,
    symbols,
    warnings,
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
