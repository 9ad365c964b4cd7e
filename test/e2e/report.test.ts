// `folio report <file>` and `folio <file>` in every format, what goes to stdout and what to stderr,
// --quiet and --bench (its request counts against the simulator's own).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simBars, type Simulator } from '../../src/sim/index.js';
import {
  ANSI,
  SAMPLE_CSV,
  STACK_LINE,
  cleanupTempDirs,
  endpointCounts,
  expectSeriesEndsAtValue,
  pool,
  tempDir,
  writeHoldings,
} from './helpers.js';
import { runFolio, type RunResult } from '../support/cli.js';
import { SIM_TODAY, startSim } from '../support/simulator.js';

const SPECIAL = `symbol,shares,cost,currency,date,account
AAPL,10,150,USD,2025-03-03,Roth | IRA *2*
ZZZFOO,5,10,USD,2025-03-03,x
`;

let sim: Simulator;
let benchJson: RunResult;
let simDuringBench: Record<string, number>;
const r: Record<string, RunResult> = {};

beforeAll(async () => {
  sim = await startSim();
  const dir = tempDir();
  const special = writeHoldings(dir, 'special.csv', SPECIAL);
  // Alone first, on an empty cache, so that the simulator's counters are this run's requests.
  const before = endpointCounts(sim);
  benchJson = await runFolio(['report', SAMPLE_CSV, '--format', 'json', '--bench'], { dir, sim });
  const after = endpointCounts(sim);
  simDuringBench = Object.fromEntries(Object.keys(after).map((k) => [k, after[k]! - (before[k] ?? 0)]));
  const runs: Record<string, string[]> = {
    table: ['report', SAMPLE_CSV],
    bare: [SAMPLE_CSV, '--sort', 'symbol'],
    csv: ['report', SAMPLE_CSV, '--format', 'csv'],
    markdown: ['report', SAMPLE_CSV, '--format', 'markdown'],
    benchTable: ['report', SAMPLE_CSV, '--bench', '--no-charts'],
    wide: ['report', SAMPLE_CSV, '--width', '120', '--lots'],
    specialMd: ['report', special, '--format', 'markdown', '--lots', '--benchmarks', 'SPY'],
    specialQuiet: ['report', special, '--quiet', '--benchmarks', 'SPY', '--no-charts'],
  };
  const names = Object.keys(runs);
  const results = await pool(names, 2, (n) => runFolio(runs[n]!, { dir, sim }));
  names.forEach((n, i) => (r[n] = results[i]!));
}, 120_000);

afterAll(async () => {
  await sim.close();
  cleanupTempDirs();
});

describe('every run', () => {
  it('exits 0 and never prints a stack trace or an ANSI escape (NO_COLOR, no TTY)', () => {
    for (const [name, res] of Object.entries({ ...r, benchJson })) {
      expect({ name, code: res.code, stderr: res.stderr }).toEqual({ name, code: 0, stderr: res.stderr });
      expect(res.stderr).not.toContain(STACK_LINE);
      expect(res.stdout).not.toMatch(ANSI);
      expect(res.stderr).not.toMatch(ANSI);
    }
  });
});

describe('--format json', () => {
  const doc = () =>
    JSON.parse(benchJson.stdout) as Record<string, unknown> & { summary: Record<string, unknown> };

  it('is one document with schemaVersion 1 and every key of the documented shape', () => {
    const d = doc();
    expect(d.schemaVersion).toBe(1);
    for (const k of [
      'asOf',
      'generatedAt',
      'baseCurrency',
      'conventions',
      'summary',
      'holdings',
      'benchmarks',
      'series',
      'notes',
      'warnings',
      'bench',
    ])
      expect(d).toHaveProperty(k);
    expect(d.asOf).toBe('2026-11-27');
    expect(d.baseCurrency).toBe('USD');
    expectSeriesEndsAtValue(d as unknown as Parameters<typeof expectSeriesEndsAtValue>[0]);
    for (const k of [
      'marketValue',
      'costBasis',
      'unrealizedGain',
      'unrealizedGainPct',
      'dayChange',
      'dayChangePct',
      'xirr',
      'twr',
      'twrAnnualized',
      'volatility',
      'sharpe',
      'sortino',
      'maxDrawdown',
      'maxDrawdownPeak',
      'maxDrawdownTrough',
      'maxDrawdownRecovery',
      'beta',
      'correlation',
      'bestDay',
      'worstDay',
      'period',
      'periodReturns',
    ])
      expect(d.summary).toHaveProperty(k);
    expect(Object.keys(d.summary.periodReturns as object).sort()).toEqual([
      '1m',
      '1y',
      '3m',
      '3y',
      '5y',
      'inception',
      'ytd',
    ]);
    const isoDate = /^\d{4}-\d{2}-\d{2}$/;
    const period = d.summary.period as { start: string; end: string };
    expect(period.start).toMatch(isoDate);
    expect(period.end).toBe('2026-11-27');
    const best = d.summary.bestDay as { date: string; return: number };
    expect(Object.keys(best).sort()).toEqual(['date', 'return']);
    expect(best.date).toMatch(isoDate);
    expect(typeof best.return).toBe('number');
    const holdings = d.holdings as Record<string, unknown>[];
    expect(holdings).toHaveLength(15);
    for (const k of [
      'symbol',
      'name',
      'currency',
      'shares',
      'price',
      'dayChangePct',
      'marketValue',
      'weight',
      'costBasis',
      'unrealizedGain',
      'unrealizedGainPct',
      'vsBenchmark',
      'source',
      'fetchedAt',
      'lots',
    ])
      expect(holdings[0]).toHaveProperty(k);
    const benchmarks = d.benchmarks as { symbol: string; periodReturns: object; sameCashFlows: object }[];
    expect(benchmarks.map((b) => b.symbol)).toEqual(['SPY', 'QQQ', 'VTI']);
    expect(Object.keys(benchmarks[0]!.sameCashFlows).sort()).toEqual([
      'gain',
      'gainPct',
      'value',
      'vsPortfolio',
      'xirr',
    ]);
    expect(Object.keys(d.series as object)).toEqual(
      expect.arrayContaining(['dates', 'value', 'index', 'drawdown', 'benchmarks']),
    );
    expect((d.conventions as string[]).length).toBeGreaterThan(5);
  });

  it('carries bench inside the JSON and leaves stderr to warnings only', () => {
    expect(benchJson.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('warning: '))).toEqual([]);
    expect(benchJson.stderr).not.toContain('Requests');
  });

  it('reports the same requests as the simulator counted', () => {
    const bench = (
      doc().bench as {
        requests: { total: number; byKind: Record<string, number>; symbolsPerQuote: number[] };
      }
    ).requests;
    expect(bench.byKind.quote).toBe(simDuringBench.quote);
    expect(bench.byKind.chart).toBe(simDuringBench.chart);
    expect(bench.byKind.cookie! + bench.byKind.crumb!).toBe(simDuringBench.cookie! + simDuringBench.crumb!);
    expect(bench.total).toBe(Object.values(simDuringBench).reduce((a, b) => a + b, 0));
    // 15 holdings + 3 benchmarks (VTI is both) + 4 FX pairs = 21 symbols, one chart each, one quote batch.
    expect(bench.byKind.chart).toBe(21);
    expect(bench.byKind.quote).toBe(1);
    expect(bench.symbolsPerQuote).toEqual([21]);
  });
});

describe('--format table', () => {
  const out = () => r.table!.stdout;

  it('prints the sections in order', () => {
    const order = [
      'folio report as of 2026-11-27',
      'Summary',
      'Holdings (values in USD)',
      'ETF comparison',
      'Charts',
      'Notes',
    ].map((s) => out().indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(out()).toMatch(/^Prices\s+as of 2026-11-27 16:00 New York; 15 /m);
  });

  it('right-aligns the values with thousands separators and two decimals', () => {
    const lines = out().split('\n');
    const head = lines.findIndex((l) => /^\s+Symbol\s/.test(l));
    const end = lines[head]!.indexOf('Value') + 'Value'.length;
    const rows = lines.slice(
      head + 2,
      lines.findIndex((l, i) => i > head && /^\s+Total\s/.test(l)),
    );
    expect(rows).toHaveLength(15);
    for (const row of rows) expect(row.slice(0, end)).toMatch(/ \d{1,3}(,\d{3})*\.\d{2}$/);
    // Rows start with a one-glyph freshness mark. VXUS: the sample's 100 + 80 shares at the simulator's
    // close (USD, so no FX), formatted here.
    const vxusClose = simBars('VXUS', SIM_TODAY, SIM_TODAY, { today: SIM_TODAY })[0]!.close;
    const vxusValue = (180 * vxusClose).toLocaleString('en-US', {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    expect(lines.find((l) => /^\S?\s+VXUS\s/.test(l))).toContain(` ${vxusValue} `);
  });

  it('points to the conventions instead of printing them all', () => {
    // Wrapped to the width: compare with the line breaks folded.
    expect(out().replace(/\n\s*/g, ' ')).toContain(
      'the `conventions` list of --format json or markdown, and the README.',
    );
    expect(out()).not.toContain('Volatility = sample standard deviation');
  });

  it('is the default command: `folio <file>` prints the same report', () => {
    const strip = (s: string) => s.split('\n').filter((l) => !l.startsWith('folio report as of'));
    expect(r.bare!.stdout).toContain('Holdings (values in USD)');
    // --sort symbol: 7203.T, AAPL, AMZN, ...; the summary is identical.
    const summary = (s: string) =>
      strip(s).slice(
        0,
        strip(s).findIndex((l) => l.startsWith('Holdings')),
      );
    expect(summary(r.bare!.stdout)).toEqual(summary(out()));
    const lines = r.bare!.stdout.split('\n');
    const head = lines.findIndex((l) => /^\s+Symbol\s/.test(l));
    expect(lines[head + 2]).toMatch(/^\S?\s+7203\.T\s/);
    expect(lines[head + 3]).toMatch(/^\S?\s+AAPL\s/);
    expect(lines[head + 4]).toMatch(/^\S?\s+AMZN\s/);
  });

  it('fits --width and shows the lots with --lots', () => {
    const lines = r.wide!.stdout.trimEnd().split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(120);
    // 3 AAPL lots under the AAPL row.
    const at = lines.findIndex((l) => /^\S?\s+AAPL\s/.test(l));
    expect(lines.slice(at + 1, at + 4).every((l) => /^\s+└\s/.test(l))).toBe(true);
  });
});

describe('--format csv', () => {
  it('has the header row and one row per holding', () => {
    const lines = r.csv!.stdout.trimEnd().split(/\r?\n/);
    expect(lines[0]).toBe(
      'symbol,name,currency,shares,price,dayChangePct,marketValue,weight,costBasis,unrealizedGain,unrealizedGainPct,vsBenchmark,source,baseCurrency,valueInCurrency',
    );
    expect(lines).toHaveLength(16);
    expect(lines.find((l) => l.startsWith('TSLA,'))).toMatch(/^TSLA,"Tesla, Inc\.",USD,19,/);
  });
});

describe('--format markdown', () => {
  it('has the summary, holdings and ETF tables, the notes with the conventions', () => {
    const md = r.markdown!.stdout;
    expect(md).toContain('# Portfolio report as of 2026-11-27 (USD)');
    expect(md).toContain('## Summary\n\n| Metric | Value |\n|:---|---:|');
    expect(md).toMatch(/## Holdings \(values in USD\)\n\n\| Symbol \| Name \|/);
    expect(md).toContain('### Period returns');
    expect(md).toContain('### Same cash flows');
    expect(md).toContain('Volatility = sample standard deviation');
  });

  it('escapes names from the file and lists warnings', () => {
    const md = r.specialMd!.stdout;
    expect(md).toContain('Roth \\| IRA \\*2\\*');
    expect(md).not.toContain('Roth | IRA');
    expect(md).toContain('## Warnings');
    expect(md).toContain('unknown or delisted symbol ZZZFOO');
  });
});

describe('stdout and stderr', () => {
  it('warns on stderr, not stdout', () => {
    expect(r.specialMd!.stderr).toContain('warning: unknown or delisted symbol ZZZFOO');
    expect(r.specialMd!.stdout.split('\n').some((l) => l.startsWith('warning:'))).toBe(false);
  });

  it('--quiet keeps the warnings (a cron job must still mail them)', () => {
    const lines = r.specialQuiet!.stderr.trimEnd().split('\n');
    expect(lines.some((l) => l.startsWith('warning: unknown or delisted symbol ZZZFOO'))).toBe(true);
    expect(lines.every((l) => l.startsWith('warning: '))).toBe(true);
    expect(r.specialQuiet!.stdout).toContain('ZZZFOO');
  });

  it('--bench prints its table on stderr after a clean report on stdout', () => {
    const res = r.benchTable!;
    expect(res.stdout).not.toContain('Requests');
    expect(res.stderr).toMatch(
      /^Bench\nRequests\s+\d+ \(cookie \d+, crumb \d+, quote \d+, chart \d+, other 0\)/m,
    );
    expect(res.stderr).toMatch(/Cache: history\s+21 hits, 0 misses/);
    expect(res.stderr).toMatch(/^total\s+[\d,]+$/m);
    expect(res.stderr).toContain('Peak RSS');
  });
});
