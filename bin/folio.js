#!/usr/bin/env node
// Thin launcher. `npm run build` (run by `prepare` on install) compiles the CLI to dist/src with tsc and
// bundles it into dist/bundle/folio.mjs (lazy parts in dist/bundle/chunks), which this file loads.
// CommonJS (bin/package.json): Node starts a CommonJS file faster than an ES module, which is most of
// what `folio --version` costs.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const args = process.argv.slice(2);

// `folio --version` / `-V` answers from package.json without loading the CLI (what commander prints).
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  // A full disk or a closed stdout: one line, as the CLI says it (exit 2), or quietly (a closed pipe).
  process.stdout.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(0);
    // `ENOSPC (no space left on device)`, worded as the CLI words it (src/cli/output.ts).
    const text = /^[A-Z0-9_]+: ([^,]+)/.exec(error.message);
    process.stderr.write(`folio: cannot write the output: ${error.code}${text ? ` (${text[1]})` : ''}\n`);
    process.exit(2);
  });
  process.stdout.write(`${pkg.version}\n`);
} else {
  enableCompileCache();
  // The bundle is minified: with --debug (or FOLIO_DEBUG=1) a stack trace names the source files and
  // lines instead, through the source maps beside it (set before the bundle loads, or they are not read).
  if (args.includes('--debug') || process.env.FOLIO_DEBUG === '1') process.setSourceMapsEnabled(true);
  const { pathToFileURL } = require('node:url');
  const bundle = path.join(__dirname, '..', 'dist', 'bundle', 'folio.mjs');
  const compiled = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
  const entry = bundleIsCurrent(bundle, compiled) ? bundle : compiled;
  import(pathToFileURL(entry).href).catch((error) => {
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
  const module = require('node:module');
  if (typeof module.enableCompileCache !== 'function' || process.env.NODE_DISABLE_COMPILE_CACHE) return;
  try {
    module.enableCompileCache(path.join(userCacheDir(), 'compile-cache'));
  } catch {
    // a cache that cannot be written only costs speed
  }
}

/** folio's cache directory, as env-paths('folio').cache names it (where the price cache lives too). */
function userCacheDir() {
  const os = require('node:os');
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'folio-nodejs');
  if (process.platform === 'win32') {
    const local = process.env.LOCALAPPDATA || path.join(home, 'AppData', 'Local');
    return path.join(local, 'folio-nodejs', 'Cache');
  }
  return path.join(process.env.XDG_CACHE_HOME || path.join(home, '.cache'), 'folio-nodejs');
}
