// --quiet, for cron: every command accepts it, and with it prints its result (if it has one: a report on
// stdout, a quote, a path, a value) and its warnings and errors, nothing else. A cron job that mails
// its output then mails only when something needs a look.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { SAMPLE_CSV, cleanupTempDirs, tempDir, writeHoldings } from './helpers.js';
import { runFolio, spawnFolio } from '../support/cli.js';
import { SIM_TODAY, startSim } from '../support/simulator.js';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSim();
});

afterAll(async () => {
  await sim.close();
  cleanupTempDirs();
});

/** Every stderr line is a warning (never a status line, a banner or a bench table). */
const onlyWarnings = (stderr: string): boolean =>
  stderr === '' ||
  stderr
    .trimEnd()
    .split('\n')
    .every((line) => line.startsWith('warning: '));

describe('--quiet prints nothing but results, warnings and errors', () => {
  it('commands that only do something print nothing at all', async () => {
    const dir = tempDir();
    const run = (...args: string[]) => runFolio(args, { dir, sim });
    for (const args of [
      ['cache', 'warm', SAMPLE_CSV, '--quiet'],
      ['report', SAMPLE_CSV, '--output', path.join(dir, 'r.md'), '--format', 'markdown', '--quiet'],
      ['cache', 'clear', '--symbol', 'AAPL', '--quiet'],
      ['cache', 'clear', '--older-than', '30d', '-q'],
      ['config', 'set', 'baseCurrency', 'EUR', '--quiet'],
      ['config', 'unset', 'baseCurrency', '--quiet'],
    ]) {
      expect({ args, ...(await run(...args)) }).toMatchObject({ args, code: 0, stdout: '', stderr: '' });
    }
    expect(fs.readFileSync(path.join(dir, 'r.md'), 'utf8')).toMatch(/^# Portfolio report/m);
  }, 120_000);

  it('commands with a result print it and nothing else', async () => {
    const dir = tempDir();
    await runFolio(['cache', 'warm', SAMPLE_CSV, '--quiet'], { dir, sim });
    const cases: [string[], RegExp][] = [
      [['report', SAMPLE_CSV, '--quiet', '--no-charts'], /^Summary/m],
      [['quote', 'AAPL', 'SPY', '--quiet'], /AAPL/],
      [['history', 'SPY', '--period', '1m', '--quiet'], /SPY/],
      [['cache', 'stats', '--quiet'], /^histories\s+\d+/m],
      [['cache', 'path', '--quiet'], /cache\.sqlite\n$/],
      [['config', 'get', 'baseCurrency', '--quiet'], /^USD\n$/],
      [['config', 'list', '--quiet'], /^baseCurrency/m],
      [['config', 'path', '--quiet'], /config\.json\n$/],
      [['demo', '--quiet', '--no-charts'], /DEMO/],
    ];
    for (const [args, result] of cases) {
      const res = await runFolio(args, { dir, sim });
      expect({ args, code: res.code, stderr: res.stderr }).toEqual({ args, code: 0, stderr: '' });
      expect(res.stdout, args.join(' ')).toMatch(result);
    }
  }, 120_000);

  it('keeps the warnings: an unknown symbol in cache warm and report', async () => {
    const dir = tempDir();
    const file = writeHoldings(
      dir,
      'h.csv',
      'symbol,shares,cost,date\nAAPL,10,150,2025-03-03\nZZZFOO,5,10,2025-03-03\n',
    );
    const warm = await runFolio(['cache', 'warm', file, '--quiet', '--benchmarks', 'SPY'], { dir, sim });
    expect(warm.code).toBe(0);
    expect(warm.stdout).toBe('');
    expect(warm.stderr).toContain('ZZZFOO');
    expect(onlyWarnings(warm.stderr)).toBe(true);
    const report = await runFolio(
      ['report', file, '--quiet', '--benchmarks', 'SPY', '--output', path.join(dir, 'r.txt')],
      { dir, sim },
    );
    expect(report.code).toBe(0);
    expect(report.stdout).toBe('');
    expect(report.stderr).toContain('warning: unknown or delisted symbol ZZZFOO');
    expect(onlyWarnings(report.stderr)).toBe(true);
  }, 60_000);

  it('folio sim --quiet prints only "listening on PORT"', async () => {
    const child = spawnFolio(['sim', '--port', '0', '--today', SIM_TODAY, '--quiet'], { dir: tempDir() });
    let stdout = '';
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no output from folio sim: ${stderr}`)), 30_000);
      child.stdout!.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
        if (stdout.includes('\n')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    // Give a second line the time to arrive before stopping the server.
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/^listening on \d+\n$/);
    expect(stderr).toBe('');
  }, 60_000);
});
