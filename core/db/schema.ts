/**
 * Core tables. Plugin tables live in each plugin's own schema.ts, prefixed `<pluginId>_`.
 * Times are stored as milliseconds since the epoch.
 */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

export const coreUsers = sqliteTable(
  'core_users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    login: text('login').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    passwordHash: text('password_hash').notNull(),
    role: text('role').notNull().default('employee'),
    locale: text('locale'),
    theme: text('theme'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    /** Last successful sign-in, shown on the users admin page. */
    lastLoginAt: integer('last_login_at', { mode: 'timestamp_ms' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [uniqueIndex('core_users_login_unique').on(sql`lower(${t.login})`)],
);

export const coreSessions = sqliteTable(
  'core_sessions',
  {
    /** SHA-256 of the token in the cookie: a stolen database does not yield usable sessions. */
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => coreUsers.id, { onDelete: 'cascade' }),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('core_sessions_user').on(t.userId)],
);

/** Instance-wide key/value settings (company name, setup state…), JSON values. */
export const coreSettings = sqliteTable('core_settings', {
  key: text('key').primaryKey(),
  value: text('value', { mode: 'json' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
});

export const coreOutboxEvents = sqliteTable('core_outbox_events', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  payload: text('payload', { mode: 'json' }).notNull(),
  source: text('source').notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
});

/** One row per (event, subscriber): each subscriber is retried on its own. */
export const coreOutboxDeliveries = sqliteTable(
  'core_outbox_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    eventId: text('event_id')
      .notNull()
      .references(() => coreOutboxEvents.id, { onDelete: 'cascade' }),
    subscriber: text('subscriber').notNull(),
    /** pending | done | dead */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull().default(now),
    lastError: text('last_error'),
    deliveredAt: integer('delivered_at', { mode: 'timestamp_ms' }),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [
    uniqueIndex('core_outbox_deliveries_event_subscriber').on(t.eventId, t.subscriber),
    index('core_outbox_deliveries_due').on(t.status, t.nextAttemptAt),
  ],
);

export const coreJobRuns = sqliteTable(
  'core_job_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jobId: text('job_id').notNull(),
    /** schedule | manual */
    trigger: text('trigger').notNull(),
    /** running | ok | failed | skipped */
    status: text('status').notNull(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
    durationMs: integer('duration_ms'),
    summary: text('summary'),
    error: text('error'),
  },
  (t) => [index('core_job_runs_job').on(t.jobId, t.startedAt)],
);

/** Append-only: no route updates or deletes rows here. */
export const coreAuditLog = sqliteTable(
  'core_audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull().default(now),
    userId: integer('user_id'),
    userLogin: text('user_login'),
    ip: text('ip'),
    requestId: text('request_id'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    before: text('before', { mode: 'json' }),
    after: text('after', { mode: 'json' }),
  },
  (t) => [index('core_audit_at').on(t.at), index('core_audit_entity').on(t.entity, t.entityId)],
);
