// Every file in fixtures/bad/ must fail with exactly the message EXPECTED.json gives for it (the CLI
// tests reuse the table), plus the large inputs that are generated here instead of committed.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode, InputError } from '../../../src/errors.js';
import { loadHoldings } from '../../../src/holdings/load.js';
import { parseHoldings } from '../../../src/holdings/parse.js';

const TODAY = '2026-11-28';
const BAD_DIR = 'fixtures/bad';

async function loadError(path: string): Promise<InputError> {
  try {
    await loadHoldings(path, { today: TODAY });
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error(`${path} loaded without an error`);
}

const expected = JSON.parse(await readFile(join(BAD_DIR, 'EXPECTED.json'), 'utf8')) as Record<string, string>;

describe('fixtures/bad', () => {
  it('has at least 30 files, each listed in EXPECTED.json, and nothing listed that is missing', async () => {
    const names = (await readdir(BAD_DIR)).filter((name) => name !== 'EXPECTED.json').sort();
    expect(names.length).toBeGreaterThanOrEqual(30);
    expect(Object.keys(expected).sort()).toEqual(names);
  });

  it.each(Object.entries(expected))('%s fails with its expected message', async (name, message) => {
    const error = await loadError(`${BAD_DIR}/${name}`);
    expect(error.exitCode).toBe(ExitCode.input);
    expect(error.message).toBe(message);
    expect(error.message).not.toContain('\n');
  });

  it('bad-many-problems.csv lists 20 problems and counts all 25', async () => {
    const error = await loadError(`${BAD_DIR}/bad-many-problems.csv`);
    expect(error.problems).toHaveLength(20);
    expect(error.total).toBe(25);
    expect(error.problems.map((p) => p.line)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    expect(error.lines().at(-1)).toBe('... and 5 more problems');
  });
});

describe('every problem of a file in one run', () => {
  const today = { today: TODAY };
  const problemsOf = (text: string, file: string): string[] => {
    try {
      parseHoldings(text, file, today);
    } catch (error) {
      if (error instanceof InputError) return error.lines();
      throw error;
    }
    throw new Error(`${file} parsed without an error`);
  };

  it('a sell with nothing held is listed with the syntax problems, in line order', () => {
    const csv = [
      'symbol,shares,cost,date,type',
      'MSFT,4,240,2021-04-01,sell', // nothing held yet: the buy is on line 4
      'AAPL,ten,150,2021-01-04,buy',
      'MSFT,10,250,2021-05-03,buy',
      'VTI,2,200,2021-13-01,buy',
    ].join('\n');
    expect(problemsOf(csv, 'h.csv')).toEqual([
      'h.csv:2: shares "4": sells 4 MSFT on 2021-04-01 but none are held on that date (the first buy is on 2021-05-03)',
      'h.csv:3: shares "ten": is not a number',
      'h.csv:5: date "2021-13-01": is not a real calendar date',
    ]);
  });

  it('the same in a JSON file', () => {
    const json = [
      '[',
      '  {"symbol": "MSFT", "shares": 4, "price": 240, "date": "2021-04-01", "type": "sell"},',
      '  {"symbol": "AAPL", "shares": "ten", "cost": 150},',
      '  {"symbol": "MSFT", "shares": 10, "cost": 250, "date": "2021-05-03"}',
      ']',
    ].join('\n');
    expect(problemsOf(json, 'h.json')).toEqual([
      'h.json:2: shares "4": sells 4 MSFT on 2021-04-01 but none are held on that date (the first buy is on 2021-05-03)',
      'h.json:3: shares "ten": is not a number',
    ]);
  });

  it('a symbol with a rejected row is not checked across rows (its rejected buy may be the one sold)', () => {
    const csv = ['symbol,shares,cost,date,type', 'MSFT,1O,250,2021-03-01,buy', 'MSFT,4,240,2021-04-01,sell'];
    expect(problemsOf(csv.join('\n'), 'h.csv')).toEqual([
      'h.csv:2: shares "1O": is not a number (write the number alone, without units or currency symbols)',
    ]);
  });
});

describe('large generated inputs', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'folio-holdings-bad-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a 10 MB single unquoted line fails on its field size', async () => {
    const path = join(dir, 'long-line.csv');
    await writeFile(path, 'symbol,shares\n' + 'A'.repeat(10 * 1024 * 1024) + ',5\n');
    const error = await loadError(path);
    expect(error.message).toBe(`${path}:2: field is longer than 64 KiB; is this a holdings file?`);
  });

  it('a 10 MB quoted field fails on its field size at the line it starts', async () => {
    const path = join(dir, 'long-quoted.csv');
    await writeFile(path, 'symbol,shares,notes\nAAPL,5,ok\nAAPL,5,"' + 'x\n'.repeat(5 * 1024 * 1024) + '"\n');
    const error = await loadError(path);
    expect(error.message).toBe(`${path}:3: field is longer than 64 KiB; is this a holdings file?`);
  });

  it('a 10 MB line of empty fields fails on the field count', async () => {
    const path = join(dir, 'many-fields.csv');
    await writeFile(path, 'symbol,shares\n' + ','.repeat(10 * 1024 * 1024) + '\n');
    const error = await loadError(path);
    expect(error.message).toBe(`${path}:2: row has more than 1000 fields; is this a holdings file?`);
  });

  it('a 10 MB header line fails too', async () => {
    const path = join(dir, 'long-header.csv');
    await writeFile(path, 's'.repeat(10 * 1024 * 1024));
    const error = await loadError(path);
    expect(error.message).toBe(`${path}:1: field is longer than 64 KiB; is this a holdings file?`);
  });

  it('a 10 MB JSON string value is read and rejected as a symbol, not hung on', async () => {
    const path = join(dir, 'long.json');
    await writeFile(path, `[{"symbol": "${'A'.repeat(10 * 1024 * 1024)}", "shares": 1}]`);
    const error = await loadError(path);
    expect(error.problems[0]?.reason).toBe('is longer than 20 characters');
    expect(error.message).toBe(`${path}:1: symbol "${'A'.repeat(80)}...": is longer than 20 characters`);
  });
});
