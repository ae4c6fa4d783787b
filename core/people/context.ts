/** What the parts of the people service share: handles, clock, the sealing box, events and audit. */
import type Database from 'better-sqlite3';
import type { AuditEntry, Db, HrContext } from '../sdk.js';
import type { PeopleEventSink } from './events.js';
import type { SensitiveBox } from './sensitive.js';

/** `PluginContext.audit`'s shape: attributed to the request's user and address when `c` is given. */
export type AuditFn = (c: HrContext | null, entry: AuditEntry) => void;

export interface PeopleContext {
  db: Db;
  sqlite: Database.Database;
  box: SensitiveBox;
  events: PeopleEventSink;
  audit: AuditFn;
  now(): Date;
  /** `YYYY-MM-DD` in the instance's time zone. */
  today(): string;
}

/** Total pages for a list: at least one, so "page 1 of 1" shows for an empty result. */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}
