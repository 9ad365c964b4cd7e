// `folio cache clear [--symbol S] [--older-than D]`: deletes folio's cached prices (on a shared server,
// only folio's own keys).
import { UsageError } from '../../../errors.js';
import { normalizeSymbol } from '../../../holdings/symbols.js';
import { createClock } from '../../runtime.js';
import type { Io } from '../../terminal.js';
import { cacheLocation, withCache } from './open.js';

/** `30d`, `12h`, `90m`, `45s` as milliseconds. */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(d|h|m|s)\s*$/i.exec(text);
  if (!m)
    throw new UsageError(`--older-than ${JSON.stringify(text)}: expected a duration like 30d, 12h, 90m`);
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 }[
    m[2]!.toLowerCase() as 'd' | 'h' | 'm' | 's'
  ];
  return Number(m[1]) * unit;
}

export interface ClearOptions {
  symbol?: string;
  /** `--older-than`: a duration such as 30d, 12h. */
  olderThan?: string;
  cache?: string;
  quiet?: boolean;
}

export async function clearCache(flags: ClearOptions, io: Io): Promise<void> {
  const symbol = flags.symbol === undefined ? undefined : normalizeSymbol(flags.symbol);
  if (symbol === null) throw new UsageError(`--symbol ${JSON.stringify(flags.symbol)}: not a valid symbol`);
  const olderMs = flags.olderThan === undefined ? undefined : parseDuration(flags.olderThan);
  const location = await cacheLocation(flags.cache, io);
  await withCache(location, io, async (c) => {
    const clock = createClock(io.env);
    const n = await c.clear({
      symbol,
      fetchedBefore: olderMs === undefined ? undefined : clock.now() - olderMs,
    });
    if (flags.quiet !== true) io.stdout.write(`removed ${n} entr${n === 1 ? 'y' : 'ies'} from ${c.path}\n`);
  });
}
