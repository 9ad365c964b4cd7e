import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { normalizeCurrency } from '../../../src/holdings/currencies.js';
import { decodeHoldingsBytes } from '../../../src/holdings/encoding.js';
import { parseDecimal } from '../../../src/holdings/numbers.js';
import { parseHoldings, type ParseOptions } from '../../../src/holdings/parse.js';
import { SYMBOL_PATTERN, normalizeSymbol } from '../../../src/holdings/symbols.js';
import { isBuy, type Buy, type HoldingsFile, type Lot } from '../../../src/types.js';
import { countCsvDataRows } from '../../support/csv-rows.js';
import { countJsonLots, mutate, prng } from '../../support/fuzz.js';

/** The row as a buy; these files have no type column, so every row is one. */
function asBuy(row: Lot): Buy {
  if (!isBuy(row)) throw new Error(`line ${row.source.line} is not a buy`);
  return row;
}

const TODAY = '2026-11-28';
const OPTIONS: ParseOptions = { today: TODAY };

function parse(text: string, options: ParseOptions = OPTIONS): HoldingsFile {
  return parseHoldings(text, 'h.csv', options);
}

function errorOf(text: string, options: ParseOptions = OPTIONS): InputError {
  try {
    parseHoldings(text, 'h.csv', options);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('parsed without an error');
}

/** The messages of all problems. */
function messages(text: string, options: ParseOptions = OPTIONS): string[] {
  return errorOf(text, options).lines();
}

describe('symbols', () => {
  it.each([
    ['aapl', 'AAPL'],
    [' vod.l ', 'VOD.L'],
    ['BRK-B', 'BRK-B'],
    ['^GSPC', '^GSPC'],
    ['EURUSD=X', 'EURUSD=X'],
    ['7203.T', '7203.T'],
    ['ABCDEFGHIJKLMNOPQRST', 'ABCDEFGHIJKLMNOPQRST'],
  ])('%j is %j', (raw, symbol) => {
    expect(normalizeSymbol(raw)).toBe(symbol);
    expect(SYMBOL_PATTERN.test(symbol)).toBe(true);
  });

  it.each([
    '',
    '   ',
    '../x',
    'AAPL?x=1',
    'BRK B',
    'A#B',
    '%2F',
    'a/b',
    'AA\u0000PL',
    'AA\tPL',
    '..',
    '-',
    'ABCDEFGHIJKLMNOPQRSTU',
    'ÄPPL',
    'A;B',
  ])('%j is rejected', (raw) => {
    expect(normalizeSymbol(raw)).toBeNull();
  });
});

describe('currencies', () => {
  it.each([
    ['gbp', 'GBP'],
    ['GBP', 'GBP'],
    ['GBp', 'GBp'],
    ['gbx', 'GBX'],
    ['GBX', 'GBX'],
    ['ZAc', 'ZAc'],
    ['ILA', 'ILA'],
    ['ila', 'ILA'],
    ['zar', 'ZAR'],
    [' usd ', 'USD'],
    ['Eur', 'EUR'],
    ['JPY', 'JPY'],
    ['chf', 'CHF'],
  ])('%j is %j', (raw, code) => {
    expect(normalizeCurrency(raw)).toBe(code);
  });

  it.each(['XYZ', 'US', 'DOLLAR', '', 'zac', 'ZAC', 'HRK', 'XXX', 'XTS', '€'])('%j is unknown', (raw) => {
    expect(normalizeCurrency(raw)).toBeNull();
  });
});

describe('numbers', () => {
  it.each([
    ['12', false, 12],
    ['12.5', false, 12.5],
    ['  0.25 ', false, 0.25],
    ['.5', false, 0.5],
    ['+3', false, 3],
    ['-3', false, -3],
    ['1e3', false, 1000],
    ['1,234', false, 1234],
    ['1,234.5', false, 1234.5],
    ['12,345,678.25', false, 12345678.25],
    // ;-separated files: decimal comma, dot thousands before a decimal comma, or several dot groups.
    ['12,5', true, 12.5],
    ['12.5', true, 12.5],
    ['0.25', true, 0.25],
    ['1.234,5', true, 1234.5],
    ['1.234.567', true, 1234567],
    ['1234,56', true, 1234.56],
  ])('%j (decimal comma %s) is %d', (raw, decimalComma, value) => {
    const result = parseDecimal(raw, decimalComma);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toBeCloseTo(value, 10);
  });

  it.each([
    ['', false, 'is empty'],
    ['NaN', false, 'is not a finite number'],
    ['Infinity', false, 'is not a finite number'],
    ['-inf', false, 'is not a finite number'],
    ['1e999', false, 'is not a finite number'],
    ['0x1A', false, 'is not a decimal number (hex is not allowed)'],
    ['10 shares', false, 'is not a number (write the number alone, without units or currency symbols)'],
    ['$12', false, 'is not a number (write the number alone, without units or currency symbols)'],
    ['12USD', false, 'is not a number (write the number alone, without units or currency symbols)'],
    ['€12,50', true, 'is not a number (write the number alone, without units or currency symbols)'],
    ['abc', false, 'is not a number'],
    ['1 000', false, 'is not a number'],
    ['1.2.3', false, 'is not a number'],
    ['--1', false, 'is not a number'],
    ['1.234,5', false, 'is ambiguous: write it with a decimal point and no thousands separator, e.g. 1234.5'],
    [
      '1,23',
      false,
      'has a decimal comma: write it with a point (decimal commas are accepted only in ;-separated files)',
    ],
    [
      '12,5',
      false,
      'has a decimal comma: write it with a point (decimal commas are accepted only in ;-separated files)',
    ],
    [
      '1,2345',
      false,
      'has a decimal comma: write it with a point (decimal commas are accepted only in ;-separated files)',
    ],
    [
      '12,34,567',
      false,
      'is ambiguous: write it with a decimal point and no thousands separator, e.g. 1234.5',
    ],
    ['1.234', true, 'is ambiguous in a ;-separated file (thousands or decimals?): write e.g. 1234 or 1,234'],
    ['1,234.5', true, 'is ambiguous: write it with a decimal point and no thousands separator, e.g. 1234.5'],
  ])('%j (decimal comma %s) fails: %s', (raw, decimalComma, reason) => {
    expect(parseDecimal(raw, decimalComma)).toEqual({ ok: false, reason });
  });
});

describe('CSV rows', () => {
  const header = 'symbol,shares,cost,date\n';

  it('reads a lot with every optional field', () => {
    const file = parse(
      'symbol,shares,cost,currency,date,account,name,notes\nvod.l,100,229.85,GBp,2017-06-12,ISA,Vodafone,in pence\n',
    );
    expect(file).toEqual<HoldingsFile>({
      file: 'h.csv',
      format: 'csv',
      settings: {},
      lots: [
        {
          symbol: 'VOD.L',
          shares: 100,
          costPerShare: 229.85,
          currency: 'GBp',
          date: '2017-06-12',
          account: 'ISA',
          name: 'Vodafone',
          notes: 'in pence',
          source: { file: 'h.csv', line: 2 },
        },
      ],
      holdings: [{ symbol: 'VOD.L', lots: [expect.objectContaining({ symbol: 'VOD.L' }) as Lot] }],
    });
  });

  it('leaves date and cost null when absent, and ignores unknown columns', () => {
    const [lot] = parse('Symbol,Qty,Broker Fee,Exchange\nAAPL,3,1.00,NASDAQ\n').lots;
    expect(lot).toMatchObject({
      symbol: 'AAPL',
      shares: 3,
      costPerShare: null,
      date: null,
      currency: null,
      account: null,
    });
  });

  it.each([
    ['symbol,shares', 'AAPL,2'],
    ['Ticker,Quantity,Price,Purchase_Date', 'AAPL,2,10,2020-01-02'],
    [' TICKER , QTY , Cost_Basis , Acquired ', 'AAPL,2,10,2020-01-02'],
    ['symbol,units,unit_cost,date', 'AAPL,2,10,2020-01-02'],
    ['symbol,shares,Total Cost', 'AAPL,2,20'],
    ['symbol,shares,totalcost', 'AAPL,2,20'],
    ['symbol,shares,TOTAL_COST', 'AAPL,2,20'],
  ])('accepts header %j', (head, row) => {
    const [lot] = parse(`${head}\n${row}\n`).lots.map(asBuy);
    expect(lot?.symbol).toBe('AAPL');
    expect(lot?.shares).toBe(2);
    if (head.toLowerCase().includes('cost') || head.toLowerCase().includes('price'))
      expect(lot?.costPerShare).toBeCloseTo(10, 10);
  });

  it('several rows of one symbol are several lots, grouped in order of first appearance', () => {
    const file = parse(
      header + 'MSFT,1,10,2020-01-02\nAAPL,2,20,2020-01-03\nmsft,3,30,2020-01-04\nNVDA,4,40,2020-01-05\n',
    );
    expect(file.lots.map((l) => l.symbol)).toEqual(['MSFT', 'AAPL', 'MSFT', 'NVDA']);
    expect(file.holdings.map((h) => [h.symbol, h.lots.map((l) => asBuy(l).shares)])).toEqual([
      ['MSFT', [1, 3]],
      ['AAPL', [2]],
      ['NVDA', [4]],
    ]);
  });

  it('total_cost gives cost per share, and agrees with cost within the tolerance', () => {
    const file = parse(
      'symbol,shares,cost,total_cost\n' +
        'A,4,,1000\n' + // 250 per share
        'B,3,,100\n' + // 33.33...
        'C,10,12,120.50\n' + // off by 0.50 = 0.41 %: within 0.5 %
        'D,1,0.10,0.11\n', // off by 0.01: within one cent
    );
    expect(file.lots.map((l) => asBuy(l).costPerShare)).toEqual([250, 100 / 3, 12, 0.1]);
  });

  it.each([
    ['10,12,121', 'total_cost "121": disagrees with cost x shares = 120'], // 0.83 % off
    ['1,0.10,0.12', 'total_cost "0.12": disagrees with cost x shares = 0.1'], // 2 cents off
  ])('cost and total_cost disagreeing: %s', (values, message) => {
    expect(messages(`symbol,shares,cost,total_cost\nA,${values}\n`)).toEqual([`h.csv:2: ${message}`]);
  });

  it('cost 0 is a gift, not an error', () => {
    expect(parse(header + 'AAPL,1,0,2020-01-02\n').lots.map(asBuy)[0]?.costPerShare).toBe(0);
  });

  it.each([
    ['2024-02-29', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
    [TODAY, TODAY],
    [' 2020-01-31 ', '2020-01-31'],
  ])('date %j is accepted', (raw, date) => {
    expect(parse(`symbol,shares,date\nA,1,${raw}\n`).lots[0]?.date).toBe(date);
  });

  it.each([
    ['2023-02-29', 'is not a real calendar date'],
    ['1900-02-29', 'is not a real calendar date'],
    ['2023-04-31', 'is not a real calendar date'],
    ['2023-00-10', 'is not a real calendar date'],
    ['2023-01-00', 'is not a real calendar date'],
    ['20230115', 'must be a date written YYYY-MM-DD'],
    ['2023-1-5', 'must be a date written YYYY-MM-DD'],
    ['15.01.2023', 'must be a date written YYYY-MM-DD'],
    ['2023-01-15T10:00:00Z', 'must be a date written YYYY-MM-DD'],
    ['2026-11-29', 'is in the future'],
  ])('date %j: %s', (raw, reason) => {
    expect(messages(`symbol,shares,date\nA,1,${raw}\n`)).toEqual([`h.csv:2: date "${raw}": ${reason}`]);
  });

  it('today comes from the options, not the clock', () => {
    expect(parse('symbol,shares,date\nA,1,2030-01-01\n', { today: '2030-01-01' }).lots).toHaveLength(1);
    expect(() => parse('symbol,shares\nA,1\n', { today: '2030-13-01' })).toThrow(TypeError);
  });

  it.each([
    ['', 'shares: is empty'],
    ['0', 'shares "0": must be greater than 0'],
    ['-1', 'shares "-1": must be greater than 0'],
    ['-0', 'shares "-0": must be greater than 0'],
    ['NaN', 'shares "NaN": is not a finite number'],
    ['abc', 'shares "abc": is not a number'],
  ])('shares %j', (raw, message) => {
    expect(messages(`symbol,shares\nA,${raw}\n`)).toEqual([`h.csv:2: ${message}`]);
  });

  it('fractional shares are fine', () => {
    expect(parse('symbol,shares\nVTI,0.3725\n').lots.map(asBuy)[0]?.shares).toBeCloseTo(0.3725, 10);
  });

  it.each([
    ['-1', 'cost "-1": must not be negative'],
    ['$5', 'cost "$5": is not a number (write the number alone, without units or currency symbols)'],
  ])('cost %j', (raw, message) => {
    expect(messages(`symbol,shares,cost\nA,1,${raw}\n`)).toEqual([`h.csv:2: ${message}`]);
  });

  it('negative total_cost is an error', () => {
    expect(messages('symbol,shares,total_cost\nA,1,-5\n')).toEqual([
      'h.csv:2: total_cost "-5": must not be negative',
    ]);
  });

  it.each([
    ['GBP', 'GBP'],
    ['gbp', 'GBP'],
    ['GBp', 'GBp'],
    ['gbx', 'GBX'],
    ['ILA', 'ILA'],
    ['', null],
  ])('currency %j is %j', (raw, currency) => {
    expect(parse(`symbol,shares,cost,currency\nVOD.L,1,2,${raw}\n`).lots[0]?.currency).toBe(currency);
  });

  it('unknown currency', () => {
    expect(messages('symbol,shares,currency\nA,1,ABC\n')).toEqual([
      'h.csv:2: currency "ABC": is not a known currency code (ISO 4217, or GBp/GBX/ZAc/ILA)',
    ]);
  });

  it.each(['', 'buy', 'BUY', ' Buy '])('type %j is a buy', (type) => {
    expect(parse(`symbol,shares,type\nA,1,${type}\n`).lots).toHaveLength(1);
  });

  // Sells, dividends and splits are read by test/holdings.transactions.test.ts;
  // an undated one is still an error.
  it.each([
    ['sell', 'cost: a sell needs cost (the sale price per share) or total_cost (the proceeds)'],
    [
      'Dividend',
      'total_cost: a dividend needs total_cost (the cash received) or cost (per share) and shares',
    ],
    ['split', 'date: a split needs a date'],
    ['transfer', 'type "transfer": is not a transaction type (buy, sell, dividend or split)'],
  ])('type %j', (type, message) => {
    expect(messages(`symbol,shares,type\nA,1,${type}\n`)[0]).toBe(`h.csv:2: ${message}`);
  });

  it('symbols: empty, malformed, and control characters shown escaped on one line', () => {
    expect(messages('symbol,shares\n,1\n../x,1\nAAPL?x=1,1\nA\u0001B,1\n %2F ,1\n')).toEqual([
      'h.csv:2: symbol: is empty',
      'h.csv:3: symbol "../x": contains "/", which is not allowed in a symbol (letters, digits and . ^ = - only)',
      'h.csv:4: symbol "AAPL?x=1": contains "?", which is not allowed in a symbol (letters, digits and . ^ = - only)',
      'h.csv:5: symbol "A\\u0001B": contains a control character',
      'h.csv:6: symbol " %2F ": contains "%", which is not allowed in a symbol (letters, digits and . ^ = - only)',
    ]);
  });

  it('messages name the column as the header wrote it', () => {
    expect(messages('Ticker,Qty\nAAPL,x\n')).toEqual(['h.csv:2: Qty "x": is not a number']);
  });
});

describe('CSV structure', () => {
  it('handles a BOM, CRLF, blank lines and comment lines, keeping line numbers', () => {
    const text = '\uFEFF# my portfolio\r\nsymbol,shares\r\n\r\nAAPL,1\r\n  # a comment\r\n   \r\nMSFT,2\r\n';
    expect(parse(text).lots.map((l) => [l.symbol, l.source.line])).toEqual([
      ['AAPL', 4],
      ['MSFT', 7],
    ]);
  });

  it('handles lone CR line ends', () => {
    expect(parse('symbol,shares\rAAPL,1\rMSFT,2').lots.map((l) => l.source.line)).toEqual([2, 3]);
  });

  it('quoted fields with commas, doubled quotes and newlines; the record line is where it starts', () => {
    const text =
      'symbol,shares,notes\nAAPL,1,"a, b"\nMSFT,2,"say ""hi""\nsecond line\r\nthird"\nNVDA,"3",\nTSLA,x,"\n"\n';
    const error = errorOf(text);
    expect(error.lines()).toEqual(['h.csv:7: shares "x": is not a number']);
    const ok = parse(text.replace('TSLA,x', 'TSLA,4'));
    expect(ok.lots.map((l) => [l.symbol, l.source.line, l.notes])).toEqual([
      ['AAPL', 2, 'a, b'],
      ['MSFT', 3, 'say "hi"\nsecond line\r\nthird'],
      ['NVDA', 6, null],
      ['TSLA', 7, null],
    ]);
  });

  it('accepts a quoted number with thousands separators and blanks around quotes', () => {
    const [lot] = parse('symbol,shares,cost\nTSLA, "1,000" , "1,208.59"\n').lots.map(asBuy);
    expect(lot?.shares).toBe(1000);
    expect(lot?.costPerShare).toBeCloseTo(1208.59, 10);
  });

  it('a file with no trailing newline and trailing empty fields', () => {
    expect(parse('symbol,shares,cost,\nAAPL,1,2,').lots).toHaveLength(1);
    expect(parse('symbol,shares,cost\nAAPL,1,,,').lots.map(asBuy)[0]?.costPerShare).toBeNull();
  });

  it('rows of only delimiters count as blank', () => {
    expect(parse('symbol,shares\n,,\nAAPL,1\n,\n').lots).toHaveLength(1);
  });

  it(';-separated files: detected from the header, decimal commas accepted', () => {
    const file = parse(
      '# export\nSymbol;Shares;Cost;Notes\nSAP.DE;10;123,45;"a; b"\nASML.AS;2,5;1.234,50;\nVTI;1;299.80;\n',
    );
    expect(file.lots.map(asBuy).map((l) => [l.symbol, l.shares, l.costPerShare, l.notes])).toEqual([
      ['SAP.DE', 10, 123.45, 'a; b'],
      ['ASML.AS', 2.5, 1234.5, null],
      ['VTI', 1, 299.8, null],
    ]);
  });

  it(';-separated files: the ambiguous 1.234 and US-style 1,234.5 are errors', () => {
    expect(messages('symbol;shares;cost\nA;1.234;1\nB;1;1,234.5\n')).toEqual([
      'h.csv:2: shares "1.234": is ambiguous in a ;-separated file (thousands or decimals?): write e.g. 1234 or 1,234',
      'h.csv:3: cost "1,234.5": is ambiguous: write it with a decimal point and no thousands separator, e.g. 1234.5',
    ]);
  });

  it('tab-separated files are detected too', () => {
    expect(parse('symbol\tshares\tcost\nAAPL\t1\t1,234.5\n').lots.map(asBuy)[0]?.costPerShare).toBe(1234.5);
  });

  it('a comma file with commas inside a quoted header is still a comma file', () => {
    expect(detectedLots('symbol,shares,notes,"a;b;c"\nA,1,x;y\n')).toEqual([['A', 'x;y']]);
    function detectedLots(text: string): [string, string | null][] {
      return parse(text).lots.map((l) => [l.symbol, l.notes]);
    }
  });

  it('duplicate columns (same field twice) are an error', () => {
    expect(messages('symbol,shares,Quantity,ticker\nA,1,1,A\n')).toEqual([
      'h.csv:1: column "Quantity": duplicates column "shares" (both give shares)',
      'h.csv:1: column "ticker": duplicates column "symbol" (both give symbol)',
    ]);
  });

  it('missing required columns, on the header line', () => {
    expect(messages('# comment\nname,cost\nx,1\n')).toEqual([
      'h.csv:2: missing required column "symbol" (also accepted: ticker); the first row must be a header such as symbol,shares,cost,date',
      'h.csv:2: missing required column "shares" (also accepted: quantity, qty, units); the first row must be a header such as symbol,shares,cost,date',
    ]);
  });

  it('more fields than the header: a hint to quote', () => {
    expect(messages('symbol;shares\nA;1;2\n')).toEqual([
      'h.csv:2: row has 3 fields but the header has 2 (quote values that contain ";")',
    ]);
  });

  it.each([
    ['', 'h.csv: no holdings: the file has no rows'],
    ['\uFEFF', 'h.csv: no holdings: the file has no rows'],
    ['# nothing\n\n', 'h.csv: no holdings: the file has no rows'],
    ['symbol,shares\n# none yet\n', 'h.csv: no holdings: the file has a header but no rows'],
  ])('no holdings in %j', (text, message) => {
    expect(messages(text)).toEqual([message]);
    expect(errorOf(text).problems[0]?.line).toBe(0);
  });

  it('unterminated quotes name the line the quote opened on', () => {
    expect(messages('symbol,shares,notes\nA,1,ok\nB,2,"open\nC,3,x\n')).toEqual([
      'h.csv:3: unterminated quoted field: a " opened on this line is never closed',
    ]);
  });

  it('a NUL character in the text is reported as binary', () => {
    expect(messages('symbol,shares\nA\u0000,1\n')).toEqual([
      'h.csv:2: file contains NUL bytes: it is binary (or UTF-16), not a UTF-8 text holdings file',
    ]);
  });
});

describe('all problems together', () => {
  it('collects every problem of every row in one InputError, in line order', () => {
    const error = errorOf('symbol,shares,cost,date\nA B,0,-1,2023-02-30\nOK,1,1,2020-01-01\nC,x,,\n');
    expect(error.lines()).toEqual([
      'h.csv:2: symbol "A B": contains a space',
      'h.csv:2: shares "0": must be greater than 0',
      'h.csv:2: cost "-1": must not be negative',
      'h.csv:2: date "2023-02-30": is not a real calendar date',
      'h.csv:4: shares "x": is not a number',
    ]);
    expect(error.total).toBe(5);
    expect(error.exitCode).toBe(3);
  });

  it('lists at most 20 and counts the rest', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `S${i},-${i + 1}\n`).join('');
    const error = errorOf('symbol,shares\n' + rows);
    expect(error.problems).toHaveLength(20);
    expect(error.total).toBe(30);
    expect(error.problems[19]?.line).toBe(21);
    expect(error.message).toBe('h.csv:2: shares "-1": must be greater than 0');
    expect(error.lines()).toHaveLength(21);
  });
});

describe('JSON', () => {
  it('an array of lots: line numbers are where each object starts', () => {
    const text = [
      '[',
      '  {"symbol": "AAPL", "shares": 1},', // line 2
      '',
      '  {',
      '    "symbol": "msft",', // object starts on line 4
      '    "shares": "2.5", "cost": "1,234.5", "totalCost": null,',
      '    "date": "2020-01-02", "currency": "gbp", "account": "IRA", "name": "Microsoft", "notes": "n", "extra": [1, {"x": 2}]',
      '  }, {"symbol": "AAPL", "shares": 3, "total_cost": 30}', // line 8
      ']',
    ].join('\n');
    const file = parseHoldings(text, 'h.json', OPTIONS);
    expect(file.format).toBe('json');
    expect(file.settings).toEqual({});
    expect(file.lots).toEqual<Lot[]>([
      {
        symbol: 'AAPL',
        shares: 1,
        costPerShare: null,
        currency: null,
        date: null,
        account: null,
        name: null,
        notes: null,
        source: { file: 'h.json', line: 2 },
      },
      {
        symbol: 'MSFT',
        shares: 2.5,
        costPerShare: 1234.5,
        currency: 'GBP',
        date: '2020-01-02',
        account: 'IRA',
        name: 'Microsoft',
        notes: 'n',
        source: { file: 'h.json', line: 4 },
      },
      {
        symbol: 'AAPL',
        shares: 3,
        costPerShare: 10,
        currency: null,
        date: null,
        account: null,
        name: null,
        notes: null,
        source: { file: 'h.json', line: 8 },
      },
    ]);
    expect(file.holdings.map((h) => [h.symbol, h.lots.length])).toEqual([
      ['AAPL', 2],
      ['MSFT', 1],
    ]);
  });

  it('the object form carries validated settings', () => {
    const file = parseHoldings(
      '{"baseCurrency": "eur", "benchmarks": ["spy", "VTI", "SPY"], "other": true, "holdings": [{"symbol": "A", "shares": 1}]}',
      'h.json',
      OPTIONS,
    );
    expect(file.settings).toEqual({ baseCurrency: 'EUR', benchmarks: ['SPY', 'VTI'] });
  });

  it('reports problems in settings and lots together, with lines', () => {
    const text =
      '{\n  "baseCurrency": "GBp",\n  "benchmarks": ["SPY", 5, "A/B"],\n  "holdings": [\n    {"symbol": "A", "shares": -1},\n    {"symbol": "B", "shares": 1, "qty": 2},\n    null\n  ]\n}';
    expect(
      errorOf(text)
        .lines()
        .map((l) => l.replace('h.csv', 'f')),
    ).toEqual([
      'f:2: baseCurrency "GBp": must be a major currency (e.g. GBP, not GBp)',
      'f:3: benchmarks[1]: must be a symbol string, not a number',
      'f:3: benchmarks[2] "A/B": contains "/", which is not allowed in a symbol (letters, digits and . ^ = - only)',
      'f:5: shares "-1": must be greater than 0',
      'f:6: key "qty": duplicates key "shares" in this lot (both give shares)',
      'f:7: holdings[2]: must be an object with symbol and shares, not null',
    ]);
  });

  it.each([
    [
      '{"symbol": "A", "shares": 1}',
      'h.csv:1: JSON object has no "holdings" array (expected { "holdings": [ ... ] })',
    ],
    ['{"holdings": {"symbol": "A"}}', 'h.csv:1: "holdings" must be an array of lots, not an object'],
    [
      '[\n{"symbol": "A", "shares": 1}\n',
      'h.csv:3: invalid JSON: expected "," or "]" after an array element, found end of file',
    ],
    ['[{"symbol": "A", "shares": 1}] x', 'h.csv:1: invalid JSON: unexpected "x" after the end of the data'],
    ['[{"symbol": "A", "symbol": "B", "shares": 1}]', 'h.csv:1: key "symbol": appears twice in this lot'],
    [
      '{"holdings": [], "holdings": [{"symbol": "A", "shares": 1}]}',
      'h.csv:1: invalid JSON: duplicate key "holdings"',
    ],
    ["[{'symbol': 'A'}]", 'h.csv:1: invalid JSON: expected a property name in quotes, found "\'"'],
    [
      '[{"symbol": "A\nB", "shares": 1}]',
      'h.csv:1: invalid JSON: control character or line break inside a string',
    ],
    [
      '[{"symbol": "A", "shares": 01}]',
      'h.csv:1: invalid JSON: expected "," or "}" after a property value, found "1"',
    ],
    ['[{"symbol": "A", "shares": NaN}]', 'h.csv:1: invalid JSON: unexpected "N"'],
    [
      '[{"symbol": "\\u0041\\"", "shares": 1}]',
      'h.csv:1: symbol "A\\"": contains "\\"", which is not allowed in a symbol (letters, digits and . ^ = - only)',
    ],
    ['[{"symbol": "A", "shares": 1e400}]', 'h.csv:1: shares "Infinity": is not a finite number'],
    [
      '[{"symbol": "A", "shares": 1, "date": 20230115}]',
      'h.csv:1: date "20230115": must be a date written YYYY-MM-DD',
    ],
    ['[{"symbol": "A", "shares": [1]}]', 'h.csv:1: shares: must be a number, not an array'],
    ['[[[[]]]]', 'h.csv:1: [0]: must be an object with symbol and shares, not an array'],
  ])('%j', (text, message) => {
    expect(errorOf(text).message).toBe(message);
  });

  it('brackets, braces and escaped quotes inside strings do not upset the line numbers', () => {
    const text =
      '{"holdings": [\n{"symbol": "A", "shares": 1, "notes": "[{\\" ,\\\\"},\n\n  {"symbol": "B",\n"shares": 1, "notes": "]}\\\\"}, {"symbol": "C", "shares": 1,\n"symbol": "D"}]}';
    const error = errorOf(text);
    expect(error.lines()).toEqual(['h.csv:6: key "symbol": appears twice in this lot']);
    const ok = parseHoldings(text.replace('"symbol": "D"', '"account": "D"'), 'h.json', OPTIONS);
    expect(ok.lots.map((l) => [l.symbol, l.source.line, l.notes])).toEqual([
      ['A', 2, '[{" ,\\'],
      ['B', 4, ']}\\'],
      ['C', 5, null],
    ]);
  });

  it('nesting deeper than 64 levels is refused without a stack overflow', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(errorOf(deep).message).toBe('h.csv:1: JSON is nested too deeply (more than 64 levels)');
    const deepObject = '{"holdings": [' + '{"a":'.repeat(70) + '1' + '}'.repeat(70) + ']}';
    expect(errorOf(deepObject).message).toBe('h.csv:1: JSON is nested too deeply (more than 64 levels)');
  });

  it('format detection: [ or { first means JSON; format option forces it', () => {
    expect(parseHoldings('\n  [{"symbol": "A", "shares": 1}]', 'x.txt', OPTIONS).format).toBe('json');
    expect(parseHoldings('\uFEFF{"holdings": [{"symbol": "A", "shares": 1}]}', 'x', OPTIONS).format).toBe(
      'json',
    );
    expect(parseHoldings('symbol,shares\nA,1', 'x', OPTIONS).format).toBe('csv');
    expect(errorOf('symbol,shares\nA,1', { today: TODAY, format: 'json' }).message).toBe(
      'h.csv:1: invalid JSON: unexpected "s"',
    );
    expect(errorOf('\n true', { today: TODAY, format: 'json' }).message).toBe(
      'h.csv:2: JSON must be an array of lots or an object with a "holdings" array, not true',
    );
  });
});

describe('the sample fixtures', () => {
  const csv = parseHoldings(
    readFileSync('fixtures/sample-portfolio.csv', 'utf8'),
    'fixtures/sample-portfolio.csv',
    OPTIONS,
  );
  const json = parseHoldings(
    readFileSync('fixtures/sample-portfolio.json', 'utf8'),
    'fixtures/sample-portfolio.json',
    OPTIONS,
  );
  const withoutSource = (lots: Lot[]): Omit<Lot, 'source'>[] =>
    lots.map(({ source: _source, ...rest }) => rest);

  it('hold 25 lots of 15 symbols, none after 2026-10-30', () => {
    expect(csv.lots).toHaveLength(25);
    expect(csv.holdings).toHaveLength(15);
    expect(csv.lots.every((l) => l.date !== null && l.date >= '2016-01-01' && l.date <= '2026-10-30')).toBe(
      true,
    );
    expect(new Set(csv.lots.map((l) => l.account))).toEqual(new Set(['Brokerage', 'IRA', 'ISA']));
  });

  it('the CSV and the JSON give the same lots', () => {
    expect(withoutSource(json.lots)).toEqual(withoutSource(csv.lots));
    expect(json.holdings.map((h) => h.symbol)).toEqual(csv.holdings.map((h) => h.symbol));
    expect(json.settings).toEqual({ baseCurrency: 'USD', benchmarks: ['SPY', 'QQQ', 'VTI'] });
    expect(csv.settings).toEqual({});
  });

  it('a few lots, written out by hand', () => {
    const bySource = (file: HoldingsFile, line: number): Lot | undefined =>
      file.lots.find((l) => l.source.line === line);
    expect(bySource(csv, 4)).toEqual<Lot>({
      symbol: 'AAPL',
      shares: 10,
      costPerShare: 186.12,
      currency: 'USD',
      date: '2019-03-15',
      account: 'Brokerage',
      name: 'Apple Inc.',
      notes: 'pre-split lot: 4:1 split on 2020-08-31',
      source: { file: 'fixtures/sample-portfolio.csv', line: 4 },
    });
    // total_cost 1897.50 over 15 shares.
    expect(asBuy(bySource(csv, 5)!).costPerShare).toBeCloseTo(126.5, 10);
    expect(asBuy(bySource(json, 15)!).costPerShare).toBeCloseTo(126.5, 10);
    // Quoted "1,208.59" in the CSV, the string "1,208.59" in the JSON.
    expect(bySource(csv, 11)).toMatchObject({
      symbol: 'TSLA',
      shares: 3,
      costPerShare: 1208.59,
      date: '2021-11-01',
    });
    expect(bySource(json, 67)).toMatchObject({
      symbol: 'TSLA',
      shares: 3,
      costPerShare: 1208.59,
      date: '2021-11-01',
    });
    expect(bySource(csv, 16)?.notes).toBe('rebalanced from bonds, IRA rollover');
    expect(bySource(csv, 20)).toMatchObject({
      symbol: 'VOD.L',
      shares: 1000,
      costPerShare: 229.85,
      currency: 'GBp',
    });
    expect(bySource(csv, 21)).toMatchObject({
      symbol: 'VOD.L',
      shares: 2000,
      costPerShare: 1.02,
      currency: 'GBP',
    });
    expect(bySource(json, 154)).toMatchObject({
      symbol: 'VOD.L',
      shares: 2000,
      costPerShare: 1.02,
      currency: 'GBP',
    });
    expect(bySource(csv, 27)).toMatchObject({ symbol: 'BRK-B', currency: null, account: 'IRA' });
  });
});

// ---- Fuzzing: random mutations of the sample files may only ever give a HoldingsFile or an InputError,
// and a successful parse keeps every data row. The row count is computed here by a separate, simpler
// (per-character) reader, not by the code under test.

describe('fuzz', () => {
  const iterations = Number(process.env['FOLIO_FUZZ_COUNT'] ?? 1000);
  const seeds = [
    { name: 'sample-portfolio.csv', bytes: readFileSync('fixtures/sample-portfolio.csv'), format: undefined },
    {
      name: 'sample-portfolio.json',
      bytes: readFileSync('fixtures/sample-portfolio.json'),
      format: 'json' as const,
    },
  ];

  it('the row counter agrees with the parser on the unmutated fixtures', () => {
    expect(countCsvDataRows(seeds[0]!.bytes.toString('utf8'))).toBe(25);
    expect(countCsvDataRows('a,b\n"x\n#y",1\n  # c\n,\n""\nz\r\n')).toBe(2);
    expect(countJsonLots(seeds[1]!.bytes.toString('utf8'))).toBe(25);
  });

  it(`${iterations} seeded mutations give a HoldingsFile or an InputError, never lose a row`, () => {
    const random = prng(20261128);
    const outcomes = { parsed: 0, rejected: 0 };
    for (let n = 0; n < iterations; n++) {
      const seed = seeds[n % seeds.length]!;
      const bytes = mutate(seed.bytes, random);
      let text = '';
      try {
        text = decodeHoldingsBytes(bytes, seed.name);
        const file = parseHoldings(
          text,
          seed.name,
          seed.format === undefined ? OPTIONS : { ...OPTIONS, format: seed.format },
        );
        const expectedRows = file.format === 'json' ? countJsonLots(text) : countCsvDataRows(text);
        if (file.lots.length !== expectedRows) {
          throw new Error(
            `iteration ${n}: ${file.lots.length} lots from ${expectedRows} rows\n${JSON.stringify(text)}`,
          );
        }
        expect(file.holdings.reduce((sum, h) => sum + h.lots.length, 0)).toBe(file.lots.length);
        outcomes.parsed++;
      } catch (error) {
        if (!(error instanceof InputError)) {
          throw new Error(`iteration ${n}: ${String(error)}\n${JSON.stringify(text)}`, { cause: error });
        }
        expect(error.problems.length).toBeGreaterThan(0);
        expect(error.message).not.toMatch(/[\r\n]/);
        outcomes.rejected++;
      }
    }
    // Both outcomes must really occur, or the mutations are too weak (or too strong) to test anything.
    expect(outcomes.parsed).toBeGreaterThan(iterations / 20);
    expect(outcomes.rejected).toBeGreaterThan(iterations / 20);
  });
});
