/**
 * Sign-in throttling and lockout, per account and per client address.
 *
 * The policy is pure (state + rule + clock -> decision) so it can be
 * table-tested; the store below keeps one row per (scope, key) in
 * `auth_throttle`. An attempt is charged as a failure *before* the password is
 * checked and refunded when it turns out right, so a burst of parallel guesses
 * cannot all slip through while argon2 is busy.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { prepared } from '../db/statements.js';
import { getSetting } from '../settings.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface ThrottleRule {
  /** From this many failures on, each further attempt waits a growing delay. */
  delayAfter: number;
  delayBaseMs: number;
  delayMaxMs: number;
  /** Reaching this many failures locks; each failure after that locks again for twice as long. */
  lockAfter: number;
  lockBaseMs: number;
  lockMaxMs: number;
  /** Failures are forgotten after this long without one (counted from the end of a lock). */
  forgetAfterMs: number;
}

export interface ThrottleState {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number;
}

/** Per account: a few typing mistakes are free, ten guesses lock for 15 min, doubling up to a day. */
export const ACCOUNT_RULE: ThrottleRule = {
  delayAfter: 5,
  delayBaseMs: 1_000,
  delayMaxMs: 30_000,
  lockAfter: 10,
  lockBaseMs: 15 * MINUTE,
  lockMaxMs: 24 * HOUR,
  forgetAfterMs: 24 * HOUR,
};

/**
 * Per address: much higher, because a whole office may sign in from one NAT
 * address; still low enough that one address cannot walk through many accounts.
 */
export const IP_RULE: ThrottleRule = {
  delayAfter: 20,
  delayBaseMs: 1_000,
  delayMaxMs: 30_000,
  lockAfter: 100,
  lockBaseMs: 15 * MINUTE,
  lockMaxMs: 24 * HOUR,
  forgetAfterMs: HOUR,
};

export const EMPTY_STATE: ThrottleState = { failures: 0, lastFailureAt: 0, lockedUntil: 0 };

/** The state as it stands now: old failures forgotten after a quiet period. */
export function effectiveState(state: ThrottleState, rule: ThrottleRule, now: number): ThrottleState {
  if (state.failures > 0 && now - Math.max(state.lastFailureAt, state.lockedUntil) >= rule.forgetAfterMs) return EMPTY_STATE;
  return state;
}

export function delayFor(failures: number, rule: ThrottleRule): number {
  if (failures < rule.delayAfter) return 0;
  return Math.min(rule.delayBaseMs * 2 ** Math.min(failures - rule.delayAfter, 40), rule.delayMaxMs);
}

export function lockFor(failures: number, rule: ThrottleRule): number {
  if (failures < rule.lockAfter) return 0;
  return Math.min(rule.lockBaseMs * 2 ** Math.min(failures - rule.lockAfter, 40), rule.lockMaxMs);
}

export type Block = { reason: 'locked' | 'wait'; until: number };

/** Whether an attempt now must be refused without looking at the password. */
export function blockedUntil(state: ThrottleState, rule: ThrottleRule, now: number): Block | null {
  const s = effectiveState(state, rule, now);
  if (s.lockedUntil > now) return { reason: 'locked', until: s.lockedUntil };
  // Below the lock threshold a growing pause; past it (a lock has run out) the next failure locks again.
  if (s.failures < rule.lockAfter) {
    const until = s.lastFailureAt + delayFor(s.failures, rule);
    if (s.failures >= rule.delayAfter && until > now) return { reason: 'wait', until };
  }
  return null;
}

/** The state after one more failure; `locked` when this failure started a lock. */
export function afterFailure(state: ThrottleState, rule: ThrottleRule, now: number): ThrottleState & { locked: boolean } {
  const s = effectiveState(state, rule, now);
  const failures = s.failures + 1;
  const lock = lockFor(failures, rule);
  return { failures, lastFailureAt: now, lockedUntil: lock ? now + lock : s.lockedUntil, locked: lock > 0 };
}

// ---------------------------------------------------------------- rules from settings

const ruleOverride = z
  .object({
    delayAfter: z.number().int().min(1),
    delayBaseMs: z.number().int().min(0),
    delayMaxMs: z.number().int().min(0),
    lockAfter: z.number().int().min(1),
    lockBaseMs: z.number().int().min(0),
    lockMaxMs: z.number().int().min(0),
    forgetAfterMs: z.number().int().min(0),
  })
  .partial();
const overrides = z.object({ account: ruleOverride.optional(), ip: ruleOverride.optional() });

/** Setting key holding optional overrides of the two rules (an instance tunes them; tests shorten them). */
export const THROTTLE_SETTING = 'auth.throttle';

export function throttleRules(sqlite: Database.Database): { account: ThrottleRule; ip: ThrottleRule } {
  let raw: unknown = {};
  try {
    raw = getSetting(sqlite, THROTTLE_SETTING) ?? {};
  } catch {
    // A hand-edited setting that is not JSON must not stop everyone signing in: use the defaults.
  }
  const parsed = overrides.safeParse(raw);
  const o = parsed.success ? parsed.data : {};
  return { account: { ...ACCOUNT_RULE, ...o.account }, ip: { ...IP_RULE, ...o.ip } };
}

// ---------------------------------------------------------------- the store

export type ThrottleScope = 'account' | 'ip';

export function readState(sqlite: Database.Database, scope: ThrottleScope, key: string): ThrottleState {
  const row = prepared(sqlite, 'SELECT failures, last_failure_at AS lastFailureAt, locked_until AS lockedUntil FROM auth_throttle WHERE scope = ? AND key = ?').get(scope, key) as
    | ThrottleState
    | undefined;
  return row ?? EMPTY_STATE;
}

export function writeState(sqlite: Database.Database, scope: ThrottleScope, key: string, s: ThrottleState): void {
  prepared(
    sqlite,
    `INSERT INTO auth_throttle (scope, key, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(scope, key) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until`,
  ).run(scope, key, s.failures, s.lastFailureAt, s.lockedUntil);
}

export function clearState(sqlite: Database.Database, scope: ThrottleScope, key: string): void {
  prepared(sqlite, 'DELETE FROM auth_throttle WHERE scope = ? AND key = ?').run(scope, key);
}

/** The account key: what was typed, trimmed and lower-cased (logins are case-insensitive). */
export const accountKey = (login: string) => login.trim().toLowerCase();
