// `folio import` and `folio report <export>` end to end: ISINs resolved through the simulator's search
// endpoint (the real yahoo-finance2 client, folio's queue, breaker and cache), the import's holdings
// CSV reported the same as the export itself, skipped rows and the summary on stderr, unknown and
// damaged files exit 3.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { STACK_LINE, cleanupTempDirs, tempDir } from './helpers.js';
import { ROOT, runFolio } from '../support/cli.js';
import { startSim } from '../support/simulator.js';

const FIXTURES = path.join(ROOT, 'fixtures', 'imports');
const TRADES = path.join(FIXTURES, 'ibkr-trades-export.csv');
let sim: Simulator;

beforeAll(async () => {
  sim = await startSim();
});
afterAll(async () => {
  await sim.close();
  cleanupTempDirs();
});

/** The report without its first line (it carries the time the report was generated). */
const body = (report: string) => report.split('\n').slice(1).join('\n');

describe('folio import', () => {
  it('resolves ISINs through search (once: cached for good), lists skipped rows and the summary', async () => {
    const dir = tempDir();
    const first = await runFolio(['import', TRADES], { dir, sim });
    expect(first.stderr).not.toContain(STACK_LINE);
    expect(first.code).toBe(0);
    expect(first.stdout.split('\n')[0]).toBe(
      'type,symbol,shares,cost,total_cost,fee,date,currency,account,name,notes',
    );
    expect(first.stdout).toContain('buy,SMMCHA.SW,7,282.7,,5,2023-05-22,CHF,,,');
    expect(first.stdout.match(/^buy,VT,/gm)).toHaveLength(7);
    expect(first.stderr).toContain(`${TRADES}:10: skipped: FX conversion`);
    expect(first.stderr).toContain('11 rows: 8 buys, 0 sells, 0 dividends, 0 splits, 3 skipped');
    const searches = sim.counters.log.filter((l) => l.path.startsWith('/v1/finance/search')).length;
    expect(searches).toBe(2);
    const second = await runFolio(['import', TRADES], { dir, sim });
    expect(second.stdout).toBe(first.stdout);
    expect(sim.counters.log.filter((l) => l.path.startsWith('/v1/finance/search')).length).toBe(searches);
  });

  it('import then report gives the report of the export itself, alone, mixed and combined', async () => {
    const dir = tempDir();
    const imported = await runFolio(['import', TRADES, '--output', path.join(dir, 'h.csv')], { dir, sim });
    expect(imported.code).toBe(0);
    // The first report warms the cache: both compared reports then read their prices from it.
    await runFolio(['report', path.join(dir, 'h.csv'), '--no-charts'], { dir, sim });
    const viaCsv = await runFolio(['report', path.join(dir, 'h.csv'), '--no-charts'], { dir, sim });
    const direct = await runFolio(['report', TRADES, '--no-charts'], { dir, sim });
    expect(viaCsv.code).toBe(0);
    expect(direct.code).toBe(0);
    expect(body(direct.stdout)).toBe(body(viaCsv.stdout));
    expect(direct.stdout).toMatch(/VT\s+323/);
    // Mixed with a hand-written file, combined.
    const mine = path.join(dir, 'mine.csv');
    fs.writeFileSync(mine, 'symbol,shares,cost,date\nAAPL,10,150,2024-01-02\n');
    const combined = await runFolio(
      ['report', mine, TRADES, '--combine', '--format', 'json', '--no-charts'],
      { dir, sim },
    );
    expect(combined.code).toBe(0);
    const json = JSON.parse(combined.stdout) as { holdings: { symbol: string; shares: number }[] };
    expect(json.holdings.map((h) => [h.symbol, h.shares]).sort()).toEqual([
      ['AAPL', 10],
      ['SMMCHA.SW', 7],
      ['VT', 323],
    ]);
  });

  it('--quiet keeps the import warnings, for import and for a report of the export alike', async () => {
    const dir = tempDir();
    const t212 = path.join(FIXTURES, 'trading212-export.csv');
    const opening = /^warning: .*ASTR: sold more shares than the export bought; added an opening position/m;
    for (const args of [
      ['import', t212],
      ['report', t212, '--no-charts'],
    ]) {
      const r = await runFolio([...args, '--quiet'], { dir, sim });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(opening);
      expect(r.stderr).not.toMatch(/rows: \d+ buys/);
    }
  });

  it('an unrecognised file exits 3 naming the formats and --from', async () => {
    const dir = tempDir();
    const odd = path.join(dir, 'odd.csv');
    fs.writeFileSync(odd, 'foo,bar\n1,2\n');
    const r = await runFolio(['import', odd], { dir, sim });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /odd\.csv: not a recognised broker export \(formats: ibkr-flex-xml, .*\); name the format with --from FORMAT/,
    );
    expect(r.stderr).not.toContain(STACK_LINE);
  });

  it('a truncated export: a line-numbered error, exit 3, no stack', async () => {
    const dir = tempDir();
    const cut = path.join(dir, 'cut.xml');
    const whole = fs.readFileSync(path.join(FIXTURES, 'vtandchill_2025.xml'), 'utf8');
    fs.writeFileSync(cut, whole.slice(0, Math.floor(whole.length / 2)));
    const r = await runFolio(['import', cut], { dir, sim });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cut\.xml:\d+: (damaged or )?truncated/);
    expect(r.stderr).not.toContain(STACK_LINE);
  });

  it('an ISIN nobody knows: exit 3 with the --symbols line to add; the map settles it', async () => {
    const dir = tempDir();
    const xml = path.join(dir, 'x.xml');
    fs.writeFileSync(
      xml,
      '<FlexQueryResponse><FlexStatements><FlexStatement accountId="U1"><Trades>\n' +
        '<Trade isin="XS0000000009" assetCategory="STK" currency="EUR" tradeDate="20240105" quantity="3" tradePrice="10" buySell="BUY"/>\n' +
        '</Trades></FlexStatement></FlexStatements></FlexQueryResponse>',
    );
    const r = await runFolio(['import', xml], { dir, sim });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('x.xml:2: no Yahoo symbol for XS0000000009');
    expect(r.stderr).toContain('"XS0000000009,SYMBOL"');
    const map = path.join(dir, 'map.csv');
    fs.writeFileSync(map, 'id,symbol\nXS0000000009,SAP.DE\n');
    const ok = await runFolio(['import', xml, '--symbols', map], { dir, sim });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('buy,SAP.DE,3,10,,,2024-01-05,EUR,U1,,');
  });
});
