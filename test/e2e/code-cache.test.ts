// The code cache bin/folio.js keeps of the bundle (V8's compiled code, one set of files per command, in
// the user's cache directory): written by the first run of a command, used as it is by the next, and
// never a reason for a run to fail or to print anything: a damaged file is refused and rewritten, a
// cache directory that cannot be made is done without, NODE_DISABLE_COMPILE_CACHE turns it off.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { SAMPLE_CSV, cleanupTempDirs, tempDir } from './helpers.js';
import { ROOT, folioEnv, runFolio } from '../support/cli.js';
import { startSim } from '../support/simulator.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSim();
});
afterAll(async () => {
  await sim.close();
  cleanupTempDirs();
});

const cacheDirOf = (home: string) =>
  path.join(home, '.cache', 'folio-nodejs', 'code-cache', `${process.version}-${process.arch}`);

/** Each cache file and its bytes. */
const filesIn = (dir: string): Map<string, Buffer> =>
  new Map(fs.readdirSync(dir).map((name) => [name, fs.readFileSync(path.join(dir, name))]));

/** The report as JSON, without the one field that differs from run to run (the time it was made). */
const reportOf = (stdout: string) => {
  const { generatedAt: _, ...rest } = JSON.parse(stdout) as Record<string, unknown>;
  return rest;
};

const report = (dir: string, env: Record<string, string | undefined> = {}) =>
  runFolio(['report', SAMPLE_CSV, '--format', 'json'], { dir, sim, env });

describe('code cache of the bundle', () => {
  it("is written by a command's first run and used unchanged by the next, with the same report", async () => {
    const dir = tempDir();
    // Prices first (no code cache yet), so that the two runs compared both read them from the cache.
    expect((await report(dir, { NODE_DISABLE_COMPILE_CACHE: '1' })).code).toBe(0);
    expect(fs.existsSync(cacheDirOf(dir))).toBe(false);
    // Caches of chunks this build does not have: a week old (an earlier version's) and fresh (maybe a
    // copy of folio installed elsewhere).
    fs.mkdirSync(cacheDirOf(dir), { recursive: true });
    const old = path.join(cacheDirOf(dir), 'cli-0ld0ld00.cjs.report.cache');
    const other = path.join(cacheDirOf(dir), 'cli-0ther000.cjs.report.cache');
    for (const file of [old, other]) fs.writeFileSync(file, 'x');
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    fs.utimesSync(old, eightDaysAgo, eightDaysAgo);
    const first = await report(dir);
    expect(first.code, first.stderr).toBe(0);
    expect([fs.existsSync(old), fs.existsSync(other)]).toEqual([false, true]);
    fs.rmSync(other);
    const written = filesIn(cacheDirOf(dir));
    const names = [...written.keys()].sort();
    expect(names).toContain('folio.cjs.report.cache');
    expect(names.some((n) => /^cli-.+\.cjs\.report\.cache$/.test(n))).toBe(true);
    expect(names.every((n) => n.endsWith('.report.cache'))).toBe(true);

    const second = await report(dir);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toBe(first.stderr);
    expect(reportOf(second.stdout)).toEqual(reportOf(first.stdout));
    expect(filesIn(cacheDirOf(dir))).toEqual(written);

    // Another command keeps its own files beside the report's.
    const help = await runFolio(['config', 'path'], { dir });
    expect(help.code, help.stderr).toBe(0);
    expect([...filesIn(cacheDirOf(dir)).keys()].some((n) => n.endsWith('.config.cache'))).toBe(true);
  }, 60_000);

  it('is written by a run that fetched prices so that the next run uses it', async () => {
    // The fetch keeps V8's heap small with flags of its own (src/prices/heap.ts); V8 refuses a code
    // cache made under other flags than the run reading it has, so they are back before the exit.
    const dir = tempDir();
    const first = await report(dir);
    expect(first.code, first.stderr).toBe(0);
    const written = filesIn(cacheDirOf(dir));
    expect(written.size).toBeGreaterThan(0);
    const second = await report(dir);
    expect(second.code, second.stderr).toBe(0);
    expect(filesIn(cacheDirOf(dir))).toEqual(written);
  }, 60_000);

  it('is kept apart per heap flags, so that one-file reports and runs over a folder each keep theirs', async () => {
    // A one-file report keeps V8's young generation small (src/prices/heap.ts) before its renderer
    // loads; a run over a folder does not. Each script's cache is made under the flags it was compiled
    // under, in a file of its own when they are folio's.
    const dir = tempDir();
    expect((await report(dir, { NODE_DISABLE_COMPILE_CACHE: '1' })).code).toBe(0);
    const folder = path.join(dir, 'files');
    fs.mkdirSync(folder);
    for (const name of ['a.csv', 'b.csv']) fs.copyFileSync(SAMPLE_CSV, path.join(folder, name));
    fs.mkdirSync(path.join(dir, 'out'));
    const one = () => runFolio(['report', SAMPLE_CSV, '--format', 'markdown'], { dir, sim });
    const many = () =>
      runFolio(['report', folder, '--format', 'markdown', '--output-dir', path.join(dir, 'out')], {
        dir,
        sim,
      });
    for (const run of [one, many]) {
      const r = await run();
      expect(r.code, r.stderr).toBe(0);
    }
    const written = filesIn(cacheDirOf(dir));
    const names = [...written.keys()];
    expect(names.filter((n) => /^markdown-.+\.cjs\.report\.[0-9a-f]{8}\.cache$/.test(n))).toHaveLength(1);
    expect(names.filter((n) => /^markdown-.+\.cjs\.report\.cache$/.test(n))).toHaveLength(1);
    for (const run of [one, many, one]) expect((await run()).code).toBe(0);
    expect(filesIn(cacheDirOf(dir))).toEqual(written);
  }, 60_000);

  it('made by a run that failed is made again by the next that succeeds; help keeps its own', async () => {
    // A first report of a mistyped file compiles a fraction of what a report runs; V8 would take its
    // cache as it is, and every later report would compile the rest anew.
    const dir = tempDir();
    expect((await report(dir, { NODE_DISABLE_COMPILE_CACHE: '1' })).code).toBe(0);
    const help = await runFolio(['report', '--help'], { dir });
    expect(help.code, help.stderr).toBe(0);
    const helpFiles = filesIn(cacheDirOf(dir));
    expect([...helpFiles.keys()].every((n) => n.endsWith('.help.cache'))).toBe(true);
    const missing = await runFolio(['report', path.join(dir, 'missing.csv'), '--format', 'json'], { dir });
    expect(missing.code).toBe(3);
    const reportFiles = (files: Map<string, Buffer>) =>
      new Map([...files].filter(([n]) => n.endsWith('.report.cache')));
    const failed = reportFiles(filesIn(cacheDirOf(dir)));
    const cliOf = (files: Map<string, Buffer>) => [...files].find(([n]) => n.startsWith('cli-'))![1];
    expect(cliOf(failed).readUInt32LE(8)).toBe(0);

    const first = await report(dir);
    expect(first.code, first.stderr).toBe(0);
    const remade = reportFiles(filesIn(cacheDirOf(dir)));
    expect([...remade.keys()]).toEqual(expect.arrayContaining([...failed.keys()]));
    expect(cliOf(remade).readUInt32LE(8)).toBe(1);
    // V8's data now has the functions the report ran besides those of the failed run.
    expect(cliOf(remade).length).toBeGreaterThan(cliOf(failed).length);
    const second = await report(dir);
    expect(second.code, second.stderr).toBe(0);
    expect(reportOf(second.stdout)).toEqual(reportOf(first.stdout));
    const after = filesIn(cacheDirOf(dir));
    expect(reportFiles(after)).toEqual(remade);
    for (const [name, bytes] of helpFiles) expect(after.get(name), name).toEqual(bytes);

    // `folio` alone is help too; `folio FILE` is a report, with the report's files.
    expect((await runFolio([], { dir })).code).toBe(0);
    const implicit = await runFolio([SAMPLE_CSV, '--format', 'json'], { dir, sim });
    expect(implicit.code, implicit.stderr).toBe(0);
    expect(reportOf(implicit.stdout)).toEqual(reportOf(first.stdout));
    const names = [...filesIn(cacheDirOf(dir)).keys()];
    expect(
      names.every((n) => /\.(report|help)\.cache$/.test(n)),
      names.join(' '),
    ).toBe(true);
    expect(reportFiles(filesIn(cacheDirOf(dir)))).toEqual(remade);
  }, 60_000);

  it('refuses a damaged file and writes it again; the run is as if there were none', async () => {
    const dir = tempDir();
    expect((await report(dir, { NODE_DISABLE_COMPILE_CACHE: '1' })).code).toBe(0);
    const first = await report(dir);
    expect(first.code, first.stderr).toBe(0);
    // One byte of V8's data changed in each file (not its length: V8 would see that itself).
    const damaged = new Map<string, Buffer>();
    for (const [name, bytes] of filesIn(cacheDirOf(dir))) {
      const copy = Buffer.from(bytes);
      copy[Math.floor(copy.length / 2)]! ^= 0xff;
      fs.writeFileSync(path.join(cacheDirOf(dir), name), copy);
      damaged.set(name, copy);
    }
    const again = await report(dir);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toBe(first.stderr);
    expect(reportOf(again.stdout)).toEqual(reportOf(first.stdout));
    const rewritten = filesIn(cacheDirOf(dir));
    expect([...rewritten.keys()].sort()).toEqual([...damaged.keys()].sort());
    for (const [name, bytes] of rewritten) expect(bytes.equals(damaged.get(name)!), name).toBe(false);
    // ... and the files written again are taken as they are.
    expect((await report(dir)).code).toBe(0);
    expect(filesIn(cacheDirOf(dir))).toEqual(rewritten);
  }, 60_000);

  it('is refused when the bundle file it was made from changed, even to the same length', () => {
    // A copy of the built package, whose entry file this test may change.
    const pkg = tempDir();
    fs.cpSync(path.join(ROOT, 'bin'), path.join(pkg, 'bin'), { recursive: true });
    fs.cpSync(path.join(ROOT, 'dist', 'bundle'), path.join(pkg, 'dist', 'bundle'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(pkg, 'package.json'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(pkg, 'node_modules'));
    const dir = tempDir();
    const folio = () =>
      spawnSync(process.execPath, [path.join(pkg, 'bin', 'folio.js'), 'config', 'path'], {
        env: folioEnv({ dir }),
        encoding: 'utf8',
      });
    expect(folio().status).toBe(0);
    const entryCache = path.join(cacheDirOf(dir), 'folio.cjs.config.cache');
    const before = fs.readFileSync(entryCache);
    // V8 alone would take the old cache: it compares a source's length, not its text.
    const entry = path.join(pkg, 'dist', 'bundle', 'folio.cjs');
    const text = fs.readFileSync(entry, 'utf8');
    const changed = text.replace('`Module`', '`Modula`');
    expect([changed !== text, changed.length]).toEqual([true, text.length]);
    fs.writeFileSync(entry, changed);
    const run = folio();
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe(path.join(dir, 'config.json'));
    const after = fs.readFileSync(entryCache);
    expect(after.readUInt32LE(0)).not.toBe(before.readUInt32LE(0));
  }, 60_000);

  it('is done without when its directory cannot be made, and when NODE_DISABLE_COMPILE_CACHE is set', async () => {
    const dir = tempDir();
    // XDG_CACHE_HOME names a file: no directory can be made under it.
    const blocked = path.join(dir, 'not-a-directory');
    fs.writeFileSync(blocked, 'x');
    const run = await report(dir, { XDG_CACHE_HOME: blocked });
    expect(run.code, run.stderr).toBe(0);

    const off = tempDir();
    const plain = await report(off, { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(plain.code, plain.stderr).toBe(0);
    expect(run.stderr).toBe(plain.stderr);
    // Both fetched their prices (each its own fetch times): the same figures.
    const summary = (stdout: string) => (JSON.parse(stdout) as { summary: unknown }).summary;
    expect(summary(plain.stdout)).toEqual(summary(run.stdout));
    expect(fs.existsSync(path.join(off, '.cache', 'folio-nodejs', 'code-cache'))).toBe(false);
  }, 60_000);
});
