import { describe, it, expect } from 'vitest';
import {
  renderComparisonChart,
  renderDrawdownChart,
  renderLineChart,
  renderValueChart,
  resample,
  resampleIndices,
} from '../../../src/render/chart.js';
import { ANSI, makeReport, opts, visibleWidth } from './fixture.js';

const base = { width: 80, height: 8, color: false, title: 'T' };

describe('resample', () => {
  it.each([
    [100, 10],
    [1000, 57],
    [3, 2],
    [31, 30],
  ])('%i points to %i keeps first and last, strictly increasing', (length, target) => {
    const idx = resampleIndices(length, target);
    expect(idx).toHaveLength(target);
    expect(idx[0]).toBe(0);
    expect(idx[idx.length - 1]).toBe(length - 1);
    for (let i = 1; i < idx.length; i++) expect(idx[i]!).toBeGreaterThan(idx[i - 1]!);
  });

  it('returns short series unchanged and handles empty', () => {
    expect(resample([1, 2, 3], 10)).toEqual([1, 2, 3]);
    expect(resample([], 10)).toEqual([]);
    expect(resample([7, 8, 9], 1)).toEqual([9]);
  });

  it('keeps the first and last values of a long series', () => {
    const values = Array.from({ length: 5000 }, (_, i) => i * 2 + 1);
    const out = resample(values, 40);
    expect(out[0]).toBe(1);
    expect(out[out.length - 1]).toBe(9999);
  });
});

describe('renderLineChart', () => {
  it.each([60, 80, 120])('never exceeds width %i, even for a long series', (width) => {
    const long = Array.from({ length: 2000 }, (_, i) => 1000 + 500 * Math.sin(i / 50) + i);
    for (const color of [false, true]) {
      const out = renderLineChart(
        [
          { label: 'A', values: long },
          { label: 'B', values: long.map((v) => v * 0.9) },
        ],
        {
          ...base,
          width,
          color,
          title: 'A very long title that goes on and on and on and on and on and on and on',
          dates: ['2020-01-01', '2026-01-01'],
        },
      );
      for (const line of out.split('\n')) expect(visibleWidth(line), line).toBeLessThanOrEqual(width);
      // The plot really uses the width (resampled, not a 2000-column overflow nor a stub).
      expect(Math.max(...out.split('\n').map(visibleWidth))).toBeGreaterThan(width - 5);
    }
  });

  it('keeps a spike at the last point (resampled, not cut)', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i === 999 ? 100 : 0));
    const lines = renderLineChart([{ label: 'x', values }], base).split('\n');
    expect(lines[1]).toMatch(/100\.00 ┤ *╭$/);
  });

  it('keeps a spike at the first point', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i === 0 ? 100 : 0));
    const lines = renderLineChart([{ label: 'x', values }], base).split('\n');
    expect(lines[1]).toMatch(/100\.00 ┼╮$/);
  });

  it.each([
    ['one point', [5]],
    ['no points', []],
    ['all NaN', [NaN, NaN, NaN]],
  ])('says so instead of crashing for %s', (_label, values) => {
    const out = renderLineChart([{ label: 'x', values }], base);
    expect(out).toBe('T\n(not enough data to chart)');
  });

  it('draws a flat series as a line', () => {
    const out = renderLineChart([{ label: 'x', values: [5, 5, 5, 5] }], base);
    expect(out).toContain('┼───');
    expect(out).not.toMatch(/NaN/);
  });

  it('draws a flat zero series and fills NaN gaps', () => {
    expect(renderLineChart([{ label: 'x', values: [0, 0, 0] }], base)).toContain('┼──');
    const gaps = renderLineChart([{ label: 'x', values: [NaN, 1, NaN, 3, Infinity, 2] }], base);
    expect(gaps).not.toMatch(/NaN|Infinity/);
  });

  it('has height+1 rows at most and a title with the date range', () => {
    const values = Array.from({ length: 50 }, (_, i) => i);
    const out = renderLineChart([{ label: 'x', values }], {
      ...base,
      height: 6,
      dates: ['2026-01-01', '2026-02-19'],
    });
    const lines = out.split('\n');
    expect(lines[0]).toBe('T, 2026-01-01 to 2026-02-19');
    expect(lines.length - 1).toBeGreaterThanOrEqual(6);
    expect(lines.length - 1).toBeLessThanOrEqual(7);
  });
});

describe('report charts', () => {
  const report = makeReport();

  it('rebased chart tells the series apart in monochrome', () => {
    const out = renderComparisonChart(report.series, opts({ width: 80 }));
    expect(out).not.toMatch(ANSI);
    expect(out.split('\n')[0]).toBe('Portfolio vs benchmarks (rebased to 100), 2026-10-29 to 2026-11-27');
    // Last values: portfolio 100 * 8435 / 7880 = 107.04; SPY 100 + 29 * 0.4; VT 100 + 29 * 0.2 - (29 % 3).
    expect(out).toContain('── Portfolio 107.0');
    expect(out).toContain('·· SPY 111.6');
    expect(out).toContain('++ VT 103.8');
    expect(out).toMatch(/·/);
    expect(out).toMatch(/\+/);
  });

  it('rebased chart uses distinct colours when color is on', () => {
    const out = renderComparisonChart(report.series, opts({ width: 80, color: true }));
    expect(out).toContain('\x1b[36m');
    expect(out).toContain('\x1b[33m');
    expect(out).toContain('\x1b[35m');
  });

  it.each([60, 80, 120])('value and drawdown charts fit width %i', (width) => {
    for (const out of [
      renderValueChart(report.series, 'USD', opts({ width })),
      renderDrawdownChart(report.series, opts({ width })),
    ]) {
      expect(out).not.toMatch(ANSI);
      for (const line of out.split('\n')) expect(visibleWidth(line)).toBeLessThanOrEqual(width);
    }
  });

  it('labels the drawdown in percent with 0.0% at the top', () => {
    const out = renderDrawdownChart(report.series, opts());
    expect(out.split('\n')[0]).toBe('Drawdown from peak, 2026-10-29 to 2026-11-27');
    expect(out.split('\n')[1]).toMatch(/^ *0\.0% ┼/);
  });
});
