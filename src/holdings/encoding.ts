// Bytes -> text for holdings files. Only UTF-8 is accepted; UTF-16, binary data and legacy 8-bit
// encodings (Latin-1, Windows-1252) each get a message saying what the file is and what to do, instead of
// being decoded into garbage symbols.

import { InputError } from '../errors.js';

const SAMPLE = 4096;

/** Decodes a holdings file's bytes as UTF-8 (a BOM is dropped), or throws an InputError saying what the bytes are. */
export function decodeHoldingsBytes(bytes: Uint8Array, file: string): string {
  const fail = (line: number, reason: string): never => {
    throw new InputError([{ file, line, reason }]);
  };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    fail(1, 'file is UTF-16; save it as UTF-8');
  }
  const sampleEnd = Math.min(bytes.length, SAMPLE);
  let nulEven = 0;
  let nulOdd = 0;
  let control = 0;
  for (let i = 0; i < sampleEnd; i++) {
    const b = bytes[i] as number;
    if (b === 0) {
      if (i % 2 === 0) nulEven++;
      else nulOdd++;
    } else if ((b < 0x09 || (b > 0x0d && b < 0x20) || b === 0x7f) && b !== 0x1b) control++;
  }
  const half = sampleEnd / 2;
  // ASCII text in UTF-16 has a NUL in every other byte (odd positions for LE, even for BE), and the
  // other bytes are printable.
  if (sampleEnd >= 4 && Math.min(nulOdd, nulEven) <= half * 0.05) {
    const nulAt = nulOdd >= nulEven ? 1 : 0;
    if (
      (nulAt === 1 ? nulOdd : nulEven) >= half * 0.4 &&
      printableShare(bytes, 1 - nulAt, sampleEnd) >= 0.9
    ) {
      fail(1, 'file is UTF-16; save it as UTF-8');
    }
  }
  if (nulOdd + nulEven > 0 || control > sampleEnd * 0.05) {
    fail(1, 'file is binary data, not a text holdings file (CSV or JSON)');
  }
  const laterNul = bytes.indexOf(0, sampleEnd);
  if (laterNul >= 0)
    fail(lineOfOffset(bytes, laterNul), 'file contains NUL bytes: it is binary, not a text holdings file');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    return fail(
      lineOfOffset(bytes, offset),
      `file is not UTF-8 (byte 0x${byte} on this line; Latin-1 or Windows-1252?); save it as UTF-8`,
    );
  }
}

/** Share of printable ASCII (or whitespace) among the bytes at positions start, start+2, ... that are not NUL. */
function printableShare(bytes: Uint8Array, start: number, end: number): number {
  let printable = 0;
  let total = 0;
  for (let i = start; i < end; i += 2) {
    const b = bytes[i] as number;
    if (b === 0) continue;
    total++;
    if ((b >= 0x20 && b < 0x7f) || (b >= 0x09 && b <= 0x0d)) printable++;
  }
  return total === 0 ? 0 : printable / total;
}

function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) {
    const b = bytes[i];
    if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) line++;
  }
  return line;
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (bytes.length if none). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // overlong
      if (b === 0xed) hi = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    const second = bytes[i + 1];
    if (second === undefined || second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return n;
}
