import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { decodeHoldingsBytes, firstInvalidUtf8 } from '../../../src/holdings/encoding.js';
import { describeFsError, loadHoldings } from '../../../src/holdings/load.js';

const TODAY = '2026-11-28';

async function loadError(path: string, stdin?: NodeJS.ReadableStream): Promise<InputError> {
  try {
    await loadHoldings(path, stdin === undefined ? { today: TODAY } : { today: TODAY, stdin });
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error(`${path} loaded without an error`);
}

function decodeError(bytes: Uint8Array): string {
  try {
    decodeHoldingsBytes(bytes, 'f.csv');
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  throw new Error('decoded without an error');
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'folio-holdings-load-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadHoldings from disk', () => {
  it('loads the sample files, named as given', async () => {
    const csv = await loadHoldings('fixtures/sample-portfolio.csv', { today: TODAY });
    const json = await loadHoldings('./fixtures/sample-portfolio.json', { today: TODAY });
    expect([csv.file, csv.format, csv.lots.length]).toEqual(['fixtures/sample-portfolio.csv', 'csv', 25]);
    expect([json.file, json.format, json.lots.length]).toEqual([
      './fixtures/sample-portfolio.json',
      'json',
      25,
    ]);
    expect(json.lots[0]?.source).toEqual({ file: './fixtures/sample-portfolio.json', line: 5 });
  });

  it('.json means JSON; other extensions are detected from the content', async () => {
    await writeFile(join(dir, 'csv.json'), 'symbol,shares\nA,1\n');
    await writeFile(join(dir, 'json.txt'), '[{"symbol": "A", "shares": 1}]');
    await writeFile(join(dir, 'JSON.CSV'), ' {"holdings": [{"symbol": "A", "shares": 1}]}');
    await writeFile(join(dir, 'noext'), 'symbol;shares\nA;1,5\n');
    expect((await loadError(join(dir, 'csv.json'))).message).toBe(
      `${join(dir, 'csv.json')}:1: invalid JSON: unexpected "s"`,
    );
    expect((await loadHoldings(join(dir, 'json.txt'), { today: TODAY })).format).toBe('json');
    expect((await loadHoldings(join(dir, 'JSON.CSV'), { today: TODAY })).format).toBe('json');
    expect((await loadHoldings(join(dir, 'noext'), { today: TODAY })).lots[0]).toMatchObject({ shares: 1.5 });
  });

  it('a UTF-8 BOM and CRLF line ends are fine', async () => {
    const path = join(dir, 'bom.csv');
    await writeFile(
      path,
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from('symbol,shares,name\r\nSAP.DE,2,Société\r\n'),
      ]),
    );
    const file = await loadHoldings(path, { today: TODAY });
    expect(file.lots.map((l) => [l.symbol, l.name, l.source.line])).toEqual([['SAP.DE', 'Société', 2]]);
  });

  it.each([
    ['missing.csv', 'file not found'],
    ['missing-dir/x.csv', 'file not found'],
  ])('%s: %s, at line 0', async (name, reason) => {
    const path = join(dir, name);
    const error = await loadError(path);
    expect(error.message).toBe(`${path}: ${reason}`);
    expect(error.problems[0]?.line).toBe(0);
    expect(error.exitCode).toBe(3);
  });

  it('a directory is refused by name', async () => {
    await mkdir(join(dir, 'sub'));
    expect((await loadError(join(dir, 'sub'))).message).toBe(
      `${join(dir, 'sub')}: is a directory, not a holdings file`,
    );
  });

  it('a path through a file is "not found"', async () => {
    await writeFile(join(dir, 'plain'), 'x');
    const path = join(dir, 'plain', 'x.csv');
    expect((await loadError(path)).message).toBe(
      `${path}: file not found (a parent in the path is not a directory)`,
    );
  });

  it('an unreadable file names the file (root reads it anyway, so the reason is checked separately)', async () => {
    const path = join(dir, 'locked.csv');
    await writeFile(path, 'symbol,shares\nA,1\n');
    await chmod(path, 0o000);
    const outcome = await loadHoldings(path, { today: TODAY }).then(
      (file) => file.lots.length,
      (error: unknown) => (error instanceof InputError ? error.message : String(error)),
    );
    expect([1, `${path}: cannot read file: permission denied`]).toContain(outcome);
  });

  it.each([
    [{ code: 'EACCES' }, 'cannot read file: permission denied'],
    [{ code: 'EPERM' }, 'cannot read file: permission denied'],
    [{ code: 'EISDIR' }, 'is a directory, not a holdings file'],
    [{ code: 'ENAMETOOLONG' }, 'file name is too long'],
    [{ code: 'EIO' }, 'cannot read file (EIO)'],
    [new Error('odd'), 'cannot read file (odd)'],
  ])('file system error %j reads as %j', (error, reason) => {
    expect(describeFsError(error)).toBe(reason);
  });

  it('100,000 lots load and keep their lines', async () => {
    const path = join(dir, 'big.csv');
    const rows = Array.from(
      { length: 100_000 },
      (_, i) => `S${i % 300},${(i % 50) + 1},${(i % 400) + 0.5},2020-01-02,Brokerage,"a, b"`,
    );
    await writeFile(path, 'symbol,shares,cost,date,account,notes\n' + rows.join('\n') + '\n');
    const file = await loadHoldings(path, { today: TODAY });
    expect(file.lots).toHaveLength(100_000);
    expect(file.holdings).toHaveLength(300);
    expect(file.lots[99_999]).toMatchObject({
      symbol: 'S99',
      shares: 50,
      costPerShare: 399.5,
      notes: 'a, b',
      source: { line: 100_001 },
    });
  });
});

describe('loadHoldings from standard input', () => {
  it('reads CSV from a stream, named <stdin>', async () => {
    const stdin = Readable.from([Buffer.from('symbol,sha'), Buffer.from('res\nAAPL,3\n')]);
    const file = await loadHoldings('-', { today: TODAY, stdin });
    expect(file).toMatchObject({
      file: '<stdin>',
      format: 'csv',
      lots: [{ symbol: 'AAPL', shares: 3, source: { file: '<stdin>', line: 2 } }],
    });
  });

  it('detects JSON from the content', async () => {
    const stdin = Readable.from([Buffer.from('\n\n{"holdings": [\n {"symbol": "VTI", "shares": "2"}]}')]);
    const file = await loadHoldings('-', { today: TODAY, stdin });
    expect([file.format, file.lots[0]?.source.line]).toEqual(['json', 4]);
  });

  it('a multi-byte character split across chunks survives', async () => {
    const bytes = Buffer.from('symbol,shares,name\nSAP.DE,1,Société\n');
    const cut = bytes.indexOf(0xa9); // the second byte of é
    const stdin = Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]);
    expect((await loadHoldings('-', { today: TODAY, stdin })).lots[0]?.name).toBe('Société');
  });

  it('string chunks work too', async () => {
    const stdin = Readable.from(['symbol,shares\n', 'A,1\n'], { objectMode: true });
    expect((await loadHoldings('-', { today: TODAY, stdin })).lots).toHaveLength(1);
  });

  it('errors name <stdin>', async () => {
    expect((await loadError('-', Readable.from([Buffer.from('symbol,shares\nA,0\n')]))).message).toBe(
      '<stdin>:2: shares "0": must be greater than 0',
    );
    expect((await loadError('-', Readable.from([Buffer.from('')]))).message).toBe(
      '<stdin>: no holdings: the file has no rows',
    );
    expect((await loadError('-', Readable.from([Buffer.from('symbol,shares\n', 'utf16le')]))).message).toBe(
      '<stdin>:1: file is UTF-16; save it as UTF-8',
    );
  });

  it('a failing stream is an InputError naming <stdin>', async () => {
    const stdin = new Readable({
      read() {
        this.destroy(new Error('boom'));
      },
    });
    expect((await loadError('-', stdin)).message).toBe('<stdin>: cannot read standard input (boom)');
  });
});

describe('decodeHoldingsBytes', () => {
  const text = 'symbol,shares\nA,1\n';

  it('drops a UTF-8 BOM and keeps the rest', () => {
    expect(decodeHoldingsBytes(Buffer.from('\uFEFF' + text), 'f')).toBe(text);
    expect(decodeHoldingsBytes(new Uint8Array(0), 'f')).toBe('');
  });

  it.each([
    ['UTF-16 LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['UTF-16 BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])],
    ['UTF-16 LE without BOM', Buffer.from(text, 'utf16le')],
    ['UTF-16 BE without BOM', Buffer.from(text, 'utf16le').swap16()],
  ])('%s', (_name, bytes) => {
    expect(decodeError(bytes)).toBe('f.csv:1: file is UTF-16; save it as UTF-8');
  });

  it('binary data', () => {
    expect(decodeError(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]))).toBe(
      'f.csv:1: file is binary data, not a text holdings file (CSV or JSON)',
    );
    const controls = Buffer.from(Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41)));
    expect(decodeError(controls)).toBe(
      'f.csv:1: file is binary data, not a text holdings file (CSV or JSON)',
    );
  });

  it('a NUL byte after the first 4 KiB names its line', () => {
    const bytes = Buffer.concat([
      Buffer.from('symbol,shares\n' + 'A,1\n'.repeat(2000)),
      Buffer.from([0x00]),
      Buffer.from('\n'),
    ]);
    expect(decodeError(bytes)).toBe(
      'f.csv:2002: file contains NUL bytes: it is binary, not a text holdings file',
    );
  });

  it('Latin-1 names the line of the first bad byte (CRLF and lone CR counted once each)', () => {
    const bytes = Buffer.concat([
      Buffer.from('symbol,shares,name\r\nA,1,x\rB,1,'),
      Buffer.from([0x4d, 0xfc, 0x6e]),
      Buffer.from('\n'),
    ]);
    expect(decodeError(bytes)).toBe(
      'f.csv:3: file is not UTF-8 (byte 0xFC on this line; Latin-1 or Windows-1252?); save it as UTF-8',
    );
  });

  it.each([
    ['ASCII', [0x41, 0x42], 2],
    ['2-, 3- and 4-byte characters', [0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80], 9],
    ['a lone continuation byte', [0x41, 0x80], 1],
    ['an overlong 2-byte form', [0xc0, 0x80], 0],
    ['an overlong 3-byte form', [0x41, 0xe0, 0x80, 0x80], 1],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80], 0],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a sequence cut short at the end', [0x41, 0x41, 0xe2, 0x82], 2],
    ['a sequence cut short by ASCII', [0xe2, 0x41, 0x41], 0],
  ])('firstInvalidUtf8: %s', (_name, bytes, offset) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(offset);
    // Cross-check against the platform decoder: valid exactly when no invalid offset was found.
    const valid = (() => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
        return true;
      } catch {
        return false;
      }
    })();
    expect(valid).toBe(offset === bytes.length);
  });
});
