// The WeCom plugin's own pages through the real kernel: the admin status page (secrets shown
// as set / not set only, the values for WeCom's console, a connection test), the JS-SDK
// configuration, and the optional push of new hires and leavers to WeCom.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../plugins/wecom/i18n.js';
import { CALLBACK, drainAll, PUBLIC_URL, startWecomSuite, type WecomSuite } from '../helpers/wecom-kit.js';

describe('the WeCom status page', () => {
  let w: WecomSuite;
  beforeAll(async () => {
    w = await startWecomSuite();
    w.person('zhangsan', '张三', { login: 'zhangsan' });
  });
  afterAll(() => w?.close());

  it('shows an admin what is configured and what to enter in WeCom, never a secret', async () => {
    const res = await w.suite.get('admin', '/wecom/admin');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(w.fake.corpId);
    expect(html).toContain(String(w.fake.agentId));
    expect(html).toContain(`${PUBLIC_URL}/wecom/callback`);
    expect(html).toContain('hr.example.com');
    for (const secret of [w.fake.secret, CALLBACK.token, CALLBACK.aesKey]) expect(html).not.toContain(secret);
    expect(html.match(/已设置/g)?.length).toBeGreaterThanOrEqual(3);
  });

  it('is for admins only', async () => {
    expect((await w.suite.get('zhangsan', '/wecom/admin')).status).toBe(403);
  });

  /** Press "test the connection" and read the message on the page it leads back to. */
  const check = async () => {
    const res = await w.suite.post('admin', '/wecom/admin/check');
    expect(res.status).toBe(303);
    const flash = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const page = await w.suite.get('admin', res.headers.get('location')!, { cookie: `${w.suite.cookieFor('admin')}; ${flash}` });
    return page.text();
  };

  it('tests the connection and says what it saw, or why it failed, without the secret', async () => {
    expect(await check()).toContain(messages['zh-CN']['wecom.status.check_ok'].replace('{departments}', String(w.fake.org.departments.length)));
    await w.fake.down();
    try {
      const page = await check();
      expect(page).toContain(messages['zh-CN']['wecom.status.check_failed'].split('{')[0]);
      expect(page).not.toContain(w.fake.secret);
    } finally {
      await w.fake.up();
    }
  });
});

describe('the JS-SDK configuration', () => {
  let w: WecomSuite;
  beforeAll(async () => {
    w = await startWecomSuite();
    w.person('zhangsan', '张三', { login: 'zhangsan' });
  });
  afterAll(() => w?.close());

  it('signs a page of the suite for a signed-in user, with the ticket cached', async () => {
    const url = `${PUBLIC_URL}/attendance/punch?from=wecom`;
    const first = await w.suite.get('zhangsan', `/wecom/jssdk-config?url=${encodeURIComponent(url)}`);
    expect(first.status).toBe(200);
    const config = (await first.json()) as Record<string, unknown>;
    expect(Object.keys(config).sort()).toEqual(['appId', 'nonceStr', 'signature', 'timestamp']);
    expect(config.appId).toBe(w.fake.corpId);
    expect(config.signature).toMatch(/^[0-9a-f]{40}$/);
    expect(Math.abs(Number(config.timestamp) - Date.now() / 1000)).toBeLessThan(60);

    const agent = (await (await w.suite.get('zhangsan', `/wecom/jssdk-config?agent=1&url=${encodeURIComponent(url)}`)).json()) as Record<string, unknown>;
    expect(agent.agentId).toBe(w.fake.agentId);
    await w.suite.get('zhangsan', `/wecom/jssdk-config?url=${encodeURIComponent(url)}`);
    expect(w.fake.callCount('/cgi-bin/get_jsapi_ticket')).toBe(1);
    expect(w.fake.callCount('/cgi-bin/ticket/get')).toBe(1);
  });

  it.each([
    { what: 'a page of another site', url: 'https://evil.example.com/', status: 400 },
    { what: 'no url', url: '', status: 400 },
  ])('refuses $what', async ({ url, status }) => {
    expect((await w.suite.get('zhangsan', `/wecom/jssdk-config?url=${encodeURIComponent(url)}`)).status).toBe(status);
  });

  it('is not for anonymous visitors', async () => {
    const res = await w.suite.get(null, `/wecom/jssdk-config?url=${encodeURIComponent(PUBLIC_URL)}`);
    expect([302, 303]).toContain(res.status);
    expect(res.headers.get('location')).toMatch(/^\/login/);
  });
});

describe('pushing new hires and leavers to WeCom', () => {
  let w: WecomSuite;
  beforeAll(async () => {
    w = await startWecomSuite({ settings: { pushHires: true, pushLeavers: true } });
  });
  afterAll(() => w?.close());

  it('adds a new hire to WeCom, in the department of the same name, and links them', async () => {
    const people = w.suite.kernel.people.service;
    const id = people.employees.create({ employeeNo: 'E0100', name: '钱七', departmentId: w.departments.rd, mobile: '13900000100', status: 'probation' });
    await drainAll(w.suite);
    expect(w.fake.org.users.find((u) => u.userid === 'E0100')).toMatchObject({ name: '钱七', department: [2], mobile: '13900000100' });
    expect(w.suite.kernel.connectors.forPlugin('wecom').links.employeeOf('wecom', 'E0100')).toBe(id);
  });

  it('does not push back someone who came from WeCom', async () => {
    w.fake.org.users.push({ userid: 'fromwecom', name: '孙八', department: [2], mobile: '13900000101', status: 1 });
    const creates = w.fake.callCount('/cgi-bin/user/create');
    await w.suite.kernel.connectors.forPlugin('wecom').syncNow('wecom');
    await drainAll(w.suite);
    expect(w.suite.kernel.connectors.forPlugin('wecom').links.employeeOf('wecom', 'fromwecom')).not.toBeNull();
    expect(w.fake.callCount('/cgi-bin/user/create')).toBe(creates);
  });

  it('disables a leaver’s WeCom member (kept, not deleted)', async () => {
    const people = w.suite.kernel.people.service;
    const id = w.suite.kernel.connectors.forPlugin('wecom').links.employeeOf('wecom', 'E0100')!;
    w.fake.org.users.find((u) => u.userid === 'E0100')!.status = 1; // activated meanwhile
    people.employees.update(id, { status: 'left', terminationDate: '2026-11-30', terminationReason: '个人原因' });
    await drainAll(w.suite);
    expect(w.fake.org.users.find((u) => u.userid === 'E0100')).toMatchObject({ name: '钱七', status: 2 });
    expect(w.fake.org.users.find((u) => u.userid === 'fromwecom')).toMatchObject({ status: 1 });
  });
});
