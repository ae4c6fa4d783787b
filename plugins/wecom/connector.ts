/**
 * The WeCom connector the core drives (core/connectors/types.ts): delivering notifications,
 * reading the org and the punches, and the sign-in URLs and code exchange.
 *
 * Failures that a later attempt can fix (rate limit 45009, "system busy", network down,
 * timeouts, 5xx) are thrown, so the core's outbox retries with backoff. Recipients WeCom
 * refuses (unknown or unlicensed users) are returned as `invalid`, not retried.
 */
import { createHash } from 'node:crypto';
import type { ConnectorDef, DeliveryResult, OutgoingMessage, Recipients } from '../../core/sdk.js';
import type { WecomClient } from './client.js';
import { messagesFor } from './delivery.js';
import { isWecomApiError } from './errors.js';
import { toRemoteOrg, toRemotePunches } from './mapping.js';
import { apiConfigured, type WecomSettings } from './settings.js';
import { authorizeUrl, isInWecom, qrLoginUrl } from './sign-in.js';

/** "user & party & tag all invalid": nobody in this call can receive it; retrying will not help. */
const ALL_RECIPIENTS_INVALID = 81013;

export interface ConnectorDeps {
  settings: WecomSettings;
  /** Null while the connector is not configured. */
  client: WecomClient | null;
  /** For reading the org: the 通讯录同步 client when that secret is set, else `client`. */
  orgClient?: WecomClient | null;
  now?: () => number;
}

/**
 * Calls of a delivery that succeeded before a later call of the same delivery failed, so the
 * outbox's retry does not send them twice. Kept only for deliveries that failed partway (a
 * message to more than 1000 people) and forgotten on success or after a day.
 */
export function createPartialDeliveries(now: () => number = Date.now) {
  const DAY_MS = 86_400_000;
  const entries = new Map<string, { done: Set<number>; invalid: string[]; at: number }>();
  return {
    keyOf(message: OutgoingMessage, remoteUserIds: readonly string[]): string {
      return createHash('sha256').update(JSON.stringify([message, [...remoteUserIds].sort()])).digest('hex');
    },
    get(key: string) {
      for (const [k, e] of entries) if (now() - e.at > DAY_MS) entries.delete(k);
      return entries.get(key);
    },
    remember(key: string, done: Set<number>, invalid: string[]) {
      entries.set(key, { done, invalid, at: now() });
    },
    forget(key: string) {
      entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}

export function createWecomConnector(deps: ConnectorDeps): ConnectorDef & { isInApp(userAgent: string | null | undefined): boolean } {
  const { settings } = deps;
  const partial = createPartialDeliveries(deps.now);
  const client = (): WecomClient => {
    if (!deps.client || !apiConfigured(settings)) throw new Error('WeCom is not configured (corp id, agent id and secret are needed)');
    return deps.client;
  };
  const hosts = () => {
    if (!apiConfigured(settings)) throw new Error('WeCom is not configured (corp id, agent id and secret are needed)');
    return { corpId: settings.corpId, agentId: settings.agentId, oauthHost: settings.oauthHost, qrLoginHost: settings.qrLoginHost };
  };

  async function deliver(message: OutgoingMessage, to: Recipients): Promise<DeliveryResult> {
    const api = client();
    const calls = messagesFor(message, to.remoteUserIds);
    const key = partial.keyOf(message, to.remoteUserIds);
    const earlier = partial.get(key);
    const done = new Set(earlier?.done ?? []);
    const invalid = [...(earlier?.invalid ?? [])];
    for (const [index, call] of calls.entries()) {
      if (done.has(index)) continue;
      try {
        const result = await api.sendMessage(call);
        invalid.push(...result.invalidUsers, ...result.unlicensedUsers);
      } catch (e) {
        if (isWecomApiError(e) && e.errcode === ALL_RECIPIENTS_INVALID) {
          invalid.push(...(call.touser as string[]));
        } else {
          if (done.size > 0) partial.remember(key, done, invalid);
          throw e;
        }
      }
      done.add(index);
    }
    partial.forget(key);
    return { invalid: [...new Set(invalid)] };
  }

  return {
    id: 'wecom',
    name: { 'zh-CN': '企业微信', en: 'WeCom' },
    configured: () => apiConfigured(settings) && deps.client !== null,
    deliver,
    async fetchOrg() {
      const api = deps.orgClient ?? client();
      const [departments, users] = await Promise.all([api.listDepartments(), api.listAllUsers()]);
      return toRemoteOrg(departments, users);
    },
    async fetchPunches(fromIso, toIso, remoteUserIds) {
      if (remoteUserIds.length === 0) return [];
      // [from, to): the core asks day by day from midnight to midnight, and WeCom's endtime is
      // inclusive, so a punch at 00:00:00 would otherwise come with both days.
      const from = Math.ceil(Date.parse(fromIso) / 1000);
      const to = Math.ceil(Date.parse(toIso) / 1000) - 1;
      if (!Number.isFinite(from) || !Number.isFinite(to)) throw new Error(`fetchPunches: bad range ${fromIso} – ${toIso}`);
      if (to < from) return [];
      // Type 3: on/off-duty and field punches (外出打卡) alike.
      const records = await client().getCheckinData({ opencheckindatatype: 3, starttime: from, endtime: to, useridlist: remoteUserIds });
      return toRemotePunches(records);
    },
    signIn: {
      authorizeUrl: (state, redirectUri) => authorizeUrl(hosts(), state, redirectUri),
      qrLoginUrl: (state, redirectUri) => qrLoginUrl(hosts(), state, redirectUri),
      async exchangeCode(code) {
        const who = await client().getUserInfoByCode(code);
        // Someone outside the corp (an external contact) gets an openid only.
        if (!who.userId) throw new Error('WeCom: the person who signed in is not a member of this corp');
        return who.userId;
      },
    },
    isInApp: isInWecom,
  };
}
