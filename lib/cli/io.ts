/**
 * What a `pxsec` command may touch: its streams, environment and working directory.
 *
 * Commands never use `process` directly, so tests run them in-process with captured output.
 */
export interface CliIO {
  /** Writes to standard output. */
  readonly out: (text: string) => void;
  /** Writes to standard error. */
  readonly err: (text: string) => void;
  /** Reads all of standard input. */
  readonly readStdin: () => Promise<string>;
  /** The environment (for secrets passed as env). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory that relative paths are resolved against. */
  readonly cwd: string;
}

/** Exit codes shared by every command. */
export const EXIT = {
  ok: 0,
  /** A rejected token, a spec not yet secured, findings with errors. */
  rejected: 1,
  /** Bad flags or unreadable input. */
  usage: 2,
} as const;

/** Thrown by a command to end with an exit code after it has written its own output. */
export class CliExit extends Error {
  constructor(public readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'CliExit';
  }
}

/** The real process's streams and environment. */
export function processIO(): CliIO {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    env: process.env,
    cwd: process.cwd(),
  };
}
