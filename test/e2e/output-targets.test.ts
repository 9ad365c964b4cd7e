// What --output and --output-dir do with what is at the path: a symlink is written through (the link
// stays, its target gets the report), a device is written in place (never replaced by a file), a
// missing directory is refused before any price request; and a stdout that cannot be written (a full
// disk) ends in one line and exit 2 for every command, while a closed pipe stays a quiet exit 0.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { STACK_LINE, cleanupTempDirs, tempDir, writeHoldings } from './helpers.js';
import { runFolio, spawnFolio, type RunResult } from '../support/cli.js';
import { startSim } from '../support/simulator.js';

const SMALL = 'symbol,shares,cost,currency,date\nAAPL,10,150,USD,2022-03-01\nMSFT,5,280,USD,2023-06-01\n';
const OTHER = 'symbol,shares,cost,currency,date\nNVDA,20,40,USD,2023-02-01\n';
const FAST = ['--benchmarks', 'SPY', '--no-charts'];

let sim: Simulator;
let home: string;
let holdings: string;
let other: string;

beforeAll(async () => {
  sim = await startSim();
  home = tempDir();
  holdings = writeHoldings(home, 'small.csv', SMALL);
  other = writeHoldings(home, 'other.csv', OTHER);
  // Warm the cache once: the runs below are then served from it.
  const warm = await runFolio(['report', holdings, other, '--format', 'json', ...FAST], { dir: home, sim });
  expect(warm.code, warm.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await sim.close();
  cleanupTempDirs();
});

/** A run, and how many requests reached the simulator during it. */
async function counted(args: string[]): Promise<{ res: RunResult; requests: number }> {
  const before = sim.counters.total;
  const res = await runFolio(args, { dir: home, sim });
  return { res, requests: sim.counters.total - before };
}

/** A run whose stdout is the file `stdoutPath` opened for writing (/dev/full: every write fails). */
function runWithStdout(args: string[], stdoutPath: string): Promise<RunResult> {
  const fd = fs.openSync(stdoutPath, 'w');
  return new Promise((resolve, reject) => {
    const child = spawnFolio(args, { dir: home, sim, stdio: ['ignore', fd, 'pipe'] });
    fs.closeSync(fd);
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: '', stderr, timedOut: false }));
  });
}

const ONE_LINE_ENOSPC = /^folio: cannot write the output: ENOSPC \(no space left on device\)$/;

describe('--output onto a symlink', () => {
  it('writes through the link: the link stays a link and its target gets the report', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'real'));
    const target = path.join(dir, 'real', 'daily.md');
    fs.writeFileSync(target, 'OLD');
    const link = path.join(dir, 'link.md');
    fs.symlinkSync(path.join('real', 'daily.md'), link);
    const { res } = await counted(['report', holdings, '--format', 'markdown', '--output', link, ...FAST]);
    expect(res.code, res.stderr).toBe(0);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(link)).toBe(path.join('real', 'daily.md'));
    expect(fs.readFileSync(target, 'utf8')).toMatch(/^# Portfolio report as of 2026-11-27 \(USD\)/);
    // No temporary file left, neither beside the link nor beside the target.
    expect(fs.readdirSync(dir).sort()).toEqual(['link.md', 'real']);
    expect(fs.readdirSync(path.join(dir, 'real'))).toEqual(['daily.md']);
  });

  it('keeps the permissions of the file it replaces', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'report.json');
    fs.writeFileSync(target, 'OLD');
    fs.chmodSync(target, 0o640);
    const { res } = await counted(['report', holdings, '--format', 'json', '--output', target, ...FAST]);
    expect(res.code, res.stderr).toBe(0);
    expect(fs.statSync(target).mode & 0o777).toBe(0o640);
  });
});

// Devices are made with mknod in a temporary directory (root only), not taken from /dev: a regression
// must not replace the machine's own /dev/null. A FIFO needs no privilege.
const ROOT_USER = process.getuid?.() === 0;

function device(dir: string, name: string, minor: number): string {
  const file = path.join(dir, name);
  execFileSync('mknod', [file, 'c', '1', String(minor)]); // 1,3 is null; 1,7 is full
  return file;
}

describe('--output onto something that is not a regular file', () => {
  it.skipIf(!ROOT_USER)(
    'a null device stays the device: written in place, never replaced by a file',
    async () => {
      const dir = tempDir();
      const nul = device(dir, 'null', 3);
      const { res } = await counted(['report', holdings, '--output', nul, ...FAST]);
      expect(res.code, res.stderr).toBe(0);
      expect(fs.statSync(nul).isCharacterDevice()).toBe(true);
      expect(fs.readdirSync(dir)).toEqual(['null']);
    },
  );

  it.skipIf(!ROOT_USER)(
    'a full device: one line naming it and the reason, exit 2, the device kept',
    async () => {
      const dir = tempDir();
      const full = device(dir, 'full', 7);
      const { res } = await counted(['report', holdings, '--output', full, ...FAST]);
      expect(res.code).toBe(2);
      expect(res.stderr.trimEnd().split('\n')).toEqual([
        `folio: cannot write the output to ${full}: ENOSPC (no space left on device)`,
      ]);
      expect(fs.statSync(full).isCharacterDevice()).toBe(true);
      expect(fs.readdirSync(dir)).toEqual(['full']);
    },
  );

  it('a FIFO: the reader at its other end gets the report, and the FIFO stays a FIFO', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    let received = '';
    const reader = new Promise<void>((resolve, reject) =>
      fs
        .createReadStream(fifo, 'utf8')
        .on('data', (d) => (received += String(d)))
        .on('end', resolve)
        .on('error', reject),
    );
    const { res } = await counted(['report', holdings, '--format', 'csv', '--output', fifo, ...FAST]);
    expect(res.code, res.stderr).toBe(0);
    // Checked first: a FIFO replaced by a file would leave the reader waiting for ever.
    expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
    await reader;
    expect(received.split(/\r?\n/)[0]).toMatch(/^symbol,name,/);
    expect(fs.readdirSync(dir)).toEqual(['pipe']);
  });

  // /dev/stdout is a link to /proc/self/fd/1; one made in a temporary directory stands for it (a
  // regression would then replace that link, not the machine's /dev/stdout).
  it('a link to /proc/self/fd/1 (/dev/stdout) with stdout redirected to a file: that file gets the report', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'out.csv');
    const stdoutLink = path.join(dir, 'stdout');
    fs.symlinkSync('/proc/self/fd/1', stdoutLink);
    const res = await runWithStdout(['report', holdings, '--format', 'csv', '--output', stdoutLink], out);
    expect(res.code, res.stderr).toBe(0);
    expect(fs.readFileSync(out, 'utf8').split(/\r?\n/)[0]).toMatch(/^symbol,name,/);
  });
});

describe('a missing directory', () => {
  it('--output in a directory that does not exist: exit 2 before any request, nothing created', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'missing', 'x.json');
    const { res, requests } = await counted([
      'report',
      holdings,
      '--format',
      'json',
      '--output',
      file,
      '--refresh',
    ]);
    expect(res.code).toBe(2);
    expect(requests).toBe(0);
    expect(res.stderr.trimEnd().split('\n')).toEqual([
      `folio: --output ${file}: the directory ${path.join(dir, 'missing')} does not exist`,
      `hint: create it first: mkdir -p ${path.join(dir, 'missing')}`,
    ]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('--output-dir that does not exist: exit 2 before any request', async () => {
    const dir = path.join(tempDir(), 'reports');
    const args = ['report', holdings, other, '--format', 'json', '--output-dir', dir, '--refresh'];
    const { res, requests } = await counted(args);
    expect(res.code).toBe(2);
    expect(requests).toBe(0);
    expect(res.stderr).toMatch(/^folio: --output-dir .*reports: the directory .*reports does not exist$/m);
    expect(res.stderr).not.toContain(STACK_LINE);
    expect(fs.existsSync(dir)).toBe(false);
  });
});

describe('--output-dir', () => {
  it('writes through a symlink standing in the directory', async () => {
    const dir = tempDir();
    const elsewhere = path.join(tempDir(), 'kept.json');
    fs.writeFileSync(elsewhere, 'OLD');
    fs.symlinkSync(elsewhere, path.join(dir, 'small.json'));
    const args = ['report', holdings, other, '--format', 'json', '--output-dir', dir, ...FAST];
    const { res } = await counted(args);
    expect(res.code, res.stderr).toBe(0);
    expect(fs.lstatSync(path.join(dir, 'small.json')).isSymbolicLink()).toBe(true);
    expect((JSON.parse(fs.readFileSync(elsewhere, 'utf8')) as { holdings: unknown[] }).holdings).toHaveLength(
      2,
    );
    expect(fs.readdirSync(dir).sort()).toEqual(['other.json', 'small.json']);
  });

  it('names the report of standard input stdin.<ext>', async () => {
    const dir = tempDir();
    const res = await runFolio(['report', '-', other, '--format', 'markdown', '--output-dir', dir, ...FAST], {
      dir: home,
      sim,
      input: SMALL,
    });
    expect(res.code, res.stderr).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['other.md', 'stdin.md']);
  });
});

describe('several files with --output', () => {
  it('JSON: the one document stdout gets', async () => {
    const file = path.join(tempDir(), 'all.json');
    const args = ['report', holdings, other, '--format', 'json', ...FAST];
    const toStdout = await counted(args);
    const toFile = await counted([...args, '--output', file]);
    expect(toFile.res.code, toFile.res.stderr).toBe(0);
    expect(toFile.res.stdout).toBe('');
    const strip = (text: string) => text.replace(/"generatedAt": *"[^"]*"/g, '');
    expect(strip(fs.readFileSync(file, 'utf8'))).toBe(strip(toStdout.res.stdout));
  });
});

describe('a stdout that cannot be written (> /dev/full)', () => {
  it.each([
    ['report', () => ['report', holdings, ...FAST]],
    ['quote', () => ['quote', 'AAPL']],
    ['history', () => ['history', 'AAPL', '--period', '1m']],
    ['cache stats', () => ['cache', 'stats']],
    // answered by bin/folio.js itself, before the CLI is loaded: the same rule applies
    ['--version', () => ['--version']],
    ['-V', () => ['-V']],
  ])('%s: one line, exit 2, no stack', async (_name, args) => {
    const res = await runWithStdout(args(), '/dev/full');
    expect(res.code).toBe(2);
    expect(res.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(ONE_LINE_ENOSPC)]);
  });
});
