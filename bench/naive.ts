// The naive dashboard pattern, the baseline: each consumer (summary stats, holdings
// table, ETF comparison, charts) fetches what it needs itself, one ticker at a time, in sequence,
// with no batching, no cache and nothing shared between consumers. Same yahoo-finance2 client and
// fetch function as folio, so the only difference is the access pattern.
import type { YahooClient } from '../src/prices/yahoo/client.js';

export interface NaiveResult {
  ms: number;
  calls: number;
  failures: number;
}

/** Requests the naive pattern sends: summary N quotes, holdings table N quotes + N charts, comparison and charts N+B charts each. */
export function naiveCalls(holdings: number, benchmarks: number): number {
  return holdings + 2 * holdings + 2 * (holdings + benchmarks);
}

export async function runNaive(
  client: YahooClient,
  holdings: readonly string[],
  benchmarks: readonly string[],
  from: string,
  to: string,
): Promise<NaiveResult> {
  let calls = 0;
  let failures = 0;
  // A failed call is counted and skipped.
  const attempt = async (call: () => Promise<unknown>): Promise<void> => {
    calls++;
    try {
      await call();
    } catch {
      failures++;
    }
  };
  const quote = (s: string) => attempt(() => client.quotes([s]));
  const history = (s: string) => attempt(() => client.chart(s, from, to));
  const started = performance.now();
  // Summary: the price of every holding.
  for (const s of holdings) await quote(s);
  // Holdings table: price and history of every holding.
  for (const s of holdings) {
    await quote(s);
    await history(s);
  }
  // ETF comparison: history of every holding and every benchmark.
  for (const s of [...holdings, ...benchmarks]) await history(s);
  // Charts: the same again.
  for (const s of [...holdings, ...benchmarks]) await history(s);
  return { ms: performance.now() - started, calls, failures };
}
