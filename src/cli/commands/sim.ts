// `folio sim`: the command's options and help; its body (sim/run.ts) is loaded when it runs.
import type { Command } from 'commander';
import type { Io } from '../terminal.js';
import type { SimCliValues } from './sim/run.js';

export function registerSimCommand(program: Command, io: Io): void {
  program
    .command('sim')
    .description(
      'run a Yahoo-compatible price server on loopback (deterministic prices, optional faults) until Ctrl-C',
    )
    .option('--port <n>', 'port to listen on (0 picks a free one)', '0')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--today <YYYY-MM-DD>', 'last day with prices (default: today, UTC)')
    .option('--latency-ms <n>', 'delay every response by n milliseconds')
    .option('--fail-rate <p>', 'answer this fraction (0-1) of quote/chart requests with HTTP 500')
    .option('--rate-limit <n>', 'allow n quote/chart requests per second, then HTTP 429 with Retry-After')
    .option('--max-symbols <n>', 'reject quote calls with more than n symbols (HTTP 400)')
    .option('--truncate-rate <p>', 'cut this fraction (0-1) of JSON bodies in half')
    .option('--down', 'answer every request with HTTP 503')
    .option('--fail-crumb', 'make the crumb endpoint fail (HTTP 401)')
    .option('-q, --quiet', 'print only the `listening on PORT` line, warnings and errors')
    .addHelpText(
      'after',
      `
Examples:
  $ folio sim --port 8080 --today 2024-06-28
      then, in another shell, point folio at it with FOLIO_YAHOO_URL=http://127.0.0.1:8080
  $ folio sim --rate-limit 2 --fail-rate 0.1 --latency-ms 200   # a flaky, slow Yahoo
`,
    )
    .action(async (values: SimCliValues) => {
      const { serveSimulator } = await import('./sim/run.js');
      await serveSimulator(values, io);
    });
}
