// `folio cache path`: where the cache lives (a server URL with its credentials masked).
import { maskCredentials } from '../../../prices/index.js';
import type { Io } from '../../runtime.js';
import { cacheLocation } from './open.js';

export async function printCachePath(flags: { cache?: string }, io: Io): Promise<void> {
  io.stdout.write(`${maskCredentials(await cacheLocation(flags.cache, io))}\n`);
}
