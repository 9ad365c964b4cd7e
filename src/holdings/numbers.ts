// Numbers as people type them into spreadsheets. Separator rules (tested in
// test/holdings.parse.test.ts):
//
// - `,`-separated CSV and JSON strings: `.` is the decimal point, `,` a thousands separator with exactly
//   3 digits per group (`1,234.5`, only possible in a quoted CSV field). `12,5` (a decimal comma) and
//   `1.234,5` are errors: in these files they are far more likely a European number than a typo, and
//   guessing wrong would silently change a cost by a factor of 1000.
// - `;`-separated CSV (the format European spreadsheets export): `,` is the decimal separator (`12,5`),
//   `.` a thousands separator when a decimal comma follows or there are several groups (`1.234,5`,
//   `1.234.567`), and a plain decimal point otherwise (`12.5`, `0.25`), because many tools write
//   points even in `;` files. The one ambiguous shape, `1.234` (one dot, exactly 3 digits after it), is an
//   error, and so is `1,234.5` (US style in a European file).
//
// No units, currency symbols, spaces inside, hex, NaN or Infinity: each gets its own reason.

export type NumberResult = { ok: true; value: number } | { ok: false; reason: string };

const SIMPLE = /^\d{1,15}(?:\.\d{1,15})?$/;
const PLAIN = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const US_GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;
const EU_DECIMAL_COMMA = /^\d+,\d+$/;
const EU_GROUPED_DECIMAL = /^\d{1,3}(?:\.\d{3})+,\d+$/;
const EU_GROUPED_INTEGER = /^\d{1,3}(?:\.\d{3}){2,}$/;
const EU_AMBIGUOUS = /^\d{1,3}\.\d{3}$/;

const AMBIGUOUS = 'is ambiguous: write it with a decimal point and no thousands separator, e.g. 1234.5';

/** Parses a decimal number written in a holdings file. `decimalComma` is true for `;`-separated CSV. */
export function parseDecimal(raw: string, decimalComma: boolean): NumberResult {
  // Fast path for the common case (no sign, separators or blanks); no intermediate strings.
  if (SIMPLE.test(raw) && !(decimalComma && EU_AMBIGUOUS.test(raw))) return { ok: true, value: Number(raw) };
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'is empty' };
  let body = text;
  let sign = 1;
  if (body[0] === '-' || body[0] === '+') {
    if (body[0] === '-') sign = -1;
    body = body.slice(1);
  }
  const lower = body.toLowerCase();
  if (lower === 'nan' || lower === 'inf' || lower === 'infinity')
    return { ok: false, reason: 'is not a finite number' };
  if (/^0x[0-9a-f]+$/i.test(body))
    return { ok: false, reason: 'is not a decimal number (hex is not allowed)' };
  if (!/^[\d.,eE+-]+$/.test(body) || !/\d/.test(body)) {
    return /[^\d.,\s]/.test(body) && /\d/.test(body)
      ? { ok: false, reason: 'is not a number (write the number alone, without units or currency symbols)' }
      : { ok: false, reason: 'is not a number' };
  }
  const normalized = decimalComma ? normalizeEuropean(body) : normalizeUs(body);
  if (typeof normalized !== 'string') return normalized;
  const value = sign * Number(normalized);
  if (Number.isNaN(value)) return { ok: false, reason: 'is not a number' };
  if (!Number.isFinite(value)) return { ok: false, reason: 'is not a finite number' };
  return { ok: true, value };
}

function normalizeUs(body: string): string | NumberResult {
  if (PLAIN.test(body)) return body;
  if (US_GROUPED.test(body)) return body.replaceAll(',', '');
  if (body.includes(',') && body.includes('.') && body.lastIndexOf(',') > body.lastIndexOf('.')) {
    return { ok: false, reason: AMBIGUOUS };
  }
  if (/^\d+,\d+$/.test(body)) {
    return {
      ok: false,
      reason:
        'has a decimal comma: write it with a point (decimal commas are accepted only in ;-separated files)',
    };
  }
  return { ok: false, reason: body.includes(',') ? AMBIGUOUS : 'is not a number' };
}

function normalizeEuropean(body: string): string | NumberResult {
  if (EU_AMBIGUOUS.test(body)) {
    return {
      ok: false,
      reason: 'is ambiguous in a ;-separated file (thousands or decimals?): write e.g. 1234 or 1,234',
    };
  }
  if (PLAIN.test(body)) return body;
  if (EU_DECIMAL_COMMA.test(body)) return body.replace(',', '.');
  if (EU_GROUPED_DECIMAL.test(body)) return body.replaceAll('.', '').replace(',', '.');
  if (EU_GROUPED_INTEGER.test(body)) return body.replaceAll('.', '');
  return { ok: false, reason: body.includes(',') ? AMBIGUOUS : 'is not a number' };
}
