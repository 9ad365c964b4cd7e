import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { parseHoldings } from '../../../src/holdings/parse.js';
import { checkTargetGroups, parseTargetsCsv } from '../../../src/holdings/targets.js';

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
}

describe('targets CSV', () => {
  it('reads groups, an optional header, comments and blank lines', () => {
    const t = parseTargetsCsv('group,target\n# mine\nclass:Bonds,0.25\n\nclass:US stocks,0.75\n', 't.csv');
    expect(t).toEqual({
      file: 't.csv',
      dimension: 'class',
      targets: [
        { label: 'class:Bonds', group: 'Bonds', target: 0.25, line: 3 },
        { label: 'class:US stocks', group: 'US stocks', target: 0.75, line: 5 },
      ],
    });
  });
  it('upper-cases symbols and currencies', () => {
    const t = parseTargetsCsv('symbol:vti,0.6\nsymbol:vod.l,0.4\n', 't.csv');
    expect(t.targets.map((x) => x.label)).toEqual(['symbol:VTI', 'symbol:VOD.L']);
    expect(parseTargetsCsv('currency:usd,0.5\ncurrency:GBP,0.5', 't.csv').targets[0]!.group).toBe('USD');
  });
  it('a sum within 1e-9 of 1 is 1 (thirds)', () => {
    expect(() =>
      parseTargetsCsv('class:A,0.3333333333\nclass:B,0.3333333333\nclass:C,0.3333333334\n', 't.csv'),
    ).not.toThrow();
  });
  it.each([
    ['class:A,0.5\nclass:B,0.4\n', 't.csv:2: targets sum to 0.9, not 1'],
    ['class:A,0.5\nclass:B,0.5000001\n', 't.csv:2: targets sum to 1.0000001, not 1'],
    ['class:A,0.5\nclass:A,0.5\n', 't.csv:2: group class:A is given twice (also on line 1)'],
    ['class:A,0.5\nclass: A ,0.5\n', 't.csv:2: group class: A is given twice (also on line 1)'],
    [
      'class:A,0.5\nsymbol:VTI,0.5\n',
      't.csv:2: group symbol:VTI is by symbol, but line 1 is by class: one dimension per file',
    ],
    ['class:A,0.5\nclass:B,abc\n', 't.csv:2: target "abc" of class:B: '],
    ['class:A,0.5\nclass:B,1.5\n', 't.csv:2: target "1.5" of class:B: must be a fraction from 0 to 1'],
    ['class:A,-0.5\nclass:B,1.5\n', 't.csv:1: target "-0.5" of class:A'],
    ['class:A,0.5\nclass:B,\n', 't.csv:2: target of class:B is empty'],
    ['class:A,0.5\nsector:B,0.5\n', 't.csv:2: group "sector:B": expected <dimension>:<name>'],
    ['Bonds,1\n', 't.csv:1: group "Bonds": expected <dimension>:<name>'],
    ['class:A,0.5,9\n', 't.csv:1: expected two fields'],
    ['currency:GBp,1\n', 't.csv:1: group "currency:GBp": name the major currency (GBP, not GBp)'],
    ['symbol:VTI,1\n'.replace('VTI', 'V T I'), 't.csv:1: group "symbol:V T I": not a valid symbol'],
    ['# nothing\n', 't.csv'],
  ])('%j -> %s', (text, message) => {
    expect(usageMessage(() => parseTargetsCsv(text, 't.csv'))).toContain(message);
  });
  it('a group the holdings do not have', () => {
    const t = parseTargetsCsv('class:Bonds,0.25\nclass:Bondz,0.75\n', 't.csv');
    expect(usageMessage(() => checkTargetGroups(t, new Set(['Bonds', 'Stocks'])))).toBe(
      "t.csv:2: group class:Bondz matches no holding (the file's class groups: Bonds, Stocks)",
    );
    expect(() => checkTargetGroups(t, new Set(['Bonds', 'Bondz']))).not.toThrow();
  });
});

describe('targets in a JSON holdings file', () => {
  const json = (targets: string) =>
    `{\n  "holdings": [\n    { "symbol": "VTI", "shares": 1, "class": "Stocks" },\n    { "symbol": "BND", "shares": 1, "class": "Bonds" }\n  ],\n  "targets": {\n${targets}\n  }\n}\n`;
  it('reads them with their lines', () => {
    const file = parseHoldings(json('    "class:Stocks": 0.6,\n    "class:Bonds": 0.4'), 'h.json', {
      today: '2026-01-01',
    });
    expect(file.settings.targets).toEqual({
      file: 'h.json',
      dimension: 'class',
      targets: [
        { label: 'class:Stocks', group: 'Stocks', target: 0.6, line: 7 },
        { label: 'class:Bonds', group: 'Bonds', target: 0.4, line: 8 },
      ],
    });
  });
  it.each([
    ['    "class:Stocks": 0.6,\n    "class:Bonds": 0.3', 'h.json:6: targets sum to 0.9, not 1'],
    [
      '    "class:Stocks": 0.6,\n    "class:Stocks": 0.4',
      'h.json:8: invalid JSON: duplicate key "class:Stocks"',
    ],
    [
      '    "class:Stocks": 0.6,\n    "symbol:BND": 0.4',
      'h.json:8: group symbol:BND is by symbol, but line 7 is by class',
    ],
    ['    "class:Stocks": 0.6,\n    "class:Bonds": true', 'h.json:8: target of class:Bonds must be a number'],
  ])('%j -> %s', (targets, message) => {
    expect(usageMessage(() => parseHoldings(json(targets), 'h.json', { today: '2026-01-01' }))).toContain(
      message,
    );
  });
});

describe('the class column', () => {
  it('is read from CSV and JSON, and absent when not given', () => {
    const csv = parseHoldings('symbol,shares,Class\nVTI,1,US stocks\nBND,2,\n', 'h.csv', {
      today: '2026-01-01',
    });
    expect(csv.lots.map((l) => l.class)).toEqual(['US stocks', undefined]);
    const json = parseHoldings('[{"symbol":"VTI","shares":1,"class":"Bonds"}]', 'h.json', {
      today: '2026-01-01',
    });
    expect(json.lots[0]!.class).toBe('Bonds');
    expect(
      'class' in parseHoldings('symbol,shares\nVTI,1\n', 'h.csv', { today: '2026-01-01' }).lots[0]!,
    ).toBe(false);
  });
  it("rows of one symbol must agree (a row without a class takes the symbol's)", () => {
    const ok = 'symbol,shares,class\nVTI,1,Stocks\nVTI,2,\nVTI,3,Stocks\n';
    expect(() => parseHoldings(ok, 'h.csv', { today: '2026-01-01' })).not.toThrow();
    const bad = 'symbol,shares,class\nVTI,1,Stocks\nBND,1,Bonds\nVTI,2,Bonds\n';
    let message = '';
    try {
      parseHoldings(bad, 'h.csv', { today: '2026-01-01' });
    } catch (error) {
      expect((error as { exitCode: number }).exitCode).toBe(3);
      message = (error as Error).message;
    }
    expect(message).toBe(
      'h.csv:4: class "Bonds": disagrees with class "Stocks" given to VTI on line 2 (a symbol has one class)',
    );
  });
});
