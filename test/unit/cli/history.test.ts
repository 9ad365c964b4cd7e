// `folio history SYMBOL --period P`, in process against the simulator: the closes shown start at the
// period's base date (the last close on or before the same calendar date back; YTD: December 31 of
// the year before; one month before March 31 is the last day of February) and run to today. The
// expected dates are worked out here from the simulator's own bars and the calendar, not by folio.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, simBars, startSimulator } from '../../../src/sim/index.js';
import { type InProcessHome, inProcessHome } from '../../support/run-in-process.js';

let sim: Simulator;
let home: InProcessHome;
const TODAY = '2026-03-31'; // a Tuesday; one month back is February 28
const NOW = `${TODAY}T22:00:00Z`;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, today: TODAY, now: () => Date.parse(NOW) });
  home = inProcessHome({ FOLIO_NOW: NOW, FOLIO_YAHOO_URL: sim.url });
});
afterAll(async () => {
  await sim.close();
  home.remove();
});

/** The simulator's last trading date on or before `date`. */
function lastTradingDateOnOrBefore(symbol: string, date: string): string {
  const bars = simBars(symbol, '2015-01-01', date, { today: TODAY });
  return bars[bars.length - 1]!.date;
}

describe('history shows the period from its base date to today', () => {
  it.each([
    ['1m', '2026-02-28'],
    ['3m', '2025-12-31'],
    ['6m', '2025-09-30'],
    ['ytd', '2025-12-31'],
    ['1y', '2025-03-31'],
    ['5y', '2021-03-31'],
  ])('--period %s: from the last close on or before %s', async (period, base) => {
    const r = await home.run(['history', 'MSFT', '--period', period, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const shown = JSON.parse(r.stdout) as { period: string; bars: { date: string }[] };
    expect(shown.period).toBe(period);
    const first = lastTradingDateOnOrBefore('MSFT', base);
    expect(shown.bars[0]!.date).toBe(first);
    expect(shown.bars[shown.bars.length - 1]!.date).toBe(lastTradingDateOnOrBefore('MSFT', TODAY));
    // Every trading day in between, none left out.
    const expected = simBars('MSFT', first, TODAY, { today: TODAY }).map((b) => b.date);
    expect(shown.bars.map((b) => b.date)).toEqual(expected);
  });
});
