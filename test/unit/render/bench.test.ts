import { describe, it, expect } from 'vitest';
import { renderBenchTable } from '../../../src/render/bench.js';
import { ANSI, makeStats, visibleWidth } from './fixture.js';

describe('renderBenchTable', () => {
  const out = renderBenchTable(makeStats(), { color: false, width: 100 });

  it('prints requests, cache, retries, breaker, concurrency and memory', () => {
    expect(out).toMatch(/Requests\s+9 \(cookie 1, crumb 1, quote 2, chart 5, other 0\)/);
    expect(out).toMatch(/By status\s+200 ×8, 429 ×1/);
    expect(out).toMatch(/Symbols per quote req\s+50, 12 \(mean 31\.0\)/);
    expect(out).toMatch(/Received\s+2\.4 MiB/);
    // quotes 3 / (3 + 1) = 75 %; history 5 / (5 + 0) = 100 %; overall 8 / 9 = 88.9 %.
    expect(out).toMatch(/Cache: quotes\s+3 hits, 1 misses, 0 stale; hit rate 75\.0%/);
    expect(out).toMatch(/Cache: history\s+5 hits, 0 misses, 1 stale, 2 partial; hit rate 100\.0%/);
    expect(out).toMatch(/Cache hit rate\s+88\.9%/);
    expect(out).toMatch(/Retries\s+1 \(waited 1,500 ms\)/);
    expect(out).toMatch(/Breaker\s+closed; closed→open @21:00:00\.123/);
    expect(out).toMatch(/Peak concurrency\s+4/);
    expect(out).toMatch(/Peak RSS\s+150\.0 MiB/);
  });

  it('lists phases in pipeline order, then the others, in whole ms', () => {
    const lines = out.split('\n');
    const start = lines.findIndex((l) => l.startsWith('Phase'));
    const phases = lines
      .slice(start + 2)
      .filter((l) => l !== '')
      .map((l) => l.split(/\s+/));
    expect(phases).toEqual([
      ['load', '3'],
      ['plan', '0'],
      ['quotes', '421'],
      ['history', '380'],
      ['analytics', '46'],
      ['render', '12'],
      ['total', '912'],
      ['extra', '1'],
    ]);
  });

  it('says n/a when nothing was looked up, and has no ANSI without colour', () => {
    const stats = makeStats();
    stats.cache = {
      quote: { hits: 0, misses: 0, stale: 0 },
      history: { hits: 0, misses: 0, stale: 0, partial: 0 },
      hitRate: null,
    };
    stats.breaker.transitions = [];
    const o = renderBenchTable(stats, { color: false, width: 80 });
    expect(o).toMatch(/Cache hit rate\s+n\/a/);
    expect(o).toMatch(/hit rate n\/a/);
    expect(o).toMatch(/Breaker\s+closed, no transitions/);
    expect(o).not.toMatch(ANSI);
    expect(renderBenchTable(stats, { color: true, width: 80 })).toMatch(ANSI);
  });

  it.each([60, 80])('fits width %i', (width) => {
    const stats = makeStats();
    stats.requests.symbolsPerQuote = Array.from({ length: 40 }, () => 50);
    for (const line of renderBenchTable(stats, { color: false, width }).split('\n'))
      expect(visibleWidth(line)).toBeLessThanOrEqual(width);
  });
});
