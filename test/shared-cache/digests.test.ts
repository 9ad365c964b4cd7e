// A digest's baseline on a shared Redis cache: one key beside the prices (`folio:rec:digest:<path>`),
// read back exactly, kept by `cache clear`; a server gone mid-run sends the baseline to the local file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PriceCache } from '../../src/prices/store/cache.js';
import { readDigestBaseline, writeDigestBaseline } from '../../src/prices/store/digests.js';
import type { DigestSnapshot } from '../../src/types.js';
import { type RedisServer, redisAvailable, startRedis } from './redis.js';

const hasRedis = redisAvailable();

const baseline: DigestSnapshot = {
  asOf: '2026-11-26',
  baseCurrency: 'EUR',
  marketValue: 12_345.678901234,
  holdings: [{ symbol: 'SAP.DE', shares: 12, marketValue: 2_345.6 }],
  warnings: [],
};

describe.runIf(hasRedis)('digest baselines on a Redis cache', { timeout: 60_000 }, () => {
  let redis: RedisServer;
  let dir: string;
  beforeAll(async () => {
    redis = await startRedis();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-digests-redis-'));
  });
  afterAll(async () => {
    await redis?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('are stored under their own key, read back exactly and kept by cache clear', async () => {
    const cache = (await PriceCache.open(redis.url, { warn: () => {} }))!;
    await writeDigestBaseline(cache, '/srv/h.csv', baseline);
    await cache.write({ breaker: { state: 'closed' } });
    expect(redis.cli('KEYS', 'folio:rec:*').trim()).toBe('folio:rec:digest:/srv/h.csv');
    expect(await readDigestBaseline(cache, '/srv/h.csv')).toEqual(baseline);
    await cache.clear();
    expect(await readDigestBaseline(cache, '/srv/h.csv')).toEqual(baseline);
    expect(await cache.statistics()).toMatchObject({ quotes: 0, histories: 0, symbols: [] });
    await cache.close();
  });

  it('a server that stops mid-run: the baseline goes to the local cache, with one warning', async () => {
    const warnings: string[] = [];
    const local = path.join(dir, 'local.sqlite');
    const cache = (await PriceCache.open(redis.url, { warn: (m) => warnings.push(m), fallbackPath: local }))!;
    await redis.stop();
    await writeDigestBaseline(cache, '/srv/h.csv', { ...baseline, asOf: '2026-11-27' });
    expect((await readDigestBaseline(cache, '/srv/h.csv'))?.asOf).toBe('2026-11-27');
    await cache.close();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/going on with the local cache/);
    const file = (await PriceCache.open(local, { warn: () => {} }))!;
    expect((await readDigestBaseline(file, '/srv/h.csv'))?.asOf).toBe('2026-11-27');
    await file.close();
  });
});
