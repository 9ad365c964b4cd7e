// Reads an export from fixtures/imports and converts it, with ISINs resolved from a fixed table
// (the search endpoint is tested against the simulator elsewhere), and sums what came out per symbol.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HoldingRow } from '../../../../src/holdings/imports/convert.js';
import { type ImportedExport, importExport } from '../../../../src/holdings/imports/index.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../fixtures/imports');

export function fixtureBytes(name: string): Uint8Array {
  return readFileSync(path.join(FIXTURES, name));
}

export async function importFixture(
  name: string,
  isins: Record<string, string> = {},
  extra: { from?: string; symbolMap?: Map<string, string> } = {},
): Promise<ImportedExport> {
  return importExport(fixtureBytes(name), {
    file: name,
    resolveIsins: (requests) =>
      Promise.resolve(new Map(requests.map(({ isin }) => [isin, isins[isin] ?? null]))),
    ...extra,
  });
}

export interface SymbolTotals {
  bought: number;
  sold: number;
  net: number;
  dividends: number;
  withheld: number;
  splits: number[];
}

export function totals(rows: readonly HoldingRow[]): Map<string, SymbolTotals> {
  const out = new Map<string, SymbolTotals>();
  for (const r of rows) {
    let t = out.get(r.symbol);
    if (t === undefined)
      out.set(r.symbol, (t = { bought: 0, sold: 0, net: 0, dividends: 0, withheld: 0, splits: [] }));
    if (r.type === 'buy') t.bought += r.shares ?? 0;
    if (r.type === 'sell') t.sold += r.shares ?? 0;
    if (r.type === 'dividend') {
      t.dividends += r.totalCost ?? 0;
      t.withheld += r.fee ?? 0;
    }
    if (r.type === 'split') t.splits.push(r.shares ?? 0);
  }
  for (const t of out.values()) t.net = t.bought - t.sold;
  return out;
}
