#!/usr/bin/env node
/**
 * `pxsec`: PX-Security from the command line, without a Portworx node.
 *
 * Each command lives in its own file and registers itself here. Exit codes: 0 ok, 1 rejected (token, spec,
 * findings), 2 usage, unreadable input or unwritable output (70 an internal error). Errors go to stderr and never contain a key or a token.
 */
import { Command, CommanderError } from 'commander';
import { isPxSecurityError } from '../core/errors';
import { CliExit, CliIO, EXIT, processExitCode, processIO, redactEchoedArguments } from './io';
import { registerPatchCommand } from './patch';
import { registerSealCommand } from './seal';
import { registerTokenCommand } from './token';
import { registerKeysCommand } from './keys';
import { registerCheckCommand } from './check';

/** Builds the `pxsec` program for one run. */
export function buildProgram(io: CliIO): Command {
  const program = new Command('pxsec')
    .description('PX-Security for Portworx: keys, tokens and secured specs, without ssh into a node')
    .showHelpAfterError()
    .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: (text, write) => write(redactEchoedArguments(text)) })
    .exitOverride();
  // Commands register here, one file each.
  registerPatchCommand(program, io);
  registerSealCommand(program, io);
  registerTokenCommand(program, io);
  registerKeysCommand(program, io);
  registerCheckCommand(program, io);
  return program;
}

/** Runs `pxsec` with `argv` (without node and script) and returns the exit code. */
export async function runPxsec(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CliExit) return error.exitCode;
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (isPxSecurityError(error)) {
      io.err(`pxsec: error ${error.code}: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

if (require.main === module) {
  const io = processIO();
  runPxsec(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = processExitCode(code);
    },
    (error: unknown) => {
      // An unexpected failure: print the type and message only (never the input that caused it).
      const message = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error';
      io.err(`pxsec: internal error: ${message}\n`);
      process.exitCode = 70;
    },
  );
}
