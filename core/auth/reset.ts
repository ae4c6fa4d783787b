/**
 * Admin-issued one-time reset links. The token is shown once to the admin;
 * only its SHA-256 is stored, so the database alone cannot be used to reset
 * anyone's password. A new link for a user revokes the unused old one.
 */
import type Database from 'better-sqlite3';
import { prepared } from '../db/statements.js';
import { generateSessionToken, sessionIdFromToken } from './sessions.js';

export const RESET_LIFETIME_MS = 24 * 60 * 60 * 1000;

export function issueResetToken(sqlite: Database.Database, userId: number, createdBy: number | null, now = Date.now()): { token: string; expiresAt: number } {
  const token = generateSessionToken() + generateSessionToken();
  const expiresAt = now + RESET_LIFETIME_MS;
  sqlite.transaction(() => {
    prepared(sqlite, 'DELETE FROM auth_reset_tokens WHERE user_id = ? AND used_at IS NULL').run(userId);
    prepared(sqlite, 'INSERT INTO auth_reset_tokens (id, user_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
      sessionIdFromToken(token),
      userId,
      createdBy,
      now,
      expiresAt,
    );
  })();
  return { token, expiresAt };
}

export type ResetLookup =
  | { status: 'valid'; userId: number; login: string; name: string; expiresAt: number }
  | { status: 'invalid' | 'expired' | 'used' };

export function lookupResetToken(sqlite: Database.Database, token: string, now = Date.now()): ResetLookup {
  if (!/^[a-z2-7]{20,128}$/.test(token)) return { status: 'invalid' };
  const row = prepared(
    sqlite,
    `SELECT r.user_id AS userId, r.expires_at AS expiresAt, r.used_at AS usedAt, u.login, u.name, u.active
       FROM auth_reset_tokens r JOIN core_users u ON u.id = r.user_id WHERE r.id = ?`,
  ).get(sessionIdFromToken(token)) as { userId: number; expiresAt: number; usedAt: number | null; login: string; name: string; active: number } | undefined;
  if (!row || !row.active) return { status: 'invalid' };
  if (row.usedAt !== null) return { status: 'used' };
  if (now >= row.expiresAt) return { status: 'expired' };
  return { status: 'valid', userId: row.userId, login: row.login, name: row.name, expiresAt: row.expiresAt };
}

/**
 * Mark the token used; false when someone else used it first (two tabs), so
 * exactly one of them sets the password.
 */
export function consumeResetToken(sqlite: Database.Database, token: string, now = Date.now()): boolean {
  return prepared(sqlite, 'UPDATE auth_reset_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL AND expires_at > ?').run(now, sessionIdFromToken(token), now).changes === 1;
}

/** Unused links of a user (the users page shows whether one is pending). */
export function pendingResetExpiry(sqlite: Database.Database, userId: number, now = Date.now()): number | null {
  const row = prepared(sqlite, 'SELECT max(expires_at) AS e FROM auth_reset_tokens WHERE user_id = ? AND used_at IS NULL AND expires_at > ?').get(userId, now) as { e: number | null };
  return row.e;
}
