import { describe, expect, it } from 'vitest';
import type { Report } from '../../../src/analytics/model.js';
import { renderReportMarkdown } from '../../../src/render/markdown.js';
import { renderReportTable } from '../../../src/render/table.js';
import { ANSI, HOSTILE_NAME, makeReport, opts, visibleWidth } from './fixture.js';

const slice = (name: string, value: number | null, weight: number | null) => ({ name, value, weight });

function withAllocation(): Report {
  return makeReport({
    allocation: {
      byClass: [slice('US stocks', 6000, 0.6), slice(HOSTILE_NAME, 4000, 0.4), slice('Gold', null, null)],
      byType: [slice('ETF', 10000, 1)],
      byCurrency: [slice('USD', 7500, 0.75), slice('GBP', 2500, 0.25)],
      byAccount: [slice('IRA', 10000, 1)],
      byRegion: [slice('United States', 10000, 1)],
    },
    targets: {
      file: 'targets.csv',
      dimension: 'currency',
      driftBand: 0.05,
      groups: [
        { group: 'currency:USD', target: 0.6, weight: 0.75, drift: 0.15, driftValue: 1500, flagged: true },
        { group: 'currency:GBP', target: 0.4, weight: 0.25, drift: -0.15, driftValue: -1500, flagged: false },
      ],
      maxDrift: 0.15,
    },
  });
}

describe('allocation sections', () => {
  it('table: every breakdown, n/a for an unpriced group, targets with drift and money, within the width', () => {
    const out = renderReportTable(withAllocation(), opts({ width: 80, charts: false }));
    expect(out).toContain('Allocation (values in USD)');
    for (const title of ['By class', 'By type', 'By currency', 'By account', 'By country of listing'])
      expect(out).toContain(title);
    expect(out).toMatch(/US stocks\s+6,000\.00\s+60\.00%/);
    expect(out).toMatch(/Gold\s+n\/a\s+n\/a/);
    expect(out).toMatch(/!\s+currency:USD\s+60\.00%\s+75\.00%\s+\+15\.00 pp\s+\+1,500\.00/);
    expect(out).toMatch(/\n\s+currency:GBP\s+40\.00%\s+25\.00%\s+-15\.00 pp\s+-1,500\.00/);
    expect(out).not.toMatch(ANSI);
    for (const line of out.split('\n')) expect(visibleWidth(line)).toBeLessThanOrEqual(80);
  });
  it('markdown: the same, escaped', () => {
    const out = renderReportMarkdown(withAllocation(), opts());
    expect(out).toContain('## Allocation (values in USD)');
    expect(out).toContain('| US stocks | 6,000.00 | 60.00% |');
    expect(out).toContain('| Gold | n/a | n/a |');
    expect(out).toContain('| currency:USD | 60.00% | 75.00% | +15.00 pp | +1,500.00 | ! |');
    expect(out).not.toContain('Evil | *Corp*');
  });
  it('a report without allocation (older JSON, no holdings) has no section', () => {
    expect(renderReportTable(makeReport(), opts({ charts: false }))).not.toContain('Allocation');
    expect(renderReportMarkdown(makeReport(), opts())).not.toContain('Allocation');
  });
});
