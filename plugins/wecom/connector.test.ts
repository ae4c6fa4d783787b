import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../core/connectors/types.js';
import { startFakeWecom, type FakeWecom } from '../../tests/helpers/fake-wecom.js';
import { createWecomClient } from './client.js';
import { createWecomConnector } from './connector.js';
import { WecomApiError } from './errors.js';
import { settingsSchema } from './settings.js';

let fake: FakeWecom;
beforeEach(async () => {
  fake = await startFakeWecom();
  fake.org = {
    departments: [
      { id: 1, name: '示例科技', parentid: 0, order: 1 },
      { id: 2, name: '研发部', parentid: 1, order: 2 },
    ],
    users: [
      { userid: 'zhangsan', name: '张三', department: [2], mobile: '+86 13800000001', email: 'zs@example.com', position: '工程师', status: 1 },
      { userid: 'lisi', name: '李四', department: [1, 2], main_department: 1, status: 4 },
      { userid: 'wangwu', name: '王五', department: [2], status: 5 },
      { userid: 'zhaoliu', name: '赵六', department: [2], status: 2 },
    ],
  };
});
afterEach(() => fake.close());

function connectorFor(fakeServer: FakeWecom, configured = true) {
  const settings = settingsSchema.parse(
    configured ? { corpId: fakeServer.corpId, agentId: fakeServer.agentId, secret: fakeServer.secret, baseUrl: fakeServer.baseUrl, oauthHost: fakeServer.baseUrl, qrLoginHost: fakeServer.baseUrl } : {},
  );
  const client = configured ? createWecomClient({ baseUrl: fakeServer.baseUrl, corpId: fakeServer.corpId, secret: fakeServer.secret, agentId: fakeServer.agentId }) : null;
  return createWecomConnector({ settings, client });
}

const card: OutgoingMessage = { title: '你的 2026年11月 工资条已发布', description: '请在手机上查看', url: 'https://hr.example.com/payroll/7', buttonText: '查看', category: 'payslip' };
const ids = (n: number) => Array.from({ length: n }, (_, i) => `u${i}`);

describe('the WeCom connector', () => {
  it('is idle without corp id, agent id and secret, and says so when used', async () => {
    const connector = connectorFor(fake, false);
    expect(connector.configured()).toBe(false);
    await expect(connector.deliver!(card, { remoteUserIds: ['zhangsan'], employeeIds: [1] })).rejects.toThrow(/not configured/);
    expect(fake.callCount('/cgi-bin/gettoken')).toBe(0);
  });

  it('delivers a text card and reports people WeCom does not know', async () => {
    const connector = connectorFor(fake);
    expect(connector.configured()).toBe(true);
    const result = await connector.deliver!(card, { remoteUserIds: ['zhangsan', 'ghost'], employeeIds: [1, 2] });
    expect(result.invalid).toEqual(['ghost']);
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]!.body).toMatchObject({ msgtype: 'textcard', touser: 'zhangsan|ghost', agentid: fake.agentId, textcard: { title: card.title, url: card.url, btntxt: '查看' } });
    expect(fake.messages[0]!.delivered).toEqual(['zhangsan']);
  });

  it('reports everyone as invalid when WeCom knows none of them (81013), without throwing', async () => {
    const result = await connectorFor(fake).deliver!(card, { remoteUserIds: ['ghost1', 'ghost2'], employeeIds: [1, 2] });
    expect(result.invalid).toEqual(['ghost1', 'ghost2']);
  });

  it.each([
    { what: 'the rate limit (45009)', setup: (f: FakeWecom) => (f.rateLimited = true) },
    { what: 'WeCom busy (-1)', setup: (f: FakeWecom) => f.failNext('/cgi-bin/message/send', -1) },
    { what: 'WeCom down', setup: (f: FakeWecom) => f.down() },
  ])('throws a retryable error on $what, for the outbox to retry', async ({ setup }) => {
    const connector = connectorFor(fake);
    await setup(fake);
    const error = await connector.deliver!(card, { remoteUserIds: ['zhangsan'], employeeIds: [1] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WecomApiError);
    expect((error as WecomApiError).retryable).toBe(true);
  });

  it('after a failure partway through a big send, the retry sends only the calls that failed', async () => {
    fake.org.users = ids(2500).map((userid) => ({ userid, name: userid, department: [2], status: 1 }));
    // The second of three calls is rate limited once.
    let sends = 0;
    const flaky: typeof fetch = async (input, init) => {
      if (String(input).includes('/cgi-bin/message/send') && ++sends === 2) {
        return new Response(JSON.stringify({ errcode: 45009, errmsg: 'api freq out of limit' }), { status: 200 });
      }
      return fetch(input, init);
    };
    const settings = settingsSchema.parse({ corpId: fake.corpId, agentId: fake.agentId, secret: fake.secret, baseUrl: fake.baseUrl });
    const connector = createWecomConnector({ settings, client: createWecomClient({ baseUrl: fake.baseUrl, corpId: fake.corpId, secret: fake.secret, agentId: fake.agentId, fetch: flaky }) });
    const to = { remoteUserIds: ids(2500), employeeIds: ids(2500).map((_, i) => i + 1) };

    await expect(connector.deliver!(card, to)).rejects.toThrow(/45009/);
    expect(fake.messages.map((m) => m.delivered.length)).toEqual([1000]);

    const result = await connector.deliver!(card, to);
    expect(result.invalid).toEqual([]);
    const received = fake.messages.flatMap((m) => m.delivered);
    expect(received).toHaveLength(2500);
    expect(new Set(received).size).toBe(2500);

    // Delivered in full, it is forgotten: the same message to the same people later is sent whole.
    const before = fake.messages.length;
    await connector.deliver!(card, to);
    expect(fake.messages.slice(before).map((m) => m.delivered.length)).toEqual([1000, 1000, 500]);
  });

  it('reads the org: departments with parents, members with their main department, leavers inactive', async () => {
    const org = await connectorFor(fake).fetchOrg!();
    expect(org.departments).toEqual([
      { remoteId: '1', name: '示例科技', parentId: null, order: 1 },
      { remoteId: '2', name: '研发部', parentId: '1', order: 2 },
    ]);
    const byId = Object.fromEntries(org.members.map((m) => [m.remoteUserId, m]));
    expect(byId.zhangsan).toEqual({ remoteUserId: 'zhangsan', name: '张三', mobile: '13800000001', email: 'zs@example.com', departmentId: '2', position: '工程师', active: true });
    expect(byId.lisi).toMatchObject({ departmentId: '1', active: true, mobile: null });
    expect(byId.wangwu).toMatchObject({ active: false });
    expect(byId.zhaoliu).toMatchObject({ active: false });
  });

  it('reads the org with the contacts sync secret when there is one, and sends with the app’s', async () => {
    const settings = settingsSchema.parse({ corpId: fake.corpId, agentId: fake.agentId, secret: 'app-secret-unknown-to-fake', contactsSecret: fake.secret, baseUrl: fake.baseUrl });
    const make = (secret: string) => createWecomClient({ baseUrl: fake.baseUrl, corpId: fake.corpId, secret, agentId: fake.agentId });
    const connector = createWecomConnector({ settings, client: make(settings.secret!), orgClient: make(settings.contactsSecret!) });
    expect((await connector.fetchOrg!()).members).toHaveLength(4);
    await expect(connector.deliver!(card, { remoteUserIds: ['zhangsan'], employeeIds: [1] })).rejects.toThrow(/40001/);
  });

  it('reads punches in calls WeCom accepts, without the scheduled punches that never happened', async () => {
    const start = Date.parse('2026-11-16T00:00:00+08:00') / 1000;
    fake.checkins = [
      { userid: 'zhangsan', checkin_type: '上班打卡', checkin_time: start + 9 * 3600 - 120, location_title: '总部大厦' },
      { userid: 'zhangsan', checkin_type: '下班打卡', checkin_time: start + 18 * 3600 + 300, exception_type: '未打卡' },
      { userid: 'zhangsan', checkin_type: '外出打卡', checkin_time: start + 14 * 3600, kind: 2 },
      { userid: 'u150', checkin_type: '上班打卡', checkin_time: start + 40 * 86_400 },
    ];
    const users = ['zhangsan', ...ids(200)];
    const punches = await connectorFor(fake).fetchPunches!('2026-11-16T00:00:00+08:00', '2026-12-31T23:59:59+08:00', users);
    expect(punches).toEqual([
      { remoteUserId: 'zhangsan', at: '2026-11-16T00:58:00.000Z', source: '企业微信 上班打卡 · 总部大厦', latitude: null, longitude: null },
      { remoteUserId: 'zhangsan', at: '2026-11-16T06:00:00.000Z', source: '企业微信 外出打卡', latitude: null, longitude: null },
      { remoteUserId: 'u150', at: new Date((start + 40 * 86_400) * 1000).toISOString(), source: '企业微信 上班打卡', latitude: null, longitude: null },
    ]);
    // 201 people over 46 days: 3 user batches × 2 windows.
    expect(fake.checkinQueries).toHaveLength(6);
    expect(await connectorFor(fake).fetchPunches!('2026-11-16T00:00:00Z', '2026-11-17T00:00:00Z', [])).toEqual([]);
  });

  it('reads a day as [midnight, next midnight): a punch at 00:00:00 belongs to one day only', async () => {
    const midnight = Date.parse('2026-11-17T00:00:00+08:00') / 1000;
    fake.checkins = [{ userid: 'zhangsan', checkin_type: '上班打卡', checkin_time: midnight }];
    const connector = connectorFor(fake);
    const day16 = await connector.fetchPunches!('2026-11-16T00:00:00+08:00', '2026-11-17T00:00:00+08:00', ['zhangsan']);
    const day17 = await connector.fetchPunches!('2026-11-17T00:00:00+08:00', '2026-11-18T00:00:00+08:00', ['zhangsan']);
    expect(day16).toEqual([]);
    expect(day17.map((p) => p.at)).toEqual([new Date(midnight * 1000).toISOString()]);
  });

  it('signs in: the authorize and QR pages lead back with a code that names the member', async () => {
    const connector = connectorFor(fake);
    const back = 'https://hr.example.com/auth/connector/wecom/callback';
    const authorize = new URL(connector.signIn!.authorizeUrl('st4te', back));
    expect(authorize.pathname).toBe('/connect/oauth2/authorize');
    expect(authorize.hash).toBe('#wechat_redirect');
    expect(Object.fromEntries(authorize.searchParams)).toEqual({
      appid: fake.corpId,
      redirect_uri: back,
      response_type: 'code',
      scope: 'snsapi_base',
      state: 'st4te',
      agentid: String(fake.agentId),
    });
    const qr = new URL(connector.signIn!.qrLoginUrl!('st4te', back));
    expect(qr.pathname).toBe('/wwlogin/sso/login');
    expect(Object.fromEntries(qr.searchParams)).toEqual({ login_type: 'CorpApp', appid: fake.corpId, agentid: String(fake.agentId), redirect_uri: back, state: 'st4te' });

    fake.registerCode('code-1', 'zhangsan');
    expect(await connector.signIn!.exchangeCode('code-1')).toBe('zhangsan');
    await expect(connector.signIn!.exchangeCode('code-1')).rejects.toThrow(/40029/);
  });

  it.each([
    { ua: 'Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 wxwork/4.1.22 MicroMessenger/7.0.1 Language/zh', inApp: true },
    { ua: 'Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 wxWork/4.1.16 Chrome/53', inApp: true },
    { ua: 'Mozilla/5.0 (iPhone) MicroMessenger/8.0.40 NetType/WIFI', inApp: false },
    { ua: 'Mozilla/5.0 (Macintosh) Safari/605.1.15', inApp: false },
  ])('knows WeCom’s own browser: $ua', ({ ua, inApp }) => {
    expect(connectorFor(fake).isInApp(ua)).toBe(inApp);
  });
});
