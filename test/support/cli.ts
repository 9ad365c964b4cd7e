// The one way tests run the built CLI (`node bin/folio.js`, i.e. dist/: build first). `runFolio` runs it
// to the end and collects its output; `spawnFolio` hands back the child for tests that talk to it while
// it runs; `underPty` runs it on a pseudo-terminal. With `dir` the run gets its own home there (config
// dir, HOME, cache.sqlite), the pinned clock and no colour; without it, only this process's PATH and
// HOME plus `env` (a test that builds its whole environment itself).
import { type ChildProcess, type StdioOptions, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Simulator } from '../../src/sim/index.js';
import { FOLIO_NOW } from './simulator.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.join(ROOT, 'bin', 'folio.js');

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Killed because it outlived `timeoutMs`. */
  timedOut: boolean;
}

export interface SpawnOptions {
  /** The run's home: FOLIO_CONFIG_DIR, HOME, and `cache.sqlite` inside it. */
  dir?: string;
  /** Sets FOLIO_YAHOO_URL. */
  sim?: Simulator;
  /** Overrides; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Run as this user (the tests run as root, for whom file modes stop nothing). */
  user?: { uid: number; gid: number };
}

export interface RunOptions extends SpawnOptions {
  input?: string | Buffer;
  /** Killed with SIGKILL after this many ms (default 40 s); shows as `timedOut`. */
  timeoutMs?: number;
  /** Kill with SIGKILL after this many ms on purpose (a kill test). */
  killAfterMs?: number;
  /** Called at spawn with a function that kills the child with SIGKILL (a kill test picks its moment). */
  onSpawn?: (kill: () => void) => void;
}

/** The environment of a run (see the file's head). */
export function folioEnv(options: Pick<SpawnOptions, 'dir' | 'sim' | 'env'>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv =
    options.dir === undefined
      ? { PATH: process.env.PATH, HOME: process.env.HOME }
      : {
          FOLIO_CONFIG_DIR: options.dir,
          FOLIO_CACHE: path.join(options.dir, 'cache.sqlite'),
          FOLIO_NOW,
          NO_COLOR: '1',
          TZ: 'UTC',
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: options.dir,
        };
  if (options.sim !== undefined) env.FOLIO_YAHOO_URL = options.sim.url;
  for (const [k, v] of Object.entries(options.env ?? {})) env[k] = v;
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env;
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

/** Starts `node bin/folio.js ...args`; the caller reads and ends it. */
export function spawnFolio(
  args: readonly string[],
  options: SpawnOptions & { stdio?: StdioOptions },
): ChildProcess {
  if (options.user !== undefined && !openToAll(BIN))
    throw new Error(
      `${BIN} must be readable by uid ${options.user.uid} for this test (clone it where any user may read)`,
    );
  const node = options.user === undefined ? process.execPath : nodeForAnyUser();
  return spawn(node, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: folioEnv(options),
    stdio: options.stdio ?? ['pipe', 'pipe', 'pipe'],
    ...options.user,
  });
}

/** Runs `node bin/folio.js ...args` to the end and collects its output. */
export function runFolio(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawnFolio(args, options);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    const timers = [
      setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, options.timeoutMs ?? 40_000),
    ];
    if (options.killAfterMs !== undefined)
      timers.push(setTimeout(() => child.kill('SIGKILL'), options.killAfterMs));
    options.onSpawn?.(() => child.kill('SIGKILL'));
    child.on('error', (error) => {
      for (const t of timers) clearTimeout(t);
      reject(error);
    });
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
    child.stdin!.on('error', () => {}); // the child may exit before reading stdin
    child.stdin!.end(options.input ?? '');
  });
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
