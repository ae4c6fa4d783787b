/** `hr restore <file> [--yes]`: replace the database with a backup, keeping a safety copy of the current one. */
import { existsSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { CliError, defineCommand, UsageError } from '../../core/cli/command.js';
import { backupDatabase, databaseInUse, inspectDatabaseFile, replaceDatabase } from '../../core/cli/database.js';
import { formatBytes } from '../../core/cli/table.js';
import { loadConfig } from '../../core/config.js';

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

export const command = defineCommand({
  usage: 'npm run hr -- restore <file> [--yes]',
  description: `
Replaces the configured database with <file>, a backup made by \`npm run hr -- backup\`.
Stop the suite first: restore refuses while something answers on the configured port
on 127.0.0.1 or (on Linux) while another process has the database file open.
The file must pass SQLite's integrity check and hold a core_migrations table.
The current database is first copied to <dataDir>/backups/pre-restore-<time>.db.
On the next start the suite applies any migrations the backup does not have yet.`,
  options: { yes: { type: 'boolean', short: 'y', description: 'Do not ask for confirmation (needed without a terminal).' } },
  maxPositionals: 1,
  async run({ positionals, values }) {
    if (!positionals[0]) throw new UsageError('Which backup? Usage: npm run hr -- restore <file> [--yes]');
    const file = resolve(positionals[0]);
    const config = await loadConfig();
    const { dbPath } = config;
    if (existsSync(dbPath) && existsSync(file) && realpathSync(file) === realpathSync(dbPath)) throw new CliError(`${file} is the database in use; pick a backup file.`);

    const info = inspectDatabaseFile(file);
    const busy = await databaseInUse(dbPath, config.port);
    if (busy) throw new CliError(`The HR suite seems to be running (${busy}). Stop it, then run restore again.`);

    console.log(`Backup ${file}: ${formatBytes(info.bytes)}, integrity ok, ${info.migrations} migration(s) of ${info.plugins.join(', ')}.`);
    if (!values.yes) {
      if (!process.stdin.isTTY) throw new CliError('restore replaces the whole database. There is no terminal to ask for confirmation: add --yes to confirm.');
      if (!(await confirm(`Replace ${dbPath} with this backup? [y/N] `))) {
        console.log('Nothing was changed.');
        return 1;
      }
    }
    if (existsSync(dbPath)) {
      const safety = await backupDatabase(dbPath, join(config.dataDir, 'backups'), 'pre-restore');
      console.log(`Current database saved to ${safety.file} (${formatBytes(safety.bytes)}).`);
    }
    await replaceDatabase(file, dbPath);
    console.log(`Restored ${file} into ${dbPath} (stale -wal/-shm files removed). Start the suite to use it.`);
  },
});
