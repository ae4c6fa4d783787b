// Signing in through a connector: the start picks the platform's page (in its app or a QR code),
// the callback checks the state, exchanges the code and lands the linked employee on their page
// with a new session; every refusal is a page in words and an audit entry.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeConnectorPlugin, fakePlatform, pluginFolder, type FakePlatform } from '../helpers/fake-connector.js';
import { startInProcess, type InProcess } from '../helpers/inprocess.js';

const DESKTOP = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0';
const IN_APP = 'Mozilla/5.0 (iPhone) Mobile/15E148 FakeChatApp/4.1';

describe('connectors: sign-in', () => {
  const platform: FakePlatform = fakePlatform();
  const folder = pluginFolder(fakeConnectorPlugin(platform));
  let suite: InProcess;
  const emp: Record<string, number> = {};

  /** The value of a cookie a response sets (`name=value`), or null. */
  const setCookie = (res: Response, prefix: string): string | null => {
    const all = res.headers.getSetCookie();
    const found = all.find((c) => c.startsWith(prefix));
    return found ? found.split(';')[0]! : null;
  };
  const stateCookiePrefix = () => suite.kernel.cookies.session.replace('hr_session_', 'hr_connector_');
  const start = async (query = '', ua = DESKTOP, cookie?: string) => {
    const res = await suite.app.request(`/auth/connector/fakechat/start${query}`, { headers: { 'user-agent': ua, ...(cookie ? { cookie } : {}) } });
    const location = res.headers.get('location') ?? '';
    const state = location.startsWith('https://fake.example') ? new URL(location).searchParams.get('state') : null;
    return { res, location, state, cookie: setCookie(res, stateCookiePrefix()) };
  };
  const callback = (query: string, cookie: string | null) => suite.app.request(`/auth/connector/fakechat/callback${query}`, { headers: cookie ? { cookie } : {} });
  const audits = (action: string) =>
    (suite.kernel.dbh.sqlite.prepare('SELECT entity_id AS entityId, after FROM core_audit_log WHERE action = ? ORDER BY id').all(action) as { entityId: string; after: string }[]).map((a) => ({
      entityId: a.entityId,
      ...JSON.parse(a.after),
    }));

  beforeAll(async () => {
    suite = await startInProcess({
      config: { publicUrl: 'https://hr.example.com' },
      plugins: { fakechat: { path: folder.path } },
      users: [
        { login: 'zhang', role: 'employee', name: '张三' },
        { login: 'off', role: 'employee', name: '停用' },
        { login: 'wang', role: 'employee', name: '王五' },
      ],
    });
    const people = suite.kernel.people.service;
    const dept = people.departments.create({ name: '总部' }).id;
    const hire = (no: string, name: string, login?: string) => {
      const id = people.employees.create({ employeeNo: no, name, departmentId: dept });
      if (login) people.linkUser(id, suite.userIds[login]!);
      return id;
    };
    emp.zhang = hire('E1', '张三', 'zhang');
    emp.off = hire('E2', '停用', 'off');
    emp.noAccount = hire('E3', '没账号');
    emp.wang = hire('E4', '王五', 'wang');
    suite.kernel.dbh.sqlite.prepare('UPDATE core_users SET active = 0 WHERE id = ?').run(suite.userIds.off);
    const { links } = platform.ctx!.connectors;
    links.link(null, { connector: 'fakechat', employeeId: emp.zhang, remoteUserId: 'zhangsan', via: 'sync' });
    links.link(null, { connector: 'fakechat', employeeId: emp.off, remoteUserId: 'tingyong', via: 'sync' });
    links.link(null, { connector: 'fakechat', employeeId: emp.noAccount, remoteUserId: 'meizhanghao', via: 'sync' });
    platform.codes = new Map([
      ['code-zhang', 'zhangsan'],
      ['code-off', 'tingyong'],
      ['code-none', 'meizhanghao'],
      ['code-ghost', 'ghost'],
      ['code-wang', 'wangwu'],
    ]);
  });
  afterAll(async () => {
    await suite?.close();
    folder.remove();
  });
  beforeEach(() => {
    platform.configured = true;
    platform.down = false;
  });

  it('offers the button on the login page only while the connector is configured', async () => {
    const html = await (await suite.get(null, '/login?next=%2Fattendance')).text();
    expect(html).toContain('href="/auth/connector/fakechat/start?next=%2Fattendance"');
    expect(html).toContain('使用假聊登录');
    platform.configured = false;
    expect(await (await suite.get(null, '/login')).text()).not.toContain('/auth/connector/');
    expect((await start()).res.status).toBe(404);
  });

  it.each([
    ['a desktop browser to the QR code', '', DESKTOP, 'https://fake.example/qr?'],
    ['the platform’s app to its silent authorization', '', IN_APP, 'https://fake.example/authorize?'],
    ['?mode=qr to the QR code even inside the app', '?mode=qr', IN_APP, 'https://fake.example/qr?'],
  ])('sends %s, with our callback and a fresh state', async (_name, query, ua, target) => {
    const { res, location, state, cookie } = await start(query, ua);
    expect(res.status).toBe(302);
    expect(location.startsWith(target)).toBe(true);
    expect(new URL(location).searchParams.get('redirect_uri')).toBe('https://hr.example.com/auth/connector/fakechat/callback');
    expect(state).toMatch(/^[\w-]{32}$/);
    expect(cookie).not.toBeNull();
    expect(res.headers.getSetCookie().find((c) => c.startsWith(stateCookiePrefix()))).toMatch(/HttpOnly/i);
  });

  it('signs the linked employee in and lands them where the link pointed', async () => {
    const { state, cookie } = await start('?next=%2Fme%3Ftab%3Dleave');
    const res = await callback(`?code=code-zhang&state=${state}`, cookie);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/me?tab=leave');
    const session = setCookie(res, suite.kernel.cookies.session);
    expect(session).not.toBeNull();
    const me = await suite.app.request('/me', { headers: { cookie: session! } });
    expect(me.status).toBe(200);
    expect(await me.text()).toContain('张三');
    expect(audits('auth.connector.signin').at(-1)).toEqual({ entityId: String(suite.userIds.zhang), connector: 'fakechat', employeeId: emp.zhang, remoteUserId: 'zhangsan', linked: false });
  });

  it('lands on the self-service page by default, and skips the platform for someone already signed in', async () => {
    const { state, cookie } = await start();
    const res = await callback(`?code=code-zhang&state=${state}`, cookie);
    expect(res.headers.get('location')).toBe('/me');
    const again = await start('?next=%2Fpayroll', DESKTOP, suite.cookieFor('zhang'));
    expect(again.res.status).toBe(303);
    expect(again.location).toBe('/payroll');
    // `next` stays on this site.
    const evil = await start('?next=%2F%2Fevil.example', DESKTOP, suite.cookieFor('zhang'));
    expect(evil.location).toBe('/');
  });

  it.each([
    ['a state that does not match the browser’s', (s: string) => `?code=code-zhang&state=${s}x`, true, 400, 'state_mismatch', '不一致'],
    ['a callback this browser never started', (s: string) => `?code=code-zhang&state=${s}`, false, 400, 'state_missing', '已失效'],
    ['no code (declined on the platform)', (s: string) => `?state=${s}`, true, 400, 'denied', '没有在假聊中确认登录'],
    ['an account linked to nobody', (s: string) => `?code=code-ghost&state=${s}`, true, 403, 'unlinked', '还没有关联到员工档案'],
    ['an employee without an account', (s: string) => `?code=code-none&state=${s}`, true, 403, 'no_account', '还没有开通系统账号'],
    ['a disabled account', (s: string) => `?code=code-off&state=${s}`, true, 403, 'inactive', '已停用'],
    ['a code the platform does not accept', (s: string) => `?code=nonsense&state=${s}`, true, 502, 'exchange', '没有确认你的身份'],
  ])('refuses %s, explains it and audits it', async (_name, query, withCookie, status, reason, words) => {
    const { state, cookie } = await start();
    const res = await callback(query(state!), withCookie ? cookie : null);
    expect(res.status).toBe(status);
    const html = await res.text();
    expect(html).toContain(`data-reason="${reason}"`);
    expect(html).toContain(words);
    expect(html).toContain('请联系人事部门或系统管理员');
    expect(setCookie(res, suite.kernel.cookies.session)).toBeNull();
    expect(audits('auth.connector.failed').at(-1)).toMatchObject({ entityId: 'fakechat', reason });
  });

  it('shows the platform account to quote to HR when it is linked to nobody', async () => {
    const { state, cookie } = await start();
    const html = await (await callback(`?code=code-ghost&state=${state}`, cookie)).text();
    expect(html).toContain('<code>ghost</code>');
  });

  it('links the platform account to the signed-in user when started with ?link=1', async () => {
    const { state, cookie } = await start('?link=1', DESKTOP, suite.cookieFor('wang'));
    expect(state).not.toBeNull();
    const res = await callback(`?code=code-wang&state=${state}`, cookie);
    expect(res.status).toBe(303);
    expect(platform.ctx!.connectors.links.employeeOf('fakechat', 'wangwu')).toBe(emp.wang);
    expect(audits('connectors.link').at(-1)).toMatchObject({ entityId: String(emp.wang), connector: 'fakechat', remoteUserId: 'wangwu', via: 'signin' });
    // Someone else's platform account cannot be taken over that way.
    const other = await start('?link=1', DESKTOP, suite.cookieFor('wang'));
    const refused = await callback(`?code=code-zhang&state=${other.state}`, other.cookie);
    expect(refused.status).toBe(409);
    expect(platform.ctx!.connectors.links.employeeOf('fakechat', 'zhangsan')).toBe(emp.zhang);
  });
});
