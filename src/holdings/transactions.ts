// Checks across rows of a transaction file. Row order in the file does not matter: rows
// apply in date order, same-day rows in file order, undated buys count as held from the start.
//
// What the parser can prove without prices is limited: a split from Yahoo (which only the analytics
// sees) may multiply the shares held between a buy and a sell, so "sells 15 of 10" is checked in
// buildReport with every split known. Here: a sell on a date when no share of the symbol was ever
// bought, which no split can fix.

import type { InputProblem } from '../errors.js';
import type { Holding, Lot } from '../types.js';
import { normalizeSymbol } from './symbols.js';

/** Problems for sells dated before any buy of their symbol (or with no buy at all). */
export function sellsWithNothingHeld(lots: readonly Lot[], file: string): InputProblem[] {
  const firstBuy = new Map<string, string | null>(); // symbol -> earliest buy date (null: an undated buy)
  for (const lot of lots) {
    if ((lot.type ?? 'buy') !== 'buy') continue;
    const prev = firstBuy.get(lot.symbol);
    if (prev === null) continue;
    if (lot.date === null || prev === undefined || lot.date < prev) firstBuy.set(lot.symbol, lot.date);
  }
  const problems: InputProblem[] = [];
  for (const lot of lots) {
    if (lot.type !== 'sell' || lot.date === null) continue;
    const first = firstBuy.get(lot.symbol);
    if (first === null) continue;
    if (first === undefined || first > lot.date) {
      problems.push({
        file,
        line: lot.source.line,
        field: 'shares',
        value: String(lot.shares),
        reason:
          `sells ${lot.shares} ${lot.symbol} on ${lot.date} but none are held on that date` +
          (first === undefined ? ' (the file has no buy of it)' : ` (the first buy is on ${first})`),
      });
    }
  }
  return problems;
}

/** The lots by symbol, in order of first mention. */
export function groupBySymbol(lots: Lot[]): Holding[] {
  const bySymbol = new Map<string, Holding>();
  for (const lot of lots) {
    let holding = bySymbol.get(lot.symbol);
    if (holding === undefined) {
      holding = { symbol: lot.symbol, lots: [] };
      bySymbol.set(lot.symbol, holding);
    }
    holding.lots.push(lot);
  }
  return [...bySymbol.values()];
}

/** Remembers the symbol of a rejected row, when it has a valid one. */
export function rejectSymbolOf(text: string | null | undefined, rejected: Set<string>): void {
  const symbol = typeof text === 'string' ? normalizeSymbol(text) : null;
  if (symbol !== null) rejected.add(symbol);
}

/**
 * A symbol has one class: rows that give one must agree (a row without a class takes the symbol's).
 * One problem per disagreeing row, naming the line that gave the first class.
 */
export function classesThatDisagree(lots: readonly Lot[], file: string): InputProblem[] {
  const first = new Map<string, { name: string; line: number }>();
  const problems: InputProblem[] = [];
  for (const lot of lots) {
    if (lot.class === undefined) continue;
    const seen = first.get(lot.symbol);
    if (seen === undefined) first.set(lot.symbol, { name: lot.class, line: lot.source.line });
    else if (seen.name !== lot.class)
      problems.push({
        file,
        line: lot.source.line,
        field: 'class',
        value: lot.class,
        reason: `disagrees with class "${seen.name}" given to ${lot.symbol} on line ${seen.line} (a symbol has one class)`,
      });
  }
  return problems;
}
