/**
 * core.access tables: custom roles and API tokens.
 * Times are stored as milliseconds since the epoch, like the core tables.
 */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { coreUsers } from '../db/schema.js';

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

/** Roles an admin composes from the permissions plugins register, each with a record scope. */
export const accessRoles = sqliteTable('access_roles', {
  /** A slug, also what `core_users.role` holds for users of this role. */
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  /** JSON `Record<Permission, Scope>`. */
  grants: text('grants', { mode: 'json' }).notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
});

/**
 * Bearer tokens for /api/v1. Only the SHA-256 of a token is stored; `prefix` lets
 * people recognise one in a list. `issued_via` keeps room for OAuth2 client
 * credentials issuing the same kind of token later.
 */
export const accessTokens = sqliteTable(
  'access_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => coreUsers.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    prefix: text('prefix').notNull(),
    /** JSON array of permissions; effective = the user's current grants ∩ these. */
    permissions: text('permissions', { mode: 'json' }).notNull(),
    issuedVia: text('issued_via').notNull().default('personal'),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('access_tokens_hash').on(t.tokenHash), index('access_tokens_user').on(t.userId)],
);
