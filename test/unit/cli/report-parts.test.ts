// What a report run keeps of each file while its prices are fetched: with several files only a name,
// settings and symbols (the lots are read again at the file's turn, and a file that changed in between
// is refused, exit 3), with one file, --combine or standard input the lots themselves.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type PartInput, RunPlanner, lotsOf } from '../../../src/cli/report/parts.js';
import { parseReportFlags, type ReportFlags } from '../../../src/cli/report/request.js';
import { settingsFrom } from '../../../src/cli/options.js';
import type { Io } from '../../../src/cli/terminal.js';
import { InputError } from '../../../src/errors.js';
import type { HoldingsFile, Lot } from '../../../src/types.js';

const config = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-parts-'));
afterAll(() => fs.rmSync(config, { recursive: true, force: true }));
const io = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: { FOLIO_CONFIG_DIR: config, FOLIO_NOW: '2026-11-18T22:00:00Z', TZ: 'UTC' },
} as Io;

const buy = (symbol: string, shares: number, line: number): Lot => ({
  symbol,
  shares,
  costPerShare: 100,
  currency: 'USD',
  date: '2024-01-02',
  account: null,
  name: null,
  notes: null,
  source: { file: 'x.csv', line },
});

const fileOf = (file: string, lots: Lot[]): Pick<HoldingsFile, 'file' | 'lots' | 'settings'> => ({
  file,
  lots,
  settings: {},
});

/** A planner over `files` whose second reading returns what `onDisk` holds then, counting readings. */
function planner(files: string[], onDisk: Map<string, Lot[]>, flags: ReportFlags = { format: 'json' }) {
  const readings: string[] = [];
  const request = parseReportFlags(flags, io);
  const p = new RunPlanner(files, {
    flags,
    io,
    request,
    runSettings: settingsFrom(flags, io),
    readAgain: (file) => {
      readings.push(file);
      return Promise.resolve({ lots: onDisk.get(file)!, settings: {} });
    },
  });
  for (const f of files) p.add(fileOf(f, onDisk.get(f)!));
  return { p, readings };
}

const A = [buy('AAPL', 10, 2), buy('MSFT', 5, 3)];
const B = [buy('NVDA', 20, 2), buy('AAPL', 2, 3), buy('AAPL', 1, 4)];

describe('several files', () => {
  it('keep no lots while the prices are fetched: each is read again at its turn, as it was', async () => {
    const disk = new Map([
      ['a.csv', A],
      ['b.csv', B],
    ]);
    const { p, readings } = planner(['a.csv', 'b.csv'], disk);
    const { parts, runPlan } = p.finish();
    expect(parts.map((x) => typeof x.lots)).toEqual(['function', 'function']);
    expect(parts.map((x) => x.symbols)).toEqual([
      ['AAPL', 'MSFT'],
      ['NVDA', 'AAPL'],
    ]);
    expect(p.allSymbols().sort()).toEqual(['AAPL', 'MSFT', 'NVDA']);
    expect([...runPlan.holdings].sort()).toEqual(['AAPL', 'MSFT', 'NVDA']);
    expect(readings).toEqual([]);
    expect(await lotsOf(parts[1]!)).toEqual(B);
    expect(readings).toEqual(['b.csv']);
  });

  it('a file changed since the run read it is refused, naming it (exit 3), not reported on other lots', async () => {
    const disk = new Map([
      ['a.csv', A],
      ['b.csv', B],
    ]);
    const { p } = planner(['a.csv', 'b.csv'], disk);
    const { parts } = p.finish();
    disk.set('b.csv', [...B.slice(0, 2), buy('TSLA', 1, 4)]);
    const error = await lotsOf(parts[1]!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(3);
    expect((error as InputError).message).toMatch(/^b\.csv: changed while the run was reading its files/);
    expect(await lotsOf(parts[0]!)).toEqual(A);
  });
});

describe('lots kept as read', () => {
  const kept = (parts: PartInput[]) => parts.map((x) => Array.isArray(x.lots));

  it('one file', () => {
    const { p } = planner(['a.csv'], new Map([['a.csv', A]]));
    expect(kept(p.finish().parts)).toEqual([true]);
  });

  it('--combine (the combined report needs every lot at once)', () => {
    const disk = new Map([
      ['a.csv', A],
      ['b.csv', B],
    ]);
    const { p, readings } = planner(['a.csv', 'b.csv'], disk, { format: 'json', combine: true });
    const { parts, combined } = p.finish();
    expect(kept(parts)).toEqual([true, true]);
    expect(combined!.lots).toHaveLength(5);
    expect(readings).toEqual([]);
  });

  it('standard input (it cannot be read twice)', () => {
    const disk = new Map([
      ['<stdin>', A],
      ['b.csv', B],
    ]);
    const { p } = planner(['<stdin>', 'b.csv'], disk);
    expect(kept(p.finish().parts)).toEqual([true, false]);
  });
});

describe('settings', () => {
  it('files without settings of their own share one copy; a file with its own gets its own', () => {
    const flags: ReportFlags = { format: 'json' };
    const request = parseReportFlags(flags, io);
    const p = new RunPlanner(['a.csv', 'b.csv', 'c.json'], {
      flags,
      io,
      request,
      runSettings: settingsFrom(flags, io),
      readAgain: () => Promise.reject(new Error('not read again here')),
    });
    p.add(fileOf('a.csv', A));
    p.add(fileOf('b.csv', B));
    p.add({ file: 'c.json', lots: A, settings: { baseCurrency: 'EUR' } });
    const [a, b, c] = p.finish().parts;
    expect(a!.settings).toBe(b!.settings);
    expect(a!.settings.baseCurrency).toBe('USD');
    expect(c!.settings.baseCurrency).toBe('EUR');
  });
});
