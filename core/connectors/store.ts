/**
 * SQL of the connector layer: links between employees and platform accounts, department links,
 * the per-recipient delivery ledger and the sync history. Raw better-sqlite3 statements, prepared
 * on first use (the bus and jobs may be built before migrations have run).
 */
import type Database from 'better-sqlite3';
import type { AuditFn } from '../people/context.js';
import { HttpError, type HrContext, type Locale } from '../sdk.js';
import type { LinkVia } from './types.js';

export interface ConnectorLink {
  connector: string;
  remoteUserId: string;
  employeeId: number;
  linkedAt: Date;
  via: LinkVia;
}

/** A linked recipient with the language of their account (null: none set, or no account). */
export interface LinkedRecipient {
  employeeId: number;
  remoteUserId: string;
  locale: Locale | null;
}

export interface SyncRun {
  connector: string;
  kind: 'org' | 'punches';
  trigger: 'schedule' | 'manual';
  at: Date;
  ok: boolean;
  summary: Record<string, number | string>;
  error: string | null;
}

type LinkRow = { connector: string; remoteUserId: string; employeeId: number; linkedAt: number; via: LinkVia };

export type ConnectorStore = ReturnType<typeof createConnectorStore>;

export function createConnectorStore(sqlite: Database.Database, audit: AuditFn) {
  let cached: ReturnType<typeof prepare> | null = null;
  const s = () => (cached ??= prepare(sqlite));
  const toLink = (r: LinkRow): ConnectorLink => ({ ...r, linkedAt: new Date(r.linkedAt) });

  const store = {
    employeeOf(connector: string, remoteUserId: string): number | null {
      return (s().employeeOf.get(connector, remoteUserId) as { employeeId: number } | undefined)?.employeeId ?? null;
    },

    remoteIdOf(connector: string, employeeId: number): string | null {
      return (s().remoteOf.get(connector, employeeId) as { remoteUserId: string } | undefined)?.remoteUserId ?? null;
    },

    /** Employee id → remote id, for those of `employeeIds` who are linked. */
    remoteIdsOf(connector: string, employeeIds: readonly number[]): Map<number, string> {
      if (employeeIds.length === 0) return new Map();
      const rows = s().remotesOf.all(connector, JSON.stringify([...new Set(employeeIds)])) as { employeeId: number; remoteUserId: string }[];
      return new Map(rows.map((r) => [r.employeeId, r.remoteUserId]));
    },

    links(connector: string): ConnectorLink[] {
      return (s().links.all(connector) as LinkRow[]).map(toLink);
    },

    count(connector: string): number {
      return (s().count.get(connector) as { n: number }).n;
    },

    /** Linked recipients among `employeeIds`, with their account's language. */
    recipients(connector: string, employeeIds: readonly number[]): LinkedRecipient[] {
      if (employeeIds.length === 0) return [];
      const rows = s().recipients.all(connector, JSON.stringify([...new Set(employeeIds)])) as { employeeId: number; remoteUserId: string; locale: string | null }[];
      return rows.map((r) => ({ ...r, locale: r.locale === 'zh-CN' || r.locale === 'en' ? r.locale : null }));
    },

    /**
     * Link `employeeId` to `remoteUserId` (replacing the employee's previous account on this
     * connector). Refused with 409 when the account belongs to another employee. Audited.
     * Returns false when the link already stood as asked.
     */
    link(c: HrContext | null, link: { connector: string; employeeId: number; remoteUserId: string; via: LinkVia }, at = Date.now()): boolean {
      const { connector, employeeId, remoteUserId, via } = link;
      return sqlite.transaction(() => {
        if (!s().employeeExists.get(employeeId)) throw new HttpError(404, 'core.connectors.error.no_employee');
        const owner = store.employeeOf(connector, remoteUserId);
        if (owner === employeeId) return false;
        if (owner !== null) throw new HttpError(409, 'core.connectors.error.remote_taken', { remote: remoteUserId });
        const before = store.remoteIdOf(connector, employeeId);
        if (before !== null) s().unlink.run(connector, employeeId);
        s().insertLink.run(connector, remoteUserId, employeeId, at, via);
        audit(c, { action: 'connectors.link', entity: 'people.employee', entityId: employeeId, before: before === null ? null : { connector, remoteUserId: before }, after: { connector, remoteUserId, via } });
        return true;
      })();
    },

    /** Remove the employee's link on this connector. Audited; false when there was none. */
    unlink(c: HrContext | null, connector: string, employeeId: number): boolean {
      return sqlite.transaction(() => {
        const before = store.remoteIdOf(connector, employeeId);
        if (before === null) return false;
        s().unlink.run(connector, employeeId);
        audit(c, { action: 'connectors.unlink', entity: 'people.employee', entityId: employeeId, before: { connector, remoteUserId: before } });
        return true;
      })();
    },

    /** Remote department id → local department id. */
    departmentLinks(connector: string): Map<string, number> {
      const rows = s().departmentLinks.all(connector) as { remoteId: string; departmentId: number }[];
      return new Map(rows.map((r) => [r.remoteId, r.departmentId]));
    },

    linkDepartment(connector: string, remoteId: string, departmentId: number, at = Date.now()): void {
      s().unlinkDepartment.run(connector, remoteId, departmentId);
      s().insertDepartment.run(connector, remoteId, departmentId, at);
    },

    /** Remote ids this event was already handed to the platform for (sent, or refused as unknown). */
    sentTo(connector: string, eventId: string): Set<string> {
      return new Set((s().sentTo.all(connector, eventId) as { remoteUserId: string }[]).map((r) => r.remoteUserId));
    },

    recordSent(connector: string, eventId: string, remoteUserIds: readonly string[], invalid: ReadonlySet<string>, at: number): void {
      sqlite.transaction(() => {
        for (const id of remoteUserIds) s().insertSent.run(connector, eventId, id, invalid.has(id) ? 1 : 0, at);
      })();
    },

    purgeSent(before: number): number {
      return s().purgeSent.run(before).changes;
    },

    recordRun(run: SyncRun): void {
      s().insertRun.run(run.connector, run.kind, run.trigger, run.at.getTime(), run.ok ? 1 : 0, JSON.stringify(run.summary), run.error);
    },

    lastRun(connector: string, kind: SyncRun['kind']): SyncRun | null {
      const r = s().lastRun.get(connector, kind) as { connector: string; kind: SyncRun['kind']; trigger: SyncRun['trigger']; at: number; ok: number; summary: string; error: string | null } | undefined;
      if (!r) return null;
      return { ...r, at: new Date(r.at), ok: r.ok === 1, summary: JSON.parse(r.summary) as SyncRun['summary'] };
    },
  };
  return store;
}

function prepare(sqlite: Database.Database) {
  const inList = `(SELECT value FROM json_each(?))`;
  return {
    employeeOf: sqlite.prepare('SELECT employee_id AS employeeId FROM connector_links WHERE connector = ? AND remote_user_id = ?'),
    remoteOf: sqlite.prepare('SELECT remote_user_id AS remoteUserId FROM connector_links WHERE connector = ? AND employee_id = ?'),
    remotesOf: sqlite.prepare(`SELECT employee_id AS employeeId, remote_user_id AS remoteUserId FROM connector_links WHERE connector = ? AND employee_id IN ${inList}`),
    links: sqlite.prepare(
      'SELECT connector, remote_user_id AS remoteUserId, employee_id AS employeeId, linked_at AS linkedAt, via FROM connector_links WHERE connector = ? ORDER BY employee_id',
    ),
    count: sqlite.prepare('SELECT count(*) AS n FROM connector_links WHERE connector = ?'),
    recipients: sqlite.prepare(
      `SELECT l.employee_id AS employeeId, l.remote_user_id AS remoteUserId, u.locale AS locale
       FROM connector_links l JOIN people_employees e ON e.id = l.employee_id LEFT JOIN core_users u ON u.id = e.user_id
       WHERE l.connector = ? AND l.employee_id IN ${inList} ORDER BY l.employee_id`,
    ),
    employeeExists: sqlite.prepare('SELECT 1 FROM people_employees WHERE id = ?'),
    insertLink: sqlite.prepare('INSERT INTO connector_links (connector, remote_user_id, employee_id, linked_at, via) VALUES (?, ?, ?, ?, ?)'),
    unlink: sqlite.prepare('DELETE FROM connector_links WHERE connector = ? AND employee_id = ?'),
    departmentLinks: sqlite.prepare('SELECT remote_id AS remoteId, department_id AS departmentId FROM connector_departments WHERE connector = ?'),
    unlinkDepartment: sqlite.prepare('DELETE FROM connector_departments WHERE connector = ? AND (remote_id = ? OR department_id = ?)'),
    insertDepartment: sqlite.prepare('INSERT INTO connector_departments (connector, remote_id, department_id, linked_at) VALUES (?, ?, ?, ?)'),
    sentTo: sqlite.prepare('SELECT remote_user_id AS remoteUserId FROM connector_sent WHERE connector = ? AND event_id = ?'),
    insertSent: sqlite.prepare('INSERT OR IGNORE INTO connector_sent (connector, event_id, remote_user_id, invalid, sent_at) VALUES (?, ?, ?, ?, ?)'),
    purgeSent: sqlite.prepare('DELETE FROM connector_sent WHERE sent_at < ?'),
    insertRun: sqlite.prepare('INSERT INTO connector_runs (connector, kind, trigger, at, ok, summary, error) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    lastRun: sqlite.prepare(
      'SELECT connector, kind, trigger, at, ok, summary, error FROM connector_runs WHERE connector = ? AND kind = ? ORDER BY at DESC, id DESC LIMIT 1',
    ),
  };
}
