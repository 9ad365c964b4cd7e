import { describe, it, expect } from 'vitest';
import { renderReportJson } from '../../../src/render/json.js';
import { makeReport, makeStats } from './fixture.js';

describe('renderReportJson', () => {
  it('round-trips the report with key order, 2-space indent and a trailing newline', () => {
    const report = makeReport();
    const out = renderReportJson(report);
    expect(out.endsWith('}\n')).toBe(true);
    expect(out.split('\n')[1]).toBe('  "schemaVersion": 1,');
    const parsed: unknown = JSON.parse(out);
    expect(parsed).toEqual(JSON.parse(JSON.stringify(report)));
    expect(Object.keys(parsed as object)).toEqual([
      'schemaVersion',
      'asOf',
      'generatedAt',
      'baseCurrency',
      'conventions',
      'summary',
      'holdings',
      'benchmarks',
      'series',
      'notes',
      'warnings',
    ]);
    // Hostile text stays data: JSON escapes the control characters.
    expect(out).toContain('\\u001b]8;;http://evil\\u0007Evil | *Corp*');
  });

  it('turns NaN and Infinity into null', () => {
    const report = makeReport();
    report.summary.sharpe = NaN;
    report.summary.volatility = Infinity;
    report.holdings[1]!.vsBenchmark = -Infinity;
    report.series.value[3] = NaN;
    const out = renderReportJson(report);
    expect(out).not.toMatch(/NaN|Infinity/);
    const parsed = JSON.parse(out) as ReturnType<typeof makeReport>;
    const expected = makeReport();
    expected.summary.sharpe = null;
    expected.summary.volatility = null;
    expected.holdings[1]!.vsBenchmark = null;
    (expected.series.value as (number | null)[])[3] = null;
    expect(parsed).toEqual(expected);
  });

  it('writes -0 as 0', () => {
    const report = makeReport();
    report.summary.sharpe = -0;
    report.series.value[3] = -0;
    const out = renderReportJson(report);
    expect(out).toContain('"sharpe": 0,');
    expect(out).not.toMatch(/\s-0[,\n]/);
  });

  it('appends bench when given', () => {
    const stats = makeStats();
    const parsed = JSON.parse(renderReportJson(makeReport(), stats)) as Record<string, unknown>;
    expect(Object.keys(parsed).at(-1)).toBe('bench');
    expect(parsed.bench).toEqual(stats);
    expect(Object.keys(JSON.parse(renderReportJson(makeReport())) as object)).not.toContain('bench');
  });
});
