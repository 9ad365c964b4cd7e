import { describe, it, expect } from 'vitest';
import {
  addMonths,
  addYears,
  daysBetween,
  fromEpochDay,
  lastIndexOnOrBefore,
  toEpochDay,
} from '../../../src/dates.js';
import { periodTargetDate } from '../../../src/analytics/periods.js';
import { firstIndexOnOrAfter, PriceLookup, unionCalendar } from '../../../src/analytics/calendar.js';
import { dropOutlierCloses } from '../../../src/analytics/sanity.js';
import { NeumaierSum, neumaierSum } from '../../../src/analytics/sum.js';
import { annualize, dailyReturns, periodReturnsFromLevels } from '../../../src/analytics/returns.js';
import { textNumber } from '../../../src/analytics/text.js';
import { FxTable } from '../../../src/analytics/fx.js';
import { chainedIndexAt, chainIndex, groupedValues, portfolioValues } from '../../../src/analytics/series.js';
import type { SeriesLot } from '../../../src/analytics/series.js';
import { UnitValues } from '../../../src/analytics/unit-values.js';
import { history } from './helpers.js';

describe('textNumber (numbers in note text)', () => {
  it.each([
    [1208.59 / 3, '402.8633'],
    [40, '40'],
    [2.5, '2.5'],
    [100.00004, '100'],
    [100.00005, '100.0001'],
    [-3.14159, '-3.1416'],
    [1 / 3, '0.3333'],
    [0.000123456, '0.0001235'], // below 1: 4 significant digits, not 0
    [0, '0'],
    [-0.00001, '-0.00001'],
    [1234567.891234, '1234567.8912'],
  ])('textNumber(%s) = %s', (x, expected) => {
    expect(textNumber(x)).toBe(expected);
  });
});

describe('dates', () => {
  it.each([
    ['2024-03-31', -1, '2024-02-29'], // leap February clamps to the 29th
    ['2023-03-31', -1, '2023-02-28'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-05-15', -3, '2024-02-15'],
    ['2024-01-10', -1, '2023-12-10'], // crosses the year
    ['2024-08-31', -6, '2024-02-29'],
  ])('addMonths(%s, %i) = %s', (date, n, expected) => {
    expect(addMonths(date, n)).toBe(expected);
  });
  it('addYears clamps February 29', () => {
    expect(addYears('2024-02-29', -1)).toBe('2023-02-28');
    expect(addYears('2024-06-14', -5)).toBe('2019-06-14');
  });
  it('daysBetween counts calendar days', () => {
    expect(daysBetween('2023-01-01', '2024-01-01')).toBe(365);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });
  it.each([
    ['ytd', '2023-12-31'],
    ['1m', '2024-04-10'],
    ['1y', '2023-05-10'],
    ['max', null],
  ] as const)('periodTargetDate(2024-05-10, %s) = %s', (key, expected) => {
    expect(periodTargetDate('2024-05-10', key)).toBe(expected);
  });
});

describe('calendar', () => {
  const dates = ['2024-01-02', '2024-01-03', '2024-01-05'];
  it('finds the last date on or before and the first on or after', () => {
    expect(lastIndexOnOrBefore(dates, '2024-01-04')).toBe(1);
    expect(lastIndexOnOrBefore(dates, '2024-01-05')).toBe(2);
    expect(lastIndexOnOrBefore(dates, '2024-01-01')).toBe(-1);
    expect(firstIndexOnOrAfter(dates, '2024-01-04')).toBe(2);
    expect(firstIndexOnOrAfter(dates, '2024-01-03')).toBe(1);
    expect(firstIndexOnOrAfter(dates, '2024-01-06')).toBe(-1);
    const days = Int32Array.from(dates, toEpochDay);
    for (const d of ['2024-01-01', '2024-01-02', '2024-01-04', '2024-01-05', '2024-01-09'])
      expect(lastIndexOnOrBefore(days, toEpochDay(d))).toBe(lastIndexOnOrBefore(dates, d));
    expect(lastIndexOnOrBefore(new Int32Array(0), 0)).toBe(-1);
  });
  it('unions calendars and carries a close forward across a date the symbol did not trade', () => {
    const a = history('A', 'USD', [
      ['2024-01-02', 10],
      ['2024-01-04', 12],
    ]);
    const b = history('B', 'USD', [
      ['2024-01-02', 5],
      ['2024-01-03', 6],
      ['2024-01-04', 7],
    ]);
    const cal = Array.from(unionCalendar([a.bars.days, b.bars.days]), fromEpochDay);
    expect(cal).toEqual(['2024-01-02', '2024-01-03', '2024-01-04']);
    const lookup = new PriceLookup(a.bars);
    expect(cal.map((d) => lookup.closeAt(d))).toEqual([10, 10, 12]);
    // Cut at a day, and with no days at all.
    expect(
      Array.from(unionCalendar([a.bars.days, b.bars.days], toEpochDay('2024-01-03')), fromEpochDay),
    ).toEqual(['2024-01-02', '2024-01-03']);
    expect(unionCalendar([a.bars.days], toEpochDay('2024-01-01'))).toEqual(new Int32Array(0));
    expect(unionCalendar([])).toEqual(new Int32Array(0));
    expect(lookup.closeAt('2024-01-01')).toBeNull();
  });
});

describe('sanity: 100x closes', () => {
  it('drops a close > 50x both neighbours and one < 1/50 of both', () => {
    const h = history('X', 'GBp', [
      ['2024-01-02', 100],
      ['2024-01-03', 101],
      ['2024-01-04', 10100], // 100x both neighbours: dropped
      ['2024-01-05', 102],
      ['2024-01-08', 1.02], // 1/100 of both: dropped
      ['2024-01-09', 103],
      ['2024-01-10', 10300], // last bar: only one neighbour, kept
    ]);
    const { history: clean, dropped } = dropOutlierCloses(h);
    expect(dropped).toEqual(['2024-01-04', '2024-01-08']);
    expect(clean.bars.toBars().map((b) => b.close)).toEqual([100, 101, 102, 103, 10300]);
  });
  it('keeps a genuine level change (far from one neighbour only)', () => {
    const h = history('X', 'USD', [
      ['2024-01-02', 1],
      ['2024-01-03', 100],
      ['2024-01-04', 101],
    ]);
    expect(dropOutlierCloses(h).dropped).toEqual([]);
  });
});

describe('returns', () => {
  it('Neumaier sum does not drift', () => {
    expect(neumaierSum([1e16, 1, -1e16])).toBe(1);
    expect(neumaierSum(Array.from({ length: 10 }, () => 0.1))).toBe(1);
  });

  it('daily returns put flows at the start of the day', () => {
    // day 0: buy for 1000, close worth 1050 -> 1050/1000 - 1 = 0.05
    // day 1: 1100/1050 - 1 = 0.047619...
    // day 2: buy 1100 more, close 2300 -> 2300/(1100+1100) - 1 = 0.0454545...
    const r = dailyReturns([0, 1050, 1100, 2300], [0, 1000, 0, 1100]);
    expect(r[0]).toBeNull();
    expect(r[1]).toBeCloseTo(0.05, 12);
    expect(r[2]).toBeCloseTo(1100 / 1050 - 1, 12);
    expect(r[3]).toBeCloseTo(0.0454545454545, 12);
    // TWR = 1.05 * (1100/1050) * (2300/2200) - 1 = 1.1 * 1.0454545 - 1 = 0.15
    expect(chainIndex(r)[3]! - 1).toBeCloseTo(0.15, 12);
  });

  it('annualizes over calendar days; zero days gives null', () => {
    // 1.21^(365/730) = 1.1
    expect(annualize(0.21, '2022-01-01', '2024-01-01')).toBeCloseTo(0.1, 12);
    // 0.05 over 73 days: 1.05^5 - 1 = 0.2762815625
    expect(annualize(0.05, '2023-01-01', '2023-03-15')).toBeCloseTo(0.2762815625, 12);
    expect(annualize(0.05, '2023-01-01', '2023-01-01')).toBeNull();
  });

  it('period returns read the level at the last date on or before the same date back', () => {
    const cal = ['2023-12-29', '2024-01-31', '2024-02-01', '2024-02-29', '2024-03-01'];
    const levels = [null, 1.0, 1.1, 1.2, 1.32];
    const pr = periodReturnsFromLevels(cal, levels, 4, 0.32);
    // 1m: 2024-02-01 -> level 1.1 -> 1.32/1.1 - 1 = 0.2
    expect(pr['1m']).toBeCloseTo(0.2, 12);
    // ytd: base 2023-12-31 -> last date on or before is 2023-12-29, where the series has no level -> null
    expect(pr.ytd).toBeNull();
    // 3m: 2023-12-01 is before the calendar -> null
    expect(pr['3m']).toBeNull();
    expect(pr['1y']).toBeNull();
    expect(pr.inception).toBe(0.32);
  });
});

describe('whole-calendar passes agree with the per-date lookups they replace', () => {
  // Calendar with dates before, between and after the bars; bars on dates off the calendar.
  const dates = ['2024-01-01', '2024-01-02', '2024-01-04', '2024-01-05', '2024-01-08', '2024-01-09'];
  const calendar = Int32Array.from(dates, toEpochDay);
  const lookup = new PriceLookup(
    history('X', 'USD', [
      ['2024-01-02', 10, 9],
      ['2024-01-03', 11, 10],
      ['2024-01-05', 12, 11],
      ['2024-01-06', 13, 12],
    ]).bars,
  );
  const rates = Float64Array.of(1.1, NaN, 1.2, 1.3, 1.4, 1.5);
  // NaN is "no value" in the typed columns; these tests compare against nulls.
  const nulls = (values: Float64Array) => Array.from(values, (v) => (Number.isNaN(v) ? null : v));
  it('onCalendar: closes, adjusted closes and close x rate carried forward', () => {
    // 01-01 before the first bar; 01-04 carries 01-03's bar; 01-08 and 01-09 carry 01-06's.
    expect(nulls(lookup.onCalendar(calendar))).toEqual([null, 10, 11, 12, 13, 13]);
    expect(nulls(lookup.onCalendar(calendar, true))).toEqual([null, 9, 10, 11, 12, 12]);
    expect(nulls(lookup.onCalendar(calendar, false, rates))).toEqual([
      null,
      null,
      11 * 1.2,
      12 * 1.3,
      13 * 1.4,
      13 * 1.5,
    ]);
    expect(nulls(lookup.onCalendar(calendar))).toEqual(dates.map((d) => lookup.closeAt(d)));
  });
  it('UnitValues: close x rate carried forward day by day and in one pass, the asOf value on its day', () => {
    const values = UnitValues.onCalendar(lookup, calendar, rates, { index: 5, value: 99 });
    const expected = [null, null, 11 * 1.2, 12 * 1.3, 13 * 1.4, 99];
    expect(dates.map((_d, t) => values.at(t)).map((v) => (Number.isNaN(v) ? null : v))).toEqual(expected);
    const out = new Float64Array(calendar.length).fill(-1);
    values.fill(out, 2);
    expect(nulls(out.subarray(2))).toEqual(expected.slice(2));
    const none = UnitValues.onCalendar(undefined, calendar, rates, null);
    expect(nulls(Float64Array.from(dates, (_d, t) => none.at(t)))).toEqual(dates.map(() => null));
  });
  it('FxTable.ratesOn equals rateAt on each date (pair, minor unit, base currency)', () => {
    const pair = new PriceLookup(
      history('GBPUSD=X', 'USD', [
        ['2024-01-02', 1.25],
        ['2024-01-05', 1.27],
      ]).bars,
    );
    const fx = new FxTable('USD', new Map([['GBPUSD=X', pair]]), new Map());
    for (const currency of ['GBP', 'GBp', 'USD', 'EUR'])
      expect(nulls(fx.ratesOn(currency, calendar))).toEqual(dates.map((d) => fx.rateAt(currency, d)));
  });
  it('chainedIndexAt equals the chained daily returns of portfolioValues, to the bit', () => {
    const length = 8;
    const a = UnitValues.of(Float64Array.of(NaN, 10, 10.5, 10.2, 11, 11.3, 10.9, 11.7));
    const b = UnitValues.of(Float64Array.of(20, 20.4, NaN, 21, 20.1, 20.6, 21.4, 21.9));
    const lots: SeriesLot[] = [
      { entryIndex: 1, shares: 3, costInBase: 29.7, unitValues: a },
      {
        entryIndex: 2,
        shares: 1.5,
        costInBase: 31,
        unitValues: b,
        exits: [{ index: 5, shares: 0.5, cash: 10.4 }],
      },
      {
        entryIndex: 4,
        shares: 2,
        costInBase: 21.9,
        unitValues: a,
        exits: [{ index: 6, shares: 2, cash: 22.1 }],
      },
      { entryIndex: -1, shares: 9, costInBase: 1, unitValues: a },
    ];
    const { values, flows, outflows } = portfolioValues(length, lots);
    const index = chainIndex(dailyReturns(values, flows, outflows));
    for (let at = 0; at < length; at++) expect(chainedIndexAt(length, lots, at)).toBe(index[at]);
  });
  it('chainedIndexAt of lots never sold (one lot, several, none held) equals portfolioValues chained, to the bit', () => {
    const length = 9;
    const a = UnitValues.of(Float64Array.of(NaN, NaN, 10.1, 10.5, NaN, 11, 11.3, 10.9, 11.7));
    const b = UnitValues.of(Float64Array.of(20, 20.4, NaN, 21, 20.1, 20.6, 0, 21.4, 21.9));
    const cases: SeriesLot[][] = [
      [{ entryIndex: 2, shares: 3, costInBase: 29.7, unitValues: a }],
      [{ entryIndex: 0, shares: 1.5, costInBase: 31, unitValues: b, exits: [] }],
      [{ entryIndex: 3, shares: 0, costInBase: 12, unitValues: a }],
      [{ entryIndex: 1, shares: 2, costInBase: 0, unitValues: b }],
      [
        { entryIndex: 3, shares: 3, costInBase: 31.2, unitValues: a },
        { entryIndex: 1, shares: 1.5, costInBase: 30.3, unitValues: b },
        { entryIndex: 3, shares: 0.7, costInBase: 14.9, unitValues: b },
        { entryIndex: 12, shares: 9, costInBase: 1, unitValues: a },
      ],
    ];
    for (const lots of cases) {
      const { values, flows, outflows } = portfolioValues(length, lots);
      const index = chainIndex(dailyReturns(values, flows, outflows));
      for (let at = 0; at < length; at++) expect(chainedIndexAt(length, lots, at)).toBe(index[at]);
    }
  });
});

describe('value series against a day-by-day reference', () => {
  // The definitions written out plainly: for each day, each lot's terms in order (NeumaierSum), the
  // shares a lot holds on a day being its shares less every exit up to that day.
  function reference(length: number, lots: readonly SeriesLot[]) {
    const values: number[] = [];
    const flows: number[] = [];
    const outflows: number[] = [];
    for (let t = 0; t < length; t++) {
      const v = new NeumaierSum();
      const f = new NeumaierSum();
      const o = new NeumaierSum();
      for (const lot of lots) {
        if (lot.entryIndex < 0 || lot.entryIndex >= length || lot.entryIndex > t) continue;
        if (lot.entryIndex === t) f.add(lot.costInBase);
        let held = lot.shares;
        for (const exit of [...(lot.exits ?? [])].sort((a, b) => a.index - b.index)) {
          if (exit.index > t) continue;
          held -= exit.shares;
          if (exit.index === t || (exit.index < t && t === lot.entryIndex)) o.add(exit.cash);
        }
        const u = lot.unitValues.at(t);
        if (!Number.isNaN(u) && held > 0) v.add(held * u);
      }
      values.push(v.value);
      flows.push(f.value);
      outflows.push(o.value);
    }
    let level = 1;
    let prev = 0;
    const index = values.map((value, t) => {
      const den = prev + (flows[t] as number);
      level *= 1 + (den > 0 ? (value + (outflows[t] as number)) / den - 1 : 0);
      prev = value;
      return level;
    });
    return { values, flows, outflows, index };
  }
  const a = UnitValues.of(Float64Array.of(NaN, 10, 10.5, 10.2, 11, 11.3, 10.9, 11.7, 12.1));
  const b = UnitValues.of(Float64Array.of(20, 20.4, NaN, 21, 20.1, 20.6, 0, 21.4, 21.9));
  const groups: SeriesLot[][] = [
    [
      { entryIndex: 1, shares: 3, costInBase: 29.7, unitValues: a },
      {
        entryIndex: 2,
        shares: 1.5,
        costInBase: 31,
        unitValues: b,
        exits: [
          { index: 7, shares: 0, cash: 0.3 },
          { index: 5, shares: 0.5, cash: 10.4 },
        ],
      },
    ],
    [{ entryIndex: 3, shares: 0.1, costInBase: 1e-17, unitValues: b }],
    [],
    [
      { entryIndex: -1, shares: 9, costInBase: 1, unitValues: a },
      {
        entryIndex: 4,
        shares: 2,
        costInBase: 21.9,
        unitValues: a,
        exits: [{ index: 6, shares: 2, cash: 22.1 }],
      },
      { entryIndex: 4, shares: 7, costInBase: 1e16, unitValues: b },
      { entryIndex: 20, shares: 1, costInBase: 5, unitValues: b },
    ],
  ];
  const length = 9;
  it("groupedValues: the series of all lots and each group's chained index, to the bit", () => {
    const { series, levels } = groupedValues(length, groups);
    const all = reference(length, groups.flat());
    expect(series.values).toEqual(all.values);
    expect(series.flows).toEqual(all.flows);
    expect(series.outflows).toEqual(all.outflows);
    expect(chainIndex(dailyReturns(series.values, series.flows, series.outflows))).toEqual(all.index);
    groups.forEach((g, k) => expect(levels[k]).toBe(reference(length, g).index[length - 1]));
  });
  it('chainedIndexAt and portfolioValues agree with the reference on every day', () => {
    for (const g of groups) {
      const ref = reference(length, g);
      for (let at = 0; at < length; at++) expect(chainedIndexAt(length, g, at)).toBe(ref.index[at]);
      expect(portfolioValues(length, g).values).toEqual(ref.values);
    }
  });
});
