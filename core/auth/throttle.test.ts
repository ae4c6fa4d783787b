// The sign-in throttle: the pure policy table-tested with a fake clock, and
// attemptSignIn over a real (temporary) database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../db/client.js';
import { coreMigrationSources } from '../db/modules.js';
import { migrate } from '../db/migrator.js';
import { setSetting } from '../settings.js';
import { attemptSignIn, accountLockedUntil, unlockAccount, type LockEvent } from './login.js';
import { hashPassword } from './passwords.js';
import {
  ACCOUNT_RULE,
  afterFailure,
  blockedUntil,
  delayFor,
  EMPTY_STATE,
  IP_RULE,
  lockFor,
  readState,
  THROTTLE_SETTING,
  type ThrottleRule,
  type ThrottleState,
} from './throttle.js';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 10, 26, 2, 0, 0);

/** `n` failures one second apart, starting at T0, ignoring pauses (the store enforces those). */
function failures(n: number, rule: ThrottleRule = ACCOUNT_RULE): ThrottleState {
  let s: ThrottleState = EMPTY_STATE;
  for (let i = 0; i < n; i++) s = afterFailure(s, rule, T0 + i * SEC);
  return s;
}

describe('throttle policy', () => {
  it.each([
    [4, 0],
    [5, 1 * SEC],
    [6, 2 * SEC],
    [7, 4 * SEC],
    [8, 8 * SEC],
    [9, 16 * SEC],
    [12, 30 * SEC], // capped
  ])('per account: after %i failures the pause is %i ms', (n, ms) => {
    expect(delayFor(n, ACCOUNT_RULE)).toBe(ms);
  });

  it.each([
    [9, 0],
    [10, 15 * MIN],
    [11, 30 * MIN],
    [12, 60 * MIN],
    [15, 8 * HOUR],
    [16, 16 * HOUR],
    [17, 24 * HOUR], // capped at a day
    [40, 24 * HOUR],
  ])('per account: failure number %i locks for %i ms', (n, ms) => {
    expect(lockFor(n, ACCOUNT_RULE)).toBe(ms);
  });

  it.each([
    ['four failures: no pause', 4, 0, null],
    ['five failures: pause of 1 s right after', 5, 0, 'wait'],
    ['five failures: free again after the pause', 5, 1 * SEC, null],
    ['nine failures: 16 s pause', 9, 15 * SEC, 'wait'],
    ['nine failures: free after 16 s', 9, 16 * SEC, null],
    ['ten failures: locked', 10, 14 * MIN, 'locked'],
    ['ten failures: free after 15 min', 10, 15 * MIN, null],
    ['eleven failures: locked for 30 min', 11, 29 * MIN, 'locked'],
    ['forgotten a day after the last failure', 6, 24 * HOUR, null],
  ] as const)('blocks: %s', (_label, n, afterMs, expected) => {
    const s = failures(n);
    const last = T0 + (n - 1) * SEC;
    expect(blockedUntil(s, ACCOUNT_RULE, last + afterMs)?.reason ?? null).toBe(expected);
  });

  it('reports the lock end as `until`, and the doubling lock after the first one runs out', () => {
    const ten = failures(10);
    const lastAt = T0 + 9 * SEC;
    expect(ten.lockedUntil).toBe(lastAt + 15 * MIN);
    expect(blockedUntil(ten, ACCOUNT_RULE, lastAt)).toEqual({ reason: 'locked', until: lastAt + 15 * MIN });
    // After the lock, one more failure locks again immediately, for twice as long.
    const again = afterFailure(ten, ACCOUNT_RULE, lastAt + 16 * MIN);
    expect(again.locked).toBe(true);
    expect(again.lockedUntil).toBe(lastAt + 16 * MIN + 30 * MIN);
  });

  it('keeps counting while a long lock runs, and forgets only a quiet day after it ends', () => {
    const s = failures(17); // 24 h lock
    const end = s.lockedUntil;
    expect(blockedUntil(s, ACCOUNT_RULE, end - 1)?.reason).toBe('locked');
    expect(afterFailure(s, ACCOUNT_RULE, end + 23 * HOUR).failures).toBe(18);
    expect(afterFailure(s, ACCOUNT_RULE, end + 24 * HOUR).failures).toBe(1);
  });

  it('gives an address a much higher threshold than an account', () => {
    expect(blockedUntil(failures(19, IP_RULE), IP_RULE, T0 + 19 * SEC)).toBeNull();
    expect(blockedUntil(failures(20, IP_RULE), IP_RULE, T0 + 19 * SEC)?.reason).toBe('wait');
    expect(failures(99, IP_RULE).lockedUntil).toBe(0);
    expect(failures(100, IP_RULE).lockedUntil).toBeGreaterThan(0);
  });
});

describe('attemptSignIn', () => {
  let dir: string;
  let dbh: DbHandle;
  let clock = T0;
  const locks: LockEvent[] = [];
  const dummyHash = () => hashPassword('dummy-password-xyz');
  const attempt = (login: string, password: string, ip = '10.0.0.1') =>
    attemptSignIn(dbh.sqlite, { login, password, ip }, { dummyHash, onLock: (e) => locks.push(e), now: () => clock });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hr-throttle-'));
    dbh = openDatabase(join(dir, 'hr.db'));
    migrate(dbh.sqlite, coreMigrationSources());
    const hash = await hashPassword('Right-Password-1');
    dbh.sqlite.prepare("INSERT INTO core_users (login, name, password_hash, role) VALUES ('lisi', '李四', ?, 'employee')").run(hash);
  });
  afterAll(() => {
    dbh.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    dbh.sqlite.prepare('DELETE FROM auth_throttle').run();
    dbh.sqlite.prepare('DELETE FROM core_settings').run();
    locks.length = 0;
    clock = T0;
  });

  it('signs in with the right password and clears the account counter', async () => {
    expect(await attempt('lisi', 'wrong')).toEqual({ ok: false, reason: 'invalid' });
    expect(readState(dbh.sqlite, 'account', 'lisi').failures).toBe(1);
    expect(await attempt('LiSi', 'Right-Password-1')).toMatchObject({ ok: true });
    expect(readState(dbh.sqlite, 'account', 'lisi').failures).toBe(0);
    // The address keeps its earlier failure: signing in to one's own account does not wipe it.
    expect(readState(dbh.sqlite, 'ip', '10.0.0.1').failures).toBe(1);
  });

  it('locks after ten failures (pauses waited out), refuses the right password, and reports the lock once', async () => {
    for (let i = 1; i <= 10; i++) {
      const r = await attempt('lisi', `wrong-${i}`);
      expect(r.ok).toBe(false);
      if (i < 10) expect(r).toEqual({ ok: false, reason: 'invalid' });
      else expect(r).toEqual({ ok: false, reason: 'locked', until: clock + 15 * MIN });
      clock += 20 * SEC;
    }
    expect(locks).toEqual([{ scope: 'account', key: 'lisi', failures: 10, until: T0 + 9 * 20 * SEC + 15 * MIN }]);
    expect((await attempt('lisi', 'Right-Password-1')).ok).toBe(false);
    expect(accountLockedUntil(dbh.sqlite, 'lisi', clock)).toBe(T0 + 9 * 20 * SEC + 15 * MIN);
    unlockAccount(dbh.sqlite, 'lisi');
    expect(await attempt('lisi', 'Right-Password-1')).toMatchObject({ ok: true });
  });

  it('pauses after five failures without checking the password', async () => {
    for (let i = 0; i < 5; i++) await attempt('lisi', 'wrong');
    expect(await attempt('lisi', 'Right-Password-1')).toEqual({ ok: false, reason: 'wait', until: T0 + SEC });
    clock += SEC;
    expect(await attempt('lisi', 'Right-Password-1')).toMatchObject({ ok: true });
  });

  it('treats unknown logins exactly like real ones, so a lock reveals nothing', async () => {
    for (let i = 0; i < 10; i++) {
      await attempt('nobody-here', 'wrong');
      clock += 20 * SEC;
    }
    expect((await attempt('nobody-here', 'x')).ok).toBe(false);
    expect(locks[0]).toMatchObject({ scope: 'account', key: 'nobody-here' });
  });

  it('limits one address across many accounts', async () => {
    setSetting(dbh.sqlite, THROTTLE_SETTING, { ip: { delayAfter: 100, lockAfter: 5 } });
    for (let i = 0; i < 5; i++) await attempt(`user${i}`, 'wrong', '10.9.9.9');
    expect(locks).toEqual([expect.objectContaining({ scope: 'ip', key: '10.9.9.9', failures: 5 })]);
    expect(await attempt('lisi', 'Right-Password-1', '10.9.9.9')).toMatchObject({ ok: false, reason: 'locked' });
    expect(await attempt('lisi', 'Right-Password-1', '10.1.1.1')).toMatchObject({ ok: true });
  });

  it('lets only one of many parallel guesses past the threshold', async () => {
    setSetting(dbh.sqlite, THROTTLE_SETTING, { account: { delayAfter: 100, lockAfter: 3 } });
    const results = await Promise.all(Array.from({ length: 8 }, () => attempt('lisi', 'wrong')));
    // Charged before argon2 runs: three are checked, the rest are refused as locked.
    expect(results.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(2);
    expect(results.filter((r) => !r.ok && r.reason === 'locked')).toHaveLength(6);
  });
});
