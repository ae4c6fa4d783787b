/** Instance-wide settings stored in core_settings as JSON. */
import type Database from 'better-sqlite3';
import { prepared } from './db/statements.js';

export function getSetting<T>(sqlite: Database.Database, key: string): T | undefined {
  const row = prepared(sqlite, 'SELECT value FROM core_settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as T) : undefined;
}

export function setSetting(sqlite: Database.Database, key: string, value: unknown): void {
  prepared(sqlite, 'INSERT INTO core_settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
    .run(key, JSON.stringify(value), Date.now());
}
