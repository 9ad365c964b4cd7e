// The cache through the built CLI: a damaged cache of folio's is moved aside and replaced with one
// warning and a complete report; a file that is not folio's cache is refused (exit 2) and left as it is;
// a read-only cache is read with one warning; an unusable location runs uncached with one warning;
// overlapping runs agree and leave each symbol once; the file and its directory are private.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PriceCache } from '../../src/prices/store/cache.js';
import type { Simulator } from '../../src/sim/index.js';
import {
  SMALL_ARGS,
  SMALL_PORTFOLIO,
  cliEnv,
  hasStackTrace,
  pool,
  reportNumbers,
  tempDir,
} from './helpers.js';
import { openToAll, runFolio } from '../support/cli.js';
import { startSim } from '../support/simulator.js';

// Spawned runs are slow on a loaded 2-core machine: generous limits, and a small portfolio.
const SLOW = 240_000;
let SAMPLE: string;
let sim: Simulator;
let tmp: ReturnType<typeof tempDir>;
/** The report of a clean run (its own fresh cache), as numbers. */
let reference: unknown;
/** A real, warm folio cache file, copied by the damage cases. */
let realCache: string;

beforeAll(async () => {
  sim = await startSim();
  tmp = tempDir('cache');
  SAMPLE = path.join(tmp.dir, 'holdings.csv');
  fs.writeFileSync(SAMPLE, SMALL_PORTFOLIO);
  realCache = path.join(tmp.dir, 'real', 'cache.sqlite');
  const clean = await runFolio(['report', SAMPLE, ...SMALL_ARGS, '--format', 'json'], {
    env: cliEnv({ dir: tmp.dir, yahooUrl: sim.url, cache: realCache }),
  });
  expect(clean.code, clean.stderr).toBe(0);
  expect(clean.stderr).toBe('');
  reference = reportNumbers(clean.stdout);
  expect((reference as { holdings: unknown[] }).holdings).toHaveLength(3);
  // A checkpointed file, so that cutting it in half cuts real pages (no data left in the WAL).
  const sqlite3 = (await import('sqlite3')).default;
  await new Promise<void>((resolve, reject) => {
    const db = new sqlite3.Database(realCache, (e) => {
      if (e) return reject(e);
      db.run('PRAGMA wal_checkpoint(TRUNCATE)', (e2) => (e2 ? reject(e2) : db.close(() => resolve())));
    });
  });
}, SLOW);
afterAll(async () => {
  await sim.close();
  tmp.remove();
});

async function foreignDatabase(file: string): Promise<void> {
  const sqlite3 = (await import('sqlite3')).default;
  await new Promise<void>((resolve, reject) => {
    const db = new sqlite3.Database(file, (e) => {
      if (e) return reject(e);
      db.exec(
        'CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL); INSERT INTO invoices (amount) VALUES (12.5), (99);',
        (e2) => (e2 ? reject(e2) : db.close(() => resolve())),
      );
    });
  });
}

/** A pseudo-random buffer (a fixed seed: the same bytes every run). */
function noise(length: number): Buffer {
  let x = 12345;
  return Buffer.from(Buffer.alloc(length, 0).map(() => ((x = (x * 1103515245 + 12345) >>> 0) >>> 16) & 0xff));
}

/** Damage done in place of the cache file `file` (or its directory); returns what must end up moved aside. */
const DAMAGE: [string, (file: string) => string | Promise<string>][] = [
  [
    'a real cache cut in half',
    (file) => {
      const bytes = fs.readFileSync(realCache);
      expect(bytes.length).toBeGreaterThan(40_000);
      fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
      return file;
    },
  ],
  [
    'a real cache with garbage over pages in its middle (found only when read)',
    (file) => {
      const bytes = Buffer.from(fs.readFileSync(realCache));
      bytes.fill(0xa5, Math.floor(bytes.length * 0.4), Math.floor(bytes.length * 0.7));
      fs.writeFileSync(file, bytes);
      return file;
    },
  ],
  [
    "a real cache whose first page (the schema) is garbage after the header: folio's keys are still in it",
    (file) => {
      const bytes = Buffer.from(fs.readFileSync(realCache));
      bytes.fill(0xa5, 100, 4096);
      fs.writeFileSync(file, bytes);
      return file;
    },
  ],
  [
    'a file where the cache directory should be',
    (file) => {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
      fs.writeFileSync(path.dirname(file), 'not a directory\n');
      return path.dirname(file);
    },
  ],
];

describe('a damaged cache', () => {
  it(
    'is moved aside as <name>.corrupt-<timestamp>, replaced, warned about once, and the report is complete',
    async () => {
      const results = await pool(
        3,
        DAMAGE.map(([kind, damage], i) => async () => {
          const dir = path.join(tmp.dir, `damage-${i}`);
          const file = path.join(dir, 'cache', 'cache.sqlite');
          fs.mkdirSync(path.dirname(file), { recursive: true });
          const victim = await damage(file);
          const original = fs.readFileSync(victim);
          const run = await runFolio(['report', SAMPLE, ...SMALL_ARGS, '--format', 'json'], {
            env: cliEnv({ dir, yahooUrl: sim.url, cache: file }),
          });
          return { kind, file, victim, original, run };
        }),
      );
      for (const { kind, file, victim, original, run } of results) {
        expect(run.code, `${kind}: ${run.stderr}`).toBe(0);
        expect(hasStackTrace(run.stderr), kind).toBe(false);
        const warnings = run.stderr.split('\n').filter((l) => l.startsWith('warning:'));
        expect(warnings, kind).toHaveLength(1);
        expect(warnings[0], kind).toMatch(/(damaged|not a directory).*moved it to .*\.corrupt-/);
        expect(reportNumbers(run.stdout), kind).toEqual(reference);
        // Moved aside, byte for byte, under the documented name; a working cache in its place.
        const siblings = fs.readdirSync(path.dirname(victim));
        const moved = siblings.filter((n) =>
          new RegExp(
            `^${path.basename(victim).replace('.', '\\.')}\\.corrupt-\\d{4}-\\d\\d-\\d\\dT[\\d-]+Z$`,
          ).test(n),
        );
        expect(moved, `${kind}: ${siblings.join(', ')}`).toHaveLength(1);
        expect(fs.readFileSync(path.join(path.dirname(victim), moved[0]!)).equals(original), kind).toBe(true);
        expect(fs.statSync(file).isFile(), kind).toBe(true);
      }
      // The new caches are real: a second run on one of them is served from it without a warning.
      const again = await runFolio(['report', SAMPLE, ...SMALL_ARGS, '--format', 'json', '--offline'], {
        env: cliEnv({ dir: path.join(tmp.dir, 'damage-2'), yahooUrl: sim.url, cache: results[2]!.file }),
      });
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toBe('');
      expect(reportNumbers(again.stdout)).toEqual(reference);
    },
    SLOW,
  );
});

// Only an empty file or one recognisably folio's may be repaired or replaced. What the cache path points
// at by mistake (a holdings file, another program's database, bytes of no known kind) is refused before
// any request, named, and stays byte for byte what it was, under its own name.
const NOT_FOLIOS: [string, RegExp, (file: string) => void | Promise<void>][] = [
  ['a holdings CSV typed by mistake', /not a SQLite database/, (f) => fs.writeFileSync(f, SMALL_PORTFOLIO)],
  [
    "another program's SQLite database",
    /another program's SQLite database \(tables invoices\)/,
    foreignDatabase,
  ],
  ['random bytes', /not a SQLite database/, (f) => fs.writeFileSync(f, noise(64 * 1024))],
  [
    "a SQLite header over bytes that cannot be read, nothing of folio's in them",
    /a SQLite file that cannot be read .*, with nothing of folio's in it/,
    (f) => fs.writeFileSync(f, Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), noise(64 * 1024)])),
  ],
];

describe("a file that is not folio's cache", () => {
  it(
    'exit 2 naming the file, before any request; the file untouched, nothing moved aside (report and cache stats)',
    async () => {
      sim.resetCounters();
      const results = await pool(
        3,
        NOT_FOLIOS.map(([kind, reason, make], i) => async () => {
          const dir = path.join(tmp.dir, `foreign-${i}`);
          fs.mkdirSync(dir, { recursive: true });
          const file = path.join(dir, 'notes.csv');
          await make(file);
          const original = fs.readFileSync(file);
          const env = cliEnv({ dir, yahooUrl: sim.url, cache: file });
          const report = await runFolio(['report', SAMPLE, ...SMALL_ARGS, '--format', 'json'], { env });
          const stats = await runFolio(['cache', 'stats'], { env });
          return { kind, reason, file, original, runs: [report, stats] };
        }),
      );
      for (const { kind, reason, file, original, runs } of results) {
        for (const run of runs) {
          expect(run.code, `${kind}: ${run.stderr}`).toBe(2);
          expect(run.stdout, kind).toBe('');
          const lines = run.stderr.trimEnd().split('\n');
          expect(lines, kind).toHaveLength(2);
          expect(lines[0], kind).toContain(`folio: cache file ${file} is not folio's cache (`);
          expect(lines[0], kind).toMatch(reason);
          expect(lines[0], kind).toMatch(/; left as it is$/);
          expect(lines[1], kind).toMatch(/^hint: /);
        }
        // Nothing beside it either: no .corrupt- copy, no -wal or -shm (the config directory is the run's).
        expect(
          fs.readdirSync(path.dirname(file)).filter((n) => n !== 'config'),
          kind,
        ).toEqual(['notes.csv']);
        expect(fs.readFileSync(file).equals(original), kind).toBe(true);
      }
      expect(sim.counters.total).toBe(0);
    },
    SLOW,
  );
});

// As root, file modes stop nothing: the runs go as user nobody, so that a mode of 0444 really is
// read-only and SQLite really cannot write (what folio checks first, with access(2), is then true too).
const NOBODY = { uid: 65534, gid: 65534 };
const asRoot = process.getuid?.() === 0;
// A clone where nobody may not read (under root's home): the cache's directory becomes a read-only
// bind mount instead, which stops root's writes too (EROFS), the "read-only mount" case.
const asNobody = asRoot && openToAll(path.resolve('bin', 'folio.js'));
const viaMount = asRoot && !asNobody;

describe('a read-only cache', () => {
  it.each([
    ['a file of mode 0444', (cacheDir: string, file: string) => fs.chmodSync(file, 0o444)],
    [
      'a directory of mode 0555 (no -wal or -shm can be made)',
      (cacheDir: string) => fs.chmodSync(cacheDir, 0o555),
    ],
  ])(
    '%s: read with one warning, offline and warm reports complete with zero requests, the file unchanged',
    async (_name, protect) => {
      const { dir, remove } = tempDir('read-only');
      let mounted: string | undefined;
      try {
        const cacheDir = path.join(dir, 'cache');
        fs.mkdirSync(cacheDir);
        const file = path.join(cacheDir, 'cache.sqlite');
        fs.copyFileSync(realCache, file);
        const holdings = path.join(dir, 'holdings.csv');
        fs.writeFileSync(holdings, SMALL_PORTFOLIO);
        if (asNobody)
          for (const p of [dir, cacheDir, file, holdings]) fs.chownSync(p, NOBODY.uid, NOBODY.gid);
        fs.chmodSync(dir, 0o755);
        protect(cacheDir, file);
        if (viaMount) {
          execFileSync('mount', ['--bind', cacheDir, cacheDir]);
          mounted = cacheDir;
          execFileSync('mount', ['-o', 'remount,ro,bind', cacheDir]);
        }
        const original = fs.readFileSync(file);
        const env = cliEnv({ dir, yahooUrl: sim.url, cache: file });
        const user = asNobody ? NOBODY : undefined;
        sim.resetCounters();
        for (const extra of [['--offline'], []]) {
          const run = await runFolio(['report', holdings, ...SMALL_ARGS, '--format', 'json', ...extra], {
            env,
            user,
          });
          expect(run.code, run.stderr).toBe(0);
          expect(run.stderr.trimEnd().split('\n')).toEqual([
            `warning: cache file ${file} is read-only: read, but this run cannot update it`,
          ]);
          expect(reportNumbers(run.stdout)).toEqual(reference);
        }
        expect(sim.counters.total).toBe(0);
        expect(fs.readFileSync(file).equals(original)).toBe(true);
        const cleared = await runFolio(['cache', 'clear'], { env, user });
        expect(cleared.code).toBe(2);
        expect(cleared.stderr).toContain(`cache file ${file} is read-only: nothing was cleared`);
      } finally {
        if (mounted !== undefined) execFileSync('umount', [mounted]);
        fs.chmodSync(path.join(dir, 'cache'), 0o755);
        remove();
      }
    },
    SLOW,
  );
});

describe('an unusable cache location', () => {
  // As root, chmod stops nothing: use places no one can create files in, and a device.
  it.each([
    ['a directory under /proc', '/proc/folio-reliability-test/cache.sqlite'],
    ['a path under /dev/null', '/dev/null/folio/cache.sqlite'],
    ['/dev/null itself (a device: never moved aside)', '/dev/null'],
  ])(
    '%s: the report still works, uncached, with one warning',
    async (_name, cache) => {
      const { dir, remove } = tempDir('unusable');
      try {
        const before = fs.statSync('/dev/null');
        const run = await runFolio(['report', SAMPLE, ...SMALL_ARGS, '--format', 'json'], {
          env: cliEnv({ dir, yahooUrl: sim.url, cache }),
        });
        expect(run.code, run.stderr).toBe(0);
        const warnings = run.stderr.split('\n').filter((l) => l.startsWith('warning:'));
        expect(warnings).toEqual([
          expect.stringMatching(/^warning: cache disabled: cannot use .*; running without a cache$/),
        ]);
        expect(reportNumbers(run.stdout)).toEqual(reference);
        const after = fs.statSync('/dev/null');
        expect(after.isCharacterDevice()).toBe(true);
        expect(after.rdev).toBe(before.rdev);
        expect(fs.readdirSync('/dev').filter((n) => n.includes('corrupt'))).toEqual([]);
      } finally {
        remove();
      }
    },
    SLOW,
  );
});

describe('what folio never moves aside', () => {
  // Renaming is for folio's own debris only: a user's directory or a file higher up the path that the
  // cache path was pointed at by mistake must stay where it is.
  it.each([
    [
      'a directory with contents where the cache file should be',
      (d: string) => {
        fs.mkdirSync(path.join(d, 'cache.sqlite'));
        fs.writeFileSync(path.join(d, 'cache.sqlite', 'precious.txt'), 'keep me');
        return {
          file: path.join(d, 'cache.sqlite'),
          untouched: path.join(d, 'cache.sqlite', 'precious.txt'),
        };
      },
    ],
    [
      'a file two levels above the cache file',
      (d: string) => {
        fs.writeFileSync(path.join(d, 'notes.txt'), 'keep me');
        return {
          file: path.join(d, 'notes.txt', 'folio', 'cache.sqlite'),
          untouched: path.join(d, 'notes.txt'),
        };
      },
    ],
  ])('%s: no cache, one warning, nothing renamed', async (_name, layout) => {
    const { dir, remove } = tempDir('never-move');
    try {
      const { file, untouched } = layout(dir);
      const warnings: string[] = [];
      const cache = await PriceCache.open(file, { warn: (m) => warnings.push(m) });
      expect(cache).toBeNull();
      expect(warnings).toEqual([
        expect.stringMatching(/^cache disabled: cannot use .*; running without a cache$/),
      ]);
      expect(fs.readFileSync(untouched, 'utf8')).toBe('keep me');
      expect(fs.readdirSync(dir).filter((n) => n.includes('corrupt'))).toEqual([]);
    } finally {
      remove();
    }
  });
});

describe('the cache file', () => {
  it(
    'is created 0600 in a 0700 directory (WAL companions too), whatever the umask',
    async () => {
      const { dir, remove } = tempDir('modes');
      try {
        const file = path.join(dir, 'fresh', 'nested', 'cache.sqlite');
        const previous = process.umask(0o000); // the child inherits the most permissive umask
        let run;
        try {
          run = await runFolio(['report', SAMPLE, ...SMALL_ARGS, '--format', 'json'], {
            env: cliEnv({ dir, yahooUrl: sim.url, cache: file }),
          });
        } finally {
          process.umask(previous);
        }
        expect(run.code, run.stderr).toBe(0);
        expect(fs.statSync(file).mode & 0o777).toBe(0o600);
        expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
        expect(fs.statSync(path.dirname(path.dirname(file))).mode & 0o777).toBe(0o700);
        for (const companion of fs.readdirSync(path.dirname(file))) {
          expect(fs.statSync(path.join(path.dirname(file), companion)).mode & 0o077, companion).toBe(0);
        }
      } finally {
        remove();
      }
    },
    SLOW,
  );
});

describe('4 overlapping runs on one cache file', () => {
  it(
    'cold, then warm: all exit 0 with the same report, no SQLITE_BUSY, each symbol cached once',
    async () => {
      const { dir, remove } = tempDir('overlap');
      try {
        const file = path.join(dir, 'shared', 'cache.sqlite');
        const env = cliEnv({ dir, yahooUrl: sim.url, cache: file });
        sim.resetCounters();
        for (const phase of ['cold', 'warm']) {
          const runs = await Promise.all(
            [1, 2, 3, 4].map(() =>
              runFolio(['report', SAMPLE, ...SMALL_ARGS, '--format', 'json'], { env, timeoutMs: 120_000 }),
            ),
          );
          for (const run of runs) {
            expect(run.code, `${phase}: ${run.stderr}`).toBe(0);
            expect(run.stderr, phase).toBe('');
            expect(run.stderr).not.toMatch(/SQLITE_BUSY|locked/i);
            expect(reportNumbers(run.stdout), phase).toEqual(reference);
          }
        }
        const requested = Object.keys(sim.counters.chartBySymbol).sort();
        expect(requested).toEqual(['GBPUSD=X', 'NVDA', 'SPY', 'VOD.L', 'VTI']);
        const stats = await runFolio(['cache', 'stats', '--format', 'json'], { env });
        expect(stats.code, stats.stderr).toBe(0);
        const st = JSON.parse(stats.stdout) as { symbols: string[]; quotes: number; histories: number };
        expect(st.symbols).toEqual(requested);
        expect(st.histories).toBe(requested.length);
        // Count the rows themselves: one per key, whatever the cache's own statistics say.
        const sqlite3 = (await import('sqlite3')).default;
        const rows = await new Promise<{ key: string; n: number }[]>((resolve, reject) => {
          const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (e) => {
            if (e) return reject(e);
            db.all(
              'SELECT key, COUNT(*) AS n FROM keyv GROUP BY key',
              (e2, r: { key: string; n: number }[]) => (e2 ? reject(e2) : db.close(() => resolve(r))),
            );
          });
        });
        expect(rows.every((r) => r.n === 1)).toBe(true);
        // Histories are BLOBs under folio:hb:, one row each; no text row of the earlier form beside them.
        const historyKeys = rows.map((r) => r.key).filter((k) => k.startsWith('folio:hb:'));
        expect(historyKeys.map((k) => k.slice('folio:hb:'.length)).sort()).toEqual(requested);
        expect(rows.filter((r) => r.key.startsWith('folio:h:'))).toEqual([]);
      } finally {
        remove();
      }
    },
    SLOW,
  );
});
