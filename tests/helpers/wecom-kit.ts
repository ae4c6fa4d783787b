/**
 * The suite in this process with the WeCom connector pointed at a fake WeCom server
 * (tests/helpers/fake-wecom.ts), a callback Token and EncodingAESKey, and helpers to send
 * callbacks exactly as WeCom does (encrypted, signed, no cookies).
 */
import { encrypt, signature } from '../../plugins/wecom/crypto.js';
import { startFakeWecom, type FakeWecom } from './fake-wecom.js';
import { startInProcess, type InProcess, type InProcessOptions } from './inprocess.js';

export const PUBLIC_URL = 'https://hr.example.com';

export const CALLBACK = { token: 'HrSuiteTok3n', aesKey: 'kL9mN8bV7cX6zA5sD4fG3hJ2kL1qW0eR9tY8uI7oP6a' };

export interface WecomSuite {
  fake: FakeWecom;
  suite: InProcess;
  /** Employees created by `person`, by WeCom userid. */
  employees: Record<string, number>;
  /** Local department ids: the company (top) and 研发部 under it. */
  departments: { company: number; rd: number };
  /** An employee in 研发部, linked to `userid` on WeCom (and known to the fake as active). */
  person(userid: string, name: string, options?: { locale?: 'zh-CN' | 'en'; login?: string; mobile?: string }): number;
  /** A POST to /wecom/callback as WeCom sends it: `inner` encrypted and signed, no cookie, no CSRF token. */
  callback(inner: string, at?: { timestamp?: string; nonce?: string }): Promise<Response>;
  close(): Promise<void>;
}

export interface WecomSuiteOptions {
  /** Other plugins beside wecom (attendance for punches…). */
  plugins?: Record<string, unknown>;
  /** Extra wecom settings (syncLeavers…). */
  settings?: Record<string, unknown>;
  config?: InProcessOptions['config'];
  /** Leave WeCom unconfigured (corp id, agent id and secret missing). */
  unconfigured?: boolean;
}

export async function startWecomSuite(options: WecomSuiteOptions = {}): Promise<WecomSuite> {
  const fake = await startFakeWecom();
  fake.org.departments = [
    { id: 1, name: '示例科技', parentid: 0, order: 1 },
    { id: 2, name: '研发部', parentid: 1, order: 2 },
  ];
  const settings = options.unconfigured
    ? {}
    : { corpId: fake.corpId, agentId: fake.agentId, secret: fake.secret, ...CALLBACK, baseUrl: fake.baseUrl, oauthHost: fake.baseUrl, qrLoginHost: fake.baseUrl, ...options.settings };
  let suite: InProcess;
  try {
    suite = await startInProcess({
      config: { publicUrl: PUBLIC_URL, ...options.config },
      plugins: { wecom: { enabled: true, settings }, ...options.plugins },
      users: [{ login: 'admin', role: 'admin', name: '管理员' }],
    });
  } catch (err) {
    await fake.close();
    throw err;
  }
  const people = suite.kernel.people.service;
  // The same shape as the fake's org: the company with 研发部 under it.
  const company = people.departments.create({ name: '示例科技' });
  const department = people.departments.create({ name: '研发部', parentId: company.id });
  const employees: Record<string, number> = {};
  const links = suite.kernel.connectors.forPlugin('wecom').links;
  let serial = 0;

  return {
    fake,
    suite,
    employees,
    departments: { company: company.id, rd: department.id },
    person(userid, name, { locale, login, mobile } = {}) {
      const id = people.employees.create({ employeeNo: `E${String(++serial).padStart(4, '0')}`, name, departmentId: department.id, hireDate: '2024-03-01', status: 'regular', ...(mobile ? { mobile } : {}) });
      if (login || locale) people.linkUser(id, suite.addUser({ login: login ?? userid, role: 'employee', name, locale: locale ?? null }));
      links.link(null, { connector: 'wecom', employeeId: id, remoteUserId: userid, via: 'manual' });
      if (!fake.org.users.some((u) => u.userid === userid)) fake.org.users.push({ userid, name, department: [2], status: 1, ...(mobile ? { mobile } : {}) });
      employees[userid] = id;
      return id;
    },
    async callback(inner, at = {}) {
      const timestamp = at.timestamp ?? String(Math.floor(Date.now() / 1000));
      const nonce = at.nonce ?? Math.random().toString(36).slice(2);
      const encrypted = encrypt(CALLBACK.aesKey, inner, fake.corpId);
      const query = new URLSearchParams({ msg_signature: signature(CALLBACK.token, timestamp, nonce, encrypted), timestamp, nonce });
      return suite.app.request(`/wecom/callback?${query}`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml' }, // as WeCom sends it: no cookie, no CSRF token
        body: `<xml><ToUserName><![CDATA[${fake.corpId}]]></ToUserName><AgentID><![CDATA[${fake.agentId}]]></AgentID><Encrypt><![CDATA[${encrypted}]]></Encrypt></xml>`,
      });
    },
    async close() {
      await suite.close();
      await fake.close();
    },
  };
}

/** WeCom's inner XML of a text message from `from`. */
export function textMessage(from: string, content: string, msgId: string, corpId: string): string {
  const now = Math.floor(Date.now() / 1000);
  return `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${now}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId><AgentID>1000002</AgentID></xml>`;
}

/** WeCom's inner XML of a contact change (通讯录变更). */
export function contactChange(changeType: string, userId: string, corpId: string): string {
  const now = Math.floor(Date.now() / 1000);
  return `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>${now}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType>${changeType}</ChangeType><UserID><![CDATA[${userId}]]></UserID></xml>`;
}

/** Drain the outbox until nothing is due (deliveries that fail stay pending for later). */
export async function drainAll(suite: InProcess, rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    const r = await suite.kernel.events.drain();
    if (r.delivered === 0 && r.failed === 0 && r.dead === 0) return;
  }
}
