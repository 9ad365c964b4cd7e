// A target allocation: a CSV `group,target` (`class:Bonds,0.25`) given with --targets, or a JSON
// holdings file's `targets` object (`{ "class:Bonds": 0.25 }`). One dimension per file, each group
// once, fractions summing to 1. Every problem is a usage error (exit 2) naming the file and line.
// Pure: the CLI reads the file.
import { UsageError } from '../errors.js';
import type { AllocationTarget, AllocationTargets, TargetDimension } from '../types.js';
import { TARGET_DIMENSIONS } from '../types.js';
import { isMinorUnit } from '../currencies.js';
import { normalizeCurrency } from './currencies.js';
import { detectDelimiter, parseCsv } from './csv.js';
import { parseJsonWithLines } from './json.js';
import { parseDecimal } from './numbers.js';
import { normalizeSymbol } from './symbols.js';

/** Targets must sum to 1 within this. */
export const TARGET_SUM_TOLERANCE = 1e-9;

function fail(file: string, line: number, message: string): never {
  throw new UsageError(line > 0 ? `${file}:${line}: ${message}` : `${file}: ${message}`);
}

/** `class:Bonds` -> dimension and the group's name in it (symbols upper-cased, currencies major). */
function parseGroup(
  label: string,
  file: string,
  line: number,
): { dimension: TargetDimension; group: string } {
  const colon = label.indexOf(':');
  const dimension = label.slice(0, colon).trim().toLowerCase();
  const name = label.slice(colon + 1).trim();
  if (colon < 0 || !(TARGET_DIMENSIONS as readonly string[]).includes(dimension))
    fail(
      file,
      line,
      `group ${JSON.stringify(label)}: expected <dimension>:<name> with dimension ${TARGET_DIMENSIONS.join(', ')} (e.g. class:Bonds)`,
    );
  if (name === '')
    fail(file, line, `group ${JSON.stringify(label)}: the name after "${dimension}:" is empty`);
  const dim = dimension as TargetDimension;
  if (dim === 'symbol') {
    const symbol = normalizeSymbol(name);
    if (symbol === null) fail(file, line, `group ${JSON.stringify(label)}: not a valid symbol`);
    return { dimension: dim, group: symbol };
  }
  if (dim === 'currency') {
    const code = normalizeCurrency(name);
    if (code === null) fail(file, line, `group ${JSON.stringify(label)}: not a known currency code`);
    // Pence count as pounds in the breakdown by currency: the group is the major currency.
    if (isMinorUnit(code))
      fail(
        file,
        line,
        `group ${JSON.stringify(label)}: name the major currency (GBP, not GBp): pence count as pounds`,
      );
    return { dimension: dim, group: code };
  }
  return { dimension: dim, group: name };
}

function parseTarget(raw: string, label: string, file: string, line: number): number {
  const parsed = parseDecimal(raw.trim(), false);
  if (!parsed.ok) fail(file, line, `target ${JSON.stringify(raw)} of ${label}: ${parsed.reason}`);
  if (parsed.value < 0 || parsed.value > 1)
    fail(
      file,
      line,
      `target ${JSON.stringify(raw)} of ${label}: must be a fraction from 0 to 1 (0.25 = 25 %)`,
    );
  return parsed.value;
}

/** Checks one dimension, no repeated group, and the sum. */
function collect(
  file: string,
  entries: { label: string; raw: string | number; line: number }[],
  endLine: number,
): AllocationTargets {
  if (entries.length === 0) fail(file, endLine, 'no targets: expected lines such as class:Bonds,0.25');
  const targets: AllocationTarget[] = [];
  let dimension: TargetDimension | undefined;
  let firstLine = 0;
  const seen = new Map<string, number>();
  for (const e of entries) {
    const { dimension: d, group } = parseGroup(e.label, file, e.line);
    if (dimension === undefined) {
      dimension = d;
      firstLine = e.line;
    } else if (d !== dimension)
      fail(
        file,
        e.line,
        `group ${e.label} is by ${d}, but line ${firstLine} is by ${dimension}: one dimension per file`,
      );
    const before = seen.get(group);
    if (before !== undefined) fail(file, e.line, `group ${e.label} is given twice (also on line ${before})`);
    seen.set(group, e.line);
    const target =
      typeof e.raw === 'number'
        ? Number.isFinite(e.raw) && e.raw >= 0 && e.raw <= 1
          ? e.raw
          : fail(file, e.line, `target ${e.raw} of ${e.label}: must be a fraction from 0 to 1 (0.25 = 25 %)`)
        : parseTarget(e.raw, e.label, file, e.line);
    targets.push({ label: `${d}:${group}`, group, target, line: e.line });
  }
  const sum = targets.reduce((s, t) => s + t.target, 0);
  if (Math.abs(sum - 1) > TARGET_SUM_TOLERANCE)
    fail(file, endLine, `targets sum to ${Number(sum.toPrecision(12))}, not 1`);
  return { file, dimension: dimension!, targets };
}

/** A targets CSV: `group,target` lines; an optional header `group,target`; `#` comments and blank lines. */
export function parseTargetsCsv(text: string, file: string): AllocationTargets {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = detectDelimiter(body);
  const entries: { label: string; raw: string; line: number }[] = [];
  let lastLine = 0;
  const result = parseCsv(body, delimiter, (record) => {
    lastLine = record.line;
    const [label = '', raw = '', ...rest] = record.fields;
    if (
      entries.length === 0 &&
      label.trim().toLowerCase() === 'group' &&
      raw.trim().toLowerCase() === 'target'
    )
      return;
    if (rest.some((f) => f.trim() !== '') || record.fields.length < 2)
      fail(file, record.line, `expected two fields, group and target (e.g. class:Bonds,0.25)`);
    if (raw.trim() === '') fail(file, record.line, `target of ${label.trim()} is empty`);
    entries.push({ label: label.trim(), raw, line: record.line });
  });
  if (!result.ok) fail(file, result.line, result.reason);
  return collect(file, entries, lastLine);
}

/**
 * A JSON holdings file's `targets`: an object of group -> fraction (`value`, as JSON.parse gave it).
 * The line-keeping parser finds each key's line in `text` (it runs only for a file with targets).
 */
export function parseTargetsJson(value: unknown, file: string, text: string): AllocationTargets {
  const tree = parseJsonWithLines(text);
  // JSON.parse took the text, so the line-keeping parser can only object to a key given twice
  // (which JSON.parse silently resolves to the last): in targets, a group given twice.
  if (!tree.ok) fail(file, tree.line, tree.reason);
  const node =
    tree.ok && tree.root.kind === 'object' ? tree.root.entries.find((e) => e.key === 'targets') : undefined;
  const line = node?.line ?? 1;
  const keyLines = new Map<string, number>();
  if (node?.value.kind === 'object') for (const e of node.value.entries) keyLines.set(e.key, e.line);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(file, line, 'targets must be an object such as { "class:Bonds": 0.25, "class:Stocks": 0.75 }');
  const entries = Object.entries(value as Record<string, unknown>).map(([label, raw]) => {
    const at = keyLines.get(label) ?? line;
    if (typeof raw !== 'number' && typeof raw !== 'string')
      fail(file, at, `target of ${label} must be a number such as 0.25`);
    return { label, raw, line: at };
  });
  return collect(file, entries, line);
}

/**
 * Every target must name a group the holdings have (`present`: the names in the targets' dimension).
 * A typo would otherwise silently leave money unallocated.
 */
export function checkTargetGroups(targets: AllocationTargets, present: ReadonlySet<string>): void {
  for (const t of targets.targets) {
    if (!present.has(t.group)) {
      const known = [...present].sort().join(', ');
      fail(
        targets.file,
        t.line,
        `group ${t.label} matches no holding (the file's ${targets.dimension} groups: ${known})`,
      );
    }
  }
}
