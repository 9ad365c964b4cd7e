// The SVG charts' geometry, against values worked out by hand (each case's comment shows the working).
import { describe, expect, it } from 'vitest';
import {
  dateTicks,
  niceStep,
  niceTicks,
  pathData,
  scaleLinear,
  stepDecimals,
  thinPoints,
  type Point,
} from '../../../src/render/svg-axes.js';
import { axisFormat, chartSvg, type ChartSize } from '../../../src/render/svg-chart.js';
import { toEpochDay } from '../../../src/dates.js';

describe('niceStep', () => {
  it.each([
    // span / intervals = raw; the smallest of 1, 2, 2.5, 5, 10 x 10^k at or above it
    [25.5, 5, 10], // 5.1 -> 10
    [100, 5, 20], // 20 -> 20
    [12, 5, 2.5], // 2.4 -> 2.5
    [0.07, 5, 0.02], // 0.014 -> 0.02
    [7, 7, 1], // 1 -> 1
    [54_200, 6, 10_000], // 9033.3 -> 10000
  ])('span %d in %d intervals -> %d', (span, intervals, step) => {
    expect(niceStep(span, intervals)).toBe(step);
  });
});

describe('niceTicks', () => {
  it.each([
    // step 10: floor(9.32) = 9 -> 90, ceil(11.87) = 12 -> 120
    [93.2, 118.7, 5, [90, 100, 110, 120]],
    // step 0.2 (0.6 / 5 = 0.12): 0 .. ceil(3.5) = 4 -> 0.8; no float noise in 0.6
    [0.1, 0.7, 5, [0, 0.2, 0.4, 0.6, 0.8]],
    // step 10000 needs floor(15.88) = 15 .. ceil(21.3) = 22, 7 intervals > 6: the next step, 20000
    [158_800, 213_000, 6, [140_000, 160_000, 180_000, 200_000, 220_000]],
    // a drawdown: 8.67 / 5 = 1.734 -> 2; floor(-4.335) = -5 -> -10 .. 0
    [-8.67, 0, 5, [-10, -8, -6, -4, -2, 0]],
    // flat at 100: a band of 1 % either side, 2 / 5 = 0.4 -> 0.5
    [100, 100, 5, [99, 99.5, 100, 100.5, 101]],
    // flat at 0: a band of 1 either side, 2 / 4 = 0.5
    [0, 0, 4, [-1, -0.5, 0, 0.5, 1]],
  ])('%d .. %d in at most %d intervals', (min, max, intervals, values) => {
    const t = niceTicks(min, max, intervals);
    expect(t.values).toEqual(values);
    expect(t.min).toBe(values[0]);
    expect(t.max).toBe(values.at(-1));
    expect(t.values.length - 1).toBeLessThanOrEqual(intervals);
  });

  it('always covers the data', () => {
    for (const [lo, hi] of [
      [1.234, 1.2351],
      [-3e9, 7e11],
      [0.000123, 0.000987],
    ] as const) {
      const t = niceTicks(lo, hi, 6);
      expect(t.min).toBeLessThanOrEqual(lo);
      expect(t.max).toBeGreaterThanOrEqual(hi);
    }
  });
});

describe('stepDecimals and axisFormat', () => {
  it.each([
    [10, 0],
    [2.5, 1],
    [0.25, 2],
    [0.2, 1],
    [0.0001, 4],
  ])('step %d needs %d decimals', (step, decimals) => {
    expect(stepDecimals(step)).toBe(decimals);
  });

  it('prints money in one unit, with the decimals the step needs', () => {
    const t = niceTicks(0, 1_400_000, 3); // 1.4M / 3 = 466,667 -> 500,000
    expect(t.values.map(axisFormat(t, { compact: true }))).toEqual(['0.0M', '0.5M', '1.0M', '1.5M']);
    const small = niceTicks(158_800, 213_000, 6);
    expect(small.values.map(axisFormat(small, { compact: true }))).toEqual([
      '140,000',
      '160,000',
      '180,000',
      '200,000',
      '220,000',
    ]);
    const pct = niceTicks(-8.67, 0, 5);
    expect(pct.values.map(axisFormat(pct, { suffix: '%' }))).toEqual([
      '-10%',
      '-8%',
      '-6%',
      '-4%',
      '-2%',
      '0%',
    ]);
  });
});

describe('scaleLinear', () => {
  it('maps the domain onto the range, inverted for a y axis', () => {
    expect(scaleLinear(0, 10, 100, 200)(2.5)).toBe(125);
    // 330 + (100 - 90) x (10 - 330) / (120 - 90) = 330 - 106.67
    expect(scaleLinear(90, 120, 330, 10)(100)).toBeCloseTo(223.333, 3);
    expect(scaleLinear(5, 5, 0, 10)(5)).toBe(5);
  });
});

describe('dateTicks', () => {
  const day = toEpochDay;
  it('month starts every two months when monthly ticks are too many (a year, at most 8)', () => {
    // 12 month starts from 2026-01 to 2026-12 > 8; every second month from January: 6
    expect(dateTicks(day('2025-12-05'), day('2026-12-07'), 8).map((t) => t.label)).toEqual([
      '2026-01',
      '2026-03',
      '2026-05',
      '2026-07',
      '2026-09',
      '2026-11',
    ]);
  });

  it('quarters at most 4 (the narrow layout)', () => {
    const ticks = dateTicks(day('2025-12-05'), day('2026-12-07'), 4);
    expect(ticks.map((t) => t.label)).toEqual(['2026-01', '2026-04', '2026-07', '2026-10']);
    expect(ticks[0]!.day).toBe(day('2026-01-01'));
  });

  it('Mondays for a month (2026-11-27 is a Friday, so the 2nd is a Monday)', () => {
    expect(dateTicks(day('2026-11-01'), day('2026-11-30'), 5).map((t) => t.label)).toEqual([
      '2026-11-02',
      '2026-11-09',
      '2026-11-16',
      '2026-11-23',
      '2026-11-30',
    ]);
  });

  it('even years over eleven years', () => {
    expect(dateTicks(day('2015-06-01'), day('2026-06-01'), 8).map((t) => t.label)).toEqual([
      '2016',
      '2018',
      '2020',
      '2022',
      '2024',
      '2026',
    ]);
  });

  it('every day of a short range', () => {
    expect(dateTicks(day('2026-11-25'), day('2026-11-27'), 8).map((t) => t.label)).toEqual([
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
    ]);
  });
});

describe('thinPoints and pathData', () => {
  it('keeps the first, lowest, highest and last point of each x bucket, in order', () => {
    const ys = [5, 1, 9, 3, 4, 2, 8, 0, 7, 6];
    const points: Point[] = ys.map((y, x) => [x, y]);
    // x 0..9 in 2 buckets: x 0-4 (9/2 = 4.5 wide), x 5-9.
    // bucket 0: first (0,5), low (1,1), high (2,9), last (4,4); bucket 1: (5,2), (6,8), (7,0), (9,6)
    expect(thinPoints(points, 2).map((p) => p?.[0])).toEqual([0, 1, 2, 4, 5, 6, 7, 9]);
    expect(thinPoints(points, 5)).toEqual(points);
  });

  it('keeps a gap as a gap', () => {
    const points: Point[] = [[0, 1], [1, 2], null, [3, 1], [4, 5], [5, 0], [6, 1], [7, 3], [8, 2]];
    const thin = thinPoints(points, 2);
    expect(thin).toContain(null);
    expect(thin.filter((p) => p === null)).toHaveLength(1);
  });

  it('moves to each point after a gap and rounds to two decimals', () => {
    expect(pathData([[0, 0], [1.236, 2], null, [3, 4.5]])).toBe('M0 0L1.24 2M3 4.5');
    expect(pathData([])).toBe('');
  });
});

describe('chartSvg', () => {
  const size: ChartSize = { width: 400, height: 300, xTicks: 4, yTicks: 4 };

  it('places the points where the axes say (worked by hand)', () => {
    const svg = chartSvg(
      { title: 'T', dates: ['2026-01-01', '2026-01-11'], lines: [{ label: 'A', values: [100, 120] }] },
      size,
    );
    // y ticks 100..120 step 5 (20 / 4), labels "100".."120": 3 x 7 px -> left = 21 + 14 = 35;
    // right = 400 - 16 = 384; one legend row: top = 10 + 18 + 8 = 36; bottom = 300 - 30 = 270.
    expect(svg).toContain('d="M35 270L384 36"');
    expect(svg).toContain('viewBox="0 0 400 300"');
    for (const label of ['100', '105', '110', '115', '120']) expect(svg).toContain(`>${label}</text>`);
    // y(110) = 270 - (10 / 20) x 234 = 153: the grid line of the middle tick
    expect(svg).toContain('y1="153" x2="384" y2="153"');
    // ticks every day (11) or every second day (5) are more than 4: Mondays, i.e. 2026-01-05 alone,
    // at x = 35 + (4 / 10) x 349 = 174.6
    expect(svg).toContain('<text x="174.6" y="289">2026-01-05</text>');
    expect(svg.match(/<\/text>/g)).toHaveLength(1 + 5 + 1); // legend, value labels, one date
  });

  it('breaks the line at a missing value and shades a drawdown down from zero', () => {
    const svg = chartSvg(
      {
        title: 'D',
        dates: ['2026-01-01', '2026-01-02', '2026-01-03'],
        lines: [{ label: 'Drawdown', values: [0, null, -5] }],
        fillToZero: true,
      },
      size,
    );
    const line = /class="line s0" d="([^"]+)"/.exec(svg)?.[1];
    expect(line?.match(/M/g)).toHaveLength(2);
    expect(svg).toContain('class="area s0"');
  });

  it('escapes labels and draws nothing without two dated points', () => {
    const svg = chartSvg(
      {
        title: '<b>t</b>',
        dates: ['2026-01-01', '2026-01-02'],
        lines: [{ label: '<script>alert(1)</script>', values: [1, 2] }],
      },
      size,
    );
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).not.toContain('<b>');
    expect(chartSvg({ title: 'x', dates: ['2026-01-01'], lines: [{ label: 'a', values: [1] }] }, size)).toBe(
      '',
    );
    expect(
      chartSvg(
        { title: 'x', dates: ['2026-01-01', '2026-01-02'], lines: [{ label: 'a', values: [null, NaN] }] },
        size,
      ),
    ).toBe('');
  });
});
