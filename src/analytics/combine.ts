// Several holdings files as one portfolio: their lots under one roof, each file an account, and the
// "By portfolio" rows, taken from each file's own report (built on the same price data), so they
// equal what `folio report FILE` prints for that file. Pure: no I/O, no clock.
import type { Report } from './model.js';
import type { Lot } from '../types.js';

/** One holdings file of a combined run. */
export interface PortfolioInput {
  /** What the user calls it: the file's base name, made unique within the run. */
  name: string;
  lots: readonly Lot[];
}

/** One line of the "By portfolio" table, in the combined report's base currency. */
export interface PortfolioRow {
  name: string;
  marketValue: number;
  costBasis: number | null;
  unrealizedGain: number | null;
  unrealizedGainPct: number | null;
  /** marketValue / the combined market value; null when the combined value is not positive. */
  weight: number | null;
  xirr: number | null;
  twr: number | null;
}

/**
 * The lots of every file as one list, each lot's account named after its file: `<name>` for a lot
 * without an account, `<name>/<account>` for one with.
 */
export function combinedLots(portfolios: readonly PortfolioInput[]): Lot[] {
  const out: Lot[] = [];
  for (const p of portfolios)
    for (const lot of p.lots)
      out.push({ ...lot, account: lot.account === null ? p.name : `${p.name}/${lot.account}` });
  return out;
}

/** The "By portfolio" rows: each file's figures from its own report, weighted by the combined value. */
export function portfolioRows(
  reports: readonly { name: string; report: Pick<Report, 'summary'> }[],
  combinedValue: number,
): PortfolioRow[] {
  return reports.map(({ name, report }) => {
    const s = report.summary;
    return {
      name,
      marketValue: s.marketValue,
      costBasis: s.costBasis,
      unrealizedGain: s.unrealizedGain,
      unrealizedGainPct: s.unrealizedGainPct,
      weight: combinedValue > 0 ? s.marketValue / combinedValue : null,
      xirr: s.xirr,
      twr: s.twr,
    };
  });
}

/** Unique names for files: the base name, then `-2`, `-3`, ... for later files of the same name. */
export function uniqueNames(baseNames: readonly string[]): string[] {
  const taken = new Set<string>();
  return baseNames.map((base) => {
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
    taken.add(name);
    return name;
  });
}
