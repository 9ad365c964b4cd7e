import { describe, it, expect } from 'vitest';
import type { HoldingRow } from '../../../src/analytics/model.js';
import { renderReportTable } from '../../../src/render/table.js';
import { sortHoldings } from '../../../src/render/sort.js';
import type { SortKey } from '../../../src/render/options.js';
import { ANSI, makeHoldings, makeReport, opts, visibleWidth } from './fixture.js';

/** The holdings section's lines, from its head row to the Total row. */
function holdingsLines(out: string): string[] {
  const lines = out.split('\n');
  const start = lines.findIndex((l) => l.trimStart().startsWith('Symbol'));
  const end = lines.findIndex((l, i) => i > start && l.trimStart().startsWith('Total'));
  return lines.slice(start, end + 1);
}

function symbolOrder(out: string): string[] {
  return holdingsLines(out)
    .slice(2, -1)
    .map((l) => l.slice(3).split(/\s+/)[0] ?? '')
    .filter((s) => s !== '└');
}

describe('renderReportTable', () => {
  const plain = renderReportTable(makeReport(), opts());

  it('prints the header, money with thousands separators and the freshness line', () => {
    expect(plain).toContain('folio report as of 2026-11-27 · base USD');
    expect(plain).toContain('8,388.50 USD');
    expect(plain).toContain('6,498.91');
    expect(plain).toContain('+1,873.31 (+28.82%)');
    expect(plain).toContain('-12.34 (-0.15%)');
    expect(plain).toContain('as of 2026-11-27 16:00 New York; 1 live, 1 from cache, 1 stale');
    expect(plain).toContain('-8.12% (peak 2026-11-03, trough 2026-11-10, not recovered)');
    expect(plain.endsWith('\n')).toBe(true);
  });

  it('prints n/a for null metrics and never NaN', () => {
    expect(plain).toMatch(/Sharpe \/ Sortino\s+1\.23 \/ n\/a/);
    expect(plain).toMatch(/TWR \(1y\)\s+\+5\.00% \(2025-11-27 to 2026-11-27\), annualized n\/a/);
    expect(plain).toMatch(/Beta \/ correlation vs SPY\s+0\.95 \/ n\/a/);
    const broken = makeReport();
    broken.summary.xirr = NaN;
    broken.summary.volatility = Infinity;
    broken.holdings[0]!.unrealizedGainPct = NaN;
    const out = renderReportTable(broken, opts());
    expect(out).not.toMatch(/NaN|Infinity|∞/);
    expect(out).toMatch(/XIRR \(money-weighted, annual\)\s+n\/a/);
  });

  it('right-aligns numbers under their heads', () => {
    const [head, , ...rows] = holdingsLines(plain);
    const valueEnd = head!.indexOf('Value') + 'Value'.length;
    const gainEnd = head!.indexOf('Gain %') + 'Gain %'.length;
    for (const [value, gainPct] of [
      ['6,498.91', '+29.98%'],
      ['1,874.40', '+24.96%'],
      ['15.19', 'n/a'],
      ['8,388.50', '+28.82%'],
    ] as const) {
      const row = rows.find((r) => r.includes(` ${value} `));
      expect(row, value).toBeDefined();
      expect(row!.indexOf(` ${value} `) + 1 + value.length).toBe(valueEnd);
      expect(row!.slice(gainEnd - gainPct.length, gainEnd)).toBe(gainPct);
    }
  });

  it('shows a freshness mark per holding and the legend', () => {
    const rows = holdingsLines(plain);
    expect(rows.find((r) => r.includes('VWRL.L'))!.startsWith('·')).toBe(true);
    expect(rows.find((r) => r.includes('AAPL'))!.startsWith(' ')).toBe(true);
    expect(rows.find((r) => r.includes('XYZ'))!.startsWith('!')).toBe(true);
    expect(plain).toContain(
      'Marks: ~ close from the daily chart (no quote), · price from cache, ! stale price, ? no price',
    );
    expect(plain).toContain('+3.2 pp');
    expect(plain).toContain('-1.5 pp');
  });

  it.each<[SortKey, string[]]>([
    ['value', ['VWRL.L', 'AAPL', 'XYZ']],
    ['gain', ['VWRL.L', 'AAPL', 'XYZ']],
    ['dayPct', ['AAPL', 'VWRL.L', 'XYZ']],
    ['symbol', ['AAPL', 'VWRL.L', 'XYZ']],
  ])('sorts holdings by %s', (sort, expected) => {
    expect(symbolOrder(renderReportTable(makeReport(), opts({ sort })))).toEqual(expected);
  });

  it('strips terminal escapes from hostile names and warnings', () => {
    expect(plain).not.toMatch(ANSI);
    expect(plain).not.toContain('http://evil');
    expect(plain).not.toContain(']8;;');
    expect(plain).toContain('Evil | *Corp*');
    expect(plain).toContain('- Evil warning with | pipe');
  });

  it('uses colour codes only when color is on', () => {
    const coloured = renderReportTable(makeReport(), opts({ color: true }));
    expect(coloured).toContain('\x1b[32m+1,498.91\x1b[0m');
    expect(coloured).toContain('\x1b[31m-0.45%\x1b[0m');
    expect(coloured).not.toContain('http://evil');
    expect(renderReportTable(makeReport(), opts({ color: false, lots: true, demo: true }))).not.toMatch(ANSI);
  });

  it.each([60, 80, 120])('fits width %i', (width) => {
    for (const lots of [false, true]) {
      const out = renderReportTable(makeReport(), opts({ width, lots, demo: true }));
      for (const line of out.split('\n')) expect(visibleWidth(line), line).toBeLessThanOrEqual(width);
      const coloured = renderReportTable(makeReport(), opts({ width, lots, color: true }));
      for (const line of coloured.split('\n')) expect(visibleWidth(line), line).toBeLessThanOrEqual(width);
    }
  });

  it('shortens, then drops the name column first when narrow', () => {
    expect(renderReportTable(makeReport(), opts({ width: 120 }))).toContain('Apple Inc.');
    const narrow = renderReportTable(makeReport(), opts({ width: 60 }));
    expect(holdingsLines(narrow)[0]).not.toContain('Name');
    expect(holdingsLines(narrow)[0]).toContain('Value');
    expect(holdingsLines(narrow)[0]).toContain('Gain %');
    // The vs-benchmark column went too, and so did its explanation.
    expect(holdingsLines(narrow)[0]).not.toContain('vs SPY');
    expect(narrow).not.toContain("minus SPY's");
    expect(plain).toContain("minus SPY's");
  });

  it('lists lots only with options.lots', () => {
    const withLots = renderReportTable(makeReport(), opts({ lots: true, width: 160 }));
    expect(withLots).toMatch(/ └ 2020-01-15 IRA\s+split ×4, line 2\s+8\s+75\.00 USD/);
    expect(withLots).toMatch(/ └ 2024-03-01\s+line 3\s+2\s+450\.00 USD/);
    expect(withLots).toContain('  └');
    expect(withLots.replace(/\n/g, ' ')).toContain(
      'Lot rows: purchase date and account under the symbol, split and line in the holdings file under the name; the price column shows the cost per share.',
    );
    // Without the Name column the legend does not point at it.
    expect(renderReportTable(makeReport(), opts({ lots: true, width: 80 })).replace(/\n/g, ' ')).toContain(
      'Lot rows: purchase date and account under the symbol, a wider terminal shows the split and the line in the holdings file; the price column shows the cost per share.',
    );
    expect(withLots).toContain('+149.92%');
    expect(plain).not.toContain('└');
  });

  // The Name column is the first to go; the lot's date and account must not go with it.
  it.each([80, 100, 120])('keeps every lot date (and a short account) visible at width %i', (width) => {
    const report = makeReport();
    report.holdings[0]!.lots[1]!.account = 'Brokerage account at Example Bank';
    const lines = holdingsLines(renderReportTable(report, opts({ lots: true, width })));
    expect(lines[0]).not.toContain('Name');
    const lotLines = lines.filter((l) => l.includes('└'));
    expect(lotLines).toHaveLength(4);
    expect(lotLines[0]).toMatch(/^ {4}└ 2022-06-01 ISA\s+50\s/);
    expect(lotLines[1]).toMatch(/^ {4}└ 2020-01-15 IRA\s+8\s/);
    // A long account is cut from its end, never into the date.
    expect(lotLines[2]).toMatch(/^ {4}└ 2024-03-01( Brok[^…]*)?…\s+2\s/);
    expect(lotLines[3]).toMatch(/^ {4}└ no date\s+1,234\.5678\s/);
    for (const line of lines) expect(visibleWidth(line), line).toBeLessThanOrEqual(width);
  });

  it('prints the ETF comparison with the dividends note', () => {
    expect(plain).toMatch(/\s+1M\s+3M\s+YTD\s+1Y\s+3Y\s+5Y\s+Inception/);
    expect(plain).toMatch(/SPY\s+\+2\.00%\s+\+5\.00%\s+\+12\.00%\s+\+11\.80%\s+\+35\.00%\s+n\/a\s+\+25\.00%/);
    expect(plain).toMatch(/SPY\s+8,100\.00\s+\+1,600\.00\s+\+24\.62%\s+\+6\.50%\s+\+288\.50\s+\+0\.6 pp/);
    expect(plain).toMatch(/VT\s+n\/a\s+n\/a/);
    expect(plain.replace(/\n/g, ' ')).toContain(
      'ETF values use adjusted closes, so dividends are reinvested.',
    );
  });

  it('draws charts only when asked and when there are two points', () => {
    expect(plain).toContain('Portfolio value (USD), 2026-10-29 to 2026-11-27');
    expect(renderReportTable(makeReport(), opts({ charts: false }))).not.toContain('Charts');
    const one = makeReport();
    one.series = {
      dates: ['2026-11-27'],
      value: [1],
      index: [1],
      drawdown: [0],
      benchmarks: {},
      portfolioRebased: [100],
    };
    expect(renderReportTable(one, opts())).not.toContain('Charts');
  });

  it('shows the demo banner only in demo mode', () => {
    expect(renderReportTable(makeReport(), opts({ demo: true }))).toContain(
      "DEMO: synthetic prices from folio's built-in simulator",
    );
    expect(plain).not.toContain('DEMO');
  });

  it('handles a report with no holdings and no benchmarks', () => {
    const empty = makeReport({ holdings: [], benchmarks: [], warnings: [], notes: [], conventions: [] });
    const out = renderReportTable(empty, opts());
    expect(out).toContain('Total');
    expect(out).not.toContain('ETF comparison');
    expect(out).not.toContain('Warnings');
  });
});

describe('sortHoldings', () => {
  const rows = (): HoldingRow[] => {
    const [a, v, x] = makeHoldings();
    // AAPL: highest gain %, lower gain than VWRL.L.
    a!.unrealizedGainPct = 0.5;
    return [x!, a!, v!];
  };
  it.each<[SortKey, string[]]>([
    ['value', ['VWRL.L', 'AAPL', 'XYZ']],
    ['gain', ['VWRL.L', 'AAPL', 'XYZ']],
    ['gainPct', ['AAPL', 'VWRL.L', 'XYZ']],
    ['dayPct', ['AAPL', 'VWRL.L', 'XYZ']],
    ['symbol', ['AAPL', 'VWRL.L', 'XYZ']],
  ])('%s', (key, expected) => {
    const input = rows();
    expect(sortHoldings(input, key).map((h) => h.symbol)).toEqual(expected);
    expect(input.map((h) => h.symbol)).toEqual(['XYZ', 'AAPL', 'VWRL.L']);
  });

  it('puts NaN like null last and breaks ties by symbol', () => {
    const input = rows();
    input[1]!.marketValue = NaN;
    input[0]!.marketValue = 6498.91;
    expect(sortHoldings(input, 'value').map((h) => h.symbol)).toEqual(['VWRL.L', 'XYZ', 'AAPL']);
  });
});
