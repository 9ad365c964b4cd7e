// Where a report is written: `--output FILE` and `--output-dir DIR` (stdout's own failures are in
// pipe.ts). A regular file is replaced atomically (a temporary file beside it, then a rename), so a cron
// job never leaves half a report; a symlink is written THROUGH, onto its target, so the link stays a
// link; anything that is not a regular file (a device such as /dev/null, a FIFO, /dev/stdout) is
// written in place, never replaced by a file. Folio creates no directory: the one that will hold the
// output must exist, and that is checked before any price is requested.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';

/** What a path given for the output stands for once its symlinks are followed. */
interface Target {
  /** The path written: the last target of a symlink chain, or the path as given. */
  file: string;
  /** What is there now (undefined: nothing yet). */
  stats: fs.Stats | undefined;
  /** Written in place rather than replaced: not a regular file. */
  inPlace: boolean;
}

/** The process's own descriptors (/dev/stdout -> /proc/self/fd/1): opened as they are, never resolved. */
const OWN_DESCRIPTOR = /^\/proc\/(?:self|thread-self|\d+)\/fd\/\d+$/;

function resolveTarget(given: string): Target {
  let file = path.resolve(given);
  for (let hops = 0; hops < 40; hops += 1) {
    // The directory's real path, so that /dev/fd/1, or a link to /proc/self/fd, shows as what it is.
    try {
      file = path.join(fs.realpathSync(path.dirname(file)), path.basename(file));
    } catch {
      return { file, stats: undefined, inPlace: false }; // no such directory: the check says so
    }
    if (OWN_DESCRIPTOR.test(file)) return { file, stats: fs.statSync(file), inPlace: true };
    let stats: fs.Stats;
    try {
      stats = fs.lstatSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return { file, stats: undefined, inPlace: false };
      throw error;
    }
    if (!stats.isSymbolicLink()) return { file, stats, inPlace: !stats.isFile() && !stats.isDirectory() };
    file = path.resolve(path.dirname(file), fs.readlinkSync(file));
  }
  throw Object.assign(new Error('too many levels of symbolic links'), { code: 'ELOOP' });
}

/** The real paths of the files this run reads: an output must never land on one of them. */
const inputs = new Set<string>();

/**
 * Marks files this run reads (holdings files, exports) so that no output replaces them: a report
 * written over the holdings file it was made from (`--output h.csv`, a link to it, or `--output-dir`
 * holding `h.csv` with `--format csv`) would lose the user's data.
 */
export function protectFromOutput(files: readonly string[]): void {
  for (const file of files) {
    if (file === '-') continue;
    try {
      inputs.add(fs.realpathSync(file));
    } catch {
      // not there: nothing to protect
    }
  }
}

function refuseInput(flag: string, given: string, file: string): void {
  if (inputs.has(file))
    throw problem(
      flag,
      given,
      `is ${file === given ? 'an input of this run' : `${file}, an input of this run`}`,
      'write the output to another file',
    );
}

/** `ENOSPC (no space left on device)` from a Node error. */
function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (typeof e?.code !== 'string') return error instanceof Error ? error.message : String(error);
  const text = /^[A-Z0-9_]+: ([^,]+)/.exec(e.message)?.[1];
  return text === undefined ? e.code : `${e.code} (${text})`;
}

/** The one-line error of an output that could not be written (exit 2). */
export function outputError(where: string | undefined, error: unknown): UsageError {
  return new UsageError(
    `cannot write the output${where === undefined ? '' : ` to ${where}`}: ${reason(error)}`,
    { cause: error },
  );
}

function problem(flag: string, given: string, what: string, hint?: string): UsageError {
  return new UsageError(`${flag} ${given}: ${what}`, hint === undefined ? {} : { hint });
}

function checkWritable(flag: string, given: string, p: string): void {
  try {
    fs.accessSync(p, fs.constants.W_OK);
  } catch (error) {
    throw problem(flag, given, `cannot write ${p === given ? 'it' : p}: ${reason(error)}`);
  }
}

/** The directory `dir` (--output-dir, or the one holding --output's file) exists and can be written. */
function checkDirectory(flag: string, given: string, dir: string): void {
  let stats: fs.Stats;
  try {
    stats = fs.statSync(dir);
  } catch {
    throw problem(flag, given, `the directory ${dir} does not exist`, `create it first: mkdir -p ${dir}`);
  }
  if (!stats.isDirectory()) throw problem(flag, given, `${dir} is not a directory`);
  checkWritable(flag, given, dir);
}

/**
 * Checks before any work that `--output FILE` can be written: not a directory, and its directory
 * (its symlink target's, for a link) exists and is writable; a device or FIFO must be writable.
 */
export function checkOutputFile(given: string, flag = '--output'): void {
  let target: Target;
  try {
    target = resolveTarget(given);
  } catch (error) {
    throw problem(flag, given, `cannot write it: ${reason(error)}`);
  }
  if (target.stats?.isDirectory()) throw problem(flag, given, 'is a directory');
  refuseInput(flag, given, target.file);
  if (target.inPlace) checkWritable(flag, given, target.file);
  else checkDirectory(flag, given, path.dirname(target.file));
}

/** Checks before any work that `--output-dir DIR` exists and is a writable directory. */
export function checkOutputDirectory(given: string, flag = '--output-dir'): void {
  checkDirectory(flag, given, path.resolve(given));
}

/**
 * Writes `content` to `given`: through a symlink onto its target; in place for a device, FIFO or the
 * process's own descriptor; else atomically (the old content or the new, never half of it, and no
 * temporary file left), keeping the permissions of a file it replaces.
 */
export function writeOutputFile(given: string, content: string): void {
  const out = openOutputFile(given);
  out.write(content);
  out.done();
}

/** An output written in pieces (a long document as its parts are ready); see openOutputFile. */
export interface OutputFile {
  write(text: string): void;
  /** The whole output is written: it replaces what was at the path. */
  done(): void;
  /** The run failed: the path keeps what it had (no temporary file left). */
  abandon(): void;
}

/** writeOutputFile in pieces: the same rules, the file replaced only by done(). */
export function openOutputFile(given: string): OutputFile {
  let tmp: string | undefined;
  let fd: number | undefined;
  const failed = (error: unknown): never => {
    if (fd !== undefined) fs.closeSync(fd);
    fd = undefined;
    if (tmp !== undefined) fs.rmSync(tmp, { force: true });
    tmp = undefined;
    if (error instanceof UsageError) throw error;
    throw outputError(given, error);
  };
  try {
    const target = resolveTarget(given);
    refuseInput('--output', given, target.file);
    const { file, stats } = target;
    if (!target.inPlace)
      tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
    fd = tmp === undefined ? fs.openSync(file, 'w') : fs.openSync(tmp, 'wx', 0o644);
    return {
      write(text) {
        try {
          fs.writeFileSync(fd!, text);
        } catch (error) {
          failed(error);
        }
      },
      done() {
        try {
          if (tmp !== undefined && stats !== undefined) fs.fchmodSync(fd!, stats.mode & 0o7777);
          fs.closeSync(fd!);
          fd = undefined;
          if (tmp !== undefined) fs.renameSync(tmp, file);
          tmp = undefined;
        } catch (error) {
          failed(error);
        }
      },
      abandon() {
        if (fd !== undefined) fs.closeSync(fd);
        fd = undefined;
        if (tmp !== undefined) fs.rmSync(tmp, { force: true });
        tmp = undefined;
      },
    };
  } catch (error) {
    return failed(error);
  }
}
