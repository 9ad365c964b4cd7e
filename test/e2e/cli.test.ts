// The CLI's own surfaces: config round trips and validation, settings precedence (flag > env > the
// holdings file > config > default), the offline demo, `folio sim`, --help on every command, --version.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { ANSI, STACK_LINE, cleanupTempDirs, pool, tempDir, writeHoldings } from './helpers.js';
import { ROOT, runFolio, spawnFolio } from '../support/cli.js';
import { SIM_TODAY, startSim } from '../support/simulator.js';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSim();
});

afterAll(async () => {
  await sim.close();
  cleanupTempDirs();
});

const lines = (s: string) => s.split('\n').filter((l) => l !== '');

describe('folio config', () => {
  it('set, get, list, unset and path round-trip through the config file', async () => {
    const dir = tempDir();
    const run = (...args: string[]) => runFolio(['config', ...args], { dir });
    expect((await run('path')).stdout).toBe(`${path.join(dir, 'config.json')}\n`);
    expect((await run('get', 'baseCurrency')).stdout).toBe('USD\n');
    const set = await run('set', 'baseCurrency', 'eur');
    expect(set).toMatchObject({ code: 0, stdout: 'baseCurrency = EUR\n' });
    expect((await run('set', 'benchmarks', 'spy, vea,AGG')).stdout).toBe('benchmarks = SPY,VEA,AGG\n');
    expect((await run('set', 'riskFreeRate', '0.04')).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'))).toEqual({
      baseCurrency: 'EUR',
      benchmarks: ['SPY', 'VEA', 'AGG'],
      riskFreeRate: 0.04,
    });
    expect((await run('get', 'benchmarks')).stdout).toBe('SPY,VEA,AGG\n');
    const list = (await run('list')).stdout;
    expect(list).toMatch(/^baseCurrency\s+EUR$/m);
    expect(list).toMatch(/^period\s+1y {2}\(default\)$/m);
    expect(JSON.parse((await run('list', '--json')).stdout)).toMatchObject({
      baseCurrency: 'EUR',
      riskFreeRate: 0.04,
      period: '1y',
    });
    expect((await run('unset', 'baseCurrency')).stdout).toBe('baseCurrency unset (default: USD)\n');
    expect((await run('get', 'baseCurrency')).stdout).toBe('USD\n');
  }, 60_000);

  it.concurrent.each([
    [['get', 'nope'], 'folio: unknown config key "nope" (known: baseCurrency, benchmarks,'],
    [['set', 'colour', 'red'], 'folio: unknown config key "colour"'],
    [
      ['set', 'period', '7q'],
      'folio: config set period "7q": must be one of 1m, 3m, 6m, ytd, 1y, 3y, 5y, max',
    ],
    [['set', 'concurrency', '1.5'], 'folio: config set concurrency "1.5": must be a whole number'],
    [
      ['set', 'baseCurrency', 'XYZ'],
      'folio: config set baseCurrency "XYZ": must be an ISO 4217 currency code',
    ],
    [['unset', 'nope'], 'folio: unknown config key "nope"'],
  ])('%j is a one-line error, exit 2', async (args, expected) => {
    const dir = tempDir();
    const res = await runFolio(['config', ...args], { dir });
    expect(res.code).toBe(2);
    expect(lines(res.stderr)).toHaveLength(1);
    expect(lines(res.stderr)[0]!.startsWith(expected)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'config.json'))).toBe(false);
  });

  it('a hand-broken config file is a one-line error naming it', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'config.json'), '{"period": "7q"}');
    const res = await runFolio(['config', 'list'], { dir });
    expect(res.code).toBe(2);
    expect(lines(res.stderr)).toEqual([
      `folio: ${path.join(dir, 'config.json')}: period "7q": must be one of 1m, 3m, 6m, ytd, 1y, 3y, 5y, max`,
    ]);
  });
});

describe('settings precedence: flag > environment > holdings file > config > default', () => {
  it('each level overrides the ones below it', async () => {
    const dir = tempDir();
    const csv = writeHoldings(dir, 'one.csv', 'symbol,shares,cost,date\nAAPL,10,150,2025-03-03\n');
    const json = writeHoldings(
      dir,
      'one.json',
      JSON.stringify({
        baseCurrency: 'GBP',
        benchmarks: ['VTI'],
        holdings: [{ symbol: 'AAPL', shares: 10, cost: 150, date: '2025-03-03' }],
      }),
    );
    const configured = tempDir();
    for (const [k, v] of [
      ['baseCurrency', 'EUR'],
      ['benchmarks', 'QQQ'],
    ] as const)
      expect((await runFolio(['config', 'set', k, v], { dir: configured })).code).toBe(0);
    const env = { FOLIO_BASE_CURRENCY: 'CHF', FOLIO_BENCHMARKS: 'SPY' };
    const cases: [string, string[], string, Record<string, string>, string, string[]][] = [
      ['default', [csv], dir, {}, 'USD', ['SPY', 'QQQ', 'VTI']],
      ['config', [csv], configured, {}, 'EUR', ['QQQ']],
      ['file', [json], configured, {}, 'GBP', ['VTI']],
      ['env', [json], configured, env, 'CHF', ['SPY']],
      ['flag', [json, '--currency', 'JPY', '--benchmarks', 'DIA'], configured, env, 'JPY', ['DIA']],
    ];
    const results = await pool(cases, 2, ([, args, home, extra]) =>
      runFolio(['report', ...args, '--format', 'json', '--no-charts'], {
        dir: home,
        sim,
        env: { ...extra, FOLIO_CACHE: path.join(home, `${args.length}-${Object.keys(extra).length}.sqlite`) },
      }),
    );
    const got = results.map((res, i) => {
      const doc = JSON.parse(res.stdout) as { baseCurrency: string; benchmarks: { symbol: string }[] };
      return [cases[i]![0], res.code, doc.baseCurrency, doc.benchmarks.map((b) => b.symbol)];
    });
    expect(got).toEqual(cases.map(([name, , , , currency, benchmarks]) => [name, 0, currency, benchmarks]));
  }, 90_000);
});

describe('folio demo', () => {
  it('runs offline on the built-in simulator, labelled, with bench figures, leaving FOLIO_CACHE alone', async () => {
    const dir = tempDir();
    const userCache = path.join(dir, 'user-cache.sqlite');
    const res = await runFolio(['demo', '--no-charts'], {
      dir,
      env: { FOLIO_YAHOO_URL: undefined, FOLIO_CACHE: userCache },
    });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("*** DEMO: synthetic prices from folio's built-in simulator ***");
    expect(res.stdout).toContain('folio report as of 2026-11-27');
    expect(res.stdout).toMatch(/^Holdings\s+15$/m);
    expect(res.stderr).toMatch(
      /^folio demo: synthetic prices from the built-in simulator at http:\/\/127\.0\.0\.1:\d+ \(no network needed\)$/m,
    );
    expect(res.stderr).toMatch(/^Requests\s+24 \(cookie 1, crumb 1, quote 1, chart 21, other 0\)$/m);
    expect(res.stderr).not.toContain(STACK_LINE);
    expect(res.stdout + res.stderr).not.toMatch(ANSI);
    expect(fs.existsSync(userCache)).toBe(false);
    // Nothing left behind but the code cache of folio's bundle, in the user's cache dir.
    const left = fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
      .filter((file) => !file.startsWith(path.join('.cache', 'folio-nodejs', 'code-cache') + path.sep));
    expect(left).toEqual([]);
  }, 60_000);
});

describe('folio sim', () => {
  it('prints "listening on PORT" first, serves the cookie page, and exits 0 on SIGTERM', async () => {
    const dir = tempDir();
    const child = spawnFolio(['sim', '--port', '0', '--today', SIM_TODAY], { dir });
    let stdout = '';
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no output from folio sim: ${stderr}`)), 30_000);
        child.stdout!.setEncoding('utf8').on('data', (d: string) => {
          stdout += d;
          if (stdout.includes('\n')) {
            clearTimeout(timer);
            resolve(stdout.split('\n')[0]!);
          }
        });
      });
      expect(firstLine).toMatch(/^listening on \d+$/);
      const port = Number(firstLine.split(' ')[2]);
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('set-cookie')).toMatch(/^A3=/);
      await page.arrayBuffer();
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
  }, 60_000);
});

describe('--help and --version', () => {
  const commands = [
    [],
    ['report'],
    ['digest'],
    ['rebalance'],
    ['quote'],
    ['history'],
    ['cache'],
    ['cache', 'warm'],
    ['cache', 'stats'],
    ['cache', 'clear'],
    ['cache', 'path'],
    ['config'],
    ['config', 'list'],
    ['config', 'get'],
    ['config', 'set'],
    ['config', 'unset'],
    ['config', 'path'],
    ['demo'],
    ['sim'],
  ];

  it('every command has --help with its usage and 2-3 real examples, exit 0', async () => {
    const dir = tempDir();
    const results = await pool(commands, 4, (c) => runFolio([...c, '--help'], { dir }));
    const bad = commands
      .map((c, i) => {
        const res = results[i]!;
        const usage = `Usage: folio ${c.length === 0 ? '' : `${c.join(' ')} `}`;
        const examples = res.stdout.split('Examples:')[1] ?? '';
        const count = (examples.match(/^\s+\$ /gm) ?? []).length;
        return {
          c: c.join(' '),
          code: res.code,
          usage: res.stdout.startsWith(usage),
          count,
          stderr: res.stderr,
        };
      })
      // The top-level help has one example per command instead.
      .filter((x) =>
        x.c === ''
          ? x.code !== 0 ||
            !x.usage ||
            x.count !== commands.filter((c) => c.length === 1).length ||
            x.stderr !== ''
          : x.code !== 0 || !x.usage || x.count < 2 || x.count > 4 || x.stderr !== '',
      );
    expect(bad).toEqual([]);
  }, 60_000);

  it('the top-level and report help document the exit codes', async () => {
    const dir = tempDir();
    for (const args of [['--help'], ['report', '--help']]) {
      const res = await runFolio(args, { dir });
      expect(res.stdout).toContain('Exit codes:');
      expect(res.stdout).toMatch(/^\s+5\s+a --fail-if condition was met/m);
    }
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const res = await runFolio([flag], { dir: tempDir() });
      expect(res).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    }
  });
});
