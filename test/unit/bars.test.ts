import { describe, expect, it } from 'vitest';
import { DailyBars } from '../../src/bars.js';

const bars = (rows: [string, number, number?][]) =>
  DailyBars.of(rows.map(([date, close, adj]) => ({ date, close, adjClose: adj ?? close })));
const dates = (b: DailyBars) => b.toBars().map((x) => x.date);

describe('DailyBars', () => {
  const b = bars([
    ['2024-02-28', 10, 9],
    ['2024-02-29', 11],
    ['2024-03-01', 12],
    ['2024-03-04', 13],
  ]);

  it('holds days as epoch days and gives bars back as they came in', () => {
    expect(b.length).toBe(4);
    expect(b.days[0]).toBe(Date.UTC(2024, 1, 28) / 86_400_000);
    expect(b.date(1)).toBe('2024-02-29');
    expect(b.bar(0)).toEqual({ date: '2024-02-28', close: 10, adjClose: 9 });
    expect((JSON.parse(JSON.stringify({ bars: b })) as { bars: unknown[] }).bars[3]).toEqual({
      date: '2024-03-04',
      close: 13,
      adjClose: 13,
    });
    expect(() => b.bar(4)).toThrow(RangeError);
    expect(() => new DailyBars(new Int32Array(2), new Float64Array(1), new Float64Array(2))).toThrow();
  });

  it('finds the bar in force on a day, and a day exactly', () => {
    const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
    expect(b.lastIndexOnOrBefore(day('2024-02-27'))).toBe(-1);
    expect(b.lastIndexOnOrBefore(day('2024-03-03'))).toBe(2);
    expect(b.lastIndexOnOrBefore(day('2030-01-01'))).toBe(3);
    expect(b.indexOf(day('2024-03-01'))).toBe(2);
    expect(b.indexOf(day('2024-03-02'))).toBe(-1);
    expect(dates(b.from(day('2024-03-01')))).toEqual(['2024-03-01', '2024-03-04']);
    expect(dates(b.from(day('2024-03-02')))).toEqual(['2024-03-04']);
    expect(b.from(day('2024-03-05')).length).toBe(0);
  });

  it('slices as Array.prototype.slice does', () => {
    const all = dates(b);
    for (const [s, e] of [
      [0, 4],
      [1, 3],
      [-1, undefined],
      [0, -1],
      [3, 1],
      [-9, 9],
      [5, 6],
    ] as const)
      expect(dates(b.slice(s, e))).toEqual(all.slice(s, e));
  });

  it('filters by index', () => {
    expect(dates(b.filter((i) => i % 2 === 1))).toEqual(['2024-02-29', '2024-03-04']);
    expect(b.filter(() => true)).toBe(b);
  });

  it('merges newer bars in: a day in both takes the newer bar, the rest keep their order', () => {
    const newer = bars([
      ['2024-02-26', 1],
      ['2024-03-01', 20, 19],
      ['2024-03-05', 21],
    ]);
    expect(b.mergedWith(newer).toBars()).toEqual([
      { date: '2024-02-26', close: 1, adjClose: 1 },
      { date: '2024-02-28', close: 10, adjClose: 9 },
      { date: '2024-02-29', close: 11, adjClose: 11 },
      { date: '2024-03-01', close: 20, adjClose: 19 },
      { date: '2024-03-04', close: 13, adjClose: 13 },
      { date: '2024-03-05', close: 21, adjClose: 21 },
    ]);
    expect(b.mergedWith(DailyBars.EMPTY)).toBe(b);
    expect(DailyBars.EMPTY.mergedWith(b)).toBe(b);
  });
});
