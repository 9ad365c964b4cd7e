// Where each setting comes from, in process: flag > FOLIO_* environment > the holdings file's own
// settings > the config file > the default (src/cli/settings.ts). Reports run against the simulator
// in this process; the settings are read back from the JSON report (its currency, benchmark rows and
// risk-metric window), and the cache location from `folio cache path`.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../../src/sim/index.js';
import { type InProcessHome, inProcessHome } from '../../support/run-in-process.js';

const NOW = '2026-11-27T22:00:00Z';

let sim: Simulator;
let home: InProcessHome;
let csv: string;
let json: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, today: '2026-11-27', now: () => Date.parse(NOW) });
  home = inProcessHome({ FOLIO_NOW: NOW, FOLIO_YAHOO_URL: sim.url });
  csv = home.file('plain.csv', 'symbol,shares,cost,date\nAAPL,10,150,2024-01-02\n');
  json = home.file(
    'own-settings.json',
    JSON.stringify({
      baseCurrency: 'GBP',
      benchmarks: ['VEA'],
      holdings: [{ symbol: 'AAPL', shares: 10, cost: 150, date: '2024-01-02' }],
    }),
  );
});

afterAll(async () => {
  await sim.close();
  home.remove();
});

function writeConfig(settings: Record<string, unknown> | undefined): void {
  const file = path.join(home.configDir, 'config.json');
  if (settings === undefined) fs.rmSync(file, { force: true });
  else fs.writeFileSync(file, JSON.stringify(settings));
}

/** The report's settings as the JSON report shows them. */
async function reportSettings(
  argv: string[],
  env: Record<string, string> = {},
): Promise<{ currency: string; benchmarks: string[]; period: string }> {
  const r = await home.run(['report', ...argv, '--format', 'json'], env);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout) as {
    baseCurrency: string;
    benchmarks: { symbol: string }[];
    summary: { period: { key: string } };
  };
  return {
    currency: report.baseCurrency,
    benchmarks: report.benchmarks.map((b) => b.symbol),
    period: report.summary.period.key,
  };
}

const CONFIG = { baseCurrency: 'EUR', benchmarks: ['AGG'], period: '3m' };
const ENV = { FOLIO_BASE_CURRENCY: 'CHF', FOLIO_BENCHMARKS: 'VTI,SPY', FOLIO_PERIOD: '6m' };
const FLAGS = ['--currency', 'JPY', '--benchmarks', 'QQQ', '--period', '1m'];

describe('report settings: flag > environment > holdings file > config file > default', () => {
  it('the defaults, with nothing set', async () => {
    writeConfig(undefined);
    expect(await reportSettings([csv])).toEqual({
      currency: 'USD',
      benchmarks: ['SPY', 'QQQ', 'VTI'],
      period: '1y',
    });
  });

  it('the config file over the defaults', async () => {
    writeConfig(CONFIG);
    expect(await reportSettings([csv])).toEqual({ currency: 'EUR', benchmarks: ['AGG'], period: '3m' });
  });

  it("the holdings file's own settings over the config file (the period is not one of them)", async () => {
    writeConfig(CONFIG);
    expect(await reportSettings([json])).toEqual({ currency: 'GBP', benchmarks: ['VEA'], period: '3m' });
  });

  it('FOLIO_* variables over the holdings file', async () => {
    writeConfig(CONFIG);
    expect(await reportSettings([json], ENV)).toEqual({
      currency: 'CHF',
      benchmarks: ['VTI', 'SPY'],
      period: '6m',
    });
  });

  it('flags over everything', async () => {
    writeConfig(CONFIG);
    expect(await reportSettings([json, ...FLAGS], ENV)).toEqual({
      currency: 'JPY',
      benchmarks: ['QQQ'],
      period: '1m',
    });
  });

  it('an empty FOLIO_* variable counts as unset', async () => {
    writeConfig(CONFIG);
    expect(
      await reportSettings([json], { FOLIO_BASE_CURRENCY: '', FOLIO_BENCHMARKS: '', FOLIO_PERIOD: '' }),
    ).toEqual({ currency: 'GBP', benchmarks: ['VEA'], period: '3m' });
  });
});

describe('the cache location: --cache > FOLIO_CACHE > config cachePath > default', () => {
  const where = async (argv: string[], env: Record<string, string | undefined>) => {
    const r = await home.run(['cache', 'path', ...argv], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r.stdout;
  };

  it('each level over the ones below it', async () => {
    const config = path.join(home.dir, 'from-config.sqlite');
    const env = path.join(home.dir, 'from-env.sqlite');
    const flag = path.join(home.dir, 'from-flag.sqlite');
    writeConfig(undefined);
    expect(await where([], { FOLIO_CACHE: undefined })).toMatch(/folio-nodejs[/\\][^\n]*cache\.sqlite\n$/);
    writeConfig({ cachePath: config });
    expect(await where([], { FOLIO_CACHE: undefined })).toBe(`${config}\n`);
    expect(await where([], { FOLIO_CACHE: env })).toBe(`${env}\n`);
    expect(await where(['--cache', flag], { FOLIO_CACHE: env })).toBe(`${flag}\n`);
    writeConfig(undefined);
  });
});
