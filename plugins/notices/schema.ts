/** Tables of the notices plugin. Every table name starts with the plugin id. */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

export const notices = sqliteTable(
  'notices_notices',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    body: text('body').notNull(),
    pinned: integer('pinned', { mode: 'boolean' }).notNull().default(false),
    /** draft | published | archived */
    status: text('status').notNull().default('published'),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
    /** After this moment the daily job archives the notice. */
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }),
    authorId: integer('author_id'),
    authorName: text('author_name'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [index('notices_status_published').on(t.status, t.publishedAt)],
);

/** Who has read which notice: gives "unread" badges and read counts for HR. */
export const noticeReads = sqliteTable(
  'notices_reads',
  {
    noticeId: integer('notice_id')
      .notNull()
      .references(() => notices.id, { onDelete: 'cascade' }),
    userId: integer('user_id').notNull(),
    readAt: integer('read_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.noticeId, t.userId] })],
);
