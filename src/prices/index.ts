// What the rest of folio uses from the price layer. The folders hold the parts by role:
//   store/   the cache: keyv + SQLite or Redis, the stored price columns, failover, digest baselines
//   yahoo/   the traffic: the yahoo-finance2 client, routing, transport, queue, retry, circuit breaker
//   *.ts     the loading core: plan the run's need, fetch quotes and histories, merge, assemble
// Digest baselines (store/digests.ts) are imported on demand by the digest command, not from here.
export { assemblePriceData, describeFailure, type HistoryOutcome, type QuoteOutcome } from './assemble.js';
export { type Clock, monotonicMs, systemClock } from './clock.js';
export { keepYoungGenerationSmall } from './heap.js';
export { createPriceService } from './pipeline.js';
export { planPrices, type PricePlan } from './plan.js';
export type { PriceData, PriceService } from './service.js';
export { RunStatsCollector } from './stats.js';
export { type CacheStatistics, PriceCache, isServerUrl, maskCredentials } from './store/cache.js';
export { parseServerUrl } from './store/location.js';
export type { CircuitBreaker } from './yahoo/breaker.js';
export { parseOrigin } from './yahoo/routing.js';
