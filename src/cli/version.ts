// folio's version, read from its package.json (found upwards from this module: src/ in tests, dist/src/ when built).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The npm package's name. Not plain `folio`: that name belongs to an unrelated package on the npm
 * registry, so `npx folio` outside a clone would download and run it. The command stays `folio`.
 */
export const PACKAGE_NAME = 'folio-cli';

function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    try {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string };
      if (pkg.name === PACKAGE_NAME) return dir;
    } catch {
      // keep looking upwards
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('folio: cannot find its package.json');
    dir = parent;
  }
}

/** The folder holding folio's package.json, bin/ and fixtures/. */
export const PACKAGE_ROOT = findPackageRoot();
export const VERSION = (
  JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
