// Opening the cache file for reading and writing: keyv over @keyv/sqlite with WAL, a busy timeout and
// a memory map, after checking that the file holds nothing but folio's tables.
import type Keyv from 'keyv';
import KeyvSqlite from '@keyv/sqlite';
import { META_TABLE, TABLE, ForeignDatabaseError, isBusy } from './sqlite-file.js';
import { keyvOver } from './sqlite-connect.js';
import { CACHE_SCHEMA_VERSION } from './store.js';

/**
 * Bytes of the file SQLite reads through a memory map instead of copying page by page into its own
 * cache (a large portfolio's histories are megabytes of BLOBs read at once; measured, a little faster).
 */
const MMAP_BYTES = 256 * 1024 * 1024;

/** A read-write connection: keyv, and the adapter under it for folio's own queries. */
export interface Connected {
  keyv: Keyv;
  store: KeyvSqlite;
}

/**
 * Connects and checks the schema. Runs that start together on a new file all create its tables, and
 * there SQLite answers SQLITE_BUSY at once instead of waiting (waiting could deadlock two connections
 * that both hold a read lock and want to write): such an open is tried again after a short random
 * pause, within the busy timeout.
 */
export async function connectWhenFree(file: string, busyTimeoutMs: number): Promise<Connected> {
  const started = Date.now();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await connect(file, busyTimeoutMs);
    } catch (error) {
      if (!isBusy(error) || Date.now() - started >= busyTimeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * Math.min(attempt, 5)));
    }
  }
}

/** Connects to `file` (created by keyv's adapter with its table when new) and checks its schema. */
export async function connect(file: string, busyTimeoutMs: number): Promise<Connected> {
  const store = new KeyvSqlite({ uri: `sqlite://${file}`, table: TABLE, busyTimeout: busyTimeoutMs });
  let connectError: unknown;
  store.on('error', (error: unknown) => (connectError ??= error));
  const keyv = keyvOver(store);
  keyv.on('error', (error: unknown) => (connectError ??= error));
  try {
    await store.query(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    await store.query('PRAGMA journal_mode = WAL');
    await store.query('PRAGMA synchronous = NORMAL');
    await store.query(`PRAGMA mmap_size = ${MMAP_BYTES}`);
    if (connectError !== undefined) throw connectError as Error;
    await checkSchema(store);
  } catch (error) {
    await store.disconnect().catch(() => {});
    throw (connectError ?? error) as Error;
  }
  return { keyv, store };
}

/**
 * Refuses another program's SQLite database; records folio's schema version: in a new file, or over an
 * earlier version's lower one (2: histories may be BLOBs, see sqlite-rows.ts). A file that already
 * records this version (every run after the first) is only read: a warm run writes nothing.
 */
async function checkSchema(store: KeyvSqlite): Promise<void> {
  const tables = (await store.query(`SELECT name FROM sqlite_master WHERE type = 'table'`)) as {
    name: string;
  }[];
  const names = tables.map((t) => t.name);
  const foreign = names.filter((n) => n !== TABLE && n !== META_TABLE && !n.startsWith('sqlite_'));
  if (foreign.length > 0)
    throw new ForeignDatabaseError(`another program's SQLite database (tables ${foreign.join(', ')})`);
  if (names.includes(META_TABLE)) {
    const [row] = (await store.query(`SELECT value FROM ${META_TABLE} WHERE key = 'schema'`)) as {
      value: string;
    }[];
    if (row !== undefined && Number(row.value) >= CACHE_SCHEMA_VERSION) return;
  } else await store.query(`CREATE TABLE IF NOT EXISTS ${META_TABLE} (key TEXT PRIMARY KEY, value TEXT)`);
  await store.query(
    `INSERT INTO ${META_TABLE} (key, value) VALUES ('schema', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value
     WHERE CAST(value AS INTEGER) < CAST(excluded.value AS INTEGER)`,
    String(CACHE_SCHEMA_VERSION),
  );
}

/**
 * After text rows were rewritten as BLOBs: when the pages they freed are a quarter of the file or more,
 * the file is rebuilt without them (once; a migrated file is otherwise larger, and its BLOBs scattered
 * among free pages read measurably slower). Another run using the file makes SQLite refuse (busy): it
 * stays as it is, which costs nothing but that speed.
 */
export async function compactFreedPages(store: KeyvSqlite): Promise<void> {
  const [free] = (await store.query('PRAGMA freelist_count')) as { freelist_count: number }[];
  const [pages] = (await store.query('PRAGMA page_count')) as { page_count: number }[];
  if (free === undefined || pages === undefined || free.freelist_count * 4 < pages.page_count) return;
  await store.query('VACUUM');
}
