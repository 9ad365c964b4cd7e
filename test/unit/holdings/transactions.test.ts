// The `type` and `fee` columns: sells, dividends, splits and fees in CSV and JSON, and
// the checks on them (a sell, dividend or split needs a date; a sell before any buy names its line).
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { parseHoldings } from '../../../src/holdings/parse.js';
import { isBuy, type Lot } from '../../../src/types.js';

const TODAY = '2026-11-28';

function lots(text: string, file = 'h.csv'): Lot[] {
  return parseHoldings(text, file, { today: TODAY }).lots;
}

function messages(text: string, file = 'h.csv'): string[] {
  try {
    parseHoldings(text, file, { today: TODAY });
  } catch (error) {
    if (error instanceof InputError) return error.lines();
    throw error;
  }
  throw new Error('parsed without an error');
}

const source = (line: number) => ({ file: 'h.csv', line });
const plain = { currency: null, account: null, name: null, notes: null };

describe('transaction rows', () => {
  it('a file without type or fee parses to exactly the lots it did before (no new keys)', () => {
    const [lot] = lots('symbol,shares,cost,date\nAAPL,10,150,2024-01-02\n');
    expect(Object.keys(lot!).sort()).toEqual(
      ['account', 'costPerShare', 'currency', 'date', 'name', 'notes', 'shares', 'source', 'symbol'].sort(),
    );
  });

  it('reads buys, sells, dividends and splits with fees; keeps file order', () => {
    const csv = [
      'symbol,shares,cost,total_cost,date,type,fee',
      'AAPL,10,150,,2024-01-02,buy,1.5', // explicit buy: no type key
      'AAPL,4,,680,2024-03-01,SELL,2', // proceeds 680 -> 170 per share
      'AAPL,,,9.6,2024-02-15,dividend,', // cash only
      'MSFT,5,300,,2024-01-03,,',
      'MSFT,5,0.75,,2024-02-20,Dividend,0.1', // cash 0.75 x 5 = 3.75
      'MSFT,2,,,2024-03-05,split,',
    ].join('\n');
    expect(lots(csv)).toEqual([
      {
        fee: 1.5,
        symbol: 'AAPL',
        shares: 10,
        costPerShare: 150,
        date: '2024-01-02',
        ...plain,
        source: source(2),
      },
      {
        type: 'sell',
        fee: 2,
        symbol: 'AAPL',
        shares: 4,
        price: 170,
        date: '2024-03-01',
        ...plain,
        source: source(3),
      },
      {
        type: 'dividend',
        amount: 9.6,
        symbol: 'AAPL',
        shares: 0,
        date: '2024-02-15',
        ...plain,
        source: source(4),
      },
      { symbol: 'MSFT', shares: 5, costPerShare: 300, date: '2024-01-03', ...plain, source: source(5) },
      {
        type: 'dividend',
        fee: 0.1,
        amount: 3.75,
        symbol: 'MSFT',
        shares: 5,
        date: '2024-02-20',
        ...plain,
        source: source(6),
      },
      {
        type: 'split',
        symbol: 'MSFT',
        ratio: 2,
        date: '2024-03-05',
        ...plain,
        source: source(7),
      },
    ]);
  });

  it('reads JSON "type" and "fee" keys', () => {
    const json = JSON.stringify(
      [
        { symbol: 'VOD.L', shares: 100, cost: 70, currency: 'GBp', date: '2024-01-02', fee: 5 },
        { symbol: 'VOD.L', shares: 40, cost: 80, currency: 'GBp', date: '2024-06-03', type: 'sell', fee: 3 },
      ],
      null,
      2,
    );
    const parsed = lots(json, 'h.json');
    expect(
      parsed.map((l) =>
        l.type === 'sell'
          ? [l.type, l.fee, l.shares, l.price, l.currency]
          : isBuy(l)
            ? [l.type, l.fee, l.shares, l.costPerShare, l.currency]
            : l,
      ),
    ).toEqual([
      [undefined, 5, 100, 70, 'GBp'],
      ['sell', 3, 40, 80, 'GBp'],
    ]);
  });

  it('rows may come in any order: a sell listed before its (earlier) buy is fine', () => {
    const parsed = lots('symbol,shares,cost,date,type\nA,5,12,2024-03-01,sell\nA,10,10,2024-01-02,\n');
    expect(parsed.map((l) => l.type ?? 'buy')).toEqual(['sell', 'buy']);
  });

  it('an undated buy counts as held from the start', () => {
    expect(lots('symbol,shares,cost,date,type\nA,10,10,,\nA,5,12,2020-01-02,sell\n')).toHaveLength(2);
  });

  it.each([
    ['sell without a date', 'A,10,10,2024-01-02,,\nA,5,12,,sell,', ['h.csv:3: date: a sell needs a date']],
    [
      'dividend without a date',
      'A,10,10,2024-01-02,,\nA,10,0.5,,dividend,',
      ['h.csv:3: date: a dividend needs a date'],
    ],
    ['split without a date', 'A,10,10,2024-01-02,,\nA,2,,,split,', ['h.csv:3: date: a split needs a date']],
    [
      'sell without a price',
      'A,10,10,2024-01-02,,\nA,5,,2024-02-01,sell,',
      ['h.csv:3: cost: a sell needs cost (the sale price per share) or total_cost (the proceeds)'],
    ],
    [
      'dividend without cash',
      'A,10,10,2024-01-02,,\nA,10,,2024-02-01,dividend,',
      ['h.csv:3: total_cost: a dividend needs total_cost (the cash received) or cost (per share) and shares'],
    ],
    [
      'split with a cost',
      'A,10,10,2024-01-02,,\nA,2,5,2024-02-01,split,',
      ['h.csv:3: cost "5": must be empty on a split row (shares gives the ratio, e.g. 2 for 2:1)'],
    ],
    ['negative fee', 'A,10,10,2024-01-02,,-1', ['h.csv:2: fee "-1": must not be negative']],
    ['fee not a number', 'A,10,10,2024-01-02,,abc', ['h.csv:2: fee "abc": is not a number']],
    [
      'sell before the first buy (dated earlier, listed later)',
      'A,10,10,2024-01-02,,\nA,5,12,2023-12-01,sell,',
      [
        'h.csv:3: shares "5": sells 5 A on 2023-12-01 but none are held on that date (the first buy is on 2024-01-02)',
      ],
    ],
    [
      'sell of a symbol never bought',
      'A,10,10,2024-01-02,,\nB,1,12,2024-02-01,sell,',
      [
        'h.csv:3: shares "1": sells 1 B on 2024-02-01 but none are held on that date (the file has no buy of it)',
      ],
    ],
  ])('%s', (_name, rows, expected) => {
    expect(messages(`symbol,shares,cost,date,type,fee\n${rows}\n`)).toEqual(expected);
  });

  it('a date with its own problem is reported once, not also as missing', () => {
    expect(messages('symbol,shares,cost,date,type\nA,10,10,2024-01-02,\nA,5,12,2024-13-01,sell\n')).toEqual([
      'h.csv:3: date "2024-13-01": is not a real calendar date',
    ]);
  });
});

describe('fixtures/transactions-sample.csv', () => {
  it('loads: 11 rows over 4 symbols, types and fees as written', async () => {
    const { loadHoldings } = await import('../../../src/holdings/load.js');
    const file = await loadHoldings('fixtures/transactions-sample.csv', { today: TODAY });
    expect(file.holdings.map((h) => h.symbol)).toEqual(['AAPL', 'MSFT', 'SAP.DE', 'TSLA']);
    expect(file.lots.map((l) => l.type ?? 'buy')).toEqual([
      'buy',
      'buy',
      'sell',
      'dividend',
      'buy',
      'sell',
      'buy',
      'sell',
      'buy',
      'sell',
      'buy',
    ]);
    expect(file.lots.flatMap((l) => ('fee' in l && l.fee !== undefined ? [l.fee] : []))).toEqual([
      4.95, 4.95, 9.9, 9.9,
    ]);
    // SAP.DE sold for total_cost 2600 over 20 shares: 130 per share.
    expect(file.lots[7]).toMatchObject({ type: 'sell', price: 130 });
  });
});
