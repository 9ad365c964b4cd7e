// The CLI application: wires commander and owns the ONE try/catch that turns errors into a message on
// stderr and an exit code (0 ok, 1 internal, 2 usage, 3 input, 4 prices unavailable, 5 --fail-if).
import { Command, CommanderError, Option } from 'commander';
import { AppError, ExitCode, InputError } from '../errors.js';
import type { Io } from './runtime.js';
import { registerReportCommand } from './commands/report.js';
import { registerQuoteCommand } from './commands/quote.js';
import { registerHistoryCommand } from './commands/history.js';
import { registerCacheCommand } from './commands/cache.js';
import { registerConfigCommand } from './commands/config.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerSimCommand } from './commands/sim.js';
import { VERSION } from './version.js';
import { EXIT_CODES_HELP } from './help.js';

export function buildProgram(io: Io): Command {
  const program = new Command('folio')
    .description(
      'Portfolio analyzer: loads a holdings file (CSV or JSON), fetches quotes and history from Yahoo Finance ' +
        '(batched, cached, throttled) and prints statistics, holdings, ETF comparisons and charts.',
    )
    .version(VERSION, '-V, --version')
    .addOption(new Option('--debug', 'print requests (secrets redacted) and stacks of internal errors').hideHelp())
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride()
    .enablePositionalOptions()
    .addHelpText(
      'after',
      `
Examples:
  $ folio report holdings.csv                       report on your holdings
  $ folio holdings.csv --format markdown -o out.md  same, as markdown, written atomically
  $ folio demo                                      offline demo on synthetic prices
${EXIT_CODES_HELP}`,
    );
  registerReportCommand(program, io);
  registerQuoteCommand(program, io);
  registerHistoryCommand(program, io);
  registerCacheCommand(program, io);
  registerConfigCommand(program, io);
  registerDemoCommand(program, io);
  registerSimCommand(program);
  for (const cmd of allCommands(program)) {
    cmd.exitOverride();
    cmd.configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
    cmd.showHelpAfterError(`Usage: ${commandPath(cmd)} ${cmd.usage()}\nRun '${commandPath(cmd)} --help' for details.`);
  }
  return program;
}

function allCommands(cmd: Command): Command[] {
  return [cmd, ...cmd.commands.flatMap((c) => allCommands(c))];
}

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c !== null; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Runs folio with `argv` (without node and script) and returns the exit code. */
export async function run(argv: string[], io: Io): Promise<number> {
  const debug = argv.includes('--debug') || io.env.FOLIO_DEBUG === '1';
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (error) {
    return reportError(error, io, debug);
  }
}

export function reportError(error: unknown, io: Io, debug: boolean): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
      return ExitCode.ok;
    }
    // commander has printed its one-line error and the usage already.
    return ExitCode.usage;
  }
  if (error instanceof InputError) {
    for (const line of error.lines()) io.stderr.write(`folio: ${line}\n`);
    return error.exitCode;
  }
  if (error instanceof AppError) {
    io.stderr.write(`folio: ${error.message}\n`);
    if (error.hint) io.stderr.write(`hint: ${error.hint}\n`);
    if (debug && error.cause instanceof Error) io.stderr.write(`${error.cause.stack ?? String(error.cause)}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`folio: internal error: ${message.split('\n')[0]}\nThis is a bug in folio; please report it with the command you ran${debug ? '' : ' (and --debug output)'}.\n`);
  if (debug && error instanceof Error) io.stderr.write(`${error.stack ?? ''}\n`);
  return ExitCode.internal;
}
