/**
 * The little framework behind `npm run hr -- <command>`: option parsing,
 * help text, and the difference between errors a person can fix (printed as
 * one sentence, exit 1) and bugs (printed with their stack).
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../config.js';
import { MigrationError } from '../db/migrator.js';
import { PluginError } from '../plugins/loader.js';

export { CliError, defineCommand, UsageError, type Command, type OptionDef, type ParsedArgs } from './define.js';
import { CliError, UsageError, type Command, type ParsedArgs } from './define.js';

export function parseCommandArgs(command: Command, argv: string[]): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, def] of Object.entries(command.options ?? {})) options[name] = def.short ? { type: def.type, short: def.short } : { type: def.type };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message.replace(/\. To specify[\s\S]*$/, '.')}\nUsage: ${command.usage}`);
  }
  const max = command.maxPositionals ?? 0;
  if (!parsed.values.help && parsed.positionals.length > max) {
    throw new UsageError(`Unexpected argument "${parsed.positionals[max]}".\nUsage: ${command.usage}`);
  }
  return { positionals: parsed.positionals, values: parsed.values as ParsedArgs['values'] };
}

export function helpText(command: Command): string {
  const lines = [`Usage: ${command.usage}`, '', command.description.trim()];
  const entries = Object.entries(command.options ?? {});
  entries.push(['help', { type: 'boolean', short: 'h', description: 'Show this help.' }]);
  const labels = entries.map(([name, def]) => `${def.short ? `-${def.short}, ` : '    '}--${name}${def.value ? ` ${def.value}` : ''}`);
  const width = Math.max(...labels.map((l) => l.length));
  lines.push('', 'Options:');
  entries.forEach(([, def], i) => lines.push(`  ${labels[i]!.padEnd(width)}  ${def.description}`));
  return lines.join('\n');
}

/** Errors that are the admin's to fix: print their message only. */
export function isExpectedError(err: unknown): err is Error {
  return err instanceof CliError || err instanceof ConfigError || err instanceof MigrationError || err instanceof PluginError;
}

export function exitCodeOf(err: unknown): number {
  return err instanceof CliError ? err.exitCode : 1;
}

/** A whole number option (`--keep 5`), or a usage error naming the option. */
export function intOption(values: ParsedArgs['values'], name: string, min = 0): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(n) || n < min) throw new UsageError(`--${name} needs a whole number of at least ${min}, got "${String(raw)}".`);
  return n;
}
