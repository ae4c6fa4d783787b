import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type DbHandle } from '../db/client.js';
import { migrate } from '../db/migrator.js';
import type { EventMeta } from '../sdk.js';
import { createEventBus, type EventBus, type EventBusOptions } from './index.js';

const MIGRATIONS = fileURLToPath(new URL('../db/migrations', import.meta.url));

let dir: string;
let handles: DbHandle[];
let buses: EventBus[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hr-outbox-'));
  handles = [];
  buses = [];
});

afterEach(async () => {
  for (const bus of buses) await bus.stop();
  for (const h of handles) h.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(): DbHandle {
  const h = openDatabase(join(dir, 'hr.db'));
  migrate(h.sqlite, [{ plugin: 'core', folder: MIGRATIONS }]);
  handles.push(h);
  return h;
}

function makeBus(h: DbHandle, extra: Partial<EventBusOptions> = {}): EventBus {
  const bus = createEventBus({ sqlite: h.sqlite, log: pino({ level: 'silent' }), maxAttempts: 5, retryBaseMs: 10, ...extra });
  buses.push(bus);
  return bus;
}

/** Let the drain that emit() scheduled start, then wait for it (and one more pass). */
async function settle(bus: EventBus): Promise<void> {
  await new Promise((r) => setImmediate(r));
  await bus.drain();
}

function rowCount(h: DbHandle, table: string): number {
  return (h.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

function delivery(h: DbHandle, subscriber: string) {
  return h.sqlite.prepare('SELECT * FROM core_outbox_deliveries WHERE subscriber = ?').get(subscriber) as
    | { status: string; attempts: number; last_error: string | null; next_attempt_at: number; delivered_at: number | null }
    | undefined;
}

describe('event bus', () => {
  it('delivers an event emitted outside a transaction with its meta', async () => {
    const h = open();
    const bus = makeBus(h);
    const got: { payload: unknown; meta: EventMeta }[] = [];
    bus.on('notices', 'notices.published', 'mail', (payload, meta) => {
      got.push({ payload, meta });
    });
    const id = bus.emit('notices', 'notices.published', { id: 7, title: '放假通知' });
    expect(got).toHaveLength(0); // delivered asynchronously, never inside emit()
    await settle(bus);
    expect(got).toHaveLength(1);
    expect(got[0]!.payload).toEqual({ id: 7, title: '放假通知' });
    expect(got[0]!.meta.eventId).toBe(id);
    expect(got[0]!.meta.attempt).toBe(1);
    expect(got[0]!.meta.emittedAt).toBeInstanceOf(Date);
    expect(bus.counts()).toEqual({ pending: 0, dead: 0, done: 1 });
    expect(delivery(h, 'notices:mail')!.delivered_at).not.toBeNull();
  });

  it('drops an event whose transaction rolls back', async () => {
    const h = open();
    const bus = makeBus(h);
    const handler = vi.fn();
    bus.on('p', 'e', 'h', handler);
    const tx = h.sqlite.transaction(() => {
      bus.emit('p', 'e', { n: 1 });
      throw new Error('boom');
    });
    expect(() => tx()).toThrow('boom');
    await settle(bus);
    expect(handler).not.toHaveBeenCalled();
    expect(rowCount(h, 'core_outbox_events')).toBe(0);
    expect(rowCount(h, 'core_outbox_deliveries')).toBe(0);
  });

  it('delivers an event of a committed transaction only after the commit', async () => {
    const h = open();
    const bus = makeBus(h);
    const handler = vi.fn();
    bus.on('p', 'e', 'h', handler);
    h.sqlite.transaction(() => {
      bus.emit('p', 'e', { n: 1 });
      expect(h.sqlite.inTransaction).toBe(true);
      expect(handler).not.toHaveBeenCalled();
    })();
    expect(handler).not.toHaveBeenCalled();
    await settle(bus);
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler.mock.calls[0]![0]).toEqual({ n: 1 });
  });

  it('retries a failing subscriber with backoff without re-delivering to the others', async () => {
    const h = open();
    let t = 1_000_000;
    const bus = makeBus(h, { now: () => t, retryBaseMs: 10 });
    const attempts: number[] = [];
    bus.on('a', 'e', 'flaky', (_p, meta) => {
      attempts.push(meta.attempt);
      if (attempts.length <= 2) throw new Error(`nope ${attempts.length}`);
    });
    const steady = vi.fn();
    bus.on('b', 'e', 'steady', steady);
    bus.emit('src', 'e', { n: 1 });

    expect(await bus.drain()).toEqual({ delivered: 1, failed: 1, dead: 0 });
    const first = delivery(h, 'a:flaky')!;
    expect(first).toMatchObject({ status: 'pending', attempts: 1, last_error: 'nope 1', next_attempt_at: t + 10 });
    expect(await bus.drain()).toEqual({ delivered: 0, failed: 0, dead: 0 }); // not due yet

    t += 10;
    expect(await bus.drain()).toEqual({ delivered: 0, failed: 1, dead: 0 });
    expect(delivery(h, 'a:flaky')!.next_attempt_at).toBe(t + 20); // doubled

    t += 19;
    expect((await bus.drain()).delivered).toBe(0);
    t += 1;
    expect(await bus.drain()).toEqual({ delivered: 1, failed: 0, dead: 0 });
    expect(attempts).toEqual([1, 2, 3]);
    expect(steady).toHaveBeenCalledTimes(1);
    expect(delivery(h, 'a:flaky')).toMatchObject({ status: 'done', attempts: 3 });
  });

  it('marks a delivery dead after maxAttempts, lists it, and retry() revives it', async () => {
    const h = open();
    let t = 5_000;
    const log = pino({ level: 'silent' });
    const errorSpy = vi.spyOn(log, 'error');
    const bus = makeBus(h, { now: () => t, maxAttempts: 3, log });
    let broken = true;
    const metas: EventMeta[] = [];
    bus.on('p', 'e', 'h', (_p, meta) => {
      metas.push(meta);
      if (broken) throw new Error(`broken ${meta.attempt}`);
    });
    const eventId = bus.emit('p', 'e', { who: 'ada' });
    await bus.drain();
    t += 10;
    await bus.drain();
    t += 20;
    expect(await bus.drain()).toEqual({ delivered: 0, failed: 0, dead: 1 });
    t += 1_000_000;
    expect((await bus.drain()).failed).toBe(0); // dead rows are never picked up again
    expect(errorSpy).toHaveBeenCalledTimes(1);

    expect(bus.counts()).toEqual({ pending: 0, dead: 1, done: 0 });
    const [dead] = bus.deadLetters();
    expect(dead).toMatchObject({ eventId, event: 'e', subscriber: 'p:h', attempts: 3, lastError: 'broken 3', payload: { who: 'ada' } });
    expect(dead!.updatedAt).toBeInstanceOf(Date);

    broken = false;
    expect(bus.retry(dead!.id)).toBe(true);
    expect(bus.retry(dead!.id)).toBe(false); // pending now, not dead
    expect(bus.retry(999_999)).toBe(false);
    await settle(bus);
    expect(metas.at(-1)!.attempt).toBe(1); // attempts were reset
    expect(metas.at(-1)!.eventId).toBe(eventId);
    expect(bus.counts()).toEqual({ pending: 0, dead: 0, done: 1 });
    expect(bus.deadLetters()).toEqual([]);
  });

  it('resumes deliveries left by a crash exactly once', async () => {
    const a = open();
    const busA = makeBus(a);
    const handlerA = vi.fn();
    busA.on('p', 'e', 'h', handlerA);
    busA.emit('p', 'e', { n: 1 });
    a.close(); // "crash" before the scheduled drain could run

    await new Promise((r) => setImmediate(r)); // bus A's drain finds the database closed and does nothing
    expect(handlerA).not.toHaveBeenCalled();

    const b = open();
    const busB = makeBus(b);
    const handlerB = vi.fn();
    busB.on('p', 'e', 'h', handlerB);
    busB.start(20);
    await vi.waitFor(() => expect(handlerB).toHaveBeenCalledTimes(1), { timeout: 2000 });
    await new Promise((r) => setTimeout(r, 100)); // several more polls
    await busB.drain();
    expect(handlerB).toHaveBeenCalledTimes(1);
    expect(handlerA).not.toHaveBeenCalled();
    expect(busB.counts()).toEqual({ pending: 0, dead: 0, done: 1 });
  });

  it('keeps deliveries of an unregistered subscriber pending until it registers again', async () => {
    const h = open();
    const bus = makeBus(h);
    const before = vi.fn();
    bus.on('extra', 'e', 'listen', before);
    bus.emit('core', 'e', { n: 1 });
    bus.off('extra'); // plugin switched off before delivery
    await settle(bus);
    expect(before).not.toHaveBeenCalled();
    expect(delivery(h, 'extra:listen')).toMatchObject({ status: 'pending', attempts: 0, last_error: null });

    bus.emit('core', 'e', { n: 2 }); // raised while off: no subscriber, so no delivery row
    expect(rowCount(h, 'core_outbox_events')).toBe(2);
    expect(rowCount(h, 'core_outbox_deliveries')).toBe(1);

    const after = vi.fn();
    bus.on('extra', 'e', 'listen', after);
    await bus.drain();
    expect(after).toHaveBeenCalledTimes(1);
    expect(after.mock.calls[0]![0]).toEqual({ n: 1 });
  });

  it('does not hand a stale delivery to a subscriber name reused for another event', async () => {
    const h = open();
    const bus = makeBus(h);
    bus.on('p', 'old.event', 'h', () => undefined);
    bus.emit('p', 'old.event', { n: 1 });
    bus.off('p');
    const handler = vi.fn();
    bus.on('p', 'new.event', 'h', handler);
    await settle(bus);
    expect(handler).not.toHaveBeenCalled();
    expect(bus.counts().pending).toBe(1);
  });

  it('refuses payloads that cannot be stored as JSON, and duplicate subscribers', () => {
    const h = open();
    const bus = makeBus(h);
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => bus.emit('p', 'e', undefined)).toThrow(/"e" from "p": payload is undefined/);
    expect(() => bus.emit('p', 'e', circular)).toThrow(/not JSON-serialisable/);
    expect(() => bus.emit('p', 'e', () => 1)).toThrow(/not JSON-serialisable/);
    expect(() => bus.emit('p', 'e', { big: 1n })).toThrow(/not JSON-serialisable/);
    expect(rowCount(h, 'core_outbox_events')).toBe(0);
    bus.on('p', 'e', 'h', () => undefined);
    expect(() => bus.on('p', 'other', 'h', () => undefined)).toThrow(/"p:h" is already registered/);
    bus.on('q', 'e', 'h', () => undefined); // same name in another plugin is another subscriber
  });

  it('runs one drain at a time, in registration order, and delivers events raised by handlers', async () => {
    const h = open();
    const bus = makeBus(h);
    const order: string[] = [];
    let active = 0;
    let maxActive = 0;
    const slow = (label: string) => async (payload: unknown) => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 5));
      order.push(`${label}:${(payload as { n: number }).n}`);
      active--;
    };
    bus.on('a', 'e', 'first', slow('first'));
    bus.on('b', 'e', 'second', slow('second'));
    bus.on('c', 'e', 'chain', (payload) => {
      if ((payload as { n: number }).n === 1) bus.emit('c', 'e', { n: 2 });
    });
    bus.emit('p', 'e', { n: 1 });
    await Promise.all([bus.drain(), bus.drain(), bus.drain(), settle(bus)]);
    await settle(bus);
    expect(maxActive).toBe(1);
    expect(order).toEqual(['first:1', 'second:1', 'first:2', 'second:2']);
    expect(bus.counts()).toEqual({ pending: 0, dead: 0, done: 6 });
  });

  it('binds forPlugin() to the plugin id and purges old delivered events', async () => {
    const h = open();
    let t = 1_000;
    const bus = makeBus(h, { now: () => t });
    // HrEvents is empty in core; plugins augment it. Loosen the types for the test.
    const events = bus.forPlugin('notices') as unknown as {
      on(event: string, name: string, handler: (p: unknown) => void): void;
      emit(event: string, payload: unknown): string;
    };
    const handler = vi.fn();
    events.on('e', 'h', handler);
    const id = events.emit('e', { n: 1 });
    bus.emit('x', 'unheard', null); // stored for audit, no deliveries
    await bus.drain();
    expect(handler).toHaveBeenCalledTimes(1);
    const row = h.sqlite.prepare('SELECT source FROM core_outbox_events WHERE id = ?').get(id) as { source: string };
    expect(row.source).toBe('notices');
    expect(delivery(h, 'notices:h')!.status).toBe('done');

    expect(bus.purgeDelivered(60_000)).toBe(0); // nothing old enough yet
    t += 120_000;
    expect(bus.purgeDelivered(60_000)).toBe(3); // one delivery + two events
    expect(rowCount(h, 'core_outbox_events')).toBe(0);
  });
});
