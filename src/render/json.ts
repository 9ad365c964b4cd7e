// `--format json`: the Report as analytics built it (key order as in model.ts), `bench` appended
// when --bench was given. No number needs help: JSON.stringify writes NaN and ±Infinity as null and
// -0 as 0 by itself. A replacer function, which would say so again, makes V8 call back into
// JavaScript for every key and value: some 15 ms of a 500-holding report.
import type { Report } from '../analytics/model.js';
import type { RunStats } from '../types.js';

/** Any value as 2-space JSON with a trailing newline; NaN/Infinity never appear. */
export function toJsonDocument(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function renderReportJson(report: Report, bench?: RunStats): string {
  const doc: Report & { bench?: RunStats } = { ...report, schemaVersion: 1 };
  if (bench !== undefined) doc.bench = bench;
  return toJsonDocument(doc);
}
