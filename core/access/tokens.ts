/**
 * API tokens (personal access tokens): `hrp_<base32>` bearer tokens for /api/v1.
 *
 * Only the SHA-256 of a token is stored, like sessions. A token carries a list
 * of permissions; what it may do is the owner's *current* grants ∩ that list,
 * so taking a permission away from a user (or their role) also takes it from
 * their tokens. `issued_via` is 'personal' now; an OAuth2 client-credentials
 * grant can later insert rows of the same shape with another value.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type Database from 'better-sqlite3';
import { prepared } from '../db/statements.js';
import type { Permission } from '../sdk.js';
import type { SessionUserRow } from '../auth/sessions.js';

export const TOKEN_PREFIX = 'hrp_';
const DAY = 24 * 3600 * 1000;
/** Tokens live at most a year: a forgotten token should not open the API forever. */
export const MAX_TOKEN_LIFETIME_MS = 366 * DAY;
/** last_used_at is written at most once a minute per token, not on every call. */
const TOUCH_EVERY_MS = 60_000;
/** How much of a token lists show, so people can tell their tokens apart. */
const SHOWN_CHARS = TOKEN_PREFIX.length + 6;

export type IssuedVia = 'personal' | 'oauth-client';

export interface TokenInfo {
  id: number;
  userId: number;
  name: string;
  prefix: string;
  permissions: Permission[];
  issuedVia: string;
  expiresAt: number;
  lastUsedAt: number | null;
  createdAt: number;
  revokedAt: number | null;
}

/** The account a token acts for: what a session carries, minus the active flag (checked in the query). */
export type TokenOwner = Omit<SessionUserRow, 'active'>;

interface Row {
  id: number;
  user_id: number;
  name: string;
  prefix: string;
  permissions: string;
  issued_via: string;
  expires_at: number;
  last_used_at: number | null;
  created_at: number;
  revoked_at: number | null;
}

const info = (r: Row): TokenInfo => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  prefix: r.prefix,
  permissions: parseList(r.permissions),
  issuedVia: r.issued_via,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

function parseList(json: string): Permission[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return [];
  }
}

export function generateApiToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return TOKEN_PREFIX + encodeBase32LowerCaseNoPadding(bytes);
}

export function hashApiToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export function looksLikeApiToken(token: string): boolean {
  return /^hrp_[a-z2-7]{32}$/.test(token);
}

/** Create a token; the returned string is shown once and never stored. */
export function createApiToken(
  sqlite: Database.Database,
  input: { userId: number; name: string; permissions: Permission[]; expiresAt: number; issuedVia?: IssuedVia },
): { token: string; info: TokenInfo } {
  const now = Date.now();
  if (!(input.expiresAt > now)) throw new RangeError('expiry must be in the future');
  if (input.expiresAt - now > MAX_TOKEN_LIFETIME_MS) throw new RangeError('expiry may be at most one year ahead');
  const token = generateApiToken();
  const id = Number(
    prepared(
      sqlite,
      `INSERT INTO access_tokens (user_id, name, token_hash, prefix, permissions, issued_via, expires_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(input.userId, input.name, hashApiToken(token), token.slice(0, SHOWN_CHARS), JSON.stringify([...new Set(input.permissions)].sort()), input.issuedVia ?? 'personal', input.expiresAt, now)
      .lastInsertRowid,
  );
  return { token, info: getApiToken(sqlite, id)! };
}

export function getApiToken(sqlite: Database.Database, id: number): TokenInfo | null {
  const row = prepared(sqlite, 'SELECT * FROM access_tokens WHERE id = ?').get(id) as Row | undefined;
  return row ? info(row) : null;
}

export function listApiTokens(sqlite: Database.Database, userId: number): TokenInfo[] {
  return (prepared(sqlite, 'SELECT * FROM access_tokens WHERE user_id = ? ORDER BY created_at DESC, id DESC').all(userId) as Row[]).map(info);
}

/** Revoke one of the user's own tokens; false when it is not theirs or already revoked. */
export function revokeApiToken(sqlite: Database.Database, userId: number, id: number): boolean {
  return prepared(sqlite, 'UPDATE access_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL').run(Date.now(), id, userId).changes > 0;
}

/** The token and its active owner, or null when unknown, expired, revoked or the owner is inactive. */
export function validateApiToken(sqlite: Database.Database, token: string): { token: TokenInfo; user: TokenOwner } | null {
  if (!looksLikeApiToken(token)) return null;
  const row = prepared(
    sqlite,
    `SELECT t.*, u.login, u.name AS user_name, u.role, u.locale, u.theme, u.active
       FROM access_tokens t JOIN core_users u ON u.id = t.user_id WHERE t.token_hash = ?`,
  ).get(hashApiToken(token)) as (Row & { login: string; user_name: string; role: string; locale: string | null; theme: string | null; active: number }) | undefined;
  const now = Date.now();
  if (!row || row.revoked_at !== null || now >= row.expires_at || !row.active) return null;
  if (row.last_used_at === null || now - row.last_used_at >= TOUCH_EVERY_MS) {
    prepared(sqlite, 'UPDATE access_tokens SET last_used_at = ? WHERE id = ?').run(now, row.id);
    row.last_used_at = now;
  }
  return {
    token: info(row),
    user: { id: row.user_id, login: row.login, name: row.user_name, role: row.role, locale: row.locale, theme: row.theme },
  };
}
