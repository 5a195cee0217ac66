import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliIO } from '../../lib/cli/io';
import { buildProgram, commandsToLoad, PXSEC_COMMANDS, pxsecVersion } from '../../lib/cli/main';
import { runCaptured } from '../support/captured-io';

const silentIO: CliIO = { out: () => undefined, err: () => undefined, readStdin: async () => '', env: {}, cwd: process.cwd() };

describe('pxsec (lazy command loading)', () => {
  test('pxsec --help, which loads no command file, lists every command exactly as the loaded commands describe themselves', async () => {
    const lazy = await runCaptured(['--help']);
    expect(lazy.code).toBe(0);
    let loaded = '';
    buildProgram({ ...silentIO, out: (text) => void (loaded += text) }).outputHelp();
    expect(lazy.stdout).toBe(loaded);
    expect(loaded).toContain(buildProgram(silentIO).helpInformation());
  });

  test('every command in the table is the command its file registers', () => {
    const program = buildProgram(silentIO);
    expect(program.commands.map((command) => [command.name(), command.description()])).toEqual(
      PXSEC_COMMANDS.map((command) => [command.name, command.description]),
    );
  });

  test.each([
    [['token', 'decode', 'x.y.z'], ['token']],
    [['help', 'keys'], ['keys']],
    [['check', '--json', 'dist'], ['check']],
    [['--help'], []],
    [['--version'], []],
    [['tokn'], []],
  ])('pxsec %j loads %j', (argv, loaded) => {
    expect(commandsToLoad(argv).map((command) => command.name)).toEqual(loaded);
  });

  test('an unknown command still gets a suggestion', async () => {
    const run = await runCaptured(['tokn']);
    expect(run).toEqual({ code: 2, stdout: '', stderr: "pxsec: error: unknown command 'tokn' (did you mean token?)\nsee pxsec --help\n" });
  });
});

describe('pxsec --version', () => {
  const version = (JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string }).version;

  test.each([['--version'], ['-V']])('pxsec %s prints the package version', async (flag) => {
    const run = await runCaptured([flag]);
    expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(pxsecVersion()).toBe(version);
  });
});
