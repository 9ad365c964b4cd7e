// A second, independent count of a CSV file's data rows, for tests that check no row was lost.

/** Data records of a CSV text: non-blank, non-comment records after the header, read char by char. */
export function countCsvDataRows(text: string): number {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = body.split(/\r\n|\n|\r/);
  const firstLine = lines.find((l) => l.trim() !== '' && !l.trimStart().startsWith('#')) ?? '';
  let inQuotes = false;
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  for (const ch of firstLine) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch in counts) counts[ch] = (counts[ch] as number) + 1;
  }
  const [c, s, t] = [counts[','] as number, counts[';'] as number, counts['\t'] as number];
  const delimiter = s > c && s >= t ? ';' : t > c && t > s ? '\t' : ',';

  let records = 0;
  let i = 0;
  while (i < body.length) {
    // At a record start: a comment line?
    let j = i;
    while (body[j] === ' ' || body[j] === '\t') j++;
    if (body[j] === '#') {
      while (i < body.length && body[i] !== '\n' && body[i] !== '\r') i++;
      if (body[i] === '\r' && body[i + 1] === '\n') i++;
      i++;
      continue;
    }
    let nonBlank = false;
    let fieldStart = true;
    let quoted = false;
    for (;;) {
      const ch = body[i];
      if (ch === undefined) break;
      if (quoted) {
        if (ch === '"' && body[i + 1] === '"') {
          nonBlank = true;
          i += 2;
        } else if (ch === '"') {
          quoted = false;
          i++;
        } else {
          if (ch.trim() !== '') nonBlank = true;
          i++;
        }
        continue;
      }
      if (ch === '\n' || ch === '\r') {
        i += ch === '\r' && body[i + 1] === '\n' ? 2 : 1;
        break;
      }
      if (ch === delimiter) {
        fieldStart = true;
        i++;
        continue;
      }
      if (fieldStart && ch === '"') {
        quoted = true;
        fieldStart = false;
        i++;
        continue;
      }
      if (ch !== ' ' && ch !== '\t') {
        fieldStart = false;
        nonBlank = true;
      }
      i++;
    }
    if (nonBlank) records++;
  }
  return Math.max(0, records - 1);
}
