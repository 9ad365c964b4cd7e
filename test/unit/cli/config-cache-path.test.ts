// A `cachePath` kept in the config file names one place wherever folio runs: `~` is the home
// directory, a relative path lies beside the config file. (A cron job runs in `~`, a shell anywhere:
// resolved against the current directory, one setting meant a different cache in each.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { settingsFrom } from '../../../src/cli/options.js';
import { resolveCachePath } from '../../../src/cli/runtime.js';
import type { Io } from '../../../src/cli/terminal.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-config-path-'));
const home = path.join(root, 'home');
const configDir = path.join(root, 'config');
fs.mkdirSync(home);
fs.mkdirSync(configDir);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function cacheLocation(cachePath: string, env: Record<string, string> = {}): Promise<string | null> {
  fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ cachePath }));
  const io = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: { HOME: home, FOLIO_CONFIG_DIR: configDir, ...env },
  } as Io;
  return resolveCachePath(settingsFrom({}, io), undefined);
}

describe('cachePath from the config file', () => {
  it.each([
    ['~/prices.sqlite', path.join(home, 'prices.sqlite')],
    ['~', home],
    ['cache/prices.sqlite', path.join(configDir, 'cache', 'prices.sqlite')],
    ['./prices.sqlite', path.join(configDir, 'prices.sqlite')],
    ['../common/prices.sqlite', path.join(root, 'common', 'prices.sqlite')],
    ['/var/cache/folio.sqlite', '/var/cache/folio.sqlite'],
    ['redis://cache.internal:6379/0', 'redis://cache.internal:6379/0'],
  ])('%s is %s, not a path under the current directory', async (value, expected) => {
    expect(process.cwd()).not.toBe(configDir);
    expect(await cacheLocation(value)).toBe(expected);
  });

  it('FOLIO_CACHE and --cache, typed where folio runs, still outweigh it', async () => {
    expect(await cacheLocation('~/prices.sqlite', { FOLIO_CACHE: '/tmp/env.sqlite' })).toBe(
      '/tmp/env.sqlite',
    );
  });
});
