// A small JSON parser that records the line each value starts on (JSON.parse gives no positions, and
// error messages must name the line of the lot). It follows RFC 8259, limits nesting depth so hostile
// input cannot overflow the stack, and reports duplicate keys instead of silently keeping the last one.

export type JsonNode =
  | { kind: 'object'; line: number; entries: JsonEntry[] }
  | { kind: 'array'; line: number; items: JsonNode[] }
  | { kind: 'string'; line: number; value: string }
  | { kind: 'number'; line: number; value: number; raw: string }
  | { kind: 'boolean'; line: number; value: boolean }
  | { kind: 'null'; line: number };

export interface JsonEntry {
  key: string;
  line: number;
  value: JsonNode;
}

export type JsonResult = { ok: true; root: JsonNode } | { ok: false; line: number; reason: string };

export const MAX_JSON_DEPTH = 64;

class JsonSyntaxError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(reason);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Parser {
  pos = 0;
  line = 1;
  constructor(private readonly text: string) {}

  fail(reason: string): never {
    throw new JsonSyntaxError(this.line, reason);
  }

  skipWhitespace(): void {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09) this.pos++;
      else if (c === 0x0a) {
        this.pos++;
        this.line++;
      } else if (c === 0x0d) {
        this.pos++;
        if (text.charCodeAt(this.pos) === 0x0a) this.pos++;
        this.line++;
      } else return;
    }
  }

  describeHere(): string {
    if (this.pos >= this.text.length) return 'end of file';
    const ch = this.text.slice(this.pos, this.pos + 1);
    return /[\u0020-\u007e]/.test(ch)
      ? JSON.stringify(ch)
      : `character U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  }

  value(depth: number): JsonNode {
    this.skipWhitespace();
    const line = this.line;
    const c = this.text.charCodeAt(this.pos);
    if (c === 0x7b || c === 0x5b) {
      if (depth >= MAX_JSON_DEPTH)
        this.fail(`JSON is nested too deeply (more than ${MAX_JSON_DEPTH} levels)`);
      return c === 0x7b ? this.object(depth + 1) : this.array(depth + 1);
    }
    if (c === 0x22) return { kind: 'string', line, value: this.string() };
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = this.pos;
      const match = NUMBER.exec(this.text);
      if (match === null) this.fail(`invalid JSON: bad number at ${this.describeHere()}`);
      const raw = match[0];
      this.pos += raw.length;
      return { kind: 'number', line, value: Number(raw), raw };
    }
    if (c === 0x74 && this.text.startsWith('true', this.pos)) {
      this.pos += 4;
      return { kind: 'boolean', line, value: true };
    }
    if (c === 0x66 && this.text.startsWith('false', this.pos)) {
      this.pos += 5;
      return { kind: 'boolean', line, value: false };
    }
    if (c === 0x6e && this.text.startsWith('null', this.pos)) {
      this.pos += 4;
      return { kind: 'null', line };
    }
    return this.fail(`invalid JSON: unexpected ${this.describeHere()}`);
  }

  string(): string {
    const text = this.text;
    const start = this.pos; // at the opening quote
    let i = start + 1;
    let escaped = false;
    for (;;) {
      if (i >= text.length) this.fail('invalid JSON: unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) this.fail('invalid JSON: control character or line break inside a string');
      if (c === 0x5c) {
        escaped = true;
        i += 2;
        continue;
      }
      i++;
    }
    this.pos = i + 1;
    if (!escaped) return text.slice(start + 1, i);
    try {
      return JSON.parse(text.slice(start, i + 1)) as string;
    } catch {
      return this.fail('invalid JSON: bad escape sequence in a string');
    }
  }

  object(depth: number): JsonNode {
    const line = this.line;
    this.pos++; // {
    const entries: JsonEntry[] = [];
    const seen = new Set<string>();
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return { kind: 'object', line, entries };
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) !== 0x22)
        this.fail(`invalid JSON: expected a property name in quotes, found ${this.describeHere()}`);
      const keyLine = this.line;
      const key = this.string();
      if (seen.has(key)) this.fail(`invalid JSON: duplicate key ${JSON.stringify(key)}`);
      seen.add(key);
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) !== 0x3a)
        this.fail(`invalid JSON: expected ":" after a property name, found ${this.describeHere()}`);
      this.pos++;
      entries.push({ key, line: keyLine, value: this.value(depth) });
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        continue;
      }
      if (c === 0x7d) {
        this.pos++;
        return { kind: 'object', line, entries };
      }
      this.fail(`invalid JSON: expected "," or "}" after a property value, found ${this.describeHere()}`);
    }
  }

  array(depth: number): JsonNode {
    const line = this.line;
    this.pos++; // [
    const items: JsonNode[] = [];
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return { kind: 'array', line, items };
    }
    for (;;) {
      items.push(this.value(depth));
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        continue;
      }
      if (c === 0x5d) {
        this.pos++;
        return { kind: 'array', line, items };
      }
      this.fail(`invalid JSON: expected "," or "]" after an array element, found ${this.describeHere()}`);
    }
  }
}

/** Parses JSON text into nodes that carry their starting line. */
export function parseJsonWithLines(text: string): JsonResult {
  const parser = new Parser(text);
  try {
    const root = parser.value(0);
    parser.skipWhitespace();
    if (parser.pos < text.length)
      parser.fail(`invalid JSON: unexpected ${parser.describeHere()} after the end of the data`);
    return { ok: true, root };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { ok: false, line: error.line, reason: error.message };
    throw error;
  }
}

/** Where things are in a JSON holdings text that JSON.parse already accepted. */
export interface JsonLayout {
  /** Line of the first character of the root value. */
  rootLine: number;
  /** Start line of each element of the lots array (the root array, or the root object's "holdings"). */
  lotLines: number[];
  /** Line of each key of the root object. */
  rootKeyLines: Map<string, number>;
  /** Keys written twice in one lot object (JSON.parse would silently keep the last). */
  duplicateKeys: { lot: number; key: string; line: number }[];
}

interface Frame {
  object: boolean;
  isLots: boolean;
  expectKey: boolean;
  /** Keys seen, for the root object and lot objects only. */
  keys: string[] | null;
  lot: number;
}

/**
 * One allocation-light pass over valid JSON text (JSON.parse builds the values, natively and fast) that
 * finds the lines error messages need and refuses nesting deeper than MAX_JSON_DEPTH.
 */
export function scanJsonLayout(
  text: string,
): { ok: true; layout: JsonLayout } | { ok: false; line: number; reason: string } {
  const n = text.length;
  const stack: Frame[] = [];
  const layout: JsonLayout = { rootLine: 1, lotLines: [], rootKeyLines: new Map(), duplicateKeys: [] };
  let line = 1;
  let pendingElement = false;
  let lastRootKey: string | null = null;
  let seenRoot = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      continue;
    }
    if (c === 0x0d) {
      if (text.charCodeAt(i + 1) !== 0x0a) line++;
      continue;
    }
    if (c === 0x20 || c === 0x09) continue;
    if (!seenRoot) {
      seenRoot = true;
      layout.rootLine = line;
    }
    const frame = stack[stack.length - 1];
    if (pendingElement) {
      pendingElement = false;
      if (c !== 0x5d) layout.lotLines.push(line);
    }
    if (c === 0x22) {
      let end = text.indexOf('"', i + 1);
      while (end > 0 && isEscaped(text, end)) end = text.indexOf('"', end + 1);
      if (end < 0) end = n;
      if (frame !== undefined && frame.object && frame.expectKey) {
        frame.expectKey = false;
        if (frame.keys !== null) {
          const key = text.slice(i + 1, end);
          if (frame.keys.includes(key)) layout.duplicateKeys.push({ lot: frame.lot, key, line });
          else frame.keys.push(key);
          if (stack.length === 1) {
            lastRootKey = key;
            if (!layout.rootKeyLines.has(key)) layout.rootKeyLines.set(key, line);
          }
        }
      }
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      if (stack.length >= MAX_JSON_DEPTH) {
        return { ok: false, line, reason: `JSON is nested too deeply (more than ${MAX_JSON_DEPTH} levels)` };
      }
      const object = c === 0x7b;
      const isLots =
        !object &&
        (stack.length === 0 || (stack.length === 1 && frame?.object === true && lastRootKey === 'holdings'));
      const inLots = frame?.isLots === true;
      stack.push({
        object,
        isLots,
        expectKey: object,
        keys: object && (stack.length === 0 || inLots) ? [] : null,
        lot: inLots ? layout.lotLines.length - 1 : -1,
      });
      if (isLots) pendingElement = true;
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
    } else if (c === 0x2c && frame !== undefined) {
      if (frame.object) frame.expectKey = true;
      else if (frame.isLots) pendingElement = true;
    }
  }
  return { ok: true, layout };
}

function isEscaped(text: string, quote: number): boolean {
  let backslashes = 0;
  for (let k = quote - 1; text.charCodeAt(k) === 0x5c; k--) backslashes++;
  return backslashes % 2 === 1;
}

/** A value as JSON.parse builds it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a JSON value is, for messages: "a string", "an array", "null". */
export function describeValue(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'object':
      return 'an object';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    default:
      return value ? 'true' : 'false';
  }
}
