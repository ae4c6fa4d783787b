/**
 * core.connectors tables (ledger id `core.connectors`). After a change here:
 * `npm run hr -- make-migration core.connectors --name <name>`.
 *
 * Times are milliseconds since the epoch, like the other core tables. Remote ids are the
 * platform's own (a WeCom userid, a DingTalk unionid…): not secret, but personal enough
 * that they stay out of events and logs beyond what an admin needs to debug a sync.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { departments, employees } from '../people/schema.js';
import { LINK_VIA } from './types.js';

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

/** Employee ↔ platform account: one account per employee and one employee per account, per connector. */
export const connectorLinks = sqliteTable(
  'connector_links',
  {
    connector: text('connector').notNull(),
    remoteUserId: text('remote_user_id').notNull(),
    employeeId: integer('employee_id')
      .notNull()
      .references(() => employees.id, { onDelete: 'cascade' }),
    linkedAt: integer('linked_at').notNull().default(now),
    via: text('via', { enum: LINK_VIA }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.connector, t.remoteUserId] }), uniqueIndex('connector_links_employee').on(t.connector, t.employeeId)],
);

/** Department ↔ platform department, so a rename or move on the platform finds the same local department. */
export const connectorDepartments = sqliteTable(
  'connector_departments',
  {
    connector: text('connector').notNull(),
    remoteId: text('remote_id').notNull(),
    departmentId: integer('department_id')
      .notNull()
      .references(() => departments.id, { onDelete: 'cascade' }),
    linkedAt: integer('linked_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.connector, t.remoteId] }), uniqueIndex('connector_departments_department').on(t.connector, t.departmentId)],
);

/**
 * Who already got a notification, per connector and outbox event: a delivery retried after a
 * partial failure (one language group sent, the next refused) sends only to those still waiting.
 * Purged after 30 days with the outbox's delivered rows.
 */
export const connectorSent = sqliteTable(
  'connector_sent',
  {
    connector: text('connector').notNull(),
    eventId: text('event_id').notNull(),
    remoteUserId: text('remote_user_id').notNull(),
    /** The platform refused this recipient as unknown (reported once, never retried). */
    invalid: integer('invalid', { mode: 'boolean' }).notNull().default(false),
    sentAt: integer('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.connector, t.eventId, t.remoteUserId] }), index('connector_sent_at').on(t.sentAt)],
);

/** Org and punch syncs, scheduled or by an admin: what the admin page shows as "last sync". */
export const connectorRuns = sqliteTable(
  'connector_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    connector: text('connector').notNull(),
    kind: text('kind', { enum: ['org', 'punches'] }).notNull(),
    trigger: text('trigger', { enum: ['schedule', 'manual'] }).notNull(),
    at: integer('at').notNull(),
    ok: integer('ok', { mode: 'boolean' }).notNull(),
    /** Counts as JSON (`{"employeesAdded":3,…}`); never names or numbers of people. */
    summary: text('summary').notNull().default('{}'),
    error: text('error'),
  },
  (t) => [index('connector_runs_connector').on(t.connector, t.kind, t.at)],
);
