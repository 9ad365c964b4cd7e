// The faults injected into quote and chart requests: a rate limit (429 + Retry-After), random 500s and
// JSON bodies cut in half, drawn from PRNGs seeded by the options' `seed`; and the first answers of
// the cookie and crumb endpoints failed on demand (`sessionFaults`).

import type { SimOptions } from './options.js';
import { Mulberry32 } from './random.js';
import { type Reply, html } from './replies.js';

export class DataFaults {
  private failRng!: Mulberry32;
  private truncateRng!: Mulberry32;
  /** Real-clock times of admitted quote/chart requests within the last second. */
  private admitted: number[] = [];

  /** Cookie and crumb requests seen since `sessionFaults` was last set. */
  private sessionRequests = { cookie: 0, crumb: 0 };

  constructor(seed: number) {
    this.reseed(seed);
  }

  reseed(seed: number): void {
    this.failRng = new Mulberry32(seed);
    this.truncateRng = new Mulberry32((seed ^ 0x5bd1e995) >>> 0);
  }

  /** Forgets the requests admitted so far (a new rate limit starts afresh). */
  clearRateWindow(): void {
    this.admitted = [];
  }

  /** Starts counting cookie and crumb requests afresh (new `sessionFaults`). */
  clearSessionCounts(): void {
    this.sessionRequests = { cookie: 0, crumb: 0 };
  }

  /** The failure a cookie or crumb request gets under `sessionFaults`; undefined when it is served. */
  sessionFault(opts: SimOptions, endpoint: 'cookie' | 'crumb'): Reply | undefined {
    const seen = ++this.sessionRequests[endpoint];
    const fault = (opts.sessionFaults ?? []).find((f) => f.endpoint === endpoint && seen <= f.count);
    if (fault === undefined) return undefined;
    if (fault.status === 429) {
      const headers: Record<string, string> = { 'content-type': 'text/plain;charset=utf-8' };
      if (fault.retryAfterS !== undefined) headers['retry-after'] = String(fault.retryAfterS);
      return { status: 429, headers, body: 'Too Many Requests\r\n' };
    }
    return html(fault.status, 'Internal Server Error');
  }

  /** Rate limit, random 500s; undefined when the request may be served. */
  dataFault(opts: SimOptions): Reply | undefined {
    const limit = opts.rateLimit;
    if (limit !== undefined) {
      const t = performance.now();
      this.admitted = this.admitted.filter((x) => t - x < 1000);
      if (this.admitted.length >= limit) {
        const retryAfter = Math.max(1, Math.ceil((this.admitted[0]! + 1000 - t) / 1000));
        return {
          status: 429,
          headers: { 'content-type': 'text/plain;charset=utf-8', 'retry-after': String(retryAfter) },
          body: 'Too Many Requests\r\n',
        };
      }
      this.admitted.push(t);
    }
    const failRate = opts.failRate ?? 0;
    if (failRate > 0 && this.failRng.next() < failRate) return html(500, 'Internal Server Error');
    return undefined;
  }

  /** The reply of a quote/chart request, its body cut in half when `truncateRate` says so. */
  truncated(opts: SimOptions, reply: Reply): Reply {
    const truncateRate = opts.truncateRate ?? 0;
    if (reply.status === 200 && truncateRate > 0 && this.truncateRng.next() < truncateRate) {
      return { ...reply, body: reply.body.slice(0, Math.floor(reply.body.length / 2)) };
    }
    return reply;
  }
}
