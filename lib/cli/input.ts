/**
 * What a command reads: a file argument, or standard input for "-", through the one bounded UTF-8 reader.
 */
import { resolve } from 'node:path';
import { Option } from 'commander';
import { decodeInput, DEFAULT_MAX_INPUT_BYTES, formatBytes, InputOptions, parseByteSize, readInputFile } from '../node/input-file';
import { CliIO } from './io';

/** The argument that names standard input. */
export const STDIN_ARGUMENT = '-';

/** How standard input is named in messages. */
export const STDIN_LABEL = '<stdin>';

/** Reads `argument` (a path relative to `io.cwd`, or "-" for standard input) as UTF-8 text, bounded by `options.maxBytes`. */
export async function readCommandInput(argument: string, io: Pick<CliIO, 'cwd' | 'readStdin'>, options: InputOptions): Promise<string> {
  if (argument === STDIN_ARGUMENT) {
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;
    return decodeInput(await io.readStdin(maxBytes), { ...options, displayPath: STDIN_LABEL, maxBytes });
  }
  return readInputFile(resolve(io.cwd, argument), { ...options, displayPath: argument });
}

/** `--max-input-size SIZE`: the largest input a command reads (each file, and standard input). */
export function maxInputSizeOption(): Option {
  return new Option(
    '--max-input-size <size>',
    `largest input read, per file and for standard input, in bytes or with K, M, G (default: "${formatBytes(DEFAULT_MAX_INPUT_BYTES).replace(' MiB', 'M')}")`,
  );
}

/** The limit `--max-input-size` gives, else the default. */
export function maxInputBytes(flag: string | undefined): number {
  return flag === undefined ? DEFAULT_MAX_INPUT_BYTES : parseByteSize(flag, '--max-input-size');
}
