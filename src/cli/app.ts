// The CLI application: wires commander and owns the ONE try/catch that turns errors into a message on
// stderr and an exit code (0 ok, 1 internal, 2 usage, 3 input, 4 prices unavailable, 5 --fail-if).
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { AppError, ExitCode, InputError } from '../errors.js';
import type { Io } from './terminal.js';
import { registerReportCommand } from './commands/report.js';
import { registerQuoteCommand } from './commands/quote.js';
import { registerHistoryCommand } from './commands/history.js';
import { registerCacheCommand } from './commands/cache.js';
import { registerConfigCommand } from './commands/config.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerSimCommand } from './commands/sim.js';
import { registerDigestCommand } from './commands/digest.js';
import { registerRebalanceCommand } from './commands/rebalance.js';
import { registerImportCommand } from './commands/import.js';
import { PACKAGE_ROOT, VERSION } from './version.js';
import { EXIT_CODES_HELP, TOP_LEVEL_EXAMPLES, TOP_LEVEL_USAGE, readmeHelp } from './help.js';

/**
 * Every command, in the order `folio --help` lists them. Each declares its arguments, options and help
 * (cheap to load) and imports its body, which takes typed options, only when it runs.
 */
const COMMANDS: readonly { name: string; register: (program: Command, io: Io) => void }[] = [
  { name: 'report', register: registerReportCommand },
  { name: 'digest', register: registerDigestCommand },
  { name: 'rebalance', register: registerRebalanceCommand },
  { name: 'quote', register: registerQuoteCommand },
  { name: 'history', register: registerHistoryCommand },
  { name: 'cache', register: registerCacheCommand },
  { name: 'config', register: registerConfigCommand },
  { name: 'demo', register: registerDemoCommand },
  { name: 'sim', register: registerSimCommand },
  { name: 'import', register: registerImportCommand },
];

/** The command names, and `help`, commander's own. */
const COMMAND_WORDS: ReadonlySet<string> = new Set([...COMMANDS.map((c) => c.name), 'help']);

/**
 * The one command `argv` can run, when only one can: the command it names, or report (the default
 * command) when it names none. Undefined when the run may need them all: help (which lists every
 * command) and a `--` (after which a word is no command). Declaring the other nine commands' options
 * and help took a few milliseconds of every run.
 */
export function soleCommand(argv: readonly string[]): string | undefined {
  if (argv.some((a) => a === '--help' || a === '-h' || a === '--')) return undefined;
  const first = argv.find((a) => !a.startsWith('-'));
  if (first === undefined || first === 'help') return undefined;
  return COMMAND_WORDS.has(first) ? first : 'report';
}

/** The program with every command, or only `only` (see soleCommand). */
export function buildProgram(io: Io, only?: string): Command {
  const program = new Command('folio')
    .description(
      'Portfolio analyzer: loads a holdings file (CSV or JSON), fetches quotes and history from Yahoo Finance ' +
        '(batched, cached, throttled) and prints statistics, holdings, ETF comparisons and charts.',
    )
    .version(VERSION, '-V, --version')
    .addOption(
      new Option('--debug', 'print requests (secrets redacted) and stacks of internal errors').hideHelp(),
    )
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride()
    .enablePositionalOptions()
    .addHelpText(
      'after',
      `${TOP_LEVEL_EXAMPLES}
${readmeHelp(path.join(PACKAGE_ROOT, 'README.md'))}
${EXIT_CODES_HELP}`,
    );
  for (const { name, register } of COMMANDS) if (only === undefined || name === only) register(program, io);
  for (const cmd of allCommands(program)) {
    cmd.exitOverride();
    cmd.configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
    cmd.showHelpAfterError(
      `Usage: ${commandPath(cmd)} ${cmd.usage()}\nRun '${commandPath(cmd)} --help' for details.`,
    );
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

/**
 * `--debug` is a program option, but people add it at the end of a command line: move it to the front
 * (only before a `--`, after which everything is an argument).
 */
function hoistDebug(argv: readonly string[]): { argv: string[]; debug: boolean } {
  const end = argv.indexOf('--');
  const head = end === -1 ? [...argv] : argv.slice(0, end);
  const tail = end === -1 ? [] : argv.slice(end);
  const debug = head.includes('--debug');
  return { argv: [...(debug ? ['--debug'] : []), ...head.filter((a) => a !== '--debug'), ...tail], debug };
}

/**
 * `folio <file>` runs the report, so commander takes a mistyped command for a file name. A first word
 * that names no command, has no extension or path separator and is not an existing file is a
 * mistyped command: say so (exit 2) instead of "file not found" (exit 3).
 */
function unknownCommand(argv: readonly string[]): string | null {
  const first = argv.find((a) => a !== '--debug');
  if (first === undefined || first.startsWith('-') || !/^[A-Za-z][A-Za-z0-9_-]*$/.test(first)) return null;
  if (COMMAND_WORDS.has(first)) return null;
  if (fs.existsSync(first)) return null;
  return first;
}

/** True when `argv` names no command, so commander runs the default one (report). */
function implicitDefaultCommand(argv: readonly string[]): boolean {
  return !argv.some((a) => COMMAND_WORDS.has(a));
}

/** Runs folio with `argv` (without node and script) and returns the exit code. */
export async function run(rawArgv: string[], io: Io): Promise<number> {
  const hoisted = hoistDebug(rawArgv);
  const debug = hoisted.debug || io.env.FOLIO_DEBUG === '1';
  // FOLIO_DEBUG=1 means exactly what --debug does, for every command.
  const argv = debug && !hoisted.debug ? ['--debug', ...hoisted.argv] : hoisted.argv;
  const program = buildProgram(io, soleCommand(argv));
  // `folio` alone: the top-level help, not report's "missing required argument 'file'".
  if (argv.every((a) => a === '--debug')) {
    program.outputHelp();
    return ExitCode.ok;
  }
  // Without a command word the default command (report) parses the options: a mistyped option there
  // gets the top-level usage, since the user never asked for report.
  if (implicitDefaultCommand(argv)) {
    program.commands.find((c) => c.name() === 'report')?.showHelpAfterError(TOP_LEVEL_USAGE);
  }
  const mistyped = unknownCommand(argv);
  if (mistyped !== null) {
    const names = COMMANDS.map((c) => c.name);
    io.stderr.write(
      `error: unknown command '${mistyped}' (commands: ${names.join(', ')}; or give a holdings file)\n` +
        `Usage: folio [options] [command] | folio <file...>\nRun 'folio --help' for details.\n`,
    );
    return ExitCode.usage;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    // Every failure is thrown and mapped below; process.exitCode is the caller's (main.ts sets it).
    return ExitCode.ok;
  } catch (error) {
    return reportError(error, io, debug);
  }
}

/** For a holdings file that does not exist: where to start instead. */
function missingFileHint(): string {
  const sample = path.join(PACKAGE_ROOT, 'fixtures', 'sample-portfolio.csv');
  const relative = path.relative(process.cwd(), sample);
  const shown = relative.startsWith('..') || path.isAbsolute(relative) ? sample : relative;
  return `hint: 'folio demo' shows a report on sample data; or try 'folio report ${shown}'`;
}

function reportError(error: unknown, io: Io, debug: boolean): number {
  if (error instanceof CommanderError) {
    if (
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.code === 'commander.help'
    ) {
      return ExitCode.ok;
    }
    // commander has printed its one-line error and the usage already.
    return ExitCode.usage;
  }
  if (error instanceof InputError) {
    for (const line of error.lines()) io.stderr.write(`folio: ${line}\n`);
    const code = (error.cause as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') io.stderr.write(`${missingFileHint()}\n`);
    return error.exitCode;
  }
  if (error instanceof AppError) {
    io.stderr.write(`folio: ${error.message}\n`);
    if (error.hint) io.stderr.write(`hint: ${error.hint}\n`);
    if (debug && error.cause instanceof Error)
      io.stderr.write(`${error.cause.stack ?? String(error.cause)}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(
    `folio: internal error: ${message.split('\n')[0]}\nThis is a bug in folio; please report it with the command you ran${debug ? '' : ' (and --debug output)'}.\n`,
  );
  if (debug && error instanceof Error) io.stderr.write(`${error.stack ?? ''}\n`);
  return ExitCode.internal;
}
