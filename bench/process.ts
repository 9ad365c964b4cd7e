// The CLI as a whole process: spawn `node bin/folio.js ...` (asynchronously: the simulator answering it
// lives in this process's event loop), time it from spawn to exit, and optionally read its peak RSS
// through a tiny --import hook that writes process.resourceUsage().maxRSS on exit.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { makePortfolio } from './portfolios.js';

export interface ProcessRun {
  ms: number;
  code: number | null;
  stdoutBytes: number;
  stderr: string;
  stdout: string;
  /** Peak resident set size, bytes (only when measured). */
  peakRssBytes?: number;
}

export interface SpawnOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Keep stdout (else only its size is kept). */
  keepStdout?: boolean;
  /** Measure peak RSS via the hook (adds a few ms of start-up). */
  rssHookDir?: string;
}

const HOOK = `import { writeFileSync } from 'node:fs';
process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS * 1024));
});
`;

export function spawnTimed(command: string, args: string[], options: SpawnOptions): Promise<ProcessRun> {
  const env = { ...options.env };
  let rssFile: string | undefined;
  if (options.rssHookDir !== undefined) {
    const hook = path.join(options.rssHookDir, 'rss-hook.mjs');
    if (!fs.existsSync(hook)) fs.writeFileSync(hook, HOOK);
    rssFile = path.join(options.rssHookDir, `rss-${process.pid}-${Date.now()}.txt`);
    env.NODE_OPTIONS = `--import=${pathToFileURL(hook).href}`;
    env.BENCH_RSS_FILE = rssFile;
  }
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdoutBytes = 0;
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (options.keepStdout === true) out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      let peakRssBytes: number | undefined;
      if (rssFile !== undefined) {
        try {
          peakRssBytes = Number(fs.readFileSync(rssFile, 'utf8'));
          fs.unlinkSync(rssFile);
        } catch {
          peakRssBytes = undefined;
        }
      }
      resolve({ ms, code, stdoutBytes, stderr, stdout: Buffer.concat(out).toString('utf8'), peakRssBytes });
    });
  });
}

export interface PairedTiming {
  pairs: number;
  folioMs: number[];
  nodeMs: number[];
  /** Median over pairs of folio / node. */
  medianRatio: number;
}

/**
 * Alternates `node -e 0` and the folio command `pairs` times, so both see the same machine load.
 * `before(i)` runs ahead of pair i, outside the timing (e.g. to edit the holdings file).
 */
export async function pairedTiming(
  folioArgs: string[],
  options: SpawnOptions,
  pairs: number,
  check?: (run: ProcessRun) => void,
  before?: (pair: number) => void,
): Promise<PairedTiming> {
  const folioMs: number[] = [];
  const nodeMs: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < pairs; i++) {
    before?.(i);
    const base = await spawnTimed(process.execPath, ['-e', '0'], options);
    const folio = await spawnTimed(process.execPath, folioArgs, options);
    if (folio.code !== 0)
      throw new Error(`folio exited ${folio.code}: ${folio.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    check?.(folio);
    nodeMs.push(base.ms);
    folioMs.push(folio.ms);
    ratios.push(folio.ms / base.ms);
  }
  return { pairs, folioMs, nodeMs, medianRatio: median(ratios) };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The holdings CSV with one lot's shares changed for run `run` (lot `run` mod the lot count, one more
 * share per round), so each run reads a file that differs from the previous run's: nothing but the
 * cached prices can be reused.
 */
export function editedHoldings(csv: string, run: number): string {
  const lines = csv.split('\n');
  const lots = lines.length - 2; // header, lots, trailing empty line
  const at = 1 + (run % lots);
  const fields = lines[at]!.split(',');
  fields[1] = String(Number(fields[1]) + 1 + Math.floor(run / lots));
  lines[at] = fields.join(',');
  return lines.join('\n');
}

export interface WholeProcessResult {
  holdings: number;
  /** Purchase dates from this date on. */
  lotsSince: string;
  coldMs: number;
  coldRequests: { data: number; cookie: number; crumb: number };
  coldPeakRssMB: number | null;
  warmPeakRssMB: number | null;
  pairs: number;
  warmMs: { median: number; min: number; max: number };
  nodeMs: { median: number; min: number; max: number };
  medianRatio: number;
  warmRequests: number;
}

export interface VersionResult {
  pairs: number;
  folioMs: { median: number; min: number; max: number };
  nodeMs: { median: number; min: number; max: number };
  medianRatio: number;
}

export interface WholeProcessOptions {
  /** folio's package root (bin/folio.js below it). */
  root: string;
  /** A scratch directory of this run. */
  dir: string;
  simUrl: string;
  /** The bench's clock (the simulator's "now"), ms. */
  now: () => number;
  /** Data requests the simulator counted since its last reset, and the reset. */
  simCounts: () => { total: number; data: number; cookie: number; crumb: number };
  resetSim: () => void;
  pairs: number;
}

const MB = 1024 * 1024;
const spreadOf = (values: number[]) => ({
  median: median(values),
  min: Math.min(...values),
  max: Math.max(...values),
});

/**
 * `folio report <file> --format json` as a whole process on `size` holdings + the default ETFs: one cold
 * run (empty cache; its peak RSS), then warm runs from that cache, each on a holdings file edited since
 * the run before: one for the peak RSS, then `pairs` timed pairs against `node -e 0`.
 */
export async function measureWholeProcess(
  size: number,
  today: string,
  lotsSince: string | undefined,
  options: WholeProcessOptions,
): Promise<WholeProcessResult> {
  const dir = path.join(options.dir, `process-${size}`);
  fs.mkdirSync(dir, { recursive: true });
  const portfolio = makePortfolio(size, today, 42, lotsSince);
  const file = path.join(dir, 'holdings.csv');
  fs.writeFileSync(file, portfolio.csv);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    TZ: 'UTC',
    NO_COLOR: '1',
    FOLIO_CONFIG_DIR: path.join(dir, 'config'),
    FOLIO_CACHE: path.join(dir, 'cli.sqlite'),
    FOLIO_YAHOO_URL: options.simUrl,
  };
  const cliArgs = [path.join(options.root, 'bin', 'folio.js'), 'report', file, '--format', 'json'];
  options.resetSim();
  const cold = await spawnTimed(process.execPath, cliArgs, {
    cwd: options.root,
    env: { ...env, FOLIO_NOW: new Date(options.now()).toISOString() },
    rssHookDir: dir,
  });
  if (cold.code !== 0) throw new Error(`cold CLI run exited ${cold.code}: ${cold.stderr}`);
  const coldCounts = options.simCounts();
  // Every warm process starts at the same instant just after the cold run's fetches, as a cron job a
  // moment later would: quotes still fresh, nothing to fetch.
  const warmEnv = { ...env, FOLIO_NOW: new Date(options.now() + 1000).toISOString() };
  let edits = 0;
  const edit = () => fs.writeFileSync(file, editedHoldings(portfolio.csv, edits++));
  options.resetSim();
  edit();
  const warmRss = await spawnTimed(process.execPath, cliArgs, {
    cwd: options.root,
    env: warmEnv,
    rssHookDir: dir,
  });
  if (warmRss.code !== 0) throw new Error(`warm CLI run exited ${warmRss.code}: ${warmRss.stderr}`);
  const timed = await pairedTiming(
    cliArgs,
    { cwd: options.root, env: warmEnv },
    options.pairs,
    undefined,
    edit,
  );
  return {
    holdings: size,
    lotsSince: lotsSince ?? 'five years back',
    coldMs: cold.ms,
    coldRequests: { data: coldCounts.data, cookie: coldCounts.cookie, crumb: coldCounts.crumb },
    coldPeakRssMB: cold.peakRssBytes === undefined ? null : Math.round(cold.peakRssBytes / MB),
    warmPeakRssMB: warmRss.peakRssBytes === undefined ? null : Math.round(warmRss.peakRssBytes / MB),
    pairs: timed.pairs,
    warmMs: spreadOf(timed.folioMs),
    nodeMs: spreadOf(timed.nodeMs),
    medianRatio: timed.medianRatio,
    warmRequests: options.simCounts().total,
  };
}

/** `folio --version` against `node -e 0`, `pairs` alternating pairs (its output checked each time). */
export async function measureVersion(root: string, pairs: number): Promise<VersionResult> {
  const version = (
    JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const timed = await pairedTiming(
    [path.join(root, 'bin', 'folio.js'), '--version'],
    { cwd: root, env: { PATH: process.env.PATH }, keepStdout: true },
    pairs,
    (run) => {
      if (run.stdout !== `${version}\n`)
        throw new Error(`folio --version printed ${JSON.stringify(run.stdout)}, not ${version}`);
    },
  );
  return {
    pairs: timed.pairs,
    folioMs: spreadOf(timed.folioMs),
    nodeMs: spreadOf(timed.nodeMs),
    medianRatio: timed.medianRatio,
  };
}
