// The project's one date module. Expected values are counted on a calendar by hand.
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addYears,
  daysBetween,
  fromEpochDay,
  isoDateOfEpochMs,
  toEpochDay,
} from '../../src/dates.js';

describe('epoch days', () => {
  it.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['1969-12-31', -1],
    ['2000-03-01', 11017], // 30 years x 365 + 7 leap days (72..96) + Jan 31 + Feb 29
    ['2024-02-29', 19782],
  ])('%s is day %i', (date, day) => {
    expect(toEpochDay(date)).toBe(day);
    expect(fromEpochDay(day)).toBe(date);
  });

  it.each(['2024-1-05', '2024-01-5', '2024/01/05', '2024-01-0x', ' 2024-01-05', '2024-01-05T00:00', ''])(
    '%j is not an ISO date',
    (date) => {
      expect(() => toEpochDay(date)).toThrow(`not an ISO date: ${JSON.stringify(date)}`);
    },
  );

  it('isoDateOfEpochMs takes the UTC date', () => {
    expect(isoDateOfEpochMs(Date.UTC(2024, 1, 29, 23, 59))).toBe('2024-02-29');
  });
});

describe('addDays', () => {
  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-01-01', -1, '2023-12-31'],
    ['2024-03-10', -7, '2024-03-03'], // across the US DST change: no hour is lost
    ['2024-12-31', 366, '2026-01-01'],
  ])('%s %+i days = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });
});

describe('months and years back clamp to the month end (29 February)', () => {
  it.each([
    ['2024-02-29', -1, '2023-02-28'], // not 2023-03-01: a year back stays in February
    ['2024-02-29', -4, '2020-02-29'],
    ['2024-02-29', 1, '2025-02-28'],
    ['2025-03-01', -1, '2024-03-01'],
    ['2023-02-28', 1, '2024-02-28'],
  ])('%s %+i years = %s', (date, years, expected) => {
    expect(addYears(date, years)).toBe(expected);
  });

  it.each([
    ['2024-03-31', -1, '2024-02-29'],
    ['2023-03-31', -1, '2023-02-28'],
    ['2024-05-31', -1, '2024-04-30'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-01-15', -13, '2022-12-15'],
  ])('%s %+i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });
});
