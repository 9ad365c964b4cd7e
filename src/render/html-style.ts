// The HTML report's only stylesheet, inlined in the page: system fonts (nothing to fetch), light and
// dark themes from prefers-color-scheme, tables that scroll sideways on a phone, the wide or the
// narrow layout of each chart, and print rules (A4 or Letter: rows and charts never cut across pages,
// table heads repeated, always the light theme).
export const HTML_STYLE = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #18181b; --muted: #52525b; --line: #e4e4e7; --head: #f4f4f5;
  --pos: #047857; --neg: #b91c1c; --warn-bg: #fef3c7; --warn-fg: #78350f; --grid: #d4d4d8; --axis: #71717a;
  --s0: #1d4ed8; --s1: #c2410c; --s2: #047857; --s3: #7e22ce; --s4: #b91c1c; --s5: #0e7490;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #18181b; --fg: #e4e4e7; --muted: #a1a1aa; --line: #3f3f46; --head: #27272a;
    --pos: #4ade80; --neg: #f87171; --warn-bg: #422006; --warn-fg: #fde68a; --grid: #3f3f46; --axis: #a1a1aa;
    --s0: #60a5fa; --s1: #fb923c; --s2: #34d399; --s3: #c084fc; --s4: #f87171; --s5: #22d3ee;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
main { max-width: 1240px; margin: 0 auto; padding: 16px 20px 40px; }
h1 { font-size: 1.5rem; margin: 0.2em 0; }
h2 { font-size: 1.15rem; margin: 1.6em 0 0.5em; padding-bottom: 0.2em; border-bottom: 1px solid var(--line); }
p { margin: 0.4em 0; }
.date { white-space: nowrap; }
.meta, p.legend, .dim, .file { color: var(--muted); }
p.legend { font-size: 0.9em; }
.file { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; margin-top: 2em; }
.demo { background: var(--warn-bg); color: var(--warn-fg); padding: 6px 10px; border-radius: 4px; font-weight: 600; }
.table-wrap { overflow-x: auto; margin: 0.4em 0; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.94em; }
table.holdings { width: 100%; }
table.holdings td:nth-child(2) { min-width: 9em; }
caption { text-align: left; font-weight: 600; padding: 0.6em 0 0.3em; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
thead th { background: var(--head); font-weight: 600; white-space: nowrap; }
.num { text-align: right; white-space: nowrap; }
tbody th { font-weight: normal; white-space: nowrap; }
table.items th { color: var(--muted); padding-right: 24px; }
table.items td { white-space: normal; }
tr.total th, tr.total td { border-top: 2px solid var(--muted); font-weight: 600; }
tr.lot th, tr.lot td { font-size: 0.9em; color: var(--muted); border-bottom-style: dotted; }
tr.lot th { padding-left: 22px; }
tr.stale td:last-child, tr.missing td:last-child { color: var(--neg); font-weight: 600; }
.pos { color: var(--pos); }
.neg { color: var(--neg); }
.warnings li { color: var(--warn-fg); background: var(--warn-bg); padding: 2px 6px; margin: 2px 0; border-radius: 3px; list-style-position: inside; }
.warnings ul { padding-left: 0; }
details { margin: 0.6em 0; }
summary { cursor: pointer; color: var(--muted); }
figure { margin: 1em 0 1.6em; }
figcaption { font-weight: 600; margin-bottom: 0.3em; }
svg.chart { display: block; width: 100%; height: auto; color: var(--fg); }
.chart .grid { stroke: var(--grid); }
.chart .axis { stroke: var(--axis); }
.chart .s0 { stroke: var(--s0); } .chart .s1 { stroke: var(--s1); } .chart .s2 { stroke: var(--s2); }
.chart .s3 { stroke: var(--s3); } .chart .s4 { stroke: var(--s4); } .chart .s5 { stroke: var(--s5); }
.chart path.area { stroke: none; }
.chart .area.s0 { fill: var(--s0); } .chart .area.s4 { fill: var(--s4); }
.chart-narrow { display: none; }
@media (max-width: 640px) {
  body { font-size: 14px; }
  main { padding: 10px 12px 32px; }
  th, td { padding: 3px 6px; }
  .chart-wide { display: none; }
  .chart-narrow { display: block; }
}
.sr-only {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0;
}
@page { margin: 12mm; }
@media print {
  :root {
    color-scheme: light;
    --bg: #ffffff; --fg: #000000; --muted: #3f3f46; --line: #a1a1aa; --head: #f4f4f5;
    --pos: #047857; --neg: #b91c1c; --warn-bg: #ffffff; --warn-fg: #000000; --grid: #d4d4d8; --axis: #52525b;
    --s0: #1d4ed8; --s1: #c2410c; --s2: #047857; --s3: #7e22ce; --s4: #b91c1c; --s5: #0e7490;
  }
  body { font-size: 9pt; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  main { max-width: none; padding: 0; }
  .table-wrap { overflow: visible; }
  table.holdings { width: auto; }
  table { font-size: 7.5pt; }
  th, td { padding: 1px 2px; }
  tr.lot th { padding-left: 8px; }
  /* Paper is narrower than a screen: heads, row heads and figures with a unit wrap at their spaces. */
  thead th, tbody th, .num.wrap { white-space: normal; }
  table.holdings td:nth-child(2) { min-width: 0; }
  thead { display: table-header-group; }
  tr, figure, table.items, .demo, li { break-inside: avoid; page-break-inside: avoid; }
  h1, h2, caption, figcaption { break-after: avoid; page-break-after: avoid; }
  .chart-wide { display: block; }
  .chart-narrow { display: none; }
  article.report + article.report { break-before: page; page-break-before: always; }
}
`;
