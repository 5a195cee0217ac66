/**
 * Runs `pxsec` in-process with captured standard output and error, a given environment, stdin and directory.
 */
import { runPxsec } from '../../lib/cli/main';
import { CliIO } from '../../lib/cli/io';

/** What one in-process run of `pxsec` printed and returned. */
export interface PxsecRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Where and with what one run happens. */
export interface PxsecRunOptions {
  /** Environment of the run (nothing from the real process leaks in). @default {} */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Standard input (bytes are decoded by the command, as the real process's are). @default '' */
  readonly stdin?: string | Uint8Array;
  /** Directory relative paths resolve against. @default process.cwd() */
  readonly cwd?: string;
}

/** Runs `pxsec argv` in-process and returns the exit code and both streams. */
export async function runCaptured(argv: readonly string[], options: PxsecRunOptions = {}): Promise<PxsecRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
    readStdin: async () => options.stdin ?? '',
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  };
  const code = await runPxsec(argv, io);
  return { code, stdout, stderr };
}
