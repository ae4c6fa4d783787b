// Acceptance (attendance and leave): an employee requests annual leave on a phone, the manager
// approves it from the approval inbox, and the employee's balance and the month's summary
// follow. Real server process, real SQLite file, Debian's chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { cleanup, startServer, tempDir, type TestServer } from '../helpers/server.js';
import { launchBrowser, signIn, VIEWPORTS, watchErrors } from './browser.js';
import { seed } from './seed.js';

const MANAGER = { login: 'lijingli', password: 'li-jing-li-2026!', name: '李经理', role: 'manager' };
const EMPLOYEE = { login: 'zhangsan', password: 'zhang-san-2026!', name: '张三', role: 'employee' };
// Past workdays of a month the package's holiday data knows (Monday and Tuesday): the test does
// not depend on the day it runs, and asking for leave after the fact is allowed.
const MONTH = '2026-11';
const START = '2026-11-16';
const END = '2026-11-17';
const PLUGINS = {
  notices: true,
  // One approval step: the manager's decision is final.
  attendance: { enabled: true, settings: { approval: { chain: ['manager'], extraLevels: [] } } },
};

interface Summary {
  paidLeaveDays: number;
  absentDays: number;
  leave: { code: string; days: number }[];
}

async function submit(page: Page, selector: string) {
  await Promise.all([page.waitForLoadState('load'), page.locator(selector).click()]);
}

describe('leave request and approval in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let employeeId = 0;
  const dataDir = tempDir();

  beforeAll(async () => {
    employeeId = await seed(dataDir, PLUGINS, async (kernel, addUser) => {
      const people = kernel.people.service;
      const managerUser = await addUser(MANAGER);
      const employeeUser = await addUser(EMPLOYEE);
      await addUser({ login: 'admin', password: 'admin-pass-2026!', name: '管理员', role: 'admin' });
      const dept = people.departments.create({ name: '研发部' });
      const manager = people.employees.create({ employeeNo: 'E0001', name: '李经理', departmentId: dept.id, hireDate: '2018-03-01', firstWorkDate: '2010-07-01', status: 'regular' });
      // 11 years of work by now, 10 of them on 1 January: 10 days of annual leave this year.
      const employee = people.employees.create({ employeeNo: 'E0002', name: '张三', departmentId: dept.id, managerId: manager, hireDate: '2020-01-06', firstWorkDate: '2015-07-01', status: 'regular' });
      people.linkUser(manager, managerUser);
      people.linkUser(employee, employeeUser);
      return employee;
    });
    server = await startServer({ dataDir, config: { plugins: PLUGINS } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    cleanup(dataDir);
  });

  it('runs from a phone request to an approved balance and summary', { timeout: 120_000 }, async () => {
    const desktop = await browser.newContext({ viewport: VIEWPORTS.desktop, locale: 'zh-CN' });
    desktop.setDefaultTimeout(10_000);
    const managerPage = await signIn(desktop, server.url, MANAGER.login, MANAGER.password);
    const summary = async (): Promise<Summary> => {
      const res = await managerPage.request.get(`${server.url}/api/v1/attendance/summaries/${employeeId}?month=${MONTH}`);
      expect(res.status()).toBe(200);
      return (await res.json()) as Summary;
    };
    const before = await summary();
    expect(before.paidLeaveDays).toBe(0);
    // No punches on those two days yet: absent.
    expect(before.absentDays).toBeGreaterThanOrEqual(2);

    // The employee, on a phone: 10 days of annual leave.
    const phone = await browser.newContext({ viewport: VIEWPORTS.phone, locale: 'zh-CN' });
    phone.setDefaultTimeout(10_000);
    const mine = await signIn(phone, server.url, EMPLOYEE.login, EMPLOYEE.password);
    const errors = watchErrors(mine);
    await mine.goto(`${server.url}/attendance/leave`);
    const annualCard = mine.locator('.card.stat', { hasText: '年假' });
    await expect.poll(() => annualCard.locator('.stat-value').innerText()).toMatch(/^10(\.0)?\s*天$/);

    // Request two days.
    await mine.goto(`${server.url}/attendance/leave/new`);
    // Options read "年假 · 半天 · 可用 10 天": the balance is shown where the type is chosen.
    const annual = mine.locator('#leave-leaveTypeId option', { hasText: '年假' });
    expect(await annual.innerText()).toContain('10');
    await mine.selectOption('#leave-leaveTypeId', (await annual.getAttribute('value'))!);
    await mine.fill('#leave-startDate', START);
    await mine.selectOption('#leave-startHalf', 'am');
    await mine.fill('#leave-endDate', END);
    await mine.selectOption('#leave-endHalf', 'pm');
    await mine.fill('#leave-reason', '回老家办事');
    await submit(mine, 'form[action="/attendance/leave"] button[type="submit"]');
    expect(new URL(mine.url()).pathname).toMatch(/^\/attendance\/leave\/\d+$/);
    const requestPath = new URL(mine.url()).pathname;
    const pending = await mine.locator('main').innerText();
    expect(pending).toContain('审批中');
    expect(pending).toContain('李经理');
    const overflow = await mine.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // The manager approves from the inbox.
    await managerPage.goto(`${server.url}/attendance/approvals`);
    const item = managerPage.locator('form[action^="/attendance/approvals/"]', { has: managerPage.locator('button[value="approved"]') }).first();
    expect(await managerPage.locator('main').innerText()).toContain('张三');
    await item.locator('textarea[name="comment"]').fill('同意，注意交接');
    await submit(managerPage, 'form[action^="/attendance/approvals/"] button[value="approved"]');
    expect(await managerPage.locator('main').innerText()).not.toContain('回老家办事');

    // The employee sees the outcome, the comment and the new balance.
    await mine.goto(`${server.url}${requestPath}`);
    const decided = await mine.locator('main').innerText();
    expect(decided).toContain('已通过');
    expect(decided).toContain('同意，注意交接');
    await mine.goto(`${server.url}/attendance/leave`);
    await expect.poll(() => annualCard.locator('.stat-value').innerText()).toMatch(/^8(\.0)?\s*天$/);

    // The month's summary: two paid leave days of annual leave, and the two days no longer absent.
    const after = await summary();
    expect(after.paidLeaveDays).toBe(2);
    expect(after.leave.find((l) => l.code === 'annual')?.days).toBe(2);
    expect(after.absentDays).toBe(before.absentDays - 2);
    // My calendar shows the two leave days.
    await mine.goto(`${server.url}/attendance?month=${MONTH}`);
    const leaveStat = mine.locator('.card.stat', { hasText: '请假' }).locator('.stat-value');
    expect(await leaveStat.innerText()).toBe('2');
    expect(errors).toEqual([]);
  });
});
