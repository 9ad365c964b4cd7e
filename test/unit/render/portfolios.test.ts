// The combined report's "By portfolio" section comes right after the Summary, in the table and in
// markdown: what each file is worth is the first thing a household reads, before the holdings.
import { describe, expect, it } from 'vitest';
import type { PortfolioRow } from '../../../src/analytics/combine.js';
import { renderCombinedReport } from '../../../src/render/portfolios.js';
import { makeReport, opts } from './fixture.js';

const ROWS: PortfolioRow[] = [
  {
    name: 'mine',
    marketValue: 6000,
    costBasis: 5000,
    unrealizedGain: 1000,
    unrealizedGainPct: 0.2,
    weight: 0.75,
    xirr: 0.05,
    twr: 0.1,
  },
  {
    name: 'joint',
    marketValue: 2000,
    costBasis: null,
    unrealizedGain: null,
    unrealizedGainPct: null,
    weight: 0.25,
    xirr: null,
    twr: null,
  },
];

/** The titles of the report's sections, in order. */
function sectionTitles(text: string, format: 'table' | 'markdown'): string[] {
  const lines = text.split('\n');
  return format === 'markdown'
    ? lines.filter((l) => l.startsWith('## ')).map((l) => l.slice(3))
    : lines.filter((l) => /^[A-Z][A-Za-z ]+( \(.*\))?$/.test(l));
}

describe('the combined report', () => {
  it.each(['table', 'markdown'] as const)('%s: By portfolio directly follows the Summary', async (format) => {
    const text = await renderCombinedReport(makeReport(), ROWS, format, { ...opts({ width: 120 }) });
    const titles = sectionTitles(text, format);
    const summary = titles.indexOf('Summary');
    expect(summary).toBeGreaterThanOrEqual(0);
    expect(titles[summary + 1]).toBe('By portfolio (USD)');
    expect(titles.filter((t) => t.startsWith('By portfolio'))).toHaveLength(1);
    expect(titles[summary + 2]).toMatch(/^Holdings/);
    expect(text).toMatch(format === 'markdown' ? /^\| mine \| 6,000\.00 \|/m : /^mine\s+6,000\.00\s/m);
  });

  it('json: the rows as portfolios', async () => {
    const doc = JSON.parse(await renderCombinedReport(makeReport(), ROWS, 'json', opts())) as {
      portfolios: PortfolioRow[];
    };
    expect(doc.portfolios).toEqual(ROWS);
  });
});
