// A small reader for the flat XML of IBKR Flex statements: elements whose data are all attributes.
// It yields each start tag with its attributes and line, and says where a document is damaged or
// truncated (an unclosed tag, a root element never closed). Entities are decoded.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  line: number;
  /** Names of the open elements around it, outermost first. */
  path: readonly string[];
}

export type XmlResult = { ok: true; elements: XmlElement[] } | { ok: false; line: number; reason: string };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name] ?? whole;
  });
}

export function readXml(text: string): XmlResult {
  const elements: XmlElement[] = [];
  const stack: string[] = [];
  let line = 1;
  let lineCountedTo = 0;
  const lineAt = (index: number) => {
    for (let k = lineCountedTo; k < index; k++) if (text.charCodeAt(k) === 10) line++;
    lineCountedTo = index;
    return line;
  };
  let i = 0;
  for (;;) {
    const open = text.indexOf('<', i);
    if (open < 0) break;
    const at = lineAt(open);
    if (text.startsWith('<!--', open)) {
      const end = text.indexOf('-->', open + 4);
      if (end < 0) return { ok: false, line: at, reason: 'truncated: a comment is never closed' };
      i = end + 3;
      continue;
    }
    const close = text.indexOf('>', open + 1);
    const nextOpen = text.indexOf('<', open + 1);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
      return { ok: false, line: at, reason: 'damaged or truncated: a tag is not closed with ">"' };
    }
    const tag = text.slice(open + 1, close);
    i = close + 1;
    if (tag.startsWith('?') || tag.startsWith('!')) continue;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      if (stack.pop() !== name)
        return { ok: false, line: at, reason: `damaged: </${name}> closes no open <${name}>` };
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const m = /^([A-Za-z_][\w.-]*)/.exec(body);
    if (m === null) return { ok: false, line: at, reason: 'damaged: a tag has no element name' };
    const name = m[1]!;
    const attrs: Record<string, string> = {};
    const rest = body.slice(name.length);
    const attrPattern = /\s*([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/y;
    let pos = 0;
    while (pos < rest.length) {
      if (/^\s*$/.test(rest.slice(pos))) break;
      attrPattern.lastIndex = pos;
      const a = attrPattern.exec(rest);
      if (a === null) return { ok: false, line: at, reason: `damaged: unreadable attributes in <${name}>` };
      attrs[a[1]!] = decode(a[3] ?? a[4] ?? '');
      pos = attrPattern.lastIndex;
    }
    elements.push({ name, attrs, line: at, path: [...stack] });
    if (!selfClosing) stack.push(name);
  }
  if (stack.length > 0) {
    return {
      ok: false,
      line: lineAt(text.length),
      reason: `truncated: <${stack[stack.length - 1]}> is never closed`,
    };
  }
  return { ok: true, elements };
}
