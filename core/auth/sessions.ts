/**
 * Sessions the way Lucia's guide teaches: a random token goes into the cookie,
 * only its SHA-256 is stored, expiry slides forward while the session is used.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type Database from 'better-sqlite3';
import { prepared } from '../db/statements.js';

const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY;
/** Extend a session when less than this remains, so busy users are not signed out. */
const RENEW_WITHIN_MS = 15 * DAY;

export interface SessionRow {
  id: string;
  userId: number;
  expiresAt: number;
}

export interface SessionUserRow {
  id: number;
  login: string;
  name: string;
  role: string;
  locale: string | null;
  theme: string | null;
  active: number;
}

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdFromToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export function createSession(
  sqlite: Database.Database,
  token: string,
  userId: number,
  meta: { ip?: string | null; userAgent?: string | null } = {},
): SessionRow {
  const session = { id: sessionIdFromToken(token), userId, expiresAt: Date.now() + SESSION_LIFETIME_MS };
  prepared(sqlite, 'INSERT INTO core_sessions (id, user_id, expires_at, created_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?)')
    .run(session.id, userId, session.expiresAt, Date.now(), meta.ip ?? null, meta.userAgent?.slice(0, 300) ?? null);
  return session;
}

export interface ValidatedSession {
  session: SessionRow;
  user: SessionUserRow;
  /** True when the expiry moved and the cookie must be sent again. */
  renewed: boolean;
}

export function validateSessionToken(sqlite: Database.Database, token: string): ValidatedSession | null {
  const id = sessionIdFromToken(token);
  const row = prepared(
    sqlite,
    `SELECT s.id, s.user_id AS userId, s.expires_at AS expiresAt,
            u.id AS uid, u.login, u.name, u.role, u.locale, u.theme, u.active
       FROM core_sessions s JOIN core_users u ON u.id = s.user_id WHERE s.id = ?`,
  ).get(id) as (SessionRow & Omit<SessionUserRow, 'id'> & { uid: number }) | undefined;
  if (!row) return null;
  const now = Date.now();
  if (now >= row.expiresAt || !row.active) {
    invalidateSession(sqlite, id);
    return null;
  }
  let renewed = false;
  if (row.expiresAt - now < RENEW_WITHIN_MS) {
    row.expiresAt = now + SESSION_LIFETIME_MS;
    prepared(sqlite, 'UPDATE core_sessions SET expires_at = ? WHERE id = ?').run(row.expiresAt, id);
    renewed = true;
  }
  return {
    session: { id, userId: row.userId, expiresAt: row.expiresAt },
    user: { id: row.uid, login: row.login, name: row.name, role: row.role, locale: row.locale, theme: row.theme, active: row.active },
    renewed,
  };
}

export function invalidateSession(sqlite: Database.Database, sessionId: string): void {
  prepared(sqlite, 'DELETE FROM core_sessions WHERE id = ?').run(sessionId);
}

/** "Sign out everywhere", and what a password change does. */
export function invalidateUserSessions(sqlite: Database.Database, userId: number): void {
  prepared(sqlite, 'DELETE FROM core_sessions WHERE user_id = ?').run(userId);
}

export function purgeExpiredSessions(sqlite: Database.Database): number {
  return prepared(sqlite, 'DELETE FROM core_sessions WHERE expires_at <= ?').run(Date.now()).changes;
}

export interface SessionListing {
  id: string;
  createdAt: number;
  expiresAt: number;
  ip: string | null;
  userAgent: string | null;
}

/** The user's live sessions, newest first: the "where am I signed in" list. */
export function listUserSessions(sqlite: Database.Database, userId: number, now = Date.now()): SessionListing[] {
  return prepared(
    sqlite,
    'SELECT id, created_at AS createdAt, expires_at AS expiresAt, ip, user_agent AS userAgent FROM core_sessions WHERE user_id = ? AND expires_at > ? ORDER BY created_at DESC',
  ).all(userId, now) as SessionListing[];
}

/** Sign out one session, only if it belongs to this user; false when it does not exist. */
export function invalidateOwnSession(sqlite: Database.Database, userId: number, sessionId: string): boolean {
  return prepared(sqlite, 'DELETE FROM core_sessions WHERE id = ? AND user_id = ?').run(sessionId, userId).changes > 0;
}

/** Every session of the user except the one given: "sign out my other devices". */
export function invalidateOtherSessions(sqlite: Database.Database, userId: number, keepSessionId: string | null): number {
  return prepared(sqlite, 'DELETE FROM core_sessions WHERE user_id = ? AND id IS NOT ?').run(userId, keepSessionId).changes;
}
