// Near-certain typos in a holdings file are warned about with the file and line (never an error): a
// cost per share more than 20x from the close of its purchase date, and a split row that repeats one of
// Yahoo's a few trading days off (which is then applied once). Expected figures worked out by hand.
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../src/analytics/report.js';
import type { AnalyticsInput } from '../../../src/analytics/model.js';
import type { Lot, PriceHistory, Quote } from '../../../src/types.js';
import { history, lot, quote, splitRow } from './helpers.js';

function input(lots: Lot[], quotes: Quote[], histories: PriceHistory[], base = 'USD'): AnalyticsInput {
  return {
    lots,
    quotes: new Map(quotes.map((q) => [q.symbol, q])),
    histories: new Map(histories.map((h) => [h.symbol, h])),
    baseCurrency: base,
    benchmarks: [],
    period: 'max',
    riskFreeRate: 0,
    generatedAt: Date.UTC(2024, 0, 9, 12),
  };
}

const typoWarnings = (warnings: readonly string[]) => warnings.filter((w) => /check it|same split/.test(w));

describe('a cost per share more than 20x from the close of its purchase date', () => {
  // A London stock quoted in pence: 120 GBp = 1.20 GBP on 2024-01-02.
  const vod = history('VOD.L', 'GBp', [
    ['2024-01-02', 120],
    ['2024-01-03', 121],
    ['2024-01-08', 122],
  ]);
  const vodQuote = quote('VOD.L', 'GBp', 122, 121);
  const warningsFor = (lots: Lot[]) =>
    typoWarnings(buildReport(input(lots, [vodQuote], [vod], 'GBP')).warnings);

  it('120 GBP where the close is 120 GBp (1.20 GBP): warned with file and line', () => {
    const l = lot('VOD.L', 100, 120, '2024-01-02', 'GBP');
    expect(warningsFor([l])).toEqual([
      `h.csv:${l.source.line}: VOD.L cost 120 GBP per share is 100x the close of 120 GBp on 2024-01-02: check it (pence typed as pounds? a lost decimal point?)`,
    ]);
  });

  it.each([
    ['120 GBp', 120, 'GBp'],
    ['1.2 GBP', 1.2, 'GBP'],
    ['the instrument currency (pence) by default', 119, null],
    ['19x the close', 120 * 19, 'GBp'],
  ])('%s: no warning', (_name, cost, currency) => {
    expect(warningsFor([lot('VOD.L', 100, cost, '2024-01-02', currency)])).toEqual([]);
  });

  it('a lost decimal point (1.2 typed as 0.012 GBP, 1/100 of the close) is warned too', () => {
    const l = lot('VOD.L', 100, 0.012, '2024-01-03', 'GBP');
    expect(warningsFor([l])).toEqual([
      `h.csv:${l.source.line}: VOD.L cost 0.012 GBP per share is 1/101 the close of 121 GBp on 2024-01-03: check it (pence typed as pounds? a lost decimal point?)`,
    ]);
  });

  it('a lot without a date is not checked', () => {
    expect(warningsFor([lot('VOD.L', 100, 120, null, 'GBP')])).toEqual([]);
  });

  it('the exit code does not change: the report is built and the lot counted as given', () => {
    const r = buildReport(input([lot('VOD.L', 100, 120, '2024-01-02', 'GBP')], [vodQuote], [vod], 'GBP'));
    expect(r.summary.costBasis).toBeCloseTo(100 * 120, 9);
    expect(r.summary.marketValue).toBeCloseTo(100 * 1.22, 9);
  });

  it("a lot before later splits is compared in today's units with Yahoo's split-adjusted close", () => {
    // 4:1 and 10:1 after the purchase: the 2024-01-02 close as Yahoo shows it today is 10 (400 / 40).
    const nvx = history(
      'NVX',
      'USD',
      [
        ['2024-01-02', 10],
        ['2024-01-03', 10.5],
        ['2024-01-08', 11],
      ],
      [
        { date: '2024-01-03', ratio: 4 },
        { date: '2024-01-08', ratio: 10 },
      ],
    );
    const asBought = lot('NVX', 5, 400, '2024-01-02'); // 400 before the splits = 10 after: fine
    const typo = lot('NVX', 5, 4000, '2024-01-02'); // 100 after the splits: 10x the close, under 20x
    const lost = lot('NVX', 5, 40000, '2024-01-02'); // 1000 after the splits: 100x the close
    const r = buildReport(input([asBought, typo, lost], [quote('NVX', 'USD', 11, 10.5)], [nvx]));
    expect(typoWarnings(r.warnings)).toEqual([
      `h.csv:${lost.source.line}: NVX cost 40000 USD per share is 100x the close of 10 USD on 2024-01-02 (after splits: 1000 USD): check it (pence typed as pounds? a lost decimal point?)`,
    ]);
  });
});

describe('a split row a few trading days from a Yahoo split of the same ratio', () => {
  // Yahoo: 4:1 on Monday 2020-08-31. Closes are split-adjusted (as Yahoo serves them).
  const aapl = history(
    'AAPL',
    'USD',
    [
      ['2020-08-26', 126],
      ['2020-08-27', 125],
      ['2020-08-28', 124.8],
      ['2020-08-31', 129],
      ['2020-09-01', 134],
      ['2020-09-02', 131],
      ['2020-09-03', 120],
      ['2020-09-04', 120.96],
      ['2020-09-08', 112.8],
      ['2020-09-09', 117.3],
    ],
    [{ date: '2020-08-31', ratio: 4 }],
  );
  const report = (lots: Lot[]) =>
    buildReport({
      ...input(lots, [quote('AAPL', 'USD', 117.3, 112.8)], [aapl]),
      generatedAt: Date.UTC(2020, 8, 9, 22),
    });

  it('the same 4:1 written on the record date is applied once, on Yahoo’s date, with a warning', () => {
    const buy = lot('AAPL', 10, 500, '2020-08-26');
    const split = splitRow('AAPL', 4, '2020-08-28'); // one trading day before Yahoo's 08-31
    const r = report([buy, split]);
    expect(r.holdings[0]!.shares).toBe(40); // not 160
    expect(r.summary.marketValue).toBeCloseTo(40 * 117.3, 9);
    expect(typoWarnings(r.warnings)).toEqual([
      `h.csv:${split.source.line}: AAPL split 4:1 on 2020-08-28 is 1 trading day(s) from Yahoo's 4:1 split on 2020-08-31: taken as the same split and applied once, on 2020-08-31 (date the row 2020-08-31 to correct Yahoo's instead)`,
    ]);
  });

  it('five trading days after is the same split; six is another one (applied as written)', () => {
    const near = splitRow('AAPL', 4, '2020-09-08'); // 09-01, 02, 03, 04, 08: 5 trading days
    expect(report([lot('AAPL', 10, 500, '2020-08-26'), near]).holdings[0]!.shares).toBe(40);
    const far = splitRow('AAPL', 4, '2020-09-09'); // 6 trading days: a second split
    const r = report([lot('AAPL', 10, 500, '2020-08-26'), far]);
    expect(r.holdings[0]!.shares).toBe(160);
    expect(typoWarnings(r.warnings)).toEqual([]);
  });

  it('another ratio near Yahoo’s split is a split of its own, no warning', () => {
    const r = report([lot('AAPL', 10, 500, '2020-08-26'), splitRow('AAPL', 2, '2020-08-28')]);
    expect(r.holdings[0]!.shares).toBe(80);
    expect(typoWarnings(r.warnings)).toEqual([]);
  });
});
