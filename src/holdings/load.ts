// Reads a holdings file from disk or standard input and parses it. Every failure the user can fix
// (missing file, directory, permissions, encoding, content) is an InputError naming the file.

import fs from 'node:fs';
import { extname } from 'node:path';
import { promisify } from 'node:util';
import { InputError } from '../errors.js';
import type { HoldingsFile } from '../types.js';
import { decodeHoldingsBytes } from './encoding.js';
import { parseHoldings } from './parse.js';

// node:fs/promises would load some twenty of Node's modules that a warm report needs for nothing else
// (~3 ms a run); the callback forms, promisified, do the same reads.
export const stat = promisify(fs.stat);
export const readFile = promisify(fs.readFile);

/** Larger inputs are refused before being read whole: a real holdings file is a few kilobytes. */
export const MAX_HOLDINGS_BYTES = 64 * 1024 * 1024;

export const STDIN_NAME = '<stdin>';

export interface LoadOptions {
  /** `YYYY-MM-DD`; purchase dates after it are rejected. */
  today: string;
  /** Read for path `-` (defaults to process.stdin). */
  stdin?: NodeJS.ReadableStream;
}

/** Loads `path` (or standard input for `-`). `.json` files are JSON; anything else is detected from the content. */
export async function loadHoldings(path: string, options: LoadOptions): Promise<HoldingsFile> {
  if (path === '-') {
    const bytes = await readStream(options.stdin ?? process.stdin);
    return parseHoldings(decodeHoldingsBytes(bytes, STDIN_NAME), STDIN_NAME, { today: options.today });
  }
  return parseHoldingsFile(await readHoldingsFile(path), path, options.today);
}

/** Parses the bytes of holdings file `path`: JSON for a `.json` file, else detected from the content. */
export function parseHoldingsFile(bytes: Uint8Array, path: string, today: string): HoldingsFile {
  const text = decodeHoldingsBytes(bytes, path);
  const format = extname(path).toLowerCase() === '.json' ? 'json' : undefined;
  return parseHoldings(text, path, format === undefined ? { today } : { today, format });
}

function fileError(path: string, reason: string, cause?: unknown): InputError {
  return new InputError([{ file: path, line: 0, reason }], { cause });
}

/** The bytes of holdings file `path`; an InputError naming the file when it cannot be one or be read. */
export async function readHoldingsFile(path: string): Promise<Uint8Array> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw fileError(path, 'is a directory, not a holdings file');
    if (!info.isFile()) throw fileError(path, 'is not a regular file');
    if (info.size > MAX_HOLDINGS_BYTES)
      throw fileError(path, `file is too large (${info.size} bytes; the limit is ${MAX_HOLDINGS_BYTES})`);
    return await readFile(path);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw fileError(path, describeFsError(error), error);
  }
}

/** The user-facing reason for a failed read of a holdings file. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'file not found';
    case 'EISDIR':
      return 'is a directory, not a holdings file';
    case 'EACCES':
    case 'EPERM':
      return 'cannot read file: permission denied';
    case 'ENOTDIR':
      return 'file not found (a parent in the path is not a directory)';
    case 'ENAMETOOLONG':
      return 'file name is too long';
    default:
      return `cannot read file (${code ?? (error instanceof Error ? error.message : String(error))})`;
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
      size += buffer.length;
      if (size > MAX_HOLDINGS_BYTES)
        throw fileError(STDIN_NAME, `input is too large (more than ${MAX_HOLDINGS_BYTES} bytes)`);
      chunks.push(buffer);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw fileError(
      STDIN_NAME,
      `cannot read standard input (${error instanceof Error ? error.message : String(error)})`,
      error,
    );
  }
  return Buffer.concat(chunks);
}
