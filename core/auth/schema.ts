/**
 * Tables of core.auth: sign-in throttling and admin-issued reset links.
 * Times are milliseconds since the epoch, like the rest of core.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { coreUsers } from '../db/schema.js';

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

/**
 * Failed sign-ins per account and per client address. The account key is the
 * typed login (lower-cased) whether or not such an account exists, so a
 * lockout message never tells which logins are real.
 */
export const authThrottle = sqliteTable(
  'auth_throttle',
  {
    /** account | ip */
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    failures: integer('failures').notNull().default(0),
    lastFailureAt: integer('last_failure_at').notNull().default(0),
    lockedUntil: integer('locked_until').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

/** One-time password reset links; only the SHA-256 of the token is kept. */
export const authResetTokens = sqliteTable(
  'auth_reset_tokens',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => coreUsers.id, { onDelete: 'cascade' }),
    createdBy: integer('created_by'),
    createdAt: integer('created_at').notNull().default(now),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
  },
  (t) => [index('auth_reset_tokens_user').on(t.userId)],
);
