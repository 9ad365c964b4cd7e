// The terminal a run talks to: its streams and environment, whether stdout takes colour, and the
// warnings every command writes to stderr.

export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

/** Colour on stdout: off when NO_COLOR is set, with --no-color, or off a TTY; FORCE_COLOR forces it. */
export function useColor(
  stream: NodeJS.WriteStream,
  env: NodeJS.ProcessEnv,
  flag: boolean | undefined,
): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/**
 * Warnings go to stderr, each once, also with --quiet: a cron job that mails its output must still
 * say when prices were stale or missing. They also travel inside JSON and markdown reports.
 */
export function makeWarn(io: Io): (message: string) => void {
  const seen = new Set<string>();
  return (message) => {
    if (seen.has(message)) return;
    seen.add(message);
    io.stderr.write(`warning: ${message}\n`);
  };
}
