/** For this folder's tests: a migrated SQLite file in a temp dir, the event bus and the service. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { openDatabase, type DbHandle } from '../db/client.js';
import { migrate } from '../db/migrator.js';
import { coreMigrationSources } from '../db/modules.js';
import { createEventBus, type EventBus } from '../events/index.js';
import { createPeopleService, type PeopleService } from './service.js';

export const TEST_SECRET = 'test-secret-'.padEnd(43, 'x');
export const TODAY = '2026-06-15';

export interface TestPeople {
  dir: string;
  dbPath: string;
  h: DbHandle;
  bus: EventBus;
  people: PeopleService;
  close(): Promise<void>;
}

export function openTestPeople(): TestPeople {
  const dir = mkdtempSync(join(tmpdir(), 'hr-people-'));
  const dbPath = join(dir, 'hr.db');
  const h = openDatabase(dbPath);
  migrate(h.sqlite, coreMigrationSources());
  const bus = createEventBus({ sqlite: h.sqlite, log: pino({ level: 'silent' }), maxAttempts: 3, retryBaseMs: 10 });
  const people = createPeopleService({ db: h.db, sqlite: h.sqlite, secret: TEST_SECRET, events: bus, today: () => TODAY });
  return {
    dir,
    dbPath,
    h,
    bus,
    people,
    async close() {
      await bus.stop();
      h.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** GB 11643 check character appended to 17 digits. */
export function withCheck(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

/** A user row, for linking accounts. */
export function addUser(h: DbHandle, login: string): number {
  return Number(h.sqlite.prepare(`INSERT INTO core_users (login, name, password_hash) VALUES (?, ?, 'x')`).run(login, login).lastInsertRowid);
}
