// Calendar and time-zone arithmetic for the simulator. Offsets come from Intl (the platform's tz database),
// never from hard-coded DST tables.

const DAY_MS = 86_400_000;

export function parseIsoDate(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (m === null) throw new Error(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (isoDate(ms) !== date) throw new Error(`not a valid date: ${JSON.stringify(date)}`);
  return ms;
}

/** `YYYY-MM-DD` of a UTC instant. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return isoDate(parseIsoDate(date) + days * DAY_MS);
}

/** 0 = Sunday ... 6 = Saturday. */
function weekday(date: string): number {
  return new Date(parseIsoDate(date)).getUTCDay();
}

export function isBusinessDay(date: string): boolean {
  const d = weekday(date);
  return d !== 0 && d !== 6;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface ZonedParts {
  date: string;
  /** Minutes after local midnight. */
  minutes: number;
}

/** Local wall-clock date and time of a UTC instant in a zone. */
export function zonedParts(ms: number, timeZone: string): ZonedParts {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  const hour = Number(parts.hour) % 24;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: hour * 60 + Number(parts.minute) };
}

/** The zone's offset from UTC at an instant, in ms (New York in winter: -18_000_000). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(whole))) parts[p.type] = p.value;
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour) % 24,
    Number(parts.minute),
    Number(parts.second),
  );
  return asUtc - whole;
}

/** UTC instant (ms) of a local wall-clock time on a local date in a zone. */
export function zonedTimeToUtc(date: string, minutes: number, timeZone: string): number {
  const wall = parseIsoDate(date) + minutes * 60_000;
  // Two passes settle the offset except inside a DST gap, where exchanges never open.
  const first = wall - zoneOffsetMs(wall, timeZone);
  return wall - zoneOffsetMs(first, timeZone);
}

/** Zones whose Intl short name is only `GMT+n`; Yahoo shows these abbreviations. */
const FIXED_SHORT_NAMES: Readonly<Record<string, string>> = {
  'Asia/Tokyo': 'JST',
  'Asia/Hong_Kong': 'HKT',
  'Africa/Johannesburg': 'SAST',
};

const shortNameFormatters = new Map<string, Intl.DateTimeFormat>();

/** Yahoo-style zone abbreviation at an instant (EST/EDT, GMT/BST, CET/CEST, AEST/AEDT, JST, ...). */
export function zoneShortName(ms: number, timeZone: string): string {
  const fixed = FIXED_SHORT_NAMES[timeZone];
  if (fixed !== undefined) return fixed;
  let fallback = 'UTC';
  for (const locale of ['en-US', 'en-GB', 'en-AU']) {
    const key = `${locale}|${timeZone}`;
    let f = shortNameFormatters.get(key);
    if (f === undefined) {
      f = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' });
      shortNameFormatters.set(key, f);
    }
    const name = f.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value;
    if (name === undefined) continue;
    if (!name.startsWith('GMT') || name === 'GMT') return name;
    fallback = name;
  }
  return fallback;
}
