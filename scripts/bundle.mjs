// Bundles the compiled CLI (dist/src/cli/main.js, from `tsc`) into one ESM file, dist/bundle/folio.mjs,
// which bin/folio.js loads: one file to read and compile instead of some hundred modules to resolve.
// What a warm report does not use stays out of it: the parts the CLI imports lazily (the simulator,
// the Yahoo client, renderers, ...) become chunks loaded on first use, and the packages that are large,
// native or only needed on a network or terminal path stay external (loaded from node_modules by Node).
// Run by `npm run build` after tsc; the tsc output in dist/src stays for the tests and the bench.
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'bundle');

const EXTERNAL = [
  // native addon: its binding is found relative to its own package
  'sqlite3',
  // the network path only (a warm report never builds a Yahoo client)
  'yahoo-finance2',
  // the spinner, on a terminal only
  'ora',
];

// commander requires node:child_process when it loads, for running executable subcommands, which folio
// has none of: every run then loaded child_process, net, dgram and their bindings (~5-10 ms). In the
// bundle it is required on first use instead. Should commander's source change, the build says so and
// bundles it unchanged (slower to start, nothing else).
const COMMANDER_EAGER = "const childProcess = require('node:child_process');";
const COMMANDER_LAZY =
  "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";
const lazyChildProcess = {
  name: 'commander-lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      const uses = source.match(/childProcess\.\w+/g) ?? [];
      if (!source.includes(COMMANDER_EAGER) || uses.some((u) => u !== 'childProcess.spawn')) {
        process.stderr.write(`bundle: ${args.path} changed; child_process stays loaded at start\n`);
        return undefined;
      }
      return { contents: source.replace(COMMANDER_EAGER, COMMANDER_LAZY), loader: 'js' };
    });
  },
};

fs.rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { folio: 'dist/src/cli/main.js' },
  outdir,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external: EXTERNAL,
  plugins: [lazyChildProcess],
  // CommonJS packages inside an ESM bundle still call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __folioCreateRequire } from 'node:module'; const require = __folioCreateRequire(import.meta.url);",
  },
  legalComments: 'none',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
});

const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.mjs'));
const entry = outputs.find(([file]) => file.endsWith('/folio.mjs'));
const kB = (bytes) => `${(bytes / 1024).toFixed(0)} kB`;
process.stdout.write(
  `bundle: dist/bundle/folio.mjs ${entry ? kB(entry[1].bytes) : '?'} + ${outputs.length - 1} lazy chunks (${kB(
    outputs.reduce((sum, [, o]) => sum + o.bytes, 0),
  )} in all); external: ${EXTERNAL.join(', ')}\n`,
);
