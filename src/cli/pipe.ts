// A failed write to stdout or stderr. A reader that stops early (`folio demo --help | head -20`) closes
// the pipe; the next write then fails with EPIPE, which Node raises as an 'error' event on the stream
// and, unhandled, as a crash with a stack trace. A closed pipe means nobody wants the rest: stop
// quietly (exit 0), as Unix tools do. Any other failure (`> /dev/full`: ENOSPC, EIO, a quota) means
// the results were lost: one line on stderr and exit 2, as for an --output that cannot be written.
import type { Writable } from 'node:stream';
import { ExitCode } from '../errors.js';
import { outputError } from './output.js';

/** Ends the process on a failed write to `stdout` or `stderr`: quietly on a closed pipe, else with one line. */
export function endOnFailedWrite(
  streams: { stdout: Writable; stderr: Writable },
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  let ended = false;
  const onError = (stream: Writable) => (error: NodeJS.ErrnoException) => {
    if (ended) return;
    ended = true;
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
      exit(ExitCode.ok);
      return;
    }
    // A failing stderr cannot carry the message; the exit code still does.
    if (stream === streams.stdout) {
      try {
        streams.stderr.write(`folio: ${outputError(undefined, error).message}\n`);
      } catch {
        // stderr is gone too
      }
    }
    exit(ExitCode.usage);
  };
  streams.stdout.on('error', onError(streams.stdout));
  streams.stderr.on('error', onError(streams.stderr));
}
