// The cache's folder made by two runs at once: a run whose mkdir finds the folder another run has just
// made (EEXIST) goes on with it; a file in its place is still an error.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { prepareLocation } from '../../../src/prices/store/sqlite-file.js';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempRoot(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-location-'));
  dirs.push(d);
  return d;
}

/** mkdirSync as if another process made `what` there just before this one's call. */
function otherRunMakes(what: (p: string) => void) {
  const real = fs.mkdirSync.bind(fs);
  vi.spyOn(fs, 'mkdirSync').mockImplementationOnce((p, options) => {
    what(String(p));
    return real(p, options);
  });
}

describe('prepareLocation', () => {
  it('uses the folder another run made between its check and its mkdir', () => {
    const file = path.join(tempRoot(), 'shared', 'cache.sqlite');
    otherRunMakes((p) => fs.mkdirSync(p));
    const warn = vi.fn();
    expect(() => prepareLocation(file, Date.now, warn)).not.toThrow();
    expect(fs.statSync(file).isFile()).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(warn).not.toHaveBeenCalled();
  });

  it('still refuses a file another program put where the folder goes', () => {
    const file = path.join(tempRoot(), 'shared', 'cache.sqlite');
    otherRunMakes((p) => fs.writeFileSync(p, 'not a folder'));
    expect(() => prepareLocation(file, Date.now, () => {})).toThrow(/EEXIST/);
    expect(fs.readFileSync(path.dirname(file), 'utf8')).toBe('not a folder');
  });
});
