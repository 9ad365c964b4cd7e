// The spinner on stderr: only on a terminal (both streams TTYs), never with NO_COLOR/--no-color,
// --quiet or off a TTY (cron, CI, pipes). ora is loaded only when it will be shown.
import type { Io } from './terminal.js';

export interface Progress {
  update(text: string): void;
  /** Runs `write` (output on the same terminal) with the spinner off its line, then goes on spinning. */
  aside(write: () => void): void;
  stop(): void;
}

const silent: Progress = { update: () => {}, aside: (write) => write(), stop: () => {} };

export function spinnerWanted(io: Io, options: { color: boolean; quiet?: boolean }): boolean {
  if (options.quiet || !options.color) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.stderr.isTTY === true && io.stdout.isTTY === true && io.env.TERM !== 'dumb';
}

export async function startProgress(io: Io, wanted: boolean, text: string): Promise<Progress> {
  if (!wanted) return silent;
  const { default: ora } = await import('ora');
  // A pseudo-terminal without a window size (script(1), some CI runners) reports 0 columns; ora divides
  // by it and then clears an endless number of lines. Give it the conventional 80.
  if (!(io.stderr.columns > 0)) (io.stderr as { columns: number }).columns = 80;
  const spinner = ora({ text, stream: io.stderr, discardStdin: false }).start();
  return {
    update: (t) => {
      spinner.text = t;
    },
    aside: (write) => {
      const spinning = spinner.isSpinning;
      if (spinning) spinner.stop();
      write();
      if (spinning) spinner.start();
    },
    stop: () => {
      spinner.stop();
    },
  };
}
