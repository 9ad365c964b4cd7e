// Scenario `process`: the built CLI as a whole process against the in-process simulator. `folio report
// --format json` on 50 holdings (and 500 with lots since 2016 unless --quick): one cold run, then warm
// runs on a holdings file edited between runs, timed in pairs against `node -e 0`, with the CLI's own
// peak RSS; then `folio --version` against `node -e 0` (bench/process.ts does the measuring).
import type { BenchArgs } from '../args.js';
import {
  type VersionResult,
  type WholeProcessResult,
  measureVersion,
  measureWholeProcess,
} from '../process.js';
import { DAY0, type Session, simCount } from '../session.js';

/** The 500-holding whole-process row's purchase dates start here (ten years of history). */
const LOTS_SINCE = '2016-01-04';

export interface ProcessFigures {
  processes: WholeProcessResult[];
  version: VersionResult;
}

export async function runProcessScenario(args: BenchArgs, session: Session): Promise<ProcessFigures> {
  const { sim, clock, tmp, log } = session;
  clock.set(DAY0);
  sim.configure({ today: DAY0, failRate: 0, rateLimit: undefined });
  const processSizes: [number, string | undefined][] = args.quick
    ? [[50, undefined]]
    : [
        [50, undefined],
        [500, LOTS_SINCE],
      ];
  const processes: WholeProcessResult[] = [];
  for (const [size, since] of processSizes) {
    const p = await measureWholeProcess(size, DAY0, since, {
      root: args.root,
      dir: tmp,
      simUrl: sim.url,
      now: () => clock.now(),
      simCounts: () => simCount(sim),
      resetSim: () => sim.resetCounters(),
      pairs: args.pairs,
    });
    processes.push(p);
    log(
      `process  ${String(size).padStart(3)}: cold ${Math.round(p.coldMs)} ms, warm ${Math.round(p.warmMs.median)} ms vs node -e 0 ${Math.round(p.nodeMs.median)} ms (x${p.medianRatio.toFixed(2)}), peak RSS cold ${p.coldPeakRssMB} MB / warm ${p.warmPeakRssMB} MB, warm requests ${p.warmRequests}`,
    );
  }
  const version = await measureVersion(args.root, args.pairs * 2);
  log(
    `--version: ${Math.round(version.folioMs.median)} ms vs node -e 0 ${Math.round(version.nodeMs.median)} ms (x${version.medianRatio.toFixed(2)})`,
  );
  return { processes, version };
}
