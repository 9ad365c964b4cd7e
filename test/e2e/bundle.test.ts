// The bundle bin/folio.js loads (dist/bundle, written by scripts/bundle.mjs): what a fresh process pays
// to start it stays small. Its files are ASCII (V8 keeps a source with any character beyond Latin-1 at
// two bytes a character), and its importer requires a CommonJS-only package (sqlite3) rather than
// starting Node's ES module loader for it, giving what import() would.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';

const BUNDLE = path.join(ROOT, 'dist', 'bundle');
const requireHere = createRequire(import.meta.url);

describe('the bundle', () => {
  it('is ASCII in every file', () => {
    const files = [
      ...fs.readdirSync(BUNDLE).filter((f) => f.endsWith('.cjs')),
      ...fs.readdirSync(path.join(BUNDLE, 'chunks')).map((f) => path.join('chunks', f)),
    ].filter((f) => f.endsWith('.cjs'));
    expect(files.length).toBeGreaterThan(10);
    const offending = files.filter((f) =>
      /[^\x00-\x7f]/.test(fs.readFileSync(path.join(BUNDLE, f), 'latin1')),
    );
    expect(offending).toEqual([]);
  });

  it('imports sqlite3 by require, as import() would give it; a missing package is a rejection', async () => {
    const importer = requireHere(path.join(BUNDLE, 'import.cjs')) as (specifier: string) => Promise<unknown>;
    const sqlite3 = requireHere(requireHere.resolve('sqlite3', { paths: [BUNDLE] })) as Record<
      string,
      unknown
    >;
    const imported = (await importer('sqlite3')) as Record<string, unknown>;
    expect(imported.default).toBe(sqlite3);
    expect(imported.Database).toBe(sqlite3.Database);
    const viaImport = (await import('sqlite3')) as Record<string, unknown>;
    expect(imported.default).toBe(viaImport.default);
    let thrown: unknown;
    const pending = importer('no-such-package-of-folio');
    expect(pending).toBeInstanceOf(Promise);
    await pending.catch((error: unknown) => (thrown = error));
    expect((thrown as { code?: string }).code).toBe('ERR_MODULE_NOT_FOUND');
  });
});
