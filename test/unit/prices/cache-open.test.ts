// Opening the SQLite cache: the first open of a new file records folio's schema; every later open
// (each warm run) only reads it: it writes nothing, and another run holding the write lock (a cold run
// storing its fetches) does not hold it up.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { PriceCache } from '../../../src/prices/store/cache.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-open-'));
  file = path.join(dir, 'cache.sqlite');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Another connection's view of the file: SQLite's data_version moves when some other connection commits. */
async function watcher(at: string): Promise<{
  version(): Promise<number>;
  run(sql: string): Promise<void>;
  close(): Promise<void>;
}> {
  const db = await new Promise<sqlite3.Database>((resolve, reject) => {
    const d = new sqlite3.Database(at, (e) => (e ? reject(e) : resolve(d)));
  });
  return {
    version: () =>
      new Promise((ok, ko) =>
        db.get('PRAGMA data_version', (e: Error | null, r: { data_version: number }) =>
          e ? ko(e) : ok(r.data_version),
        ),
      ),
    run: (sql) => new Promise((ok, ko) => db.run(sql, (e: Error | null) => (e ? ko(e) : ok()))),
    close: () => new Promise((ok) => db.close(() => ok())),
  };
}

const warnings: string[] = [];
const open = async (busyTimeoutMs = 5000) =>
  (await PriceCache.open(file, { warn: (m) => warnings.push(m), busyTimeoutMs }))!;

it('the first open records the schema; a later open of that file commits nothing', async () => {
  const first = await open();
  await first.close();
  const w = await watcher(file);
  try {
    const before = await w.version();
    const again = await open();
    await again.close();
    expect(await w.version()).toBe(before);
    // The check is able to see a commit of another connection.
    const third = await open();
    await third.write({ breaker: { version: 1, state: 'closed' } });
    await third.close();
    expect(await w.version()).not.toBe(before);
  } finally {
    await w.close();
  }
});

it('a later open is not held up by another connection holding the write lock', async () => {
  const first = await open();
  await first.close();
  const w = await watcher(file);
  try {
    await w.run('BEGIN IMMEDIATE');
    warnings.length = 0;
    const started = Date.now();
    const again = await open(1500);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(warnings).toEqual([]);
    expect(again).not.toBeNull();
    await again.close();
    await w.run('COMMIT');
  } finally {
    await w.close();
  }
});
