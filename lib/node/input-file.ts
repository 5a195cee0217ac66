/**
 * The one way this library reads a file the user gives it (specs, manifests, Secrets, certificates, key files,
 * auth-configs, keystores, sealing caches) and standard input: bounded, regular, UTF-8.
 *
 * - Size: at most {@link DEFAULT_MAX_INPUT_BYTES} (32 MiB) per input unless the caller raises it (`pxsec
 *   --max-input-size`); a larger input is `INPUT_TOO_LARGE`. The bound holds while reading, so a file that
 *   grows, a `/proc` file that reports size 0, or a pipe that never ends stops there.
 * - Kind: a regular file or a pipe (FIFO, process substitution); a directory, device (`/dev/zero`,
 *   `/dev/random`), or socket is `INPUT_NOT_A_FILE`.
 * - Encoding: UTF-8 (a byte order mark is kept); any other byte sequence is `INPUT_NOT_UTF8` naming the line and
 *   column of the first bad byte, never the bytes. Nothing is decoded with replacement characters, so a file
 *   written back is never silently changed.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { PxErrorCode } from '../core/errors/error-catalogue';
import { PxSecurityError } from '../core/errors/errors';

/** Default limit of one input: 32 MiB (a Portworx spec is about 20 KB; a whole cluster's manifests a few MB). */
export const DEFAULT_MAX_INPUT_BYTES = 32 * 1024 * 1024;

/** How an input is named in messages and bounded. */
export interface InputOptions {
  /** The flag or field that named the input, e.g. `SPEC` or `--cert`. */
  readonly field: string;
  /** The path as the user wrote it (or `<stdin>`), for messages. @default - the path read */
  readonly displayPath?: string;
  /** The code of an input that cannot be opened or read (the errno is in the message). @default "INPUT_UNREADABLE" */
  readonly errorCode?: PxErrorCode;
  /** What to do when the file cannot be read. @default "give the path of a readable file" */
  readonly unreadableFix?: string;
  /** Largest input accepted, in bytes. @default DEFAULT_MAX_INPUT_BYTES */
  readonly maxBytes?: number;
}

const CHUNK_BYTES = 64 * 1024;

/**
 * Reads the file at `path` as UTF-8 text.
 *
 * @throws PxSecurityError `options.errorCode` (cannot be opened or read, with the errno code), `INPUT_NOT_A_FILE`,
 *   `INPUT_TOO_LARGE`, `INPUT_NOT_UTF8`
 */
export function readInputFile(path: string, options: InputOptions): string {
  return decodeInput(readInputBytes(path, options), options);
}

/** Reads the bytes of the file at `path`, bounded by `options.maxBytes` (see {@link readInputFile}). */
function readInputBytes(path: string, options: InputOptions): Buffer {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  let descriptor: number;
  try {
    descriptor = openSync(path, 'r');
  } catch (error) {
    throw unreadable(path, options, error);
  }
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile() && !stats.isFIFO())
      throw notAFile(
        path,
        options,
        stats.isDirectory() ? 'a directory' : stats.isCharacterDevice() || stats.isBlockDevice() ? 'a device' : 'not a regular file',
      );
    if (stats.isFile() && stats.size > maxBytes) throw tooLarge(path, options, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, maxBytes + 1 - total));
      let read: number;
      try {
        read = readSync(descriptor, chunk, 0, chunk.length, null);
      } catch (error) {
        if ((error as { code?: unknown }).code === 'EAGAIN') continue;
        throw unreadable(path, options, error);
      }
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
      if (total > maxBytes) throw tooLarge(path, options, maxBytes);
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Checks an input's size and decodes it as UTF-8 (`text` already decoded, e.g. by a test's standard input, is only
 * measured).
 *
 * @throws PxSecurityError `INPUT_TOO_LARGE`, `INPUT_NOT_UTF8`
 */
export function decodeInput(content: Uint8Array | string, options: InputOptions): string {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
  const where = options.displayPath ?? options.field;
  if (typeof content === 'string') {
    if (Buffer.byteLength(content, 'utf8') > maxBytes) throw tooLarge(where, options, maxBytes);
    return content;
  }
  if (content.length > maxBytes) throw tooLarge(where, options, maxBytes);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(content);
  } catch {
    const offset = firstInvalidUtf8(content);
    const lineStart = offset === 0 ? 0 : content.lastIndexOf(0x0a, offset - 1) + 1;
    let line = 1;
    for (let i = 0; i < lineStart; i++) if (content[i] === 0x0a) line++;
    throw new PxSecurityError({
      code: 'INPUT_NOT_UTF8',
      field: options.field,
      value: options.displayPath,
      problem: `is not UTF-8: line ${line}, byte ${offset - lineStart + 1} of that line starts an invalid byte sequence`,
      fix: 'save the file as UTF-8 (e.g. "iconv -f latin1 -t utf-8"); pxsec never rewrites bytes it cannot read',
    });
  }
}

/** Offset of the first byte that is not part of valid UTF-8 (a prefix test with the platform's own decoder). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const valid = (length: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  // The longest valid prefix (in streaming mode an incomplete sequence at the end is not yet an error).
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (valid(middle)) low = middle;
    else high = middle - 1;
  }
  // The bad sequence starts where the prefix ends, or at an unfinished sequence the prefix ends with.
  let start = low;
  for (let i = low - 1; i >= 0 && i >= low - 3; i--) {
    const byte = bytes[i];
    if (byte === undefined) break;
    if ((byte & 0xc0) === 0x80) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    if (low - i < length) start = i;
    break;
  }
  return Math.min(start, bytes.length - 1);
}

function tooLarge(path: string, options: InputOptions, maxBytes: number): PxSecurityError {
  return new PxSecurityError({
    code: 'INPUT_TOO_LARGE',
    field: options.field,
    value: options.displayPath ?? path,
    problem: `is larger than the limit of ${formatBytes(maxBytes)} (or never ends)`,
    fix: 'give a smaller input, or raise the limit with --max-input-size (e.g. --max-input-size 256M)',
  });
}

function notAFile(path: string, options: InputOptions, what: string): PxSecurityError {
  return new PxSecurityError({
    code: 'INPUT_NOT_A_FILE',
    field: options.field,
    value: options.displayPath ?? path,
    problem: `is ${what}, not a file that can be read to its end`,
    fix: 'give the path of a regular file, or "-" and the content on standard input',
  });
}

function unreadable(path: string, options: InputOptions, error: unknown): PxSecurityError {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return new PxSecurityError({
    code: options.errorCode ?? 'INPUT_UNREADABLE',
    cause: error,
    field: options.field,
    value: options.displayPath ?? path,
    problem: `cannot be read (${typeof code === 'string' ? code : 'error'})`,
    fix: options.unreadableFix ?? 'give the path of a readable file',
  });
}

/** `32 MiB`, `512 KiB`, `100 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/**
 * Parses a size flag: a whole number of bytes, or with a suffix K, M or G (powers of 1024, an optional `i`/`B`).
 *
 * @throws PxSecurityError `INPUT_LIMIT_INVALID` naming `field`
 */
export function parseByteSize(text: string, field: string): number {
  const match = /^([0-9]{1,15})\s*(?:([kKmMgG])i?[bB]?|[bB])?$/.exec(text.trim());
  const unit = match?.[2]?.toLowerCase();
  const bytes = match ? Number(match[1]) * (unit === 'g' ? 1024 ** 3 : unit === 'm' ? 1024 ** 2 : unit === 'k' ? 1024 : 1) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new PxSecurityError({
      code: 'INPUT_LIMIT_INVALID',
      field,
      value: text,
      problem: 'is not a size',
      fix: 'give a positive number of bytes, optionally with K, M or G, such as 64M',
    });
  }
  return bytes;
}
