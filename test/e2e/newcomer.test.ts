// What a new user meets first: `folio` alone, a mistyped option, `folio help <command>`, a file that
// does not exist, and output piped into `head` (a closed pipe must end quietly, never with a trace).
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { SAMPLE_CSV, STACK_LINE, cleanupTempDirs, tempDir } from './helpers.js';
import { BIN, folioEnv, ROOT, runFolio } from '../support/cli.js';
import { startSim } from '../support/simulator.js';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSim();
});

afterAll(async () => {
  await sim.close();
  cleanupTempDirs();
});

const COMMANDS = ['report', 'rebalance', 'quote', 'history', 'cache', 'config', 'demo', 'sim'];

describe('help where a newcomer looks', () => {
  it('`folio` alone prints the top-level help: commands, one example each, the README; exit 0', async () => {
    const { code, stdout, stderr } = await runFolio([], { dir: tempDir() });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Usage: folio \[options\] \[command\]/);
    expect(stdout).not.toMatch(/missing required argument/);
    for (const command of COMMANDS) {
      expect(stdout, command).toMatch(new RegExp(`^  ${command} `, 'm'));
      expect(stdout, command).toMatch(new RegExp(`^  \\$ folio ${command}\\b`, 'm'));
    }
    expect(stdout).toContain(`Documentation: ${ROOT}/README.md`);
    // The same text as --help.
    expect((await runFolio(['--help'], { dir: tempDir() })).stdout).toBe(stdout);
  });

  it('`folio --bogus` names the option and shows the top-level usage; exit 2', async () => {
    for (const args of [['--bogus'], ['--format', 'json', '--bogus', 'holdings.csv']]) {
      const { code, stdout, stderr } = await runFolio(args, { dir: tempDir() });
      expect(code, args.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^error: unknown option '--bogus'\n/);
      expect(stderr).toContain('Usage: folio [options] [command] | folio <file...>');
      expect(stderr).not.toContain('Usage: folio report');
      expect(stderr).not.toContain(STACK_LINE);
    }
    // Inside a named command, that command's usage.
    const inReport = await runFolio(['report', '--bogus'], { dir: tempDir() });
    expect(inReport.code).toBe(2);
    expect(inReport.stderr).toContain('Usage: folio report [options] <file...>');
  });

  it('`folio help report` prints what `folio report --help` prints', async () => {
    const viaHelp = await runFolio(['help', 'report'], { dir: tempDir() });
    const viaFlag = await runFolio(['report', '--help'], { dir: tempDir() });
    expect(viaHelp.code).toBe(0);
    expect(viaFlag.code).toBe(0);
    expect(viaHelp.stdout).toMatch(/^Usage: folio report \[options\] <file\.\.\.>/);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
  });

  it('a holdings file that does not exist: one line naming it, a hint to the demo and samples; exit 3', async () => {
    for (const args of [['report', 'nope.csv'], ['nope.csv']]) {
      const { code, stdout, stderr } = await runFolio(args, { dir: tempDir(), sim });
      expect(code, args.join(' ')).toBe(3);
      expect(stdout).toBe('');
      const lines = stderr.trimEnd().split('\n');
      expect(lines[0]).toBe('folio: nope.csv: file not found');
      expect(lines.slice(1)).toEqual([
        "hint: 'folio demo' shows a report on sample data; or try 'folio report fixtures/sample-portfolio.csv'",
      ]);
    }
    expect(sim.counters.total).toBe(0);
  });
});

/** Runs `folio args | reader` in bash; resolves folio's exit status and stderr. */
function piped(
  args: string[],
  reader: string,
  env: NodeJS.ProcessEnv,
): Promise<{ status: number; stderr: string; readerOut: string }> {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const script = `${quoted} 2>"$FOLIO_ERR" | ${reader}; echo "folio=\${PIPESTATUS[0]}" >&2; cat "$FOLIO_ERR" >&2`;
  const err = `${tempDir()}/stderr.txt`;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], {
      cwd: ROOT,
      env: { ...env, FOLIO_ERR: err },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', () => {
      const m = /^folio=(\d+)\n/.exec(stderr);
      if (m === null) reject(new Error(`no status in ${JSON.stringify(stderr)}`));
      else resolve({ status: Number(m[1]), stderr: stderr.slice(m[0].length), readerOut: out });
    });
  });
}

describe('output into a closed pipe', () => {
  it.each([
    [['demo', '--help'], 'head -1'],
    [['demo', '--help'], 'true'], // closed before folio writes anything
    [['--help'], 'head -2'],
  ])('folio %j | %s ends quietly', async (args, reader) => {
    const { status, stderr, readerOut } = await piped(args, reader, folioEnv({ dir: tempDir() }));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    if (reader.startsWith('head')) expect(readerOut).toMatch(/^Usage: folio/);
  });

  it('a whole report piped into head ends quietly too', async () => {
    const env = folioEnv({ dir: tempDir(), sim });
    const { status, stderr, readerOut } = await piped([SAMPLE_CSV, '--format', 'csv'], 'head -1', env);
    expect(stderr).not.toContain(STACK_LINE);
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(status).toBe(0);
    expect(readerOut.split('\n')).toHaveLength(2); // one line and its newline
  });
});
