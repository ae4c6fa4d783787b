/**
 * SQL of the outbox (`core_outbox_events` + `core_outbox_deliveries`).
 *
 * Raw better-sqlite3 statements rather than drizzle: the bus runs on the hot
 * path of every write that raises an event, and the queries are few and fixed.
 * Statements are prepared on first use, so a bus can be created before the core
 * migrations have run (they only need to have run by the first emit).
 */
import type Database from 'better-sqlite3';

export type DeliveryStatus = 'pending' | 'done' | 'dead';

/** A pending delivery that is due, joined with its event. */
export interface DueDelivery {
  id: number;
  eventId: string;
  subscriber: string;
  attempts: number;
  name: string;
  payload: string;
  createdAt: number;
}

export interface DeadLetter {
  id: number;
  eventId: string;
  event: string;
  subscriber: string;
  attempts: number;
  lastError: string | null;
  updatedAt: Date;
  payload: unknown;
}

/** A dead letter as stored: time in ms, payload as JSON text. */
type DeadRow = Omit<DeadLetter, 'updatedAt' | 'payload'> & { updatedAt: number; payload: string };

/** The key that ties a delivery to a handler: a subscriber only gets the event it subscribed to. */
export function routeKey(subscriber: string, event: string): string {
  return `${subscriber}\n${event}`;
}

function parsePayload(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text; // written by us, so this should not happen; show the raw text rather than fail the admin page
  }
}

export type OutboxStore = ReturnType<typeof createOutboxStore>;

export function createOutboxStore(sqlite: Database.Database) {
  let cached: ReturnType<typeof prepare> | null = null;
  const s = () => (cached ??= prepare(sqlite));

  return {
    insertEvent(id: string, name: string, payload: string, source: string, subscribers: string[], now: number): void {
      const st = s();
      st.insertEvent.run(id, name, payload, source, now);
      // Inserted in registration order, so ascending ids replay that order in drain().
      for (const sub of subscribers) st.insertDelivery.run(id, sub, now, now);
    },

    /** Due pending deliveries after `afterId` whose (subscriber, event) is in `routes`, oldest first. */
    due(now: number, afterId: number, routes: string[], limit: number): DueDelivery[] {
      if (routes.length === 0) return [];
      return s().due.all(now, afterId, JSON.stringify(routes), limit) as DueDelivery[];
    },

    markDone(id: number, attempts: number, now: number): void {
      s().markDone.run(attempts, now, now, id);
    },

    markFailed(id: number, attempts: number, error: string, nextAttemptAt: number, dead: boolean, now: number): void {
      s().markFailed.run(dead ? 'dead' : 'pending', attempts, error, nextAttemptAt, now, id);
    },

    deadLetters(limit: number, offset: number): DeadLetter[] {
      const rows = s().deadLetters.all(limit, offset) as DeadRow[];
      return rows.map((r) => ({ ...r, updatedAt: new Date(r.updatedAt), payload: parsePayload(r.payload) }));
    },

    counts(): Record<DeliveryStatus, number> {
      const out: Record<DeliveryStatus, number> = { pending: 0, done: 0, dead: 0 };
      for (const row of s().counts.all() as { status: string; n: number }[]) {
        if (row.status in out) out[row.status as DeliveryStatus] = row.n;
      }
      return out;
    },

    /** Dead → pending, attempts reset, due now. False when there is no such dead delivery. */
    revive(id: number, now: number): boolean {
      return s().revive.run(now, now, id).changes > 0;
    },

    /** Returns the number of rows removed (deliveries + events). */
    purge(cutoff: number): number {
      const st = s();
      return sqlite.transaction(() => {
        const deliveries = st.purgeDeliveries.run(cutoff).changes;
        // Only events with no delivery left at all: an old event whose delivery was
        // revived and delivered recently keeps its row until that one ages out too,
        // and deleting it would cascade to it.
        const events = st.purgeEvents.run(cutoff).changes;
        return deliveries + events;
      })();
    },
  };
}

function prepare(sqlite: Database.Database) {
  return {
    insertEvent: sqlite.prepare('INSERT INTO core_outbox_events (id, name, payload, source, created_at) VALUES (?, ?, ?, ?, ?)'),
    insertDelivery: sqlite.prepare(
      `INSERT INTO core_outbox_deliveries (event_id, subscriber, status, attempts, next_attempt_at, updated_at)
       VALUES (?, ?, 'pending', 0, ?, ?)`,
    ),
    // Deliveries of subscribers not registered now (plugin off) are filtered out in SQL,
    // so they stay pending untouched and cost nothing but this filter.
    due: sqlite.prepare(
      `SELECT d.id, d.event_id AS eventId, d.subscriber, d.attempts, e.name, e.payload, e.created_at AS createdAt
       FROM core_outbox_deliveries d JOIN core_outbox_events e ON e.id = d.event_id
       WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND d.id > ?
         AND (d.subscriber || char(10) || e.name) IN (SELECT value FROM json_each(?))
       ORDER BY d.id LIMIT ?`,
    ),
    markDone: sqlite.prepare(
      `UPDATE core_outbox_deliveries SET status = 'done', attempts = ?, delivered_at = ?, updated_at = ? WHERE id = ?`,
    ),
    markFailed: sqlite.prepare(
      `UPDATE core_outbox_deliveries SET status = ?, attempts = ?, last_error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?`,
    ),
    deadLetters: sqlite.prepare(
      `SELECT d.id, d.event_id AS eventId, e.name AS event, d.subscriber, d.attempts, d.last_error AS lastError,
              d.updated_at AS updatedAt, e.payload
       FROM core_outbox_deliveries d JOIN core_outbox_events e ON e.id = d.event_id
       WHERE d.status = 'dead' ORDER BY d.updated_at DESC, d.id DESC LIMIT ? OFFSET ?`,
    ),
    counts: sqlite.prepare('SELECT status, count(*) AS n FROM core_outbox_deliveries GROUP BY status'),
    revive: sqlite.prepare(
      `UPDATE core_outbox_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ?
       WHERE id = ? AND status = 'dead'`,
    ),
    purgeDeliveries: sqlite.prepare(`DELETE FROM core_outbox_deliveries WHERE status = 'done' AND updated_at < ?`),
    purgeEvents: sqlite.prepare(
      `DELETE FROM core_outbox_events WHERE created_at < ?
       AND NOT EXISTS (SELECT 1 FROM core_outbox_deliveries d WHERE d.event_id = core_outbox_events.id)`,
    ),
  };
}
