// The cache on a real Redis server (started here on a loopback port), and the rules both stores share:
// the freshest complete entry stays whatever order writers land in; only folio's keys are touched; a
// server that is unreachable, stalled or killed mid-run gives ONE warning and the local file; and the
// URL's credentials never show.
import { DailyBars } from '../../../src/bars.js';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type CachedHistory,
  type CachedQuote,
  PriceCache,
  historyKey,
  maskCredentials,
  parseServerUrl,
  storedRow,
} from '../../../src/prices/store/cache.js';
import { type RedisServer, freePort, redisAvailable, startRedis } from '../../shared-cache/redis.js';

const quote = (fetchedAt: number, price: number): CachedQuote => ({
  symbol: 'AAPL',
  name: 'Apple Inc.',
  currency: 'USD',
  quoteType: 'EQUITY',
  price,
  previousClose: 189,
  marketTime: 1_764_277_200_000,
  marketState: 'CLOSED',
  exchangeTimezone: 'America/New_York',
  exchangeName: 'NasdaqGS',
  fetchedAt,
});
const history = (from: string, to: string, fetchedAt: number, closes: number[]): CachedHistory => ({
  symbol: 'AAPL',
  currency: 'USD',
  exchangeTimezone: 'America/New_York',
  from,
  to,
  fetchedAt,
  bars: DailyBars.of(
    closes.map((close, i) => ({
      date: `2024-01-${String(2 + i).padStart(2, '0')}`,
      close,
      adjClose: close,
    })),
  ),
  splits: [],
  dividends: [],
  name: 'Apple',
  quoteType: 'EQUITY',
  lastPrice: closes.at(-1) ?? null,
  lastMarketTime: null,
});

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-cache-server-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('cache server URLs', () => {
  it.each([
    ['redis://user:s3cret@host:6379/0', 'redis://***@host:6379/0'],
    ['rediss://:s3cret@cache.example:6380/2', 'rediss://***@cache.example:6380/2'],
    ['redis://host:6379/0', 'redis://host:6379/0'],
    ['/home/me/.cache/folio/cache.sqlite', '/home/me/.cache/folio/cache.sqlite'],
  ])('masks %s as %s', (url, shown) => {
    expect(maskCredentials(url)).toBe(shown);
  });

  it('removes the password from a message quoting it', () => {
    expect(
      maskCredentials('WRONGPASS for s3cret-pw at redis://u:s3cret-pw@h:1/0', 'redis://u:s3cret-pw@h:1/0'),
    ).not.toContain('s3cret');
  });

  it.each([
    ['redis://h:6379/0', null],
    ['rediss://u:p@h/3', null],
    ['postgres://h/db', /unsupported cache server postgres:\/\//],
    ['redis://h:6379/zero', /must be a number/],
    ['redis://:6379', /not a valid URL|no host/],
  ])('checks %s', (url, problem) => {
    const result = parseServerUrl(url);
    if (problem === null) expect(result).toBeNull();
    else expect(result).toMatch(problem);
  });
});

const hasRedis = redisAvailable();

describe.runIf(hasRedis)('the cache on a Redis server', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis({ password: 'pa55-word' });
  });
  afterAll(async () => {
    await redis?.stop();
  });
  beforeEach(() => {
    redis.cli('FLUSHALL');
  });

  const openServer = async (
    warnings: string[] = [],
    extra: Partial<Parameters<typeof PriceCache.open>[1]> = {},
  ) =>
    (await PriceCache.open(redis.url, {
      warn: (m) => warnings.push(m),
      fallbackPath: path.join(dir, 'local.sqlite'),
      ...extra,
    }))!;

  it('stores quotes, histories and the breaker under folio keys, readable by another client', async () => {
    const warnings: string[] = [];
    const a = await openServer(warnings);
    const h = history('2024-01-01', '2024-01-05', 1000, [100, 101, 102]);
    await a.write({ quotes: [quote(1000, 190)], histories: [h], breaker: { version: 1, state: 'closed' } });
    await a.close();
    expect(redis.cli('KEYS', '*').trim().split('\n').sort()).toEqual([
      'folio:h:AAPL',
      'folio:meta:breaker',
      'folio:q:AAPL',
    ]);
    const b = await openServer(warnings);
    expect((await b.getQuotes(['AAPL', 'MSFT'])).get('AAPL')?.price).toBe(190);
    expect((await b.getHistories(['AAPL'])).get('AAPL')).toEqual(h);
    expect(await b.getBreaker()).toEqual({ version: 1, state: 'closed' });
    expect(b.path).toBe(`redis://***@127.0.0.1:${redis.port}/0`);
    await b.close();
    expect(warnings).toEqual([]);
  });

  it.each(['server', 'file'] as const)(
    'keeps the freshest complete entry whatever the write order (%s)',
    async (where) => {
      const open = async () =>
        where === 'server'
          ? openServer()
          : (await PriceCache.open(path.join(dir, 'c.sqlite'), { warn: () => {} }))!;
      const c = await open();
      const wide = history('2023-12-01', '2024-01-05', 2000, [100, 101, 102]);
      const narrowNewer = history('2024-01-02', '2024-01-05', 3000, [100, 101, 102]);
      const longer = history('2024-01-02', '2024-01-06', 1500, [100, 101, 102, 103]);
      const older = history('2023-12-01', '2024-01-05', 1000, [1, 1, 1]);
      // The later `to` wins over a wider or newer one on the same `to`, in either order.
      await c.write({ histories: [longer] });
      await c.write({ histories: [wide] });
      await c.write({ histories: [narrowNewer] });
      expect((await c.getHistories(['AAPL'])).get('AAPL')).toEqual(longer);
      await c.clear();
      // Same `to`: the one reaching further back stays; same range: the later fetch.
      await c.write({ histories: [wide] });
      await c.write({ histories: [narrowNewer] });
      await c.write({ histories: [older] });
      expect((await c.getHistories(['AAPL'])).get('AAPL')).toEqual(wide);
      // Quotes: the later fetch.
      await c.write({ quotes: [quote(2000, 191)] });
      await c.write({ quotes: [quote(1000, 150)] });
      expect((await c.getQuotes(['AAPL'])).get('AAPL')?.price).toBe(191);
      await c.write({ quotes: [quote(3000, 192)] });
      expect((await c.getQuotes(['AAPL'])).get('AAPL')?.price).toBe(192);
      await c.close();
    },
  );

  it.each(['server', 'file'] as const)(
    'replaces a history stored in an older form, even one with later dates (%s)',
    async (where) => {
      const latest = history('2023-12-01', '2024-01-09', 9000, [1, 2, 3]);
      const { bars: _bars, ...fields } = latest;
      // The first stored form: the same fields, the bars as JSON arrays.
      const old = {
        v: 1,
        ...fields,
        day0: Date.UTC(2024, 0, 2) / 86_400_000,
        days: [0, 1, 1],
        close: [1, 2, 3],
        adj: null,
      };
      const row = storedRow(historyKey('AAPL'), old);
      const file = path.join(dir, 'c.sqlite');
      const openCache = async () =>
        where === 'server' ? openServer() : (await PriceCache.open(file, { warn: () => {} }))!;
      if (where === 'server') redis.cli('SET', row[0], row[1]);
      else {
        await (await openCache()).close();
        const sqlite3 = (await import('sqlite3')).default;
        const db = new sqlite3.Database(file);
        await new Promise<void>((resolve, reject) =>
          db.run('INSERT INTO keyv (key, value) VALUES (?, ?)', row, (e) => (e ? reject(e) : resolve())),
        );
        await new Promise<void>((resolve) => db.close(() => resolve()));
      }
      const c = await openCache();
      const older = history('2023-12-01', '2024-01-05', 1000, [100, 101, 102]);
      expect((await c.getHistories(['AAPL'])).get('AAPL')?.to).toBe('2024-01-09');
      await c.write({ histories: [older] });
      expect((await c.getHistories(['AAPL'])).get('AAPL')).toEqual(older);
      await c.close();
    },
  );

  it('keeps an open breaker until its open period ends, whatever a closed run writes', async () => {
    const now = 1_000_000;
    const c = await openServer([], { now: () => now });
    const open = {
      version: 1,
      state: 'open',
      openedAt: now - 10,
      openUntil: now + 30_000,
      consecutiveFailures: 5,
      recent: [],
    };
    await c.write({ breaker: open });
    await c.write({ breaker: { ...open, state: 'closed', openedAt: null, openUntil: null } });
    expect(await c.getBreaker()).toEqual(open);
    const longer = { ...open, openUntil: now + 60_000 };
    await c.write({ breaker: longer });
    expect(await c.getBreaker()).toEqual(longer);
    await c.close();
    // Once the period is over, a closed state replaces it.
    const later = await openServer([], { now: () => now + 61_000 });
    const closed = { ...open, state: 'closed', openedAt: null, openUntil: null };
    await later.write({ breaker: closed });
    expect(await later.getBreaker()).toEqual(closed);
    await later.close();
  });

  it('a run waits for the histories another run is fetching, and not for a lease that ran out', async () => {
    const a = await openServer();
    const b = await openServer();
    expect((await a.getHistories(['AAPL'])).size).toBe(0); // a leases AAPL
    expect(redis.cli('EXISTS', 'folio:lease:h:AAPL').trim()).toBe('1');
    const waiting = b.getHistories(['AAPL']);
    const h = history('2024-01-01', '2024-01-05', 1000, [100, 101, 102]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await a.write({ histories: [h] });
    expect((await waiting).get('AAPL')).toEqual(h);
    await a.close();
    expect(redis.cli('EXISTS', 'folio:lease:h:AAPL').trim()).toBe('0');
    // A lease whose run is gone (never renewed, 300 ms left): the waiter gives up on it and fetches.
    redis.cli('SET', 'folio:lease:h:MSFT', 'a-dead-run', 'PX', '300');
    const started = Date.now();
    expect((await b.getHistories(['MSFT'])).size).toBe(0);
    expect(Date.now() - started).toBeLessThan(3000);
    await b.close();
  });

  it('clears only folio keys, and reports them in statistics', async () => {
    redis.cli('SET', 'other-app:session', 'x');
    redis.cli('SET', 'folio-not-ours', 'y');
    const c = await openServer();
    await c.write({
      quotes: [quote(1000, 190)],
      histories: [history('2024-01-01', '2024-01-05', 2000, [100, 101])],
    });
    const st = await c.statistics();
    expect(st).toMatchObject({
      location: 'server',
      quotes: 1,
      histories: 1,
      symbols: ['AAPL'],
      oldestBar: '2024-01-02',
      newestBar: '2024-01-03',
      oldestFetch: 1000,
      newestFetch: 2000,
    });
    expect(st.fileBytes).toBeGreaterThan(100);
    expect(await c.clear({ fetchedBefore: 1500 })).toBe(1);
    expect(await c.clear()).toBe(1);
    await c.close();
    expect(redis.cli('KEYS', '*').trim().split('\n').sort()).toEqual(['folio-not-ours', 'other-app:session']);
  });

  it('a wrong password: one warning without it, and the local file', async () => {
    const warnings: string[] = [];
    const url = redis.url.replace('pa55-word', 'wrong-pass');
    const c = await PriceCache.open(url, {
      warn: (m) => warnings.push(m),
      fallbackPath: path.join(dir, 'local.sqlite'),
    });
    expect(c?.path).toBe(path.join(dir, 'local.sqlite'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^shared cache redis:\/\/\*\*\*@127\.0\.0\.1:\d+\/0 cannot be reached \(.+\); going on with the local cache /,
    );
    expect(warnings.join('\n')).not.toMatch(/wrong-pass|pa55/);
    await c?.close();
  });

  it('a server killed mid-run: one warning, the run goes on with the local file', async () => {
    const own = await startRedis();
    const warnings: string[] = [];
    const local = path.join(dir, 'local.sqlite');
    const c = (await PriceCache.open(own.url, { warn: (m) => warnings.push(m), fallbackPath: local }))!;
    await c.write({ quotes: [quote(1000, 190)] });
    expect((await c.getQuotes(['AAPL'])).size).toBe(1);
    await own.kill();
    expect((await c.getQuotes(['AAPL'])).size).toBe(0); // the local file has nothing yet
    await c.write({ quotes: [quote(2000, 191)] });
    expect((await c.getHistories(['AAPL'])).size).toBe(0);
    await c.close();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /shared cache redis:\/\/127\.0\.0\.1:\d+\/0 failed \(.+\); going on with the local cache /,
    );
    const file = (await PriceCache.open(local, { warn: () => {} }))!;
    expect((await file.getQuotes(['AAPL'])).get('AAPL')?.price).toBe(191);
    await file.close();
  });
});

describe('an unusable server', () => {
  it('nothing listening: one warning within the bound, and the local file', async () => {
    const port = await freePort();
    const warnings: string[] = [];
    const started = Date.now();
    const c = await PriceCache.open(`redis://admin:hunter22@127.0.0.1:${port}/0`, {
      warn: (m) => warnings.push(m),
      fallbackPath: path.join(dir, 'local.sqlite'),
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(c?.path).toBe(path.join(dir, 'local.sqlite'));
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^shared cache redis://\\*\\*\\*@127\\.0\\.0\\.1:${port}/0 cannot be reached \\(.*ECONNREFUSED.*\\); going on with the local cache `,
        ),
      ),
    ]);
    await c?.close();
  });

  it('a server that accepts but never answers: bounded, one warning, uncached without a local file', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const warnings: string[] = [];
    const started = Date.now();
    const c = await PriceCache.open(`redis://127.0.0.1:${port}/0`, {
      warn: (m) => warnings.push(m),
      serverTimeoutMs: 500,
    });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(c).toBeNull();
    expect(warnings).toEqual([
      expect.stringMatching(/cannot be reached \(no answer within 500 ms\); running without a cache$/),
    ]);
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });
});
