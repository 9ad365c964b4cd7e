import { describe, it, expect } from 'vitest';
import {
  cityOfZone,
  formatChangePct,
  formatCompact,
  formatDate,
  formatMarketTime,
  formatBytes,
  formatMoney,
  formatMoneyWithCode,
  formatMs,
  formatPct,
  formatPp,
  formatPrice,
  formatRatio,
  formatShares,
} from '../../../src/render/format.js';

describe('formatMoney', () => {
  it.each([
    [12345.67, '12,345.67'],
    [-1234, '-1,234.00'],
    [0, '0.00'],
    [-0, '0.00'],
    [1e-9, '0.00'],
    [-1e-9, '0.00'],
    [-0.004, '0.00'],
    [-0.005, '-0.01'],
    [0.005, '0.01'],
    [999.995, '1,000.00'],
    [1e21, '1,000,000,000,000,000,000,000.00'],
    [1234567.891, '1,234,567.89'],
    [NaN, 'n/a'],
    [Infinity, 'n/a'],
    [-Infinity, 'n/a'],
    [null, 'n/a'],
    [undefined, 'n/a'],
  ])('%s -> %s', (x, expected) => {
    expect(formatMoney(x)).toBe(expected);
  });

  it.each([
    [12, '+12.00'],
    [-12, '-12.00'],
    [0, '0.00'],
    [1e-9, '0.00'],
  ])('signed %s -> %s', (x, expected) => {
    expect(formatMoney(x, { sign: true })).toBe(expected);
  });

  it('adds a currency code except for n/a', () => {
    expect(formatMoneyWithCode(1234.5, 'USD')).toBe('1,234.50 USD');
    expect(formatMoneyWithCode(null, 'USD')).toBe('n/a');
  });
});

describe('percentages', () => {
  it.each([
    [0.0512, '5.12%'],
    [-0.0512, '-5.12%'],
    [0, '0.00%'],
    [-0, '0.00%'],
    [1e-9, '0.00%'],
    [12.3456, '1,234.56%'],
    [NaN, 'n/a'],
    [null, 'n/a'],
  ])('formatPct(%s) = %s', (x, expected) => {
    expect(formatPct(x)).toBe(expected);
  });

  it.each([
    [0.0512, '+5.12%'],
    [-0.004, '-0.40%'],
    [0, '0.00%'],
    [-1e-9, '0.00%'],
    [Infinity, 'n/a'],
  ])('formatChangePct(%s) = %s', (x, expected) => {
    expect(formatChangePct(x)).toBe(expected);
  });

  it.each([
    [0.032, '+3.2 pp'],
    [-0.0149, '-1.5 pp'],
    [0, '0.0 pp'],
    [-0.0001, '0.0 pp'],
    [NaN, 'n/a'],
    [null, 'n/a'],
  ])('formatPp(%s) = %s', (x, expected) => {
    expect(formatPp(x)).toBe(expected);
  });
});

describe('shares, prices, ratios', () => {
  it.each([
    [10, '10'],
    [0.5, '0.5'],
    [1234.12345, '1,234.1235'],
    [1.00004, '1'],
    [0, '0'],
    [-0, '0'],
    [NaN, 'n/a'],
  ])('formatShares(%s) = %s', (x, expected) => {
    expect(formatShares(x)).toBe(expected);
  });

  it.each([
    [187.444, '187.44'],
    [1, '1.00'],
    [0.5, '0.5000'],
    [0.0123, '0.01230'],
    [0.00001234, '0.00001234'],
    [0, '0.00'],
    [1e-15, '0.0000000000'],
    [12345.6, '12,345.60'],
    [NaN, 'n/a'],
    [null, 'n/a'],
  ])('formatPrice(%s) = %s', (x, expected) => {
    expect(formatPrice(x)).toBe(expected);
  });

  it.each([
    [1.2345, '1.23'],
    [-0.5, '-0.50'],
    [12345.678, '12345.68'],
    [NaN, 'n/a'],
  ])('formatRatio(%s) = %s', (x, expected) => {
    expect(formatRatio(x)).toBe(expected);
  });

  it.each([
    [999999.99, '999,999.99'],
    [1234567, '1.23M'],
    [-4.56e9, '-4.56B'],
    [7e12, '7.00T'],
  ])('formatCompact(%s) = %s', (x, expected) => {
    expect(formatCompact(x)).toBe(expected);
  });

  it('formats ms', () => {
    expect(formatMs(1234.4)).toBe('1,234 ms');
    expect(formatMs(NaN)).toBe('n/a');
  });

  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'], // 1536 / 1024 = 1.5
    [1024 * 1024 - 1, '1.0 MiB'], // 1048575 / 1024 = 1023.999 KiB, which would print as 1024.0 KiB
    [1024 * 1024, '1.0 MiB'],
    [150 * 1024 * 1024, '150.0 MiB'],
    [2_500_000, '2.4 MiB'], // 2,500,000 / 1,048,576 = 2.384
    [NaN, 'n/a'],
    [null, 'n/a'],
  ])('formatBytes(%s) = %s', (n, expected) => {
    expect(formatBytes(n)).toBe(expected);
  });
});

describe('dates and times', () => {
  it.each([
    ['2026-11-27', '2026-11-27'],
    [Date.UTC(2026, 10, 27, 23, 59), '2026-11-27'],
    [null, 'n/a'],
    ['garbage', 'n/a'],
    [NaN, 'n/a'],
  ])('formatDate(%s) = %s', (x, expected) => {
    expect(formatDate(x)).toBe(expected);
  });

  it.each([
    ['America/New_York', 'New York'],
    ['Europe/London', 'London'],
    ['America/Argentina/Buenos_Aires', 'Buenos Aires'],
    ['UTC', 'UTC'],
  ])('cityOfZone(%s) = %s', (zone, city) => {
    expect(cityOfZone(zone)).toBe(city);
  });

  it('formats the market time in the exchange zone', () => {
    // 2026-11-27 21:00 UTC is 16:00 in New York (EST, UTC-5) and 21:00 in London (GMT).
    const t = Date.UTC(2026, 10, 27, 21, 0);
    expect(formatMarketTime(t, 'America/New_York')).toBe('2026-11-27 16:00 New York');
    expect(formatMarketTime(t, 'Europe/London')).toBe('2026-11-27 21:00 London');
    // 2026-07-01 20:00 UTC is 16:00 EDT (UTC-4).
    expect(formatMarketTime(Date.UTC(2026, 6, 1, 20, 0), 'America/New_York')).toBe(
      '2026-07-01 16:00 New York',
    );
    // Midnight must read 00, not 24.
    expect(formatMarketTime(Date.UTC(2026, 0, 2, 5, 0), 'America/New_York')).toBe(
      '2026-01-02 00:00 New York',
    );
  });

  it('falls back to UTC for an unknown zone and n/a for no time', () => {
    expect(formatMarketTime(Date.UTC(2026, 10, 27, 21, 0), 'Mars/Olympus')).toBe('2026-11-27 21:00 UTC');
    expect(formatMarketTime(null, 'America/New_York')).toBe('n/a');
  });
});
