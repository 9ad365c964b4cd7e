// Scenario `many-files` (`npm run bench -- --only many-files [--large] [--files 200,2000]`): how one
// `folio report DIR --format json --output-dir OUT` scales with the number of portfolio files in DIR:
// 200 and 2,000 files (20,000 more with --large), each of 30 holdings drawn from the same pool of 600
// symbols (bench/many-files.ts), so the price work stays the same and the per-file work grows. Each
// count runs cold (an empty cache) and then warm (the same cache: no request at all), as a whole process
// against the in-process simulator; measured: wall time, ms per file and the process's peak RSS. Every
// run must exit 0 and write one report per file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator } from '../../src/sim/index.js';
import { type BenchArgs, resultsFile } from '../args.js';
import {
  HOLDINGS_PER_FILE,
  MANY_FILES_NOW,
  MANY_FILES_TODAY,
  SCALE_POOL,
  writePoolPortfolios,
} from '../many-files.js';
import { spawnTimed } from '../process.js';
import { fmt, machine } from '../session.js';

const DEFAULT_FILES = [200, 2_000];
const LARGE_FILES = [200, 2_000, 20_000];
const MB = 1024 * 1024;

interface Run {
  ms: number;
  msPerFile: number;
  /** The CLI process's own high-water RSS. */
  peakRssMB: number | null;
  /** Requests the simulator answered during the run. */
  requests: number;
}

interface Row {
  files: number;
  lots: number;
  cold: Run;
  warm: Run;
}

interface Target {
  target: string;
  met: boolean | null;
  figure: string;
}

export async function runManyFilesScenario(args: BenchArgs): Promise<void> {
  const counts = args.files ?? (args.large ? LARGE_FILES : DEFAULT_FILES);
  const started = performance.now();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-bench-files-'));
  const sim = await startSimulator({
    today: MANY_FILES_TODAY,
    now: () => Date.parse(MANY_FILES_NOW),
    latencyMs: args.latencyMs,
  });
  const log = (line: string) =>
    process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
  log(`many files: ${counts.join(', ')} files of ${HOLDINGS_PER_FILE} holdings from a pool of ${SCALE_POOL}`);
  const rows: Row[] = [];
  try {
    for (const files of counts) {
      const dir = path.join(tmp, `files-${files}`);
      const written = writePoolPortfolios(dir, files, MANY_FILES_TODAY, SCALE_POOL);
      const lots = written.reduce(
        (n, f) => n + fs.readFileSync(f, 'utf8').trimEnd().split('\n').length - 1,
        0,
      );
      const cache = path.join(tmp, `cache-${files}.sqlite`);
      const run = async (name: string): Promise<Run> => {
        const out = path.join(tmp, `out-${files}-${name}`);
        fs.mkdirSync(out);
        sim.resetCounters();
        const r = await spawnTimed(
          process.execPath,
          [path.join(args.root, 'bin', 'folio.js'), 'report', dir, '--format', 'json', '--output-dir', out],
          { env: folioEnv(tmp, cache, sim.url), cwd: args.root, rssHookDir: tmp },
        );
        if (r.code !== 0)
          throw new Error(`${files} files, ${name}: folio exited ${r.code}: ${r.stderr.trim()}`);
        const reports = fs.readdirSync(out).length;
        if (reports !== files)
          throw new Error(`${files} files, ${name}: ${reports} reports written, expected ${files}`);
        fs.rmSync(out, { recursive: true, force: true });
        const result: Run = {
          ms: Math.round(r.ms),
          msPerFile: r.ms / files,
          peakRssMB: r.peakRssBytes === undefined ? null : Math.round(r.peakRssBytes / MB),
          requests: sim.counters.total,
        };
        log(
          `${String(files).padStart(6)} files ${name}: ${(r.ms / 1000).toFixed(1)} s, ${result.msPerFile.toFixed(2)} ms a file, peak RSS ${result.peakRssMB ?? 'n/a'} MB, ${result.requests} requests`,
        );
        return result;
      };
      const cold = await run('cold');
      const warm = await run('warm');
      if (warm.requests !== 0) throw new Error(`${files} files, warm: ${warm.requests} requests, expected 0`);
      rows.push({ files, lots, cold, warm });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    await sim.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const targets = evaluateTargets(rows);
  process.stdout.write(renderMarkdown(args, rows, targets));
  const file = resultsFile(args, 'many-files');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const totalS = (performance.now() - started) / 1000;
  fs.writeFileSync(
    file,
    `${JSON.stringify({ machine: machine(), latencyMs: args.latencyMs, holdingsPerFile: HOLDINGS_PER_FILE, pool: SCALE_POOL, totalSeconds: Math.round(totalS), rows, targets }, null, 2)}\n`,
  );
  log(`wrote ${path.relative(process.cwd(), file)} in ${totalS.toFixed(0)} s`);
}

/** The environment of one run: its own home, the given cache, the pinned clock, no colour. */
function folioEnv(home: string, cache: string, yahooUrl: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    FOLIO_CONFIG_DIR: home,
    FOLIO_CACHE: cache,
    FOLIO_NOW: MANY_FILES_NOW,
    FOLIO_YAHOO_URL: yahooUrl,
    NO_COLOR: '1',
    TZ: 'UTC',
  };
}

/** A ratio of two figures, or null when either is missing. */
const ratio = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a === null || a === undefined || b === null || b === undefined || b === 0 ? null : a / b;

function evaluateTargets(rows: Row[]): Target[] {
  const at = (files: number) => rows.find((r) => r.files === files);
  const small = at(200);
  const big = at(2_000);
  const mb = (n: number | null | undefined) => (n === null || n === undefined ? 'n/a' : `${n} MB`);
  const notRun = (what: string) => ({ met: null, figure: `${what} not run` });
  const rssRatio = ratio(big?.warm.peakRssMB, small?.warm.peakRssMB);
  const timeRatio = ratio(big?.warm.ms, small?.warm.ms);
  return [
    {
      target: 'warm 2,000 files: peak RSS under 250 MB',
      ...(big === undefined
        ? notRun('2,000 files')
        : {
            met: big.warm.peakRssMB === null ? null : big.warm.peakRssMB < 250,
            figure: mb(big.warm.peakRssMB),
          }),
    },
    {
      target: "warm 2,000 files: peak RSS at most 1.3x the 200-file run's",
      ...(rssRatio === null
        ? notRun('200 or 2,000 files')
        : {
            met: rssRatio <= 1.3,
            figure: `${mb(big?.warm.peakRssMB)} vs ${mb(small?.warm.peakRssMB)} = ${fmt(rssRatio, 2)}x`,
          }),
    },
    {
      target: "warm 2,000 files: wall time at most 12x the 200-file run's",
      ...(timeRatio === null
        ? notRun('200 or 2,000 files')
        : {
            met: timeRatio <= 12,
            figure: `${fmt(big?.warm.ms)} ms vs ${fmt(small?.warm.ms)} ms = ${fmt(timeRatio, 2)}x`,
          }),
    },
    {
      target: 'cold 2,000 files: peak RSS under 300 MB',
      ...(big === undefined
        ? notRun('2,000 files')
        : {
            met: big.cold.peakRssMB === null ? null : big.cold.peakRssMB < 300,
            figure: mb(big.cold.peakRssMB),
          }),
    },
  ];
}

function renderMarkdown(args: BenchArgs, rows: Row[], targets: Target[]): string {
  const m = machine();
  const lines = [
    `### folio many files — ${m.date.slice(0, 10)}, ${m.cpus} × ${m.cpuModel}, Node ${m.node}, load average ${m.loadAverage.join(' ')}`,
    '',
    `\`folio report DIR --format json --output-dir OUT\` as a whole process; ${HOLDINGS_PER_FILE} holdings a file from a pool of ${SCALE_POOL} symbols; the simulator in-process at ${args.latencyMs} ms per response. Cold: an empty cache; warm: the same cache right after (no request). Peak RSS: the CLI process's own high-water mark.`,
    '',
    '| files | lots | cold s | cold ms / file | cold peak RSS MB | cold requests | warm s | warm ms / file | warm peak RSS MB |',
    '|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...rows.map(
      (r) =>
        `| ${r.files} | ${r.lots} | ${fmt(r.cold.ms / 1000, 1)} | ${fmt(r.cold.msPerFile, 2)} | ${r.cold.peakRssMB ?? 'n/a'} | ${r.cold.requests} | ${fmt(r.warm.ms / 1000, 1)} | ${fmt(r.warm.msPerFile, 2)} | ${r.warm.peakRssMB ?? 'n/a'} |`,
    ),
    '',
    'Targets:',
    '',
    ...targets.map(
      (t) => `- ${t.met === null ? 'n/a' : t.met ? 'met' : '**missed**'}: ${t.target} — ${t.figure}`,
    ),
    '',
  ];
  return lines.join('\n');
}
