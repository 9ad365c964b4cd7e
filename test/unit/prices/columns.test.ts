import { describe, expect, it } from 'vitest';
import { packDays, packPrices, unpackDays, unpackPrices } from '../../../src/prices/store/columns.js';
import { prng } from '../../support/fuzz.js';

const sameBits = (a: Float64Array, b: Float64Array | undefined) =>
  b !== undefined && a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

describe('packed price columns', () => {
  it('stores real Yahoo closes (float32 of a 2-decimal price) as cents, under 3 bytes a price', () => {
    // AAPL's first closes of September 2020 as Yahoo's chart sends them.
    const closes = new Float64Array([
      129.0399932861328, 134.17999267578125, 131.39999389648438, 120.87999725341797, 112,
    ]);
    const text = packPrices(closes);
    expect(text.startsWith('s2:')).toBe(true);
    // float32(129.04) is 129.0399932861328: the codec's decoding, checked by a second method.
    expect(Math.fround(12904 / 100)).toBe(129.0399932861328);
    expect(Buffer.from(text.slice(3), 'base64').length).toBeLessThan(3 * closes.length);
    expect(sameBits(closes, unpackPrices(text, closes.length))).toBe(true);
  });

  it('gives back every value bit for bit, whatever the scale (10,000 random columns)', () => {
    const next = prng(7);
    for (let c = 0; c < 10_000; c++) {
      const n = 1 + Math.floor(next() * 20);
      const kind = c % 4;
      const scale = 10 ** Math.floor(next() * 8);
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const x = (next() - 0.3) * 10 ** Math.floor(next() * 7);
        values[i] =
          kind === 0
            ? Math.round(x * scale) / scale // a decimal
            : kind === 1
              ? Math.fround(Math.round(x * scale) / scale) // a float32 of a decimal
              : kind === 2
                ? x // any double
                : [0, -0, 1e300, -1e-300, 2 ** 53, 0.1 + 0.2][i % 6]!; // edge values
      }
      const back = unpackPrices(packPrices(values), n);
      if (!sameBits(values, back)) expect([...(back ?? [])]).toEqual([...values]);
    }
  });

  it('rejects text that does not hold exactly n values', () => {
    const text = packPrices(new Float64Array([1.5, 2.25, 3]));
    expect(unpackPrices(text, 3)).toEqual(new Float64Array([1.5, 2.25, 3]));
    expect(unpackPrices(text, 2)).toBeUndefined();
    expect(unpackPrices(text, 4)).toBeUndefined();
    expect(unpackPrices(`d1${text.slice(2)}`, 3)).not.toEqual(new Float64Array([1.5, 2.25, 3]));
    expect(unpackPrices('q2:AAAA', 3)).toBeUndefined();
    // No codec at all (`d2X` would otherwise read as codec `d2` over the bytes of `d2X`).
    expect(unpackPrices('d2X', 2)).toBeUndefined();
    expect(unpackPrices(`d2:${Buffer.from([0x80, 0x80]).toString('base64')}`, 1)).toBeUndefined();
  });
});

describe('packed days', () => {
  it('round-trips ascending epoch days and rejects repeated or truncated ones', () => {
    const days = new Int32Array([-25_567, -25_566, 0, 1, 20_000, 20_007]);
    const text = packDays(days);
    expect(unpackDays(text, days[0]!, days.length)).toEqual(days);
    expect(unpackDays(text, days[0]!, days.length + 1)).toBeUndefined();
    expect(unpackDays(packDays(new Int32Array([5, 5])), 5, 2)).toBeUndefined();
  });
});
