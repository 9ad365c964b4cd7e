// The bench's command line: a mistyped option is refused before anything runs (a full run takes some
// eight minutes), and --help prints what it takes.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { USAGE, UsageError, parseArgs } from '../../../bench/args.js';

const parse = (...argv: string[]) => parseArgs(argv, '/folio');

describe('the bench options', () => {
  it('reads every option, in both forms of a value', () => {
    const a = parse('--only', 'many-files', '--files=200,2000', '--large', '--pairs', '7', '--out', 'r.json');
    expect([a.only, a.files, a.large, a.pairs, a.out, a.help]).toEqual([
      'many-files',
      [200, 2000],
      true,
      7,
      path.resolve('r.json'),
      false,
    ]);
    const b = parse(
      '--quick',
      '--no-naive',
      '--no-process',
      '--sizes',
      '10,50',
      '--reps=2',
      '--latency-ms',
      '0',
    );
    expect([b.quick, b.naive, b.process, b.sizes, b.reps, b.latencyMs]).toEqual([
      true,
      false,
      false,
      [10, 50],
      2,
      0,
    ]);
  });

  it.each([['--help'], ['-h'], ['--only', 'process', '--help']])('%j asks for the usage', (...argv) => {
    expect(parse(...argv).help).toBe(true);
  });

  it('names every option in its usage', () => {
    for (const option of [
      '--only',
      '--quick',
      '--sizes',
      '--reps',
      '--pairs',
      '--latency-ms',
      '--no-naive',
      '--no-process',
      '--files',
      '--large',
      '--out',
      '--help',
    ])
      expect(USAGE).toContain(option);
  });

  it.each([
    [['--szies', '50'], 'unknown option "--szies" (npm run bench -- --help)'],
    [['--quick', 'extra'], 'unexpected argument "extra" (npm run bench -- --help)'],
    [['--only'], '--only: needs a value'],
    [['--pairs', '--quick'], '--pairs: needs a value'],
    [
      ['--only', 'everything'],
      '--only: no scenario "everything" (one of pipeline, process, shared-cache, many-files, many-files-requests)',
    ],
    [['--sizes', '10,x'], '--sizes: not a list of positive whole numbers: 10,x'],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parse(...argv)).toThrow(new UsageError(message));
  });
});
