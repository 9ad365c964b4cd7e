// Number and date formatting for every human-readable renderer. One rule everywhere: a value that is
// null, undefined, NaN or ±Infinity prints as `n/a`, so a broken metric can never show up as "NaN".
import type { IsoDate } from '../types.js';

export const NA = 'n/a';

/** True for a number we may print (finite). */
export function isPrintable(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

// Intl, not toFixed: toFixed switches to exponent notation at 1e21 and has no grouping.
const cache = new Map<string, Intl.NumberFormat>();
function numberFormat(minDecimals: number, maxDecimals: number, grouping: boolean): Intl.NumberFormat {
  const key = `${minDecimals}:${maxDecimals}:${grouping ? 1 : 0}`;
  let nf = cache.get(key);
  if (nf === undefined) {
    nf = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: minDecimals,
      maximumFractionDigits: maxDecimals,
      useGrouping: grouping,
      signDisplay: 'never',
    });
    cache.set(key, nf);
  }
  return nf;
}

export interface NumberFormatOptions {
  /** Print `+` for positive values (a change). Zero never gets a sign. */
  sign?: boolean;
  /** Thousands separators (default true). */
  grouping?: boolean;
}

/**
 * Fixed decimals with thousands separators. The sign is decided on the ROUNDED value, so -0, -1e-9 and
 * -0.004 all print as `0.00`, never `-0.00`.
 */
export function formatFixed(
  x: number | null | undefined,
  decimals: number,
  options: NumberFormatOptions = {},
): string {
  return formatRange(x, decimals, decimals, options);
}

function formatRange(
  x: number | null | undefined,
  minDecimals: number,
  maxDecimals: number,
  options: NumberFormatOptions,
): string {
  if (!isPrintable(x)) return NA;
  const body = numberFormat(minDecimals, maxDecimals, options.grouping ?? true).format(x);
  // Zero after rounding: compare the digits, not the float.
  const isZero = !/[1-9]/.test(body);
  if (isZero) return body;
  if (x < 0) return `-${body}`;
  return options.sign === true ? `+${body}` : body;
}

/** Money in the base (or any) currency: `12,345.67`, `-1,234.00`; `{ sign: true }` for gains: `+12.00`. */
export function formatMoney(x: number | null | undefined, options: NumberFormatOptions = {}): string {
  return formatFixed(x, 2, options);
}

/** Money with its currency code: `1,234.50 USD`. */
export function formatMoneyWithCode(
  x: number | null | undefined,
  currency: string,
  options: NumberFormatOptions = {},
): string {
  const s = formatMoney(x, options);
  return s === NA ? NA : `${s} ${currency}`;
}

/** A fraction as a percentage: 0.0512 -> `5.12%`; `{ sign: true }` for changes -> `+5.12%`. */
export function formatPct(
  fraction: number | null | undefined,
  options: NumberFormatOptions & { decimals?: number } = {},
): string {
  if (!isPrintable(fraction)) return NA;
  const s = formatFixed(fraction * 100, options.decimals ?? 2, options);
  return `${s}%`;
}

/** A change as a percentage, always signed: `+5.12%`, `-0.40%`, `0.00%`. */
export function formatChangePct(fraction: number | null | undefined): string {
  return formatPct(fraction, { sign: true });
}

/** A difference of two returns in percentage points: 0.032 -> `+3.2 pp`. */
export function formatPp(fraction: number | null | undefined, decimals = 1): string {
  if (!isPrintable(fraction)) return NA;
  return `${formatFixed(fraction * 100, decimals, { sign: true })} pp`;
}

/** Share counts: up to 4 decimals, trailing zeros trimmed: `10`, `0.5`, `1,234.1235`. */
export function formatShares(x: number | null | undefined): string {
  return formatRange(x, 0, 4, {});
}

/**
 * A price with the precision it needs: 2 decimals from 1 up; below 1, about 4 significant digits
 * (0.5 -> `0.5000`, 0.0123 -> `0.01230`, 0.00001234 -> `0.00001234`), at most 10 decimals.
 */
export function formatPrice(x: number | null | undefined, options: NumberFormatOptions = {}): string {
  if (!isPrintable(x)) return NA;
  return formatFixed(x, priceDecimals(x), options);
}

export function priceDecimals(x: number): number {
  const abs = Math.abs(x);
  if (abs >= 1 || abs === 0) return 2;
  return Math.min(10, Math.max(4, Math.ceil(-Math.log10(abs)) + 3));
}

/** Plain ratio such as Sharpe or beta: `1.23`. */
export function formatRatio(x: number | null | undefined, decimals = 2): string {
  return formatFixed(x, decimals, { grouping: false });
}

/** Compact magnitude for chart axes: `999,999.99`, `1.23M`, `4.56B`. */
export function formatCompact(x: number | null | undefined, decimals = 2): string {
  if (!isPrintable(x)) return NA;
  const abs = Math.abs(x);
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
  ];
  for (const [scale, suffix] of units) {
    if (abs >= scale) return `${formatFixed(x / scale, decimals)}${suffix}`;
  }
  return formatFixed(x, decimals);
}

/** Milliseconds as an integer with separators: `1,234 ms`. */
export function formatMs(ms: number | null | undefined): string {
  const s = formatFixed(ms, 0);
  return s === NA ? NA : `${s} ms`;
}

/** A size in bytes with binary units: `512 B`, `12.3 KiB`, `150.0 MiB`. */
export function formatBytes(bytes: number | null | undefined): string {
  if (!isPrintable(bytes)) return NA;
  if (Math.abs(bytes) < 1024) return `${Math.round(bytes)} B`;
  // A size that would print as 1024.0 KiB is 1.0 MiB.
  if (Math.abs(Math.round((bytes / 1024) * 10)) < 10240) return `${formatFixed(bytes / 1024, 1)} KiB`;
  return `${formatFixed(bytes / (1024 * 1024), 1)} MiB`;
}

/** An ISO date as given, or the UTC date of an epoch-ms instant; `n/a` when missing or invalid. */
export function formatDate(d: IsoDate | number | null | undefined): string {
  if (d === null || d === undefined) return NA;
  if (typeof d === 'number') {
    if (!Number.isFinite(d)) return NA;
    const date = new Date(d);
    return Number.isNaN(date.getTime()) ? NA : date.toISOString().slice(0, 10);
  }
  return /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : NA;
}

/** `America/New_York` -> `New York`, `Europe/London` -> `London`, `UTC` -> `UTC`. */
export function cityOfZone(zone: string): string {
  const last = zone.split('/').pop() ?? zone;
  return last.replace(/_/g, ' ');
}

/**
 * An instant in an exchange's zone: `2026-11-27 16:00 New York`. An unknown zone falls back to UTC
 * (and says so) rather than throwing.
 */
export function formatMarketTime(
  epochMs: number | null | undefined,
  timezone: string | null | undefined,
): string {
  if (!isPrintable(epochMs)) return NA;
  let zone = timezone ?? 'UTC';
  let dtf: Intl.DateTimeFormat;
  try {
    dtf = dateTimeFormat(zone);
  } catch {
    zone = 'UTC';
    dtf = dateTimeFormat(zone);
  }
  const parts = Object.fromEntries(dtf.formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  const stamp = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
  return `${stamp} ${cityOfZone(zone)}`;
}

function dateTimeFormat(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
}
