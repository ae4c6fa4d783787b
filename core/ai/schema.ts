/**
 * core.ai tables: the embedding vector cache and LLM usage per day and feature.
 * Times are milliseconds since the epoch, like the other core tables.
 */
import { sql } from 'drizzle-orm';
import { blob, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

/**
 * Embedding vectors by model and SHA-256 of the (prefixed) text: the same résumé or FAQ is
 * embedded once per model, across restarts. `vector` holds little-endian float32s.
 */
export const aiVectors = sqliteTable(
  'ai_vectors',
  {
    model: text('model').notNull(),
    hash: text('hash').notNull(),
    dims: integer('dims').notNull(),
    vector: blob('vector', { mode: 'buffer' }).notNull(),
    createdAt: integer('created_at').notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.model, t.hash] })],
);

/** LLM calls per day (in the suite's time zone), feature and model: what the admin page sums up. */
export const aiUsage = sqliteTable(
  'ai_usage',
  {
    day: text('day').notNull(),
    feature: text('feature').notNull(),
    model: text('model').notNull(),
    calls: integer('calls').notNull().default(0),
    failures: integer('failures').notNull().default(0),
    promptTokens: integer('prompt_tokens').notNull().default(0),
    completionTokens: integer('completion_tokens').notNull().default(0),
    /** Sum of call durations, for the average shown to admins. */
    totalMs: integer('total_ms').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.feature, t.model] })],
);
