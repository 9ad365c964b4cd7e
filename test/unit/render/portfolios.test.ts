// The combined report's "By portfolio" section comes right after the Summary, in the table and in
// markdown: what each file is worth is the first thing a household reads, before the holdings.
import { describe, expect, it } from 'vitest';
import type { PortfolioRow } from '../../../src/analytics/combine.js';
import { toJsonDocument } from '../../../src/render/json.js';
import {
  type FileReport,
  manyReportsPieces,
  renderCombinedReport,
  renderManyReports,
} from '../../../src/render/many.js';
import type { RunStats } from '../../../src/types.js';
import { makeReport, makeStats, opts } from './fixture.js';

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

describe('several reports written as each is ready', () => {
  // Independent of the pieces: the whole document built at once, as the run did before it streamed.
  const whole = (reports: FileReport[], bench?: RunStats): string =>
    toJsonDocument({
      schemaVersion: 1,
      reports: reports.map((r) => ({
        file: r.file,
        name: r.name,
        report: { ...r.report, schemaVersion: 1 },
      })),
      ...(bench === undefined ? {} : { bench }),
    });
  const files = (n: number): FileReport[] =>
    Array.from({ length: n }, (_, i) => ({
      file: `dir/p${i}.csv`,
      name: `p${i}`,
      report: makeReport({ baseCurrency: i === 1 ? 'EUR' : 'USD', notes: [`n${i}`, 'line\nbreak'] }),
      text: `report ${i}\n`,
    }));
  const streamed = (reports: FileReport[], format: 'json' | 'table' | 'markdown', bench?: RunStats) => {
    const p = manyReportsPieces(format);
    return p.head + reports.map((r, i) => p.piece(r, i)).join('') + p.tail(bench);
  };

  it.each([1, 3])('JSON of %i report(s): byte for byte the document built at once', (n) => {
    const reports = files(n);
    // A non-finite figure and a negative zero: the document carries null and 0 either way.
    reports[0]!.report.summary.xirr = Number.NaN;
    reports[0]!.report.summary.unrealizedGain = -0;
    expect(streamed(reports, 'json')).toBe(whole(reports));
    expect(streamed(reports, 'json', makeStats())).toBe(whole(reports, makeStats()));
    expect(renderManyReports(reports, 'json', opts(), makeStats())).toBe(whole(reports, makeStats()));
  });

  it('table and markdown: each report under a line naming its file, one blank line between', () => {
    const reports = files(2);
    expect(streamed(reports, 'table')).toBe('==> dir/p0.csv <==\nreport 0\n\n==> dir/p1.csv <==\nreport 1\n');
    expect(streamed(reports, 'markdown')).toBe('# dir/p0.csv\n\nreport 0\n\n# dir/p1.csv\n\nreport 1\n');
  });
});
