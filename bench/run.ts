// `npm run bench [-- --quick] [--latency-ms N] [--reps N] [--sizes 10,50] [--no-naive] [--no-process]
//   [--pairs N] [--out FILE] [--only NAME] [--large] [--files 200,2000]`
// The dispatcher: reads the options and runs the chosen scenarios (one file each in bench/scenarios/).
// With no --only: `pipeline` (cold, warm, next day and faults in-process, per portfolio size, against
// the naive baseline and the lower bound) and `process` (the built CLI as a whole process; off with
// --no-process), sharing one in-process simulator; they print one markdown table with the targets
// met/missed and write bench/results/results.json. `--only NAME` runs one scenario and writes
// bench/results/NAME.json: pipeline, process, shared-cache (hosts sharing one Redis; `--sizes 50`),
// many-files (200 and 2,000 files in one run; `--large` adds 20,000, `--files` picks the counts),
// many-files-requests (one run over 20 files against 20 runs). `--out FILE` writes the results there.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchArgs, USAGE, UsageError, parseArgs, resultsFile } from './args.js';
import { openSession } from './session.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `pipeline` and `process` together (the default run) or either alone: one session, one summary. */
async function runInProcess(args: BenchArgs, pipeline: boolean, wholeProcess: boolean): Promise<void> {
  const [{ runPipelineScenario }, { runProcessScenario }, { writeSummary }] = await Promise.all([
    import('./scenarios/pipeline.js'),
    import('./scenarios/process.js'),
    import('./summary.js'),
  ]);
  const session = await openSession(args);
  let scenarios: Awaited<ReturnType<typeof runPipelineScenario>> = [];
  let figures: Awaited<ReturnType<typeof runProcessScenario>> | null = null;
  try {
    if (pipeline) scenarios = await runPipelineScenario(args, session);
    if (wholeProcess) figures = await runProcessScenario(args, session);
  } finally {
    await session.close();
  }
  writeSummary({
    args,
    scenarios,
    processes: figures?.processes ?? [],
    version: figures?.version ?? null,
    totalS: (performance.now() - session.started) / 1000,
    file: resultsFile(args, args.only ?? 'results'),
    log: session.log,
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ROOT);
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  switch (args.only) {
    case undefined:
      return runInProcess(args, true, args.process);
    case 'pipeline':
      return runInProcess(args, true, false);
    case 'process':
      return runInProcess(args, false, true);
    case 'shared-cache':
      return (await import('./scenarios/shared-cache.js')).runSharedCacheScenario(args);
    case 'many-files':
      return (await import('./scenarios/many-files.js')).runManyFilesScenario(args);
    case 'many-files-requests':
      return (await import('./scenarios/many-files-requests.js')).runManyFilesRequestsScenario(args);
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`bench: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
