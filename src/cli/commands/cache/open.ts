// The cache the `cache` subcommands inspect: the file, or the shared server itself (no fallback to a
// local file there: `folio cache stats` on a server that is down is an error, not another cache's stats).
import { UsageError } from '../../../errors.js';
import { PriceCache, isServerUrl, maskCredentials } from '../../../prices/index.js';
import { settingsFrom } from '../../options.js';
import { resolveCachePath } from '../../runtime.js';
import { type Io, makeWarn } from '../../terminal.js';

/** `--cache`: the cache file or server URL (else FOLIO_CACHE, the config, the default). */
export interface CacheOptions {
  cache?: string;
}

/** The cache's location from `--cache`, FOLIO_CACHE, the config or the default (a URL stays a URL). */
export async function cacheLocation(flag: string | undefined, io: Io): Promise<string> {
  const settings = settingsFrom({ cache: flag }, io);
  const p = await resolveCachePath(settings, flag);
  if (p === null) throw new UsageError('no cache path');
  return p;
}

/** Opens the cache at `location`, runs `use`, closes it; a cache that cannot be opened is a usage error. */
export async function withCache<T>(
  location: string,
  io: Io,
  use: (cache: PriceCache) => Promise<T>,
): Promise<T> {
  let cache: PriceCache | null;
  try {
    cache = await PriceCache.open(location, { warn: makeWarn(io), failover: false });
  } catch (error) {
    if (!isServerUrl(location)) throw error;
    throw new UsageError(
      `cannot open the cache ${maskCredentials(location)} (${maskCredentials((error as Error).message, location)})`,
    );
  }
  if (cache === null) throw new UsageError(`cannot open the cache ${maskCredentials(location)}`);
  try {
    return await use(cache);
  } catch (error) {
    // A server that fails midway is the user's to fix (it is down), not a bug of folio's.
    if (error instanceof UsageError || !isServerUrl(location)) throw error;
    throw new UsageError(
      `the cache ${cache.path} failed (${maskCredentials((error as Error).message, location)})`,
    );
  } finally {
    await cache.close().catch(() => {});
  }
}
