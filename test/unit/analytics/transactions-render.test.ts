// Transactions end to end from buildReport to the terminal and markdown renderers: a realized-gains
// section per symbol with a total, --by-year rows, income marked when estimated, closed positions
// apart from the open holdings.
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../src/analytics/report.js';
import { renderReportMarkdown } from '../../../src/render/markdown.js';
import { resolveRenderOptions } from '../../../src/render/options.js';
import { renderReportTable } from '../../../src/render/table.js';
import type { Lot } from '../../../src/types.js';
import { history, lot, quote, sellRow } from './helpers.js';

const sell = (symbol: string, shares: number, price: number, date: string): Lot =>
  sellRow(symbol, shares, price, date);

const aaa = {
  ...history('AAA', 'USD', [
    ['2023-06-01', 10],
    ['2023-12-01', 12],
    ['2024-01-02', 15],
    ['2024-01-08', 16],
  ]),
  dividends: [{ date: '2024-01-02', amount: 0.25 }],
};
const ccc = history('CCC', 'USD', [
  ['2023-06-01', 50],
  ['2024-01-02', 40],
  ['2024-01-08', 41],
]);
const report = buildReport({
  lots: [
    lot('AAA', 10, 10, '2023-06-01'),
    sell('AAA', 2, 12, '2023-12-01'), // 2023: 24 - 20 = +4
    sell('AAA', 3, 15, '2024-01-02'), // 2024: 45 - 30 = +15
    lot('CCC', 4, 50, '2023-06-01'),
    sell('CCC', 4, 40, '2024-01-02'), // 2024: 160 - 200 = -40, closed
  ],
  quotes: new Map([
    ['AAA', quote('AAA', 'USD', 16, 15)],
    ['CCC', quote('CCC', 'USD', 41, 40)],
  ]),
  histories: new Map([
    ['AAA', aaa],
    ['CCC', ccc],
  ]),
  baseCurrency: 'USD',
  benchmarks: [],
  period: '1y',
  riskFreeRate: 0,
  generatedAt: Date.UTC(2024, 0, 9, 12),
});

describe('rendering realized gains, income and closed positions', () => {
  it('terminal: per symbol and total, estimated income marked, closed positions apart', () => {
    const out = renderReportTable(report, { ...resolveRenderOptions({ width: 100, charts: false }) });
    expect(out).toContain('Realized gains and income (values in USD)');
    // AAA: 2 sales, proceeds 69, cost 50, gain +19; estimated income (8 shares at the 01-02 ex-date
    // start: 10 - 2) x 0.25 = 2.00. CCC: 1 sale, -40. Total 3 sales, proceeds 229, cost 250, -21.
    expect(out).toMatch(/AAA\s.*\b2\s.*69\.00\s.*50\.00\s.*\+19\.00\s.*~2\.00/);
    expect(out).toMatch(/CCC\s.*\b1\s.*160\.00\s.*200\.00\s.*-40\.00/);
    expect(out).toMatch(/Total\s.*\b3\s.*229\.00\s.*250\.00\s.*-21\.00/);
    expect(out).toContain('~ estimated income');
    expect(out).toMatch(/Closed positions[\s\S]*CCC[\s\S]*2023-06-01[\s\S]*2024-01-02[\s\S]*-40\.00/);
    expect(out).not.toContain('By calendar year');
    const holdings = out.slice(out.indexOf('Holdings'), out.indexOf('Realized gains'));
    expect(holdings).not.toContain('CCC');
  });

  it('--by-year: one row per year and symbol, then the year total', () => {
    const out = renderReportTable(report, {
      ...resolveRenderOptions({ width: 100, charts: false }),
      byYear: true,
    });
    const byYear = out.slice(out.indexOf('By calendar year'));
    expect(byYear).toMatch(/2023\s.*AAA\s.*24\.00\s.*20\.00\s.*\+4\.00/);
    expect(byYear).toMatch(/2023 total\s.*\+4\.00/);
    expect(byYear).toMatch(/2024\s.*CCC\s.*160\.00\s.*200\.00\s.*-40\.00/);
    // 2024 total: 15 - 40 = -25, income 2.00 (estimated)
    expect(byYear).toMatch(/2024 total\s.*205\.00\s.*230\.00\s.*-25\.00\s.*~2\.00/);
  });

  it('markdown: the same sections as GFM tables', () => {
    const md = renderReportMarkdown(report, { ...resolveRenderOptions({ charts: false }), byYear: true });
    expect(md).toContain('## Realized gains and income (values in USD)');
    expect(md).toContain('| **Total** | 3 | 229.00 | 250.00 | -21.00 | \\~2.00 |');
    expect(md).toContain('### By calendar year');
    expect(md).toContain('| **2024 total** |   | 205.00 | 230.00 | -25.00 | \\~2.00 |');
    expect(md).toContain('## Closed positions');
    expect(md).toMatch(/\| \*\*CCC\*\* \| CCC Inc \| 2023-06-01 \| 2024-01-02 \| -40\.00 \| 0\.00 \|/);
  });
});
