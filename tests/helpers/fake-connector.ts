/**
 * A tiny connector plugin for the connector layer's tests, defined in the test process: the
 * plugin definition is handed to the kernel through a stub `index.js` in a temp folder that
 * reads it from a global, so the test keeps a handle on the fake platform's state (what was
 * sent, an outage, the org it returns) while the kernel loads it like any local plugin.
 *
 * The plugin also asks for notifications (`ctx.notify`) with its own i18n keys, as a real
 * plugin (attendance, payroll) would.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { definePlugin, type PluginContext, type PluginDefinition } from '../../core/sdk.js';
import type { ConnectorDef, OutgoingMessage, Recipients, RemoteOrg, RemotePunch } from '../../core/connectors/types.js';

export interface FakePlatform {
  /** The plugin's context, once the kernel ran its setup. */
  ctx: PluginContext | null;
  configured: boolean;
  /** Every accepted `deliver` call. */
  sent: { message: OutgoingMessage; to: Recipients }[];
  /** Every `deliver` call, refused ones included. */
  attempts: number;
  /** While true, `deliver`, `fetchOrg` and `exchangeCode` throw like a platform that is down. */
  down: boolean;
  /** `deliver` throws on calls number n (1-based) in this set: a failure in the middle of a fan-out. */
  failOnCalls: Set<number>;
  /** Remote ids the platform reports as unknown. */
  invalid: Set<string>;
  org: RemoteOrg;
  punches: RemotePunch[];
  /** Punch queries seen: [fromIso, toIso, remoteUserIds]. */
  punchQueries: [string, string, string[]][];
  /** OAuth code → platform user id. */
  codes: Map<string, string>;
}

export interface FakeConnectorOptions {
  id?: string;
  signIn?: boolean;
  qr?: boolean;
  syncLeavers?: boolean;
}

export const FAKE_MESSAGES = {
  'zh-CN': {
    'fakechat.notify.approve': '待你审批：{name}的{type} {amount}',
    'fakechat.notify.detail': '{from} 至 {to}',
  },
  en: {
    'fakechat.notify.approve': 'For your approval: {type} of {name}, {amount}',
    'fakechat.notify.detail': '{from} to {to}',
  },
};

export function fakePlatform(): FakePlatform {
  return {
    ctx: null,
    configured: true,
    sent: [],
    attempts: 0,
    down: false,
    failOnCalls: new Set(),
    invalid: new Set(),
    org: { departments: [], members: [] },
    punches: [],
    punchQueries: [],
    codes: new Map(),
  };
}

export function fakeConnectorPlugin(platform: FakePlatform, options: FakeConnectorOptions = {}): PluginDefinition {
  const id = options.id ?? 'fakechat';
  const outage = () => new Error('connect ECONNREFUSED 127.0.0.1:9 (fake platform is down)');
  const def: ConnectorDef = {
    id,
    name: { 'zh-CN': '假聊', en: 'FakeChat' },
    configured: () => platform.configured,
    isInApp: (ua) => /FakeChatApp/.test(ua),
    ...(options.syncLeavers ? { syncLeavers: true } : {}),
    async deliver(message, to) {
      platform.attempts++;
      if (platform.down || platform.failOnCalls.has(platform.attempts)) throw outage();
      platform.sent.push({ message, to });
      return { invalid: to.remoteUserIds.filter((r) => platform.invalid.has(r)) };
    },
    async fetchOrg() {
      if (platform.down) throw outage();
      return structuredClone(platform.org);
    },
    async fetchPunches(fromIso, toIso, remoteUserIds) {
      platform.punchQueries.push([fromIso, toIso, remoteUserIds]);
      return platform.punches.filter((p) => remoteUserIds.includes(p.remoteUserId) && p.at >= fromIso && p.at < toIso);
    },
    ...(options.signIn === false
      ? {}
      : {
          signIn: {
            authorizeUrl: (state, redirectUri) => `https://fake.example/authorize?state=${encodeURIComponent(state)}&redirect_uri=${encodeURIComponent(redirectUri)}`,
            ...(options.qr === false ? {} : { qrLoginUrl: (state: string, redirectUri: string) => `https://fake.example/qr?state=${encodeURIComponent(state)}&redirect_uri=${encodeURIComponent(redirectUri)}` }),
            async exchangeCode(code) {
              if (platform.down) throw outage();
              const user = platform.codes.get(code);
              if (!user) throw new Error('invalid code');
              return user;
            },
          },
        }),
  };
  return definePlugin({
    id,
    version: '1.0.0',
    name: def.name,
    i18n: id === 'fakechat' ? FAKE_MESSAGES : { 'zh-CN': {}, en: {} },
    setup(ctx) {
      platform.ctx = ctx as PluginContext;
      ctx.connectors.register(def);
    },
  });
}

/**
 * A plugin folder whose index hands `definition` to the loader. Use the returned `path` as the
 * plugin's `path` in the config; `remove()` deletes the folder.
 */
export function pluginFolder(definition: PluginDefinition): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `hr-plugin-${definition.id}-`));
  const key = `hr.test.plugin.${definition.id}.${dir}`;
  (globalThis as Record<symbol, unknown>)[Symbol.for(key)] = definition;
  writeFileSync(join(dir, 'index.js'), `export default globalThis[Symbol.for(${JSON.stringify(key)})];\n`);
  return {
    path: dir,
    remove() {
      delete (globalThis as Record<symbol, unknown>)[Symbol.for(key)];
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
