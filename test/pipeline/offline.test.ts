// Offline detection in the transport: a refused connection on a run's first request stops the run
// without retries; the same failure after upstream has answered is a passing outage and is retried.
import { describe, expect, it } from 'vitest';

import { OfflineError, UpstreamError } from '../../src/errors.js';
import { closedPort, openPipeline, tempCacheFile } from './harness.js';
import { SIM_NOW, SIM_TODAY, startSim } from '../support/simulator.js';

const FAST_RETRIES = { baseDelayMs: 20, maxDelayMs: 40, maxAttempts: 3, maxRetryAfterMs: 100 };

describe('offline', () => {
  it('a refused first request: OfflineError, no retry, nothing sent afterwards', async () => {
    const p = await openPipeline({
      url: `http://127.0.0.1:${await closedPort()}`,
      cacheFile: tempCacheFile(),
      now: SIM_NOW,
      concurrency: 2,
      retryPolicy: FAST_RETRIES,
    });
    const first = await p.service.getHistories(new Map([['AAPL', '2026-01-02']]), SIM_TODAY);
    expect(first.get('AAPL')?.error).toBeInstanceOf(OfflineError);
    expect((first.get('AAPL')?.error as OfflineError).code).toBe('ECONNREFUSED');
    const sent = p.sends.length;
    expect(sent).toBe(1);
    const later = await p.service.getHistories(new Map([['MSFT', '2026-01-02']]), SIM_TODAY);
    expect(later.get('MSFT')?.error).toBeInstanceOf(OfflineError);
    expect(p.sends.length).toBe(sent);
    expect(p.stats.snapshot().retries).toBe(0);
    expect(p.breaker.state).toBe('closed');
    await p.close();
  });

  it('a refused connection after a first answer is retried like any passing failure', async () => {
    const own = await startSim();
    const p = await openPipeline({
      url: own.url,
      cacheFile: tempCacheFile(),
      now: SIM_NOW,
      retryPolicy: FAST_RETRIES,
    });
    const ok = await p.service.getHistories(new Map([['AAPL', '2026-01-02']]), SIM_TODAY);
    expect(ok.get('AAPL')?.history?.source).toBe('live');
    await own.close(); // nothing listens on its port any more: connections are refused
    const before = p.sends.length;
    const failed = await p.service.getHistories(new Map([['MSFT', '2026-01-02']]), SIM_TODAY);
    const error = failed.get('MSFT')?.error;
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).not.toBeInstanceOf(OfflineError);
    // Every attempt of the policy was sent.
    expect(p.sends.length - before).toBe(FAST_RETRIES.maxAttempts);
    expect(p.stats.snapshot().retries).toBe(FAST_RETRIES.maxAttempts - 1);
    await p.close();
  });
});
