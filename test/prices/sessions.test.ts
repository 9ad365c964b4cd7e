import { describe, expect, it } from 'vitest';
import {
  isSessionOpen,
  lastSessionClose,
  nextSessionOpen,
  tradingDate,
  zonedInstant,
} from '../../src/prices/sessions.js';

describe('trading dates in the exchange zone', () => {
  it.each([
    // US equity bar stamped at the open: 14:30Z in winter, 13:30Z in summer.
    ['2024-01-16T14:30:00Z', 'America/New_York', '2024-01-16'],
    ['2024-07-16T13:30:00Z', 'America/New_York', '2024-07-16'],
    // FX bars are stamped 00:00 London: in summer that is 23:00Z of the previous UTC day.
    ['2024-07-15T23:00:00Z', 'Europe/London', '2024-07-16'],
    ['2024-01-16T00:00:00Z', 'Europe/London', '2024-01-16'],
    // Tokyo opens 09:00 JST = 00:00Z.
    ['2024-03-05T00:00:00Z', 'Asia/Tokyo', '2024-03-05'],
  ])('%s in %s is %s', (instant, zone, date) => {
    expect(tradingDate(Date.parse(instant), zone)).toBe(date);
  });

  it('zonedInstant inverts wall-clock time across DST', () => {
    expect(new Date(zonedInstant('2024-01-16', 9 * 60 + 30, 'America/New_York')).toISOString()).toBe(
      '2024-01-16T14:30:00.000Z',
    );
    expect(new Date(zonedInstant('2024-07-16', 9 * 60 + 30, 'America/New_York')).toISOString()).toBe(
      '2024-07-16T13:30:00.000Z',
    );
    expect(new Date(zonedInstant('2024-07-16', 8 * 60, 'Europe/London')).toISOString()).toBe(
      '2024-07-16T07:00:00.000Z',
    );
  });
});

describe('sessions', () => {
  const ny = 'America/New_York';
  it('after Friday close, the next open is Monday 09:30 New York', () => {
    const fridayEvening = Date.parse('2026-11-27T22:00:00Z'); // Fri 17:00 EST
    expect(new Date(nextSessionOpen(fridayEvening, ny)).toISOString()).toBe('2026-11-30T14:30:00.000Z');
    expect(new Date(lastSessionClose(fridayEvening, ny)).toISOString()).toBe('2026-11-27T21:00:00.000Z');
  });
  it('on Saturday the last close is Friday 16:00', () => {
    expect(new Date(lastSessionClose(Date.parse('2026-11-28T12:00:00Z'), ny)).toISOString()).toBe(
      '2026-11-27T21:00:00.000Z',
    );
  });
  it('during the session the last close is the day before', () => {
    const tuesdayNoon = Date.parse('2026-11-24T17:00:00Z');
    expect(isSessionOpen(tuesdayNoon, ny)).toBe(true);
    expect(new Date(lastSessionClose(tuesdayNoon, ny)).toISOString()).toBe('2026-11-23T21:00:00.000Z');
    expect(isSessionOpen(Date.parse('2026-11-24T21:00:00Z'), ny)).toBe(false);
  });
  it('FX trades around the clock on weekdays', () => {
    expect(isSessionOpen(Date.parse('2026-11-24T03:00:00Z'), 'Europe/London', 'CURRENCY')).toBe(true);
    expect(isSessionOpen(Date.parse('2026-11-28T12:00:00Z'), 'Europe/London', 'CURRENCY')).toBe(false);
  });
});

describe('tradingDate agrees with Intl for every hour of two years', () => {
  it.each(['America/New_York', 'Europe/London', 'Asia/Tokyo', 'Australia/Sydney', 'Asia/Kolkata'])(
    '%s',
    (zone) => {
      const f = new Intl.DateTimeFormat('en-CA', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
      const start = Date.parse('2024-01-01T00:00:00Z');
      for (let t = start; t < start + 2 * 366 * 86_400_000; t += 3_600_000 + 17 * 60_000) {
        const expected = f.format(t);
        if (tradingDate(t, zone) !== expected)
          throw new Error(`${new Date(t).toISOString()} ${zone}: ${tradingDate(t, zone)} != ${expected}`);
      }
    },
  );
});

describe('wallClock agrees with Intl (minutes and weekday too)', () => {
  it.each(['America/New_York', 'Europe/London', 'Asia/Tokyo'])('%s', async (zone) => {
    const { wallClock } = await import('../../src/prices/sessions.js');
    const f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    const start = Date.parse('2024-03-01T00:00:00Z');
    for (let t = start; t < start + 300 * 86_400_000; t += 3_600_000 + 7 * 60_000) {
      const parts = Object.fromEntries(f.formatToParts(t).map((p) => [p.type, p.value]));
      const w = wallClock(t, zone);
      const expected = `${parts.weekday} ${Number(parts.hour) * 60 + Number(parts.minute)}`;
      if (`${days[w.weekday]} ${w.minutes}` !== expected)
        throw new Error(
          `${new Date(t).toISOString()} ${zone}: ${days[w.weekday]} ${w.minutes} != ${expected}`,
        );
    }
  });
});
