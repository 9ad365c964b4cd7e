// The least Yahoo's API allows for a run's work: one quote request per 50 symbols and one chart
// request per symbol whose history is not (fully) cached, sent `concurrency` at a time, each round
// costing one latency. With a rate limit, the requests also cannot be admitted faster than it allows.

export interface LowerBoundInput {
  /** Symbols that need a quote request (not fresh in the cache). */
  quoteSymbols: number;
  /** Symbols that need a chart request (missing or with a missing tail). */
  chartSymbols: number;
  /** Symbols per quote request. */
  batch: number;
  concurrency: number;
  latencyMs: number;
  /** Requests per second admitted by the server (sliding 1 s window), if it limits. */
  rateLimit?: number;
}

export interface LowerBound {
  requests: number;
  rounds: number;
  ms: number;
}

export const LOWER_BOUND_FORMULA =
  'N = ceil(Q/50) + C; bound = ceil(N / concurrency) x latency; with a rate limit r/s also at least (ceil(N/r) - 1) x 1000 ms + latency (Q = symbols needing a quote, C = symbols needing a chart)';

export function lowerBound(input: LowerBoundInput): LowerBound {
  const requests = Math.ceil(input.quoteSymbols / input.batch) + input.chartSymbols;
  if (requests === 0) return { requests: 0, rounds: 0, ms: 0 };
  const rounds = Math.ceil(requests / input.concurrency);
  let ms = rounds * input.latencyMs;
  if (input.rateLimit !== undefined && input.rateLimit > 0) {
    ms = Math.max(ms, (Math.ceil(requests / input.rateLimit) - 1) * 1000 + input.latencyMs);
  }
  return { requests, rounds, ms };
}
