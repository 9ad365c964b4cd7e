// The README's examples run. Every holdings example (its csv and json blocks) loads and reports, and
// every command line of its shell and cron blocks runs, in README order, from a temporary home that
// holds the files they name (made from the README's own examples and the fixtures), with the `folio`
// command on PATH as `npm install -g .` puts it there (a link to bin/folio.js) and the simulator as
// Yahoo. A line that cannot run here is listed below with the reason; any other line runs, so a new
// README command is tested without touching this file.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/sim/index.js';
import { SAMPLE_CSV, STACK_LINE, cleanupTempDirs, tempDir } from './helpers.js';
import { BIN, folioEnv, ROOT, runFolio, type RunResult } from '../support/cli.js';
import { startSim } from '../support/simulator.js';

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** Lines that cannot run in a test, by their text (comment removed), with the reason. */
const NOT_RUN: Record<string, string> = {
  'npm ci && npm run demo': 'installs the dependencies (the suite runs on an installed, built clone)',
  'npm test': 'runs this very suite',
  'npm install -g .': 'installs into the machine; the test links the folio command onto PATH instead',
  'sudo apt-get install -y redis-server': 'installs a system package',
  "redis-server --port 6379 --save '' --appendonly no": 'starts a Redis server (test/shared-cache covers it)',
  'export FOLIO_CACHE=redis://cache.internal:6379/0':
    'names a Redis host that does not exist here (the lines after it run on the local cache)',
  "export FOLIO_CACHE='redis://folio:s3cret@cache.internal:6379/0'": 'the same Redis host, with a password',
  'folio import Transactions.csv Account.csv --symbols isins.csv --output imported.csv':
    "the real DEGIRO account export names ISINs only Yahoo's own search knows (test/unit/holdings/imports/degiro.test.ts reads it)",
  'PATH=/usr/local/bin:/usr/bin:/bin': 'a crontab variable; the test puts folio and node on its own PATH',
  "cd ~ && folio digest holdings.csv --format html --quiet | mail -a 'Content-Type: text/html' -s 'folio digest' me@example.com":
    'sends mail (test/e2e/digest.test.ts runs the html digest)',
};

/** Exit codes the README gives for a line, other than 0. */
const EXIT_CODES: Record<string, { codes: number[]; why: string }> = {
  "folio report holdings.csv --format json --bench --output report.json --fail-if 'maxDrawdown<-0.2' --fail-if 'weight.AAPL>0.5' --fail-if 'stalePrices>0'":
    { codes: [0, 5], why: '"5 when a condition held"' },
};

interface Block {
  lang: string;
  /** README line of the block's first line of content. */
  line: number;
  text: string;
}

function codeBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
    blocks.push({ lang: open[1]!, line: i + 2, text: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return blocks;
}

interface CommandLine {
  line: number;
  command: string;
}

/** A shell block's commands: continuations joined, comments and blank lines dropped. */
function shellCommands(block: Block): CommandLine[] {
  const out: CommandLine[] = [];
  const lines = block.text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = block.line + i;
    let text = lines[i]!;
    while (text.endsWith('\\') && i + 1 < lines.length) text = `${text.slice(0, -1)} ${lines[++i]!.trim()}`;
    // A comment starts at a # after a space (never inside these examples' quotes).
    const command = text
      .replace(/(^|\s+)#.*$/, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (command !== '') out.push({ line, command });
  }
  return out;
}

/** A crontab's commands: the schedule's five fields dropped; variable lines kept as they are. */
function cronCommands(block: Block): CommandLine[] {
  return shellCommands(block).map(({ line, command }) => {
    const schedule = /^(\S+\s+){5}(.*)$/.exec(command);
    return { line, command: /^[A-Z_]+=/.test(command) || !schedule ? command : schedule[2]! };
  });
}

const blocks = codeBlocks(README);
// A CSV whose header starts `id,` is the import's symbol map, not holdings.
const isSymbolMap = (b: Block) => b.lang === 'csv' && b.text.startsWith('id,');
const holdingsExamples = blocks.filter((b) => (b.lang === 'csv' && !isSymbolMap(b)) || b.lang === 'json');
const symbolMap = blocks.find(isSymbolMap);
const commands = blocks.flatMap((b) =>
  b.lang === 'sh' ? shellCommands(b) : b.lang === 'cron' ? cronCommands(b) : [],
);
const runnable = commands.filter((c) => NOT_RUN[c.command] === undefined);

let sim: Simulator;
let home: string;
let bin: string;

beforeAll(async () => {
  sim = await startSim();
  home = tempDir('folio-readme-');
  // `npm install -g .` makes the folio command a link to bin/folio.js; so does this.
  bin = path.join(home, '.local-bin');
  fs.mkdirSync(bin);
  fs.symlinkSync(BIN, path.join(bin, 'folio'));
  // The files the commands name, from the README's own holdings examples and the fixtures.
  const csv = holdingsExamples.find((b) => b.lang === 'csv')!.text;
  const json = holdingsExamples.find((b) => b.lang === 'json')!.text;
  const files: Record<string, string> = {
    'holdings.csv': csv,
    'holdings.json': json,
    'mine.csv': csv,
    'joint.json': json,
    'kids/kids.csv': csv,
    'portfolios/family.csv': csv,
    'portfolios/sample.csv': fs.readFileSync(SAMPLE_CSV, 'utf8'),
  };
  // The broker exports the import lines name: real exports from fixtures/imports.
  const exportsDir = path.join(ROOT, 'fixtures', 'imports');
  const exports: Record<string, string> = {
    'flex.xml': 'testIBFlexStatementFile01.xml',
    'Transactions.csv': 'degiro-Transactions.csv',
    'Account.csv': 'degiro-account-export.csv',
    'export.csv': 'trading212-export.csv',
  };
  for (const [name, fixture] of Object.entries(exports))
    fs.copyFileSync(path.join(exportsDir, fixture), path.join(home, name));
  if (symbolMap !== undefined) files['isins.csv'] = symbolMap.text;
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(home, name)), { recursive: true });
    fs.writeFileSync(path.join(home, name), `${text}\n`);
  }
  fs.mkdirSync(path.join(home, 'reports')); // where the cron lines write their report
});

afterAll(async () => {
  await sim.close();
  cleanupTempDirs();
});

/** Runs one line with sh in the temporary home, the folio command and node on PATH. */
function shell(command: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const env = folioEnv({ dir: home, sim });
    env.PATH = [bin, path.dirname(process.execPath), env.PATH].join(path.delimiter);
    const child = spawn('sh', ['-c', command], { cwd: home, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

describe('the README', () => {
  it('has the examples this test reads', () => {
    expect(holdingsExamples.map((b) => b.lang).sort()).toEqual(['csv', 'json']);
    expect(runnable.filter((c) => /^(cd ~ && )?folio /.test(c.command)).length).toBeGreaterThan(15);
    // Each line listed as not run is still in the README (else the list hides nothing and should go).
    for (const listed of [...Object.keys(NOT_RUN), ...Object.keys(EXIT_CODES)])
      expect(
        commands.map((c) => c.command),
        listed,
      ).toContain(listed);
  });

  it.each(holdingsExamples.map((b) => [b.line, b] as const))(
    'holdings example at README line %i loads, every row a lot of the report',
    async (_line, block) => {
      const dir = tempDir();
      const file = path.join(dir, `example.${block.lang}`);
      fs.writeFileSync(file, block.text);
      const res = await runFolio(['report', file, '--format', 'json', '--no-charts'], { dir, sim });
      expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 0, stderr: res.stderr });
      expect(res.stderr).not.toMatch(/^folio: /m);
      const rows =
        block.lang === 'csv'
          ? block.text.trim().split('\n').length - 1
          : (JSON.parse(block.text) as { holdings: unknown[] }).holdings.length;
      const doc = JSON.parse(res.stdout) as { holdings: { lots: unknown[] }[] };
      expect(doc.holdings.flatMap((h) => h.lots)).toHaveLength(rows);
    },
  );

  it.each(runnable.map((c) => [c.line, c.command] as const))(
    'README line %i runs: %s',
    async (_line, command) => {
      // npm and npx reach the registry: such a line belongs in NOT_RUN (with its reason).
      expect(command).not.toMatch(/(^|[\s;&|])(npm|npx)\s/);
      const res = await shell(command);
      const expected = EXIT_CODES[command]?.codes ?? [0];
      expect({ command, code: res.code, stderr: res.stderr }).toEqual({
        command,
        code: expect.toBeOneOf(expected) as number,
        stderr: res.stderr,
      });
      expect(res.stderr).not.toContain(STACK_LINE);
      expect(res.stderr).not.toMatch(/^folio: /m);
      // --quiet (the cron lines): nothing but warnings.
      if (/ (--quiet|-q)\b/.test(command)) {
        expect(res.stdout).toBe('');
        expect(res.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('warning: '))).toEqual([]);
      }
    },
    120_000,
  );
});
