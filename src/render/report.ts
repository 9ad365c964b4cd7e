// The whole report in the chosen format. Each renderer is loaded only when its format is asked for.
import type { Report } from '../analytics/model.js';
import type { RunStats } from '../types.js';
import type { Format, ReportRenderOptions } from './options.js';

/** `bench`: the run's statistics, which the JSON output carries inside the report. */
export async function renderReport(
  report: Report,
  format: Format,
  options: ReportRenderOptions,
  bench?: RunStats,
): Promise<string> {
  switch (format) {
    case 'json': {
      const { renderReportJson } = await import('./json.js');
      return renderReportJson(report, bench);
    }
    case 'csv': {
      const { renderHoldingsCsv } = await import('./csv.js');
      return renderHoldingsCsv(report, { lots: options.lots });
    }
    case 'markdown': {
      const { renderReportMarkdown } = await import('./markdown.js');
      return renderReportMarkdown(report, options);
    }
    case 'html': {
      const { renderReportHtml } = await import('./html.js');
      return renderReportHtml(report, options);
    }
    case 'table': {
      const { renderReportTable } = await import('./table.js');
      return renderReportTable(report, options);
    }
  }
}

/**
 * Starts loading the renderer of `format` without waiting for it (renderReport imports it again, from
 * Node's module map then): a run calls this while it waits on its files and its cache.
 */
export function preloadRenderer(format: Format): Promise<unknown> {
  switch (format) {
    case 'json':
      return import('./json.js');
    case 'csv':
      return import('./csv.js');
    case 'markdown':
      return import('./markdown.js');
    case 'html':
      return import('./html.js');
    case 'table':
      return import('./table.js');
  }
}
