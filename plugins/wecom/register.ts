/**
 * `setup` of the WeCom connector: settings (config file, then HR_WECOM_*), the API client,
 * the connector the core drives, the callback endpoint, the bot channel, the JS-SDK route,
 * the status page and the optional pushes to WeCom.
 */
import type { PluginContext } from '../../core/sdk.js';
import { createBotReplier, createInboundHandler } from './bot.js';
import { createWecomClient, type WecomClient } from './client.js';
import { createWecomConnector } from './connector.js';
import { createContactSync } from './contact-sync.js';
import { createReplayGuard } from './crypto.js';
import { createInboundLedger } from './ledger.js';
import { createPushHandlers } from './push.js';
import { registerCallbackRoutes, registerJssdkRoute, registerStatusPages } from './routes.js';
import { apiConfigured, callbackConfigured, resolveWecomConfig, type WecomSettings } from './settings.js';

const CONNECTOR = 'wecom';

export function registerWecom(ctx: PluginContext<WecomSettings>): void {
  const config = resolveWecomConfig(ctx.settings, process.env);
  // Read at call time, not captured: tests move the clock with fake timers.
  const now = () => Date.now();
  const clientWith = (secret: string) =>
    apiConfigured(config) ? createWecomClient({ baseUrl: config.baseUrl, corpId: config.corpId, secret, agentId: config.agentId, log: ctx.log, now }) : null;
  const client: WecomClient | null = apiConfigured(config) ? clientWith(config.secret) : null;
  // Members' mobiles and writes to the contacts need the 通讯录同步 secret (settings.ts).
  const contactsClient = config.contactsSecret ? clientWith(config.contactsSecret) : client;
  if (!client) ctx.log.info('wecom connector idle: corp id, agent id or secret not configured');

  ctx.connectors.register({ ...createWecomConnector({ settings: config, client, orgClient: contactsClient, now }), syncLeavers: config.syncLeavers });

  // --- callbacks and the bot channel
  const ledger = createInboundLedger(ctx.sqlite, now);
  const localeOf = (employeeId: number) => ctx.people.localeOf(employeeId);
  const accept = createInboundHandler({
    employeeOf: (remoteUserId) => ctx.connectors.links.employeeOf(CONNECTOR, remoteUserId),
    localeOf,
    defaultLocale: ctx.config.defaultLocale,
    publicUrl: () => ctx.config.publicUrl,
    hasChat: () => ctx.services.maybe('chat') !== undefined,
    askChat: (payload) => ctx.events.emit('wecom.message.received', payload),
    contactChanged: (payload) => ctx.events.emit('wecom.contact.changed', payload),
    log: ctx.log,
  });
  registerCallbackRoutes(ctx, {
    config: () => (callbackConfigured(config) ? { token: config.token, aesKey: config.aesKey, corpId: config.corpId } : null),
    replayGuard: createReplayGuard({ now }),
    now,
    once: (key, run) => ledger.once(key, run),
    accept,
    log: ctx.log,
  });

  ctx.events.on(
    'wecom.message.received',
    'bot-reply',
    createBotReplier({
      chat: () => ctx.services.maybe('chat'),
      async send(remoteUserId, text) {
        if (!client) {
          ctx.log.warn('wecom: cannot answer a message, the API is not configured (secret missing)');
          return;
        }
        await client.sendMessage({ msgtype: 'text', text: { content: text }, touser: [remoteUserId] });
      },
      publicUrl: () => ctx.config.publicUrl,
      log: ctx.log,
    }),
  );

  // 通讯录变更: sync now (a burst of changes costs one or two syncs, see contact-sync.ts).
  const onContactChange = createContactSync({ syncNow: () => ctx.connectors.syncNow(CONNECTOR), now });
  ctx.events.on('wecom.contact.changed', 'org-sync', async (e, meta) => {
    if (!client) return;
    const outcome = await onContactChange(meta);
    ctx.log.info({ change: e.change, outcome }, 'wecom contacts changed');
  });

  // --- optional pushes to WeCom
  const push = createPushHandlers({
    settings: config,
    client: () => contactsClient,
    links: ctx.connectors.links,
    employee: (id) => {
      const e = ctx.people.employees.get(id);
      return e ? { employeeNo: e.employeeNo, name: e.name, mobile: e.mobile, email: e.email, positionName: e.positionName, departmentId: e.departmentId } : null;
    },
    departments: () => ctx.people.departments(),
    log: ctx.log,
  });
  if (config.pushHires) ctx.events.on('employee.hired', 'push-hire', (e) => push.onHired(e));
  if (config.pushLeavers) ctx.events.on('employee.left', 'push-leaver', (e) => push.onLeft(e));

  registerJssdkRoute(ctx, config, client, now);
  registerStatusPages(ctx, config, client);
}
