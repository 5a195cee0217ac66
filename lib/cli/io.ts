/**
 * What a `pxsec` command may touch: its streams, environment and working directory.
 *
 * Commands never use `process` directly, so tests run them in-process with captured output.
 */
import { EXIT } from './exit-codes';

export { EXIT } from './exit-codes';

export interface CliIO {
  /** Writes to standard output. */
  readonly out: (text: string) => void;
  /** Writes to standard error. */
  readonly err: (text: string) => void;
  /**
   * Reads all of standard input, or stops after more than `maxBytes` (the caller then refuses it as too large).
   * Bytes are decoded by the caller (`decodeInput`), so invalid UTF-8 is refused rather than replaced.
   */
  readonly readStdin: (maxBytes: number) => Promise<Uint8Array | string>;
  /** The environment (for secrets passed as env). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory that relative paths are resolved against. */
  readonly cwd: string;
}

/** Thrown by a command to end with an exit code after it has written its own output. */
export class CliExit extends Error {
  constructor(public readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'CliExit';
  }
}

/** The real process's streams and environment. */
export function processIO(): CliIO {
  watchOutputStreams();
  return {
    out: (text) => writeTo(process.stdout, text),
    err: (text) => writeTo(process.stderr, text),
    readStdin: async (maxBytes) => {
      const chunks: Buffer[] = [];
      let total = 0;
      for await (const chunk of process.stdin) {
        chunks.push(chunk as Buffer);
        total += (chunk as Buffer).length;
        if (total > maxBytes) break; // enough to refuse it: stop reading a stream that may never end
      }
      return Buffer.concat(chunks);
    },
    env: process.env,
    cwd: process.cwd(),
  };
}

/**
 * Standard output and error that cannot be written. A closed pipe (`EPIPE`, as with `pxsec check | head -1`)
 * is the reader's choice: the rest of the output is dropped quietly and the command keeps its own exit code.
 * Any other write error (`ENOSPC` on `/dev/full`, `EIO`) is reported on standard error in one line, and the
 * run ends with exit code 2 ({@link EXIT.usage}), never 1 (which means findings or a rejected token).
 */
const streamState = { watching: false, stdoutClosed: false, stderrClosed: false, failure: undefined as string | undefined };

function watchOutputStreams(): void {
  if (streamState.watching) return;
  streamState.watching = true;
  process.stdout.on('error', (error: unknown) => {
    if (streamState.stdoutClosed) return;
    streamState.stdoutClosed = true;
    const code = errnoOf(error);
    if (code === 'EPIPE') return;
    streamState.failure = code;
    process.exitCode = EXIT.usage;
    writeTo(
      process.stderr,
      `pxsec: error STDOUT_WRITE_FAILED: standard output cannot be written (${code}): write to a file with enough space, or to a pipe that stays open\n`,
    );
  });
  process.stderr.on('error', () => {
    streamState.stderrClosed = true; // nowhere left to report anything
  });
}

function writeTo(stream: NodeJS.WriteStream, text: string): void {
  if (stream === process.stdout ? streamState.stdoutClosed : streamState.stderrClosed) return;
  stream.write(text);
}

/** The exit code of a run of the real process: a failed standard output (other than a closed pipe) makes it 2. */
export function processExitCode(code: number): number {
  return streamState.failure !== undefined ? EXIT.usage : code;
}

function errnoOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : 'EIO';
}

/**
 * An error quotes back only arguments shorter than the shortest accepted key (`MIN_KEY_LENGTH`, 32, in
 * lib/core/keys/keys.ts): a longer one may be a token or a key given in the wrong place. A literal, so that
 * `pxsec --help` loads no key module; test/cli/leak-sweep.slow.test.ts checks it against `MIN_KEY_LENGTH`.
 */
export const MAX_ECHOED_ARGUMENT = 31;
/**
 * An option spelling as commander quotes it (`-k, --key-name <value>`): `-x`, or `--` then lowercase words of at most 16
 * characters joined by `-`. A key or token that starts with `-` does not look like this (and a short one is shown anyway).
 */
const OPTION_SPELLING = /^(-[A-Za-z], )?(-[A-Za-z]|--[a-z][a-z0-9]{0,15}(-[a-z0-9]{1,16}){0,5})( [<[][a-z][a-z0-9 .-]{0,30}[>\]])?$/;

/**
 * The command-line parser's error message with every long quoted argument replaced by its length: commander
 * quotes what it could not place (`unknown option '- eyJhbGci...'`), and that may be a token passed as an
 * argument. Option spellings (`'--oidc-custom-claim-namespace <prefix>'`) are kept.
 */
export function redactEchoedArguments(message: string): string {
  return message.replace(/'([^'\n]*)'/g, (quoted, inner: string) =>
    inner.length <= MAX_ECHOED_ARGUMENT || OPTION_SPELLING.test(inner) ? quoted : `(${inner.length} characters, not shown)`,
  );
}
