// A digest's baseline in the cache: a record apart from the prices, read back as written, kept by
// `cache clear` and not counted by `cache stats`; anything stored that is not a baseline reads as none.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PriceCache, recordKey } from '../../../src/prices/store/cache.js';
import { readDigestBaseline, writeDigestBaseline } from '../../../src/prices/store/digests.js';
import type { DigestSnapshot } from '../../../src/types.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-digests-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const open = async (file: string) => (await PriceCache.open(file, { warn: () => {} }))!;

const baseline: DigestSnapshot = {
  asOf: '2026-11-26',
  baseCurrency: 'USD',
  marketValue: 8041.351234567891,
  holdings: [
    { symbol: 'AAPL', shares: 10, marketValue: 3697.56 },
    { symbol: 'VOD.L', shares: 1000, marketValue: 1414.4512345 },
  ],
  warnings: ['VOD.L: stale price'],
};

describe('digest baselines in the cache', () => {
  it('are read back exactly, one per file path, and kept by cache clear', async () => {
    const file = path.join(dir, 'cache.sqlite');
    const cache = await open(file);
    expect(await readDigestBaseline(cache, '/home/me/h.csv')).toBeUndefined();
    await writeDigestBaseline(cache, '/home/me/h.csv', baseline);
    await writeDigestBaseline(cache, '/home/me/other.csv', { ...baseline, marketValue: 1 });
    await cache.write({ breaker: { state: 'closed' } });
    await cache.close();

    const again = await open(file);
    expect(await readDigestBaseline(again, '/home/me/h.csv')).toEqual(baseline);
    expect((await readDigestBaseline(again, '/home/me/other.csv'))?.marketValue).toBe(1);
    const stats = await again.statistics();
    expect(stats).toMatchObject({ quotes: 0, histories: 0, symbols: [] });
    await again.clear();
    expect(await again.getBreaker()).toBeUndefined();
    expect(await readDigestBaseline(again, '/home/me/h.csv')).toEqual(baseline);
    await again.close();
  });

  it('a later write replaces the baseline whole', async () => {
    const cache = await open(path.join(dir, 'cache.sqlite'));
    await writeDigestBaseline(cache, '/h.csv', baseline);
    const next = { ...baseline, asOf: '2026-11-27', holdings: [], warnings: [] };
    await writeDigestBaseline(cache, '/h.csv', next);
    expect(await readDigestBaseline(cache, '/h.csv')).toEqual(next);
    await cache.close();
  });

  it.each([
    ['not an object', 'text'],
    ['another shape version', { v: 2, ...baseline }],
    ['no version', { ...baseline }],
    ['a value that is not a number', { v: 1, ...baseline, marketValue: '8041' }],
    ['a holding without shares', { v: 1, ...baseline, holdings: [{ symbol: 'AAPL', marketValue: 1 }] }],
    ['warnings that are not text', { v: 1, ...baseline, warnings: [1] }],
  ])('a stored record that is %s reads as no baseline', async (_what, stored) => {
    const cache = await open(path.join(dir, 'cache.sqlite'));
    await cache.putRecord(recordKey('digest', '/h.csv'), stored);
    expect(await readDigestBaseline(cache, '/h.csv')).toBeUndefined();
    await cache.close();
  });
});
