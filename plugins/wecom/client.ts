/**
 * The WeCom (企业微信) server API client for an internal app: the access token cached and
 * shared, a handful of typed calls, and errors the outbox can act on (`retryable`).
 *
 * - Tokens: one `gettoken` per expiry. Concurrent callers wait on the same refresh
 *   (single-flight), and an "invalid/expired token" answer (40014, 42001, 40001) drops that
 *   token, refreshes once and retries the call once.
 * - No other retries here: a rate limit (45009), "system busy" (-1), a network failure, a
 *   timeout or a 5xx surfaces as `WecomApiError` with `retryable: true`, and the caller's
 *   queue decides when to try again.
 * - Secrets stay out of errors and logs: URLs are logged with `access_token` and
 *   `corpsecret` masked, and errors name the API path only.
 */
import { createHash } from 'node:crypto';
import { z } from '../../core/sdk.js';
import { isWecomApiError, TOKEN_ERRCODES, WecomApiError } from './errors.js';
import {
  checkinDataSchema,
  checkinRequestSchema,
  createUserSchema,
  departmentListSchema,
  okSchema,
  sendResultSchema,
  ticketSchema,
  tokenSchema,
  userInfoByCodeSchema,
  userListSchema,
  userSchema,
  wecomMessageSchema,
  type WecomCheckin,
  type WecomCheckinRequest,
  type WecomCreateUser,
  type WecomDepartment,
  type WecomMessage,
  type WecomSendResult,
  type WecomUser,
  type WecomUserInfo,
} from './schemas.js';

export type {
  WecomCheckin,
  WecomCheckinRequest,
  WecomCreateUser,
  WecomDepartment,
  WecomMessage,
  WecomSendResult,
  WecomUser,
  WecomUserInfo,
} from './schemas.js';

export const WECOM_API_BASE_URL = 'https://qyapi.weixin.qq.com';

/** What the client logs through; a pino logger fits. */
export interface WecomLog {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface WecomClientOptions {
  /** Default https://qyapi.weixin.qq.com; a proxy or a test server otherwise. */
  baseUrl?: string;
  corpId: string;
  /** The app's Secret (应用 Secret). */
  secret: string;
  agentId: number | string;
  fetch?: typeof fetch;
  /** Milliseconds since the epoch; injectable for tests of expiry. */
  now?: () => number;
  log?: WecomLog;
  /** Per call, including reading the answer. Default 10 s. */
  timeoutMs?: number;
  /** Refresh this long before WeCom's expiry (capped at half the lifetime). Default 300 s. */
  tokenMarginSeconds?: number;
}

const optionsSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).default(WECOM_API_BASE_URL),
  corpId: z.string().min(1),
  secret: z.string().min(1),
  agentId: z.coerce.number().int().positive(),
  timeoutMs: z.number().int().positive().default(10_000),
  tokenMarginSeconds: z.number().nonnegative().default(300),
});

type QueryValue = string | number | undefined;

export interface WecomClient {
  /** A valid access token (cached). */
  getAccessToken(): Promise<string>;
  sendMessage(message: WecomMessage): Promise<WecomSendResult>;
  /** The department and all its descendants (the whole visible org when omitted). */
  listDepartments(rootId?: number): Promise<WecomDepartment[]>;
  /** Members of exactly this department (WeCom no longer recurses into sub-departments). */
  listUsers(departmentId: number): Promise<WecomUser[]>;
  /** Every member visible to the app: each department's members, once per userid. */
  listAllUsers(): Promise<WecomUser[]>;
  /** One member; unknown userid → WecomApiError 60111 (not retryable). */
  getUser(userId: string): Promise<WecomUser>;
  /** OAuth2 / QR sign-in: the code from the redirect → who signed in. */
  getUserInfoByCode(code: string): Promise<WecomUserInfo>;
  /** Punches, split into calls of ≤100 users and ≤30 days as WeCom requires. */
  getCheckinData(request: WecomCheckinRequest): Promise<WecomCheckin[]>;
  /** The corp's jsapi_ticket for wx.config (cached). */
  getJsapiTicket(): Promise<string>;
  /** The app's ticket for wx.agentConfig (cached). */
  getAgentJsapiTicket(): Promise<string>;
  createUser(user: WecomCreateUser): Promise<void>;
  deleteUser(userId: string): Promise<void>;
  /** Any other endpoint, with the same token handling and errors: the parsed JSON answer. */
  callApi(method: 'GET' | 'POST', path: string, input?: { query?: Record<string, QueryValue>; body?: unknown }): Promise<Record<string, unknown>>;
}

const SECRET_PARAMS = ['access_token', 'corpsecret'];

/** The URL with the values of `access_token` and `corpsecret` replaced by `***`, for logs. */
export function maskSecretsInUrl(url: string): string {
  return url.replace(/([?&])(access_token|corpsecret)=[^&#]*/g, (_, sep: string, name: string) =>
    SECRET_PARAMS.includes(name) ? `${sep}${name}=***` : `${sep}${name}`,
  );
}

/**
 * The JS-SDK signature: sha1 of `jsapi_ticket=…&noncestr=…&timestamp=…&url=…` in hex. The
 * url is the page's full URL without its `#fragment`, exactly as the browser has it.
 */
export function jsapiSignature(ticket: string, nonceStr: string, timestamp: number | string, url: string): string {
  const page = url.split('#', 1)[0]!;
  return createHash('sha1').update(`jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${page}`).digest('hex');
}

const CHECKIN_MAX_USERS = 100;
const CHECKIN_MAX_SPAN_SECONDS = 30 * 86_400;

/**
 * Splits a check-in query into the calls WeCom accepts: ≤100 userids each, and time windows
 * of at most 30 days that touch end to start without overlapping (each punch comes once).
 */
export function planCheckinRequests(request: WecomCheckinRequest): WecomCheckinRequest[] {
  const r = checkinRequestSchema.parse(request);
  const users = [...new Set(r.useridlist)];
  const windows: { starttime: number; endtime: number }[] = [];
  for (let start = r.starttime; start <= r.endtime; start += CHECKIN_MAX_SPAN_SECONDS + 1) {
    windows.push({ starttime: start, endtime: Math.min(start + CHECKIN_MAX_SPAN_SECONDS, r.endtime) });
  }
  const plans: WecomCheckinRequest[] = [];
  for (const window of windows) {
    for (let i = 0; i < users.length; i += CHECKIN_MAX_USERS) {
      plans.push({ opencheckindatatype: r.opencheckindatatype, ...window, useridlist: users.slice(i, i + CHECKIN_MAX_USERS) });
    }
  }
  return plans;
}

interface CachedCredential {
  get(): Promise<string>;
  /** Forget `value` if it is still the cached one (a later refresh is kept). */
  invalidate(value: string): void;
}

/** A credential cached until shortly before expiry, with one refresh shared by all waiting callers. */
function cachedCredential(
  fetchFresh: () => Promise<{ value: string; expiresInSeconds: number }>,
  now: () => number,
  marginSeconds: number,
): CachedCredential {
  let cached: { value: string; refreshAtMs: number } | null = null;
  let inflight: Promise<string> | null = null;
  return {
    get() {
      if (cached && now() < cached.refreshAtMs) return Promise.resolve(cached.value);
      inflight ??= (async () => {
        try {
          const requestedAt = now();
          const fresh = await fetchFresh();
          const margin = Math.min(marginSeconds, fresh.expiresInSeconds / 2);
          cached = { value: fresh.value, refreshAtMs: requestedAt + (fresh.expiresInSeconds - margin) * 1000 };
          return fresh.value;
        } finally {
          inflight = null;
        }
      })();
      return inflight;
    },
    invalidate(value) {
      if (cached?.value === value) cached = null;
    },
  };
}

function errorName(e: unknown): string {
  const chain: unknown[] = [];
  for (let cur = e, i = 0; cur && typeof cur === 'object' && i < 5; cur = (cur as { cause?: unknown }).cause, i++) chain.push(cur);
  const code = chain.map((c) => (c as { code?: unknown }).code).find((c): c is string => typeof c === 'string');
  return code ?? (e instanceof Error ? e.message : String(e));
}

export function createWecomClient(options: WecomClientOptions): WecomClient {
  const config = optionsSchema.parse(options);
  const baseUrl = config.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const log = options.log;
  /** The secret and the latest tokens: never let one ride out in an errmsg a proxy or WeCom might echo. */
  const recentTokens: string[] = [];
  const scrub = (text: string) =>
    [config.secret, ...recentTokens].filter((s) => s.length >= 6).reduce((t, s) => t.replaceAll(s, '***'), text);

  async function request(method: 'GET' | 'POST', path: string, query: Record<string, QueryValue>, body: unknown): Promise<Record<string, unknown>> {
    const url = new URL(baseUrl + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    const started = now();
    const logged = maskSecretsInUrl(url.toString());
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, {
        method,
        headers: body === undefined ? undefined : { 'content-type': 'application/json; charset=utf-8' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      text = await response.text();
    } catch (e) {
      const timedOut = (e as { name?: string }).name === 'TimeoutError';
      const error = new WecomApiError({
        kind: timedOut ? 'timeout' : 'network',
        path,
        errmsg: timedOut ? `after ${config.timeoutMs} ms` : scrub(errorName(e)),
        cause: e,
      });
      log?.warn({ method, url: logged, ms: now() - started, error: error.message }, 'wecom call failed');
      throw error;
    }
    if (response.status !== 200) {
      log?.warn({ method, url: logged, status: response.status, ms: now() - started }, 'wecom call failed');
      throw new WecomApiError({ kind: 'http', path, status: response.status });
    }
    let json: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(text);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      json = parsed as Record<string, unknown>;
    } catch {
      throw new WecomApiError({ kind: 'bad_response', path, errmsg: 'not JSON' });
    }
    const errcode = typeof json.errcode === 'number' ? json.errcode : 0;
    log?.debug({ method, url: logged, errcode, ms: now() - started }, 'wecom call');
    if (errcode !== 0) {
      const error = new WecomApiError({ kind: 'api', path, errcode, errmsg: scrub(String(json.errmsg ?? '')) });
      log?.warn({ method, url: logged, errcode, retryable: error.retryable }, 'wecom call refused');
      throw error;
    }
    return json;
  }

  const accessToken = cachedCredential(
    async () => {
      const answer = tokenSchema.safeParse(await request('GET', '/cgi-bin/gettoken', { corpid: config.corpId, corpsecret: config.secret }, undefined));
      if (!answer.success) throw new WecomApiError({ kind: 'bad_response', path: '/cgi-bin/gettoken', errmsg: 'no access_token' });
      recentTokens.unshift(answer.data.access_token);
      recentTokens.length = Math.min(recentTokens.length, 3);
      return { value: answer.data.access_token, expiresInSeconds: answer.data.expires_in };
    },
    now,
    config.tokenMarginSeconds,
  );

  async function callApi(method: 'GET' | 'POST', path: string, input: { query?: Record<string, QueryValue>; body?: unknown } = {}) {
    for (let attempt = 1; ; attempt++) {
      // A failure to get a token (wrong secret, WeCom down) is final for this call.
      const token = await accessToken.get();
      try {
        return await request(method, path, { ...input.query, access_token: token }, input.body);
      } catch (e) {
        const tokenRefused = isWecomApiError(e) && e.kind === 'api' && e.errcode !== null && TOKEN_ERRCODES.has(e.errcode);
        if (!tokenRefused) throw e;
        // Only this token is dropped: callers that failed with it together share one refresh.
        accessToken.invalidate(token);
        if (attempt > 1) throw e;
        log?.debug({ path, errcode: e.errcode }, 'wecom token refused; refreshing once');
      }
    }
  }

  async function call<S extends z.ZodType>(schema: S, method: 'GET' | 'POST', path: string, input: { query?: Record<string, QueryValue>; body?: unknown } = {}): Promise<z.output<S>> {
    const answer = schema.safeParse(await callApi(method, path, input));
    if (!answer.success) {
      const where = answer.error.issues[0]?.path.join('.') ?? '';
      throw new WecomApiError({ kind: 'bad_response', path, errmsg: `unexpected shape${where ? ` at ${where}` : ''}` });
    }
    return answer.data;
  }

  const ticket = (path: string, query: Record<string, QueryValue>) =>
    cachedCredential(
      async () => {
        const answer = await call(ticketSchema, 'GET', path, { query });
        return { value: answer.ticket, expiresInSeconds: answer.expires_in };
      },
      now,
      config.tokenMarginSeconds,
    );
  const jsapiTicket = ticket('/cgi-bin/get_jsapi_ticket', {});
  const agentTicket = ticket('/cgi-bin/ticket/get', { type: 'agent_config' });

  const client: WecomClient = {
    getAccessToken: () => accessToken.get(),

    async sendMessage(message) {
      const checked = wecomMessageSchema.parse(message);
      const body = {
        ...checked,
        touser: Array.isArray(checked.touser) ? checked.touser.join('|') : checked.touser,
        toparty: checked.toparty?.join('|'),
        totag: checked.totag?.join('|'),
        agentid: config.agentId,
      };
      return call(sendResultSchema, 'POST', '/cgi-bin/message/send', { body });
    },

    listDepartments: (rootId) => call(departmentListSchema, 'GET', '/cgi-bin/department/list', { query: { id: rootId } }),

    listUsers: (departmentId) => call(userListSchema, 'GET', '/cgi-bin/user/list', { query: { department_id: departmentId } }),

    async listAllUsers() {
      const departments = await client.listDepartments();
      const users = new Map<string, WecomUser>();
      // A few departments at a time: fast enough for a few hundred departments, gentle on
      // WeCom's per-minute limits.
      const queue = departments.map((d) => d.id);
      const worker = async () => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
          for (const user of await client.listUsers(id)) if (!users.has(user.userId)) users.set(user.userId, user);
        }
      };
      await Promise.all([worker(), worker(), worker()]);
      return [...users.values()];
    },

    getUser: (userId) => call(userSchema, 'GET', '/cgi-bin/user/get', { query: { userid: userId } }),

    getUserInfoByCode: (code) => call(userInfoByCodeSchema, 'GET', '/cgi-bin/auth/getuserinfo', { query: { code } }),

    async getCheckinData(request) {
      const records: WecomCheckin[] = [];
      for (const body of planCheckinRequests(request)) {
        records.push(...(await call(checkinDataSchema, 'POST', '/cgi-bin/checkin/getcheckindata', { body })));
      }
      return records;
    },

    getJsapiTicket: () => jsapiTicket.get(),
    getAgentJsapiTicket: () => agentTicket.get(),

    async createUser(user) {
      await call(okSchema, 'POST', '/cgi-bin/user/create', { body: createUserSchema.parse(user) });
    },

    async deleteUser(userId) {
      await call(okSchema, 'GET', '/cgi-bin/user/delete', { query: { userid: userId } });
    },

    callApi,
  };
  return client;
}
