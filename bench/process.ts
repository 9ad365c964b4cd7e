// The CLI as a whole process: spawn `node bin/folio.js ...` (asynchronously: the simulator answering it
// lives in this process's event loop), time it from spawn to exit, and optionally read its peak RSS
// through a tiny --import hook that writes process.resourceUsage().maxRSS on exit.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

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

/** Alternates `node -e 0` and the folio command `pairs` times, so both see the same machine load. */
export async function pairedTiming(
  folioArgs: string[],
  options: SpawnOptions,
  pairs: number,
  check?: (run: ProcessRun) => void,
): Promise<PairedTiming> {
  const folioMs: number[] = [];
  const nodeMs: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < pairs; i++) {
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
