// The minor-unit rule has one home; the holdings file, the price plan and the analytics must agree on
// it. Agorot (ILA, Yahoo's unit for the Tel Aviv exchange) were once converted by the analytics and
// the price plan but refused in a holdings file.
import { describe, expect, it } from 'vitest';
import { fxPairSymbol, isMinorUnit, majorCurrency } from '../../src/currencies.js';
import { normalizeCurrency } from '../../src/holdings/currencies.js';
import { parseHoldings } from '../../src/holdings/parse.js';
import { parseTargetsCsv } from '../../src/holdings/targets.js';
import { fxPairsFor } from '../../src/prices/plan.js';

const MINOR = [
  ['GBp', 'GBP'],
  ['GBX', 'GBP'],
  ['ZAc', 'ZAR'],
  ['ILA', 'ILS'],
] as const;

describe('minor currency units', () => {
  it.each(MINOR)('%s is 1/100 of %s', (minor, major) => {
    expect(isMinorUnit(minor)).toBe(true);
    expect(majorCurrency(minor)).toEqual({ code: major, factor: 0.01 });
    expect(fxPairSymbol(minor, 'USD')).toBe(`${major}USD=X`);
    expect(fxPairSymbol(minor, major)).toBeNull();
  });

  it.each(['GBP', 'ZAR', 'ILS', 'USD', 'EUR'])('%s is a major currency', (code) => {
    expect(isMinorUnit(code)).toBe(false);
    expect(majorCurrency(code)).toEqual({ code, factor: 1 });
  });

  it("Yahoo's ZAC spelling reads as cents; a lower-case major code as its capitals", () => {
    expect(majorCurrency('ZAC')).toEqual({ code: 'ZAR', factor: 0.01 });
    expect(majorCurrency('usd')).toEqual({ code: 'USD', factor: 1 });
  });

  it('the price plan asks for the major pair of each', () => {
    expect(fxPairsFor(['GBp', 'GBX', 'ZAc', 'ILA', 'USD'], 'USD')).toEqual([
      'GBPUSD=X',
      'ILSUSD=X',
      'ZARUSD=X',
    ]);
  });

  it.each(MINOR)('a holdings file may write %s as a row currency', (minor) => {
    expect(normalizeCurrency(minor)).toBe(minor);
    const file = parseHoldings(`symbol,shares,cost,currency\nX,1,250,${minor}\n`, 'h.csv', {
      today: '2026-11-28',
    });
    expect(file.lots[0]?.currency).toBe(minor);
  });

  it.each(MINOR)('%s is refused as a base currency and as a target group', (minor) => {
    expect(() =>
      parseHoldings(`{"baseCurrency": "${minor}", "holdings": []}`, 'h.json', { today: '2026-11-28' }),
    ).toThrow(`baseCurrency "${minor}": must be a major currency`);
    expect(() => parseTargetsCsv(`currency:${minor},1\n`, 't.csv')).toThrow('name the major currency');
  });
});
