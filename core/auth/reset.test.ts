// One-time reset links: only the hash stored, 24 h, single use, a new link revokes the old.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../db/client.js';
import { coreMigrationSources } from '../db/modules.js';
import { migrate } from '../db/migrator.js';
import { consumeResetToken, issueResetToken, lookupResetToken, pendingResetExpiry, RESET_LIFETIME_MS } from './reset.js';
import { sessionIdFromToken } from './sessions.js';

describe('reset tokens', () => {
  let dir: string;
  let dbh: DbHandle;
  let userId: number;
  const T0 = Date.UTC(2026, 10, 26);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hr-reset-'));
    dbh = openDatabase(join(dir, 'hr.db'));
    migrate(dbh.sqlite, coreMigrationSources());
    userId = Number(dbh.sqlite.prepare("INSERT INTO core_users (login, name, password_hash) VALUES ('wangwu', '王五', 'x')").run().lastInsertRowid);
  });
  afterAll(() => {
    dbh.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores only the SHA-256 of a long random token', () => {
    const { token, expiresAt } = issueResetToken(dbh.sqlite, userId, null, T0);
    expect(token).toMatch(/^[a-z2-7]{64}$/);
    expect(expiresAt).toBe(T0 + RESET_LIFETIME_MS);
    const ids = dbh.sqlite.prepare('SELECT id FROM auth_reset_tokens').all() as { id: string }[];
    expect(ids).toEqual([{ id: sessionIdFromToken(token) }]);
    expect(JSON.stringify(ids)).not.toContain(token);
  });

  it.each([
    ['just issued', 0, 'valid'],
    ['a minute before expiry', RESET_LIFETIME_MS - 60_000, 'valid'],
    ['at expiry', RESET_LIFETIME_MS, 'expired'],
    ['a week later', 7 * RESET_LIFETIME_MS, 'expired'],
  ])('is %s: %s', (_label, later, status) => {
    const { token } = issueResetToken(dbh.sqlite, userId, null, T0);
    expect(lookupResetToken(dbh.sqlite, token, T0 + later).status).toBe(status);
  });

  it.each([['not-a-token'], [''], ['a'.repeat(64)], ['ABCDEFGHIJKLMNOPQRSTUVWXYZ234567']])('calls %j invalid', (token) => {
    expect(lookupResetToken(dbh.sqlite, token, T0).status).toBe('invalid');
  });

  it('works once only', () => {
    const { token } = issueResetToken(dbh.sqlite, userId, null, T0);
    expect(consumeResetToken(dbh.sqlite, token, T0 + 1)).toBe(true);
    expect(consumeResetToken(dbh.sqlite, token, T0 + 2)).toBe(false);
    expect(lookupResetToken(dbh.sqlite, token, T0 + 3).status).toBe('used');
  });

  it('revokes the unused old link when a new one is issued', () => {
    const old = issueResetToken(dbh.sqlite, userId, null, T0);
    const fresh = issueResetToken(dbh.sqlite, userId, null, T0 + 10);
    expect(lookupResetToken(dbh.sqlite, old.token, T0 + 20).status).toBe('invalid');
    expect(lookupResetToken(dbh.sqlite, fresh.token, T0 + 20).status).toBe('valid');
    expect(pendingResetExpiry(dbh.sqlite, userId, T0 + 20)).toBe(fresh.expiresAt);
  });

  it('refuses a link of a deactivated account', () => {
    const { token } = issueResetToken(dbh.sqlite, userId, null, T0);
    dbh.sqlite.prepare('UPDATE core_users SET active = 0 WHERE id = ?').run(userId);
    expect(lookupResetToken(dbh.sqlite, token, T0).status).toBe('invalid');
    dbh.sqlite.prepare('UPDATE core_users SET active = 1 WHERE id = ?').run(userId);
  });
});
