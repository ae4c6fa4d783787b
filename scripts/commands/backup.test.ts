// backup + restore round trip on a temp data folder, with the refusals that protect the data.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../tests/helpers/db.js';
import { cleanup, startServer } from '../../tests/helpers/server.js';
import { dbFile, instance, runCli } from '../test-helpers.js';

describe('hr backup / restore', async () => {
  const inst = await instance();
  afterAll(() => cleanup(inst.dataDir));
  const backups = () => readdirSync(join(inst.dataDir, 'backups')).sort();
  const probe = (value?: string) => {
    const db = openDb(inst.dataDir);
    try {
      if (value !== undefined) db.prepare("INSERT INTO core_settings (key, value, updated_at) VALUES ('probe', ?, 0) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(JSON.stringify(value));
      return (db.prepare("SELECT value FROM core_settings WHERE key = 'probe'").get() as { value: string } | undefined)?.value;
    } finally {
      db.close();
    }
  };

  it('backs up while the server runs, and restore refuses while it runs', async () => {
    const server = await startServer({ dataDir: inst.dataDir, config: { plugins: { notices: true } } });
    try {
      probe('before');
      const r = await runCli(['backup'], inst.env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/Backup written: .*hr-\d{8}-\d{6}\.db \(\d/);
      expect(backups()).toHaveLength(1);

      const refused = await runCli(['restore', join(inst.dataDir, 'backups', backups()[0]!), '--yes'], inst.env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/seems to be running .*process \d+ has hr\.db open/);
    } finally {
      await server.stop();
    }
  });

  it('restores the backup, keeping a safety copy of what it replaced', async () => {
    const backup = join(inst.dataDir, 'backups', backups()[0]!);
    probe('after');

    const noTty = await runCli(['restore', backup], inst.env);
    expect(noTty.code).toBe(1);
    expect(noTty.stderr).toContain('add --yes');
    expect(probe()).toBe('"after"');

    const r = await runCli(['restore', backup, '--yes'], inst.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('integrity ok');
    for (const suffix of ['-wal', '-shm']) expect(existsSync(dbFile(inst) + suffix)).toBe(false);
    expect(probe()).toBe('"before"');

    const safety = backups().find((f) => f.startsWith('pre-restore-'));
    expect(safety).toBeDefined();
    const old = new Database(join(inst.dataDir, 'backups', safety!), { readonly: true });
    expect((old.prepare("SELECT value FROM core_settings WHERE key = 'probe'").get() as { value: string }).value).toBe('"after"');
    old.close();
  });

  it('refuses files that are not a healthy suite database', async () => {
    const text = join(inst.dataDir, 'not-a-db.db');
    writeFileSync(text, 'hello');
    const other = join(inst.dataDir, 'other.db');
    new Database(other).exec('CREATE TABLE t (x)').close();
    const cases: [string, RegExp][] = [
      [text, /is not an SQLite database/],
      [other, /has no core_migrations table/],
      [join(inst.dataDir, 'missing.db'), /does not exist/],
    ];
    for (const [file, message] of cases) {
      const r = await runCli(['restore', file, '--yes'], inst.env);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
    }
  });

  it('refuses while something answers on the configured port', async () => {
    const listener = createServer().listen(Number(inst.env.HR_PORT), '127.0.0.1');
    await once(listener, 'listening');
    try {
      const r = await runCli(['restore', join(inst.dataDir, 'backups', backups()[0]!), '--yes'], inst.env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`something is listening on port ${inst.env.HR_PORT}`);
    } finally {
      listener.close();
    }
  });

  it('--keep N prunes older backups and keeps safety copies', async () => {
    for (let i = 0; i < 2; i++) expect((await runCli(['backup'], inst.env)).code).toBe(0);
    const regular = () => backups().filter((f) => f.startsWith('hr-'));
    expect(regular().length).toBeGreaterThanOrEqual(3);
    const newest = regular().at(-1)!;
    const r = await runCli(['backup', '--keep', '2'], inst.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Removed');
    expect(regular()).toHaveLength(2);
    expect(regular()[0]! >= newest.slice(0, 18)).toBe(true);
    expect(backups().some((f) => f.startsWith('pre-restore-'))).toBe(true);
    expect((await runCli(['backup', '--keep', '0'], inst.env)).code).toBe(2);
  });
});
