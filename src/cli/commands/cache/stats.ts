// `folio cache stats`: entries by kind, symbols, oldest and newest data, size, location, breaker state.
import { UsageError } from '../../../errors.js';
import type { CacheStatistics } from '../../../prices/index.js';
import type { Io } from '../../terminal.js';
import { type CacheOptions, cacheLocation, withCache } from './open.js';

export interface StatsOptions extends CacheOptions {
  /** `table` or `json`. */
  format?: string;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

const iso = (t: number | null) => (t === null ? 'n/a' : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z'));

export function renderCacheStatistics(st: CacheStatistics): string {
  const breaker = st.breaker as { state?: string; openUntil?: number | null } | null;
  const symbols =
    st.symbols.length > 0
      ? ` (${st.symbols.slice(0, 12).join(', ')}${st.symbols.length > 12 ? ', ...' : ''})`
      : '';
  return [
    `${st.location === 'server' ? 'server     ' : 'path       '} ${st.path}`,
    `size        ${formatBytes(st.fileBytes)}`,
    `quotes      ${st.quotes}`,
    `histories   ${st.histories}`,
    `symbols     ${st.symbols.length}${symbols}`,
    `bars        ${st.oldestBar ?? 'n/a'} .. ${st.newestBar ?? 'n/a'}`,
    `fetched     ${iso(st.oldestFetch)} .. ${iso(st.newestFetch)}`,
    `breaker     ${breaker?.state ?? 'closed'}${breaker?.state === 'open' && breaker.openUntil ? ` until ${iso(breaker.openUntil)}` : ''}`,
    '',
  ].join('\n');
}

export async function cacheStats(flags: StatsOptions, io: Io): Promise<void> {
  if (flags.format !== undefined && flags.format !== 'table' && flags.format !== 'json')
    throw new UsageError(`--format ${JSON.stringify(flags.format)}: must be table or json`);
  const location = await cacheLocation(flags.cache, io);
  const st = await withCache(location, io, (c) => c.statistics());
  io.stdout.write(flags.format === 'json' ? `${JSON.stringify(st, null, 2)}\n` : renderCacheStatistics(st));
}
