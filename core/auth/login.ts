/**
 * Checking a login and password under the throttle: refused outright while the
 * account or the address is locked or pausing, charged as a failure first and
 * refunded when the password is right (see throttle.ts for why).
 */
import type Database from 'better-sqlite3';
import { prepared } from '../db/statements.js';
import { verifyPassword } from './passwords.js';
import {
  accountKey,
  afterFailure,
  blockedUntil,
  clearState,
  readState,
  throttleRules,
  writeState,
  type Block,
  type ThrottleScope,
  type ThrottleState,
} from './throttle.js';

export type SignInOutcome =
  | { ok: true; userId: number }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked' | 'wait'; until: number };

export interface LockEvent {
  scope: ThrottleScope;
  key: string;
  failures: number;
  until: number;
}

export interface SignInOptions {
  /** A real argon2id hash to verify against when the login is unknown (same timing). */
  dummyHash: () => Promise<string>;
  /** Called for each lock this attempt started: log and audit it. */
  onLock?: (event: LockEvent) => void;
  now?: () => number;
}

const later = (a: Block | null, b: Block | null): Block | null => (!a ? b : !b ? a : a.until >= b.until ? a : b);

export async function attemptSignIn(
  sqlite: Database.Database,
  input: { login: string; password: string; ip: string | null },
  options: SignInOptions,
): Promise<SignInOutcome> {
  const now = (options.now ?? Date.now)();
  const rules = throttleRules(sqlite);
  const keys: Record<ThrottleScope, string> = { account: accountKey(input.login), ip: input.ip ?? 'unknown' };

  // Check and charge in one write transaction, before any await.
  const charged = sqlite.transaction(() => {
    const before = { account: readState(sqlite, 'account', keys.account), ip: readState(sqlite, 'ip', keys.ip) };
    const block = later(blockedUntil(before.account, rules.account, now), blockedUntil(before.ip, rules.ip, now));
    if (block) return { block, before: null, after: null };
    const after = { account: afterFailure(before.account, rules.account, now), ip: afterFailure(before.ip, rules.ip, now) };
    writeState(sqlite, 'account', keys.account, after.account);
    writeState(sqlite, 'ip', keys.ip, after.ip);
    return { block: null, before, after };
  }).immediate();
  if (charged.block) return { ok: false, reason: charged.block.reason, until: charged.block.until };

  const row = prepared(sqlite, 'SELECT id, password_hash AS hash, active FROM core_users WHERE lower(login) = lower(?)').get(input.login.trim()) as
    | { id: number; hash: string; active: number }
    | undefined;
  const passwordOk = await verifyPassword(row?.hash ?? (await options.dummyHash()), input.password);
  if (row && row.active && passwordOk) {
    refund(sqlite, keys, charged.before.ip, charged.after.ip);
    return { ok: true, userId: row.id };
  }

  let lock: Block | null = null;
  for (const scope of ['account', 'ip'] as const) {
    const s = charged.after[scope];
    if (!s.locked) continue;
    options.onLock?.({ scope, key: keys[scope], failures: s.failures, until: s.lockedUntil });
    lock = later(lock, { reason: 'locked', until: s.lockedUntil });
  }
  return lock ? { ok: false, reason: 'locked', until: lock.until } : { ok: false, reason: 'invalid' };
}

/**
 * A right password clears the account's failures. The address keeps its
 * count minus this attempt: otherwise signing in to one's own account between
 * guesses would reset the per-address limit.
 */
function refund(sqlite: Database.Database, keys: Record<ThrottleScope, string>, ipBefore: ThrottleState, ipAfter: ThrottleState): void {
  clearState(sqlite, 'account', keys.account);
  prepared(
    sqlite,
    `UPDATE auth_throttle SET failures = max(failures - 1, 0),
            locked_until = CASE WHEN locked_until = ? THEN ? ELSE locked_until END
      WHERE scope = 'ip' AND key = ?`,
  ).run(ipAfter.lockedUntil, ipBefore.lockedUntil, keys.ip);
}

/** What the users admin page shows and the unlock button clears. */
export function accountLockedUntil(sqlite: Database.Database, login: string, now = Date.now()): number | null {
  const state = readState(sqlite, 'account', accountKey(login));
  const block = blockedUntil(state, throttleRules(sqlite).account, now);
  return block?.reason === 'locked' ? block.until : null;
}

export function unlockAccount(sqlite: Database.Database, login: string): void {
  clearState(sqlite, 'account', accountKey(login));
}
