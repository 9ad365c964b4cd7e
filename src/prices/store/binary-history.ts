// The SQLite store's form of a history: one BLOB holding the bars as raw typed-array columns, so that a
// warm run reads them as they are stored: no base64, no JSON around thousands of prices, and no
// decoding loop (a fresh process runs such loops unoptimised; measured, reading twice the bytes of the
// packed columns costs less than decoding them). Each column is a view of the BLOB's bytes.
//
//   0  u32  MAGIC
//   4  u32  CRC-32 of every byte after this field (a damaged value is a miss, never wrong prices)
//   8  u32  n, the number of bars
//  12  u32  bytes of the fields besides the bars, as UTF-8 JSON
//  16  u8   close codec, 17 u8 adjusted-close codec: F64 or F32 (F32 when every value is a float32, as
//           Yahoo's prices are), or SAME_AS_CLOSE for the adjusted closes when each equals its close
//  18       zero up to HEADER
//  24       the JSON; then, each at the next multiple of 8: the days (i32), the closes, the adjusted
//           closes (absent when SAME_AS_CLOSE); nothing after them
// All little-endian. The values are the bars' own, so they come back bit for bit.
import zlib from 'node:zlib';
import { DailyBars } from '../../bars.js';
import { type CachedHistory, hasHistoryMeta } from './store.js';

/** `FHB1` read as a little-endian u32: marks a value as a binary history of this layout. */
const MAGIC = 0x31424846;
const HEADER = 24;
const F64 = 0;
const F32 = 1;
const SAME_AS_CLOSE = 255;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const align8 = (n: number) => (n + 7) & ~7;

/** F32 when every value is exactly a float32 (the same bits back), else F64. */
function codecOf(values: Float64Array): number {
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Object.is(Math.fround(v), v)) return F64;
  }
  return F32;
}

/** The bytes of `values` as a column of `codec`, little-endian. */
function columnBytes(values: Float64Array | Int32Array, codec: number | 'i32'): Uint8Array {
  const typed = codec === F32 ? new Float32Array(values) : values;
  const bytes = new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength);
  if (LITTLE_ENDIAN) return bytes;
  const out = Buffer.alloc(typed.byteLength);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let i = 0; i < typed.length; i++) {
    const x = typed[i] as number;
    if (codec === 'i32') view.setInt32(i * 4, x, true);
    else if (codec === F32) view.setFloat32(i * 4, x, true);
    else view.setFloat64(i * 8, x, true);
  }
  return out;
}

export function encodeBinaryHistory(h: CachedHistory): Buffer {
  const { bars, ...rest } = h;
  let adjusted = false;
  for (let i = 0; i < bars.length && !adjusted; i++) adjusted = !Object.is(bars.adjClose[i], bars.close[i]);
  const meta = Buffer.from(JSON.stringify(rest), 'utf8');
  const closeCodec = codecOf(bars.close);
  const adjCodec = adjusted ? codecOf(bars.adjClose) : SAME_AS_CLOSE;
  const parts: [Uint8Array, number][] = [[meta, HEADER]];
  let at = HEADER + meta.length;
  for (const column of [
    columnBytes(bars.days, 'i32'),
    columnBytes(bars.close, closeCodec),
    ...(adjusted ? [columnBytes(bars.adjClose, adjCodec)] : []),
  ]) {
    at = align8(at);
    parts.push([column, at]);
    at += column.length;
  }
  const out = Buffer.alloc(at);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(bars.length, 8);
  out.writeUInt32LE(meta.length, 12);
  out[16] = closeCodec;
  out[17] = adjCodec;
  for (const [part, offset] of parts) out.set(part, offset);
  out.writeUInt32LE(zlib.crc32(out.subarray(8)), 4);
  return out;
}

interface Layout {
  n: number;
  meta: Record<string, unknown>;
  closeCodec: number;
  adjCodec: number;
  days: number;
  close: number;
  adj: number;
}

const columnWidth = (codec: number) => (codec === F32 ? 4 : 8);

/** The layout and fields of a binary history stored under `symbol`, or undefined when it is not one. */
function layoutOf(value: Uint8Array, symbol: string): Layout | undefined {
  if (value.length < HEADER) return undefined;
  const b = Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (b.readUInt32LE(0) !== MAGIC || b.readUInt32LE(4) !== zlib.crc32(b.subarray(8))) return undefined;
  const n = b.readUInt32LE(8);
  const metaBytes = b.readUInt32LE(12);
  const closeCodec = b[16] as number;
  const adjCodec = b[17] as number;
  if (closeCodec !== F64 && closeCodec !== F32) return undefined;
  if (adjCodec !== F64 && adjCodec !== F32 && adjCodec !== SAME_AS_CLOSE) return undefined;
  const days = align8(HEADER + metaBytes);
  const close = align8(days + 4 * n);
  const adj = align8(close + columnWidth(closeCodec) * n);
  const end =
    adjCodec === SAME_AS_CLOSE ? close + columnWidth(closeCodec) * n : adj + columnWidth(adjCodec) * n;
  if (end !== b.length) return undefined;
  let meta: unknown;
  try {
    meta = JSON.parse(b.toString('utf8', HEADER, HEADER + metaBytes));
  } catch {
    return undefined;
  }
  if (!hasHistoryMeta(meta, symbol)) return undefined;
  return { n, meta, closeCodec, adjCodec, days, close, adj };
}

/** The fields besides the bars of a binary history (for comparing two entries' freshness). */
export function binaryHistoryMeta(value: Uint8Array, symbol: string): Record<string, unknown> | undefined {
  return layoutOf(value, symbol)?.meta;
}

/** The days at `offset` in `value`: a view of its bytes when aligned, else a copy. */
function daysAt(value: Uint8Array, offset: number, n: number): Int32Array {
  const start = value.byteOffset + offset;
  if (LITTLE_ENDIAN && start % 4 === 0) return new Int32Array(value.buffer, start, n);
  const view = new DataView(value.buffer, start, n * 4);
  return Int32Array.from({ length: n }, (_, i) => view.getInt32(i * 4, true));
}

/** The prices of `codec` at `offset` in `value`: a view of its bytes when aligned float64, else a copy. */
function pricesAt(value: Uint8Array, offset: number, n: number, codec: number): Float64Array {
  const start = value.byteOffset + offset;
  if (LITTLE_ENDIAN && start % 8 === 0 && codec === F64) return new Float64Array(value.buffer, start, n);
  if (LITTLE_ENDIAN && start % 4 === 0 && codec === F32)
    return new Float64Array(new Float32Array(value.buffer, start, n));
  const view = new DataView(value.buffer, start, n * columnWidth(codec));
  return Float64Array.from({ length: n }, (_, i) =>
    codec === F32 ? view.getFloat32(i * 4, true) : view.getFloat64(i * 8, true),
  );
}

/** The history of `value`, a binary history stored under `symbol`, or undefined when it is not one. */
export function decodeBinaryHistory(value: Uint8Array, symbol: string): CachedHistory | undefined {
  const layout = layoutOf(value, symbol);
  if (layout === undefined) return undefined;
  const { n, closeCodec, adjCodec } = layout;
  const close = pricesAt(value, layout.close, n, closeCodec);
  const adj = adjCodec === SAME_AS_CLOSE ? close : pricesAt(value, layout.adj, n, adjCodec);
  const bars = new DailyBars(daysAt(value, layout.days, n), close, adj);
  return { ...(layout.meta as Omit<CachedHistory, 'bars'>), bars };
}
