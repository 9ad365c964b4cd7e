// `folio cache path`: where the cache lives (a server URL with its credentials masked).
import { maskCredentials } from '../../../prices/index.js';
import type { Io } from '../../terminal.js';
import { type CacheOptions, cacheLocation } from './open.js';

export async function printCachePath(flags: CacheOptions, io: Io): Promise<void> {
  io.stdout.write(`${maskCredentials(await cacheLocation(flags.cache, io))}\n`);
}
