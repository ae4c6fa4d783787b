/**
 * The commands of `npm run hr -- <command>`, loaded only when used: core's own,
 * and each built-in plugin's `plugins/<id>/commands/<name>.ts` as `<id>:<name>`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from '../../core/cli/command.js';
import { ROOT } from '../../core/config.js';

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
  { name: 'ai:download-model', summary: 'Download the embedding model for semantic search into <dataDir>/models.', load: () => import('./ai-download-model.js') },
];

/**
 * Plugin commands by convention: `plugins/<id>/commands/<name>.ts` exporting
 * `command` (a `defineCommand(...)` from the SDK) answers `npm run hr -- <id>:<name>`.
 * The summary is the first sentence of its description, read when listed.
 */
export function pluginCommands(root = ROOT): CommandEntry[] {
  const pluginsDir = join(root, 'plugins');
  if (!existsSync(pluginsDir)) return [];
  const entries: CommandEntry[] = [];
  for (const id of readdirSync(pluginsDir).sort()) {
    const dir = join(pluginsDir, id, 'commands');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      const m = /^([a-z][a-z0-9-]*)\.ts$/.exec(file);
      if (!m || file.endsWith('.test.ts')) continue;
      const load = () => import(pathToFileURL(join(dir, file)).href) as Promise<{ command: Command }>;
      entries.push({ name: `${id}:${m[1]}`, summary: '', load });
    }
  }
  return entries;
}

/** Every command, core's first; plugin summaries filled in from their descriptions. */
export async function allCommands(): Promise<CommandEntry[]> {
  const plugins = pluginCommands();
  for (const entry of plugins) {
    const { command } = await entry.load();
    entry.summary = command.description.trim().split(/(?<=[.。])\s/)[0]!;
  }
  return [...COMMANDS, ...plugins];
}
