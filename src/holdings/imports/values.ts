// Money, quantities and dates as brokers write them: decimal commas and thousands separators,
// currency signs, parentheses for negatives, "as of" dates, two-digit years, yyyymmdd, times and
// time zones. Pure.

/** How a format writes decimals: `.` (1,234.56), `,` (1.234,56), or either (the last separator decides). */
export type DecimalStyle = 'dot' | 'comma' | 'auto';

const CURRENCY_SIGNS = /[$£€¥]|\b(?:USD|EUR|GBP|GBX|CHF|CAD|AUD|JPY|SEK|NOK|DKK|PLN|HKD)\b/g;

/**
 * The number in `raw`, or null for an empty cell (also `-`, `--`, `n/a`). NaN when the cell is not a
 * number. Signs before or after a currency sign, `(1.23)` and a trailing `-` are negatives.
 */
export function parseAmount(raw: string | undefined, style: DecimalStyle = 'dot'): number | null {
  if (raw === undefined) return null;
  let text = raw.trim().replace(/\u00a0|\u202f/g, ' ');
  if (text === '' || /^(?:-{1,2}|n\/a|not available)$/i.test(text)) return null;
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1);
  }
  text = text.replace(CURRENCY_SIGNS, '').replace(/\s+/g, '');
  if (text.endsWith('%')) return NaN;
  if (text.startsWith('+')) text = text.slice(1);
  else if (text.startsWith('-')) {
    negative = !negative;
    text = text.slice(1);
  } else if (text.endsWith('-')) {
    negative = !negative;
    text = text.slice(0, -1);
  }
  if (text.startsWith('+')) text = text.slice(1);
  if (text.startsWith('-')) {
    negative = !negative;
    text = text.slice(1);
  }
  if (!/^[\d.,']+$/.test(text) || !/\d/.test(text)) return NaN;
  text = text.replace(/'/g, '');
  const lastDot = text.lastIndexOf('.');
  const lastComma = text.lastIndexOf(',');
  let decimal: '.' | ',' | null;
  if (lastDot >= 0 && lastComma >= 0) decimal = lastDot > lastComma ? '.' : ',';
  else if (style === 'comma') decimal = lastComma >= 0 ? ',' : thousandsDots(text) ? null : '.';
  else if (style === 'dot') decimal = lastDot >= 0 ? '.' : thousandsCommas(text) ? null : ',';
  else decimal = lastComma >= 0 ? (thousandsCommas(text) ? null : ',') : '.';
  const thousands = decimal === ',' ? '.' : ',';
  let body = text.split(thousands).join('');
  if (decimal === ',') body = body.replace(',', '.');
  if (decimal === null) body = body.replace(/[.,]/g, '');
  if ((body.match(/\./g) ?? []).length > 1) return NaN;
  const value = Number(body);
  if (!Number.isFinite(value)) return NaN;
  return negative ? -value : value;
}

/** `1,234` or `12,345,678`: commas grouping thousands (no decimals). */
function thousandsCommas(text: string): boolean {
  return /^\d{1,3}(?:,\d{3})+$/.test(text);
}

/** `1.234.567`: dots grouping thousands (two groups or more; `1.234` alone stays a decimal). */
function thousandsDots(text: string): boolean {
  return /^\d{1,3}(?:\.\d{3}){2,}$/.test(text);
}

/** Day order of a date written with separators. */
export type DateOrder = 'ymd' | 'mdy' | 'dmy';

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  mrt: 3,
  mei: 5,
  okt: 10,
  mär: 3,
  mai: 5,
  dez: 12,
};

/**
 * The calendar date in `raw` as `YYYY-MM-DD`, or null when there is none. Reads ISO dates and
 * timestamps (the date as written, the zone ignored: a broker's trade date is the local one),
 * yyyymmdd, `dd-Mon-yyyy`, `Mon-dd-yyyy`, and `a/b/c` in `order` with two- or four-digit years. For
 * "07/15/2024 as of 07/12/2024" the first date counts (the date the broker booked it).
 */
export function parseDate(raw: string | undefined, order: DateOrder = 'ymd'): string | null {
  if (raw === undefined) return null;
  const text = raw.trim().replace(/^"|"$/g, '');
  if (text === '') return null;
  let m = /^(\d{4})-?(\d{2})-?(\d{2})(?:$|[T ;,]|\d{2})/.exec(text);
  if (m !== null && (text.length === 8 || !/^\d{9}/.test(text))) return checked(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b/.exec(text);
  if (m !== null) return checked(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2})[-/ .]([A-Za-zä]{3})[a-z]*[-/ .,]*(\d{2,4})\b/.exec(text);
  if (m !== null) return checked(year(m[3]!), MONTHS[m[2]!.toLowerCase()] ?? 0, +m[1]!);
  m = /^([A-Za-z]{3})[a-z]*[-/ .](\d{1,2})[-/ .,]+(\d{4})\b/.exec(text);
  if (m !== null) return checked(+m[3]!, MONTHS[m[1]!.toLowerCase()] ?? 0, +m[2]!);
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:$|[\sT,;])/.exec(text);
  if (m === null) return null;
  const a = +m[1]!;
  const b = +m[2]!;
  const y = year(m[3]!);
  return order === 'mdy' ? checked(y, a, b) : checked(y, b, a);
}

function year(text: string): number {
  if (text.length === 4) return +text;
  const y = +text;
  return y < 70 ? 2000 + y : 1900 + y;
}

function checked(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2999) return null;
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return new Date(`${iso}T00:00:00Z`).toISOString().slice(0, 10) === iso ? iso : null;
}

/** The day before `iso`. */
export function dayBefore(iso: string): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

const ISIN = /^[A-Z]{2}[A-Z0-9]{9}\d$/;

/** True for a well-formed ISIN with a valid check digit. */
export function isIsin(text: string | undefined): boolean {
  if (text === undefined || !ISIN.test(text)) return false;
  const digits = text.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** True for a 9-character CUSIP (letters and digits, with a digit in it). */
export function isCusip(text: string | undefined): boolean {
  return text !== undefined && /^[0-9]{3}[0-9A-Z]{5}[0-9]$/.test(text);
}

/**
 * Which decimal separator a file's numbers use, from the cells that can only be read one way
 * (`12.5`, `0.25`, `1.234,5` against `12,5`, `1,234.5`). `fallback` when nothing tells.
 */
export function guessDecimalStyle(
  cells: Iterable<string>,
  fallback: 'dot' | 'comma' = 'dot',
): 'dot' | 'comma' {
  let dot = 0;
  let comma = 0;
  for (const raw of cells) {
    const c = raw.trim().replace(/^[-+(]?[$£€]?/, '');
    if (/^\d{1,3}(\.\d{3})+,\d+$/.test(c) || /^\d+,(\d{1,2}|\d{4,})$/.test(c)) comma++;
    else if (/^\d{1,3}(,\d{3})+\.\d+$/.test(c) || /^\d+\.(\d{1,2}|\d{4,})$/.test(c)) dot++;
  }
  if (dot === comma) return fallback;
  return dot > comma ? 'dot' : 'comma';
}
