// Where a cache file lives: its directory made private, what is at the path recognised as folio's (a
// damaged cache of folio's is moved aside) or not (never touched), and what a SQLite error on it means.
// The SQLite store opens the file only after these checks.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../errors.js';
import { openReadOnly } from './sqlite-connect.js';

export const TABLE = 'keyv';
export const META_TABLE = 'folio_meta';
type StoreError = Error & { code?: string };

const CORRUPT_CODES = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_CANTOPEN', 'SQLITE_IOERR']);

/** An error that means the file is damaged (moved aside and replaced). */
export function isCorruption(error: unknown): boolean {
  const e = error as StoreError;
  return typeof e?.code === 'string' && CORRUPT_CODES.has(e.code);
}

/** An error that means the location cannot be written (the run goes uncached). */
export function isUnwritable(error: unknown): boolean {
  const code = (error as StoreError)?.code;
  return (
    code === 'EACCES' ||
    code === 'EROFS' ||
    code === 'EPERM' ||
    code === 'SQLITE_READONLY' ||
    code === 'ENOENT'
  );
}

/** SQLite's answer when another connection holds the lock it needs. */
export const isBusy = (error: unknown): boolean => (error as StoreError)?.code === 'SQLITE_BUSY';

/** The first 16 bytes of every SQLite database file. */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
/**
 * Text only folio's cache holds: its own table's name and its keys (`folio:q:AAPL`, `folio:hb:AAPL`, and
 * `folio:h:AAPL` of earlier versions).
 */
const FOLIO_MARKS = [META_TABLE, 'folio:q:', 'folio:hb:', 'folio:h:'].map((m) => Buffer.from(m, 'latin1'));

/** A file at the cache path that is not folio's cache: never used, moved or replaced. */
export class ForeignDatabaseError extends Error {
  override name = 'ForeignDatabaseError';
  /** What the user is told: the file named, left as it is, exit 2. */
  usageError(file: string): UsageError {
    return new UsageError(`cache file ${file} is not folio's cache (${this.message}); left as it is`, {
      hint: "point --cache (or FOLIO_CACHE, or the cachePath setting) at folio's cache or a new file",
    });
  }
}

/** True when one of `marks` occurs in `file` (read in pieces: a damaged cache can be large). */
function contains(file: string, marks: readonly Buffer[]): boolean {
  const overlap = Math.max(...marks.map((m) => m.length));
  const fd = fs.openSync(file, 'r');
  try {
    const chunk = Buffer.alloc(1 << 20);
    let carry = Buffer.alloc(0);
    for (let at = 0; ; ) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, at);
      if (n === 0) return false;
      at += n;
      const text = Buffer.concat([carry, chunk.subarray(0, n)]);
      if (marks.some((m) => text.includes(m))) return true;
      carry = text.subarray(Math.max(0, text.length - overlap));
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Decides whether the file at the cache path is folio's before anything writes to it. Folio's: empty;
 * a SQLite database with no tables but folio's (`keyv`, `folio_meta`), or none; a SQLite file whose
 * schema cannot be read (damaged) but whose bytes hold folio's marks (its table name or its keys):
 * then the corruption error is thrown, and the file is moved aside. Anything else (no SQLite header,
 * another program's tables, an unreadable SQLite file with nothing of folio's in it) throws
 * ForeignDatabaseError: folio must not touch it.
 */
export async function checkCacheFile(file: string, busyTimeoutMs: number): Promise<void> {
  const size = fs.statSync(file).size;
  if (size === 0) return;
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (!head.equals(SQLITE_HEADER)) throw new ForeignDatabaseError('not a SQLite database');
  let names: string[];
  try {
    const db = await openReadOnly(file, busyTimeoutMs);
    try {
      const rows = (await db.query(`SELECT name FROM sqlite_master WHERE type = 'table'`)) as {
        name: string;
      }[];
      names = rows.map((r) => r.name);
    } finally {
      await db.close().catch(() => {});
    }
  } catch (error) {
    if (!isCorruption(error) || contains(file, FOLIO_MARKS)) throw error;
    throw new ForeignDatabaseError(
      `a SQLite file that cannot be read (${describe(error)}), with nothing of folio's in it`,
    );
  }
  const foreign = names.filter((n) => n !== TABLE && n !== META_TABLE && !n.startsWith('sqlite_'));
  if (foreign.length > 0)
    throw new ForeignDatabaseError(`another program's SQLite database (tables ${foreign.join(', ')})`);
}

export function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as StoreError).code;
    const message = error.message.replace(/^SQLITE_\w+: /, '');
    return code !== undefined && !message.includes(code) ? `${code}: ${message}` : message;
  }
  return String(error);
}

function stamp(now: () => number): string {
  return new Date(now()).toISOString().replace(/[:.]/g, '-');
}

/** Moves a damaged cache (and its WAL/SHM companions) aside; returns the new name. */
export function moveAside(file: string, now: () => number): string {
  // Never a device, socket or pipe (FOLIO_CACHE=/dev/null as root must not rename /dev/null).
  const st = fs.lstatSync(file);
  if (!st.isFile()) throw Object.assign(new Error(`${file} is not a regular file`), { code: 'ENOTREG' });
  const target = `${file}.corrupt-${stamp(now)}`;
  fs.renameSync(file, target);
  for (const suffix of ['-wal', '-shm', '-journal']) {
    try {
      fs.renameSync(file + suffix, target + suffix);
    } catch {
      // companion absent
    }
  }
  return target;
}

/**
 * Makes sure the cache's directory exists (mode 0700) and the file can be created (mode 0600). A
 * regular file standing where the cache's own directory should be is moved aside (a damaged layout),
 * and so is an empty directory standing where the file should be. Anything riskier to move (a file
 * higher up the path, a directory with contents, a device) disables the cache instead: folio only ever
 * renames what can only be its own debris.
 */
export function prepareLocation(file: string, now: () => number, warn: (m: string) => void): void {
  const dir = path.resolve(path.dirname(file));
  const parts = dir.split(path.sep);
  for (let i = 2; i <= parts.length; i += 1) {
    const p = parts.slice(0, i).join(path.sep) || path.sep;
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(p);
    } catch {
      break;
    }
    if (!st.isDirectory()) {
      // Only the cache's own folder (named like one: "folio..." or "...cache...") is folio's to repair;
      // any other file in the way (say /etc/hostname in a mistyped FOLIO_CACHE) is left alone.
      if (p !== dir || !fs.lstatSync(p).isFile() || !/folio|cache/i.test(path.basename(p)))
        throw Object.assign(new Error(`${p} is not a directory`), { code: 'ENOTDIR' });
      const target = `${p}.corrupt-${stamp(now)}`;
      fs.renameSync(p, target);
      warn(`cache location ${p} was a file, not a directory; moved it to ${target} and started a new cache`);
      break;
    }
  }
  ensureDirectory(dir);
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(file);
  } catch {
    st = undefined;
  }
  if (st?.isDirectory()) {
    if (fs.readdirSync(file).length > 0)
      throw Object.assign(new Error(`${file} is a directory`), { code: 'EISDIR' });
    const target = `${file}.corrupt-${stamp(now)}`;
    fs.renameSync(file, target);
    warn(`cache file ${file} was a directory; moved it to ${target} and started a new cache`);
    st = undefined;
  }
  if (st !== undefined && !st.isFile())
    throw Object.assign(new Error(`${file} is not a regular file`), { code: 'ENOTREG' });
  if (st === undefined) {
    // Created here, not by SQLite, so that the mode is 0600 whatever the umask.
    fs.closeSync(fs.openSync(file, 'a', 0o600));
    fs.chmodSync(file, 0o600);
  }
}

/**
 * Creates `dir` and its missing parents with mode 0700, one level at a time (Node's recursive mkdir
 * spins forever on some pseudo file systems, e.g. under /proc). A directory another run made meanwhile
 * (overlapping first runs, say several cron jobs) is as good as one made here.
 */
function ensureDirectory(dir: string): void {
  const missing: string[] = [];
  let p = path.resolve(dir);
  while (!fs.existsSync(p)) {
    missing.unshift(p);
    const parent = path.dirname(p);
    if (parent === p) break;
    p = parent;
  }
  for (const m of missing) {
    try {
      fs.mkdirSync(m, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !fs.statSync(m).isDirectory()) throw error;
    }
  }
}
