// Today's bar still in progress: Yahoo's daily chart includes the running session's bar (its close is
// the last trade). folio keeps a bar only once its session has closed, in the instrument's own hours:
// FX and crypto trade while US stocks are closed, London is open during a US morning.
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, tempDir } from '../e2e/helpers.js';
import { startReplay } from './replay.js';
import { runFolio } from '../support/cli.js';

afterAll(() => cleanupTempDirs());

async function barDates(now: string, symbol: string): Promise<string[]> {
  const replay = await startReplay({ now: Date.parse(now) });
  try {
    const r = await runFolio(['history', symbol, '--period', '1m', '--format', 'json'], {
      dir: tempDir('folio-recorded-'),
      env: { FOLIO_YAHOO_URL: replay.url, FOLIO_NOW: now },
    });
    if (r.code === 4 && r.stderr.includes('no price available')) return [];
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { bars: { date: string }[] }).bars.map((b) => b.date);
  } finally {
    await replay.close();
  }
}

describe('a bar is final only once its own session has closed', () => {
  it.each([
    // 22:30 UTC on a weekday: New York closed at 21:00, EURUSD=X and BTC-USD trade until midnight.
    ['2020-01-02T22:30:00Z', 'AAPL', ['2020-01-02']],
    ['2020-01-02T22:30:00Z', 'EURUSD=X', ['2020-01-01']],
    ['2020-01-02T22:30:00Z', 'BTC-USD', ['2020-01-01']],
    ['2020-01-03T00:30:00Z', 'EURUSD=X', ['2020-01-01', '2020-01-02']],
    ['2020-01-03T00:30:00Z', 'BTC-USD', ['2020-01-01', '2020-01-02']],
    // 15:00 UTC: a US morning, London open until 16:30.
    ['2020-01-02T15:00:00Z', 'OCDO.L', []],
    ['2020-01-02T17:00:00Z', 'OCDO.L', ['2020-01-02']],
  ])('at %s %s has %j', async (now, symbol, dates) => {
    expect(await barDates(now, symbol)).toEqual(dates);
  });
});
