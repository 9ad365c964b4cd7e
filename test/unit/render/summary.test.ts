import { describe, it, expect } from 'vitest';
import type { RealizedRow, Report } from '../../../src/analytics/model.js';
import { renderReportMarkdown } from '../../../src/render/markdown.js';
import { summaryItems } from '../../../src/render/summary.js';
import { renderReportTable } from '../../../src/render/table.js';
import { makeReport, opts } from './fixture.js';

function realizedRow(overrides: Partial<RealizedRow>): RealizedRow {
  return {
    symbol: 'MSFT',
    name: 'Microsoft Corporation',
    currency: 'USD',
    proceeds: 3000,
    costBasis: 2000,
    gain: 1000,
    income: 0,
    incomeEstimated: false,
    sales: [
      {
        date: '2025-06-02',
        line: 7,
        shares: 10,
        price: 301,
        currency: 'USD',
        fee: 10,
        proceeds: 3000,
        costBasis: 2000,
        gain: 1000,
      },
    ],
    dividends: [],
    byYear: [{ year: 2025, proceeds: 3000, costBasis: 2000, gain: 1000, income: 0 }],
    ...overrides,
  };
}

/** A report with one sale (MSFT, +1,000.00) and dividends from the file (AAPL, 12.50). */
function withTransactions(overrides: Partial<RealizedRow> = {}): Report {
  const report = makeReport();
  const aapl = realizedRow({
    symbol: 'AAPL',
    name: 'Apple Inc.',
    proceeds: 0,
    costBasis: 0,
    gain: 0,
    income: 12.5,
    sales: [],
    dividends: [{ date: '2026-05-15', line: 9, amount: 12.5, estimated: false }],
    byYear: [{ year: 2026, proceeds: 0, costBasis: 0, gain: 0, income: 12.5 }],
    ...overrides,
  });
  report.realized = [realizedRow({}), aapl];
  report.summary.realizedGain = 1000;
  report.summary.income = 12.5;
  return report;
}

const labels = (r: Report): string[] => summaryItems(r).map((i) => i.label);

describe('summary: realized gain and income', () => {
  it('are absent for a buy-only report (fields missing, or zero with no realized rows)', () => {
    const buyOnly = makeReport();
    expect(labels(buyOnly)).not.toContain('Realized gain');
    const zero = makeReport({ realized: [] });
    zero.summary.realizedGain = 0;
    zero.summary.income = 0;
    expect(labels(zero)).not.toContain('Realized gain');
    expect(labels(zero)).not.toContain('Income');
  });

  it('follow the unrealized gain in the terminal table', () => {
    const out = renderReportTable(withTransactions(), opts({ charts: false }));
    const lines = out.split('\n');
    const at = lines.findIndex((l) => l.startsWith('Unrealized gain'));
    expect(lines[at + 1]).toMatch(/^Realized gain\s+\+1,000\.00 USD$/);
    expect(lines[at + 2]).toMatch(/^Income\s+12\.50 USD$/);
    expect(lines[at + 3]).toMatch(/^Day change\s/);
  });

  it('colour a realized loss red', () => {
    const report = withTransactions();
    report.summary.realizedGain = -250.5;
    const out = renderReportTable(report, opts({ charts: false, color: true }));
    expect(out).toContain('\x1b[31m-250.50 USD\x1b[0m');
  });

  it('appear in markdown, with estimated income marked', () => {
    const md = renderReportMarkdown(withTransactions({ incomeEstimated: true }), opts());
    expect(md).toContain('| Realized gain | +1,000.00 USD |');
    expect(md).toContain('| Income | 12.50 USD (estimated) |');
  });

  it.each<[string, Partial<RealizedRow>, number | null, string]>([
    ['from the file', {}, 12.5, '12.50 USD'],
    ['all estimated', { incomeEstimated: true }, 12.5, '12.50 USD (estimated)'],
    ['unknown (an FX rate is missing)', { income: null }, null, 'n/a'],
  ])('income %s', (_, overrides, total, expected) => {
    const report = withTransactions(overrides);
    report.summary.income = total;
    expect(summaryItems(report).find((i) => i.label === 'Income')?.value).toBe(expected);
  });

  it('income partly estimated when one symbol has file dividends and another an estimate', () => {
    const report = withTransactions();
    report.realized!.push(
      realizedRow({ symbol: 'JNJ', income: 7.25, incomeEstimated: true, sales: [], gain: 0 }),
    );
    report.summary.income = 19.75;
    const items = summaryItems(report);
    expect(items.find((i) => i.label === 'Income')?.value).toBe('19.75 USD (partly estimated)');
  });

  it('income partly estimated when one symbol has a dividend row and an estimate', () => {
    const report = withTransactions();
    report.realized![1]!.dividends.push({ date: '2026-08-14', line: null, amount: 3, estimated: true });
    report.realized![1]!.income = 15.5;
    report.summary.income = 15.5;
    expect(summaryItems(report).find((i) => i.label === 'Income')?.value).toBe(
      '15.50 USD (partly estimated)',
    );
  });

  it('show income alone (no sales) and an unknown realized gain as n/a', () => {
    const report = withTransactions();
    report.realized = report.realized!.slice(1);
    report.summary.realizedGain = null;
    const items = summaryItems(report);
    expect(items.find((i) => i.label === 'Realized gain')?.value).toBe('n/a');
    expect(items.find((i) => i.label === 'Income')?.value).toBe('12.50 USD');
  });
});

describe('a portfolio with dividends but no sale', () => {
  it('shows Income and no "Realized gain 0.00" row', () => {
    const report = withTransactions();
    report.realized = report.realized!.slice(1); // only the dividend row remains, nothing sold
    report.summary.realizedGain = 0;
    report.summary.income = 12.5;
    expect(labels(report)).toContain('Income');
    expect(labels(report)).not.toContain('Realized gain');
  });
});

describe('realized section with income only (nothing sold)', () => {
  // AAPL: 12.50 of dividends from the file, no sales; the Total row leaves the sale columns blank.
  const report = withTransactions();
  report.realized = report.realized!.slice(1);
  report.summary.realizedGain = 0;

  it('terminal', () => {
    const out = renderReportTable(report, opts({ charts: false }));
    const section = out.slice(out.indexOf('Realized gains and income'), out.indexOf('ETF comparison'));
    expect(section).toMatch(/\nAAPL {8}0 {34}12\.50\n/);
    expect(section).toMatch(/\nTotal {7}0 {34}12\.50\n/);
    expect(section).not.toContain('0.00 ');
  });

  it('markdown', () => {
    const md = renderReportMarkdown(report, opts());
    expect(md).toContain('| **AAPL** | 0 |   |   |   | 12.50 |');
    expect(md).toContain('| **Total** | 0 |   |   |   | 12.50 |');
  });
});
