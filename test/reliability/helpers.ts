// Shared pieces of the reliability tests: spawning the built CLI against a simulator with a
// temporary config and cache, comparing reports by their numbers, a seeded PRNG and a small pool.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
export { countCsvDataRows } from '../support/csv-rows.js';
export { countJsonLots, mutate, prng } from '../support/fuzz.js';

export const SIM_TODAY = '2026-11-27';
export const FOLIO_NOW = '2026-11-27T22:00:00Z';
export const SIM_NOW = Date.parse(FOLIO_NOW);
export const BIN = path.resolve('bin/folio.js');
export const STRESS = process.env.FOLIO_STRESS === '1';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  stdin?: string | Buffer;
  /** Killed with SIGKILL after this many ms (a hang shows as timedOut). */
  timeoutMs?: number;
  /** Kill with SIGKILL after this many ms on purpose (the kill test). */
  killAfterMs?: number;
  /** Called at spawn with a function that kills the child with SIGKILL (the kill test picks its moment). */
  onSpawn?: (kill: () => void) => void;
  /** Run as this user (the tests run as root, for whom file modes stop nothing). */
  user?: { uid: number; gid: number };
}

/** A temporary directory, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `folio-rel-${prefix}-`));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Environment of a test run: pinned clock, no colour, its own config dir and cache, the simulator. */
export function cliEnv(opts: { dir: string; yahooUrl: string; cache?: string }): Record<string, string> {
  return {
    FOLIO_NOW,
    NO_COLOR: '1',
    TZ: 'UTC',
    FOLIO_CONFIG_DIR: path.join(opts.dir, 'config'),
    FOLIO_CACHE: opts.cache ?? path.join(opts.dir, 'cache', 'cache.sqlite'),
    FOLIO_YAHOO_URL: opts.yahooUrl,
  };
}

/** True when every directory on the way to `file`, and `file` itself, lets any user in (o+x). */
export function openToAll(file: string): boolean {
  for (let p = file; ; p = path.dirname(p)) {
    if ((fs.statSync(p).mode & 0o001) === 0) return false;
    if (path.dirname(p) === p) return true;
  }
}

/**
 * The node binary another user can run: this one, or a copy in the temporary directory when it lives
 * where only its owner may go (CI's second Node line is installed under root's home). One copy per
 * Node version, kept for the next run.
 */
function nodeForAnyUser(): string {
  if (openToAll(process.execPath)) return process.execPath;
  const dir = path.join(os.tmpdir(), `folio-test-node-${process.version}`);
  const copy = path.join(dir, 'node');
  if (!fs.existsSync(copy) || fs.statSync(copy).size !== fs.statSync(process.execPath).size) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
    const partial = `${copy}.${process.pid}`;
    fs.copyFileSync(process.execPath, partial);
    fs.chmodSync(partial, 0o755);
    fs.renameSync(partial, copy);
  }
  return copy;
}

/** Spawns `node bin/folio.js ...args` and collects its output. */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env };
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    if (options.user !== undefined && !openToAll(BIN))
      throw new Error(
        `${BIN} must be readable by uid ${options.user.uid} for this test (clone it where any user may read)`,
      );
    const node = options.user === undefined ? process.execPath : nodeForAnyUser();
    const child = spawn(node, [BIN, ...args], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...options.user,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    const timers: NodeJS.Timeout[] = [];
    if (options.timeoutMs !== undefined)
      timers.push(
        setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, options.timeoutMs),
      );
    if (options.killAfterMs !== undefined)
      timers.push(setTimeout(() => child.kill('SIGKILL'), options.killAfterMs));
    options.onSpawn?.(() => child.kill('SIGKILL'));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      for (const t of timers) clearTimeout(t);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
      });
    });
    child.stdin.on('error', () => {}); // the child may exit before reading stdin
    child.stdin.end(options.stdin ?? '');
  });
}

/** Runs `tasks` with at most `size` at once, results in order. */
export async function pool<T>(size: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, tasks.length) }, worker));
  return results;
}

interface JsonReport {
  generatedAt?: unknown;
  bench?: unknown;
  summary?: { prices?: unknown };
  holdings?: { source?: unknown; fetchedAt?: unknown; lots?: unknown[] }[];
}

/**
 * A JSON report without what legitimately differs between runs on the same data: when it was made,
 * timings, and where each price came from (live, cache) and when it was fetched. Everything left
 * (values, returns, risk, series, warnings) must be equal.
 */
export function reportNumbers(stdout: string): unknown {
  const r = JSON.parse(stdout) as JsonReport;
  delete r.generatedAt;
  delete r.bench;
  if (r.summary) delete r.summary.prices;
  for (const h of r.holdings ?? []) {
    delete h.source;
    delete h.fetchedAt;
  }
  return r;
}

/** The stderr of a failed run must be the error line(s), never a stack trace. */
export function hasStackTrace(stderr: string): boolean {
  return /^\s+at /m.test(stderr);
}

/** `count` lots of distinct symbols the simulator makes up (R000, R001, ...), bought in 2026 (short histories keep runs quick). */
export function holdingsCsv(count: number): string {
  const rows = ['symbol,shares,cost,date'];
  for (let i = 0; i < count; i++) {
    const symbol = `R${String(i).padStart(3, '0')}`;
    rows.push(`${symbol},${(i % 7) + 1},${(10 + i).toFixed(2)},2026-0${(i % 9) + 1}-1${i % 10}`);
  }
  return `${rows.join('\n')}\n`;
}

/**
 * A small portfolio for the cache tests: a US stock split in its window, a London stock in pence (an
 * FX pair), an ETF; with `--benchmarks SPY` a cold run needs 5 charts of about a year.
 */
export const SMALL_PORTFOLIO = `symbol,shares,cost,currency,date,account
NVDA,10,120.50,USD,2025-11-03,Brokerage
VOD.L,200,70.1,GBp,2025-12-01,ISA
VTI,5,250,USD,2026-01-15,IRA
NVDA,2,140,USD,2026-03-02,IRA
`;
export const SMALL_ARGS = ['--benchmarks', 'SPY'];

// ---- Mutations and row counters for the fuzz through the CLI: the same kinds of damage as the
// parser's own fuzz test (test/holdings.parse.test.ts), and the same per-character row counter, kept
// apart from the code under test.
