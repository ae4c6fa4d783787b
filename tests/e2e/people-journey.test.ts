// Acceptance (identity and people): fresh start → setup wizard → admin signs in; setup is then
// refused; the admin creates a department and an employee with an account; the org chart shows
// them; the employee signs in on a phone and sees their own profile; sign out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { cleanup, startServer, tempDir, type TestServer } from '../helpers/server.js';
import { launchBrowser, signIn, VIEWPORTS, watchErrors } from './browser.js';

const ADMIN = { login: 'admin', password: 'correct-horse-9' };
const EMPLOYEE = { login: 'zhangsan', password: 'zhang-san-2026!' };

async function submit(page: Page, form: string) {
  await Promise.all([page.waitForLoadState('load'), page.locator(`${form} button[type="submit"]`).first().click()]);
}

describe('setup, people and self-service in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  const dataDir = tempDir();

  beforeAll(async () => {
    server = await startServer({ dataDir });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    cleanup(dataDir);
  });

  it('runs from an empty suite to an employee reading their profile on a phone', async () => {
    const admin = await (await browser.newContext({ viewport: VIEWPORTS.desktop })).newPage();
    const errors = watchErrors(admin);

    // A fresh suite opens the setup wizard.
    await admin.goto(`${server.url}/`);
    expect(new URL(admin.url()).pathname).toBe('/setup');
    await admin.fill('[name="company"]', '示例科技有限公司');
    await admin.fill('[name="name"]', '王管理');
    await admin.fill('[name="login"]', ADMIN.login);
    await admin.fill('[name="password"]', ADMIN.password);
    await admin.fill('[name="confirm"]', ADMIN.password);
    await submit(admin, 'form[action="/setup"]');
    expect(new URL(admin.url()).pathname).toBe('/');

    // Setup is closed for good.
    await admin.goto(`${server.url}/setup`);
    expect(new URL(admin.url()).pathname).toBe('/');

    // Sign out and back in as the admin.
    await admin.locator('details.account summary').click();
    await submit(admin, 'form[action="/logout"]');
    expect(new URL(admin.url()).pathname).toBe('/login');
    await admin.context().clearCookies();
    const signedIn = await signIn(admin.context(), server.url, ADMIN.login, ADMIN.password);

    // A department.
    await signedIn.goto(`${server.url}/people/departments`);
    await signedIn.fill('#dept-new-name', '研发部');
    await submit(signedIn, 'form[action="/people/departments"]');
    await expect.poll(() => signedIn.locator('.dept-tree').innerText()).toContain('研发部');

    // An account for the new employee.
    await signedIn.goto(`${server.url}/admin/users/new`);
    await signedIn.fill('#user-login', EMPLOYEE.login);
    await signedIn.fill('#user-name', '张三');
    await signedIn.selectOption('#user-role', 'employee');
    await signedIn.check('#user-mode-password');
    await signedIn.fill('#user-password', EMPLOYEE.password);
    await submit(signedIn, 'form[action="/admin/users"]');

    // The employee, linked to that account.
    await signedIn.goto(`${server.url}/people/new`);
    await signedIn.fill('[name="employeeNo"]', 'E0001');
    await signedIn.fill('[name="name"]', '张三');
    await signedIn.selectOption('[name="departmentId"]', { label: '研发部' });
    await signedIn.fill('[name="idNumber"]', '11010519491231002X');
    await signedIn.fill('[name="hireDate"]', '2026-11-02');
    await signedIn.selectOption('[name="userId"]', { label: `${EMPLOYEE.login} (张三)` });
    await submit(signedIn, 'form[action="/people/new"]');
    expect(new URL(signedIn.url()).pathname).toMatch(/^\/people\/\d+$/);
    const profile = await signedIn.locator('main').innerText();
    expect(profile).toContain('张三');
    expect(profile).not.toContain('11010519491231002X');

    // The org chart shows them.
    await signedIn.goto(`${server.url}/people/org`);
    const chart = await signedIn.locator('main').innerText();
    expect(chart).toContain('研发部');
    expect(chart).toContain('张三');
    expect(errors).toEqual([]);

    // The employee, on a phone.
    const phone = await browser.newContext({ viewport: VIEWPORTS.phone });
    const mine = await signIn(phone, server.url, EMPLOYEE.login, EMPLOYEE.password);
    await mine.goto(`${server.url}/me`);
    const me = await mine.locator('main').innerText();
    expect(me).toContain('张三');
    expect(me).toContain('E0001');
    expect(me).toContain('研发部');
    expect(me).not.toContain('11010519491231002X');
    const overflow = await mine.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // Nobody else's profile: the directory shows only them.
    await mine.goto(`${server.url}/people`);
    expect(await mine.locator('main').innerText()).toContain('张三');
    await mine.locator('details.account summary').click();
    await submit(mine, 'form[action="/logout"]');
    expect(new URL(mine.url()).pathname).toBe('/login');
    await mine.goto(`${server.url}/me`);
    expect(new URL(mine.url()).pathname).toBe('/login');
  });
});
