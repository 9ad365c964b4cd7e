// Reading folio's HTML report in tests without a browser: rows and cells as plain text, and what a
// self-contained page may not hold. (test/e2e/html-browser.test.ts opens the same pages in Chromium.)

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/** Element content as the text a reader sees: tags dropped, entities decoded. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ENTITIES[e] ?? '')
    .trim();
}

/** Each `<tr>` whose class list includes `rowClass`, as the text of its cells. */
export function rowsOf(html: string, rowClass: string): string[][] {
  const rows: string[][] = [];
  for (const m of html.matchAll(/<tr class="([^"]*)">([\s\S]*?)<\/tr>/g)) {
    if (!m[1]!.split(' ').includes(rowClass)) continue;
    rows.push([...m[2]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => textOf(c[1]!)));
  }
  return rows;
}

/** The `<h2>` headings in order. */
export function headingsOf(html: string): string[] {
  return [...html.matchAll(/<h2>([\s\S]*?)<\/h2>/g)].map((m) => textOf(m[1]!));
}

/** The rows of the label/value table under the heading `title`: label -> value. */
export function itemsOf(html: string, title: string): Map<string, string> {
  const start = html.indexOf(`<h2>${title}</h2>`);
  const end = html.indexOf('</section>', start);
  const out = new Map<string, string>();
  if (start < 0) return out;
  for (const m of html
    .slice(start, end)
    .matchAll(/<tr><th scope="row">([\s\S]*?)<\/th><td[^>]*>([\s\S]*?)<\/td><\/tr>/g))
    out.set(textOf(m[1]!), textOf(m[2]!));
  return out;
}

/**
 * What would make a page fetch something or run code: scripts, external references, fonts, frames,
 * event handlers, in its tags and its stylesheet (text between tags is escaped, so it can say
 * anything). The only URLs allowed are the SVG namespace and the empty `data:,` icon.
 */
export function externalReferences(html: string): string[] {
  const style = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!).join('\n');
  const markup = [...html.matchAll(/<[^>]*>/g)].map((m) => m[0]).join('\n') + '\n' + style;
  const found: string[] = [];
  const patterns: [RegExp, string][] = [
    [/<script/i, '<script'],
    [/<(iframe|frame|object|embed|img|image|video|audio|source|use|foreignObject)\b/i, 'external element'],
    [/<link(?![^>]*href="data:,")/i, '<link'],
    [
      /\s(src|href|xlink:href|srcset|action|formaction|background|poster)\s*=(?!"data:,")/i,
      'reference attribute',
    ],
    [/url\(/i, 'url('],
    [/@import|@font-face/i, '@import/@font-face'],
    [/\son[a-z]+\s*=/i, 'event handler'],
    [/(https?:)?\/\/(?!www\.w3\.org\/2000\/svg")/i, 'URL'],
  ];
  for (const [re, what] of patterns) {
    const m = re.exec(markup);
    if (m !== null) found.push(`${what}: ${markup.slice(Math.max(0, m.index - 40), m.index + 60)}`);
  }
  return found;
}
