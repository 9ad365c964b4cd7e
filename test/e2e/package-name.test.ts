// The npm package's name: `folio` on the npm registry is an unrelated package (so `npx folio` outside a
// clone runs a stranger's code); this one is `folio-cli` and installs the `folio` command.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PACKAGE_NAME, PACKAGE_ROOT, VERSION } from '../../src/cli/version.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const readJson = (file: string) =>
  JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as {
    name: string;
    version: string;
    bin: Record<string, string>;
    packages: Record<string, { name?: string; version?: string }>;
  };

describe('the package name', () => {
  it('is folio-cli, installs the folio command, and the lock file agrees', () => {
    const pkg = readJson('package.json');
    const lock = readJson('package-lock.json');
    expect(pkg.name).toBe('folio-cli');
    expect(pkg.bin).toEqual({ folio: 'bin/folio.js' });
    expect(lock.name).toBe(pkg.name);
    expect(lock.packages['']).toMatchObject({ name: pkg.name, version: pkg.version });
  });

  it('is what the CLI looks for to find its own root and version', () => {
    expect(PACKAGE_NAME).toBe(readJson('package.json').name);
    expect(PACKAGE_ROOT).toBe(ROOT);
    expect(VERSION).toBe(readJson('package.json').version);
  });

  it('is never run through `npx folio` in the README outside the clone', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThan(5);
    for (const block of blocks) expect(block).not.toMatch(/\bnpx\s+folio\b/);
  });
});
