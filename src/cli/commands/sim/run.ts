// `folio sim`: run the Yahoo-compatible simulator in the foreground (for the demo, the benchmark and
// manual testing with FOLIO_YAHOO_URL). The first stdout line is `listening on PORT` so scripts can read it.
import { UsageError } from '../../../errors.js';
import { checkSimOptions } from '../../../sim/options.js';
import type { SimOptions } from '../../../sim/server.js';
import type { Io } from '../../terminal.js';

/** Option values as commander hands them over (strings, booleans for flags). */
export interface SimCliValues {
  port?: string;
  host?: string;
  today?: string;
  latencyMs?: string;
  failRate?: string;
  rateLimit?: string;
  maxSymbols?: string;
  truncateRate?: string;
  down?: boolean;
  failCrumb?: boolean;
  quiet?: boolean;
}

export type SimStartOptions = SimOptions & { port: number; host: string };

function number(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/.test(value))
    throw new UsageError(`${flag} must be a number, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** Validates the command line; throws UsageError naming the bad flag. */
export function parseSimCliValues(values: SimCliValues): SimStartOptions {
  const port = number('--port', values.port) ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be a whole number from 0 to 65535, got ${values.port}`);
  const host = values.host ?? '127.0.0.1';
  if (host.trim() === '') throw new UsageError('--host must not be empty');
  const options: SimOptions = {};
  if (values.today !== undefined) options.today = values.today;
  const latencyMs = number('--latency-ms', values.latencyMs);
  if (latencyMs !== undefined) options.latencyMs = latencyMs;
  const failRate = number('--fail-rate', values.failRate);
  if (failRate !== undefined) options.failRate = failRate;
  const rateLimit = number('--rate-limit', values.rateLimit);
  if (rateLimit !== undefined) options.rateLimit = rateLimit;
  const maxSymbols = number('--max-symbols', values.maxSymbols);
  if (maxSymbols !== undefined) options.maxSymbolsPerQuote = maxSymbols;
  const truncateRate = number('--truncate-rate', values.truncateRate);
  if (truncateRate !== undefined) options.truncateRate = truncateRate;
  if (values.down === true) options.down = true;
  if (values.failCrumb === true) options.failCrumb = true;
  const problem = checkSimOptions(options);
  if (problem !== undefined) {
    // checkSimOptions speaks in option names; the user typed flags.
    const flags: Record<string, string> = {
      today: '--today',
      latencyMs: '--latency-ms',
      failRate: '--fail-rate',
      rateLimit: '--rate-limit',
      maxSymbolsPerQuote: '--max-symbols',
      truncateRate: '--truncate-rate',
    };
    const name = problem.split(' ')[0] ?? '';
    throw new UsageError(`${flags[name] ?? name}${problem.slice(name.length)}`);
  }
  return { ...options, port, host };
}

/** Starts the simulator, reports where it listens, and serves until `signal` aborts. */
export async function runSim(
  options: SimStartOptions,
  io: { write: (text: string) => void; signal: AbortSignal; quiet?: boolean },
): Promise<void> {
  // Loaded here, not at start-up: every other folio command would pay for the simulator's modules.
  const { startSimulator } = await import('../../../sim/server.js');
  const sim = await startSimulator(options);
  io.write(`listening on ${sim.port}\n`);
  // `listening on PORT` is the result scripts read; the URL line is for people.
  if (io.quiet !== true) io.write(`url ${sim.url}\n`);
  if (!io.signal.aborted) {
    await new Promise<void>((resolve) =>
      io.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
  }
  await sim.close();
}

/** `folio sim`: serves until Ctrl-C (SIGINT) or SIGTERM. */
export async function serveSimulator(values: SimCliValues, io: Io): Promise<void> {
  const options = parseSimCliValues(values);
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await runSim(options, {
      write: (text) => io.stdout.write(text),
      signal: controller.signal,
      quiet: values.quiet === true,
    });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
