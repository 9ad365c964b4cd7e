// What the simulator was asked: requests counted by endpoint, status and symbol, and a log.

import { type SimEndpoint, classify } from './endpoints.js';

export interface SimCounters {
  byEndpoint: Record<SimEndpoint, number>;
  byStatus: Record<string, number>;
  /** Number of symbols of each quote request, in arrival order. */
  symbolsPerQuote: number[];
  chartBySymbol: Record<string, number>;
  quoteBySymbol: Record<string, number>;
  total: number;
  /** Status 0: the connection was destroyed (down: 'refuse'). `at` is real time (Date.now). */
  log: { at: number; method: string; path: string; status: number }[];
}

export function emptyCounters(): SimCounters {
  return {
    byEndpoint: { cookie: 0, crumb: 0, quote: 0, chart: 0, other: 0 },
    byStatus: {},
    symbolsPerQuote: [],
    chartBySymbol: {},
    quoteBySymbol: {},
    total: 0,
    log: [],
  };
}

/** Counts an arriving request; its endpoint and the symbols it asks for. */
export function countRequest(
  counters: SimCounters,
  url: URL,
): { endpoint: SimEndpoint; quoteSymbols: string[]; chartSymbol: string } {
  const endpoint = classify(url.pathname);
  counters.total++;
  counters.byEndpoint[endpoint]++;
  let quoteSymbols: string[] = [];
  let chartSymbol = '';
  if (endpoint === 'quote') {
    quoteSymbols = (url.searchParams.get('symbols') ?? '').split(',').filter((s) => s !== '');
    counters.symbolsPerQuote.push(quoteSymbols.length);
    for (const s of quoteSymbols) counters.quoteBySymbol[s] = (counters.quoteBySymbol[s] ?? 0) + 1;
  } else if (endpoint === 'chart') {
    chartSymbol = decodeURIComponent(url.pathname.slice('/v8/finance/chart/'.length));
    counters.chartBySymbol[chartSymbol] = (counters.chartBySymbol[chartSymbol] ?? 0) + 1;
  }
  return { endpoint, quoteSymbols, chartSymbol };
}

/** Zeroes the counters in place, so references a caller holds (counters.log, ...) see the reset too. */
export function resetCounters(counters: SimCounters): void {
  const clear = (record: Record<string, number>): void => {
    for (const key of Object.keys(record)) delete record[key];
  };
  for (const key of Object.keys(counters.byEndpoint) as SimEndpoint[]) counters.byEndpoint[key] = 0;
  clear(counters.byStatus);
  clear(counters.chartBySymbol);
  clear(counters.quoteBySymbol);
  counters.symbolsPerQuote.length = 0;
  counters.log.length = 0;
  counters.total = 0;
}
