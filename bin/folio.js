#!/usr/bin/env node
// Thin launcher. `npm run build` (run by `prepare` on install) compiles the CLI to dist/src with tsc and
// bundles it into dist/bundle/folio.mjs (lazy parts in dist/bundle/chunks), which this file loads.
import fs from 'node:fs';
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);

// `folio --version` / `-V` answers from package.json without loading the CLI (what commander prints).
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
} else {
  enableCompileCache();
  const bundle = new URL('../dist/bundle/folio.mjs', import.meta.url);
  const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
  import(bundleIsCurrent(bundle, compiled) ? bundle.href : compiled.href).catch((error) => {
    if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist')) {
      process.stderr.write('folio: not built yet; run `npm run build` (or `npm ci`, which builds) first\n');
      process.exitCode = 1;
      return;
    }
    throw error;
  });
}

/**
 * The bundle, unless tsc has written dist/src since it was made (a build that stopped before the bundle
 * step): then the compiled modules, so a run never uses code older than the last compile.
 */
function bundleIsCurrent(bundle, compiled) {
  try {
    return fs.statSync(bundle).mtimeMs >= fs.statSync(compiled).mtimeMs;
  } catch {
    return fs.existsSync(bundle);
  }
}

/**
 * Node >= 22.1 can keep the compiled code of the bundle on disk between runs (module.enableCompileCache);
 * folio keeps it beside its price cache, in the user's cache directory. Older Node: nothing to do.
 */
function enableCompileCache() {
  if (typeof module.enableCompileCache !== 'function' || process.env.NODE_DISABLE_COMPILE_CACHE) return;
  try {
    module.enableCompileCache(path.join(userCacheDir(), 'compile-cache'));
  } catch {
    // a cache that cannot be written only costs speed
  }
}

/** folio's cache directory, as env-paths('folio').cache names it (where the price cache lives too). */
function userCacheDir() {
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'folio-nodejs');
  if (process.platform === 'win32') {
    const local = process.env.LOCALAPPDATA || path.join(home, 'AppData', 'Local');
    return path.join(local, 'folio-nodejs', 'Cache');
  }
  return path.join(process.env.XDG_CACHE_HOME || path.join(home, '.cache'), 'folio-nodejs');
}
