// Every file in fixtures/bad/ must fail with exactly the message EXPECTED.json gives for it (the CLI
// tests reuse the table), plus the large inputs that are generated here instead of committed.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode, InputError } from '../src/errors.js';
import { loadHoldings } from '../src/holdings/load.js';

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
