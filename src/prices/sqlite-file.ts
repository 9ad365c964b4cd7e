// Where a cache file lives: its directory made private, a damaged or foreign file moved aside, never
// anything else touched, and what a SQLite error on it means. The SQLite store opens the file only
// after these checks.
import fs from 'node:fs';
import path from 'node:path';

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

export async function refuseForeignDatabase(file: string, busyTimeoutMs: number): Promise<void> {
  if (fs.statSync(file).size === 0) return;
  // sqlite3 is the driver @keyv/sqlite itself uses (the same installed module).
  const { default: sqlite3 } = await import('sqlite3');
  const names = await new Promise<string[]>((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (openError) => {
      if (openError) return reject(openError);
      db.configure('busyTimeout', busyTimeoutMs);
      db.all(
        `SELECT name FROM sqlite_master WHERE type = 'table'`,
        (error: Error | null, rows: { name: string }[]) => {
          db.close(() => (error ? reject(error) : resolve(rows.map((r) => r.name))));
        },
      );
    });
  });
  const foreign = names.filter((n) => n !== TABLE && n !== META_TABLE && !n.startsWith('sqlite_'));
  if (foreign.length > 0)
    throw new ForeignDatabaseError(`not a folio cache: it has tables ${foreign.join(', ')}`);
}

export class ForeignDatabaseError extends Error {
  override name = 'ForeignDatabaseError';
}

export function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as StoreError).code;
    const message = error.message.replace(/^SQLITE_\w+: /, '');
    return code !== undefined && !message.includes(code) ? `${code}: ${message}` : message;
  }
  return String(error);
}

export function stamp(now: () => number): string {
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
 * spins forever on some pseudo file systems, e.g. under /proc).
 */
export function ensureDirectory(dir: string): void {
  const missing: string[] = [];
  let p = path.resolve(dir);
  while (!fs.existsSync(p)) {
    missing.unshift(p);
    const parent = path.dirname(p);
    if (parent === p) break;
    p = parent;
  }
  for (const m of missing) fs.mkdirSync(m, { mode: 0o700 });
}
