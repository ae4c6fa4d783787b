/** Tables of the WeCom connector. Every table name starts with the plugin id. */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Callbacks already acted on, by message key (`msg:<MsgId>`, or who/when/what for events):
 * WeCom repeats a callback it got no answer to in time, also across our restarts. Rows older
 * than two days are deleted as new ones arrive.
 */
export const inbound = sqliteTable(
  'wecom_inbound',
  {
    key: text('key').primaryKey(),
    receivedAt: integer('received_at', { mode: 'timestamp_ms' })
      .notNull()
      .default(sql`(cast(unixepoch('subsecond') * 1000 as integer))`),
  },
  (t) => [index('wecom_inbound_received').on(t.receivedAt)],
);
