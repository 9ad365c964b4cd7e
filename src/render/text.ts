// Text helpers the terminal renderers share: word wrap, section titles, signed cells, joining parts.
import { paint, type Style } from './color.js';
import { isPrintable } from './format.js';
import type { StyledCell } from './grid.js';
import type { RenderOptions } from './options.js';
import { displayWidth, truncateText } from './sanitize.js';

export function signStyle(x: number | null | undefined, text: string): Style | undefined {
  // Colour only what prints as non-zero: a +0.001 % move shown as 0.00% should not be green.
  if (!isPrintable(x) || !/[1-9]/.test(text)) return undefined;
  return x > 0 ? 'green' : x < 0 ? 'red' : undefined;
}

export function signed(text: string, x: number | null | undefined): StyledCell {
  const style = signStyle(x, text);
  return style === undefined ? { text } : { text, style };
}

/** Greedy word wrap of plain text to `width` columns; continuation lines get `indent`. */
export function wrapText(text: string, width: number, indent = ''): string[] {
  const words = text.split(' ').filter((w) => w !== '');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const prefix = lines.length === 0 ? '' : indent;
    const candidate = line === '' ? prefix + word : `${line} ${word}`;
    if (displayWidth(candidate) <= width || line === '') line = truncateText(candidate, width);
    else {
      lines.push(line);
      line = truncateText(indent + word, width);
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

export function section(title: string, body: string, options: RenderOptions): string {
  return `${paint(title, 'bold', options.color)}\n${body}`;
}

/** Non-empty sections, a blank line between them, ending in a newline. */
export function joinSections(sections: readonly (string | null)[]): string {
  return `${sections.filter((s): s is string => s !== null && s !== '').join('\n\n')}\n`;
}
