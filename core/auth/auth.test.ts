import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../db/client.js';
import { migrate } from '../db/migrator.js';
import { AUTHENTICATED, PUBLIC } from '../sdk.js';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './passwords.js';
import { can, CORE_PERMISSIONS, PermissionRegistry } from './permissions.js';
import {
  createSession,
  generateSessionToken,
  invalidateSession,
  invalidateUserSessions,
  purgeExpiredSessions,
  SESSION_LIFETIME_MS,
  sessionIdFromToken,
  validateSessionToken,
} from './sessions.js';

const DAY = 24 * 60 * 60 * 1000;
const CORE_MIGRATIONS = fileURLToPath(new URL('../db/migrations', import.meta.url));

describe('passwords', () => {
  let stored: string;

  beforeAll(async () => {
    stored = await hashPassword('Correct-Horse-42');
  });

  it('hashes with argon2id and a random salt', async () => {
    expect(stored.startsWith('$argon2id$')).toBe(true);
    expect(stored).not.toContain('Correct-Horse-42');
    expect(await hashPassword('Correct-Horse-42')).not.toBe(stored);
  });

  it.each([
    ['the right password', 'Correct-Horse-42', true],
    ['a wrong password', 'Correct-Horse-43', false],
    ['a different case', 'correct-horse-42', false],
    ['an empty password', '', false],
  ])('verifies %s', async (_label, password, expected) => {
    expect(await verifyPassword(stored, password)).toBe(expected);
  });

  it.each([['not a hash'], [''], ['$argon2id$v=19$m=19456,t=2,p=1$broken']])('answers false (not an exception) for a damaged hash %j', async (hash) => {
    expect(await verifyPassword(hash, 'Correct-Horse-42')).toBe(false);
  });

  it.each([
    ['too short', 'Abc-12345', '', 'core.password.too_short'],
    ['too long', 'Ab1-'.repeat(51), '', 'core.password.too_long'],
    ['too simple (one character)', 'aaaaaaaaaaaa', '', 'core.password.too_simple'],
    ['too simple (three characters)', 'abcabcabcabc', '', 'core.password.too_simple'],
    ['contains the login', 'x-ZhangSan-2024', 'zhangsan', 'core.password.contains_login'],
    ['ok at the minimum length', 'Abc-123456', '', null],
    ['ok at the maximum length', 'Ab1-'.repeat(50), '', null],
    ['ok with a login it does not contain', 'Correct-Horse-42', 'zhangsan', null],
  ])('policy: %s', (_label, password, login, expected) => {
    expect(checkPasswordPolicy(password, login)?.key ?? null).toBe(expected);
  });

  it('gives the limit as a parameter so the message can show it', () => {
    expect(checkPasswordPolicy('short')).toEqual({ key: 'core.password.too_short', params: { min: 10 } });
  });
});

describe('sessions', () => {
  let dir: string;
  let h: DbHandle;
  let alice: number;
  let bob: number;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hr-auth-'));
    h = openDatabase(join(dir, 'hr.db'));
    migrate(h.sqlite, [{ plugin: 'core', folder: CORE_MIGRATIONS }]);
    const insert = h.sqlite.prepare("INSERT INTO core_users (login, name, password_hash, role) VALUES (?, ?, 'x', ?)");
    alice = Number(insert.run('alice', 'Alice', 'hr').lastInsertRowid);
    bob = Number(insert.run('bob', 'Bob', 'employee').lastInsertRowid);
  });

  afterEach(() => {
    h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = () => h.sqlite.prepare('SELECT id, user_id AS userId, expires_at AS expiresAt FROM core_sessions').all() as { id: string; userId: number; expiresAt: number }[];
  const setExpiry = (token: string, expiresAt: number) =>
    h.sqlite.prepare('UPDATE core_sessions SET expires_at = ? WHERE id = ?').run(expiresAt, sessionIdFromToken(token));

  it('stores only the sha256 of the token, never the token itself', () => {
    const token = generateSessionToken();
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    createSession(h.sqlite, token, alice, { ip: '10.0.0.1', userAgent: 'test' });
    const [row] = rows();
    expect(row!.id).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.id).toBe(sessionIdFromToken(token));
    const dump = JSON.stringify(h.sqlite.prepare('SELECT * FROM core_sessions').all());
    expect(dump).not.toContain(token);
  });

  it('gives two sign-ins two different tokens', () => {
    expect(generateSessionToken()).not.toBe(generateSessionToken());
  });

  it('validates a fresh token to its user without renewing', () => {
    const token = generateSessionToken();
    const created = createSession(h.sqlite, token, alice);
    const v = validateSessionToken(h.sqlite, token);
    expect(v).not.toBeNull();
    expect(v!.user).toMatchObject({ id: alice, login: 'alice', name: 'Alice', role: 'hr' });
    expect(v!.session).toEqual(created);
    expect(v!.renewed).toBe(false);
  });

  it('refuses an unknown token', () => {
    createSession(h.sqlite, generateSessionToken(), alice);
    expect(validateSessionToken(h.sqlite, generateSessionToken())).toBeNull();
  });

  it('refuses an expired session and deletes it', () => {
    const token = generateSessionToken();
    createSession(h.sqlite, token, alice);
    setExpiry(token, Date.now() - 1000);
    expect(validateSessionToken(h.sqlite, token)).toBeNull();
    expect(rows()).toEqual([]);
  });

  it.each([
    ['10 days left', true, 10 * DAY],
    ['one hour left', true, 60 * 60 * 1000],
    ['20 days left', false, 20 * DAY],
  ])('with %s the session is renewed: %s', (_label, renewed, left) => {
    const token = generateSessionToken();
    createSession(h.sqlite, token, alice);
    const before = Date.now();
    setExpiry(token, before + left);
    const v = validateSessionToken(h.sqlite, token)!;
    expect(v.renewed).toBe(renewed);
    const stored = rows()[0]!.expiresAt;
    expect(v.session.expiresAt).toBe(stored);
    if (renewed) {
      expect(stored).toBeGreaterThanOrEqual(before + SESSION_LIFETIME_MS);
      expect(stored).toBeLessThanOrEqual(Date.now() + SESSION_LIFETIME_MS);
    } else {
      expect(stored).toBe(before + left);
    }
  });

  it('signs an inactive user out', () => {
    const token = generateSessionToken();
    createSession(h.sqlite, token, bob);
    h.sqlite.prepare('UPDATE core_users SET active = 0 WHERE id = ?').run(bob);
    expect(validateSessionToken(h.sqlite, token)).toBeNull();
    expect(rows()).toEqual([]);
  });

  it('signs one session out without touching the others', () => {
    const t1 = generateSessionToken();
    const t2 = generateSessionToken();
    createSession(h.sqlite, t1, alice);
    createSession(h.sqlite, t2, alice);
    invalidateSession(h.sqlite, sessionIdFromToken(t1));
    expect(validateSessionToken(h.sqlite, t1)).toBeNull();
    expect(validateSessionToken(h.sqlite, t2)?.user.id).toBe(alice);
  });

  it('"sign out everywhere" ends every session of that user only', () => {
    const aliceTokens = [generateSessionToken(), generateSessionToken(), generateSessionToken()];
    const bobToken = generateSessionToken();
    for (const t of aliceTokens) createSession(h.sqlite, t, alice);
    createSession(h.sqlite, bobToken, bob);
    invalidateUserSessions(h.sqlite, alice);
    for (const t of aliceTokens) expect(validateSessionToken(h.sqlite, t)).toBeNull();
    expect(validateSessionToken(h.sqlite, bobToken)?.user.login).toBe('bob');
    expect(rows().map((r) => r.userId)).toEqual([bob]);
  });

  it('purges expired sessions only', () => {
    const old = generateSessionToken();
    const live = generateSessionToken();
    createSession(h.sqlite, old, alice);
    createSession(h.sqlite, live, bob);
    setExpiry(old, Date.now() - 1);
    expect(purgeExpiredSessions(h.sqlite)).toBe(1);
    expect(rows().map((r) => r.userId)).toEqual([bob]);
  });

  it('deletes the sessions of a deleted user (foreign key cascade)', () => {
    createSession(h.sqlite, generateSessionToken(), bob);
    h.sqlite.prepare('DELETE FROM core_users WHERE id = ?').run(bob);
    expect(rows()).toEqual([]);
  });
});

describe('PermissionRegistry', () => {
  let registry: PermissionRegistry;

  beforeAll(() => {
    registry = new PermissionRegistry();
    for (const p of CORE_PERMISSIONS) registry.add('core', p);
    registry.add('notices', { id: 'notices.view', label: 'l', roles: ['employee', 'manager', 'hr'] });
    registry.add('notices', { id: 'notices.manage', label: 'l', roles: ['hr'] });
    registry.add('payroll', { id: 'payroll.run', label: 'l' });
  });

  it('gives admin every registered permission, including those no role lists', () => {
    // Core's own list grows with core features; the point is that admin holds all of it plus every plugin's.
    expect([...registry.forRole('admin')].sort()).toEqual([...CORE_PERMISSIONS.map((p) => p.id), 'notices.manage', 'notices.view', 'payroll.run'].sort());
  });

  it.each([
    ['hr', ['notices.manage', 'notices.view']],
    ['manager', ['notices.view']],
    ['employee', ['notices.view']],
    ['someone-else', []],
  ])('gives role %s the permissions that list it', (role, expected) => {
    expect([...registry.forRole(role)].sort()).toEqual(expected);
  });

  it('refuses a permission registered twice, naming both plugins', () => {
    expect(() => registry.add('other', { id: 'notices.view', label: 'l' })).toThrow(/notices\.view.*notices.*other/);
  });

  it.each([[PUBLIC], [AUTHENTICATED]])('refuses the reserved name %s', (id) => {
    expect(() => new PermissionRegistry().add('x', { id, label: 'l' })).toThrow(/reserved/);
  });

  it('knows registered and reserved names, and forgets a plugin switched off', () => {
    const r = new PermissionRegistry();
    r.add('payroll', { id: 'payroll.run', label: 'l', roles: ['hr'] });
    expect(r.has('payroll.run')).toBe(true);
    expect(r.has(PUBLIC)).toBe(true);
    expect(r.has(AUTHENTICATED)).toBe(true);
    expect(r.has('payroll.other')).toBe(false);
    r.remove('payroll');
    expect(r.has('payroll.run')).toBe(false);
    expect(r.forRole('hr').size).toBe(0);
  });
});

describe('can', () => {
  const employee = new Set(['notices.view']);

  it.each([
    ['anyone may open a public route', null, PUBLIC, true],
    ['a signed-in user may open a public route', employee, PUBLIC, true],
    ['a visitor may not open an authenticated route', null, AUTHENTICATED, false],
    ['a signed-in user with no permissions may open an authenticated route', new Set<string>(), AUTHENTICATED, true],
    ['a visitor may not use a permission', null, 'notices.view', false],
    ['a user holding the permission may', employee, 'notices.view', true],
    ['a user without the permission may not', employee, 'notices.manage', false],
  ])('%s', (_label, permissions, permission, expected) => {
    expect(can(permissions, permission)).toBe(expected);
  });
});
