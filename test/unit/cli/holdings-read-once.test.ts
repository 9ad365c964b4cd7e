// A holdings file is read once: the broker-export check and the holdings parser see the same bytes (a
// file being rewritten meanwhile cannot give the check one content and the report another).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { Io } from '../../../src/cli/terminal.js';
import { FakeClock } from '../../support/fake-clock.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-read-once-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

class Captured extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

/** Loads `file` as a report does, with fs.readFile watched (the modules loaded afresh to see the spy). */
async function loadWatched(file: string) {
  const readFile = vi.spyOn(fs, 'readFile');
  const stat = vi.spyOn(fs, 'stat');
  vi.resetModules();
  const { loadHoldingsFile } = await import('../../../src/cli/holdings.js');
  const stderr = new Captured();
  const io = { stdout: new Captured(), stderr, env: {} } as unknown as Io;
  const holdings = await loadHoldingsFile(file, new FakeClock(Date.parse('2026-11-18T22:00:00Z')), io, {
    offline: true,
  });
  const reads = (spy: typeof readFile | typeof stat) => spy.mock.calls.filter((c) => c[0] === file).length;
  return { holdings, stderr: stderr.text, reads: reads(readFile), stats: reads(stat) };
}

describe('loadHoldingsFile', () => {
  it('reads a holdings CSV once', async () => {
    const file = path.join(dir, 'holdings.csv');
    fs.writeFileSync(file, 'symbol,shares,cost,date\nAAPL,10,150,2024-01-02\nMSFT,5,300,2024-03-04\n');
    const r = await loadWatched(file);
    expect(r.holdings.holdings.map((h) => h.symbol)).toEqual(['AAPL', 'MSFT']);
    expect([r.reads, r.stats]).toEqual([1, 1]);
  });

  it('reads a broker export once, and reports its conversion', async () => {
    const file = path.join(dir, 'trading212.csv');
    fs.copyFileSync(path.join(__dirname, '../../../fixtures/imports/trading212-export.csv'), file);
    const r = await loadWatched(file);
    expect(r.stderr).toMatch(/^.*trading212\.csv: Trading 212/m);
    expect(r.holdings.lots.length).toBeGreaterThan(0);
    expect([r.reads, r.stats]).toEqual([1, 1]);
  });
});
