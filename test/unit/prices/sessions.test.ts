import { describe, expect, it } from 'vitest';
import {
  intlProbe,
  isSessionOpen,
  lastSessionClose,
  nextSessionOpen,
  processZoneProbe,
  processZoneSwitches,
  tradingDate,
  zonedInstant,
  zoneOffsetAt,
  zoneOffsetTable,
} from '../../../src/prices/sessions.js';

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

describe('session instants over many instants in any order', () => {
  // Day by day from the instant's local date, as the rules say: the first weekday whose open is after
  // `now` (or whose close is at or before it).
  const weekday = (date: string) => ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());
  const shift = (date: string, days: number) =>
    new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  function searched(now: number, zone: string, close: boolean, minutes: number): number {
    let date = tradingDate(now, zone);
    for (;;) {
      if (weekday(date)) {
        const at = zonedInstant(date, minutes, zone);
        if (close ? at <= now : at > now) return at;
      }
      date = shift(date, close ? -1 : 1);
    }
  }

  it.each([
    ['America/New_York', undefined, 9 * 60 + 30, 16 * 60],
    ['Europe/London', undefined, 8 * 60, 16 * 60 + 30],
    ['Europe/London', 'CURRENCY', 0, 24 * 60],
    ['Asia/Tokyo', undefined, 9 * 60, 15 * 60 + 30],
    ['Australia/Sydney', undefined, 10 * 60, 16 * 60],
  ] as const)('%s %s', (zone, type, open, close) => {
    // Every 37 minutes across both of 2026's DST changes, visited in a shuffled order (a fixed
    // pseudo-random walk) and again in order: answers must not depend on the instant asked before.
    const instants: number[] = [];
    for (const from of ['2026-03-05T00:00:00Z', '2026-10-20T00:00:00Z'])
      for (let t = Date.parse(from); t < Date.parse(from) + 24 * 86_400_000; t += 37 * 60_000)
        instants.push(t);
    let seed = 7;
    const shuffled = [...instants];
    for (let i = shuffled.length - 1; i > 0; i--) {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      const j = seed % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    for (const now of [...shuffled, ...instants]) {
      const at = new Date(now).toISOString();
      expect(lastSessionClose(now, zone, type), `last close at ${at}`).toBe(searched(now, zone, true, close));
      expect(nextSessionOpen(now, zone, type), `next open at ${at}`).toBe(searched(now, zone, false, open));
    }
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
    const { wallClock } = await import('../../../src/prices/sessions.js');
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

describe('zone offsets from the table of DST transitions', () => {
  const HOUR = 3_600_000;
  // Changes of offset from the published rules (US: second Sunday of March 02:00 local to first Sunday
  // of November 02:00; EU: last Sunday of March and October 01:00 UTC; New South Wales: first Sunday of
  // April 03:00 and first Sunday of October 02:00 local): [zone, UTC instant, hours before, hours after].
  const changes: [string, string, number, number][] = [
    ['America/New_York', '2016-03-13T07:00:00Z', -5, -4],
    ['America/New_York', '2016-11-06T06:00:00Z', -4, -5],
    ['America/New_York', '2024-03-10T07:00:00Z', -5, -4],
    ['America/New_York', '2024-11-03T06:00:00Z', -4, -5],
    ['America/New_York', '2026-03-08T07:00:00Z', -5, -4],
    ['America/New_York', '2026-11-01T06:00:00Z', -4, -5],
    ['Europe/London', '2016-03-27T01:00:00Z', 0, 1],
    ['Europe/London', '2016-10-30T01:00:00Z', 1, 0],
    ['Europe/London', '2024-03-31T01:00:00Z', 0, 1],
    ['Europe/London', '2024-10-27T01:00:00Z', 1, 0],
    ['Europe/Berlin', '2024-03-31T01:00:00Z', 1, 2],
    ['Europe/Berlin', '2024-10-27T01:00:00Z', 2, 1],
    ['Europe/Berlin', '2026-03-29T01:00:00Z', 1, 2],
    ['Europe/Berlin', '2026-10-25T01:00:00Z', 2, 1],
    ['Australia/Sydney', '2016-04-02T16:00:00Z', 11, 10],
    ['Australia/Sydney', '2016-10-01T16:00:00Z', 10, 11],
    ['Australia/Sydney', '2024-04-06T16:00:00Z', 11, 10],
    ['Australia/Sydney', '2024-10-05T16:00:00Z', 10, 11],
  ];
  const tables = [
    ['the default probe', zoneOffsetAt],
    ['the Intl probe', zoneOffsetTable(intlProbe)],
    ...(processZoneSwitches()
      ? [['the process-zone probe', zoneOffsetTable(processZoneProbe)] as const]
      : []),
  ] as const;

  describe.each(tables)('with %s', (_name, offsetAt) => {
    it.each(changes)('%s changes at %s from UTC%i to UTC%i', (zone, instant, before, after) => {
      const at = Date.parse(instant);
      expect(offsetAt(at - 1000, zone)).toBe(before * HOUR);
      expect(offsetAt(at - 1, zone)).toBe(before * HOUR);
      expect(offsetAt(at, zone)).toBe(after * HOUR);
      expect(offsetAt(at + 1000, zone)).toBe(after * HOUR);
    });

    it.each([
      ['Asia/Tokyo', 9],
      ['UTC', 0],
      ['Not/A_Zone', 0], // unknown: UTC, as the Intl fallback has it
    ])('%s stays at UTC%i', (zone, hours) => {
      for (let t = Date.parse('2015-01-01T00:00:00Z'); t < Date.parse('2028-01-01T00:00:00Z'); t += 5 * HOUR)
        if (offsetAt(t, zone) !== hours * HOUR) throw new Error(`${new Date(t).toISOString()} ${zone}`);
    });

    it.each(['America/New_York', 'Europe/London', 'Europe/Berlin', 'Asia/Tokyo', 'Australia/Sydney', 'UTC'])(
      '%s agrees with Intl from 2015 to 2027, and to the second around each change',
      (zone) => {
        const f = new Intl.DateTimeFormat('en-US', {
          timeZone: zone,
          hourCycle: 'h23',
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: 'numeric',
          minute: 'numeric',
          second: 'numeric',
        });
        const intlOffset = (t: number): number => {
          const p = Object.fromEntries(f.formatToParts(t).map((x) => [x.type, Number(x.value)]));
          return Date.UTC(p.year!, p.month! - 1, p.day, p.hour, p.minute, p.second) - t;
        };
        const check = (t: number) => {
          if (offsetAt(t, zone) !== intlOffset(t))
            throw new Error(`${new Date(t).toISOString()} ${zone}: ${offsetAt(t, zone)} != ${intlOffset(t)}`);
        };
        // Out of order first (as a cache read may ask), then in order.
        for (
          let t = Date.parse('2027-12-31T00:00:00Z');
          t > Date.parse('2015-01-01T00:00:00Z');
          t -= 97 * HOUR
        )
          check(t);
        for (
          let t = Date.parse('2015-01-01T00:00:00Z');
          t < Date.parse('2028-01-01T00:00:00Z');
          t += 7 * HOUR + 17_000
        )
          check(t);
        for (const [z, instant] of changes) {
          if (z !== zone) continue;
          const at = Date.parse(instant);
          for (let t = at - 2 * HOUR; t <= at + 2 * HOUR; t += 60_000) check(t);
          for (let t = at - 5000; t <= at + 5000; t += 1000) check(t);
        }
      },
    );
  });

  it('the process-zone probe leaves TZ as it was', () => {
    const before = process.env.TZ;
    const offset = new Date(Date.parse('2024-07-01T00:00:00Z')).getTimezoneOffset();
    zoneOffsetTable(processZoneProbe)(Date.parse('2024-07-01T00:00:00Z'), 'Australia/Sydney');
    expect(process.env.TZ).toBe(before);
    expect(new Date(Date.parse('2024-07-01T00:00:00Z')).getTimezoneOffset()).toBe(offset);
  });

  it('trading dates across the changes (bars stamped at the session open, and FX bars at 00:00 London)', () => {
    // New York opens 09:30: 14:30Z on the Friday before the spring change, 13:30Z on the Monday after.
    expect(tradingDate(Date.parse('2024-03-08T14:30:00Z'), 'America/New_York')).toBe('2024-03-08');
    expect(tradingDate(Date.parse('2024-03-11T13:30:00Z'), 'America/New_York')).toBe('2024-03-11');
    // 00:00 London in summer is 23:00Z the day before; in winter it is 00:00Z.
    expect(tradingDate(Date.parse('2024-10-24T23:00:00Z'), 'Europe/London')).toBe('2024-10-25');
    expect(tradingDate(Date.parse('2024-10-28T00:00:00Z'), 'Europe/London')).toBe('2024-10-28');
    // Sydney opens 10:00: 23:00Z the day before under daylight time (UTC+11), 00:00Z under standard.
    expect(tradingDate(Date.parse('2024-04-04T23:00:00Z'), 'Australia/Sydney')).toBe('2024-04-05');
    expect(tradingDate(Date.parse('2024-04-08T00:00:00Z'), 'Australia/Sydney')).toBe('2024-04-08');
  });
});
