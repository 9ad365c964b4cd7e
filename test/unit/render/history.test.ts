import { describe, it, expect } from 'vitest';
import { DailyBars } from '../../../src/bars.js';
import { renderHistory } from '../../../src/render/history.js';
import type { PriceHistory } from '../../../src/types.js';
import { ANSI, visibleWidth } from './fixture.js';

function history(n: number): PriceHistory {
  const t0 = Date.UTC(2025, 0, 1);
  const bars = Array.from({ length: n }, (_, i) => {
    const close = 100 + 20 * Math.sin(i / 20) + i * 0.1;
    return {
      date: new Date(t0 + i * 86_400_000).toISOString().slice(0, 10),
      close,
      adjClose: close * (1 + i * 0.0001),
    };
  });
  return {
    symbol: 'VOD.L',
    currency: 'GBp',
    exchangeTimezone: 'Europe/London',
    bars: DailyBars.of(bars),
    splits: [],
    dividends: [{ date: '2025-06-01', amount: 2 }],
    source: 'live',
    fetchedAt: t0,
  };
}

describe('renderHistory', () => {
  const h = history(300);
  const out = renderHistory(h, { color: false, width: 80, height: 8, period: '1y' });

  it('draws the closes with a title and the date range', () => {
    expect(out.split('\n')[0]).toBe('VOD.L close (GBp) 1y, 2025-01-01 to 2025-10-27');
    expect(out).not.toMatch(ANSI);
  });

  it('lists the last 10 closes with day changes', () => {
    const lines = out.split('\n');
    const start = lines.findIndex((l) => l.startsWith('Date'));
    const rows = lines.slice(start + 2, start + 12);
    expect(rows).toHaveLength(10);
    const last = h.bars.bar(299);
    const prev = h.bars.bar(298);
    const lastRow = rows[9]!.split(/\s+/);
    expect(lastRow[0]).toBe('2025-10-27');
    expect(Number(lastRow[1])).toBeCloseTo(last.close, 2);
    expect(Number(lastRow[3]!.replace('%', ''))).toBeCloseTo(
      ((last.close - prev.close) / prev.close) * 100,
      2,
    );
    expect(rows[0]!.startsWith('2025-10-18')).toBe(true);
  });

  it('gives first, last, min, max and the period return', () => {
    const closes = h.bars.toBars().map((b) => b.close);
    const min = Math.min(...closes);
    const max = Math.max(...closes);
    const minDate = h.bars.bar(closes.indexOf(min)).date;
    const maxDate = h.bars.bar(closes.indexOf(max)).date;
    expect(out).toMatch(new RegExp(`Min\\s+${min.toFixed(2)} GBp\\s+${minDate}`));
    expect(out).toMatch(new RegExp(`Max\\s+${max.toFixed(2)} GBp\\s+${maxDate}`));
    expect(out).toMatch(new RegExp(`First\\s+${h.bars.bar(0).close.toFixed(2)} GBp\\s+2025-01-01`));
    const ret = (closes[299]! / closes[0]! - 1) * 100;
    expect(out).toMatch(new RegExp(`Price return\\s+\\+${ret.toFixed(2)}%`));
    expect(out).toContain('300 trading days; source live; 1 dividend(s)');
  });

  it.each([60, 80, 120])('fits width %i', (width) => {
    for (const line of renderHistory(h, { color: true, width }).split('\n'))
      expect(visibleWidth(line)).toBeLessThanOrEqual(width);
  });

  it('handles no bars and a single bar', () => {
    expect(renderHistory(history(0), { color: false, width: 80 })).toBe('VOD.L: no price history\n');
    const one = renderHistory(history(1), { color: false, width: 80 });
    expect(one).toContain('(not enough data to chart)');
    expect(one).toMatch(/Price return\s+0\.00%/);
  });
});
