// End-to-end harness: the project's Yahoo simulator runs in the test process, the built CLI
// (`node bin/folio.js`, i.e. dist/) runs as a child with a temporary config dir and cache, a pinned
// clock aligned with the simulator, and no colour. `npm test` builds dist/ first.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator, type SimOptions, type Simulator } from '../../src/sim/index.js';
import { expect } from 'vitest';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(ROOT, 'bin', 'folio.js');
export const SAMPLE_CSV = path.join(ROOT, 'fixtures', 'sample-portfolio.csv');
export const SAMPLE_JSON = path.join(ROOT, 'fixtures', 'sample-portfolio.json');

/** Friday; 22:00 UTC is after every exchange's close that day. */
export const SIM_TODAY = '2026-11-27';
export const NOW = '2026-11-27T22:00:00Z';

/** A stack frame line: never allowed in user-facing output. */
export const STACK_LINE = '    at ';
export const ANSI = /\u001b[[\]()#;?]*[0-9;]*[A-Za-z]?/;

export function startSim(options: SimOptions = {}): Promise<Simulator> {
  return startSimulator({ port: 0, today: SIM_TODAY, now: () => Date.parse(NOW), ...options });
}

const made: string[] = [];

/** A fresh temporary directory (removed by `cleanupTempDirs`). */
export function tempDir(prefix = 'folio-e2e-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function cleanupTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** The run's home: FOLIO_CONFIG_DIR, HOME, and `cache.sqlite` inside it. */
  dir: string;
  /** Sets FOLIO_YAHOO_URL. */
  sim?: Simulator;
  /** Overrides; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  input?: string;
  cwd?: string;
  timeoutMs?: number;
}

export function folioEnv(options: Pick<RunOptions, 'dir' | 'sim' | 'env'>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    FOLIO_CONFIG_DIR: options.dir,
    FOLIO_CACHE: path.join(options.dir, 'cache.sqlite'),
    FOLIO_NOW: NOW,
    NO_COLOR: '1',
    TZ: 'UTC',
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: options.dir,
  };
  if (options.sim !== undefined) env.FOLIO_YAHOO_URL = options.sim.url;
  for (const [k, v] of Object.entries(options.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Spawns `node bin/folio.js ...args` and collects its output; kills it after `timeoutMs`. */
export function runFolio(args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: folioEnv(options),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 40_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Runs tasks with at most `limit` at once (the machine has 2 cores), results in input order. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** A copy of the simulator's request counts by endpoint. */
export function endpointCounts(sim: Simulator): Record<string, number> {
  return { ...sim.counters.byEndpoint };
}

/** Writes a holdings file into `dir` and returns its path. */
export function writeHoldings(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/**
 * Runs `node bin/folio.js args` under script(1), a pseudo-terminal; returns what the terminal received
 * (stdout and stderr, merged, with the terminal's CRLF line ends). `onOutput` sees the output so far
 * each time more arrives.
 */
export function underPty(
  args: string[],
  env: NodeJS.ProcessEnv,
  onOutput?: (soFar: string) => void,
): Promise<{ code: number | null; output: string }> {
  const command = ['node', 'bin/folio.js', ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const more = (d: string): void => {
      output += d;
      onOutput?.(output);
    };
    child.stdout.setEncoding('utf8').on('data', more);
    child.stderr.setEncoding('utf8').on('data', more);
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

interface ReportDoc {
  asOf: string;
  summary: { marketValue: number };
  holdings: { lots: { date: string | null; costBasis: number | null; marketValue: number }[] }[];
  series: { dates: string[]; value: number[] };
}

/**
 * One day, one value: the series' point at asOf is valued with the same prices and FX as the
 * holdings above it. It holds the lots in the history figures (dated, with a cost), so it equals
 * summary.marketValue when every lot is one of those. Money to 1e-6 relative.
 */
export function expectSeriesEndsAtValue(doc: ReportDoc): void {
  const inHistory = doc.holdings
    .flatMap((h) => h.lots)
    .filter((l) => l.date !== null && l.costBasis !== null)
    .reduce((s, l) => s + l.marketValue, 0);
  const allInHistory = doc.holdings.every((h) =>
    h.lots.every((l) => l.date !== null && l.costBasis !== null),
  );
  if (doc.series.dates.length === 0) {
    expect(inHistory).toBe(0);
    return;
  }
  expect(doc.series.dates.at(-1)).toBe(doc.asOf);
  const last = doc.series.value.at(-1)!;
  const close = (a: number, b: number) =>
    expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(b)));
  close(last, inHistory);
  if (allInHistory) close(last, doc.summary.marketValue);
}
