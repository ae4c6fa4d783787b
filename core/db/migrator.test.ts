import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from './client.js';
import { appliedMigrations, migrate, MigrationError, pendingMigrations, readMigrations, type MigrationSource } from './migrator.js';

const CORE = fileURLToPath(new URL('./migrations', import.meta.url));
const NOTICES = fileURLToPath(new URL('../../plugins/notices/migrations', import.meta.url));

let dir: string;
let handles: DbHandle[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hr-migrator-'));
  handles = [];
});

afterEach(() => {
  for (const h of handles) h.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(name = 'hr.db'): DbHandle {
  const h = openDatabase(join(dir, name));
  handles.push(h);
  return h;
}

/** Write a drizzle-kit style migrations folder: files in the given journal order. */
function writeMigrations(folder: string, files: { tag: string; sql: string }[], journalOrder?: { idx: number; tag: string }[]): string {
  mkdirSync(join(folder, 'meta'), { recursive: true });
  for (const f of files) writeFileSync(join(folder, `${f.tag}.sql`), f.sql);
  const entries = (journalOrder ?? files.map((f, idx) => ({ idx, tag: f.tag }))).map((e) => ({ ...e, version: '6', when: e.idx, breakpoints: true }));
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify({ version: '7', dialect: 'sqlite', entries }));
  return folder;
}

function schemaOf(h: DbHandle) {
  return h.sqlite.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all();
}

function ledgerOf(h: DbHandle) {
  return h.sqlite.prepare('SELECT plugin, name, hash FROM core_migrations ORDER BY plugin, name').all();
}

function tables(h: DbHandle): string[] {
  return (h.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );
}

/** The MigrationError `fn` throws (sync or async). */
function migrationError(fn: () => unknown): MigrationError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(MigrationError);
    return err as MigrationError;
  }
  throw new Error('expected a MigrationError, nothing was thrown');
}

describe('readMigrations', () => {
  it('follows the journal order, not the file names nor the order of entries in the file', () => {
    const folder = writeMigrations(
      join(dir, 'm'),
      [
        { tag: 'zeta', sql: 'CREATE TABLE z (id integer);' },
        { tag: 'alpha', sql: 'CREATE TABLE a (id integer);' },
        { tag: 'mid', sql: 'CREATE TABLE m (id integer);' },
      ],
      [
        { idx: 2, tag: 'mid' },
        { idx: 0, tag: 'zeta' },
        { idx: 1, tag: 'alpha' },
      ],
    );
    const list = readMigrations('x', folder);
    expect(list.map((m) => m.name)).toEqual(['zeta', 'alpha', 'mid']);
    expect(list[0]!.sql).toBe('CREATE TABLE z (id integer);');
    expect(list[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(list[0]!.hash).not.toBe(list[1]!.hash);
  });

  it('reads the real core journal in order, starting with the first migration', () => {
    const names = readMigrations('core', CORE).map((m) => m.name);
    expect(names[0]).toBe('0000_core_init');
    expect([...names].sort()).toEqual(names);
  });

  it('treats a plugin without a migrations folder as having none', () => {
    expect(readMigrations('x', null)).toEqual([]);
    expect(readMigrations('x', join(dir, 'does-not-exist'))).toEqual([]);
  });

  it('refuses a folder without a journal and says to run make-migration', () => {
    mkdirSync(join(dir, 'nojournal'));
    writeFileSync(join(dir, 'nojournal', '0000_init.sql'), 'CREATE TABLE t (id integer);');
    const err = migrationError(() => readMigrations('payroll', join(dir, 'nojournal')));
    expect(err.plugin).toBe('payroll');
    expect(err.message).toContain('meta/_journal.json');
    expect(err.message).toContain('make-migration payroll');
  });

  it('refuses a journal entry whose file is missing, naming the file', () => {
    const folder = writeMigrations(join(dir, 'm'), [{ tag: '0000_init', sql: 'CREATE TABLE t (id integer);' }], [
      { idx: 0, tag: '0000_init' },
      { idx: 1, tag: '0001_lost' },
    ]);
    const err = migrationError(() => readMigrations('payroll', folder));
    expect(err.file).toBe(join(folder, '0001_lost.sql'));
    expect(err.message).toContain('0001_lost.sql');
    expect(err.message).toContain('missing');
  });
});

describe('migrate', () => {
  const sources: MigrationSource[] = [
    { plugin: 'core', folder: CORE },
    { plugin: 'notices', folder: NOTICES },
  ];

  it('applies core and the notices plugin, records each file, and applies nothing the second time', () => {
    const h = open();
    const applied = migrate(h.sqlite, sources);
    const coreNames = readMigrations('core', CORE).map((m) => `core/${m.name}`);
    expect(applied.map((m) => `${m.plugin}/${m.name}`)).toEqual([...coreNames, 'notices/0000_init']);
    expect(tables(h)).toEqual(expect.arrayContaining(['core_users', 'core_sessions', 'core_migrations', 'notices_notices', 'notices_reads']));

    const ledger = appliedMigrations(h.sqlite);
    expect(ledger.map((m) => `${m.plugin}/${m.name}`)).toEqual([...coreNames, 'notices/0000_init']);
    expect(ledger[0]!.hash).toBe(readMigrations('core', CORE)[0]!.hash);
    expect(ledger[0]!.appliedAt).toBeGreaterThan(0);
    expect(appliedMigrations(h.sqlite, 'notices').map((m) => m.name)).toEqual(['0000_init']);

    const schemaBefore = schemaOf(h);
    expect(migrate(h.sqlite, sources)).toEqual([]);
    expect(schemaOf(h)).toEqual(schemaBefore);
    expect(ledgerOf(h)).toHaveLength(coreNames.length + 1);
  });

  it('survives a restart: a new connection on the same file finds nothing pending', () => {
    const first = open();
    migrate(first.sqlite, sources);
    first.close();
    const second = open();
    expect(pendingMigrations(second.sqlite, sources)).toEqual([]);
    expect(migrate(second.sqlite, sources)).toEqual([]);
  });

  it('applies only the new file when a plugin gains a migration, keeping the data', () => {
    const folder = writeMigrations(join(dir, 'grow'), [{ tag: '0000_init', sql: 'CREATE TABLE `grow_things` (`id` integer PRIMARY KEY, `name` text);' }]);
    const h = open();
    migrate(h.sqlite, [{ plugin: 'grow', folder }]);
    h.sqlite.prepare("INSERT INTO grow_things (id, name) VALUES (1, 'kept')").run();
    writeMigrations(folder, [
      { tag: '0000_init', sql: readFileSync(join(folder, '0000_init.sql'), 'utf8') },
      { tag: '0001_size', sql: 'ALTER TABLE `grow_things` ADD `size` integer;' },
    ]);
    expect(migrate(h.sqlite, [{ plugin: 'grow', folder }]).map((m) => m.name)).toEqual(['0001_size']);
    expect(h.sqlite.prepare('SELECT id, name, size FROM grow_things').all()).toEqual([{ id: 1, name: 'kept', size: null }]);
  });

  it('refuses to start when an applied file was edited afterwards', () => {
    const folder = join(dir, 'notices-copy');
    cpSync(NOTICES, folder, { recursive: true });
    const h = open();
    migrate(h.sqlite, [{ plugin: 'notices', folder }]);
    appendFileSync(join(folder, '0000_init.sql'), ' ');
    const err = migrationError(() => migrate(h.sqlite, [{ plugin: 'notices', folder }]));
    expect(err.plugin).toBe('notices');
    expect(err.file).toBe(join(folder, '0000_init.sql'));
    expect(err.message).toContain('was changed after it was applied');
  });

  it('changes nothing when a file of plugin B fails after a good new file of plugin A, and names B and the file', () => {
    const a = writeMigrations(join(dir, 'a'), [{ tag: '0000_a_init', sql: 'CREATE TABLE `a_things` (`id` integer PRIMARY KEY);' }]);
    const b = writeMigrations(join(dir, 'b'), [
      { tag: '0000_b_init', sql: 'CREATE TABLE `b_things` (`id` integer PRIMARY KEY);\n--> statement-breakpoint\nINSERT INTO `b_things` (`id`) VALUES (1);' },
      { tag: '0001_b_bad', sql: 'ALTER TABLE `b_things` ADD `size` integer;\n--> statement-breakpoint\nCREATE TABLEE `b_oops` (`id` integer);' },
    ]);
    const h = open();
    migrate(h.sqlite, [{ plugin: 'core', folder: CORE }]);
    const schemaBefore = schemaOf(h);
    const ledgerBefore = ledgerOf(h);

    const err = migrationError(() =>
      migrate(h.sqlite, [
        { plugin: 'core', folder: CORE },
        { plugin: 'plugin-a', folder: a },
        { plugin: 'plugin-b', folder: b },
      ]),
    );
    expect(err.plugin).toBe('plugin-b');
    expect(err.file).toBe(join(b, '0001_b_bad.sql'));
    expect(err.message).toContain('"plugin-b"');
    expect(err.message).toContain('0001_b_bad.sql');
    expect(err.message).toContain('Nothing was changed');

    expect(schemaOf(h)).toEqual(schemaBefore);
    expect(ledgerOf(h)).toEqual(ledgerBefore);
    expect(tables(h)).not.toContain('a_things');
    expect(tables(h)).not.toContain('b_things');
    expect(h.sqlite.inTransaction).toBe(false);

    // once the bad file is fixed, everything applies
    writeFileSync(join(b, '0001_b_bad.sql'), 'ALTER TABLE `b_things` ADD `size` integer;');
    expect(migrate(h.sqlite, [{ plugin: 'plugin-a', folder: a }, { plugin: 'plugin-b', folder: b }]).map((m) => m.name)).toEqual([
      '0000_a_init',
      '0000_b_init',
      '0001_b_bad',
    ]);
    expect(h.sqlite.prepare('SELECT id, size FROM b_things').all()).toEqual([{ id: 1, size: null }]);
  });

  it('refuses the broken-migration fixture and leaves its good first file unapplied', () => {
    const folder = fileURLToPath(new URL('../../tests/fixtures/plugins/broken-migration/migrations', import.meta.url));
    const h = open();
    const err = migrationError(() => migrate(h.sqlite, [{ plugin: 'broken-migration', folder }]));
    expect(err.message).toContain('0001_bad.sql');
    expect(tables(h)).toEqual(['core_migrations']);
    expect(ledgerOf(h)).toEqual([]);
  });

  it('refuses with an error naming the file when a listed file disappears, and applies nothing', () => {
    const folder = join(dir, 'notices-copy');
    cpSync(NOTICES, folder, { recursive: true });
    unlinkSync(join(folder, '0000_init.sql'));
    const h = open();
    const err = migrationError(() => migrate(h.sqlite, [{ plugin: 'core', folder: CORE }, { plugin: 'notices', folder }]));
    expect(err.message).toContain('0000_init.sql');
    expect(tables(h)).toEqual(['core_migrations']);
  });
});

describe('table rebuilds (drizzle-kit style)', () => {
  it('keep the rows of child tables that reference the rebuilt table', () => {
    const h = open();
    const folder = join(dir, 'rebuild');
    const first = { tag: '0000_init', sql: [
      'CREATE TABLE `rb_parent` (`id` integer PRIMARY KEY NOT NULL, `name` text NOT NULL);',
      'CREATE TABLE `rb_child` (`id` integer PRIMARY KEY NOT NULL, `parent_id` integer NOT NULL REFERENCES `rb_parent`(`id`) ON DELETE cascade);',
    ].join('\n--> statement-breakpoint\n') };
    writeMigrations(folder, [first]);
    migrate(h.sqlite, [{ plugin: 'rb', folder }]);
    h.sqlite.exec("INSERT INTO rb_parent VALUES (1, 'a'); INSERT INTO rb_child VALUES (10, 1), (11, 1);");
    // What drizzle-kit writes when a column changes in a way SQLite cannot ALTER.
    const rebuild = { tag: '0001_rebuild', sql: [
      'PRAGMA foreign_keys=OFF;',
      'CREATE TABLE `__new_rb_parent` (`id` integer PRIMARY KEY NOT NULL, `name` text NOT NULL, `size` integer DEFAULT 0 NOT NULL);',
      'INSERT INTO `__new_rb_parent`("id", "name") SELECT "id", "name" FROM `rb_parent`;',
      'DROP TABLE `rb_parent`;',
      'ALTER TABLE `__new_rb_parent` RENAME TO `rb_parent`;',
      'PRAGMA foreign_keys=ON;',
    ].join('\n--> statement-breakpoint\n') };
    writeMigrations(folder, [first, rebuild]);
    migrate(h.sqlite, [{ plugin: 'rb', folder }]);
    expect(h.sqlite.prepare('SELECT count(*) AS n FROM rb_child').get()).toEqual({ n: 2 });
    expect(h.sqlite.prepare('SELECT size FROM rb_parent').get()).toEqual({ size: 0 });
    expect(h.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});
