// A holding out of the totals (a price but no FX rate here) has no value and no weight: null in the
// JSON, n/a in the table and markdown, an empty cell in the CSV; and the summary states how many
// holdings the totals cover and why the others are missing, in the table and in markdown alike.
import { describe, expect, it } from 'vitest';

import type { Report } from '../../../src/analytics/model.js';
import { renderHoldingsCsv } from '../../../src/render/csv.js';
import { renderReportJson } from '../../../src/render/json.js';
import { renderReportMarkdown } from '../../../src/render/markdown.js';
import { renderReportTable } from '../../../src/render/table.js';
import { makeReport, opts } from './fixture.js';

function withUnpricedVwrl(): Report {
  const report = makeReport();
  const holdings = report.holdings.map((h) =>
    h.symbol === 'VWRL.L'
      ? {
          ...h,
          marketValue: null,
          weight: null,
          costBasis: null,
          unrealizedGain: null,
          unrealizedGainPct: null,
          lots: h.lots.map((l) => ({
            ...l,
            marketValue: null,
            costBasis: null,
            unrealizedGain: null,
            unrealizedGainPct: null,
          })),
        }
      : h,
  );
  return {
    ...report,
    holdings,
    summary: {
      ...report.summary,
      coverage: {
        priced: 2,
        total: 3,
        missing: [{ symbol: 'VWRL.L', reason: 'no FX history for GBPUSD=X' }],
      },
    },
  };
}

const COVERAGE = '2 of 3 holdings, 1 missing (no FX history for GBPUSD=X: VWRL.L)';

describe('a figure that cannot be computed', () => {
  const report = withUnpricedVwrl();

  it('is null in the JSON, with the coverage in the summary', () => {
    const doc = JSON.parse(renderReportJson(report)) as Report;
    const row = doc.holdings.find((h) => h.symbol === 'VWRL.L')!;
    expect(row.marketValue).toBeNull();
    expect(row.weight).toBeNull();
    expect(row.lots.every((l) => l.marketValue === null)).toBe(true);
    expect(doc.summary.coverage).toEqual(report.summary.coverage);
  });

  it('is n/a in the table, never 0.00, and the summary says what the totals cover', () => {
    const out = renderReportTable(report, opts({ lots: true }));
    const line = out.split('\n').find((l) => l.includes('VWRL.L') && !l.includes('missing'))!;
    expect(line).not.toMatch(/\b0\.00\b/);
    expect(line).not.toMatch(/\b0\.00%/);
    // Value and weight columns: n/a (as are cost and gains).
    expect(line.match(/n\/a/g)!.length).toBeGreaterThanOrEqual(5);
    expect(out).toMatch(/^Value\s+8,388\.50 USD \(2 of 3 holdings\)$/m);
    expect(out).toContain(`Prices           ${COVERAGE}; as of`);
  });

  it('is n/a in markdown, with the same summary words', () => {
    const out = renderReportMarkdown(report, opts());
    const row = out
      .split('\n')
      .find((l) => l.startsWith('|') && l.includes('VWRL.L') && !l.includes('missing'))!;
    expect(row).not.toMatch(/\| 0\.00 \|/);
    expect(row).toMatch(/\| n\/a \| n\/a \|/);
    expect(out).toContain(COVERAGE);
    expect(out).toContain('8,388.50 USD (2 of 3 holdings)');
  });

  it('is an empty cell in the CSV', () => {
    const [header, ...rows] = renderHoldingsCsv(report).trimEnd().split('\r\n');
    const cols = header!.split(',');
    const cells = rows.find((r) => r.startsWith('VWRL.L'))!.split(',');
    expect(cells[cols.indexOf('marketValue')]).toBe('');
    expect(cells[cols.indexOf('weight')]).toBe('');
  });

  it('a complete run states nothing extra', () => {
    const out = renderReportTable(makeReport(), opts());
    expect(out).toMatch(/^Value\s+8,388\.50 USD$/m);
    expect(out).not.toContain('missing (');
  });
});
