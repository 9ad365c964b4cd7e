// Accessible HTML tables for the HTML report: a caption, column heads with scope="col", the first cell
// of each row a row head with scope="row", numbers right-aligned, gains and losses marked by class.
// Every cell's text is escaped here, and only here, so callers pass plain text.
import { escapeHtml } from './html-escape.js';
import { signStyle } from './text.js';

export interface HtmlCell {
  text: string;
  /** A number whose sign marks the cell as a gain or a loss (only when the text shows a non-zero). */
  sign?: number | null;
  /** Extra classes, e.g. `dim`. */
  className?: string;
  strong?: boolean;
  /** Spans of `text` that take a class (e.g. a date that must not break); they join to `text`. */
  spans?: readonly (string | { text: string; className: string })[];
}

export type Cell = string | HtmlCell;

export interface HtmlColumn {
  head: string;
  /** Right-aligned figures. */
  num?: boolean;
  /** A figure with a unit (`12.50 USD`, `+3.2 pp`) that may wrap at its space when paper is narrow. */
  wrap?: boolean;
}

export interface HtmlRow {
  cells: readonly Cell[];
  /** `total`, `lot`: styles the row. */
  className?: string;
}

export interface HtmlTableSpec {
  caption: string;
  /** The caption repeats the section title: hide it on screen, keep it for screen readers. */
  captionHidden?: boolean;
  columns: readonly HtmlColumn[];
  rows: readonly HtmlRow[];
  className?: string;
}

function classes(...names: (string | undefined | false)[]): string {
  const list = names.filter((n): n is string => typeof n === 'string' && n !== '');
  return list.length === 0 ? '' : ` class="${list.join(' ')}"`;
}

/** A gain or loss class for a figure, as the terminal colours it. */
export function signClass(sign: number | null | undefined, text: string): string | undefined {
  const style = signStyle(sign, text);
  return style === 'green' ? 'pos' : style === 'red' ? 'neg' : undefined;
}

function cellHtml(cell: Cell, column: HtmlColumn | undefined, header: boolean): string {
  const c: HtmlCell = typeof cell === 'string' ? { text: cell } : cell;
  const text =
    c.spans === undefined
      ? escapeHtml(c.text)
      : c.spans
          .map((s) =>
            typeof s === 'string'
              ? escapeHtml(s)
              : `<span class="${s.className}">${escapeHtml(s.text)}</span>`,
          )
          .join(' ');
  const body = c.strong === true ? `<strong>${text}</strong>` : text;
  const cls = classes(
    column?.num === true && 'num',
    column?.wrap === true && 'wrap',
    signClass(c.sign, c.text),
    c.className,
  );
  return header ? `<th scope="row"${cls}>${body}</th>` : `<td${cls}>${body}</td>`;
}

export function htmlTable(spec: HtmlTableSpec): string {
  const head = spec.columns
    .map(
      (c) =>
        `<th scope="col"${classes(c.num === true && 'num', c.wrap === true && 'wrap')}>${escapeHtml(c.head)}</th>`,
    )
    .join('');
  const rows = spec.rows.map(
    (r) =>
      `<tr${classes(r.className)}>${r.cells.map((cell, i) => cellHtml(cell, spec.columns[i], i === 0)).join('')}</tr>`,
  );
  return [
    `<div class="table-wrap"><table${classes(spec.className)}>`,
    `<caption${classes(spec.captionHidden === true && 'sr-only')}>${escapeHtml(spec.caption)}</caption>`,
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    '</table></div>',
  ].join('\n');
}

/** A section: a heading and its parts (already HTML). */
export function htmlSection(title: string, parts: readonly string[], className?: string): string {
  return `<section${classes(className)}>\n<h2>${escapeHtml(title)}</h2>\n${parts.join('\n')}\n</section>`;
}

/** A paragraph of plain text. */
export function para(text: string, className?: string): string {
  return `<p${classes(className)}>${escapeHtml(text)}</p>`;
}

/** A bulleted list of plain-text items; empty items (after cleaning) are left out. */
export function htmlList(items: readonly string[]): string | null {
  const clean = items.map(escapeHtml).filter((s) => s !== '');
  if (clean.length === 0) return null;
  return `<ul>\n${clean.map((s) => `<li>${s}</li>`).join('\n')}\n</ul>`;
}
