// Exchange calendars, as far as freshness needs them: the trading date of a timestamp in the
// exchange's zone, and when the regular session opens and closes (Mon-Fri; holidays are not known, so
// a holiday just costs one request that finds nothing new).
import { addDays } from '../dates.js';
import type { IsoDate } from '../types.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch {
      f = formatter('UTC');
    }
    formatters.set(timeZone, f);
  }
  return f;
}

interface WallClock {
  date: IsoDate;
  /** Minutes since local midnight. */
  minutes: number;
  /** 0 = Sunday. */
  weekday: number;
}

export function wallClock(epochMs: number, timeZone: string): WallClock {
  // Via the hourly offset cache: one Intl call per zone and hour, not per question.
  const local = epochMs + hourlyOffsetMs(epochMs, timeZone);
  const day = Math.floor(local / 86_400_000);
  const minutes = Math.floor((local - day * 86_400_000) / 60_000);
  return { date: isoOfDayNumber(day), minutes, weekday: (((day + 4) % 7) + 7) % 7 };
}

/** Wall clock read from Intl directly (the source of truth behind the offset cache). */
function wallClockFromIntl(epochMs: number, timeZone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(epochMs)) parts[p.type] = p.value;
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const minutes = Number(parts.hour) * 60 + Number(parts.minute);
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return { date, minutes, weekday };
}

const HOUR = 3_600_000;
const offsetByHour = new Map<string, number>();

/**
 * Offset of `timeZone` from UTC during the UTC hour holding `epochMs`. Zone offsets change on hour
 * boundaries, so one Intl call per zone and hour serves every bar stamped in it (a chart has ~1,300
 * bars; formatToParts per bar was the cold run's largest CPU cost).
 */
function hourlyOffsetMs(epochMs: number, timeZone: string): number {
  const hourStart = Math.floor(epochMs / HOUR) * HOUR;
  const key = `${timeZone}|${hourStart}`;
  let offset = offsetByHour.get(key);
  if (offset === undefined) {
    const w = wallClockFromIntl(hourStart, timeZone);
    offset = Date.parse(`${w.date}T00:00:00Z`) + w.minutes * 60_000 - hourStart;
    if (offsetByHour.size > 100_000) offsetByHour.clear();
    offsetByHour.set(key, offset);
  }
  return offset;
}

/** The calendar date of an instant in `timeZone` (Yahoo stamps a bar at its session open, local time). */
export function tradingDate(epochMs: number, timeZone: string): IsoDate {
  return isoOfDayNumber(Math.floor((epochMs + hourlyOffsetMs(epochMs, timeZone)) / 86_400_000));
}

/** Day number (days since 1970-01-01) to `YYYY-MM-DD` (Howard Hinnant's civil_from_days). */
export function isoOfDayNumber(n: number): IsoDate {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** Offset of `timeZone` from UTC at `epochMs`, in ms (positive east of Greenwich). */
function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const w = wallClock(epochMs, timeZone);
  const asUtc = Date.parse(`${w.date}T00:00:00Z`) + w.minutes * 60_000;
  const floored = Math.floor(epochMs / 60_000) * 60_000;
  return asUtc - floored;
}

/** The instant of local wall time `date` + `minutes` in `timeZone`. */
export function zonedInstant(date: IsoDate, minutes: number, timeZone: string): number {
  const guess = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  const first = guess - zoneOffsetMs(guess, timeZone);
  // Second pass settles DST transitions between the guess and the answer.
  return guess - zoneOffsetMs(first, timeZone);
}

export interface SessionHours {
  /** Minutes after local midnight. */
  open: number;
  close: number;
}

// Regular sessions of the exchanges folio meets most; others default to 09:00-17:00 local.
const SESSIONS: Record<string, SessionHours> = {
  'America/New_York': { open: 9 * 60 + 30, close: 16 * 60 },
  'America/Chicago': { open: 8 * 60 + 30, close: 15 * 60 },
  'America/Toronto': { open: 9 * 60 + 30, close: 16 * 60 },
  'Europe/London': { open: 8 * 60, close: 16 * 60 + 30 },
  'Europe/Berlin': { open: 9 * 60, close: 17 * 60 + 30 },
  'Europe/Paris': { open: 9 * 60, close: 17 * 60 + 30 },
  'Europe/Amsterdam': { open: 9 * 60, close: 17 * 60 + 30 },
  'Europe/Zurich': { open: 9 * 60, close: 17 * 60 + 30 },
  'Europe/Madrid': { open: 9 * 60, close: 17 * 60 + 30 },
  'Europe/Milan': { open: 9 * 60, close: 17 * 60 + 30 },
  'Asia/Tokyo': { open: 9 * 60, close: 15 * 60 + 30 },
  'Asia/Hong_Kong': { open: 9 * 60 + 30, close: 16 * 60 },
  'Australia/Sydney': { open: 10 * 60, close: 16 * 60 },
  'Africa/Johannesburg': { open: 9 * 60, close: 17 * 60 },
};

/** Regular session of an exchange zone. FX (`quoteType` CURRENCY) trades around the clock on weekdays. */
export function sessionHours(timeZone: string, quoteType?: string): SessionHours {
  if (quoteType === 'CURRENCY' || quoteType === 'CRYPTOCURRENCY') return { open: 0, close: 24 * 60 };
  return SESSIONS[timeZone] ?? { open: 9 * 60, close: 17 * 60 };
}


const isWeekday = (date: IsoDate): boolean => {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d !== 0 && d !== 6;
};

/** The next regular-session open strictly after `now`. */
export function nextSessionOpen(now: number, timeZone: string, quoteType?: string): number {
  const hours = sessionHours(timeZone, quoteType);
  let date = wallClock(now, timeZone).date;
  for (let i = 0; i < 10; i += 1, date = addDays(date, 1)) {
    if (!isWeekday(date)) continue;
    const open = zonedInstant(date, hours.open, timeZone);
    if (open > now) return open;
  }
  return now + 86_400_000;
}

/** The most recent regular-session close at or before `now`. */
export function lastSessionClose(now: number, timeZone: string, quoteType?: string): number {
  const hours = sessionHours(timeZone, quoteType);
  let date = wallClock(now, timeZone).date;
  for (let i = 0; i < 10; i += 1, date = addDays(date, -1)) {
    if (!isWeekday(date)) continue;
    const close = zonedInstant(date, hours.close, timeZone);
    if (close <= now) return close;
  }
  return now - 86_400_000;
}

/** True while the regular session is open at `now`. */
export function isSessionOpen(now: number, timeZone: string, quoteType?: string): boolean {
  const w = wallClock(now, timeZone);
  if (!isWeekday(w.date)) return false;
  const hours = sessionHours(timeZone, quoteType);
  return w.minutes >= hours.open && w.minutes < hours.close;
}
