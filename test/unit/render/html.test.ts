// The HTML page from a hand-made report: outside text escaped (names, accounts, notes, warnings,
// symbols), the terminal table's cells, accessible tables, conventions folded away, no reference to
// anything outside the page.
import { describe, expect, it } from 'vitest';
import { renderReportHtml, renderManyReportsHtml } from '../../../src/render/html.js';
import { renderReportTable } from '../../../src/render/table.js';
import { externalReferences, headingsOf, itemsOf, rowsOf, textOf } from '../../e2e/html-page.js';
import { ANSI, makeReport, opts } from './fixture.js';

const SCRIPT = '<script>alert("x")</script>';

function hostileReport() {
  const report = makeReport({
    notes: [`note ${SCRIPT}`],
    warnings: [`warning <img src=x onerror=alert(1)> & more`],
    conventions: ['a < b & c > d'],
  });
  report.holdings[0]!.lots[0]!.account = `acct ${SCRIPT}`;
  report.holdings[1]!.name = `<iframe src="https://evil.example/"></iframe>`;
  return report;
}

describe('externalReferences (the check the other tests rely on)', () => {
  it.each([
    '<img src="a.png">',
    '<script>1</script>',
    '<link rel="stylesheet" href="a.css">',
    '<style>body { background: url(a.png) }</style>',
    '<style>@import "a.css";</style>',
    '<p onclick="x()">a</p>',
    '<svg><use href="#a"/></svg>',
    '<a href="https://example.com/">a</a>',
  ])('finds %s', (html) => {
    expect(externalReferences(`<p>fine</p>${html}`)).not.toEqual([]);
  });

  it('lets text say anything once escaped', () => {
    expect(externalReferences('<p>&lt;img src=x&gt; https://example.com/ onclick=</p>')).toEqual([]);
  });
});

describe('renderReportHtml', () => {
  it('escapes every outside string and references nothing outside the page', () => {
    const html = renderReportHtml(hostileReport(), opts({ lots: true, demo: true }));
    expect(externalReferences(html)).toEqual([]);
    expect(html).not.toMatch(ANSI);
    expect(html).toContain('note &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('acct &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('warning &lt;img src=x onerror=alert(1)&gt; &amp; more');
    expect(html).toContain('&lt;iframe src=&quot;https://evil.example/&quot;&gt;&lt;/iframe&gt;');
    expect(html).toContain('<li>a &lt; b &amp; c &gt; d</li>');
    // The hostile fixture name loses its terminal escapes as in every other format.
    expect(html).toContain('Evil | *Corp*');
  });

  it("has the table's sections in its order, with the charts before the notes", () => {
    const report = makeReport();
    const html = renderReportHtml(report, opts());
    expect(headingsOf(html)).toEqual([
      'Summary',
      'Holdings (values in USD)',
      'Returns and risk',
      'ETF comparison',
      'Charts',
      'Notes',
      'Warnings',
    ]);
    const table = renderReportTable(report, opts({ width: 250 }));
    for (const h of headingsOf(html)) expect(table).toContain(h);
    expect(headingsOf(renderReportHtml(report, opts({ charts: false })))).not.toContain('Charts');
  });

  it("prints the table's cells for each holding and the summary", () => {
    const report = makeReport();
    const html = renderReportHtml(report, opts());
    const table = renderReportTable(report, opts({ width: 250, charts: false })).split('\n');
    const rows = rowsOf(html, 'holding');
    expect(rows.map((r) => r[0])).toEqual(['VWRL.L', 'AAPL', 'XYZ']);
    expect(rows[1]).toEqual([
      'AAPL',
      'Apple Inc.',
      '10',
      '187.44 USD',
      '+1.23%',
      '1,874.40',
      '22.34%',
      '1,500.00',
      '+374.40',
      '+24.96%',
      '+3.2 pp',
      'live',
    ]);
    for (const row of rows) {
      const line = table.find((l) => l.includes(` ${row[0]} `))!;
      for (const cell of row.slice(2, 11)) expect(line).toContain(cell);
    }
    expect(rowsOf(html, 'stale')[0]![11]).toBe('stale');
    expect(itemsOf(html, 'Summary').get('Value')).toBe('8,388.50 USD');
    expect(itemsOf(html, 'Returns and risk').get('Max drawdown')).toBe(
      '-8.12% (peak 2026-11-03, trough 2026-11-10, not recovered)',
    );
  });

  it('marks gains and losses, and uses th with scope and a caption in every table', () => {
    const html = renderReportHtml(makeReport(), opts({ lots: true }));
    expect(html).toContain('<td class="num pos">+374.40</td>');
    expect(html).toContain('<td class="num neg">-525.12</td>');
    const tables = html.match(/<table[\s\S]*?<\/table>/g)!;
    expect(tables.length).toBeGreaterThanOrEqual(5);
    for (const t of tables) {
      expect(t).toMatch(/<caption[^>]*>[^<]+<\/caption>/);
      expect(t).toContain('<th scope="col"');
      expect(t).toContain('<th scope="row"');
    }
    expect(rowsOf(html, 'lot').map((r) => r[0])).toEqual([
      '↳ 2022-06-01 ISA',
      '↳ 2020-01-15 IRA',
      '↳ 2024-03-01',
      '↳ no date',
    ]);
    expect(rowsOf(html, 'lot')[1]![1]).toBe('split ×4, line 2');
  });

  it('folds the conventions into a closed <details> under the notes', () => {
    const html = renderReportHtml(makeReport(), opts());
    const notes = html.slice(html.indexOf('<h2>Notes</h2>'));
    expect(notes).toMatch(/<details class="conventions">\s*<summary>[^<]+<\/summary>\s*<ul>\s*<li>Ratios/);
    expect(notes).not.toMatch(/<details[^>]* open/);
  });

  it('draws the three charts, each wide and narrow, one line per series', () => {
    const html = renderReportHtml(makeReport(), opts());
    expect(html.match(/<figure class="chart-figure">/g)).toHaveLength(3);
    expect(html.match(/<svg [^>]*class="chart"/g)).toHaveLength(6);
    // value: 1 line; rebased: portfolio, SPY, VT; drawdown: 1 -> 5 per layout
    expect(html.match(/<path class="line /g)).toHaveLength(10);
    const captions = [...html.matchAll(/<figcaption>([\s\S]*?)<\/figcaption>/g)].map((m) => textOf(m[1]!));
    expect(captions).toEqual([
      'Portfolio value (USD), 2026-10-29 to 2026-11-27',
      'Portfolio vs benchmarks (rebased to 100), 2026-10-29 to 2026-11-27',
      'Drawdown from peak (%), 2026-10-29 to 2026-11-27',
    ]);
    expect(html).toContain('<h1>folio report as of <span class="date">2026-11-27</span></h1>');
  });

  it('puts several reports on one page under their escaped file names', () => {
    const html = renderManyReportsHtml(
      [
        { file: 'a.csv', report: makeReport() },
        { file: `b${SCRIPT}.csv`, report: makeReport() },
      ],
      opts(),
    );
    expect(html.match(/<!DOCTYPE html>/g)).toHaveLength(1);
    expect(html.match(/<article class="report">/g)).toHaveLength(2);
    expect(html).toContain('<p class="file">b&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;.csv</p>');
    expect(externalReferences(html)).toEqual([]);
  });
});
