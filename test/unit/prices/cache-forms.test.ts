// The SQLite store's two forms of a history: the BLOB this version writes (`folio:hb:<symbol>`), and the
// keyv JSON text of earlier versions (`folio:h:<symbol>`), read as before and rewritten as a BLOB.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PriceCache } from '../../../src/prices/store/cache.js';
import {
  type CachedHistory,
  decodeHistory,
  encodeHistory,
  historyKey,
  storedRow,
  storedValue,
} from '../../../src/prices/store/store.js';

const FIXTURE = path.join(import.meta.dirname, '../../../fixtures/cache/text-histories.sqlite');
const SYMBOLS = ['NVDA', 'VOD.L', 'VTI', 'SPY', 'GBPUSD=X'];

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-forms-'));
  file = path.join(dir, 'cache.sqlite');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

type Db = { all(sql: string, ...params: unknown[]): Promise<unknown[]>; close(): Promise<void> };
/** A plain connection to `file`, to look at (or change) what the store wrote. */
async function sql(at: string): Promise<Db> {
  const sqlite3 = (await import('sqlite3')).default;
  const db = await new Promise<InstanceType<typeof sqlite3.Database>>((resolve, reject) => {
    const d = new sqlite3.Database(at, (e) => (e ? reject(e) : resolve(d)));
  });
  return {
    all: (q, ...params) =>
      new Promise((ok, ko) => db.all(q, ...params, (e: Error | null, r: unknown[]) => (e ? ko(e) : ok(r)))),
    close: () => new Promise((ok) => db.close(() => ok())),
  };
}

/** The rows of `at` as key and SQLite type, sorted. */
async function rowKinds(at: string): Promise<string[]> {
  const db = await sql(at);
  const rows = (await db.all(`SELECT key, typeof(value) AS t FROM keyv ORDER BY key`)) as {
    key: string;
    t: string;
  }[];
  await db.close();
  return rows.map((r) => `${r.key} ${r.t}`);
}

/** The fixture's histories decoded from its text rows by the text form's own decoder. */
async function fixtureHistories(): Promise<Map<string, CachedHistory>> {
  const db = await sql(FIXTURE);
  const rows = (await db.all(`SELECT key, value FROM keyv WHERE key LIKE 'folio:h:%'`)) as {
    key: string;
    value: string;
  }[];
  await db.close();
  const out = new Map<string, CachedHistory>();
  for (const r of rows) {
    const symbol = r.key.slice('folio:h:'.length);
    out.set(symbol, decodeHistory(storedValue(r.value), symbol)!);
  }
  return out;
}

const open = async (warnings: string[] = []) =>
  (await PriceCache.open(file, { warn: (m) => warnings.push(m) }))!;

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.from(a).every((x, i) => Object.is(x, b[i]));
function expectSameHistory(got: CachedHistory | undefined, want: CachedHistory): void {
  const { bars, ...rest } = got!;
  const { bars: wantBars, ...wantRest } = want;
  expect(rest).toEqual(wantRest);
  expect(bars.length).toBeGreaterThan(0);
  expect(sameBits(bars.days, wantBars.days) && sameBits(bars.close, wantBars.close)).toBe(true);
  expect(sameBits(bars.adjClose, wantBars.adjClose)).toBe(true);
}

describe('a cache written by the previous version (histories as JSON text)', () => {
  it('reads every history as before, and rewrites them as BLOBs when closed', async () => {
    fs.copyFileSync(FIXTURE, file);
    const want = await fixtureHistories();
    expect([...want.keys()].sort()).toEqual([...SYMBOLS].sort());
    const warnings: string[] = [];
    const cache = await open(warnings);
    const read = await cache.getHistories(SYMBOLS);
    for (const s of SYMBOLS) expectSameHistory(read.get(s), want.get(s)!);
    expect((await cache.getQuotes(SYMBOLS)).size).toBe(5);
    await cache.close();
    expect(warnings).toEqual([]);
    const kinds = await rowKinds(file);
    expect(kinds.filter((k) => k.startsWith('folio:h:'))).toEqual([]);
    expect(kinds.filter((k) => k.startsWith('folio:hb:'))).toEqual(
      [...SYMBOLS].sort().map((s) => `folio:hb:${s} blob`),
    );
    const db = await sql(file);
    // Still only folio's two tables: an earlier version opens this file as its own (and sees no histories).
    expect(await db.all(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)).toEqual([
      { name: 'folio_meta' },
      { name: 'keyv' },
    ]);
    expect(await db.all(`SELECT value FROM folio_meta WHERE key = 'schema'`)).toEqual([{ value: '2' }]);
    await db.close();
    const again = await open();
    const reread = await again.getHistories(SYMBOLS);
    for (const s of SYMBOLS) expectSameHistory(reread.get(s), want.get(s)!);
    await again.close();
  });

  it('rebuilds the file without the pages the text rows freed, once', async () => {
    fs.copyFileSync(FIXTURE, file);
    const cache = await open();
    await cache.getHistories(SYMBOLS);
    await cache.close();
    const db = await sql(file);
    const [free] = (await db.all('PRAGMA freelist_count')) as { freelist_count: number }[];
    await db.close();
    expect(free!.freelist_count).toBe(0);
  });

  it("rewrites them in the run's write transaction when the run writes", async () => {
    fs.copyFileSync(FIXTURE, file);
    const cache = await open();
    await cache.getHistories(['NVDA', 'SPY']);
    await cache.write({ breaker: { state: 'closed' } });
    // Committed before the cache is closed: the rewrite was part of the write.
    expect((await rowKinds(file)).filter((k) => /^folio:hb?:(NVDA|SPY) /.test(k))).toEqual([
      'folio:hb:NVDA blob',
      'folio:hb:SPY blob',
    ]);
    await cache.close();
    expect((await rowKinds(file)).filter((k) => k.startsWith('folio:h:'))).toEqual([
      'folio:h:GBPUSD=X text',
      'folio:h:VOD.L text',
      'folio:h:VTI text',
    ]);
  });

  it('counts each history once in statistics, and clears both forms', async () => {
    fs.copyFileSync(FIXTURE, file);
    const cache = await open();
    await cache.getHistories(['NVDA']);
    await cache.write({});
    const db = await sql(file);
    // An earlier version ran since and wrote VTI's text row again beside its BLOB.
    await cache.getHistories(['VTI']);
    await cache.write({});
    const vti = (await fixtureHistories()).get('VTI')!;
    const [key, value] = storedRow(historyKey('VTI'), encodeHistory(vti));
    await db.all(`INSERT INTO keyv (key, value) VALUES (?, ?)`, key, value);
    await db.close();
    const stats = await cache.statistics();
    expect([stats.histories, stats.quotes]).toEqual([5, 5]);
    expect(stats.symbols).toEqual([...SYMBOLS].sort());
    expect(await cache.clear({ symbol: 'VTI' })).toBe(2);
    expect((await rowKinds(file)).filter((k) => k.includes(':VTI '))).toEqual([]);
    expect(await cache.clear({ fetchedBefore: Date.parse('2100-01-01') })).toBe(8);
    expect((await rowKinds(file)).filter((k) => /^folio:(q|h|hb):/.test(k))).toEqual([]);
    await cache.close();
  });
});

describe('a text row beside a BLOB (an earlier version wrote it since)', () => {
  const write = async (history: CachedHistory, asText: CachedHistory) => {
    const cache = await open();
    await cache.write({ histories: [history] });
    await cache.close();
    const db = await sql(file);
    const [key, value] = storedRow(historyKey(asText.symbol), encodeHistory(asText));
    await db.all(`INSERT INTO keyv (key, value) VALUES (?, ?)`, key, value);
    await db.close();
  };

  it('is read when it is fresher, then rewritten as the BLOB', async () => {
    const spy = (await fixtureHistories()).get('SPY')!;
    const older = { ...spy, to: '2026-11-20', bars: spy.bars.slice(0, spy.bars.length - 5) };
    await write(older, spy);
    const cache = await open();
    expectSameHistory((await cache.getHistories(['SPY'])).get('SPY'), spy);
    await cache.close();
    expect((await rowKinds(file)).filter((k) => k.includes(':SPY'))).toEqual(['folio:hb:SPY blob']);
    const again = await open();
    expectSameHistory((await again.getHistories(['SPY'])).get('SPY'), spy);
    await again.close();
  });

  it('loses to a fresher BLOB, and is deleted', async () => {
    const spy = (await fixtureHistories()).get('SPY')!;
    const older = { ...spy, to: '2026-11-20', bars: spy.bars.slice(0, spy.bars.length - 5) };
    await write(spy, older);
    const cache = await open();
    expectSameHistory((await cache.getHistories(['SPY'])).get('SPY'), spy);
    await cache.close();
    expect((await rowKinds(file)).filter((k) => k.includes(':SPY'))).toEqual(['folio:hb:SPY blob']);
  });
});

describe('a damaged cache holding only BLOB histories', () => {
  it("is still recognised as folio's by its keys: moved aside and replaced, not refused", async () => {
    // folio's tables as this version leaves them, with BLOB histories and nothing else.
    const db = await sql(file);
    await db.all('CREATE TABLE keyv (key VARCHAR(255) PRIMARY KEY, value TEXT)');
    await db.all('CREATE TABLE folio_meta (key TEXT PRIMARY KEY, value TEXT)');
    for (let i = 0; i < 40; i++)
      await db.all('INSERT INTO keyv (key, value) VALUES (?, ?)', `folio:hb:S${i}`, Buffer.alloc(3000, i));
    await db.close();
    // Garbage over the first page (SQLite's header after its first 16 bytes, and the schema with the
    // table names in it).
    const bytes = fs.readFileSync(file);
    bytes.fill(0xa5, 16, 4096);
    fs.writeFileSync(file, bytes);
    const warnings: string[] = [];
    const fresh = await open(warnings);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/damaged .*moved it to /);
    await fresh.close();
  });
});
