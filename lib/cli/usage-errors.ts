/**
 * How `pxsec` reports a usage error (an unknown or missing option, argument or command): one line naming the
 * mistake, with "did you mean" when a known name is near (`lib/core/errors/near-miss.ts`, as for roles and parameters),
 * then one line pointing at the command's help. Never the whole help: it scrolls the error off the screen.
 *
 *     pxsec patch: error: unknown option '--isuer' (did you mean --issuer?)
 *     see pxsec patch --help
 *
 * Commander checks required options before unknown ones, so `pxsec patch --isuer x` said that `--issuer` is
 * missing. Here required options are checked after the command line is parsed (in a `preAction` hook), so an
 * unknown option, then a missing argument, then a missing required option is what the user reads.
 */
import { Command, Option } from 'commander';
import { nearestChoice } from '../core/errors/near-miss';
import { redactEchoedArguments } from './io';

/** Configures every command of `program` (call it once every command is registered). */
export function configureUsageErrors(program: Command): void {
  const required = new Map<Command, Option[]>();
  for (const command of commandTree(program)) {
    const mandatory = command.options.filter((option) => option.mandatory);
    for (const option of mandatory) option.mandatory = false;
    if (mandatory.length > 0) required.set(command, mandatory);
    command.showHelpAfterError(false).showSuggestionAfterError(false);
    command.configureOutput({ outputError: (text, write) => write(usageError(command, text)) });
  }
  program.hook('preAction', (_, action) => {
    const missing = (required.get(action) ?? []).find((option) => action.getOptionValue(option.attributeName()) === undefined);
    if (missing !== undefined) action.error(`error: required option '${missing.flags}' not specified`, { code: 'commander.missingMandatoryOptionValue' });
  });
}

/** The two lines of a usage error of `command` from commander's message `text`. */
function usageError(command: Command, text: string): string {
  const message = text.trimEnd();
  const path = commandPath(command);
  return `${path}: ${redactEchoedArguments(message)}${suggestion(command, message)}\nsee ${path} --help\n`;
}

/** ` (did you mean X?)` for an unknown option or command near a known one, else nothing. */
function suggestion(command: Command, message: string): string {
  const unknownOption = /^error: unknown option '(--[^'=]+)/.exec(message)?.[1];
  const unknownCommand = /^error: unknown command '([^']+)'/.exec(message)?.[1];
  const [given, choices] =
    unknownOption !== undefined
      ? [unknownOption, longOptions(command)]
      : unknownCommand !== undefined
        ? [unknownCommand, command.commands.map((sub) => sub.name())]
        : [undefined, []];
  if (given === undefined) return '';
  const near = nearestChoice(given, choices, { normalize: (name) => name.replace(/^-+/, '').toLowerCase(), prefix: true });
  return near === undefined ? '' : ` (did you mean ${near}?)`;
}

/** The long options a user can give `command`: its own and its ancestors' (`--help`, `--version`). */
function longOptions(command: Command): string[] {
  const names: string[] = [];
  for (let current: Command | null = command; current !== null; current = current.parent) {
    for (const option of current.createHelp().visibleOptions(current)) if (option.long !== undefined) names.push(option.long);
  }
  return names;
}

/** `pxsec token generate`. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current !== null; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}

function commandTree(command: Command): Command[] {
  return [command, ...command.commands.flatMap(commandTree)];
}
