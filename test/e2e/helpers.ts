// End-to-end pieces: the fixtures, temporary directories, a small pool and the report checks the
// spawned-CLI tests share. The CLI itself runs through test/support/cli.ts against the simulator of
// test/support/simulator.ts; `npm test` builds dist/ first.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Simulator } from '../../src/sim/index.js';
import { expect } from 'vitest';
import { ROOT } from '../support/cli.js';

export const SAMPLE_CSV = path.join(ROOT, 'fixtures', 'sample-portfolio.csv');

/** A stack frame line: never allowed in user-facing output. */
export const STACK_LINE = '    at ';
export const ANSI = /\u001b[[\]()#;?]*[0-9;]*[A-Za-z]?/;

const made: string[] = [];

/** A fresh temporary directory (removed by `cleanupTempDirs`). */
export function tempDir(prefix = 'folio-e2e-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function cleanupTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Runs tasks with at most `limit` at once (the machine has 2 cores), results in input order. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** A copy of the simulator's request counts by endpoint. */
export function endpointCounts(sim: Simulator): Record<string, number> {
  return { ...sim.counters.byEndpoint };
}

/** Writes a holdings file into `dir` and returns its path. */
export function writeHoldings(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

interface ReportDoc {
  asOf: string;
  summary: { marketValue: number };
  holdings: { lots: { date: string | null; costBasis: number | null; marketValue: number }[] }[];
  series: { dates: string[]; value: number[] };
}

/**
 * One day, one value: the series' point at asOf is valued with the same prices and FX as the
 * holdings above it. It holds the lots in the history figures (dated, with a cost), so it equals
 * summary.marketValue when every lot is one of those. Money to 1e-6 relative.
 */
export function expectSeriesEndsAtValue(doc: ReportDoc): void {
  const inHistory = doc.holdings
    .flatMap((h) => h.lots)
    .filter((l) => l.date !== null && l.costBasis !== null)
    .reduce((s, l) => s + l.marketValue, 0);
  const allInHistory = doc.holdings.every((h) =>
    h.lots.every((l) => l.date !== null && l.costBasis !== null),
  );
  if (doc.series.dates.length === 0) {
    expect(inHistory).toBe(0);
    return;
  }
  expect(doc.series.dates.at(-1)).toBe(doc.asOf);
  const last = doc.series.value.at(-1)!;
  const close = (a: number, b: number) =>
    expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(b)));
  close(last, inHistory);
  if (allInHistory) close(last, doc.summary.marketValue);
}
