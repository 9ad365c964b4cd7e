// `--format json`: the Report as analytics built it (key order as in model.ts), `bench` appended
// when --bench was given. JSON.stringify already writes NaN/Infinity as null; the replacer makes it
// explicit and also covers -0 (printed as 0).
import type { Report } from '../analytics/model.js';
import type { RunStats } from '../types.js';

/** JSON.stringify replacer: non-finite numbers become null. */
export function finiteOrNull(_key: string, value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : null;
  return value;
}

/** Any value as 2-space JSON with a trailing newline; NaN/Infinity never appear. */
export function toJsonDocument(value: unknown): string {
  return `${JSON.stringify(value, finiteOrNull, 2)}\n`;
}

export function renderReportJson(report: Report, bench?: RunStats): string {
  const doc: Report & { bench?: RunStats } = { ...report, schemaVersion: 1 };
  if (bench !== undefined) doc.bench = bench;
  return toJsonDocument(doc);
}
