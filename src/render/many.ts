// Several reports in one run: one after another under a heading line naming each file (table,
// markdown), or one JSON document `{ schemaVersion, reports: [{ file, name, report }] }`; and the
// combined report with its "By portfolio" section (render/portfolios.ts).
import type { PortfolioRow } from '../analytics/combine.js';
import type { Report } from '../analytics/model.js';
import type { RunStats } from '../types.js';
import { renderManyReportsHtml } from './html.js';
import { toJsonDocument } from './json.js';
import type { Format, ReportRenderOptions } from './options.js';
import { escapeMarkdown } from './sanitize.js';

/** One file's report, as `folio report FILE` alone renders it. */
export interface FileReport {
  file: string;
  name: string;
  report: Report;
  /** The report in the run's format (JSON takes `report` itself). */
  text: string;
}

/**
 * Several reports as one output written as each report is ready: `head`, then each report's `piece`
 * in order, then `tail` (JSON's `bench` goes last). Table and markdown head each report with a line
 * naming its file; JSON is one document `{ schemaVersion, reports: [{ file, name, report }] }`.
 */
export interface ManyReportsPieces {
  head: string;
  piece(r: FileReport, index: number): string;
  tail(bench?: RunStats): string;
}

/** JSON nested `depth` levels down a 2-space document: every line after the first indented. */
function nestedJson(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

export function manyReportsPieces(format: Exclude<Format, 'html'>): ManyReportsPieces {
  if (format === 'json')
    return {
      head: '{\n  "schemaVersion": 1,\n  "reports": [\n',
      piece: (r, i) =>
        `${i === 0 ? '' : ',\n'}    ${nestedJson({ file: r.file, name: r.name, report: { ...r.report, schemaVersion: 1 } }, 2)}`,
      tail: (bench) => `\n  ]${bench === undefined ? '' : `,\n  "bench": ${nestedJson(bench, 1)}`}\n}\n`,
    };
  const heading = (r: FileReport): string =>
    format === 'markdown' ? `# ${escapeMarkdown(r.file)}\n` : `==> ${r.file} <==`;
  return {
    head: '',
    piece: (r, i) => `${i === 0 ? '' : '\n'}${heading(r)}\n${r.text}`,
    tail: () => '',
  };
}

/**
 * Every file's report in order, each under a heading line naming its file; HTML is one page holding
 * them all (`options` renders it).
 */
export function renderManyReports(
  reports: readonly FileReport[],
  format: Format,
  options: ReportRenderOptions,
  bench?: RunStats,
): string {
  if (format === 'html') return renderManyReportsHtml(reports, options);
  const pieces = manyReportsPieces(format);
  return pieces.head + reports.map((r, i) => pieces.piece(r, i)).join('') + pieces.tail(bench);
}

/**
 * The combined report: the report of all holdings with its "By portfolio" rows, which table and
 * markdown show right after the Summary (`options.portfolios`) and JSON as `portfolios`.
 */
export async function renderCombinedReport(
  report: Report,
  rows: readonly PortfolioRow[],
  format: Format,
  options: ReportRenderOptions,
  bench?: RunStats,
): Promise<string> {
  if (format === 'json') {
    const doc: Record<string, unknown> = { ...report, schemaVersion: 1, portfolios: rows };
    if (bench !== undefined) doc.bench = bench;
    return toJsonDocument(doc);
  }
  const { renderReport } = await import('./report.js');
  return renderReport(report, format, { ...options, portfolios: rows });
}
