import { describe, expect, it } from 'vitest';
import { DailyBars } from '../../../src/bars.js';
import {
  binaryHistoryMeta,
  decodeBinaryHistory,
  encodeBinaryHistory,
} from '../../../src/prices/store/binary-history.js';
import type { CachedHistory } from '../../../src/prices/store/store.js';
import { prng } from '../../support/fuzz.js';

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.from(a).every((x, i) => Object.is(x, b[i]));

function historyOf(days: number[], close: number[], adjClose: number[], symbol = 'NESN.SW'): CachedHistory {
  return {
    symbol,
    currency: 'CHF',
    exchangeTimezone: 'Europe/Zurich',
    from: '2016-01-01',
    to: '2026-11-27',
    fetchedAt: 1_764_280_000_123,
    bars: new DailyBars(new Int32Array(days), new Float64Array(close), new Float64Array(adjClose)),
    splits: [{ date: '2019-06-03', ratio: 10 }],
    dividends: [{ date: '2020-04-24', amount: 2.7 }],
    name: 'Nestlé S.A. — «Namen»', // not ASCII: the fields are UTF-8
    quoteType: 'EQUITY',
    lastPrice: 0.1 + 0.2,
    lastMarketTime: 1_764_277_200_000,
  };
}

function expectSame(back: CachedHistory | undefined, h: CachedHistory): void {
  expect(back).toBeDefined();
  const { bars, ...rest } = back!;
  const { bars: want, ...wantRest } = h;
  expect(rest).toEqual(wantRest);
  expect(sameBits(bars.days, want.days)).toBe(true);
  expect(sameBits(bars.close, want.close)).toBe(true);
  expect(sameBits(bars.adjClose, want.adjClose)).toBe(true);
}

/** `bytes` copied to an odd offset of a larger buffer (not aligned for any typed-array view). */
function misaligned(bytes: Uint8Array): Uint8Array {
  const big = new Uint8Array(bytes.length + 3);
  big.set(bytes, 3);
  return big.subarray(3);
}

describe('binary stored history', () => {
  it('gives back every bar bit for bit: -0, extremes, float32 and float64 columns, adjusted or not', () => {
    const edge = [0, -0, 1e300, -1e-300, 2 ** 53, 0.1 + 0.2, Number.MIN_VALUE, -Number.MAX_VALUE];
    const f32 = [
      129.0399932861328, 134.17999267578125, 0, -0, 112, 3.4028234663852886e38, 1.401298464324817e-45, 0.5,
    ];
    const days = [-25_567, -1, 0, 1, 18_000, 20_419, 20_420, 2 ** 31 - 1];
    const cases: [number[], number[]][] = [
      [edge, edge], // adjusted equals close: stored once
      [f32, f32],
      [f32, edge], // a float32 close beside a float64 adjusted column
      [edge, f32],
      [f32.map((x) => -x), f32.map((x) => x)], // differs only by the sign of zero somewhere
      [new Array<number>(8).fill(0), new Array<number>(8).fill(-0)],
    ];
    for (const [close, adj] of cases) {
      const h = historyOf(days, close, adj);
      const stored = encodeBinaryHistory(h);
      expectSame(decodeBinaryHistory(stored, h.symbol), h);
      expectSame(decodeBinaryHistory(misaligned(stored), h.symbol), h);
    }
    expectSame(
      decodeBinaryHistory(encodeBinaryHistory(historyOf([], [], [])), 'NESN.SW'),
      historyOf([], [], []),
    );
  });

  it('round-trips 2,000 random histories exactly, aligned or not', () => {
    const next = prng(11);
    for (let c = 0; c < 2000; c++) {
      const n = Math.floor(next() * 40);
      const days: number[] = [];
      let day = Math.floor((next() - 0.5) * 40_000);
      for (let i = 0; i < n; i++) days.push((day += 1 + Math.floor(next() * 5)));
      const value = () => {
        const x = (next() - 0.3) * 10 ** Math.floor(next() * 7);
        return c % 3 === 0 ? Math.fround(x) : c % 3 === 1 ? Math.round(x * 100) / 100 : x;
      };
      const close = days.map(value);
      const adj = c % 2 === 0 ? close : close.map((x) => x * 0.97);
      const h = historyOf(days, close, adj, `S${c}`);
      const stored = encodeBinaryHistory(h);
      expectSame(decodeBinaryHistory(c % 5 === 0 ? misaligned(stored) : stored, h.symbol), h);
    }
  });

  it('stores float32 prices (as Yahoo sends them) in half the bytes of float64 ones', () => {
    const n = 1000;
    const days = Array.from({ length: n }, (_, i) => 16_000 + i);
    const singles = Array.from({ length: n }, (_, i) => Math.fround(100 + i / 100));
    const doubles = Array.from({ length: n }, (_, i) => 100 + i / 100);
    const small = encodeBinaryHistory(historyOf(days, singles, singles)).length;
    const large = encodeBinaryHistory(historyOf(days, doubles, doubles)).length;
    // days 4 bytes a bar in both; prices 4 against 8 bytes a bar
    expect(large - small).toBeGreaterThanOrEqual(4 * n);
  });

  it('rejects a value with any byte changed, cut short, lengthened, or stored under another symbol', () => {
    const h = historyOf([20_000, 20_001, 20_004], [10.5, 11.25, 9.75], [10, 11.25, 9.75]);
    const stored = encodeBinaryHistory(h);
    for (let i = 0; i < stored.length; i++) {
      const damaged = Buffer.from(stored);
      damaged[i] = (damaged[i]! + 1 + (i % 200)) % 256;
      expect(decodeBinaryHistory(damaged, h.symbol)).toBeUndefined();
    }
    expect(decodeBinaryHistory(stored.subarray(0, stored.length - 1), h.symbol)).toBeUndefined();
    expect(decodeBinaryHistory(Buffer.concat([stored, Buffer.alloc(8)]), h.symbol)).toBeUndefined();
    expect(decodeBinaryHistory(new Uint8Array(0), h.symbol)).toBeUndefined();
    expect(decodeBinaryHistory(Buffer.from(JSON.stringify({ value: h })), h.symbol)).toBeUndefined();
    expect(decodeBinaryHistory(stored, 'NESN')).toBeUndefined();
    expect(binaryHistoryMeta(stored, h.symbol)).toMatchObject({ to: '2026-11-27', fetchedAt: h.fetchedAt });
  });
});
