// The bench's command line, read once by bench/run.ts and handed to the scenarios.
import path from 'node:path';

/** The scenarios `--only NAME` can pick, in the order a full run would take them. */
export const SCENARIO_NAMES = [
  'pipeline',
  'process',
  'shared-cache',
  'many-files',
  'many-files-requests',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface BenchArgs {
  /** folio's package root (bin/folio.js, bench/results/ below it). */
  root: string;
  quick: boolean;
  latencyMs: number;
  reps: number;
  /** --reps was given: applies to every scenario. */
  repsGiven: boolean;
  /** Portfolio sizes (holdings) of the pipeline rows; with `--only shared-cache` one size. */
  sizes: number[];
  /** --sizes was given. */
  sizesGiven: boolean;
  naive: boolean;
  process: boolean;
  /** Timed pairs per whole-process row. */
  pairs: number;
  /** Results file given with --out; else bench/results/<name>.json. */
  out: string | undefined;
  /** `--only NAME`: that scenario alone. */
  only: ScenarioName | undefined;
  /** `--large`: the many-files scenario also runs 20,000 files. */
  large: boolean;
  /** `--files 200,2000`: the many-files scenario's file counts (overrides the default and --large). */
  files: number[] | undefined;
  /** `--help`: print USAGE and run nothing. */
  help: boolean;
}

export class UsageError extends Error {}

/** What `npm run bench -- --help` prints. */
export const USAGE = `usage: npm run bench [-- OPTIONS]
Measures folio and prints a markdown table of its targets, met or missed (results in bench/results/).
Without --only: pipeline (in-process runs per portfolio size) and process (the built CLI as a whole
process against \`node -e 0\`): about 10 minutes on an idle 2-core machine.

  --only NAME         one scenario: ${SCENARIO_NAMES.join(', ')}
  --quick             fewer sizes and repetitions
  --sizes 10,50       portfolio sizes (holdings); --only shared-cache takes one
  --reps N            repetitions per measurement
  --pairs N           timed pairs per whole-process row (folio, then node -e 0)
  --latency-ms N      the simulated Yahoo's delay per response (default 100)
  --no-naive          skip the naive baseline (each section fetching its own prices, unbatched)
  --no-process        skip the whole-process rows
  --files 200,2000    many-files: the file counts
  --large             many-files: 20,000 files too (some 5 minutes more)
  --out FILE          write the results there instead of bench/results/
  -h, --help          this text

examples:
  npm run bench
  npm run bench -- --only process
  npm run bench -- --only many-files --large
`;

/** Options that take a value (`--name value` or `--name=value`), and those that are flags. */
const VALUED = ['--latency-ms', '--reps', '--sizes', '--pairs', '--out', '--only', '--files'];
const FLAGS = ['--quick', '--no-naive', '--no-process', '--large', '--help', '-h'];

/** Refuses what the bench does not know (a mistyped option would otherwise start a full run). */
function checkOptions(argv: readonly string[]): void {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const name = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    if (VALUED.includes(name)) {
      if (name === arg) {
        const next = argv[i + 1];
        if (next === undefined || next.startsWith('--')) throw new UsageError(`${name}: needs a value`);
        i++;
      }
    } else if (!FLAGS.includes(arg)) {
      throw new UsageError(
        `${arg.startsWith('-') ? 'unknown option' : 'unexpected argument'} ${JSON.stringify(arg)} (npm run bench -- --help)`,
      );
    }
  }
}

export function parseArgs(argv: string[], root: string): BenchArgs {
  checkOptions(argv);
  const quick = argv.includes('--quick');
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  };
  const num = (name: string, fallback: number): number => {
    const v = value(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new UsageError(`${name}: not a number: ${v}`);
    return n;
  };
  const list = (name: string): number[] | undefined => {
    const v = value(name);
    if (v === undefined) return undefined;
    const ns = v.split(',').map(Number);
    if (ns.some((n) => !Number.isInteger(n) || n <= 0))
      throw new UsageError(`${name}: not a list of positive whole numbers: ${v}`);
    return ns;
  };
  const only = value('--only');
  if (only !== undefined && !(SCENARIO_NAMES as readonly string[]).includes(only))
    throw new UsageError(`--only: no scenario "${only}" (one of ${SCENARIO_NAMES.join(', ')})`);
  const sizes = list('--sizes');
  const out = value('--out');
  return {
    root,
    quick,
    latencyMs: num('--latency-ms', 100),
    reps: Math.max(1, Math.round(num('--reps', quick ? 3 : 5))),
    repsGiven: value('--reps') !== undefined,
    sizes: sizes ?? (quick ? [10, 50] : [10, 50, 200, 500]),
    sizesGiven: sizes !== undefined,
    naive: !argv.includes('--no-naive'),
    process: !argv.includes('--no-process'),
    pairs: Math.max(1, Math.round(num('--pairs', quick ? 5 : 10))),
    out: out === undefined ? undefined : path.resolve(out),
    only: only as ScenarioName | undefined,
    large: argv.includes('--large'),
    files: list('--files'),
    help: argv.includes('--help') || argv.includes('-h'),
  };
}

/** Where a run's machine-readable results go: --out, else bench/results/<name>.json. */
export function resultsFile(args: BenchArgs, name: string): string {
  return args.out ?? path.join(args.root, 'bench', 'results', `${name}.json`);
}
