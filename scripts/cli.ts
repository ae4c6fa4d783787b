/**
 * `npm run hr -- <command> [options]`: the administrator's command line.
 * Each command lives in scripts/commands/<name>.ts and answers `--help`.
 */
import { exitCodeOf, helpText, isExpectedError, parseCommandArgs } from '../core/cli/command.js';
import { allCommands, COMMANDS, pluginCommands } from './commands/index.js';

async function commandList(): Promise<string> {
  const commands = await allCommands();
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: npm run hr -- <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `npm run hr -- <command> --help` for the options of one command.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(await commandList());
    return name === undefined ? 2 : 0;
  }
  const entry = [...COMMANDS, ...pluginCommands()].find((c) => c.name === name);
  if (!entry) {
    console.error(`Unknown command "${name}".\n`);
    console.error(await commandList());
    return 2;
  }
  try {
    const { command } = await entry.load();
    const args = parseCommandArgs(command, rest);
    if (args.values.help) {
      console.log(helpText(command));
      return 0;
    }
    return (await command.run(args)) ?? 0;
  } catch (err) {
    if (isExpectedError(err)) {
      console.error(err.message);
      return exitCodeOf(err);
    }
    console.error(`"${name}" failed because of an unexpected error:\n`, err);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
