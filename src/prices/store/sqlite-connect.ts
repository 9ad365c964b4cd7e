// Connections to the cache file: keyv over @keyv/sqlite (plain JSON values), and the read-only way in
// for a cache this user cannot write (a file of mode 0444, a read-only directory or mount).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Keyv from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import { NAMESPACE, parseOrUndefined } from './store.js';

/** A read-only connection: `query` resolves to the rows. */
export interface Connection {
  query(sql: string, ...params: unknown[]): Promise<unknown[]>;
  close(): Promise<void>;
}

/**
 * Opens `file` read-only. A WAL database in a directory that cannot be written cannot be read the
 * usual way (SQLite must create its -shm file first): it is then read as the file stands (immutable).
 */
export async function openReadOnly(file: string, busyTimeoutMs: number): Promise<Connection> {
  // sqlite3 is the driver @keyv/sqlite itself uses (the same installed module).
  const { default: sqlite3 } = await import('sqlite3');
  const open = (name: string, mode: number) =>
    new Promise<Connection>((resolve, reject) => {
      const db = new sqlite3.Database(name, mode, (error) => {
        if (error) return reject(error);
        db.configure('busyTimeout', busyTimeoutMs);
        resolve({
          query: (sql, ...params) =>
            new Promise((ok, fail) =>
              db.all(sql, ...params, (e: Error | null, rows: unknown[]) => (e ? fail(e) : ok(rows))),
            ),
          close: () => new Promise((ok, fail) => db.close((e) => (e ? fail(e) : ok()))),
        });
      });
    });
  const plain = await open(file, sqlite3.OPEN_READONLY);
  try {
    await plain.query('SELECT count(*) FROM sqlite_master');
    return plain;
  } catch (error) {
    await plain.close().catch(() => {});
    const code = (error as { code?: unknown }).code;
    if (code !== 'SQLITE_READONLY' && code !== 'SQLITE_CANTOPEN') throw error;
    return open(`${pathToFileURL(file).href}?immutable=1`, sqlite3.OPEN_READONLY | sqlite3.OPEN_URI);
  }
}

/**
 * keyv's SQLite adapter over a read-only connection to `file`. The adapter opens its own file
 * read-write and creates its table there: it gets an in-memory database for that, and its queries go to
 * the read-only connection. A file without folio's table holds nothing to read: an EROFS error.
 */
export async function readOnlyAdapter(
  file: string,
  table: string,
  busyTimeoutMs: number,
): Promise<KeyvSqlite> {
  const db = await openReadOnly(file, busyTimeoutMs);
  const tables = await db.query(`SELECT name FROM sqlite_master WHERE name = ?`, table);
  if (tables.length === 0) {
    await db.close().catch(() => {});
    throw Object.assign(new Error('read-only, and it holds no prices yet'), { code: 'EROFS' });
  }
  const store = new KeyvSqlite({ uri: 'sqlite://:memory:', table });
  const closeOwn = store.close.bind(store);
  store.query = (sql, ...params) => db.query(sql, ...params);
  store.close = async () => {
    await closeOwn().catch(() => {});
    await db.close();
  };
  return store;
}

/** keyv over folio's SQLite adapter: plain JSON, and a value damaged on disk reads as a miss. */
export function keyvOver(store: KeyvSqlite): Keyv {
  return new Keyv({
    store,
    namespace: NAMESPACE,
    // Plain JSON: keyv's default serializer walks every value by hand and is several times slower on
    // thousands of bars; numbers, strings and arrays are all the cache holds.
    serialize: JSON.stringify,
    // A value damaged on disk reads as a miss (refetched), not as a failed run.
    deserialize: parseOrUndefined as (data: string) => never,
    throwOnErrors: true,
  });
}

/**
 * The stored value of each of `keys` (full keys, namespace included) in `table` that has a row, as
 * SQLite gives it (text as a string, a BLOB as a Buffer), unparsed: one query for all of them.
 */
export async function storedCells(
  store: KeyvSqlite,
  table: string,
  keys: readonly string[],
): Promise<Map<string, string | Buffer>> {
  const rows = (await store.query(
    `SELECT key, value FROM ${table} WHERE key IN (SELECT value FROM json_each(?))`,
    JSON.stringify(keys),
  )) as { key: string; value: string | Buffer }[];
  return new Map(rows.map((row) => [row.key, row.value]));
}

/** False when this user cannot write the cache file or its directory (where SQLite keeps -wal, -shm). */
export function writable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    fs.accessSync(path.dirname(file), fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs `body` in one IMMEDIATE transaction: committed whole, or rolled back and the error rethrown. */
export async function inTransaction(store: KeyvSqlite, body: () => Promise<void>): Promise<void> {
  await store.query('BEGIN IMMEDIATE');
  try {
    await body();
    await store.query('COMMIT');
  } catch (error) {
    await store.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** The bytes of the database file and of its write-ahead log, if there is one now. */
export function fileBytesOf(file: string): number {
  let bytes = 0;
  for (const suffix of ['', '-wal']) {
    try {
      bytes += fs.statSync(file + suffix).size;
    } catch {
      // no WAL file right now
    }
  }
  return bytes;
}
