// Runs folio in the test's own process through `run(argv, io)` (src/cli/app.ts), from the TypeScript
// sources (no build): stdout and stderr captured, and a temporary home (HOME, FOLIO_CONFIG_DIR, a cache
// file) in an environment of its own, so that nothing of the user's (config, cache, FOLIO_* variables)
// takes part. process.exitCode is checked around each run: folio returns its exit code and must leave
// the test process's own alone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { run } from '../../src/cli/app.js';

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A write stream that keeps what is written (not a terminal: no isTTY, no columns). */
class Captured extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void) {
    this.text += chunk.toString();
    done();
  }
}

export interface InProcessHome {
  /** The temporary directory: HOME, with `config/` (FOLIO_CONFIG_DIR) and `cache.sqlite` (FOLIO_CACHE). */
  dir: string;
  configDir: string;
  cacheFile: string;
  /** The environment folio sees; `env` of a run is added to it (`undefined` removes a variable). */
  env: NodeJS.ProcessEnv;
  run(argv: readonly string[], env?: Record<string, string | undefined>): Promise<InProcessResult>;
  /** Writes `name` into the home directory and returns its path. */
  file(name: string, text: string): string;
  remove(): void;
}

/** A fresh temporary home for in-process runs (call remove() when done). */
export function inProcessHome(base: Record<string, string> = {}): InProcessHome {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-in-process-'));
  const configDir = path.join(dir, 'config');
  fs.mkdirSync(configDir);
  const cacheFile = path.join(dir, 'cache.sqlite');
  const env: NodeJS.ProcessEnv = {
    HOME: dir,
    FOLIO_CONFIG_DIR: configDir,
    FOLIO_CACHE: cacheFile,
    NO_COLOR: '1',
    ...base,
  };
  return {
    dir,
    configDir,
    cacheFile,
    env,
    run: (argv, extra = {}) => runInProcess(argv, withOverrides(env, extra)),
    file(name, text) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

function withOverrides(env: NodeJS.ProcessEnv, extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

/** `folio ...argv` in this process with `env` as its whole environment. */
async function runInProcess(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<InProcessResult> {
  const stdout = new Captured();
  const stderr = new Captured();
  const before = process.exitCode;
  let code: number;
  let after: typeof process.exitCode;
  try {
    code = await run([...argv], {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stderr: stderr as unknown as NodeJS.WriteStream,
      env,
    });
  } finally {
    after = process.exitCode;
    process.exitCode = before;
  }
  if (after !== before) throw new Error(`folio ${argv.join(' ')} set process.exitCode to ${String(after)}`);
  return { code, stdout: stdout.text, stderr: stderr.text };
}
