// Exchange calendars, as far as freshness needs them: the trading date of a timestamp in the
// exchange's zone, and when the regular session opens and closes (Mon-Fri; holidays are not known, so
// a holiday just costs one request that finds nothing new).
import { addDays, fromEpochDay } from '../dates.js';
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
  const local = epochMs + zoneOffsetAt(epochMs, timeZone);
  const day = Math.floor(local / 86_400_000);
  const minutes = Math.floor((local - day * 86_400_000) / 60_000);
  return { date: fromEpochDay(day), minutes, weekday: (((day + 4) % 7) + 7) % 7 };
}

/** The calendar date of an instant in `timeZone` (Yahoo stamps a bar at its session open, local time). */
export function tradingDate(epochMs: number, timeZone: string): IsoDate {
  return fromEpochDay(tradingDay(epochMs, timeZone));
}

/** `tradingDate` as an epoch day (days since 1970-01-01). */
export function tradingDay(epochMs: number, timeZone: string): number {
  return Math.floor((epochMs + zoneOffsetAt(epochMs, timeZone)) / 86_400_000);
}

// ---- Zone offsets: a table of each zone's offset changes (DST transitions), so that converting an
// instant is arithmetic. The table is built per zone and window of 52 weeks, when an instant in that
// window is first asked about: the offset is probed every 7 days, and where two probes differ the
// change is found to the second by bisection (some 90 probes per zone and year).

const SECOND = 1000;
const PROBE_STEP = 7 * 86_400_000;
const WINDOW = 52 * PROBE_STEP;

/** One window of a zone: `offsets[i]` (ms east of UTC) holds from `starts[i]` to the next start. */
interface OffsetWindow {
  starts: number[];
  offsets: number[];
}

interface ZoneOffsets {
  windows: Map<number, OffsetWindow>;
  /** The span of constant offset that answered last (bars come in order: most questions land in it). */
  from: number;
  to: number;
  offset: number;
}

/** A zone's offset (ms east of UTC) at an instant, for the duration of one `use` call. */
export type OffsetProbe = (epochMs: number) => number;
/** Lends `use` a probe of `timeZone` and returns what it returns. */
export type ProbeRunner = <T>(timeZone: string, use: (probe: OffsetProbe) => T) => T;

/**
 * A function giving the offset of a zone from UTC at an instant, in ms (positive east of Greenwich; an
 * unknown zone is UTC), from a table of offset changes it fills with `runProbe` as instants are asked.
 */
export function zoneOffsetTable(
  runProbe: ProbeRunner = withOffsetProbe,
): (epochMs: number, timeZone: string) => number {
  const zones = new Map<string, ZoneOffsets>();
  return (epochMs, timeZone) => {
    let zone = zones.get(timeZone);
    if (zone === undefined) {
      zone = { windows: new Map(), from: 0, to: 0, offset: 0 };
      zones.set(timeZone, zone);
    }
    if (epochMs >= zone.from && epochMs < zone.to) return zone.offset;
    const index = Math.floor(epochMs / WINDOW);
    let window = zone.windows.get(index);
    if (window === undefined) {
      window = buildWindow(timeZone, index * WINDOW, runProbe);
      zone.windows.set(index, window);
    }
    const { starts, offsets } = window;
    let i = starts.length - 1;
    while (starts[i]! > epochMs) i -= 1;
    zone.from = starts[i]!;
    zone.to = i + 1 < starts.length ? starts[i + 1]! : (index + 1) * WINDOW;
    zone.offset = offsets[i]!;
    return zone.offset;
  };
}

function buildWindow(timeZone: string, from: number, runProbe: ProbeRunner): OffsetWindow {
  return runProbe(timeZone, (offsetAt) => {
    const to = from + WINDOW;
    const starts = [from];
    const offsets = [offsetAt(from)];
    /** Records every change in (a, b], given the offsets at both ends differ. */
    const changes = (a: number, offsetA: number, b: number, offsetB: number): void => {
      let lo = a;
      let hi = b;
      while (hi - lo > SECOND) {
        const mid = lo + Math.floor((hi - lo) / (2 * SECOND)) * SECOND;
        if (offsetAt(mid) === offsetA) lo = mid;
        else hi = mid;
      }
      if (hi >= to) return; // the change opens the next window
      const offset = hi === b ? offsetB : offsetAt(hi);
      starts.push(hi);
      offsets.push(offset);
      if (offset !== offsetB) changes(hi, offset, b, offsetB);
    };
    let previous = from;
    let previousOffset = offsets[0]!;
    for (let t = from + PROBE_STEP; t <= to; t += PROBE_STEP) {
      const offset = offsetAt(t);
      if (offset !== previousOffset) changes(previous, previousOffset, t, offset);
      previous = t;
      previousOffset = offset;
    }
    return { starts, offsets };
  });
}

/**
 * Runs `use` with a probe of `timeZone`'s offset. The fast probe points the process's own zone at
 * `timeZone` for the duration (TZ, which Node hands to V8 and ICU at once) and reads Date's offset:
 * the same ICU zone data as Intl, without building an Intl formatter (the first one costs a warm run
 * some 20 ms). It restores TZ before returning. Where that does not take effect (checked once), and for
 * zone names that are not plain IANA names, the probe is Intl.
 */
function withOffsetProbe<T>(timeZone: string, use: (probe: OffsetProbe) => T): T {
  if (IANA_NAME.test(timeZone) && processZoneSwitches()) return processZoneProbe(timeZone, use);
  return intlProbe(timeZone, use);
}

/** The probe through the process's zone (TZ); callers check processZoneSwitches() first. */
export const processZoneProbe: ProbeRunner = (timeZone, use) =>
  withProcessZone(
    timeZone,
    () => use((epochMs) => 0 - Math.round(new Date(epochMs).getTimezoneOffset() * 60_000)), // 0 - : never -0
  );

/** The probe through Intl. */
export const intlProbe: ProbeRunner = (timeZone, use) => use((epochMs) => intlOffsetMs(epochMs, timeZone));

/** Area/Location names (letters, `_`, `-`, `/`) and UTC-like names: what TZ reads as a zone ID, not as a POSIX rule. */
const IANA_NAME = /^[A-Za-z][A-Za-z_-]*(?:\/[A-Za-z][A-Za-z_-]*)*$/;

function withProcessZone<T>(timeZone: string, use: () => T): T {
  const saved = process.env.TZ;
  process.env.TZ = timeZone;
  try {
    return use();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

let processZoneWorks: boolean | undefined;

/** Whether setting TZ changes Date's offsets in this process (two zones without DST as witnesses). */
export function processZoneSwitches(): boolean {
  processZoneWorks ??=
    withProcessZone('Asia/Tokyo', () => new Date(0).getTimezoneOffset() === -540) &&
    withProcessZone('Asia/Kolkata', () => new Date(0).getTimezoneOffset() === -330);
  return processZoneWorks;
}

/** Offset of `timeZone` at `epochMs` read from Intl (whole seconds; an unknown zone reads as UTC). */
function intlOffsetMs(epochMs: number, timeZone: string): number {
  const at = Math.floor(epochMs / SECOND) * SECOND;
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(at)) parts[p.type] = p.value;
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return wall - at;
}

/** Offset of `timeZone` from UTC at `epochMs`, in ms (positive east of Greenwich); an unknown zone is UTC. */
export const zoneOffsetAt = zoneOffsetTable();

/**
 * Offset of `timeZone` from UTC at `epochMs`, in ms (positive east of Greenwich), to the minute: the
 * local wall clock's minute as if it were UTC less the instant's own minute. Arithmetic on the table's
 * offset (the wall clock's date and minutes are whole days and minutes of the local instant), without
 * formatting and parsing the date.
 */
function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const local = epochMs + zoneOffsetAt(epochMs, timeZone);
  return Math.floor(local / 60_000) * 60_000 - Math.floor(epochMs / 60_000) * 60_000;
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

/**
 * The regular-session instants around one local day of a zone: that day's open and close (null on a
 * weekend), the close of the weekday before it and the open of the weekday after it.
 */
interface DaySessions {
  day: number;
  open: number | null;
  close: number | null;
  previousClose: number;
  nextOpen: number;
}

/**
 * The sessions around the local day of `now`, remembered per zone and quote type for the day asked
 * last: freshness asks about every cached symbol, nearly always about the same day.
 */
const sessionDays = new Map<string, DaySessions>();

function sessionsAround(now: number, timeZone: string, quoteType: string | undefined): DaySessions {
  const day = tradingDay(now, timeZone);
  const key = `${timeZone}\n${quoteType ?? ''}`;
  const known = sessionDays.get(key);
  if (known !== undefined && known.day === day) return known;
  const hours = sessionHours(timeZone, quoteType);
  const date = fromEpochDay(day);
  const weekday = isWeekday(date);
  let before = addDays(date, -1);
  while (!isWeekday(before)) before = addDays(before, -1);
  let after = addDays(date, 1);
  while (!isWeekday(after)) after = addDays(after, 1);
  const sessions: DaySessions = {
    day,
    open: weekday ? zonedInstant(date, hours.open, timeZone) : null,
    close: weekday ? zonedInstant(date, hours.close, timeZone) : null,
    previousClose: zonedInstant(before, hours.close, timeZone),
    nextOpen: zonedInstant(after, hours.open, timeZone),
  };
  sessionDays.set(key, sessions);
  return sessions;
}

/**
 * The next regular-session open strictly after `now`: the day's own, else the next weekday's (after
 * the local day of `now`, so later than it).
 */
export function nextSessionOpen(now: number, timeZone: string, quoteType?: string): number {
  const s = sessionsAround(now, timeZone, quoteType);
  if (s.open !== null && s.open > now) return s.open;
  return s.nextOpen > now ? s.nextOpen : scanForOpen(now, timeZone, quoteType);
}

/**
 * The most recent regular-session close at or before `now`: the day's own, else the weekday before's
 * (before the local day of `now`, so earlier than it).
 */
export function lastSessionClose(now: number, timeZone: string, quoteType?: string): number {
  const s = sessionsAround(now, timeZone, quoteType);
  if (s.close !== null && s.close <= now) return s.close;
  return s.previousClose <= now ? s.previousClose : scanForClose(now, timeZone, quoteType);
}

/** nextSessionOpen day by day, for an instant the remembered day cannot answer. */
function scanForOpen(now: number, timeZone: string, quoteType?: string): number {
  const hours = sessionHours(timeZone, quoteType);
  let date = wallClock(now, timeZone).date;
  for (let i = 0; i < 10; i += 1, date = addDays(date, 1)) {
    if (!isWeekday(date)) continue;
    const open = zonedInstant(date, hours.open, timeZone);
    if (open > now) return open;
  }
  return now + 86_400_000;
}

/** lastSessionClose day by day, for an instant the remembered day cannot answer. */
function scanForClose(now: number, timeZone: string, quoteType?: string): number {
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
