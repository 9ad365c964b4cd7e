// Report snapshots for refactors: runs the built CLI against the in-process simulator (pinned clock) on
// the sample files and generated 10/50/200-holding portfolios, in every format and a few option sets,
// cold and then warm from the same cache, and writes each output to a file in DIR. Two trees that
// compute the same figures give byte-identical directories: `diff -r before/ after/`.
//
//   npm run build && node dist/bench/snapshot.js DIR [--sizes 10,50,200] [--quick]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '../src/sim/index.js';
import { makePortfolio } from './portfolios.js';
import { spawnTimed } from './process.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'folio.js');
const TODAY = '2026-11-27';
const NOW = '2026-11-27T22:00:00Z';

interface Case {
  name: string;
  file: string;
  args: string[];
}

function casesFor(name: string, file: string, full: boolean): Case[] {
  const json = ['--format', 'json'];
  const cases: Case[] = [{ name: `${name}.json`, file, args: json }];
  if (!full) return cases;
  cases.push(
    { name: `${name}.eur-max.json`, file, args: [...json, '--currency', 'EUR', '--period', 'max'] },
    { name: `${name}.asof.json`, file, args: [...json, '--as-of', '2025-06-30', '--benchmarks', 'SPY,EFA'] },
    { name: `${name}.table.txt`, file, args: ['--width', '120', '--lots', '--by-year'] },
    { name: `${name}.markdown.md`, file, args: ['--format', 'markdown', '--lots'] },
    { name: `${name}.csv`, file, args: ['--format', 'csv'] },
  );
  return cases;
}

/** The run's own wall-clock instants (FOLIO_NOW pins the start, not the milliseconds the run took). */
function withoutRunTime(text: string): string {
  return text
    .replace(/2026-11-27T22:0\d:\d\d\.\d{3}Z/g, '<run time>')
    .replace(/\b17958(1[6-9]|2\d)\d{6}\b/g, '<run time ms>');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const out = argv[0];
  if (out === undefined || out.startsWith('--')) {
    process.stderr.write('usage: node dist/bench/snapshot.js DIR [--sizes 10,50,200] [--quick]\n');
    process.exitCode = 2;
    return;
  }
  const sizesAt = argv.indexOf('--sizes');
  const sizes = (sizesAt >= 0 ? (argv[sizesAt + 1] ?? '') : '10,50,200')
    .split(',')
    .filter(Boolean)
    .map(Number);
  const quick = argv.includes('--quick');
  fs.mkdirSync(out, { recursive: true });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-snapshot-'));
  const sim = await startSimulator({ port: 0, today: TODAY, now: () => Date.parse(NOW) });
  try {
    const cases: Case[] = [];
    for (const f of ['sample-portfolio.csv', 'sample-portfolio.json', 'transactions-sample.csv']) {
      cases.push(...casesFor(f, path.join(ROOT, 'fixtures', f), !quick));
    }
    for (const size of sizes) {
      const file = path.join(work, `generated-${size}.csv`);
      fs.writeFileSync(file, makePortfolio(size, TODAY).csv);
      cases.push(...casesFor(`generated-${size}`, file, size <= 50 && !quick));
    }
    for (const c of cases) {
      const dir = fs.mkdtempSync(path.join(work, 'run-'));
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: dir,
        FOLIO_CONFIG_DIR: dir,
        FOLIO_CACHE: path.join(dir, 'cache.sqlite'),
        FOLIO_NOW: NOW,
        FOLIO_YAHOO_URL: sim.url,
        NO_COLOR: '1',
        TZ: 'UTC',
      };
      for (const phase of ['cold', 'warm']) {
        const run = await spawnTimed(process.execPath, [BIN, 'report', c.file, ...c.args], {
          env,
          cwd: ROOT,
          keepStdout: true,
        });
        const target = path.join(out, `${c.name}.${phase}`);
        fs.writeFileSync(target, `exit ${run.code}\n${withoutRunTime(run.stdout)}`);
        process.stderr.write(`${path.basename(target)}: exit ${run.code}, ${run.stdout.length} bytes\n`);
      }
    }
  } finally {
    await sim.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
