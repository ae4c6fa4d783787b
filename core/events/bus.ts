/**
 * Typed in-process event bus with a durable outbox.
 *
 * emit() writes the event and one delivery row per subscriber, in the caller's
 * transaction when there is one, so an event exists exactly when the change that
 * raised it was committed. Delivery happens later (setImmediate, after that
 * synchronous better-sqlite3 transaction has ended) by drain(), which runs each
 * handler and records the outcome on its own row: one failing subscriber is
 * retried with exponential backoff without touching the others.
 *
 * Delivery is AT-LEAST-ONCE. The handler runs first and its row is marked done
 * afterwards; a crash (or a failed write) in between leaves the row pending, and
 * the handler runs again after restart. Handlers must therefore be idempotent,
 * keyed on `meta.eventId`, which is the same on every attempt.
 *
 * Payloads are stored as JSON and every handler (first attempt included) gets the
 * payload parsed back from the row, so a handler sees the same value on the first
 * try and after a restart: a Date arrives as an ISO string, a Map as `{}`.
 *
 * No ordering is promised across events once retries are involved: a subscriber
 * may get event 2 while event 1 waits for its next attempt.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { EventMeta, Events } from '../sdk.js';
import { createOutboxStore, routeKey, type DeadLetter } from './store.js';

export type { DeadLetter } from './store.js';

export type EventHandler = (payload: unknown, meta: EventMeta) => void | Promise<void>;

export interface EventBusOptions {
  sqlite: Database.Database;
  log: Logger;
  /** Attempts before a delivery is dead (kept for an admin to retry). */
  maxAttempts: number;
  /** Delay before the 2nd attempt; doubles each time, capped at one hour. */
  retryBaseMs: number;
  /** Clock, for tests. */
  now?: () => number;
}

export interface DrainResult {
  delivered: number;
  failed: number;
  dead: number;
}

export interface EventBus {
  on(pluginId: string, event: string, name: string, handler: EventHandler): void;
  off(pluginId: string): void;
  emit(source: string, event: string, payload: unknown): string;
  forPlugin(pluginId: string): Events;
  drain(): Promise<DrainResult>;
  start(pollMs?: number): void;
  stop(): Promise<void>;
  deadLetters(limit?: number, offset?: number): DeadLetter[];
  counts(): { pending: number; dead: number; done: number };
  retry(deliveryId: number): boolean;
  purgeDelivered(olderThanMs: number): number;
}

interface Subscriber {
  pluginId: string;
  event: string;
  handler: EventHandler;
}

const MAX_BACKOFF_MS = 3_600_000;
const MAX_ERROR_CHARS = 2000;
const BATCH = 100;

/** The message only: stacks are noise on the admin page and can leak paths. */
export function errorMessage(err: unknown): string {
  let text: string;
  try {
    text = err instanceof Error ? err.message : String(err);
  } catch {
    text = 'unknown error'; // e.g. an object without a prototype, which String() cannot convert
  }
  return text.length > MAX_ERROR_CHARS ? text.slice(0, MAX_ERROR_CHARS) : text;
}

export function backoffMs(retryBaseMs: number, attempts: number): number {
  return Math.min(retryBaseMs * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

export function createEventBus(opts: EventBusOptions): EventBus {
  const { sqlite, log } = opts;
  const now = opts.now ?? Date.now;
  const store = createOutboxStore(sqlite);
  // A Map keeps insertion order: that is the registration order handlers run in.
  const subscribers = new Map<string, Subscriber>();

  let running: Promise<DrainResult> | null = null;
  let queued: Promise<DrainResult> | null = null;
  let kickPending = false;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  /** Ask for a drain soon. Coalesced: a burst of emits costs one setImmediate. */
  function kick(): void {
    if (kickPending || stopped) return;
    kickPending = true;
    setImmediate(() => {
      kickPending = false;
      drain().catch((err: unknown) => log.error({ err: errorMessage(err) }, 'event outbox drain failed'));
    });
  }

  /**
   * At most one drain runs; callers arriving meanwhile share one queued drain that
   * starts when the running one ends, so nothing emitted during a drain is missed
   * and drains never pile up behind a slow handler.
   */
  function drain(): Promise<DrainResult> {
    if (queued) return queued;
    if (!running) return begin();
    queued = running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        queued = null;
        return begin();
      });
    return queued;
  }

  function begin(): Promise<DrainResult> {
    const p = runDrain().finally(() => {
      if (running === p) running = null;
    });
    running = p;
    return p;
  }

  async function runDrain(): Promise<DrainResult> {
    const result: DrainResult = { delivered: 0, failed: 0, dead: 0 };
    if (!sqlite.open) return result; // closed under us during shutdown: rows stay pending for next start
    if (sqlite.inTransaction) {
      // Someone holds a manual BEGIN across an await: our writes would join it. Try again shortly.
      setTimeout(kick, 10).unref();
      return result;
    }
    // Paging by id attempts each delivery at most once per drain, even with a zero backoff,
    // while still picking up events that handlers emit during this drain.
    let afterId = 0;
    for (;;) {
      const routes = [...subscribers].map(([id, s]) => routeKey(id, s.event));
      const batch = store.due(now(), afterId, routes, BATCH);
      if (batch.length === 0) return result;
      for (const row of batch) {
        afterId = row.id;
        if (!sqlite.open) return result;
        const sub = subscribers.get(row.subscriber);
        if (!sub || sub.event !== row.name) continue; // unsubscribed while this batch ran
        const attempt = row.attempts + 1;
        const meta: EventMeta = { eventId: row.eventId, attempt, emittedAt: new Date(row.createdAt) };
        try {
          await sub.handler(JSON.parse(row.payload) as unknown, meta);
        } catch (err) {
          const message = errorMessage(err);
          const dead = attempt >= opts.maxAttempts;
          const at = now();
          store.markFailed(row.id, attempt, message, at + backoffMs(opts.retryBaseMs, attempt), dead, at);
          const fields = { event: row.name, eventId: row.eventId, subscriber: row.subscriber, attempt, err: message };
          if (dead) {
            result.dead++;
            log.error(fields, 'event delivery dead after %d attempts', attempt);
          } else {
            result.failed++;
            log.warn(fields, 'event delivery failed, will retry');
          }
          continue;
        }
        store.markDone(row.id, attempt, now());
        result.delivered++;
      }
    }
  }

  function on(pluginId: string, event: string, name: string, handler: EventHandler): void {
    if (!name) throw new Error(`Plugin "${pluginId}": a subscriber of "${event}" needs a name.`);
    const id = `${pluginId}:${name}`;
    const existing = subscribers.get(id);
    if (existing) {
      throw new Error(`Subscriber "${id}" is already registered (for "${existing.event}"); subscriber names must be unique within a plugin.`);
    }
    subscribers.set(id, { pluginId, event, handler });
  }

  function emit(source: string, event: string, payload: unknown): string {
    if (payload === undefined) throw new Error(`Event "${event}" from "${source}": payload is undefined; pass null or an object.`);
    let json: string | undefined;
    try {
      json = JSON.stringify(payload);
    } catch (err) {
      throw new Error(`Event "${event}" from "${source}": payload is not JSON-serialisable: ${errorMessage(err)}`);
    }
    if (json === undefined) throw new Error(`Event "${event}" from "${source}": payload is not JSON-serialisable (${typeof payload}).`);

    const id = randomUUID();
    const subs = [...subscribers].filter(([, s]) => s.event === event).map(([subId]) => subId);
    const write = () => store.insertEvent(id, event, json, source, subs, now());
    // Inside the caller's transaction: the rows commit or roll back with its changes.
    if (sqlite.inTransaction) write();
    else sqlite.transaction(write)();
    // setImmediate runs after the current synchronous transaction has finished either way;
    // after a rollback the drain simply finds nothing.
    if (subs.length > 0) kick();
    return id;
  }

  return {
    on,
    off(pluginId) {
      for (const [id, s] of subscribers) if (s.pluginId === pluginId) subscribers.delete(id);
    },
    emit,
    forPlugin(pluginId): Events {
      return {
        // The SDK types the payload per event name; the bus itself only sees JSON.
        on: (event, name, handler) => on(pluginId, event, name, handler as EventHandler),
        emit: (event, payload) => emit(pluginId, event, payload),
      };
    },
    drain,
    start(pollMs = 1000) {
      stopped = false;
      if (timer) return;
      kick(); // resumes what a crash or a previous run left pending
      timer = setInterval(kick, pollMs);
      timer.unref(); // the HTTP server keeps the process alive; the poller should not
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      // Wait for the in-flight drain and the one queued behind it; errors were logged already.
      await (queued ?? running)?.catch(() => undefined);
    },
    deadLetters(limit = 50, offset = 0) {
      return store.deadLetters(Math.max(1, Math.min(limit, 500)), Math.max(0, offset));
    },
    counts() {
      return store.counts();
    },
    retry(deliveryId) {
      const ok = store.revive(deliveryId, now());
      if (ok) kick();
      return ok;
    },
    purgeDelivered(olderThanMs) {
      return store.purge(now() - olderThanMs);
    },
  };
}
