// Text that came from outside (Yahoo names, exchange names, holdings notes, warnings that quote them)
// is hostile until cleaned: an OSC 8 hyperlink or a CSI sequence in a company name would otherwise
// reach the user's terminal, a `|` would break a markdown table, and `=HYPERLINK(...)` in a CSV cell
// would run as a formula in a spreadsheet (OWASP "CSV injection").

// ESC-introduced sequences (7-bit) and their 8-bit C1 equivalents.
// - CSI: ESC [ or 0x9B, parameter bytes 0x30-0x3F, intermediates 0x20-0x2F, final 0x40-0x7E.
// - OSC, DCS, SOS, PM, APC: ESC ] P X ^ _ (or 0x9D 0x90 0x98 0x9E 0x9F) ... up to BEL or ST
//   (ESC \ or 0x9C); an unterminated string swallows the rest, as a terminal would.
// - Other escapes: ESC, optional intermediates, one final byte.
const CSI = /(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?/g;
const STRING_SEQ = /(?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f])[\s\S]*?(?:\x07|\x1b\\|\x9c|$)/g;
const OTHER_ESC = /\x1b[\x20-\x2f]*[\x30-\x7e]?/g;
// Whitespace controls become a space so words stay apart; the rest of C0, DEL and C1 go.
const WHITESPACE_CONTROLS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
const OTHER_CONTROLS = /[\x00-\x1f\x7f-\x9f]/g;
// Bidirectional overrides and isolates can make a cell read differently from its bytes
// ("Trojan Source"); names never need them.
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Removes terminal escape sequences only (ESC/C1 sequences), leaving other text untouched. */
export function stripAnsi(text: string): string {
  return text.replace(STRING_SEQ, '').replace(CSI, '').replace(OTHER_ESC, '');
}

/**
 * One clean line of text: escape sequences and control characters removed, line breaks and tabs
 * turned into spaces, runs of spaces collapsed, trimmed.
 */
export function sanitizeText(text: string | null | undefined): string {
  if (text === null || text === undefined) return '';
  return stripAnsi(String(text))
    .replace(WHITESPACE_CONTROLS, ' ')
    .replace(OTHER_CONTROLS, '')
    .replace(BIDI, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Sanitized text escaped for GitHub-flavoured markdown, safe inside a table cell. */
export function escapeMarkdown(text: string | null | undefined): string {
  return sanitizeText(text).replace(/[\\`*_[\]<>|~#]/g, (c) => `\\${c}`);
}

// A cell a spreadsheet would evaluate as a formula (or treat as a DDE command).
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 field. Numbers are written in full precision (`String(x)`), null/undefined and
 * non-finite numbers as an empty field. Text is sanitized; text that would start a formula is
 * prefixed with `'` and quoted. Negative NUMBERS are data, not formulas, and stay bare.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const raw = String(value);
  let text = sanitizeText(raw);
  // Check the raw text too: sanitizing trims a leading tab or CR that a spreadsheet would have seen.
  const formula = FORMULA_START.test(raw) || FORMULA_START.test(text);
  if (formula) text = `'${text}`;
  if (formula || /[",\r\n]/.test(text)) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

/** Rows to CSV text: fields joined by commas, records ended by CRLF (RFC 4180). */
export function csvRecords(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return rows.map((row) => row.map(csvField).join(',') + '\r\n').join('');
}

/** Terminal display width: ANSI ignored, combining marks zero, East Asian wide/fullwidth two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of stripAnsi(text)) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) continue;
    if (/\p{Mn}|\p{Me}|\u200b|\u200d|\ufe0f/u.test(ch)) continue;
    width += isWide(cp) ? 2 : 1;
  }
  return width;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/**
 * Shortens plain (sanitized, ANSI-free) text to at most `max` display columns, ending in `…`.
 * Cuts at a word boundary when that keeps most of the text ("Vanguard Total Stock…").
 */
export function truncateText(text: string, max: number): string {
  if (max <= 0) return '';
  if (displayWidth(text) <= max) return text;
  if (max === 1) return '…';
  let out = '';
  let w = 0;
  for (const ch of text) {
    const cw = displayWidth(ch);
    if (w + cw > max - 1) break;
    out += ch;
    w += cw;
  }
  const space = out.lastIndexOf(' ');
  if (space >= Math.ceil(out.length * 0.6)) out = out.slice(0, space);
  return `${out.trimEnd()}…`;
}
