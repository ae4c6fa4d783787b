// The payroll demo on top of the demo company and its attendance: a profile and a payroll card for
// everyone, and last month's run published through the real calculation, so payslips, PDF and exports work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../core/kernel.js';
import { startInProcess, type InProcess } from '../helpers/inprocess.js';

describe('payroll demo data', () => {
  let suite: InProcess;
  let lastMonth: string;

  beforeAll(async () => {
    suite = await startInProcess({ plugins: { attendance: { enabled: true }, payroll: { enabled: true } }, users: [{ login: 'hr', role: 'hr' }] });
    expect(await loadDemo(suite.kernel, 'zh-CN')).toEqual(expect.arrayContaining(['attendance', 'payroll']));
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: suite.kernel.config.timezone }).format(new Date());
    const [y, m] = today.split('-').map(Number) as [number, number];
    lastMonth = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  }, 120_000);
  afterAll(async () => {
    await suite?.close();
  });

  const sqlite = () => suite.kernel.dbh.sqlite;

  it('gives everyone employed a salary profile and a payroll card', () => {
    const employees = suite.kernel.people.service.employees.roster().filter((e) => !e.hireDate || e.hireDate <= `${lastMonth}-31`).length;
    expect(employees).toBeGreaterThan(10);
    expect(sqlite().prepare('SELECT count(DISTINCT employee_id) FROM payroll_salary_profiles').pluck().get()).toBe(employees);
    expect(sqlite().prepare('SELECT count(*) FROM payroll_bank_accounts').pluck().get()).toBe(employees);
    expect(sqlite().prepare('SELECT count(*) FROM payroll_additional_deductions').pluck().get()).toBeGreaterThan(0);
  });

  it('publishes last month’s run, calculated, with a payslip each', async () => {
    const run = sqlite().prepare("SELECT id, status, employee_count AS employeeCount, totals FROM payroll_runs WHERE month = ? AND kind = 'regular'").get(lastMonth) as { id: number; status: string; employeeCount: number; totals: string };
    expect(run.status).toBe('published');
    expect(run.employeeCount).toBeGreaterThan(10);
    expect(JSON.parse(run.totals).netCents).toBeGreaterThan(0);
    expect(sqlite().prepare('SELECT count(*) FROM payroll_payslips WHERE run_id = ? AND published_at IS NOT NULL').pluck().get(run.id)).toBe(run.employeeCount);
    const bank = await suite.get('hr', `/payroll/exports/${run.id}/bank.csv`);
    expect(bank.status).toBe(200);
    const lines = (await bank.text()).trim().split('\r\n');
    expect(lines.length).toBe(run.employeeCount + 1);
    expect(lines.slice(1).every((l) => /^6214\d{15},/.test(l))).toBe(true);
    const first = sqlite().prepare('SELECT id FROM payroll_payslips WHERE run_id = ? ORDER BY id LIMIT 1').pluck().get(run.id) as number;
    const page = await suite.get('hr', `/payroll/payslips/${first}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('实发工资');
  });
});
