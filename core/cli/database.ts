/**
 * Backup and restore of the SQLite database.
 *
 * Backups use SQLite's online backup API (better-sqlite3 `db.backup()`), which
 * copies a consistent snapshot page by page while the server keeps running,
 * WAL content included. A copy is written under a temporary name and renamed
 * when complete, so a half-written file never looks like a backup.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readlinkSync, readSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { basename, join } from 'node:path';
import { CliError } from './command.js';
import { timestamp } from './table.js';

/** Regular backups: `hr-YYYYMMDD-HHMMSS.db` (a `-N` suffix when two land in the same second). */
export const BACKUP_PATTERN = /^hr-\d{8}-\d{6}(-\d+)?\.db$/;

function freeName(dir: string, stem: string): string {
  let file = join(dir, `${stem}.db`);
  for (let i = 2; existsSync(file); i++) file = join(dir, `${stem}-${i}.db`);
  return file;
}

/** Copy a live database into `dir` with SQLite's online backup; returns the new file and its size. */
export async function backupDatabase(dbPath: string, dir: string, prefix = 'hr', now = new Date()): Promise<{ file: string; bytes: number }> {
  if (!existsSync(dbPath)) throw new CliError(`There is no database at ${dbPath} yet, so there is nothing to back up.`);
  mkdirSync(dir, { recursive: true });
  const file = freeName(dir, `${prefix}-${timestamp(now)}`);
  const partial = `${file}.partial`;
  const source = new Database(dbPath, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    await source.backup(partial);
  } catch (err) {
    rmSync(partial, { force: true });
    throw new CliError(`The backup of ${dbPath} failed: ${(err as Error).message}`);
  } finally {
    source.close();
  }
  // The copy is a single file: switch it out of WAL mode so it needs no -wal/-shm companions.
  const copy = new Database(partial);
  try {
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new CliError(`The backup written to ${partial} failed its check (${String(check)}); the database was not changed.`);
  } finally {
    copy.close();
  }
  renameSync(partial, file);
  return { file, bytes: statSync(file).size };
}

/** Regular backups in `dir`, oldest first (`hr-<time>.db` before `hr-<time>-2.db`). */
export function listBackups(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const key = (f: string) => {
    const m = /^hr-(\d{8}-\d{6})(?:-(\d+))?\.db$/.exec(f)!;
    return `${m[1]}-${(m[2] ?? '1').padStart(6, '0')}`;
  };
  return readdirSync(dir)
    .filter((f) => BACKUP_PATTERN.test(f))
    .sort((a, b) => key(a).localeCompare(key(b)))
    .map((f) => join(dir, f));
}

/** Delete the oldest regular backups so that `keep` remain; returns the deleted files. */
export function pruneBackups(dir: string, keep: number): string[] {
  const all = listBackups(dir);
  const drop = all.slice(0, Math.max(0, all.length - keep));
  for (const f of drop) rmSync(f, { force: true });
  return drop;
}

export interface DatabaseFileInfo {
  migrations: number;
  plugins: string[];
  bytes: number;
}

/** Refuse anything that is not a healthy HR suite database. */
export function inspectDatabaseFile(file: string): DatabaseFileInfo {
  if (!existsSync(file) || !statSync(file).isFile()) throw new CliError(`${file} does not exist or is not a file.`);
  const header = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== 'SQLite format 3\0') throw new CliError(`${file} is not an SQLite database.`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new CliError(`${file} cannot be opened as an SQLite database: ${(err as Error).message}`);
  }
  try {
    let check: unknown;
    try {
      check = db.pragma('integrity_check', { simple: true });
    } catch (err) {
      throw new CliError(`${file} is damaged: ${(err as Error).message}`);
    }
    if (check !== 'ok') throw new CliError(`${file} failed SQLite's integrity check (${String(check)}).`);
    const ledger = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'core_migrations'").get();
    if (!ledger) throw new CliError(`${file} is an SQLite database but not one of the HR suite (it has no core_migrations table).`);
    const rows = db.prepare('SELECT plugin, count(*) AS n FROM core_migrations GROUP BY plugin ORDER BY plugin').all() as { plugin: string; n: number }[];
    return { migrations: rows.reduce((s, r) => s + r.n, 0), plugins: rows.map((r) => r.plugin), bytes: statSync(file).size };
  } finally {
    db.close();
  }
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function portInUse(port: number, timeoutMs = 500): Promise<boolean> {
  if (!port) return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (used: boolean) => {
      socket.destroy();
      resolve(used);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Ids of other processes that hold `file` open (Linux /proc; empty elsewhere or when unreadable). */
export function processesHolding(file: string): number[] {
  if (!existsSync('/proc/self/fd') || !existsSync(file)) return [];
  const target = realpathSync(file);
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // another user's process, or it just exited
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === target) {
          found.push(pid);
          break;
        }
      } catch {
        /* closed meanwhile */
      }
    }
  }
  return found;
}

/**
 * Why the database looks in use, or null. Two checks, both cheap: something
 * answers on the configured port on 127.0.0.1, or (Linux) another process has
 * the database file open. Neither is proof, but together they catch the usual
 * case of a suite still running.
 */
export async function databaseInUse(dbPath: string, port: number): Promise<string | null> {
  if (await portInUse(port)) return `something is listening on port ${port} (the configured port) on 127.0.0.1`;
  const pids = processesHolding(dbPath);
  if (pids.length) return `process ${pids.join(', ')} has ${basename(dbPath)} open`;
  return null;
}

/** Put `source` in place of `dbPath`: copied through SQLite, stale -wal/-shm removed, swapped by rename. */
export async function replaceDatabase(source: string, dbPath: string): Promise<void> {
  const incoming = `${dbPath}.restoring`;
  rmSync(incoming, { force: true });
  const src = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await src.backup(incoming);
  } finally {
    src.close();
  }
  const copy = new Database(incoming);
  copy.pragma('journal_mode = DELETE');
  copy.close();
  // A -wal left from the old database would be replayed into the new one: remove it first.
  for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${dbPath}${suffix}`, { force: true });
  renameSync(incoming, dbPath);
}
