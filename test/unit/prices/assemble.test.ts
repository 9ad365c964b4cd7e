// "Unknown or delisted" only when Yahoo says so: the quote response left the symbol out AND its chart
// had no data. Any other symbol without data is unavailable, with why.
import { describe, expect, it } from 'vitest';

import { OfflineError, UnknownSymbolError, UpstreamError } from '../../../src/errors.js';
import { type HistoryOutcome, type QuoteOutcome, assemblePriceData } from '../../../src/prices/assemble.js';

const NOW = Date.parse('2026-11-27T22:00:00Z');
const chart500 = new UpstreamError('Yahoo answered HTTP 500 to a chart request', { status: 500 });
const delisted = new UnknownSymbolError(
  'X',
  "Yahoo's chart has no data for X (No data found, symbol may be delisted)",
);

function assemble(quote: QuoteOutcome, history: HistoryOutcome | undefined) {
  const histories = new Map<string, HistoryOutcome>(history === undefined ? [] : [['X', history]]);
  return assemblePriceData(new Map([['X', quote]]), histories, [], NOW);
}

describe('unknown or unavailable', () => {
  it.each<[string, QuoteOutcome, HistoryOutcome | undefined, string | null]>([
    [
      'left out of the quote, chart: no data found',
      { unknown: true },
      { unknown: true, error: delisted },
      null,
    ],
    [
      'left out of the quote, chart failed (an outage)',
      { unknown: true },
      { error: chart500 },
      'absent from the quote response; chart: Yahoo answered HTTP 500 to a chart request',
    ],
    [
      'quote failed, chart: no data found (the quote never said so)',
      { error: new UpstreamError('Yahoo answered HTTP 500 to a quote request', { status: 500 }) },
      { unknown: true, error: delisted },
      'Yahoo answered HTTP 500 to a quote request',
    ],
    [
      'offline and not cached',
      { error: new Error('offline: not in the cache') },
      { error: new Error('offline: not in the cache') },
      'offline: not in the cache',
    ],
    [
      'the source went away mid-run',
      { error: new OfflineError('ECONNREFUSED') },
      { error: new OfflineError('ECONNREFUSED') },
      'Yahoo unreachable (ECONNREFUSED): offline',
    ],
  ])('%s', (_name, quote, history, reason) => {
    const data = assemble(quote, history);
    if (reason === null) {
      expect([...data.unknown]).toEqual(['X']);
      expect(data.unavailable.size).toBe(0);
    } else {
      expect(data.unknown.size).toBe(0);
      expect(data.unavailable.get('X')).toBe(reason);
    }
  });
});
