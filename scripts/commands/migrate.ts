/** `hr migrate [--status]`: apply (or list) the migrations of core and every enabled plugin. */
import { defineCommand } from '../../core/cli/command.js';
import { formatTable } from '../../core/cli/table.js';
import { openDatabase } from '../../core/db/client.js';
import { appliedMigrations, readMigrations, type MigrationSource } from '../../core/db/migrator.js';
import { coreMigrationSources, migrateAll } from '../../core/kernel.js';
import { configAndPlugins } from './context.js';

export const command = defineCommand({
  usage: 'npm run hr -- migrate [--status]',
  description: `
Applies every pending migration of core and of the plugins enabled in hr.config.ts,
in dependency order, all in one transaction: if one fails, nothing changes.
The server also does this when it starts; run it yourself to see what changes first.
With --status, lists each migration as applied or pending and changes nothing.`,
  options: { status: { type: 'boolean', description: 'List applied and pending migrations per plugin; change nothing.' } },
  async run({ values }) {
    const { config, plugins } = await configAndPlugins();
    const dbh = openDatabase(config.dbPath);
    try {
      if (values.status) {
        const sources: MigrationSource[] = [...coreMigrationSources(), ...plugins.map((p) => ({ plugin: p.id, folder: p.migrationsDir }))];
        printStatus(dbh.sqlite, sources);
        return;
      }
      const applied = migrateAll(dbh, plugins);
      if (applied.length === 0) {
        console.log(`Database ${config.dbPath} is up to date: nothing to do.`);
        return;
      }
      const byPlugin = new Map<string, string[]>();
      for (const m of applied) byPlugin.set(m.plugin, [...(byPlugin.get(m.plugin) ?? []), m.name]);
      console.log(`Applied ${applied.length} migration(s) to ${config.dbPath}:`);
      for (const [plugin, names] of byPlugin) console.log(`  ${plugin}: ${names.join(', ')}`);
    } finally {
      dbh.close();
    }
  },
});

function printStatus(sqlite: Parameters<typeof appliedMigrations>[0], sources: MigrationSource[]): void {
  const applied = appliedMigrations(sqlite);
  const done = new Map(applied.map((m) => [`${m.plugin}/${m.name}`, m]));
  const rows: string[][] = [];
  let pending = 0;
  for (const { plugin, folder } of sources) {
    for (const file of readMigrations(plugin, folder)) {
      const m = done.get(`${plugin}/${file.name}`);
      const state = !m ? 'pending' : m.hash === file.hash ? 'applied' : 'CHANGED after it was applied';
      if (!m) pending++;
      rows.push([plugin, file.name, state, m ? new Date(m.appliedAt).toISOString() : '']);
    }
  }
  // Plugins switched off keep their tables and their ledger rows.
  const enabled = new Set(sources.map((s) => s.plugin));
  for (const m of applied) if (!enabled.has(m.plugin)) rows.push([m.plugin, m.name, 'applied (plugin disabled)', new Date(m.appliedAt).toISOString()]);
  console.log(rows.length ? formatTable(['PLUGIN', 'MIGRATION', 'STATE', 'APPLIED AT'], rows) : 'No migrations found.');
  console.log(pending ? `\n${pending} pending: run \`npm run hr -- migrate\` to apply.` : '\nNothing pending.');
}
