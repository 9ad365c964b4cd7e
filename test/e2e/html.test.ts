// `--format html` through the built CLI against the simulator: one self-contained page whose figures
// are the JSON's (formatted here by a second method, Intl directly) and the terminal table's, in the
// table's section order; outside text escaped; --output, --output-dir and --combine.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { SAMPLE_CSV, cleanupTempDirs, pool, tempDir } from './helpers.js';
import { externalReferences, headingsOf, itemsOf, rowsOf } from './html-page.js';
import { runFolio, type RunResult } from '../support/cli.js';
import { startSim } from '../support/simulator.js';

// Outside text that must print as text: an account and the file's own name (test/render/html.test.ts
// has names, notes and warnings).
const EVIL = `symbol,shares,cost,currency,date,account,name
AAPL,10,150,USD,2025-03-03,<script>alert("acct")</script>,
MSFT,5,280,USD,2024-06-01,Roth & IRA,
`;

interface Doc {
  asOf: string;
  baseCurrency: string;
  summary: Record<string, number | null> & { period: { key: string } };
  holdings: {
    symbol: string;
    shares: number;
    price: number | null;
    currency: string;
    marketValue: number;
    weight: number;
    costBasis: number | null;
    unrealizedGain: number | null;
    unrealizedGainPct: number | null;
    dayChangePct: number | null;
    lots: unknown[];
  }[];
  benchmarks: { symbol: string; periodReturns: Record<string, number | null> }[];
}

// A second formatter: Intl with the decimals the README states (money 2, percentages 2, shares up to 4).
const fixed = (x: number, min: number, max = min): string =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: min, maximumFractionDigits: max }).format(x);
const money = (x: number | null): string => (x === null ? 'n/a' : fixed(x, 2));
const signedMoney = (x: number | null): string =>
  x === null ? 'n/a' : x > 0 && money(x) !== '0.00' ? `+${money(x)}` : money(x);
const pct = (x: number | null): string => (x === null ? 'n/a' : `${fixed(x * 100, 2)}%`);
const changePct = (x: number | null): string => {
  if (x === null) return 'n/a';
  const p = pct(x);
  return x > 0 && /[1-9]/.test(p) ? `+${p}` : p;
};

let sim: Simulator;
let dir: string;
let evil: string;
let json: Doc;
const r: Record<string, RunResult> = {};

beforeAll(async () => {
  sim = await startSim();
  dir = tempDir('folio-html-');
  evil = path.join(dir, 'evil<b>&.csv');
  fs.writeFileSync(evil, EVIL);
  const out = path.join(dir, 'out');
  fs.mkdirSync(out);
  const runs: Record<string, string[]> = {
    json: ['report', SAMPLE_CSV, '--format', 'json'],
    html: ['report', SAMPLE_CSV, '--format', 'html'],
    table: ['report', SAMPLE_CSV, '--width', '250', '--no-charts'],
    lots: ['report', SAMPLE_CSV, '--format', 'html', '--lots', '--output', path.join(dir, 'lots.html')],
    evil: ['report', evil, '--format', 'html', '--lots', '--benchmarks', 'SPY'],
    many: ['report', SAMPLE_CSV, evil, '--format', 'html', '--benchmarks', 'SPY'],
    dir: ['report', SAMPLE_CSV, evil, '--format', 'html', '--benchmarks', 'SPY', '--output-dir', out],
    combine: [
      'report',
      SAMPLE_CSV,
      evil,
      '--format',
      'html',
      '--combine',
      '--benchmarks',
      'SPY',
      '--output',
      path.join(dir, 'all.html'),
    ],
    quote: ['quote', 'AAPL', '--format', 'html'],
  };
  // The sample first, alone: it fills the cache the others share.
  r.json = await runFolio(runs.json!, { dir, sim });
  const names = Object.keys(runs).filter((n) => n !== 'json');
  const results = await pool(names, 2, (n) => runFolio(runs[n]!, { dir, sim }));
  names.forEach((n, i) => (r[n] = results[i]!));
  json = JSON.parse(r.json.stdout) as Doc;
}, 180_000);

afterAll(async () => {
  await sim.close();
  cleanupTempDirs();
});

describe('folio report --format html', () => {
  it('exits 0 with one self-contained page on stdout and nothing but warnings on stderr', () => {
    for (const name of ['html', 'lots', 'evil', 'many', 'dir', 'combine'])
      expect({ name, code: r[name]!.code, stderr: r[name]!.stderr }).toMatchObject({ name, code: 0 });
    const html = r.html!.stdout;
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(externalReferences(html)).toEqual([]);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none';`);
    // Three charts, each in a wide and a narrow layout, each with at least one drawn line.
    expect(html.match(/<svg [^>]*class="chart"/g)).toHaveLength(6);
    expect(html.match(/<path class="line s\d" d="M[\d.]+ [\d.]+L/g)!.length).toBeGreaterThanOrEqual(6);
  });

  it('has the table report sections, in the same order', () => {
    const tableTitles = r
      .table!.stdout.split('\n')
      .filter((l) =>
        /^(Summary|Holdings \(values in USD\)|Realized gains and income \(values in USD\)|Closed positions|Allocation \(values in USD\)|Targets \(.*\)|Returns and risk|ETF comparison|Notes|Warnings)$/.test(
          l,
        ),
      );
    const htmlTitles = headingsOf(r.html!.stdout).filter((h) => h !== 'Charts');
    expect(htmlTitles).toEqual(tableTitles);
    expect(headingsOf(r.html!.stdout)).toContain('Charts');
    expect(r.html!.stdout).toMatch(/<details class="conventions">\s*<summary>/);
  });

  it("prints every holding's figures as the JSON has them", () => {
    const rows = rowsOf(r.html!.stdout, 'holding');
    // Every holding, by value, largest first (the default --sort).
    const byValue = [...json.holdings].sort((a, b) => b.marketValue - a.marketValue);
    expect(rows.map((row) => row[0])).toEqual(byValue.map((h) => h.symbol));
    for (const h of json.holdings) {
      const row = rows.find((cells) => cells[0] === h.symbol)!;
      expect(row[2]).toBe(fixed(h.shares, 0, 4));
      expect(row[3]).toBe(h.price === null ? 'n/a' : `${fixed(h.price, 2)} ${h.currency}`);
      expect(row[4]).toBe(changePct(h.dayChangePct));
      expect(row[5]).toBe(money(h.marketValue));
      expect(row[6]).toBe(pct(h.weight));
      expect(row[7]).toBe(money(h.costBasis));
      expect(row[8]).toBe(signedMoney(h.unrealizedGain));
      expect(row[9]).toBe(changePct(h.unrealizedGainPct));
    }
    const [total] = rowsOf(r.html!.stdout, 'total');
    expect(total![5]).toBe(money(json.summary.marketValue!));
    expect(total![7]).toBe(money(json.summary.costBasis!));
  });

  it('prints the same cells as the terminal table', () => {
    const tableLines = r.table!.stdout.split('\n');
    for (const row of rowsOf(r.html!.stdout, 'holding')) {
      const line = tableLines.find((l) => l.trim().split(/\s+/).slice(0, 2).includes(row[0]!));
      expect(line, row[0]).toBeDefined();
      for (const cell of [row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9], row[10]])
        expect(line).toContain(cell);
    }
  });

  it('gives the summary, returns and risk, and period returns as the JSON has them', () => {
    const s = json.summary;
    const summary = itemsOf(r.html!.stdout, 'Summary');
    expect(summary.get('Value')).toBe(`${money(s.marketValue!)} USD`);
    expect(summary.get('Cost basis')).toBe(`${money(s.costBasis!)} USD`);
    expect(summary.get('Unrealized gain')).toBe(
      `${signedMoney(s.unrealizedGain!)} (${changePct(s.unrealizedGainPct!)})`,
    );
    expect(summary.get('Holdings')).toBe(String(json.holdings.length));
    const risk = itemsOf(r.html!.stdout, 'Returns and risk');
    expect(risk.get('XIRR (money-weighted, annual)')).toBe(changePct(s.xirr!));
    expect(risk.get('Volatility (annualized)')).toBe(pct(s.volatility!));
    expect(risk.get(`TWR (${s.period.key})`)).toContain(changePct(s.twr!));
    expect(risk.get('Sharpe / Sortino')).toBe(`${s.sharpe!.toFixed(2)} / ${s.sortino!.toFixed(2)}`);
    const html = r.html!.stdout;
    const etf = html.slice(html.indexOf('<h2>ETF comparison</h2>'));
    for (const b of json.benchmarks) {
      const cells = [
        ...etf.matchAll(new RegExp(`<tr><th scope="row">${b.symbol}</th>([\\s\\S]*?)</tr>`, 'g')),
      ][0]!;
      const texts = [...cells[1]!.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
      expect(texts).toEqual(
        ['1m', '3m', 'ytd', '1y', '3y', '5y', 'inception'].map((k) => changePct(b.periodReturns[k]!)),
      );
    }
  });

  it('writes --output with lots: one row per lot under its holding', () => {
    expect(r.lots!.stdout).toBe('');
    const html = fs.readFileSync(path.join(dir, 'lots.html'), 'utf8');
    expect(rowsOf(html, 'lot')).toHaveLength(json.holdings.reduce((n, h) => n + h.lots.length, 0));
    expect(externalReferences(html)).toEqual([]);
  });

  it('escapes accounts, names and file names: <script> prints as text', () => {
    for (const html of [
      r.evil!.stdout,
      r.many!.stdout,
      fs.readFileSync(path.join(dir, 'all.html'), 'utf8'),
    ]) {
      expect(externalReferences(html)).toEqual([]);
      expect(html).not.toContain('<b>&');
    }
    const html = r.evil!.stdout;
    expect(html).toContain('&lt;script&gt;alert(&quot;acct&quot;)&lt;/script&gt;');
    expect(rowsOf(html, 'lot').map((l) => l[0])).toContain('↳ 2025-03-03 <script>alert("acct")</script>');
    expect(rowsOf(html, 'lot').map((l) => l[0])).toContain('↳ 2024-06-01 Roth & IRA');
    expect(r.many!.stdout).toContain('<p class="file">' + evil.replace('<b>&', '&lt;b&gt;&amp;') + '</p>');
  });

  it('puts several files on one page, one article each', () => {
    const html = r.many!.stdout;
    expect(html.match(/<!DOCTYPE html>/g)).toHaveLength(1);
    expect(html.match(/<article class="report">/g)).toHaveLength(2);
    expect(html.match(/<svg [^>]*class="chart"/g)).toHaveLength(12);
  });

  it('--output-dir writes one page per file, named .html', () => {
    const files = fs.readdirSync(path.join(dir, 'out')).sort();
    expect(files).toEqual(['evil<b>&.html', 'sample-portfolio.html']);
    for (const f of files) {
      const html = fs.readFileSync(path.join(dir, 'out', f), 'utf8');
      expect(html.match(/<!DOCTYPE html>/g)).toHaveLength(1);
      expect(externalReferences(html)).toEqual([]);
    }
  });

  it('--combine shows the portfolios right after the Summary, names escaped', () => {
    const html = fs.readFileSync(path.join(dir, 'all.html'), 'utf8');
    const headings = headingsOf(html);
    expect(headings[headings.indexOf('Summary') + 1]).toBe('By portfolio (USD)');
    expect(html).toContain('<th scope="row">evil&lt;b&gt;&amp;</th>');
    expect(html).toContain('<th scope="row">sample-portfolio</th>');
  });

  it('is not a format of folio quote', () => {
    expect(r.quote!.code).toBe(2);
    expect(r.quote!.stderr).toContain('--format "html": must be one of table, json, csv, markdown');
  });
});
