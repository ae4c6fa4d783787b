/** The commands of `npm run hr -- <command>`, loaded only when used. */
import type { Command } from '../../core/cli/command.js';

export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<{ command: Command }>;
}

export const COMMANDS: CommandEntry[] = [
  { name: 'migrate', summary: 'Apply pending migrations of core and enabled plugins (--status to list them).', load: () => import('./migrate.js') },
  { name: 'make-migration', summary: "Generate a migration from a plugin's schema.ts with drizzle-kit.", load: () => import('./make-migration.js') },
  { name: 'create-plugin', summary: 'Scaffold a new working plugin (page, API, table, migration, test).', load: () => import('./create-plugin.js') },
  { name: 'backup', summary: 'Copy the database into <dataDir>/backups while the suite runs.', load: () => import('./backup.js') },
  { name: 'restore', summary: 'Replace the database with a backup (the suite must be stopped).', load: () => import('./restore.js') },
  { name: 'demo', summary: 'Load the demo company into the database (once).', load: () => import('./demo.js') },
  { name: 'routes', summary: 'List every route with its permission and plugin.', load: () => import('./routes.js') },
];
