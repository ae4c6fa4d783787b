/** `hr make-migration <pluginId> [--name <name>]`: drizzle-kit generate for one plugin. */
import { defineCommand, UsageError } from '../../core/cli/command.js';
import { drizzleGenerate, schemaTarget } from '../../core/cli/drizzle.js';

export const command = defineCommand({
  usage: 'npm run hr -- make-migration <pluginId> [--name <name>] [--dir <pluginFolder>]',
  description: `
Compares plugins/<pluginId>/schema.ts with the plugin's last migration snapshot and
writes a new SQL migration into plugins/<pluginId>/migrations (drizzle-kit generate).
\`make-migration core\` does the same for core/db/schema.ts -> core/db/migrations.
Review the SQL, then apply it with \`npm run hr -- migrate\` (or restart the suite).
Never edit a migration that was already applied somewhere: add a new one.`,
  options: {
    name: { type: 'string', value: '<name>', description: 'Name of the migration file, e.g. add_due_date (drizzle-kit picks one otherwise).' },
    dir: { type: 'string', value: '<folder>', description: 'The plugin folder, for a plugin that does not live in plugins/<pluginId>.' },
  },
  maxPositionals: 1,
  async run({ positionals, values }) {
    const id = positionals[0];
    if (!id) throw new UsageError('Which plugin? Usage: npm run hr -- make-migration <pluginId> [--name <name>]');
    const target = schemaTarget(id, values.dir as string | undefined);
    await drizzleGenerate(target, { name: values.name as string | undefined });
  },
});
