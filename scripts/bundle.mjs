// Bundles the compiled CLI (dist/src/cli/entry.js, from `tsc`) into dist/bundle/folio.cjs, which
// bin/folio.js loads, and its chunks in dist/bundle/chunks. CommonJS, so that bin/folio.js can compile
// it with V8's code cache (vm.Script; ES modules have no such API on Node 20): a fresh process then skips
// parsing and compiling the functions an earlier run compiled. The files are grouped by the runs that
// need them rather than split wherever two lazy imports share a module (each file is a read, a compile
// and a cache file):
// - `cli`: what every command loads (the entry's static imports: commander, the command declarations);
// - `report`: the rest of what `folio report` loads on a warm run (the report command, holdings
//   loading, the price service and cache, the analytics, the JSON renderer);
// - everything else (the Yahoo client, the other renderers, the other commands, the simulator) stays in
//   chunks loaded on first use, as the lazy imports in the code say.
// The packages that are large, native or only needed on a network or terminal path stay external
// (loaded from node_modules by Node). Code compiled through vm.Script cannot call `import()`, so the
// bundle imports them through dist/bundle/import.cjs, which Node loads itself.
// Run by `npm run build` after tsc; the tsc output in dist/src stays for the tests and the bench.
import fs from 'node:fs';
import path from 'node:path';
import { Buffer } from 'node:buffer';
import { createRequire } from 'node:module';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import MagicString from 'magic-string';
import { rolldown } from 'rolldown';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'bundle');
const compiled = path.join(root, 'dist', 'src');

const EXTERNAL = [
  // native addon: its binding is found relative to its own package
  'sqlite3',
  // the network path only (a warm report never builds a Yahoo client)
  'yahoo-finance2',
  // the spinner, on a terminal only
  'ora',
];

const ENTRY = path.join(compiled, 'cli', 'entry.js');

// The modules a warm `folio report` imports lazily (each with its static imports): the command's body,
// the holdings file's reader (it first checks whether the file is a broker export), the analytics and
// the JSON renderer. Other formats' renderers stay in their own chunks.
const REPORT_ROOTS = [
  'cli/report/run.js',
  'cli/imports.js',
  'analytics/report.js',
  'render/report.js',
  'render/json.js',
].map((file) => path.join(compiled, file));

// commander requires node:child_process when it loads, for running executable subcommands, which folio
// has none of: every run then loaded child_process, net, dgram and their bindings (~5-10 ms). In the
// bundle it is required on first use instead. Should commander's source change, the build says so and
// bundles it unchanged (slower to start, nothing else).
const COMMANDER_EAGER = "const childProcess = require('node:child_process');";
const COMMANDER_LAZY =
  "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";
const lazyChildProcess = {
  name: 'commander-lazy-child-process',
  transform: {
    filter: { id: /[\\/]commander[\\/]lib[\\/]command\.js$/ },
    handler(source, id) {
      const uses = source.match(/childProcess\.\w+/g) ?? [];
      if (!source.includes(COMMANDER_EAGER) || uses.some((u) => u !== 'childProcess.spawn')) {
        process.stderr.write(`bundle: ${id} changed; child_process stays loaded at start\n`);
        return undefined;
      }
      // One line changed in place: the mappings stay as they were (map: null).
      return { code: source.replace(COMMANDER_EAGER, COMMANDER_LAZY), map: null };
    },
  },
};

// Every `import(...)` left in the chunks (of a package, or of a computed URL; rolldown turns those of
// folio's own modules into `require`) becomes a call of dist/bundle/import.cjs, a file Node loads
// itself, so that its `import()` works: code that bin/folio.js compiles with a code cache runs outside
// Node's module loader and cannot import. Rewritten before minifying (a comment may be rewritten too,
// harmlessly); the build fails if the minified code still calls `import(`.
// External packages that are CommonJS only (no "type": "module", no "exports" map) are required there
// instead: import() of one gives the same module, through Node's ES module loader, which a warm report
// would otherwise start for sqlite3 alone (some 5 ms).
const IMPORTER = 'import.cjs';
const COMMONJS_EXTERNAL = EXTERNAL.filter((name) => {
  const dirs = createRequire(import.meta.url).resolve.paths(name) ?? [];
  const file = dirs.map((dir) => path.join(dir, name, 'package.json')).find((f) => fs.existsSync(f));
  if (file === undefined) throw new Error(`bundle: external package ${name} is not installed`);
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
  return pkg.type !== 'module' && pkg.exports === undefined;
});
const IMPORTER_SOURCE = `// Written by scripts/bundle.mjs: imports a package or module for the bundle, whose code bin/folio.js
// compiles through vm.Script, where import() is not available. A CommonJS-only package is required
// (the module import() would give, without starting Node's ES module loader).
'use strict';
const COMMONJS = new Set(${JSON.stringify(COMMONJS_EXTERNAL)});
module.exports = (specifier) =>
  COMMONJS.has(specifier)
    ? new Promise((resolve) => {
        const exports = require(specifier);
        resolve({ ...exports, default: exports });
      })
    : import(specifier);
`;
const DYNAMIC_IMPORT = /(?<![.\w$])import\((?!\s*["'`]\.)/g;
const externalImports = {
  name: 'external-imports',
  renderChunk(code, chunk) {
    const relative = path.posix.relative(path.posix.dirname(chunk.fileName), IMPORTER);
    const importer = `require(${JSON.stringify(relative.startsWith('.') ? relative : `./${relative}`)})(`;
    const magic = new MagicString(code);
    for (const m of code.matchAll(DYNAMIC_IMPORT)) magic.overwrite(m.index, m.index + m[0].length, importer);
    return { code: magic.toString(), map: magic.generateMap({ hires: true }) };
  },
  generateBundle(_options, files) {
    for (const file of Object.values(files)) {
      const left = file.type === 'chunk' ? /(?<![.\w$])import\(.{0,40}/.exec(file.code) : null;
      if (left !== null) throw new Error(`bundle: ${file.fileName} still calls import(): ${left[0]}`);
    }
  },
};

/**
 * Works out the `cli` and `report` groups once the module graph is known: the modules reachable by
 * static imports from entry.js, and then those from the report's lazy roots (less the first).
 */
function warmGroups() {
  const groups = { cli: new Set(), report: new Set() };
  const plugin = {
    name: 'warm-groups',
    buildEnd() {
      const reach = (roots, into, skip) => {
        const stack = [...roots];
        while (stack.length > 0) {
          const id = stack.pop();
          if (into.has(id) || skip.has(id)) continue;
          const info = this.getModuleInfo(id);
          if (info === null || info.isExternal) continue;
          into.add(id);
          stack.push(...info.importedIds);
        }
      };
      const missing = REPORT_ROOTS.filter((id) => this.getModuleInfo(id) === null);
      if (missing.length > 0) throw new Error(`bundle: not in the module graph: ${missing.join(', ')}`);
      reach(this.getModuleInfo(ENTRY).importedIds, groups.cli, new Set());
      reach(REPORT_ROOTS, groups.report, groups.cli);
    },
  };
  return { plugin, groups };
}

const { plugin: grouping, groups } = warmGroups();
fs.rmSync(outdir, { recursive: true, force: true });
const bundle = await rolldown({
  cwd: root,
  input: { folio: ENTRY },
  platform: 'node',
  external: (id) => id.startsWith('node:') || EXTERNAL.some((e) => id === e || id.startsWith(`${e}/`)),
  plugins: [lazyChildProcess, grouping, externalImports],
  logLevel: 'warn',
  // A lazy import of a module that a static import loads anyway is normal here (a shared renderer).
  onLog(level, log, handler) {
    if (log.code === 'INEFFECTIVE_DYNAMIC_IMPORT') return;
    handler(level, log);
  },
});
const { output } = await bundle.write({
  dir: outdir,
  format: 'cjs',
  entryFileNames: '[name].cjs',
  chunkFileNames: 'chunks/[name]-[hash].cjs',
  sourcemap: true,
  // Whitespace and comments out, local names shortened: a fresh process parses some 350 kB less
  // (a warm 50-holding report ~12 ms sooner, median of alternated runs). Not compressed: no expression is
  // rewritten, so the code that runs is the code tsc wrote; function and class names are kept for
  // `--debug` stack traces, which bin/folio.js maps back to the sources.
  // ASCII only (other characters as \u escapes): V8 keeps a source with any character beyond Latin-1
  // as two bytes a character, and the report chunk has a few (currency signs in its tables).
  minify: {
    compress: false,
    mangle: { keepNames: true },
    codegen: { removeWhitespace: true, asciiOnly: true },
  },
  comments: { legal: false },
  codeSplitting: {
    groups: [
      // entry.js itself (what bin/folio.js calls) stays in folio.cjs.
      { name: 'cli', test: (id) => groups.cli.has(id), priority: 2 },
      { name: 'report', test: (id) => groups.report.has(id), priority: 1 },
    ],
  },
});
await bundle.close();
fs.writeFileSync(path.join(outdir, IMPORTER), IMPORTER_SOURCE);

const chunks = output.filter((o) => o.type === 'chunk');
const entry = chunks.find((c) => c.fileName === 'folio.cjs');
const kB = (bytes) => `${(bytes / 1024).toFixed(0)} kB`;
const size = (c) => Buffer.byteLength(c.code);
process.stdout.write(
  `bundle: dist/bundle/folio.cjs ${entry ? kB(size(entry)) : '?'} + ${chunks.length - 1} chunks (${kB(
    chunks.reduce((sum, c) => sum + size(c), 0),
  )} in all; cli ${groups.cli.size} and report ${groups.report.size} modules grouped); external: ${EXTERNAL.join(', ')}\n`,
);
