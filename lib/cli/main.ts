#!/usr/bin/env node
/**
 * `pxsec`: PX-Security from the command line, without a Portworx node.
 *
 * Each command lives in its own file and registers itself here. Exit codes: one table for every command
 * (`./exit-codes`): 0 ok, 1 rejected (token, spec, findings), 2 usage, unreadable input or unwritable output, 70
 * an internal error. Errors go to stderr and never contain a key or a token.
 *
 * A run loads only the command it runs: `pxsec --help` and `pxsec --version` load no command file, `pxsec token
 * decode` only `token`'s (see {@link PXSEC_COMMANDS}), so the CLI starts about as fast as node itself.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, Help } from 'commander';
import { isPxSecurityError } from '../core/errors/errors';
import { EXIT, EXIT_CODES_HELP, exitCodeOf } from './exit-codes';
import { CliExit, CliIO, processExitCode, processIO } from './io';
import { loadCheckCommand, loadKeysCommand, loadPatchCommand, loadSealCommand, loadTokenCommand } from './loaders/commands';
import { configureUsageErrors } from './usage-errors';

/** Registers one top-level command (and its subcommands) on the program. */
export type RegisterCommand = (program: Command, io: CliIO) => void;

/** A top-level `pxsec` command: how `pxsec --help` lists it, and how to load it when it runs. */
export interface PxsecCommand {
  readonly name: string;
  /** The command's column in `pxsec --help` (name, `[options]`, arguments), as commander prints it. */
  readonly term: string;
  /** Its description, the same text the command file registers (a test compares them). */
  readonly description: string;
  /** Loads the command's file (with its loader in `./loaders/commands`) and returns its register function. */
  readonly load: () => RegisterCommand;
}

/** Every top-level command, in `pxsec --help` order. */
export const PXSEC_COMMANDS: readonly PxsecCommand[] = [
  {
    name: 'patch',
    term: 'patch [options] <spec>',
    description:
      'secure a Portworx install spec: -jwt_issuer and the pxkeys env in the portworx DaemonSet, PX_SHARED_SECRET in stork (or spec.security in a StorageCluster)',
    load: () => loadPatchCommand().registerPatchCommand,
  },
  {
    name: 'seal',
    term: 'seal [options] <secret-file>',
    description: 'turn plain Secret manifests into Bitnami SealedSecrets (as kubeseal does), without a cluster',
    load: () => loadSealCommand().registerSealCommand,
  },
  {
    name: 'token',
    term: 'token',
    description: 'generate, verify and decode Portworx auth tokens (as pxctl auth token)',
    load: () => loadTokenCommand().registerTokenCommand,
  },
  {
    name: 'keys',
    term: 'keys',
    description: 'the three shared keys of PX-Security (system, stork, shared)',
    load: () => loadKeysCommand().registerKeysCommand,
  },
  {
    name: 'check',
    term: 'check [options] <paths...>',
    description:
      'audit manifests for PX-Security mistakes before they reach a cluster: the portworx DaemonSet or StorageCluster, stork, token Secrets, StorageClasses, keys',
    load: () => loadCheckCommand().registerCheckCommand,
  },
];

/** The installed package's version, from its package.json (two levels up in lib/, three in build/lib/). */
export function pxsecVersion(): string {
  for (const up of ['../..', '../../..']) {
    try {
      const manifest = JSON.parse(readFileSync(join(__dirname, up, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === 'px-security-constructs' && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // not this level
    }
  }
  return 'unknown';
}

/**
 * The commands `argv` runs: the first operand (`pxsec token decode` -> token), or the one `pxsec help <command>`
 * asks about. None for `pxsec`, `pxsec --help`, `pxsec --version` or an unknown command.
 */
export function commandsToLoad(argv: readonly string[]): PxsecCommand[] {
  const operands = argv.filter((arg) => !arg.startsWith('-'));
  const name = operands[0] === 'help' ? operands[1] : operands[0];
  return PXSEC_COMMANDS.filter((command) => command.name === name);
}

/** Builds the `pxsec` program with every command loaded (for tests and tools that inspect the whole CLI). */
export function buildProgram(io: CliIO): Command {
  return buildProgramFor(PXSEC_COMMANDS, io);
}

/**
 * Builds the program with `load` loaded; the other commands are listed in `pxsec --help` (name, term and
 * description only) without loading their files.
 */
function buildProgramFor(load: readonly PxsecCommand[], io: CliIO): Command {
  const program = new Command('pxsec')
    .description('PX-Security for Portworx: keys, tokens and secured specs, without ssh into a node')
    .version(pxsecVersion(), '-V, --version', 'print the version of pxsec (px-security-constructs)')
    .addHelpText('after', `\n${EXIT_CODES_HELP}\n`)
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();
  const terms = new Map<Command, string>();
  for (const command of PXSEC_COMMANDS) {
    if (load.includes(command)) {
      command.load()(program, io);
    } else {
      terms.set(program.command(command.name).description(command.description), command.term);
    }
  }
  const help = new Help();
  program.configureHelp({ subcommandTerm: (command) => terms.get(command) ?? help.subcommandTerm(command) });
  configureUsageErrors(program);
  return program;
}

/** Runs `pxsec` with `argv` (without node and script) and returns the exit code. */
export async function runPxsec(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  try {
    const program = buildProgramFor(commandsToLoad(argv), io);
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
      return exitCodeOf(error.code);
    }
    // An unexpected failure: print the type and message only (never the input that caused it).
    io.err(`pxsec: internal error: ${error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error'}\n`);
    return EXIT.internal;
  }
}

if (require.main === module) {
  const io = processIO();
  void runPxsec(process.argv.slice(2), io).then((code) => {
    process.exitCode = processExitCode(code);
  });
}
