/**
 * The connector layer's runtime (`kernel.connectors`): the registry of connectors plugins
 * register, their links, notifications through the outbox, org sync and punch sync, and the
 * jobs and subscribers each connector gets. Routes are in core/routes/connectors.ts.
 */
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { EventBus } from '../events/index.js';
import type { I18n } from '../i18n/index.js';
import type { JobRunner } from '../jobs/index.js';
import type { AuditFn } from '../people/context.js';
import type { PeopleService } from '../people/service.js';
import { todayIn } from '../people/validate.js';
import { HttpError, type HrContext, type Locale, type PluginConnectors } from '../sdk.js';
import { createDeliveryHandler, type DeliveryOutcome } from './delivery.js';
import { parseNotificationRequest } from './notify.js';
import { applyOrgDiff, loadLocalOrg } from './org-apply.js';
import { diffHash, diffOrg, withoutLeavers, type OrgDiff } from './org-diff.js';
import { addDays, dayRange, mapPunches, type PunchSink } from './punches.js';
import { createConnectorStore, type ConnectorStore, type SyncRun } from './store.js';
import type { ConnectorDef, NotificationEvent } from './types.js';

export type * from './types.js';
export { LINK_VIA } from './types.js';

const CONNECTOR_ID = /^[a-z][a-z0-9-]{0,31}$/;
const DAY_MS = 86_400_000;
/** Longest span of one "sync now" of punches: platforms cap their check-in queries at about a month. */
export const MAX_PUNCH_DAYS = 31;

export interface RegisteredConnector {
  def: ConnectorDef;
  plugin: string;
}

export interface ConnectorsDeps {
  sqlite: Database.Database;
  /** A getter: the people service is wired after the kernel object exists. */
  people(): PeopleService;
  events: EventBus;
  jobs: JobRunner;
  i18n: I18n;
  config: { readonly publicUrl: string; locale: Locale; timezone: string };
  log: Logger;
  audit: AuditFn;
  /** The `attendance` service when that plugin is on (`kernel.services`). */
  service(name: string): unknown;
  now?: () => number;
}

export type ApplyResult = { ok: true; counts: Record<string, number> } | { ok: false; diff: OrgDiff; hash: string };

export interface PunchSyncResult {
  added: number;
  skipped: number;
  unlinked: number;
  refused: number;
}

export const syncJobId = (id: string) => `core.connector-sync:${id}`;
export const punchJobId = (id: string) => `core.connector-punches:${id}`;

export type ConnectorsRuntime = ReturnType<typeof createConnectors>;

export function createConnectors(deps: ConnectorsDeps) {
  const { sqlite, events, jobs, i18n, config } = deps;
  const now = deps.now ?? Date.now;
  const log = deps.log.child({ module: 'connectors' });
  const store: ConnectorStore = createConnectorStore(sqlite, deps.audit);
  const registry = new Map<string, RegisteredConnector>();
  const byPlugin = new Map<string, string>();

  function must(id: string): RegisteredConnector {
    const found = registry.get(id);
    if (!found) throw new HttpError(404, 'core.connectors.error.unknown');
    return found;
  }

  function register(pluginId: string, def: ConnectorDef): void {
    const where = `Plugin "${pluginId}": ctx.connectors.register`;
    if (!def || typeof def !== 'object' || !CONNECTOR_ID.test(def.id ?? '')) throw new Error(`${where}: the id must be lower-case letters, digits and dashes (got "${def?.id}").`);
    if (typeof def.configured !== 'function') throw new Error(`${where}: "${def.id}" needs configured().`);
    const mine = byPlugin.get(pluginId);
    if (mine) throw new Error(`${where}: a plugin registers one connector; "${pluginId}" already registered "${mine}".`);
    const taken = registry.get(def.id);
    if (taken) throw new Error(`${where}: connector "${def.id}" is already registered by plugin "${taken.plugin}".`);
    if (def.employeeNoPrefix !== undefined && !/^[A-Za-z0-9_]{1,20}$/.test(def.employeeNoPrefix)) throw new Error(`${where}: employeeNoPrefix may hold letters, digits and _ (1–20).`);
    registry.set(def.id, { def, plugin: pluginId });
    byPlugin.set(pluginId, def.id);

    if (def.deliver) {
      const handler = createDeliveryHandler(def, {
        store,
        translator: (locale) => i18n.translator(locale),
        defaultLocale: config.locale,
        publicUrl: () => config.publicUrl,
        log,
        now,
      });
      // Subscriber `connector:<id>`: its own delivery rows, retried apart from everyone else's.
      events.on('connector', 'core.notification', def.id, async (payload, meta) => {
        await handler(payload as NotificationEvent, meta);
      });
    }
    if (def.fetchOrg) {
      jobs.add('core', {
        id: `connector-sync:${def.id}`,
        cron: '30 2 * * *',
        label: 'core.connectors.job.sync',
        run: async ({ trigger }) => ({ summary: await scheduledSync(def.id, trigger) }),
      });
    }
    if (def.fetchPunches) {
      jobs.add('core', {
        id: `connector-punches:${def.id}`,
        cron: '0 5 * * *',
        label: 'core.connectors.job.punches',
        run: async ({ trigger }) => {
          if (!def.configured()) return { summary: 'not configured' };
          if (!attendance()) return { summary: 'attendance plugin is off' };
          const yesterday = addDays(todayIn(config.timezone, new Date(now())), -1);
          const r = await syncPunches(def.id, yesterday, yesterday, trigger);
          return { summary: `added ${r.added}, skipped ${r.skipped}, unlinked ${r.unlinked}, refused ${r.refused}` };
        },
      });
    }
  }

  function attendance(): PunchSink | undefined {
    return deps.service('attendance') as PunchSink | undefined;
  }

  /** The `core.notification` event for a plugin's request; null when there is nobody to tell. */
  function notify(source: string, input: unknown): string | null {
    const request = parseNotificationRequest(source, input);
    for (const text of [request.title, request.description]) {
      if (text && !i18n.has(config.locale, text.key)) throw new Error(`Plugin "${source}": ctx.notify: unknown message key "${text.key}" (declare it in the plugin's i18n).`);
    }
    if (request.to.length === 0) return null;
    const event: NotificationEvent = { source, request };
    return events.emit(source, 'core.notification', event);
  }

  async function dryRun(id: string): Promise<{ diff: OrgDiff; hash: string }> {
    const { def } = must(id);
    if (!def.fetchOrg) throw new HttpError(404, 'core.connectors.error.no_org');
    if (!def.configured()) throw new HttpError(409, 'core.connectors.error.not_configured');
    const remote = await def.fetchOrg();
    // Read right after the fetch and diffed synchronously: an apply that follows sees the same local state.
    const diff = diffOrg(remote, loadLocalOrg(sqlite, store, id));
    return { diff, hash: diffHash(diff) };
  }

  function apply(id: string, diff: OrgDiff, c: HrContext | null, trigger: SyncRun['trigger']): Record<string, number> {
    const { def } = must(id);
    const t = i18n.translator(config.locale);
    return applyOrgDiff(diff, c, {
      sqlite,
      people: deps.people(),
      store,
      audit: deps.audit,
      connector: id,
      employeeNoPrefix: def.employeeNoPrefix ?? id.toUpperCase().replace(/-/g, '_'),
      today: () => todayIn(config.timezone, new Date(now())),
      leaveReason: (reason) => t(`core.connectors.sync.left.${reason}`, { connector: def.name[config.locale] }),
      trigger,
    });
  }

  function recordRun(connector: string, kind: SyncRun['kind'], trigger: SyncRun['trigger'], run: () => SyncRun['summary']): SyncRun['summary'] {
    try {
      const summary = run();
      store.recordRun({ connector, kind, trigger, at: new Date(now()), ok: true, summary, error: null });
      return summary;
    } catch (err) {
      store.recordRun({ connector, kind, trigger, at: new Date(now()), ok: false, summary: {}, error: (err as Error).message.slice(0, 2000) });
      throw err;
    }
  }

  /** The admin's apply: exactly the diff they saw, or (the platform changed meanwhile) the new dry run. */
  async function applyReviewed(id: string, c: HrContext, expectedHash: string): Promise<ApplyResult> {
    const { diff, hash } = await dryRun(id);
    if (hash !== expectedHash) return { ok: false, diff, hash };
    return { ok: true, counts: recordRun(id, 'org', 'manual', () => apply(id, diff, c, 'manual')) as Record<string, number> };
  }

  /** The scheduled sync: adds and changes; leavers only when the connector allows it. */
  async function scheduledSync(id: string, trigger: SyncRun['trigger']): Promise<string> {
    const { def } = must(id);
    if (!def.configured()) return 'not configured';
    let fetched: { diff: OrgDiff };
    try {
      fetched = await dryRun(id);
    } catch (err) {
      store.recordRun({ connector: id, kind: 'org', trigger, at: new Date(now()), ok: false, summary: {}, error: (err as Error).message.slice(0, 2000) });
      throw err;
    }
    const diff = def.syncLeavers ? fetched.diff : withoutLeavers(fetched.diff);
    const counts = recordRun(id, 'org', trigger, () => apply(id, diff, null, trigger));
    return Object.entries(counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  }

  /** Punches of every linked employee between two dates (inclusive, the instance's days) into attendance. */
  async function syncPunches(id: string, from: string, to: string, trigger: SyncRun['trigger']): Promise<PunchSyncResult> {
    const { def } = must(id);
    if (!def.fetchPunches) throw new HttpError(404, 'core.connectors.error.no_punches');
    if (!def.configured()) throw new HttpError(409, 'core.connectors.error.not_configured');
    const sink = attendance();
    if (!sink) throw new HttpError(409, 'core.connectors.error.no_attendance');
    if (to < from || (Date.parse(to) - Date.parse(from)) / DAY_MS >= MAX_PUNCH_DAYS) throw new HttpError(400, 'core.connectors.error.punch_range', { days: MAX_PUNCH_DAYS });
    const links = new Map(store.links(id).map((l) => [l.remoteUserId, l.employeeId]));
    const { fromIso, toIso } = dayRange(from, to, config.timezone);
    let result: PunchSyncResult = { added: 0, skipped: 0, unlinked: 0, refused: 0 };
    try {
      const remote = links.size ? await def.fetchPunches(fromIso, toIso, [...links.keys()]) : [];
      const mapped = mapPunches(id, remote, (rid) => links.get(rid) ?? null, { now: now(), timeZone: config.timezone, isMonthLocked: (m) => sink.isMonthLocked(m) });
      const stored = sink.addPunches(mapped.punches);
      result = { ...stored, unlinked: mapped.unlinked, refused: mapped.refused };
    } catch (err) {
      store.recordRun({ connector: id, kind: 'punches', trigger, at: new Date(now()), ok: false, summary: { from, to }, error: (err as Error).message.slice(0, 2000) });
      throw err;
    }
    store.recordRun({ connector: id, kind: 'punches', trigger, at: new Date(now()), ok: true, summary: { from, to, ...result }, error: null });
    return result;
  }

  // Who got which notification is kept as long as the outbox keeps delivered rows.
  jobs.add('core', {
    id: 'connectors-purge',
    cron: '45 3 * * *',
    label: 'core.connectors.job.purge',
    run: () => ({ summary: `purged ${store.purgeSent(now() - 30 * DAY_MS)}` }),
  });

  return {
    store,
    register,
    list: (): RegisteredConnector[] => [...registry.values()].sort((a, b) => a.def.id.localeCompare(b.def.id)),
    get: (id: string): RegisteredConnector | undefined => registry.get(id),
    /** Configured connectors that offer sign-in (the login page's buttons). */
    signInOptions: () => [...registry.values()].filter((r) => r.def.signIn && safeConfigured(r.def)),
    notify,
    dryRun,
    applyReviewed,
    scheduledSync,
    syncPunches,
    hasAttendance: () => attendance() !== undefined,
    forPlugin(pluginId: string): PluginConnectors {
      return {
        register: (def) => register(pluginId, def),
        links: {
          employeeOf: (connector, remoteUserId) => store.employeeOf(connector, remoteUserId),
          remoteIdsOf: (connector, employeeIds) => store.remoteIdsOf(connector, employeeIds),
          link: (c, link) => store.link(c, link, now()),
          unlink: (c, connector, employeeId) => store.unlink(c, connector, employeeId),
        },
        async syncNow(connectorId) {
          const { def } = must(connectorId);
          if (!def.fetchOrg) throw new HttpError(404, 'core.connectors.error.no_org');
          const run = await jobs.runNow(syncJobId(def.id));
          if (run.status === 'failed') throw new Error(run.error ?? 'org sync failed');
        },
      };
    },
  };

  /** A connector whose configured() throws is treated as not configured, not as a broken page. */
  function safeConfigured(def: ConnectorDef): boolean {
    try {
      return def.configured();
    } catch (err) {
      log.error({ connector: def.id, err: (err as Error).message }, 'configured() failed');
      return false;
    }
  }
}

export type { DeliveryOutcome };
