/**
 * A local stand-in for WeCom's server API (qyapi.weixin.qq.com) and its sign-in pages, for
 * tests of the WeCom connector. It answers with WeCom's JSON shapes and errcodes:
 *
 * - tokens: `gettoken` checks corp id and secret; `expireTokens()` makes every issued token
 *   answer 42001, an unknown one answers 40014, a missing one 41001;
 * - `rateLimited` answers 45009 to every /cgi-bin call, `failNext(path, errcode)` a given
 *   errcode to the next calls of one path, `latencyMs` delays every answer;
 * - `down()` stops listening (connection refused, open connections cut) and `up()` listens
 *   again on the same port;
 * - the org (departments, users) and check-in records are plain arrays tests set;
 * - OAuth: `registerCode(code, userid)` for `auth/getuserinfo`, and authorize pages
 *   (`/connect/oauth2/authorize`, `/wwlogin/sso/login`) that redirect to `redirect_uri` with a
 *   fresh code for `oauthUser`, so a browser can click through;
 * - every accepted message is kept in `messages`, every call counted in `calls`.
 *
 * Where WeCom's documentation names no errcode (a check-in query over 100 users or 30
 * days), the fake answers 40058 (invalid parameter), so a client that breaks a limit fails.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeWecomDepartment {
  id: number;
  name: string;
  parentid: number;
  order?: number;
  department_leader?: string[];
}

export interface FakeWecomUser {
  userid: string;
  name: string;
  department: number[];
  main_department?: number;
  /** Leave out to mimic apps that WeCom no longer gives phone numbers. */
  mobile?: string;
  email?: string;
  position?: string;
  /** 1 active, 2 disabled, 4 not activated, 5 left. */
  status: number;
  is_leader_in_dept?: number[];
  direct_leader?: string[];
}

export interface FakeWecomCheckin {
  userid: string;
  checkin_type: string;
  checkin_time: number;
  exception_type?: string;
  groupname?: string;
  location_title?: string;
  sch_checkin_time?: number;
  /** 1 on/off duty, 2 field; a query with type 3 gets both. Default 1. */
  kind?: 1 | 2;
}

export interface FakeWecomMessage {
  /** The JSON body as received (touser still '|'-joined). */
  body: Record<string, unknown>;
  /** Recipients the fake accepted (known, active users). */
  delivered: string[];
  msgid: string;
}

export interface FakeWecom {
  /** http://127.0.0.1:<port>, for both the API and the sign-in pages. */
  baseUrl: string;
  port: number;
  corpId: string;
  secret: string;
  agentId: number;
  org: { departments: FakeWecomDepartment[]; users: FakeWecomUser[] };
  checkins: FakeWecomCheckin[];
  /** Bodies of the check-in queries received, in order. */
  checkinQueries: { opencheckindatatype: number; starttime: number; endtime: number; useridlist: string[] }[];
  messages: FakeWecomMessage[];
  /** Calls per path (`/cgi-bin/gettoken`…), failed ones included. */
  calls: Record<string, number>;
  /** Lifetime of new tokens and tickets (WeCom: 7200). */
  tokenTtlSeconds: number;
  rateLimited: boolean;
  latencyMs: number;
  /** The userid the authorize pages sign in; null answers 403 there. */
  oauthUser: string | null;
  callCount(path: string): number;
  /** Every token issued so far answers 42001 from now on. */
  expireTokens(): void;
  /** Answer `errcode` to the next `times` calls of `path`. */
  failNext(path: string, errcode: number, times?: number): void;
  registerCode(code: string, userid: string): void;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

const ERRMSG: Record<number, string> = {
  [-1]: 'system busy',
  40001: 'invalid credential',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  40056: 'invalid agentid',
  40058: 'invalid Request Parameter',
  41001: 'access_token missing',
  42001: 'access_token expired',
  45009: 'api freq out of limit',
  60003: 'department not found',
  60102: 'UserID existed',
  60111: 'userid not found',
  81013: 'user & party & tag all invalid',
};

type Json = Record<string, unknown>;
const ok = (extra: Json = {}): Json => ({ errcode: 0, errmsg: 'ok', ...extra });
const err = (errcode: number): Json => ({ errcode, errmsg: `${ERRMSG[errcode] ?? 'error'}, hint: [fake-wecom]` });

export async function startFakeWecom(
  options: { corpId?: string; secret?: string; agentId?: number; host?: string } = {},
): Promise<FakeWecom> {
  const host = options.host ?? '127.0.0.1';
  /** token → expired? */
  const tokens = new Map<string, { expiresAtMs: number; expired: boolean }>();
  const codes = new Map<string, string>();
  const forced = new Map<string, { errcode: number; times: number }>();
  let serial = 0;
  const issue = (prefix: string) => `${prefix}-${++serial}-${randomBytes(12).toString('hex')}`;

  const fake: FakeWecom = {
    baseUrl: '',
    port: 0,
    corpId: options.corpId ?? 'wwfake0000000001',
    secret: options.secret ?? `fake-secret-${randomBytes(8).toString('hex')}`,
    agentId: options.agentId ?? 1000002,
    org: { departments: [], users: [] },
    checkins: [],
    checkinQueries: [],
    messages: [],
    calls: {},
    tokenTtlSeconds: 7200,
    rateLimited: false,
    latencyMs: 0,
    oauthUser: null,
    callCount: (path) => fake.calls[path] ?? 0,
    expireTokens() {
      for (const t of tokens.values()) t.expired = true;
    },
    failNext(path, errcode, times = 1) {
      forced.set(path, { errcode, times });
    },
    registerCode(code, userid) {
      codes.set(code, userid);
    },
    down: async () => {},
    up: async () => {},
    close: async () => {},
  };

  const tokenError = (token: string | null): number | null => {
    if (!token) return 41001;
    const t = tokens.get(token);
    if (!t) return 40014;
    return t.expired || Date.now() >= t.expiresAtMs ? 42001 : null;
  };
  const user = (userid: string) => fake.org.users.find((u) => u.userid === userid);
  const descendants = (rootId: number): FakeWecomDepartment[] => {
    const out = fake.org.departments.filter((d) => d.id === rootId);
    for (let i = 0; i < out.length; i++) out.push(...fake.org.departments.filter((d) => d.parentid === out[i]!.id));
    return out;
  };

  function api(path: string, q: URLSearchParams, body: Json): Json {
    if (path === '/cgi-bin/gettoken') {
      if (q.get('corpid') !== fake.corpId) return err(40013);
      if (q.get('corpsecret') !== fake.secret) return err(40001);
      const token = issue('fake-token');
      tokens.set(token, { expiresAtMs: Date.now() + fake.tokenTtlSeconds * 1000, expired: false });
      return ok({ access_token: token, expires_in: fake.tokenTtlSeconds });
    }
    const refused = tokenError(q.get('access_token'));
    if (refused !== null) return err(refused);

    switch (path) {
      case '/cgi-bin/message/send': {
        if (Number(body.agentid) !== fake.agentId) return err(40056);
        if (!['text', 'textcard', 'markdown'].includes(String(body.msgtype))) return err(40058);
        const wanted = typeof body.touser === 'string' && body.touser ? body.touser.split('|') : [];
        const everyone = wanted.includes('@all');
        const known = everyone ? fake.org.users.filter((u) => u.status === 1).map((u) => u.userid) : wanted.filter((id) => user(id)?.status === 1);
        const invalid = everyone ? [] : wanted.filter((id) => !known.includes(id));
        if (known.length === 0) return { ...err(81013), invaliduser: invalid.join('|') };
        const msgid = issue('msg');
        fake.messages.push({ body, delivered: known, msgid });
        return ok({ invaliduser: invalid.join('|'), invalidparty: '', invalidtag: '', unlicenseduser: '', msgid, response_code: issue('rc') });
      }
      case '/cgi-bin/department/list': {
        const id = q.get('id');
        const list = id ? descendants(Number(id)) : fake.org.departments;
        if (id && list.length === 0) return err(60003);
        return ok({ department: list });
      }
      case '/cgi-bin/user/list': {
        const id = Number(q.get('department_id'));
        if (!fake.org.departments.some((d) => d.id === id)) return err(60003);
        return ok({ userlist: fake.org.users.filter((u) => u.department.includes(id)) });
      }
      case '/cgi-bin/user/get': {
        const found = user(q.get('userid') ?? '');
        return found ? ok({ ...found }) : err(60111);
      }
      case '/cgi-bin/user/create': {
        if (user(String(body.userid))) return err(60102);
        fake.org.users.push({ ...(body as unknown as FakeWecomUser), status: 4 }); // new members start not activated
        return ok({ created: true });
      }
      case '/cgi-bin/user/update': {
        const found = user(String(body.userid));
        if (!found) return err(60111);
        // Only what the connector sends: enable 0 disables a member, 1 enables a disabled one.
        if (body.enable === 0) found.status = 2;
        else if (body.enable === 1 && found.status === 2) found.status = 1;
        return ok({ updated: true });
      }
      case '/cgi-bin/user/delete': {
        const index = fake.org.users.findIndex((u) => u.userid === q.get('userid'));
        if (index < 0) return err(60111);
        fake.org.users.splice(index, 1);
        return ok({ deleted: true });
      }
      case '/cgi-bin/auth/getuserinfo': {
        const userid = codes.get(q.get('code') ?? '');
        if (!userid) return err(40029);
        codes.delete(q.get('code')!); // a code is good for one exchange
        return ok({ userid, user_ticket: issue('ticket') });
      }
      case '/cgi-bin/checkin/getcheckindata': {
        const query = body as FakeWecom['checkinQueries'][number];
        fake.checkinQueries.push(query);
        const users = Array.isArray(query.useridlist) ? query.useridlist : [];
        if (users.length === 0 || users.length > 100 || query.endtime - query.starttime > 30 * 86_400 || query.endtime < query.starttime) {
          return err(40058);
        }
        const kinds = query.opencheckindatatype === 3 ? [1, 2] : [query.opencheckindatatype];
        const checkindata = fake.checkins
          .filter((c) => users.includes(c.userid) && c.checkin_time >= query.starttime && c.checkin_time <= query.endtime)
          .filter((c) => kinds.includes(c.kind ?? 1))
          .map(({ kind: _kind, ...record }) => ({ exception_type: '', groupname: '打卡规则', ...record }));
        return ok({ checkindata });
      }
      case '/cgi-bin/get_jsapi_ticket':
        return ok({ ticket: issue('jsapi-ticket'), expires_in: fake.tokenTtlSeconds });
      case '/cgi-bin/ticket/get':
        return q.get('type') === 'agent_config' ? ok({ ticket: issue('agent-ticket'), expires_in: fake.tokenTtlSeconds }) : err(40058);
      default:
        return { errcode: 404, errmsg: `fake-wecom does not implement ${path}` };
    }
  }

  /** The sign-in pages: straight back to redirect_uri with a fresh code for oauthUser. */
  function authorize(q: URLSearchParams, res: ServerResponse): void {
    const redirect = q.get('redirect_uri');
    const appid = q.get('appid');
    if (appid !== fake.corpId || !redirect || !/^https?:\/\//.test(redirect)) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('fake-wecom: wrong appid or redirect_uri');
      return;
    }
    if (!fake.oauthUser) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('fake-wecom: no oauthUser configured');
      return;
    }
    const code = issue('code');
    codes.set(code, fake.oauthUser);
    const target = new URL(redirect);
    target.searchParams.set('code', code);
    target.searchParams.set('state', q.get('state') ?? '');
    res.writeHead(302, { location: target.toString() }).end();
  }

  function reply(path: string, q: URLSearchParams, raw: string): Json {
    if (fake.rateLimited && path.startsWith('/cgi-bin/')) return err(45009);
    const force = forced.get(path);
    if (force) {
      if (--force.times <= 0) forced.delete(path);
      return err(force.errcode);
    }
    let body: Json;
    try {
      body = raw ? (JSON.parse(raw) as Json) : {};
    } catch {
      return err(40058);
    }
    return api(path, q, body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    fake.calls[path] = (fake.calls[path] ?? 0) + 1;
    if (fake.latencyMs > 0) await new Promise((r) => setTimeout(r, fake.latencyMs));

    if (path === '/connect/oauth2/authorize' || path === '/wwlogin/sso/login') return authorize(url.searchParams, res);

    const answer = reply(path, url.searchParams, raw);
    // WeCom answers 200 with an errcode, whatever went wrong.
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer));
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500).end(String(e));
    });
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const stop = () => new Promise<void>((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    // Keep-alive connections would otherwise keep answering after "down".
    server.closeAllConnections();
  });

  await listen(0);
  fake.port = (server.address() as AddressInfo).port;
  fake.baseUrl = `http://${host}:${fake.port}`;
  fake.down = stop;
  fake.up = () => (server.listening ? Promise.resolve() : listen(fake.port));
  fake.close = stop;
  return fake;
}
