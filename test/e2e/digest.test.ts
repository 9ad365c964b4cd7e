// `folio digest` over two market days on the simulator (its "today" follows a clock the test moves):
// the change equals the difference of the two days' `folio report --format json` values (run in
// their own homes, apart from the digest's cache), a sale between the runs shows as closed, a buy as
// opened, a dividend (Yahoo's, estimated, and one from the file) shows; --since, --reset, --fail-if,
// the mail HTML, and `cache clear` keeping the baseline.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, simDividends } from '../../src/sim/index.js';
import { STACK_LINE, cleanupTempDirs, tempDir, writeHoldings } from './helpers.js';
import { runFolio, type RunResult } from '../support/cli.js';
import { startSim } from '../support/simulator.js';

// Friday, then Monday: JNJ goes ex-dividend on the Monday in the simulated market.
const DAY1 = '2026-11-13';
const DAY2 = '2026-11-16';
const at = (day: string) => `${day}T22:00:00Z`;

const FILE_DAY1 = `symbol,shares,cost,date,type,total_cost
AAPL,10,150,2023-01-03,,
MSFT,5,250,2023-01-03,,
JNJ,10,160,2024-02-01,,
VOD.L,1000,95,2022-05-04,,
`;
// Between the runs: all MSFT sold, NVDA bought, an AAPL dividend recorded.
const FILE_DAY2 = `${FILE_DAY1}MSFT,5,480,${DAY2},sell,
NVDA,4,170,${DAY2},,
AAPL,,,${DAY2},dividend,12.5
`;
const HOSTILE_NAME = '<script>alert(1)</script> & "Co"';

let clock = Date.parse(at(DAY1));
let sim: Simulator;
let home: string;
let file: string;

interface ReportDoc {
  asOf: string;
  summary: { marketValue: number };
  holdings: { symbol: string; shares: number; marketValue: number }[];
  realized: { symbol: string; dividends: { date: string; amount: number; estimated: boolean }[] }[];
}

interface DigestDoc {
  schemaVersion: number;
  file: string;
  since: { asOf: string; marketValue: number } | null;
  now: { asOf: string; marketValue: number };
  change: { value: number; pct: number | null } | null;
  breakdown: { market: number; positions: number } | null;
  movers: { symbol: string; changeValue: number; changePct: number | null }[];
  opened: { symbol: string; shares: number; marketValue: number }[];
  closed: { symbol: string; closedOn: string | null }[];
  income: { symbol: string; date: string; amount: number; estimated: boolean }[];
  warnings: string[];
  failIf: { condition: string; value: number | null }[];
}

const digest = (args: string[], day: string): Promise<RunResult> =>
  runFolio(['digest', file, ...args], { dir: home, sim, env: { FOLIO_NOW: at(day) } });

/** `folio report FILE --format json` in a home of its own: nothing shared with the digest's cache. */
async function reportJson(day: string, extra: string[] = []): Promise<ReportDoc> {
  const res = await runFolio(['report', file, '--format', 'json', ...extra], {
    dir: tempDir(),
    sim,
    env: { FOLIO_NOW: at(day) },
  });
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as ReportDoc;
}

function json(res: RunResult): DigestDoc {
  expect(res.stderr).not.toContain(STACK_LINE);
  return JSON.parse(res.stdout) as DigestDoc;
}

/** Money equal to 1e-9 relative (both sides are the same computation on the same closes). */
function same(a: number, b: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
}

const value = (doc: ReportDoc, symbol: string) => doc.holdings.find((h) => h.symbol === symbol)!.marketValue;

let day1: { digest: DigestDoc; report: ReportDoc };
let day2: { digest: DigestDoc; report: ReportDoc };

beforeAll(async () => {
  // No fixed `today`: the simulator's last bar is the clock's date, which the test moves a day on.
  sim = await startSim({ today: undefined, now: () => clock, names: { NVDA: { longName: HOSTILE_NAME } } });
  home = tempDir();
  file = writeHoldings(tempDir(), 'holdings.csv', FILE_DAY1);
  const first = await digest(['--format', 'json'], DAY1);
  expect(first.code, first.stderr).toBe(0);
  day1 = { digest: json(first), report: await reportJson(DAY1) };

  clock = Date.parse(at(DAY2));
  fs.writeFileSync(file, FILE_DAY2);
  const second = await digest(['--format', 'json'], DAY2);
  expect(second.code, second.stderr).toBe(0);
  day2 = { digest: json(second), report: await reportJson(DAY2) };
}, 120_000);

afterAll(async () => {
  await sim?.close();
  cleanupTempDirs();
});

describe('folio digest over two days', () => {
  it('the first digest has nothing to compare and stores its baseline', () => {
    expect(day1.report.asOf).toBe(DAY1);
    expect(day1.digest.since).toBeNull();
    expect(day1.digest.change).toBeNull();
    expect(day1.digest.now.asOf).toBe(DAY1);
    same(day1.digest.now.marketValue, day1.report.summary.marketValue);
  });

  it('the change is the difference of the two days’ report values', () => {
    const r1 = day1.report.summary.marketValue;
    const r2 = day2.report.summary.marketValue;
    const d = day2.digest;
    expect(d.since!.asOf).toBe(DAY1);
    expect(d.now.asOf).toBe(DAY2);
    same(d.since!.marketValue, r1);
    same(d.now.marketValue, r2);
    same(d.change!.value, r2 - r1);
    expect(d.change!.pct!).toBeCloseTo((r2 - r1) / r1, 12);
  });

  it('each holding held on both days moved by its change of value between the reports', () => {
    const d = day2.digest;
    expect(d.movers.map((m) => m.symbol).sort()).toEqual(['AAPL', 'JNJ', 'VOD.L']);
    for (const m of d.movers) {
      const then = value(day1.report, m.symbol);
      same(m.changeValue, value(day2.report, m.symbol) - then);
      expect(m.changePct!).toBeCloseTo((value(day2.report, m.symbol) - then) / then, 12);
    }
    const sizes = d.movers.map((m) => Math.abs(m.changeValue));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });

  it('the sale shows as closed, the buy as opened', () => {
    expect(day2.digest.closed).toEqual([expect.objectContaining({ symbol: 'MSFT', closedOn: DAY2 })]);
    expect(day2.digest.opened).toHaveLength(1);
    const nvda = day2.digest.opened[0]!;
    expect(nvda.symbol).toBe('NVDA');
    expect(nvda.shares).toBe(4);
    same(nvda.marketValue, value(day2.report, 'NVDA'));
    // The change less what prices did to the holdings kept: NVDA's value now less MSFT's then.
    same(day2.digest.breakdown!.positions, value(day2.report, 'NVDA') - value(day1.report, 'MSFT'));
  });

  it('the dividends since show: Yahoo’s ex-date times the shares held, and the file’s row', () => {
    const [ex] = simDividends('JNJ', DAY2, DAY2, { today: DAY2 });
    expect(ex).toBeDefined();
    const income = day2.digest.income;
    expect(income.map((i) => [i.symbol, i.date, i.estimated])).toEqual([
      ['AAPL', DAY2, false],
      ['JNJ', DAY2, true],
    ]);
    expect(income[0]!.amount).toBeCloseTo(12.5, 9);
    expect(income[1]!.amount).toBeCloseTo(ex!.amount * 10, 9);
  });

  it('the text digest leads with the change and keeps its lines short', async () => {
    const res = await digest(['--since', DAY1], DAY2);
    expect(res.code, res.stderr).toBe(0);
    const lines = res.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(`^.*holdings\\.csv: [+-][\\d,]+\\.\\d\\d USD \\([+-][\\d.]+%\\) since ${DAY1}$`),
    );
    expect(res.stdout).toMatch(/^Opened NVDA: 4 sh/m);
    expect(res.stdout).toMatch(new RegExp(`^Closed MSFT ${DAY2}`, 'm'));
    expect(res.stdout).toMatch(new RegExp(`^Dividend JNJ ${DAY2}: [\\d.]+ \\(est\\.\\)$`, 'm'));
    for (const line of lines.slice(1)) expect(line.length).toBeLessThanOrEqual(60);
  });

  it('--since compares with the report as of that date and leaves the baseline alone', async () => {
    const asOf = await reportJson(DAY2, ['--as-of', DAY1]);
    const d = json(await digest(['--since', DAY1, '--format', 'json'], DAY2));
    expect(d.since!.asOf).toBe(DAY1);
    same(d.since!.marketValue, asOf.summary.marketValue);
    same(d.change!.value, day2.report.summary.marketValue - asOf.summary.marketValue);
    // In a home without a baseline, a --since digest stores none: the next plain digest is a first one.
    const elsewhere = tempDir();
    const opts = { dir: elsewhere, sim, env: { FOLIO_NOW: at(DAY2) } };
    expect((await runFolio(['digest', file, '--since', DAY1], opts)).code).toBe(0);
    const next = await runFolio(['digest', file], opts);
    expect(next.stdout).toMatch(/nothing to compare yet/);
  });

  it('the mail HTML has no script or SVG, inline styles only, and escapes what Yahoo sent', async () => {
    const res = await digest(['--since', DAY1, '--format', 'html'], DAY2);
    expect(res.code, res.stderr).toBe(0);
    const html = res.stdout;
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script|<svg|<style|<img|<link/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;');
    expect(html).toContain('NVDA');
    expect(html.length).toBeLessThan(20_000);
  });

  it('--fail-if holds on the figures now: the digest is written and the exit is 5', async () => {
    const res = await digest(['--since', DAY1, '--format', 'json', '--fail-if', 'holdingsCount>3'], DAY2);
    expect(res.code).toBe(5);
    expect(res.stderr).toMatch(/--fail-if: holdingsCount>3 \(value 4\)/);
    expect(json(res).failIf).toEqual([{ condition: 'holdingsCount>3', value: 4 }]);
  });

  it('`cache clear` keeps the baseline; the next digest compares with the last one; --reset starts over', async () => {
    const cleared = await runFolio(['cache', 'clear'], { dir: home, env: { FOLIO_NOW: at(DAY2) } });
    expect(cleared.code, cleared.stderr).toBe(0);
    const again = json(await digest(['--format', 'json'], DAY2));
    expect(again.since!.asOf).toBe(DAY2);
    same(again.since!.marketValue, day2.digest.now.marketValue);
    const reset = await digest(['--reset'], DAY2);
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toMatch(/^Started over \(--reset\): nothing to compare yet/m);
    // The reset digest is the baseline now: the next one compares with it.
    const after = json(await digest(['--format', 'json'], DAY2));
    expect(after.since!.asOf).toBe(DAY2);
  });

  it('several files: one digest each, each with its own baseline', async () => {
    const other = writeHoldings(tempDir(), 'other.csv', 'symbol,shares,cost,date\nKO,30,55,2022-11-15\n');
    const opts = { dir: tempDir(), sim, env: { FOLIO_NOW: at(DAY2) } };
    const run = async () => {
      const res = await runFolio(['digest', file, other, '--format', 'json'], opts);
      expect(res.code, res.stderr).toBe(0);
      return (JSON.parse(res.stdout) as { digests: DigestDoc[] }).digests;
    };
    const firsts = await run();
    expect(firsts.map((d) => [d.file, d.since])).toEqual([
      [file, null],
      [other, null],
    ]);
    same(firsts[0]!.now.marketValue, day2.report.summary.marketValue);
    const seconds = await run();
    expect(seconds.map((d) => d.since!.marketValue)).toEqual(firsts.map((d) => d.now.marketValue));
  });

  it('refuses what cannot keep a baseline: --no-cache, standard input, --since with --reset', async () => {
    for (const args of [['--no-cache'], ['--since', DAY1, '--reset']]) {
      const res = await digest(args, DAY2);
      expect(res.code).toBe(2);
      expect(res.stderr).not.toContain(STACK_LINE);
    }
    const stdin = await runFolio(['digest', '-'], { dir: home, sim, input: FILE_DAY2 });
    expect(stdin.code).toBe(2);
  });
});
