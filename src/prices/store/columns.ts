// Packed columns of a stored history: trading days and prices as compact base64 text that decodes back
// to the very same numbers, bit for bit.
//
// Prices are decimals with a few digits (the simulator's, and Yahoo's before it rounds them to float32:
// 129.0399932861328 is float32(129.04)). So a column is stored, when it can be, as integers at a decimal
// scale, each as its difference from the one before (a day's move is small), zigzag-mapped to a
// non-negative number and written as an LEB128 varint: two or three bytes a price instead of eight.
// The text is `<codec>:<base64>`:
//   d<k>   value = int / 10^k
//   s<k>   value = float32(int / 10^k)
//   f64    the raw little-endian float64 values, when no scale from 0 to 9 gives every value back.
// The encoder picks the first codec whose decoding returns every value exactly (Object.is), so what it
// writes always reads back unchanged; the decoder rejects any text that does not hold exactly n values.

const MAX_SCALE = 9;
/** Largest integer magnitude stored: its deltas and their zigzag mapping stay exact doubles. */
const MAX_INT = 2 ** 51;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Appends `value` (a non-negative integer below 2^53) as an unsigned LEB128 varint. */
function pushVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) + 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** A buffer reused by every decoding (the cache decodes thousands of columns in a row). */
let scratch = Buffer.allocUnsafe(1 << 16);

/** The bytes of base64 `text`, in the shared scratch buffer (valid until the next call). */
function bytesOf(text: string): Uint8Array {
  const most = Math.ceil(text.length / 4) * 3;
  if (scratch.length < most) scratch = Buffer.allocUnsafe(Math.max(most, scratch.length * 2));
  const length = scratch.write(text, 0, 'base64');
  return scratch.subarray(0, length);
}

/**
 * The unsigned varint at `at` in `bytes`, or -1 when the bytes end inside it or it is too large. Most
 * are one byte (a day's gap) or two or three (a day's price move): the first byte is read on its own.
 */
function readVarint(bytes: Uint8Array, at: number): number {
  const length = bytes.length;
  let value = 0;
  let scale = 1;
  let byte: number;
  do {
    if (at >= length || scale > 2 ** 49) return -1;
    byte = bytes[at++] as number;
    value += (byte & 0x7f) * scale;
    scale *= 0x80;
  } while (byte & 0x80);
  return value;
}

/** Bytes of the varint starting at `at` (its last byte is the first below 0x80). */
function varintLength(bytes: Uint8Array, at: number): number {
  let end = at;
  while (end < bytes.length && (bytes[end] as number) >= 0x80) end++;
  return end - at + 1;
}

const toBase64 = (bytes: number[] | Uint8Array) => Buffer.from(bytes).toString('base64');

/** The gaps between ascending days (the first from `days[0]` itself: 0), as varints in base64. */
export function packDays(days: Int32Array): string {
  const bytes: number[] = [];
  for (let i = 0; i < days.length; i++)
    pushVarint(bytes, i === 0 ? 0 : (days[i] as number) - (days[i - 1] as number));
  return toBase64(bytes);
}

/** The days of `text` from `day0`, or undefined unless it holds exactly `n` increasing days. */
export function unpackDays(text: string, day0: number, n: number): Int32Array | undefined {
  const bytes = bytesOf(text);
  const length = bytes.length;
  const days = new Int32Array(n);
  let day = day0;
  let at = 0;
  // One plain loop with no allocation (it runs over every stored bar of a report).
  for (let i = 0; i < n; i++) {
    if (at >= length) return undefined;
    let gap = bytes[at] as number;
    if (gap < 0x80) at++;
    else {
      gap = readVarint(bytes, at);
      if (gap < 0) return undefined;
      at += varintLength(bytes, at);
    }
    if ((i > 0 && gap === 0) || gap > 2 ** 20) return undefined;
    day += gap;
    days[i] = day;
  }
  return at === length ? days : undefined;
}

const single = (x: number) => Math.fround(x);
const exact = (x: number) => x;

/** The integers of `values` at scale `k` if `round(int / 10^k)` gives every value back, else null. */
function scaled(values: Float64Array, k: number, round: (x: number) => number): number[] | null {
  const power = 10 ** k;
  const ints: number[] = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    const int = Math.round(v * power);
    // -0 is left to float64: an integer delta cannot carry its sign.
    if (!(Math.abs(int) <= MAX_INT) || Object.is(int, -0) || !Object.is(round(int / power), v)) return null;
    ints[i] = int;
  }
  return ints;
}

function packInts(ints: number[]): string {
  const bytes: number[] = [];
  let previous = 0;
  for (const int of ints) {
    const delta = int - previous;
    pushVarint(bytes, delta >= 0 ? 2 * delta : -2 * delta - 1);
    previous = int;
  }
  return toBase64(bytes);
}

function packFloat64(values: Float64Array): string {
  if (LITTLE_ENDIAN)
    return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
  const bytes = Buffer.alloc(values.length * 8);
  values.forEach((x, i) => bytes.writeDoubleLE(x, i * 8));
  return bytes.toString('base64');
}

/** A price column as text (see the top of this file); `unpackPrices` gives back the same values. */
export function packPrices(values: Float64Array): string {
  for (let k = 0; k <= MAX_SCALE; k++) {
    const decimals = scaled(values, k, exact);
    if (decimals !== null) return `d${k}:${packInts(decimals)}`;
    const singles = scaled(values, k, single);
    if (singles !== null) return `s${k}:${packInts(singles)}`;
  }
  return `f64:${packFloat64(values)}`;
}

/** The `n` prices of `text`, or undefined when it is not a packed column of exactly `n` values. */
export function unpackPrices(text: string, n: number): Float64Array | undefined {
  const colon = text.indexOf(':');
  if (colon < 0) return undefined;
  const codec = text.slice(0, colon);
  const bytes = bytesOf(text.slice(colon + 1));
  if (codec === 'f64') {
    if (bytes.length !== n * 8) return undefined;
    const out = new Float64Array(n);
    if (LITTLE_ENDIAN) new Uint8Array(out.buffer).set(bytes);
    else {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(i * 8, true);
    }
    return out;
  }
  const match = /^([ds])(\d)$/.exec(codec);
  if (match === null) return undefined;
  const out = new Float64Array(n);
  if (!readScaled(bytes, 10 ** Number(match[2]), out)) return undefined;
  if (match[1] === 's') for (let i = 0; i < n; i++) out[i] = Math.fround(out[i] as number);
  return out;
}

/**
 * The scaled integers of `bytes` (zigzag deltas, see `packInts`) divided by `power`, into `out`; false
 * unless they fill it exactly. One plain loop with no call and no allocation for a value of up to
 * three bytes (it runs over every stored price of a report).
 */
function readScaled(bytes: Uint8Array, power: number, out: Float64Array): boolean {
  const length = bytes.length;
  const n = out.length;
  let at = 0;
  let int = 0;
  for (let i = 0; i < n; i++) {
    if (at >= length) return false;
    let zigzag = bytes[at] as number;
    if (zigzag < 0x80) at++;
    else if (at + 1 < length && (bytes[at + 1] as number) < 0x80) {
      zigzag = (zigzag & 0x7f) | ((bytes[at + 1] as number) << 7);
      at += 2;
    } else {
      zigzag = readVarint(bytes, at);
      if (zigzag < 0) return false;
      at += varintLength(bytes, at);
    }
    const half = Math.floor(zigzag * 0.5); // not zigzag % 2: a remainder of doubles is a slow call
    int += zigzag === half * 2 ? half : -half - 1;
    out[i] = int / power;
  }
  return at === length;
}
