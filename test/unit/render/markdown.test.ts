import { describe, it, expect } from 'vitest';
import { renderReportMarkdown } from '../../../src/render/markdown.js';
import { ANSI, makeReport, opts } from './fixture.js';

/** Cell separators: pipes not escaped by a backslash. */
function columnsOf(line: string): number {
  return (line.match(/(?<!\\)\|/g) ?? []).length - 1;
}

function tableAfter(md: string, heading: string): string[] {
  const lines = md.split('\n');
  const start = lines.indexOf(heading) + 2;
  const end = lines.findIndex((l, i) => i >= start && !l.startsWith('|'));
  return lines.slice(start, end === -1 ? undefined : end);
}

describe('renderReportMarkdown', () => {
  const md = renderReportMarkdown(makeReport(), opts({ color: true, lots: true, demo: true }));

  it('has the sections as headings', () => {
    for (const h of [
      '# Portfolio report as of 2026-11-27 (USD)',
      '## Summary',
      '## Holdings (values in USD)',
      '## ETF comparison',
      '### Period returns',
      '### Same cash flows',
      '## Notes',
      '## Warnings',
    ]) {
      expect(md.split('\n')).toContain(h);
    }
    expect(md).toContain("> **DEMO: synthetic prices from folio's built-in simulator**");
    expect(md.endsWith('\n')).toBe(true);
  });

  it('never contains ANSI, even with color on', () => {
    expect(md).not.toMatch(ANSI);
    expect(md).not.toContain('http://evil');
  });

  it('escapes a hostile name so the table keeps its columns', () => {
    expect(md).toContain('Evil \\| \\*Corp\\*');
    const table = tableAfter(md, '## Holdings (values in USD)');
    expect(table.length).toBeGreaterThan(4);
    const width = columnsOf(table[0]!);
    expect(width).toBe(12);
    for (const line of table) expect(columnsOf(line), line).toBe(width);
    expect(table[1]).toBe('|:---|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---|');
  });

  it('prints values, n/a for nulls and the lots', () => {
    expect(md).toContain(
      '| **VWRL.L** | Vanguard FTSE All-World UCITS ETF USD Distributing | 50 | 10,234.50 GBp | -0.45% | 6,498.91 | 77.47% | 5,000.00 | +1,498.91 | +29.98% | -1.5 pp | cache |',
    );
    expect(md).toContain('| Sharpe / Sortino | 1.23 / n/a |');
    expect(md).toContain('| ↳ | _2020-01-15, IRA, split ×4_ |');
    expect(md).toContain(
      '| SPY | SPDR S&P 500 ETF Trust | 8,100.00 | +1,600.00 | +24.62% | +6.50% | +288.50 | +0.6 pp |',
    );
    expect(md).not.toMatch(/NaN/);
  });

  it('sorts holdings by the requested key', () => {
    const bySymbol = renderReportMarkdown(makeReport(), opts({ sort: 'symbol' }));
    const order = tableAfter(bySymbol, '## Holdings (values in USD)')
      .slice(2)
      .map((l) => l.split('|')[1]!.trim());
    expect(order).toEqual(['**AAPL**', '**VWRL.L**', '**XYZ**', '**Total**']);
  });

  it('escapes warnings', () => {
    expect(md).toContain('- ⚠️ Evil warning with \\| pipe');
  });
});

describe('the conventions in markdown', () => {
  const report = makeReport({
    notes: ['A note of this report.'],
    conventions: ['Ratios are fractions; money is in the base currency.', 'TWR = product of (1 + r) - 1.'],
  });
  const md = renderReportMarkdown(report, opts());

  it('are folded into one <details> block at the very end, out of the Notes', () => {
    const start = md.indexOf('\n<details><summary>Conventions</summary>\n\n');
    expect(start).toBeGreaterThan(md.indexOf('## Warnings'));
    expect(md.endsWith('\n\n</details>\n')).toBe(true);
    const folded = md.slice(start);
    expect(folded).toContain('\n- Ratios are fractions; money is in the base currency.\n');
    expect(folded).toContain('\n- TWR = product of (1 + r) - 1.\n');
    const notes = md.slice(md.indexOf('## Notes'), md.indexOf('## Warnings'));
    expect(notes).toContain('- A note of this report.');
    expect(notes).not.toContain('Ratios are fractions');
  });

  it('leave no empty block when there are none', () => {
    expect(renderReportMarkdown(makeReport({ conventions: [] }), opts())).not.toContain('<details>');
  });
});
