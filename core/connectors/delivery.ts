/**
 * Delivering `core.notification` events to one connector: the handler of its durable outbox
 * subscriber `connector:<id>`. A throw from the platform leaves the delivery pending for the
 * outbox's retries; recipients already handed over are kept in `connector_sent`, so a retry
 * after a partial failure sends only to those still waiting (nobody gets it twice).
 */
import type { Logger } from 'pino';
import type { EventMeta, Locale, Translate } from '../sdk.js';
import { groupByLocale, messageUrl, renderMessage } from './notify.js';
import type { ConnectorStore } from './store.js';
import type { ConnectorDef, NotificationEvent } from './types.js';

export interface DeliveryDeps {
  store: ConnectorStore;
  translator(locale: Locale): Translate;
  defaultLocale: Locale;
  publicUrl(): string;
  log: Logger;
  now(): number;
}

export interface DeliveryOutcome {
  status: 'idle' | 'sent';
  sent: number;
  invalid: number;
  /** Employees to tell who have no account on this platform. */
  unlinked: number;
}

export function createDeliveryHandler(def: ConnectorDef, deps: DeliveryDeps) {
  const log = deps.log.child({ connector: def.id });
  return async function deliverNotification(event: NotificationEvent, meta: Pick<EventMeta, 'eventId'>): Promise<DeliveryOutcome> {
    const outcome: DeliveryOutcome = { status: 'idle', sent: 0, invalid: 0, unlinked: 0 };
    // Not configured: marked delivered, or notifications would pile up for a connector nobody set up.
    if (!def.deliver || !def.configured()) {
      log.info({ eventId: meta.eventId, category: event.request.category }, 'notification not sent: connector not configured');
      return outcome;
    }
    const { request } = event;
    const recipients = deps.store.recipients(def.id, request.to);
    outcome.unlinked = request.to.length - recipients.length;
    const already = deps.store.sentTo(def.id, meta.eventId);
    const waiting = recipients.filter((r) => !already.has(r.remoteUserId));
    const url = messageUrl(deps.publicUrl(), request.path, def.signIn ? def.id : null);
    outcome.status = 'sent';
    for (const group of groupByLocale(waiting, deps.defaultLocale)) {
      const message = renderMessage(deps.translator(group.locale), request, group.locale, url);
      const remoteUserIds = group.recipients.map((r) => r.remoteUserId);
      const result = await def.deliver(message, { remoteUserIds, employeeIds: group.recipients.map((r) => r.employeeId) });
      const invalid = new Set((result?.invalid ?? []).filter((id) => remoteUserIds.includes(id)));
      deps.store.recordSent(def.id, meta.eventId, remoteUserIds, invalid, deps.now());
      outcome.sent += remoteUserIds.length - invalid.size;
      outcome.invalid += invalid.size;
      if (invalid.size) log.warn({ eventId: meta.eventId, invalid: [...invalid] }, 'the platform does not know these recipients: check their links');
    }
    if (outcome.unlinked) log.debug({ eventId: meta.eventId, unlinked: outcome.unlinked }, 'recipients without a linked account were skipped');
    return outcome;
  };
}
