// Seeded fuzzing helpers shared by the parser's and the CLI's fuzz tests: a PRNG, a byte mutator,
// and an independent count of a JSON file's lots (so a test can tell that no row was lost).

/** mulberry32: deterministic, so a failing case can be replayed from the seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SPECIAL = [
  '"',
  ',',
  ';',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '#',
  '\0',
  '\uFEFF',
  '{',
  '[',
  ']',
  '}',
  '\\',
  "'",
  ' ',
  '-',
  '.',
  '0',
  'é',
].map((s) => Buffer.from(s, 'utf8'));
const RAW_BYTES = [0xff, 0xfe, 0xc3, 0xe9, 0x80, 0x00, 0x01];

export function mutate(input: Buffer, random: () => number): Buffer {
  let bytes = input;
  const count = 1 + Math.floor(random() * 3);
  for (let m = 0; m < count; m++) {
    const at = Math.floor(random() * (bytes.length + 1));
    const kind = Math.floor(random() * 5);
    if (kind === 0 && bytes.length > 0) {
      const copy = Buffer.from(bytes); // byte flip
      const i = Math.min(at, copy.length - 1);
      copy[i] = (copy[i] as number) ^ (1 << Math.floor(random() * 8));
      bytes = copy;
    } else if (kind === 1) {
      bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1 + Math.floor(random() * 8))]); // deletion
    } else if (kind === 2) {
      const insert = SPECIAL[Math.floor(random() * SPECIAL.length)] as Buffer;
      bytes = Buffer.concat([bytes.subarray(0, at), insert, bytes.subarray(at)]);
    } else if (kind === 3) {
      bytes = Buffer.concat([
        bytes.subarray(0, at),
        Buffer.from([RAW_BYTES[Math.floor(random() * RAW_BYTES.length)] as number]),
        bytes.subarray(at),
      ]);
    } else {
      const lines = bytes.toString('latin1').split('\n'); // latin1 keeps bytes 1:1
      const i = Math.floor(random() * lines.length);
      lines.splice(i, 0, lines[i] as string); // duplicated line
      bytes = Buffer.from(lines.join('\n'), 'latin1');
    }
  }
  return bytes;
}

export function countJsonLots(text: string): number {
  const value = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  if (Array.isArray(value)) return value.length;
  return (value as { holdings: unknown[] }).holdings.length;
}
