// A reader that stops early (`folio demo --help | head -20`) closes the pipe; the next write then fails
// with EPIPE, which Node raises as an 'error' event on the stream and, unhandled, as a crash with a
// stack trace. A closed stdout means nobody wants the rest: stop quietly, as Unix tools do.
import type { Writable } from 'node:stream';

/** Makes a write to a closed pipe end the process quietly (exit 0), on stdout and stderr. */
export function exitQuietlyOnClosedPipe(
  streams: readonly Writable[],
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
        exit(0);
        return;
      }
      throw error;
    });
  }
}
