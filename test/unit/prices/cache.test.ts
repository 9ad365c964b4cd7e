import { DailyBars } from '../../../src/bars.js';
import { UsageError } from '../../../src/errors.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type CachedHistory,
  type CachedQuote,
  PriceCache,
  decodeHistory,
  encodeHistory,
} from '../../../src/prices/store/cache.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-cache-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const quote: CachedQuote = {
  symbol: 'AAPL',
  name: 'Apple Inc.',
  currency: 'USD',
  quoteType: 'EQUITY',
  price: 190.5,
  previousClose: 189,
  marketTime: 1_764_277_200_000,
  marketState: 'CLOSED',
  exchangeTimezone: 'America/New_York',
  exchangeName: 'NasdaqGS',
  fetchedAt: 1_764_280_000_000,
};
const history: CachedHistory = {
  symbol: 'AAPL',
  currency: 'USD',
  exchangeTimezone: 'America/New_York',
  from: '2024-01-01',
  to: '2024-01-10',
  fetchedAt: 1_764_280_000_000,
  bars: DailyBars.of([
    { date: '2024-01-02', close: 100, adjClose: 99.5 },
    { date: '2024-01-03', close: 101, adjClose: 101 },
    { date: '2024-01-08', close: 102.25, adjClose: 102.25 },
  ]),
  splits: [{ date: '2024-01-08', ratio: 4 }],
  dividends: [{ date: '2024-01-03', amount: 0.24 }],
  name: 'Apple',
  quoteType: 'EQUITY',
  lastPrice: 102.25,
  lastMarketTime: 1_704_747_600_000,
};

const open = async (file: string, warnings: string[] = []) =>
  PriceCache.open(file, { warn: (m) => warnings.push(m) });

describe('PriceCache', () => {
  it('encodes bars as packed columns and decodes them bit for bit', () => {
    const stored = encodeHistory(history);
    // Day gaps 0, 1, 5 as one byte each; closes 100, 101, 102.25 as cents 10000, 10100, 10225, i.e.
    // deltas 10000, 100, 125, zigzag 20000, 200, 250, as LEB128 [a0 9c 01] [c8 01] [fa 01].
    expect(Buffer.from(stored.days, 'base64')).toEqual(Buffer.from([0, 1, 5]));
    expect(stored.day0).toBe(Date.UTC(2024, 0, 2) / 86_400_000);
    expect(stored.close).toBe(
      `d2:${Buffer.from([0xa0, 0x9c, 0x01, 0xc8, 0x01, 0xfa, 0x01]).toString('base64')}`,
    );
    expect(stored.adj).not.toBeNull();
    expect(decodeHistory(JSON.parse(JSON.stringify(stored)), 'AAPL')).toEqual(history);
    // Without adjustments the adjusted column is left out; gaps of 128 days and more take two bytes.
    const plain = {
      ...history,
      bars: DailyBars.of([
        { date: '2020-01-02', close: 0.1 + 0.2, adjClose: 0.1 + 0.2 },
        { date: '2024-01-03', close: -0, adjClose: -0 },
        { date: '2024-06-03', close: 1e300, adjClose: 1e300 },
      ]),
    };
    const s2 = encodeHistory(plain);
    expect(s2.adj).toBeNull();
    expect(Buffer.from(s2.days, 'base64').length).toBe(1 + 2 + 2);
    // No decimal scale gives 0.1 + 0.2 and -0 back: the closes are stored as raw float64.
    const raw = Buffer.alloc(24);
    [0.1 + 0.2, -0, 1e300].forEach((x, i) => raw.writeDoubleLE(x, i * 8));
    expect(s2.close).toBe(`f64:${raw.toString('base64')}`);
    const back = decodeHistory(JSON.parse(JSON.stringify(s2)), 'AAPL')!;
    expect(back.bars.toBars()).toEqual(plain.bars.toBars());
    expect(Object.is(back.bars.close[1], -0)).toBe(true);
  });

  it('reads the earlier stored form (JSON arrays) and rejects damaged or foreign values as misses', () => {
    const { bars: _bars, ...rest } = history;
    const v1 = {
      v: 1,
      ...rest,
      day0: Date.UTC(2024, 0, 2) / 86_400_000,
      days: [0, 1, 5],
      close: [100, 101, 102.25],
      adj: [99.5, null, null],
    };
    expect(decodeHistory(v1, 'AAPL')).toEqual(history);
    const stored = encodeHistory(history);
    expect(decodeHistory(stored, 'MSFT')).toBeUndefined();
    expect(decodeHistory({ ...stored, n: 4 }, 'AAPL')).toBeUndefined();
    expect(decodeHistory({ ...stored, close: stored.close.slice(0, 8) }, 'AAPL')).toBeUndefined();
    expect(decodeHistory({ ...stored, close: stored.close.replace('d2:', 'x2:') }, 'AAPL')).toBeUndefined();
    expect(decodeHistory({ ...stored, close: stored.close.slice(3) }, 'AAPL')).toBeUndefined();
    expect(
      decodeHistory({ ...stored, days: Buffer.from([0, 1, 0]).toString('base64') }, 'AAPL'),
    ).toBeUndefined();
    expect(
      decodeHistory({ ...stored, days: Buffer.from([0, 0x81]).toString('base64') }, 'AAPL'),
    ).toBeUndefined();
    expect(decodeHistory({ ...stored, v: 4 }, 'AAPL')).toBeUndefined();
    expect(decodeHistory({ ...v1, close: [100, 101] }, 'AAPL')).toBeUndefined();
    expect(decodeHistory({ ...v1, close: null }, 'AAPL')).toBeUndefined();
    expect(decodeHistory({ ...v1, close: [100, '101', 102.25] }, 'AAPL')).toBeUndefined();
    expect(decodeHistory('not a history', 'AAPL')).toBeUndefined();
  });

  it('round-trips quotes, histories and the breaker state through SQLite, in one write', async () => {
    const file = path.join(dir, 'sub', 'cache.sqlite');
    const cache = (await open(file))!;
    await cache.write({ quotes: [quote], histories: [history], breaker: { state: 'open', openUntil: 5 } });
    await cache.close();
    const again = (await open(file))!;
    expect((await again.getQuotes(['AAPL', 'MSFT'])).get('AAPL')).toEqual(quote);
    expect((await again.getQuotes(['AAPL', 'MSFT'])).has('MSFT')).toBe(false);
    expect((await again.getHistories(['AAPL'])).get('AAPL')).toEqual(history);
    expect(await again.getBreaker()).toEqual({ state: 'open', openUntil: 5 });
    const st = await again.statistics();
    expect(st).toMatchObject({
      quotes: 1,
      histories: 1,
      symbols: ['AAPL'],
      oldestBar: '2024-01-02',
      newestBar: '2024-01-08',
    });
    expect(await again.clear({ symbol: 'AAPL' })).toBe(2);
    expect((await again.getHistories(['AAPL'])).size).toBe(0);
    await again.close();
  });

  it('reads each symbol asked once, whatever the order or repeats; a row damaged on disk is a miss', async () => {
    const file = path.join(dir, 'cache.sqlite');
    const cache = (await open(file))!;
    const msft = { ...history, symbol: 'MSFT', bars: history.bars.slice(1) };
    const ibm = { ...history, symbol: 'IBM' };
    await cache.write({ quotes: [quote], histories: [history, msft, ibm] });
    await cache.close();
    const sqlite3 = (await import('sqlite3')).default;
    await new Promise<void>((resolve, reject) => {
      const db = new sqlite3.Database(file, (e) => {
        if (e) return reject(e);
        // IBM's BLOB cut short by one byte: its length and checksum no longer agree with it.
        db.run(
          `UPDATE keyv SET value = substr(value, 1, length(value) - 1) WHERE key = 'folio:hb:IBM'`,
          (e2) => (e2 ? reject(e2) : db.close(() => resolve())),
        );
      });
    });
    const again = (await open(file))!;
    const read = await again.getHistories(['MSFT', 'NONE', 'AAPL', 'MSFT', 'IBM']);
    expect([...read.keys()]).toEqual(['MSFT', 'AAPL']);
    expect(read.get('MSFT')!.bars.toBars()).toEqual(history.bars.toBars().slice(1));
    expect(read.get('AAPL')).toEqual(history);
    expect([...(await again.getQuotes(['AAPL', 'AAPL', 'IBM'])).keys()]).toEqual(['AAPL']);
    await again.close();
  });

  it('creates the file 0600 in a 0700 directory', async () => {
    const file = path.join(dir, 'new', 'cache.sqlite');
    const cache = (await open(file))!;
    await cache.write({ quotes: [quote] });
    await cache.close();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  });

  it.each([
    [
      'random bytes',
      (f: string) =>
        fs.writeFileSync(f, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 256))),
    ],
    ['text', (f: string) => fs.writeFileSync(f, 'hello, this is not a database\n'.repeat(200))],
  ])(
    'refuses a file that is not SQLite (%s): a usage error naming it, the file untouched',
    async (_name, make) => {
      const file = path.join(dir, 'cache.sqlite');
      make(file);
      const before = fs.readFileSync(file);
      const warnings: string[] = [];
      const error = await open(file, warnings).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).exitCode).toBe(2);
      expect((error as Error).message).toBe(
        `cache file ${file} is not folio's cache (not a SQLite database); left as it is`,
      );
      expect(warnings).toEqual([]);
      expect(fs.readFileSync(file).equals(before)).toBe(true);
      expect(fs.readdirSync(dir)).toEqual(['cache.sqlite']);
    },
  );

  it('takes an empty SQLite database (no tables: nothing in it to lose) as a new cache', async () => {
    const file = path.join(dir, 'cache.sqlite');
    const sqlite3 = (await import('sqlite3')).default;
    await new Promise<void>((resolve, reject) => {
      const db = new sqlite3.Database(file, (e) => {
        if (e) return reject(e);
        db.run('PRAGMA user_version = 7', (e2) => (e2 ? reject(e2) : db.close(() => resolve())));
      });
    });
    expect(fs.statSync(file).size).toBeGreaterThan(0);
    const warnings: string[] = [];
    const cache = (await open(file, warnings))!;
    await cache.write({ quotes: [quote] });
    expect((await cache.getQuotes(['AAPL'])).size).toBe(1);
    await cache.close();
    expect(warnings).toEqual([]);
  });

  // A cache of 200 symbols' quotes and 300-bar histories, and garbage over the pages of both quotes and
  // histories but not over what opening the file reads.
  const symbols = Array.from({ length: 200 }, (_, k) => `S${k}`);
  const bars = DailyBars.of(
    Array.from({ length: 300 }, (_, i) => ({
      date: new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10),
      close: 100 + i * 0.37,
      adjClose: 100 + i * 0.37,
    })),
  );
  const fillCache = async (file: string) => {
    const first = (await open(file))!;
    await first.write({
      quotes: symbols.map((symbol) => ({ ...quote, symbol })),
      histories: symbols.map((symbol) => ({ ...history, symbol, bars })),
    });
    await first.close();
  };
  const damageCache = (file: string) => {
    const bytes = fs.readFileSync(file);
    bytes.fill(0xa5, Math.floor(bytes.length * 0.1), Math.floor(bytes.length * 0.95));
    fs.writeFileSync(file, bytes);
  };

  it('reads 200 histories back whole, over the several queries that read them', async () => {
    const file = path.join(dir, 'cache.sqlite');
    await fillCache(file);
    const cache = (await open(file))!;
    const asked = [...symbols, 'NOT-CACHED', 'S7'];
    const histories = await cache.getHistories(asked);
    expect([...histories.keys()]).toEqual(symbols);
    for (const s of symbols) expect(histories.get(s)).toEqual({ ...history, symbol: s, bars });
    await cache.close();
  });

  it('damage met by two reads at once is repaired once: one warning, both misses, a working cache', async () => {
    const file = path.join(dir, 'cache.sqlite');
    await fillCache(file);
    damageCache(file);
    const warnings: string[] = [];
    const cache = (await open(file, warnings))!;
    const [quotes, histories] = await Promise.all([cache.getQuotes(symbols), cache.getHistories(symbols)]);
    expect([quotes.size, histories.size]).toEqual([0, 0]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/damaged .*moved it to .*cache\.sqlite\.corrupt-/);
    await cache.write({ quotes: [quote], histories: [history] });
    expect((await cache.getHistories(['AAPL'])).get('AAPL')).toEqual(history);
    await cache.close();
    expect(fs.readdirSync(dir).filter((f) => /^cache\.sqlite\.corrupt-[^-]/.test(f))).toHaveLength(1);
  });

  it('entries read before the damage was found are carried into the new file, unchanged', async () => {
    const file = path.join(dir, 'cache.sqlite');
    await fillCache(file);
    const warnings: string[] = [];
    const cache = (await open(file, warnings))!;
    const early = ['S0', 'S1'];
    const before = await cache.getHistories(early);
    expect(before.size).toBe(2);
    expect((await cache.getQuotes(early)).size).toBe(2);
    damageCache(file);
    expect((await cache.getHistories(symbols)).size).toBe(0);
    expect(warnings).toHaveLength(1);
    await cache.close();
    const again = (await open(file, warnings))!;
    const carried = await again.getHistories(symbols);
    expect([...carried.keys()]).toEqual(early);
    expect(carried.get('S0')).toEqual(before.get('S0'));
    expect(carried.get('S1')!.bars.toBars()).toEqual(bars.toBars());
    expect([...(await again.getQuotes(symbols)).keys()]).toEqual(early);
    await again.close();
    expect(warnings).toHaveLength(1);
  });

  it("refuses another program's SQLite database: a usage error, the database untouched", async () => {
    const file = path.join(dir, 'cache.sqlite');
    const sqlite3 = (await import('sqlite3')).default;
    await new Promise<void>((resolve, reject) => {
      const db = new sqlite3.Database(file, (e) => {
        if (e) return reject(e);
        db.run('CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)', (e2) =>
          e2 ? reject(e2) : db.close(() => resolve()),
        );
      });
    });
    const before = fs.readFileSync(file);
    const error = await open(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/another program's SQLite database \(tables invoices\)/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['cache.sqlite']);
  });

  it('a directory where the cache file should be is moved aside', async () => {
    const file = path.join(dir, 'cache.sqlite');
    fs.mkdirSync(file);
    const warnings: string[] = [];
    const cache = (await open(file, warnings))!;
    expect(cache).not.toBeNull();
    expect(warnings[0]).toMatch(/was a directory/);
    await cache.close();
  });

  it('a file where the cache directory should be is moved aside', async () => {
    fs.writeFileSync(path.join(dir, 'folio'), 'oops');
    const warnings: string[] = [];
    const cache = (await open(path.join(dir, 'folio', 'cache.sqlite'), warnings))!;
    expect(cache).not.toBeNull();
    expect(warnings[0]).toMatch(/was a file, not a directory/);
    await cache.close();
  });

  it('an unusable location gives no cache and one warning', async () => {
    const warnings: string[] = [];
    const cache = await open('/proc/folio-test/cache.sqlite', warnings);
    expect(cache).toBeNull();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cache disabled: cannot use \/proc\/folio-test\/cache.sqlite/);
  });

  it('concurrent writers on one file all succeed (WAL, busy timeout)', async () => {
    const file = path.join(dir, 'cache.sqlite');
    const caches = await Promise.all([1, 2, 3, 4].map(() => open(file)));
    await Promise.all(
      caches.map((c, i) =>
        c!.write({ quotes: Array.from({ length: 50 }, (_, k) => ({ ...quote, symbol: `S${k}`, price: i })) }),
      ),
    );
    const st = await caches[0]!.statistics();
    expect(st.quotes).toBe(50);
    await Promise.all(caches.map((c) => c!.close()));
  });
});

describe('fromEpochDay', () => {
  it('agrees with Date for every day from 1900 to 2100', async () => {
    const { fromEpochDay } = await import('../../../src/dates.js');
    for (let n = -25_567; n <= 47_482; n += 1) {
      const expected = new Date(n * 86_400_000).toISOString().slice(0, 10);
      if (fromEpochDay(n) !== expected) throw new Error(`day ${n}: ${fromEpochDay(n)} != ${expected}`);
    }
  });
});

describe('a file in the way of a cache directory not named like one', () => {
  it('is left alone and the run goes uncached with one warning', async () => {
    const blocker = path.join(dir, 'hostname');
    fs.writeFileSync(blocker, 'precious\n');
    const warnings: string[] = [];
    const cache = await open(path.join(blocker, 'cache.sqlite'), warnings);
    expect(cache).toBeNull();
    expect(fs.readFileSync(blocker, 'utf8')).toBe('precious\n');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cache disabled: .*hostname is not a directory/);
  });
});
