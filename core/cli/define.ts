/**
 * What a command is (core's and plugins'): kept apart from command.ts, which
 * knows core's error classes, so the SDK can export it without pulling the
 * kernel in.
 */

/** An error the person running the command can act on; printed without a stack. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** Wrong usage (unknown option, missing argument): exit code 2, like most CLIs. */
export class UsageError extends CliError {
  override name = 'UsageError';
  constructor(message: string) {
    super(message, 2);
  }
}

export interface OptionDef {
  type: 'string' | 'boolean';
  short?: string;
  /** Shown in help, e.g. `<name>`. */
  value?: string;
  description: string;
}

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}

export interface Command {
  /** One line, e.g. `hr make-migration <pluginId> [--name <name>]`. */
  usage: string;
  /** A few sentences shown by `--help`. */
  description: string;
  options?: Record<string, OptionDef>;
  /** How many positional arguments the command takes at most (default 0). */
  maxPositionals?: number;
  run(args: ParsedArgs): Promise<number | void>;
}

export function defineCommand(command: Command): Command {
  return command;
}
