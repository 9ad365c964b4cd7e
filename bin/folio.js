#!/usr/bin/env node
// Thin launcher. `npm run build` (run by `prepare` on install) compiles the CLI to dist/src with tsc and
// bundles it into dist/bundle/folio.cjs (lazy parts in dist/bundle/chunks), which this file loads with
// V8's code cache (see loadWithCodeCache). CommonJS (bin/package.json): Node starts a CommonJS file
// faster than an ES module, which is most of what `folio --version` costs.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const args = process.argv.slice(2);
// A code cache file (see loadWithCodeCache): the CRC-32 of the source it was made from, the CRC-32 of
// the data, whether the run that made it succeeded (1) or not (0) (u32s, little-endian), then V8's
// data. V8 refuses data of another Node or other flags, but it tells sources apart by their length only
// (folio.cjs of another build may have the same) and does not check its bytes.
const HEADER_BYTES = 12;

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
  const bundle = path.join(__dirname, '..', 'dist', 'bundle', 'folio.cjs');
  const compiled = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
  // With --debug (or FOLIO_DEBUG=1) a stack trace names the source files and lines, through the source
  // maps beside the minified bundle: Node reads them for what it loads itself, so the bundle is loaded
  // by Node's own loader then, without the code cache.
  const debug = args.includes('--debug') || process.env.FOLIO_DEBUG === '1';
  if (debug) process.setSourceMapsEnabled(true);
  if (bundleIsCurrent(bundle, compiled)) {
    const cli =
      debug || process.env.NODE_DISABLE_COMPILE_CACHE
        ? require(bundle)
        : loadWithCodeCache(bundle, commandOf(args));
    cli.endOnFailedWrite({ stdout: process.stdout, stderr: process.stderr });
    cli.run(args, { stdout: process.stdout, stderr: process.stderr, env: process.env }).then((code) => {
      process.exitCode = code;
    });
  } else {
    const { pathToFileURL } = require('node:url');
    import(pathToFileURL(compiled).href).catch((error) => {
      if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist')) {
        process.stderr.write('folio: not built yet; run `npm run build` (or `npm ci`, which builds) first\n');
        process.exitCode = 1;
        return;
      }
      throw error;
    });
  }
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
 * The command a run is for (`report`, `quote`, ...): each keeps its own code cache, and help its own
 * (`folio report --help` compiles little of what a report runs). `folio` alone prints the help; a file
 * name first is a report (the default command).
 */
function commandOf(argv) {
  const end = argv.indexOf('--');
  const head = end === -1 ? argv : argv.slice(0, end);
  if (head.includes('--help') || head.includes('-h')) return 'help';
  const word = head.find((arg) => !arg.startsWith('-'));
  if (word === undefined) return end === -1 ? 'help' : 'report';
  return /^[a-z][a-z-]{0,19}$/.test(word) ? word : 'report';
}

/**
 * Loads the bundle's entry and the chunks it requires, each compiled with the V8 code cache an earlier
 * run of the same command left in folio's cache directory; what had none (or one V8 refused: another
 * build, Node or flags) gets one written when the process exits, with every function the run compiled.
 * A fresh process then skips most parsing and compiling (a warm 50-holding report ~30 ms sooner). A
 * cache made by a run that failed (a mistyped file, say: it compiled a fraction of what a report runs)
 * is made again by the next run that succeeds; V8 would take it as it is, and every later run would
 * compile the rest anew.
 * Node's own compile cache (Node >= 22.1) keeps only what is compiled before a module runs, which for a
 * bundle is little; this is the same V8 mechanism on every Node line. A cache that cannot be read or
 * written only costs speed. Packages and Node's modules are required as usual.
 */
function loadWithCodeCache(entry, command) {
  const vm = require('node:vm');
  const Module = require('node:module');
  const { crc32 } = require('node:zlib');
  const chunks = path.join(path.dirname(entry), 'chunks');
  const cacheDir = path.join(userCacheDir(), 'code-cache', `${process.version}-${process.arch}`);
  const loaded = new Map();
  const unsaved = [];
  // Scripts whose cache a failed run made: made again at the exit of a run that succeeds.
  const partial = [];
  // The heap flags the bundle sets for parts of a run (src/prices/heap.ts), once its entry is loaded.
  // V8 takes a code cache only under the flags it was made under: each script's is made under the
  // flags it was compiled under, and kept apart from the same script's under other flags (a file
  // named with their CRC), so that runs of either kind find theirs.
  let heapFlags;

  const load = (file) => {
    const known = loaded.get(file);
    if (known !== undefined) return known.exports;
    const flags = heapFlags?.current();
    const tag = flags === undefined ? '' : `.${crc32(flags).toString(16).padStart(8, '0')}`;
    const cacheFile = path.join(cacheDir, `${path.basename(file)}.${command}${tag}.cache`);
    const bytes = fs.readFileSync(file);
    const sourceCrc = crc32(bytes);
    const cached = readCodeCache(cacheFile, sourceCrc, crc32);
    const cachedData = cached?.data;
    const script = new vm.Script(Module.wrap(bytes.toString('utf8')), { filename: file, cachedData });
    if (cachedData === undefined || script.cachedDataRejected)
      unsaved.push({ script, cacheFile, sourceCrc, flags });
    else if (!cached.succeeded) partial.push({ script, cacheFile, sourceCrc, flags });
    const module = { exports: {}, filename: file };
    loaded.set(file, module);
    const nodeRequire = Module.createRequire(file);
    const requireFrom = (id) => {
      const target = id.startsWith('.') ? path.resolve(path.dirname(file), id) : undefined;
      return target !== undefined && path.dirname(target) === chunks ? load(target) : nodeRequire(id);
    };
    requireFrom.resolve = nodeRequire.resolve;
    requireFrom.cache = nodeRequire.cache;
    script.runInThisContext()(module.exports, requireFrom, module, file, path.dirname(file));
    return module.exports;
  };

  process.once('exit', (code) => {
    const succeeded = code === 0;
    const scripts = succeeded ? [...unsaved, ...partial] : unsaved;
    if (scripts.length > 0) saveCodeCaches(scripts, succeeded, cacheDir, chunks, crc32, heapFlags);
  });
  const cli = load(entry);
  heapFlags = cli.heapFlags;
  return cli;
}

/**
 * The V8 data of a code cache file made from a source of `sourceCrc`, and whether the run that made it
 * succeeded; undefined when there is none or it is damaged.
 */
function readCodeCache(file, sourceCrc, crc32) {
  let bytes;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.length <= HEADER_BYTES || bytes.readUInt32LE(0) !== sourceCrc) return undefined;
  const data = bytes.subarray(HEADER_BYTES);
  return bytes.readUInt32LE(4) === crc32(data) ? { data, succeeded: bytes.readUInt32LE(8) === 1 } : undefined;
}

/**
 * Writes each script's code cache (atomically: a run reading it meanwhile sees the old or the new),
 * made under the heap flags the script was compiled under, marked as made by a run that `succeeded`.
 */
function saveCodeCaches(scripts, succeeded, cacheDir, chunks, crc32, heapFlags) {
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
  } catch {
    return;
  }
  removeOldCodeCaches(cacheDir, chunks);
  for (const { script, cacheFile, sourceCrc, flags } of scripts) {
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    try {
      heapFlags?.setForExit(flags);
      const data = script.createCachedData();
      const header = Buffer.alloc(HEADER_BYTES);
      header.writeUInt32LE(sourceCrc, 0);
      header.writeUInt32LE(crc32(data), 4);
      header.writeUInt32LE(succeeded ? 1 : 0, 8);
      fs.writeFileSync(temporary, Buffer.concat([header, data]));
      fs.renameSync(temporary, cacheFile);
    } catch {
      try {
        fs.rmSync(temporary, { force: true });
      } catch {
        // left for the next write's clean-up
      }
    }
  }
}

/**
 * Removes the caches of chunks this build does not have once they are a week old: an earlier
 * version's (a copy of folio installed elsewhere and still in use writes its own again).
 */
function removeOldCodeCaches(cacheDir, chunks) {
  const weekAgo = Date.now() - 7 * 24 * 3600 * 1000;
  try {
    const current = new Set(['folio.cjs', ...fs.readdirSync(chunks)]);
    for (const name of fs.readdirSync(cacheDir)) {
      const file = path.join(cacheDir, name);
      const script = name.replace(/\.[a-z-]+(\.[0-9a-f]{8})?\.cache$/, '');
      if (!current.has(script) && fs.statSync(file).mtimeMs < weekAgo) fs.rmSync(file, { force: true });
    }
  } catch {
    // what is left is removed by a later write
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
