// Acceptance (payroll): the demo company's published run; an employee opens their payslip on a
// phone, sees the breakdown, downloads the PDF and confirms receipt; another employee's payslip
// is not there for them. Real server process, real SQLite file, Debian's chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { loadDemo } from '../../core/kernel.js';
import { cleanup, startServer, tempDir, type TestServer } from '../helpers/server.js';
import { launchBrowser, signIn, VIEWPORTS, watchErrors } from './browser.js';
import { seed } from './seed.js';

const EMPLOYEE = { login: 'chensiyuan', password: 'chen-si-yuan-2026!', name: '陈思远', role: 'employee' };
const PLUGINS = { notices: true, attendance: true, payroll: true };

describe('payslips in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let otherPayslip = 0;
  const dataDir = tempDir();

  beforeAll(async () => {
    otherPayslip = await seed(dataDir, PLUGINS, async (kernel, addUser) => {
      // The demo company runs last month's payroll through to publication.
      await loadDemo(kernel, 'zh-CN');
      const people = kernel.people.service;
      people.linkUser(people.employees.idByEmployeeNo('D0003')!, await addUser(EMPLOYEE));
      const other = people.employees.idByEmployeeNo('D0004')!;
      return kernel.dbh.sqlite.prepare('SELECT id FROM payroll_payslips WHERE employee_id = ? ORDER BY id DESC').pluck().get(other) as number;
    });
    server = await startServer({ dataDir, config: { plugins: PLUGINS } });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    cleanup(dataDir);
  });

  it('shows my payslip on a phone, downloads it as a PDF and confirms receipt', { timeout: 120_000 }, async () => {
    const phone = await browser.newContext({ viewport: VIEWPORTS.phone, locale: 'zh-CN' });
    phone.setDefaultTimeout(10_000);
    const page = await signIn(phone, server.url, EMPLOYEE.login, EMPLOYEE.password);
    const errors = watchErrors(page);

    await page.goto(`${server.url}/payroll`);
    const link = page.locator('a.pay-item').first();
    await Promise.all([page.waitForLoadState('load'), link.click()]);
    expect(new URL(page.url()).pathname).toMatch(/^\/payroll\/payslips\/\d+$/);
    const slip = await page.locator('main').innerText();
    for (const text of ['陈思远', '应发工资', '实发工资', '养老保险', '住房公积金', '个人所得税']) expect(slip).toContain(text);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // The PDF, with the browser's session.
    const pdf = await page.request.get(`${server.url}${new URL(page.url()).pathname}.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

    // Confirm receipt (确认工资条).
    await Promise.all([page.waitForLoadState('load'), page.locator('form[action$="/confirm"] button[type="submit"]').click()]);
    expect(await page.locator('.pay-confirm').innerText()).toContain('已确认');

    // Someone else's payslip is simply not there, as a page or as a PDF.
    expect((await page.request.get(`${server.url}/payroll/payslips/${otherPayslip}`)).status()).toBe(404);
    expect((await page.request.get(`${server.url}/payroll/payslips/${otherPayslip}.pdf`)).status()).toBe(404);
    expect(errors).toEqual([]);
  });
});
