// A run declares only the command it runs (the others' options and help cost every run time); help
// and anything ambiguous still get every command.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildProgram, soleCommand } from '../../../src/cli/app.js';
import type { Io } from '../../../src/cli/terminal.js';

const ALL = ['report', 'digest', 'rebalance', 'quote', 'history', 'cache', 'config', 'demo', 'sim', 'import'];

const sink = () =>
  new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });
const io = { stdout: sink(), stderr: sink(), env: {} } as unknown as Io;

describe('soleCommand', () => {
  it.each([
    [['report', 'holdings.csv'], 'report'],
    [['holdings.csv', '--format', 'json'], 'report'],
    [['--format', 'json', 'holdings.csv'], 'report'],
    [['--debug', 'quote', 'AAPL'], 'quote'],
    [['cache', 'warm', 'holdings.csv'], 'cache'],
    [['config', 'set', 'period', '3y'], 'config'],
    [['digest', 'a.csv', 'b.csv'], 'digest'],
    [['import', 'export.csv', '-o', 'out.csv'], 'import'],
  ])('%j runs only %s', (argv, command) => {
    expect(soleCommand(argv)).toBe(command);
  });

  it.each([
    [[]],
    [['--debug']],
    [['--help']],
    [['-h']],
    [['-V']],
    [['help']],
    [['help', 'quote']],
    [['quote', '--help']],
    [['report', 'holdings.csv', '-h']],
    [['--', 'quote']],
  ])('%j may need every command', (argv) => {
    expect(soleCommand(argv)).toBeUndefined();
  });
});

describe('buildProgram', () => {
  it('declares every command, in the order of the help, when no one is named', () => {
    expect(buildProgram(io).commands.map((c) => c.name())).toEqual(ALL);
  });

  it.each(ALL)('declares %s alone exactly as it does among all the others', (name) => {
    const alone = buildProgram(io, name).commands;
    expect(alone.map((c) => c.name())).toEqual([name]);
    const among = buildProgram(io).commands.find((c) => c.name() === name);
    const describeCommand = (c: NonNullable<typeof among>): string[] => [
      c.helpInformation(),
      ...c.commands.flatMap((sub) => describeCommand(sub)),
    ];
    expect(describeCommand(alone[0]!)).toEqual(describeCommand(among!));
  });
});
