// The digest's formats: the headline first, figures as worked out, hostile names and warnings made
// harmless (no terminal escapes in text, escaped in markdown and HTML), HTML a mail client keeps.
import { describe, expect, it } from 'vitest';
import type { Digest } from '../../../src/analytics/digest.js';
import { renderDigests } from '../../../src/render/digest.js';

const HOSTILE = '<img src=x onerror=alert(1)> \u001b]8;;http://evil\u0007click\u001b]8;;\u0007 | *x*';

const compared: Digest = {
  schemaVersion: 1,
  file: 'holdings.csv',
  baseCurrency: 'USD',
  since: { asOf: '2026-11-26', marketValue: 10_000.1 },
  now: {
    asOf: '2026-11-27',
    marketValue: 6_600,
    coverage: { priced: 3, total: 3, missing: [] },
  },
  change: { value: 6_600 - 10_000.1, pct: (6_600 - 10_000.1) / 10_000.1 },
  breakdown: { market: 99.95, positions: 6_600 - 10_000.1 - 99.95 },
  movers: [
    {
      symbol: 'AAA',
      name: HOSTILE,
      changeValue: 99.95,
      changePct: 99.95 / 6000.05,
      valueThen: 6000.05,
      valueNow: 6100,
    },
  ],
  opened: [{ symbol: 'CCC', name: 'C Corp', shares: 2, marketValue: 500 }],
  closed: [
    {
      symbol: 'BBB',
      name: null,
      shares: 5,
      marketValue: 4000.05,
      closedOn: '2026-11-27',
      realizedGain: 123.45,
    },
  ],
  changed: [],
  income: [{ symbol: 'AAA', name: null, date: '2026-11-27', amount: 2.25, estimated: true }],
  incomeTotal: 2.25,
  splits: [{ symbol: 'AAA', date: '2026-11-27', ratio: 0.1 }],
  warnings: [`AAA: ${HOSTILE}`],
  failIf: [{ condition: 'dayChangePct<-0.03', value: -0.0412 }],
  note: null,
};

const first: Digest = {
  ...compared,
  since: null,
  change: null,
  breakdown: null,
  movers: [],
  opened: [],
  closed: [],
  income: [],
  splits: [],
  warnings: [],
  failIf: [],
};

describe('renderDigests', () => {
  it('text: the headline first, one short line per fact, no escape sequence', async () => {
    const text = await renderDigests([compared], 'text');
    expect(text.split('\n').slice(0, 5)).toEqual([
      'holdings.csv: -3,400.10 USD (-34.00%) since 2026-11-26',
      'Now 6,600.00 USD (2026-11-27)',
      'Was 10,000.10 USD (2026-11-26)',
      'Prices/FX +99.95',
      'Buys/sales -3,500.05',
    ]);
    expect(text).toContain(' AAA +99.95 (+1.67%)\n');
    expect(text).toContain('Opened CCC: 2 sh, 500.00\n');
    expect(text).toContain('Closed BBB 2026-11-27: was 4,000.05, gain +123.45\n');
    expect(text).toContain('Dividend AAA 2026-11-27: 2.25 (est.)\n');
    expect(text).toContain('Split AAA 1:10 on 2026-11-27\n');
    expect(text).toContain('Fail-if held: dayChangePct<-0.03 (value -0.0412)\n');
    expect(text).not.toMatch(/[\u001b\u0007]/);
  });

  it('text: a first digest says there is nothing to compare yet', async () => {
    expect(await renderDigests([first], 'text')).toBe(
      'holdings.csv: 6,600.00 USD on 2026-11-27\n' +
        'First digest of this file: nothing to compare yet; this digest is the baseline.\n',
    );
  });

  it('markdown escapes what came from outside', async () => {
    const md = await renderDigests([compared], 'markdown');
    expect(md).toMatch(/^# Digest: holdings\.csv\n/);
    expect(md).toContain('| AAA | +99.95 | +1.67% |');
    expect(md).toContain('\\<img src=x onerror=alert(1)\\>');
    expect(md).not.toMatch(/(?<!\\)<img|[\u001b\u0007]/);
    expect(md).toContain('- closed **BBB** on 2026-11-27');
  });

  it('json: the documented fields, money unrounded', async () => {
    const doc = JSON.parse(await renderDigests([compared], 'json')) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(
      expect.arrayContaining([
        'schemaVersion',
        'file',
        'since',
        'now',
        'change',
        'movers',
        'opened',
        'closed',
        'income',
        'warnings',
      ]),
    );
    expect(doc.change).toEqual({ value: 6_600 - 10_000.1, pct: (6_600 - 10_000.1) / 10_000.1 });
    const two = JSON.parse(await renderDigests([compared, first], 'json')) as { digests: unknown[] };
    expect(two.digests).toHaveLength(2);
  });

  it('html: tables and inline styles only, every piece of text escaped', async () => {
    const html = await renderDigests([compared], 'html');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html>/);
    expect(html).not.toMatch(/<script|<svg|<style|<img|<link|class=|[\u001b\u0007]/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('-3,400.10 USD (-34.00%) since 2026-11-26');
    expect(html).toContain('dividend (estimated)');
    expect(html).toMatch(/of it: prices and FX<\/td>.*\+99\.95/);
    // Every opening tag of the body is a table part, a span or the document's frame.
    const tags = new Set([...html.matchAll(/<([a-z]+)[\s>]/gi)].map((m) => m[1]!.toLowerCase()));
    expect([...tags].sort()).toEqual([
      'body',
      'head',
      'html',
      'meta',
      'span',
      'table',
      'td',
      'th',
      'title',
      'tr',
    ]);
  });
});

describe('a digest whose holdings are not all priced', () => {
  const partial: Digest = {
    ...compared,
    now: {
      ...compared.now,
      coverage: { priced: 2, total: 3, missing: [{ symbol: 'ZZZ', reason: 'offline: not in the cache' }] },
    },
  };
  it.each(['text', 'markdown', 'html'] as const)(
    '%s says how many holdings the value covers',
    async (format) => {
      const out = await renderDigests([partial], format);
      expect(out).toContain('Prices for 2 of 3 holdings; left out of the value: ZZZ');
      expect(await renderDigests([compared], format)).not.toContain('Prices for');
    },
  );
  it('json carries the coverage', async () => {
    const doc = JSON.parse(await renderDigests([partial], 'json')) as {
      now: { coverage: { priced: number } };
    };
    expect(doc.now.coverage.priced).toBe(2);
  });
});
