// Usage errors, in process: a bad option value, an unknown option or command is exit 2 with one line
// that names what the user typed, before any file is read or price requested (the cases here have no
// simulator: a run that reached the network would fail differently).
import { afterAll, describe, expect, it } from 'vitest';
import { inProcessHome } from '../../support/run-in-process.js';

const home = inProcessHome({ FOLIO_NOW: '2026-11-27T22:00:00Z' });
afterAll(() => home.remove());

const PERIODS = '1m, 3m, 6m, ytd, 1y, 3y, 5y, max';
const holdings = home.file('holdings.csv', 'symbol,shares,cost,date\nAAPL,10,150,2024-01-02\n');

describe('a bad option value is exit 2 with one line naming the option and the value', () => {
  it.each([
    [['quote', 'AAPL', '--width', '5'], 'folio: --width "5": must be a whole number 60..1000'],
    [['history', 'AAPL', '--width', 'wide'], 'folio: --width "wide": must be a whole number 60..1000'],
    [['report', holdings, '--width', '1001'], 'folio: --width "1001": must be a whole number 60..1000'],
    [['rebalance', holdings, '--width', '59'], 'folio: --width "59": must be a whole number 60..1000'],
    [['history', 'AAPL', '--height', '2'], 'folio: --height "2": must be a whole number 3..100'],
    [['history', 'AAPL', '--period', '7q'], `folio: --period "7q": must be one of ${PERIODS}`],
    [['report', holdings, '--period', '7q'], `folio: --period "7q": must be one of ${PERIODS}`],
    [['digest', holdings, '--concurrency', '65'], 'folio: --concurrency "65": must be 1..64'],
    [
      ['quote', 'AAPL', '--format', 'xml'],
      'folio: --format "xml": must be one of table, json, csv, markdown',
    ],
    [['history', 'AAPL', '--format', 'csv'], 'folio: --format "csv": must be one of table, json'],
    [['report', holdings, '--as-of', '2026-11-28'], 'folio: --as-of 2026-11-28: lies in the future'],
    [
      ['report', holdings, '--as-of', '2024-02-30'],
      'folio: --as-of "2024-02-30": expected a date YYYY-MM-DD',
    ],
    [['digest', holdings, '--since', 'yesterday'], 'folio: --since "yesterday": expected a date YYYY-MM-DD'],
    [
      ['rebalance', holdings, '--cash', '-1'],
      'folio: --cash "-1": must be an amount >= 0 in the base currency, e.g. 5000',
    ],
    [
      ['cache', 'clear', '--older-than', 'soon'],
      'folio: --older-than "soon": expected a duration like 30d, 12h, 90m',
    ],
    [['cache', 'stats', '--format', 'xml'], 'folio: --format "xml": must be table or json'],
    [['sim', '--fail-rate', '2'], 'folio: --fail-rate must be a number from 0 to 1, got 2'],
    [
      ['config', 'get', 'colour'],
      'folio: unknown config key "colour" (known: baseCurrency, benchmarks, riskFreeRate, period, concurrency, rateLimit, quoteBatchSize, quoteTtl, requestTimeout, retryBudget, cachePath)',
    ],
    [['quote', 'AAPL', '--concurrency', '0'], 'folio: --concurrency "0": must be 1..64'],
  ])('folio %j', async (argv, line) => {
    const r = await home.run(argv);
    expect(r).toEqual({ code: 2, stdout: '', stderr: `${line}\n` });
  });

  it('a month that does not exist is a usage error, not an internal one', async () => {
    // `new Date('2024-13-01')` is an invalid date: checked with it, the option crashed the run (exit 1).
    for (const [argv, option] of [
      [['report', holdings, '--as-of', '2024-13-01'], '--as-of'],
      [['digest', holdings, '--since', '2024-00-10'], '--since'],
    ] as const) {
      const value = argv[3];
      const r = await home.run(argv);
      expect(r).toEqual({
        code: 2,
        stdout: '',
        stderr: `folio: ${option} "${value}": expected a date YYYY-MM-DD\n`,
      });
    }
  });

  it('a bad FOLIO_* value names the variable', async () => {
    const bad = await home.run(['report', holdings], { FOLIO_PERIOD: '7q' });
    expect(bad).toEqual({
      code: 2,
      stdout: '',
      stderr: `folio: FOLIO_PERIOD "7q": must be one of ${PERIODS}\n`,
    });
  });
});

describe('what commander refuses is exit 2 with its line and the usage', () => {
  it.each([
    [['history', 'AAPL', '--bogus'], "error: unknown option '--bogus'", 'folio history [options] <symbol>'],
    [['quote'], "error: missing required argument 'symbol'", 'folio quote [options] <symbol...>'],
    [
      ['cache', 'clear', '--symbol'],
      "error: option '--symbol <symbol>' argument missing",
      'folio cache clear [options]',
    ],
    [
      ['config', 'set', 'period'],
      "error: missing required argument 'value'",
      'folio config set [options] <key> <value>',
    ],
  ])('folio %j', async (argv, error, usage) => {
    const r = await home.run(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const command = usage.split(' [')[0];
    expect(r.stderr).toBe(`${error}\nUsage: ${usage}\nRun '${command} --help' for details.\n`);
  });

  it('a mistyped command is named as one, not taken for a missing file', async () => {
    const r = await home.run(['qoute', 'AAPL']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      "error: unknown command 'qoute' (commands: report, digest, rebalance, quote, history, cache, config, demo, sim, import; or give a holdings file)",
    );
  });
});

describe('run() and the exit code', () => {
  it("returns the run's own code whatever process.exitCode holds, and leaves it alone", async () => {
    const saved = process.exitCode;
    process.exitCode = 3;
    try {
      const r = await home.run(['config', 'path']);
      expect(r).toEqual({ code: 0, stdout: `${home.configDir}/config.json\n`, stderr: '' });
      expect(process.exitCode).toBe(3);
    } finally {
      process.exitCode = saved;
    }
  });

  it('help and version are exit 0 on stdout', async () => {
    const help = await home.run(['quote', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: folio quote \[options\] <symbol\.\.\.>\n/);
    expect(help.stderr).toBe('');
    const version = await home.run(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(version.stderr).toBe('');
  });
});
