// The pipeline and process scenarios' summary: the targets (met / missed) worked out from their figures,
// the markdown table printed on stdout, and the results file.
import fs from 'node:fs';
import path from 'node:path';
import type { BenchArgs } from './args.js';
import { LOWER_BOUND_FORMULA } from './lower-bound.js';
import type { VersionResult, WholeProcessResult } from './process.js';
import type { ScenarioResult } from './scenarios/pipeline.js';
import { BATCH, CONCURRENCY, FAULTS, fmt, machine, spreadText } from './session.js';

type ProcessResult = WholeProcessResult;

interface Target {
  target: string;
  met: boolean | null;
  figure: string;
}

/**
 * Prints the markdown summary on stdout and writes the results file (`file`): the same object
 * `npm run bench` has always written, one entry per row.
 */
export function writeSummary(options: {
  args: BenchArgs;
  scenarios: ScenarioResult[];
  processes: ProcessResult[];
  version: VersionResult | null;
  totalS: number;
  file: string;
  log: (line: string) => void;
}): void {
  const { args, scenarios, processes, version, totalS, file } = options;
  const targets = evaluateTargets(scenarios, processes, version);
  process.stdout.write(renderMarkdown(args, scenarios, processes, version, targets, totalS));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    `${JSON.stringify({ machine: machine(), latencyMs: args.latencyMs, concurrency: CONCURRENCY, quoteBatch: BATCH, quick: args.quick, reps: args.reps, totalSeconds: Math.round(totalS), lowerBoundFormula: LOWER_BOUND_FORMULA, scenarios, processes, version, targets }, null, 2)}\n`,
  );
  options.log(`wrote ${path.relative(process.cwd(), file)} in ${totalS.toFixed(0)} s`);
}

function evaluateTargets(
  scenarios: ScenarioResult[],
  processes: ProcessResult[],
  version: VersionResult | null,
): Target[] {
  const out: Target[] = [];
  const find = (scenario: string, holdings: number) =>
    scenarios.find((s) => s.scenario === scenario && s.holdings === holdings);
  const cold50 = find('cold', 50);
  if (cold50) {
    const needed = Math.ceil(cold50.symbols / BATCH) + cold50.symbols;
    const p50 = processes.find((p) => p.holdings === 50);
    out.push({
      target: `cold 50+3: at most ${needed} data requests (${Math.ceil(cold50.symbols / BATCH)} quote + ${cold50.symbols} chart: 53 symbols + ${cold50.symbols - 53} FX pairs) plus cookie and crumb`,
      met:
        cold50.requests.data.max <= needed &&
        (p50 === undefined ||
          (p50.coldRequests.data <= needed && p50.coldRequests.cookie <= 1 && p50.coldRequests.crumb <= 1)),
      figure: `${cold50.requests.quote} quote + ${cold50.requests.chart} chart in-process (max ${cold50.requests.data.max})${p50 ? `; CLI process: ${p50.coldRequests.data} data + ${p50.coldRequests.cookie} cookie + ${p50.coldRequests.crumb} crumb` : ''}`,
    });
    out.push({
      target: 'cold 50+3: wall time within 1.3x of the lower bound',
      met: cold50.timeOverLowerBound !== null && cold50.timeOverLowerBound <= 1.3,
      figure: `${fmt(cold50.wallMs.median)} ms vs ${cold50.lowerBound.ms} ms = ${fmt(cold50.timeOverLowerBound, 2)}x`,
    });
    out.push({
      target: 'cold 50+3: at least 20x faster than naive',
      met: cold50.naiveOverFolioTime === null ? null : cold50.naiveOverFolioTime >= 20,
      figure:
        cold50.naiveOverFolioTime === null
          ? 'naive not run'
          : `${fmt(cold50.naive!.ms.median)} ms vs ${fmt(cold50.wallMs.median)} ms = ${fmt(cold50.naiveOverFolioTime, 1)}x`,
    });
  }
  for (const w of scenarios.filter((s) => s.scenario === 'warm')) {
    out.push({
      target: `warm ${w.holdings}: 0 requests, 100 % cache hits, same numbers`,
      met: w.requests.total.max === 0 && w.cacheHitRate === 1 && w.sameNumbers?.equal === true,
      figure: `${w.requests.total.max} requests, ${fmt((w.cacheHitRate ?? 0) * 100, 1)} % hits, numbers ${w.sameNumbers?.equal ? 'equal' : `differ (${w.sameNumbers?.difference})`}`,
    });
  }
  for (const p of processes) {
    const limit = p.holdings >= 500 ? 3 : 2;
    out.push({
      target: `warm whole process ${p.holdings} (holdings file edited between runs): within ${limit}x of node -e 0, 0 requests`,
      met: p.medianRatio <= limit && p.warmRequests === 0,
      figure: `${fmt(p.warmMs.median)} ms vs ${fmt(p.nodeMs.median)} ms, median ratio ${fmt(p.medianRatio, 2)}x; ${p.warmRequests} requests`,
    });
  }
  for (const n of scenarios.filter((s) => s.scenario === 'next-day')) {
    const needed = Math.ceil(n.symbols / BATCH) + n.symbols;
    out.push({
      target: `next day ${n.holdings}: only quote batches + one tail chart per symbol, same numbers as cold on the new day`,
      met: n.requests.data.max <= needed && n.tailOnlyCharts === true && n.sameNumbers?.equal === true,
      figure: `${n.requests.quote} quote + ${n.requests.chart} chart (max ${n.requests.data.max} of ${needed}), tails only: ${n.tailOnlyCharts ? 'yes' : 'no'}, numbers ${n.sameNumbers?.equal ? 'equal' : `differ (${n.sameNumbers?.difference})`}`,
    });
  }
  const colds = scenarios.filter((s) => s.scenario === 'cold');
  if (colds.length >= 3 && colds.some((c) => c.holdings >= 500)) {
    const xs = colds.map((c) => c.requests.data.median);
    const ys = colds.map((c) => c.wallMs.median);
    const fit = linearFit(xs, ys);
    out.push({
      target: 'cold time grows linearly with requests (R² ≥ 0.98 over the sizes)',
      met: fit.r2 >= 0.98,
      figure: `time ≈ ${fmt(fit.a)} ms + ${fmt(fit.b, 2)} ms/request, R² = ${fit.r2.toFixed(4)}; ms/request: ${colds.map((c) => `${c.holdings}: ${fmt(c.wallMs.median / c.requests.data.median, 1)}`).join(', ')}`,
    });
  }
  const p500 = processes.find((p) => p.holdings === 500);
  if (p500) {
    out.push({
      target: '500 holdings: peak RSS under 150 MB (CLI process, cold and warm)',
      met:
        p500.coldPeakRssMB !== null &&
        p500.coldPeakRssMB < 150 &&
        p500.warmPeakRssMB !== null &&
        p500.warmPeakRssMB < 150,
      figure: `cold ${p500.coldPeakRssMB ?? 'n/a'} MB, warm ${p500.warmPeakRssMB ?? 'n/a'} MB`,
    });
  }
  if (version) {
    out.push({
      target: '`folio --version` within 1.3x of node -e 0',
      met: version.medianRatio <= 1.3,
      figure: `${fmt(version.folioMs.median)} ms vs ${fmt(version.nodeMs.median)} ms, median ratio ${fmt(version.medianRatio, 2)}x`,
    });
  }
  for (const f of scenarios.filter((s) => s.scenario === 'faults')) {
    out.push({
      target: `faults ${f.holdings}: same numbers as the clean run, no request while the breaker is open`,
      met: f.sameNumbers?.equal === true && f.requestsWhileBreakerOpen === 0,
      figure: `numbers ${f.sameNumbers?.equal ? 'equal' : `differ (${f.sameNumbers?.difference})`}; breaker opened ${f.breakerOpened}x, ${f.requestsWhileBreakerOpen} requests while open; ${f.requests.byStatus['500'] ?? 0} x 500, ${f.requests.byStatus['429'] ?? 0} x 429 over ${f.runs} runs; retries ${spreadText(f.retries)}`,
    });
  }
  return out;
}

function linearFit(xs: number[], ys: number[]): { a: number; b: number; r2: number } {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  const b = sxx === 0 ? 0 : sxy / sxx;
  return { a: my - b * mx, b, r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy) };
}

function renderMarkdown(
  args: BenchArgs,
  scenarios: ScenarioResult[],
  processes: ProcessResult[],
  version: VersionResult | null,
  targets: Target[],
  totalS: number,
): string {
  const m = machine();
  const lines: string[] = [];
  lines.push(
    `### folio benchmark — ${m.date.slice(0, 10)}, ${m.cpus} × ${m.cpuModel}, Node ${m.node}, load average ${m.loadAverage.join(' ')}`,
  );
  lines.push('');
  lines.push(
    `Simulator in-process on loopback, ${args.latencyMs} ms per response; folio concurrency ${CONCURRENCY}, ${BATCH} symbols per quote request; ${args.reps} runs per scenario (median, min–max)${args.quick ? ', --quick' : ''}; ${totalS.toFixed(0)} s in all. Requests are counted by the simulator. Portfolios: N holdings + SPY, QQQ, VTI + FX pairs for the London/XETRA/Tokyo holdings.`,
  );
  lines.push('');
  lines.push(
    '| scenario | holdings | symbols | runs | folio requests | folio ms | CPU ms ² | CPU wait ms ³ | lower bound ms | ÷ bound | naive ms | naive ÷ folio time | naive ÷ folio requests | cache hits | retries | RSS MB |',
  );
  lines.push('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
  for (const s of scenarios) {
    const naive =
      s.naive === null
        ? 'off'
        : s.naive.runs === 0
          ? `— (${s.naive.requests} req)`
          : `${fmt(s.naive.ms.median)}${s.naive.runs > 1 ? ` (${s.naive.runs} runs)` : ' (1 run)'}${s.scenario === 'warm' || s.scenario === 'next-day' ? ' ¹' : ''}`;
    lines.push(
      `| ${s.scenario} | ${s.holdings} | ${s.symbols} | ${s.runs} | ${spreadText(s.requests.total)} | ${spreadText(s.wallMs)} | ${fmt(s.cpuMs.median)} | ${fmt(s.runQueueMs)} | ${s.lowerBound.ms} (${s.lowerBound.requests} req) | ${fmt(s.timeOverLowerBound, 2)} | ${naive} | ${fmt(s.naiveOverFolioTime, 1)} | ${fmt(s.naiveOverFolioRequests, 1)} | ${s.cacheHitRate === null ? 'n/a' : `${fmt(s.cacheHitRate * 100, 0)} %`} | ${spreadText(s.retries)} | ${s.peakRssMB} |`,
    );
  }
  lines.push('');
  lines.push(
    `Lower bound: ${LOWER_BOUND_FORMULA}; concurrency = ${CONCURRENCY} (folio's default). RSS is the bench process's high-water mark (simulator included); the CLI's own is below. ¹ naive has no cache: the cold runs' figure. ² CPU time of the bench process during a folio run, simulator included: close to the wall time means the run was CPU-bound, not waiting on latency. ³ Time the bench's main thread was ready to run but waited for a CPU (Linux /proc schedstat): the share of the wall time that belongs to the machine's load, not to folio. The naive baseline sends 5N + 6 requests one after another; it runs at 10 holdings in every repetition (once with --quick), at 50 once, above that not at all (the request count it would send is shown). Faults: ${FAULTS.failRate * 100} % of data responses 500, ${FAULTS.rateLimit} requests/s limit (429 + Retry-After).`,
  );
  if (processes.length > 0) {
    lines.push('');
    lines.push(
      '| whole process | cold CLI ms | cold requests | warm CLI ms | node -e 0 ms | median ratio | warm requests | peak RSS cold / warm MB |',
    );
    lines.push('|---|--:|--:|--:|--:|--:|--:|--:|');
    for (const p of processes) {
      lines.push(
        `| \`folio report --format json\`, ${p.holdings} holdings (lots since ${p.lotsSince}) | ${fmt(p.coldMs)} | ${p.coldRequests.data} + ${p.coldRequests.cookie + p.coldRequests.crumb} cookie/crumb | ${spreadText(p.warmMs)} | ${spreadText(p.nodeMs)} | ${fmt(p.medianRatio, 2)} | ${p.warmRequests} | ${p.coldPeakRssMB ?? 'n/a'} / ${p.warmPeakRssMB ?? 'n/a'} |`,
      );
    }
    if (version)
      lines.push(
        `| \`folio --version\` | | | ${spreadText(version.folioMs)} | ${spreadText(version.nodeMs)} | ${fmt(version.medianRatio, 2)} | | |`,
      );
    lines.push('');
    lines.push(
      `${processes[0]!.pairs} alternating pairs of \`node -e 0\` and the warm CLI run (${version?.pairs ?? 0} for \`--version\`); the ratio is the median of the pairs' ratios. Before each warm run the holdings file is rewritten with one lot's shares changed, so nothing but the cached prices can be reused. Peak RSS: the CLI process's own high-water mark.`,
    );
  }
  lines.push('');
  lines.push('Targets:');
  lines.push('');
  for (const t of targets)
    lines.push(`- ${t.met === null ? 'n/a' : t.met ? 'met' : '**missed**'}: ${t.target} — ${t.figure}`);
  lines.push('');
  return lines.join('\n');
}
