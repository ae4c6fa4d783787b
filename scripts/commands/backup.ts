/** `hr backup [--keep N]`: online copy of the database into <dataDir>/backups. */
import { join } from 'node:path';
import { defineCommand, intOption } from '../../core/cli/command.js';
import { backupDatabase, pruneBackups } from '../../core/cli/database.js';
import { formatBytes } from '../../core/cli/table.js';
import { loadConfig } from '../../core/config.js';

export const command = defineCommand({
  usage: 'npm run hr -- backup [--keep <N>]',
  description: `
Copies the configured database into <dataDir>/backups/hr-YYYYMMDD-HHMMSS.db with
SQLite's online backup, so it is safe while the suite runs. The copy is checked
before it gets its final name. With --keep N, only the N newest backups remain
(the pre-restore-*.db copies made by restore are left alone).
Also keep <dataDir>/secret.key somewhere safe: sessions and encrypted fields need it.`,
  options: { keep: { type: 'string', value: '<N>', description: 'After the backup, delete older backups so that N remain (N >= 1).' } },
  async run({ values }) {
    const keep = intOption(values, 'keep', 1);
    const config = await loadConfig();
    const dir = join(config.dataDir, 'backups');
    const { file, bytes } = await backupDatabase(config.dbPath, dir);
    console.log(`Backup written: ${file} (${formatBytes(bytes)})`);
    if (keep !== undefined) {
      const removed = pruneBackups(dir, keep);
      console.log(removed.length ? `Removed ${removed.length} older backup(s), keeping the newest ${keep}:\n${removed.map((f) => `  ${f}`).join('\n')}` : `No older backups to remove (keeping ${keep}).`);
    }
  },
});
