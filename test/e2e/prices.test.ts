// folio quote, folio history and folio cache through the built CLI: formats, unknown symbols, and a
// `cache warm` that makes the later report send no request at all (simulator counters unchanged).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { simBars } from '../../src/sim/index.js';
import { SAMPLE_CSV, STACK_LINE, cleanupTempDirs, pool, tempDir } from './helpers.js';
import { runFolio, type RunResult } from '../support/cli.js';
import { SIM_TODAY, startSim } from '../support/simulator.js';

let sim: Simulator;
const r: Record<string, RunResult> = {};

beforeAll(async () => {
  sim = await startSim();
  const dir = tempDir();
  const runs: Record<string, string[]> = {
    quoteTable: ['quote', 'AAPL', 'sap.de', 'ZZZFOO'],
    quoteJson: ['quote', 'AAPL', 'SAP.DE', 'VOD.L', '--format', 'json'],
    quoteCsv: ['quote', 'AAPL', 'SAP.DE', 'VOD.L', '--format', 'csv'],
    quoteMd: ['quote', 'AAPL', 'SAP.DE', 'VOD.L', '--format', 'markdown'],
    quoteUnknown: ['quote', 'ZZZFOO'],
    quoteOffline: ['quote', 'NVDA', '--offline'],
    historyUnknown: ['history', 'ZZZFOO'],
    history: ['history', 'AAPL', '--period', '1y'],
    historyJson: ['history', 'MSFT', '--period', '1m', '--format', 'json'],
  };
  const names = Object.keys(runs);
  const results = await pool(names, 2, (n) => runFolio(runs[n]!, { dir, sim }));
  names.forEach((n, i) => (r[n] = results[i]!));
}, 120_000);

afterAll(async () => {
  await sim.close();
  cleanupTempDirs();
});

const close = (symbol: string, date: string) => simBars(symbol, date, date, { today: SIM_TODAY })[0]!.close;

describe('folio quote', () => {
  it('prints a table with price, change, day %, currency, market state and the exchange-zone time', () => {
    const res = r.quoteTable!;
    expect(res.code).toBe(0);
    const lines = res.stdout.split('\n');
    expect(lines[0]).toMatch(/^Symbol\s+Price\s+Change\s+Day %\s+Cur\s+Market\s+As of\s+Source$/);
    expect(lines.find((l) => l.startsWith('AAPL '))).toMatch(
      new RegExp(
        `^AAPL\\s+${close('AAPL', SIM_TODAY).toFixed(2)}\\s.*USD\\s+CLOSED\\s+2026-11-27 16:00 New York\\s+live$`,
      ),
    );
    expect(lines.find((l) => l.startsWith('SAP.DE '))).toMatch(
      /EUR\s+CLOSED\s+2026-11-27 17:30 Berlin\s+live$/,
    );
  });

  it('warns about an unknown symbol on stderr and exits 0 with the others', () => {
    // Absent from the quote response and no data in its chart: the report's words.
    expect(r.quoteTable!.stderr).toBe('warning: unknown or delisted symbol ZZZFOO\n');
    expect(r.quoteTable!.stdout).not.toContain('ZZZFOO');
  });

  it('exits 4 when no symbol has a quote', () => {
    expect(r.quoteUnknown!.code).toBe(4);
    expect(r.quoteUnknown!.stderr).toContain('folio: no quote available for ZZZFOO');
    expect(r.quoteUnknown!.stderr).not.toContain(STACK_LINE);
  });

  it("a symbol without a price for another reason is not called unknown: the reason, in the report's words", () => {
    expect(r.quoteOffline!.code).toBe(4);
    expect(r.quoteOffline!.stderr).toContain(
      'warning: NVDA: no price available (offline: not in the cache)\n',
    );
    expect(r.quoteOffline!.stderr).not.toMatch(/unknown/);
  });

  it("folio history of an unknown symbol: exit 4 in the report's words", () => {
    expect(r.historyUnknown!.code).toBe(4);
    expect(r.historyUnknown!.stderr).toContain('folio: unknown or delisted symbol ZZZFOO\n');
  });

  it('--format json has schemaVersion 1 and the simulator’s prices', () => {
    const doc = JSON.parse(r.quoteJson!.stdout) as {
      schemaVersion: number;
      quotes: { symbol: string; price: number; previousClose: number; currency: string }[];
    };
    expect(doc.schemaVersion).toBe(1);
    expect(doc.quotes.map((q) => q.symbol)).toEqual(['AAPL', 'SAP.DE', 'VOD.L']);
    expect(doc.quotes[1]!.price).toBeCloseTo(close('SAP.DE', SIM_TODAY), 6);
    expect(doc.quotes[1]!.previousClose).toBeCloseTo(close('SAP.DE', '2026-11-26'), 6);
    expect(doc.quotes[2]!.currency).toBe('GBp');
  });

  it('--format csv has a header and one row per symbol', () => {
    const lines = r.quoteCsv!.stdout.trimEnd().split(/\r?\n/);
    expect(lines[0]).toMatch(/^symbol,name,currency,price,previousClose,/);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['AAPL', 'SAP.DE', 'VOD.L']);
  });

  it('--format markdown is a GFM table', () => {
    const lines = r.quoteMd!.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\| Symbol \| Name \| Price \|/);
    expect(lines[1]).toMatch(/^\|:---\|/);
    expect(lines).toHaveLength(5);
  });
});

describe('folio history', () => {
  it('prints a chart and a table of closes from the period’s base date', () => {
    const res = r.history!;
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^AAPL close \(USD\) 1y, 2025-11-27 to 2026-11-27$/m);
    expect(res.stdout).toContain('┤');
    expect(res.stdout).toMatch(new RegExp(`^2026-11-27\\s+${close('AAPL', SIM_TODAY).toFixed(2)}\\s`, 'm'));
    expect(res.stdout).toMatch(
      new RegExp(`^First\\s+${close('AAPL', '2025-11-27').toFixed(2)} USD\\s+2025-11-27$`, 'm'),
    );
  });

  it('--format json lists the bars', () => {
    const doc = JSON.parse(r.historyJson!.stdout) as {
      symbol: string;
      period: string;
      bars: { date: string; close: number }[];
    };
    expect(doc.symbol).toBe('MSFT');
    expect(doc.period).toBe('1m');
    expect(doc.bars[0]!.date).toBe('2026-10-27');
    expect(doc.bars.at(-1)).toMatchObject({ date: SIM_TODAY, close: close('MSFT', SIM_TODAY) });
  });
});

async function warmAndReport(dir: string, cacheFile: string, sim: Simulator): Promise<void> {
  const warm = await runFolio(['cache', 'warm', SAMPLE_CSV], {
    dir,
    sim,
    env: { FOLIO_NOW: '2026-11-28T10:00:00Z' },
  });
  expect(warm.code).toBe(0);
  expect(warm.stdout).toContain(
    `warmed 21 symbols (15 holdings, 3 benchmarks, 4 FX pairs) into ${cacheFile}`,
  );
  expect(warm.stdout).toMatch(/requests: 1 quote, 21 chart, 2 cookie\/crumb/);

  // An hour later: everything is fresh in the cache.
  const before = sim.counters.total;
  const later = { FOLIO_NOW: '2026-11-28T11:00:00Z' };
  const report = await runFolio(['report', SAMPLE_CSV, '--format', 'json', '--bench'], {
    dir,
    sim,
    env: later,
  });
  expect(report.code).toBe(0);
  expect(sim.counters.total).toBe(before);
  const bench = (
    JSON.parse(report.stdout) as { bench: { requests: { total: number }; cache: { hitRate: number } } }
  ).bench;
  expect(bench.requests.total).toBe(0);
  expect(bench.cache.hitRate).toBe(1);
}

describe('folio cache', () => {
  it('warm, then a report from the cache sends zero requests; stats, clear and path', async () => {
    const dir = tempDir();
    const cacheFile = path.join(dir, 'cache.sqlite');
    // Saturday morning: every market is closed (FX trades around the clock on weekdays, so on a
    // weekday evening its quotes would be due again), so what the warm fetched stays fresh till Monday.
    const weekend = await startSim({ now: () => Date.parse('2026-11-28T10:00:00Z') });
    try {
      await warmAndReport(dir, cacheFile, weekend);
    } finally {
      await weekend.close();
    }

    const [stats, pathOut, clearSym, clearOld, stats2] = await pool(
      [
        ['cache', 'stats'],
        ['cache', 'path'],
        ['cache', 'clear', '--symbol', 'aapl'],
        ['cache', 'clear', '--older-than', '30d'],
        [],
      ],
      1,
      (args) =>
        args.length === 0
          ? runFolio(['cache', 'stats', '--format', 'json'], { dir })
          : runFolio(args, { dir }),
    );
    expect(stats!.code).toBe(0);
    expect(stats!.stdout).toMatch(new RegExp(`^path\\s+${cacheFile.replace(/[.]/g, '\\.')}$`, 'm'));
    expect(stats!.stdout).toMatch(/^quotes\s+21$/m);
    expect(stats!.stdout).toMatch(/^histories\s+21$/m);
    expect(stats!.stdout).toMatch(/^symbols\s+21 \(7203\.T, AAPL, /m);
    expect(stats!.stdout).toMatch(/^bars\s+\d{4}-\d{2}-\d{2} \.\. 2026-11-27$/m);
    expect(stats!.stdout).toMatch(/^breaker\s+closed$/m);
    expect(pathOut!.stdout).toBe(`${cacheFile}\n`);
    expect(clearSym!.stdout).toBe(`removed 2 entries from ${cacheFile}\n`);
    expect(clearOld!.stdout).toBe(`removed 0 entries from ${cacheFile}\n`);
    const after = JSON.parse(stats2!.stdout) as { quotes: number; histories: number; symbols: string[] };
    expect(after.quotes).toBe(20);
    expect(after.symbols).not.toContain('AAPL');

    // 31 days later every entry is older than 30 days.
    const month = await runFolio(['cache', 'clear', '--older-than', '30d'], {
      dir,
      env: { FOLIO_NOW: '2026-12-28T22:00:00Z' },
    });
    expect(month.stdout).toBe(`removed 40 entries from ${cacheFile}\n`);
  }, 90_000);
});
