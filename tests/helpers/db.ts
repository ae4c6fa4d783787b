/** Direct looks into a test instance's SQLite file (WAL lets us read while the server runs). */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { hashPassword } from '../../core/auth/passwords.js';

export function openDb(dataDir: string): Database.Database {
  const db = new Database(join(dataDir, 'hr.db'));
  db.pragma('busy_timeout = 5000');
  return db;
}

/** Everything that describes the database: schema, ledger and row counts of every table. */
export function snapshot(dataDir: string): string {
  const db = openDb(dataDir);
  try {
    const schema = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all() as { type: string; name: string }[];
    const counts = schema.filter((s) => s.type === 'table').map((s) => [s.name, (db.prepare(`SELECT count(*) AS n FROM "${s.name}"`).get() as { n: number }).n]);
    const ledger = db.prepare('SELECT plugin, name, hash FROM core_migrations ORDER BY plugin, name').all();
    return JSON.stringify({ schema, counts, ledger });
  } finally {
    db.close();
  }
}

/** Add a user with a role straight into the database (user management pages come with the identity issue). */
export async function addUser(dataDir: string, user: { login: string; password: string; role: string; name?: string }): Promise<number> {
  const hash = await hashPassword(user.password);
  const db = openDb(dataDir);
  try {
    return Number(db.prepare('INSERT INTO core_users (login, name, password_hash, role) VALUES (?, ?, ?, ?)').run(user.login, user.name ?? user.login, hash, user.role).lastInsertRowid);
  } finally {
    db.close();
  }
}
