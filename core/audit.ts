/** The audit log: append-only rows of who did what, when, from where. */
import type Database from 'better-sqlite3';
import type { AuditEntry, HrContext } from './sdk.js';
import { clientIp } from './http/security.js';
import { prepared } from './db/statements.js';

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

export function audit(sqlite: Database.Database, c: HrContext | null, entry: AuditEntry, trustProxy = false): void {
  const user = c?.get('user') ?? null;
  prepared(
    sqlite,
    `INSERT INTO core_audit_log (at, user_id, user_login, ip, request_id, action, entity, entity_id, before, after)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    Date.now(),
    user?.id ?? null,
    user?.login ?? null,
    c ? clientIp(c, trustProxy) : null,
    c?.get('requestId') ?? null,
    entry.action,
    entry.entity,
    entry.entityId == null ? null : String(entry.entityId),
    json(entry.before),
    json(entry.after),
  );
}
