// Acceptance (WeCom sign-in): an employee opens the suite from inside WeCom (OAuth2 web
// authorization, silent) or on a desktop (QR-code sign-in) and lands on their own
// self-service page, signed in, without a password. Real server process, Debian's chromium,
// the fake WeCom's authorize pages and API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startFakeWecom, type FakeWecom } from '../helpers/fake-wecom.js';
import { cleanup, startServer, tempDir, type TestServer } from '../helpers/server.js';
import { launchBrowser, VIEWPORTS, watchErrors } from './browser.js';
import { seed } from './seed.js';

const WECOM_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.22 MicroMessenger/7.0.1 NetType/WIFI Language/zh';

describe('signing in through WeCom in a browser', () => {
  let fake: FakeWecom;
  let server: TestServer;
  let browser: Browser;
  let base = '';
  const dataDir = tempDir();

  beforeAll(async () => {
    fake = await startFakeWecom();
    const plugins = {
      notices: true,
      wecom: { enabled: true, settings: { corpId: fake.corpId, agentId: fake.agentId, secret: fake.secret, baseUrl: fake.baseUrl, oauthHost: fake.baseUrl, qrLoginHost: fake.baseUrl } },
    };
    await seed(dataDir, plugins, async (kernel, addUser) => {
      const people = kernel.people.service;
      const links = kernel.connectors.forPlugin('wecom').links;
      const dept = people.departments.create({ name: '研发部' });
      await addUser({ login: 'admin', password: 'admin-pass-2026!', name: '管理员', role: 'admin' });
      for (const [no, name, login, userid] of [
        ['E0001', '张三', 'zhangsan', 'zhangsan'],
        ['E0002', '李四', 'lisi', 'lisi'],
      ] as const) {
        const employee = people.employees.create({ employeeNo: no, name, departmentId: dept.id, hireDate: '2022-03-01', status: 'regular' });
        people.linkUser(employee, await addUser({ login, password: `${login}-pass-2026!`, name, role: 'employee' }));
        links.link(null, { connector: 'wecom', employeeId: employee, remoteUserId: userid, via: 'manual' });
      }
    });
    server = await startServer({ dataDir, config: { plugins } });
    // The suite's publicUrl is http://localhost:<port>: browse there, so the sign-in cookie and the callback share a host.
    base = `http://localhost:${server.port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await fake?.close();
    cleanup(dataDir);
  });

  it('inside WeCom: the authorize page → the callback → 张三 on their own page', { timeout: 60_000 }, async () => {
    fake.oauthUser = 'zhangsan';
    const phone = await browser.newContext({ viewport: VIEWPORTS.phone, locale: 'zh-CN', userAgent: WECOM_UA });
    phone.setDefaultTimeout(10_000);
    const page = await phone.newPage();
    const errors = watchErrors(page);
    const visited: string[] = [];
    page.on('request', (r) => {
      if (r.isNavigationRequest()) visited.push(new URL(r.url()).pathname);
    });
    await page.goto(`${base}/auth/connector/wecom/start?next=/me`);
    // A redirect keeps the authorize URL's #wechat_redirect fragment, as in WeCom.
    await page.waitForURL((url) => url.origin === base && url.pathname === '/me');
    expect(visited).toEqual(['/auth/connector/wecom/start', '/connect/oauth2/authorize', '/auth/connector/wecom/callback', '/me']);
    const main = await page.locator('main').innerText();
    expect(main).toContain('张三');
    expect(main).not.toContain('李四');
    expect(errors).toEqual([]);
    await phone.close();
  });

  it('on a desktop: the login page’s WeCom button → the QR sign-in page → 李四 on their own page', { timeout: 60_000 }, async () => {
    fake.oauthUser = 'lisi';
    const desktop = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'zh-CN' });
    desktop.setDefaultTimeout(10_000);
    const page = await desktop.newPage();
    const visited: string[] = [];
    page.on('request', (r) => {
      if (r.isNavigationRequest()) visited.push(new URL(r.url()).pathname);
    });
    await page.goto(`${base}/login`);
    const button = page.locator('[data-connector-signin] a', { hasText: '企业微信' });
    await Promise.all([page.waitForURL((url) => url.origin === base && url.pathname === '/me'), button.click()]);
    expect(visited).toContain('/wwlogin/sso/login');
    expect(await page.locator('main').innerText()).toContain('李四');
    await desktop.close();
  });

  it('someone WeCom knows but the suite does not gets a page that says whom to ask, and no session', { timeout: 60_000 }, async () => {
    fake.oauthUser = 'stranger';
    const phone = await browser.newContext({ viewport: VIEWPORTS.phone, locale: 'zh-CN', userAgent: WECOM_UA });
    const page = await phone.newPage();
    const res = await page.goto(`${base}/auth/connector/wecom/start?next=/me`);
    expect(res?.status()).toBe(403);
    expect(new URL(page.url()).pathname).toBe('/auth/connector/wecom/callback');
    // The account WeCom named, to quote to HR.
    expect(await page.locator('[data-reason="unlinked"]').innerText()).toContain('stranger');
    const me = await page.goto(`${base}/me`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(me?.ok()).toBe(true);
    await phone.close();
  });
});
