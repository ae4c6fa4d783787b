// Attendance reports in process: summary API scopes, overtime over the legal limit, the XLSX export,
// month locks (HR's audited override, a custom role refused), team and admin pages, unknown years.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../plugins/attendance/domain/time.js';
import { startInProcess, type InProcess } from '../helpers/inprocess.js';

interface Summary {
  employeeId: number;
  employeeNo: string;
  overtimeHours: { workday: number; restday: number; holiday: number };
  overtimeOverLimit: boolean;
  locked: boolean;
}

describe('attendance reports', () => {
  let suite: InProcess;
  const ids: Record<string, number> = {};
  let today: string;
  let month: string;

  beforeAll(async () => {
    suite = await startInProcess({
      plugins: { attendance: { enabled: true } },
      users: [
        { login: 'hr', role: 'hr', name: '王人事' },
        { login: 'hr-en', role: 'hr', name: 'Hanna HR', locale: 'en' },
        { login: 'mgr', role: 'manager', name: '李经理' },
        { login: 'emp', role: 'employee', name: '张三' },
        { login: 'peer', role: 'employee', name: '钱七' },
      ],
    });
    const { kernel } = suite;
    kernel.roles.save({ id: 'clerk', name: 'Clerk', description: '', grants: { 'attendance.self': 'self', 'attendance.manage': 'all', 'attendance.approve': 'all' } });
    suite.addUser({ login: 'clerk', role: 'clerk', name: '赵文员' });
    const people = kernel.people.service;
    const dept = people.departments.create({ name: '研发部' }).id;
    const hire = (employeeNo: string, name: string, managerId?: number) => people.employees.create({ employeeNo, name, departmentId: dept, managerId, hireDate: '2024-01-02' });
    ids.mgr = hire('E001', '李经理');
    ids.emp = hire('E002', '张三', ids.mgr);
    ids.peer = hire('E003', '钱七');
    ids.hr = hire('E004', '王人事');
    ids.clerk = hire('E005', '赵文员');
    for (const login of ['mgr', 'emp', 'peer', 'hr', 'clerk']) people.linkUser(ids[login]!, suite.userIds[login]!);
    today = new Intl.DateTimeFormat('en-CA', { timeZone: kernel.config.timezone }).format(new Date());
    month = addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
  });
  afterAll(async () => {
    await suite?.close();
  });

  const api = async <T>(login: string, method: string, path: string, body?: unknown) => {
    const res = await suite.json(login, method, `/api/v1/attendance${path}`, body);
    return { status: res.status, body: (await res.json()) as T };
  };
  const html = async (login: string, path: string) => {
    const res = await suite.get(login, path);
    return { status: res.status, text: await res.text() };
  };
  const requestOvertime = (login: string, day: string, startTime = '08:00', endTime = '18:00') =>
    api<{ id: number; error?: { message: string } }>(login, 'POST', '/overtime/requests', { date: `${month}-${day}`, startTime, endTime, reason: '项目上线', compensation: 'pay' });
  /** HR approves every open step of a request from the API inbox (on the manager's behalf where needed). */
  const approve = async (subjectId: number, login = 'hr') => {
    for (;;) {
      const inbox = await api<{ items: { stepId: number; subjectType: string; subjectId: number }[] }>(login, 'GET', '/approvals/inbox');
      const step = inbox.body.items.find((i) => i.subjectType === 'overtime' && i.subjectId === subjectId);
      if (!step) return 200;
      const res = await api(login, 'POST', `/approvals/${step.stepId}/decide`, { decision: 'approved' });
      if (res.status !== 200) return res.status;
    }
  };
  const audits = (action: string) => suite.kernel.dbh.sqlite.prepare('SELECT user_login AS login, after FROM core_audit_log WHERE action = ?').all(action) as { login: string; after: string }[];

  it('flags overtime over 36 hours in the month, in the summary API', async () => {
    // Evenings after any day shift: 10 hours each, whatever the calendar says of the days.
    for (const day of ['03', '10', '17', '24']) {
      const created = await requestOvertime('emp', day, '19:00', '05:00');
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(await approve(created.body.id)).toBe(200);
    }
    const mine = await api<Summary>('emp', 'GET', `/summaries/${ids.emp}?month=${month}`);
    expect(mine.status).toBe(200);
    const hours = mine.body.overtimeHours;
    expect(hours.workday + hours.restday + hours.holiday).toBe(40);
    expect(mine.body.overtimeOverLimit).toBe(true);
  });

  it('shows an employee only their own summary, a manager their team, HR everyone', async () => {
    const numbers = async (login: string) => (await api<{ items: Summary[] }>(login, 'GET', `/summaries?month=${month}`)).body.items.map((s) => s.employeeNo);
    expect(await numbers('emp')).toEqual(['E002']);
    expect(await numbers('peer')).toEqual(['E003']);
    expect(await numbers('mgr')).toEqual(['E001', 'E002']);
    expect(await numbers('hr')).toEqual(['E001', 'E002', 'E003', 'E004', 'E005']);
    expect((await api('emp', 'GET', `/summaries/${ids.peer}?month=${month}`)).status).toBe(404);
    expect((await api('mgr', 'GET', `/summaries/${ids.peer}?month=${month}`)).status).toBe(404);
    expect((await api('mgr', 'GET', `/summaries/${ids.emp}?month=${month}`)).status).toBe(200);
    expect((await api('hr', 'GET', '/summaries?month=2026-13')).status).toBe(400);
  });

  it('documents the summary and overtime endpoints in the OpenAPI document', async () => {
    const doc = (await (await suite.app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
    for (const path of ['/api/v1/attendance/summaries', '/api/v1/attendance/summaries/{employeeId}', '/api/v1/attendance/overtime/requests', '/api/v1/attendance/overtime/requests/{id}/withdraw']) {
      expect(Object.keys(doc.paths).some((p) => p === path || p === path.replace(/\{(\w+)\}/g, ':$1')), path).toBe(true);
    }
  });

  it('exports the month to XLSX with Chinese or English headers and one row per employee', async () => {
    const read = async (login: string) => {
      const res = await suite.get(login, `/attendance/admin/report.xlsx?month=${month}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('spreadsheetml');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await res.arrayBuffer());
      const ws = wb.worksheets[0]!;
      const rows: unknown[][] = [];
      ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return rows;
    };
    const zh = await read('hr');
    expect(zh[0]!.slice(0, 3)).toEqual(['工号', '姓名', '部门']);
    expect(zh.slice(1).map((r) => r[0])).toEqual(['E001', 'E002', 'E003', 'E004', 'E005']);
    const emp = zh.find((r) => r[0] === 'E002')!;
    expect(emp[1]).toBe('张三');
    expect(emp[2]).toBe('研发部');
    expect(emp.at(-1)).toBe('是');
    expect(zh.find((r) => r[0] === 'E003')!.at(-1)).toBe('否');
    const en = await read('hr-en');
    expect(en[0]!.slice(0, 3)).toEqual(['Employee no.', 'Name', 'Department']);
    expect(audits('attendance.report.export').length).toBe(2);
    expect((await suite.get('mgr', `/attendance/admin/report.xlsx?month=${month}`)).status).toBe(403);
  });

  it('locks the month: HR writes with an audited override, a role without override gets 409, connectors too', async () => {
    const pending = await requestOvertime('emp', '05', '19:00', '21:00');
    expect(pending.status).toBe(201);
    const lock = await suite.post('hr', '/attendance/admin/locks', { month, note: '工资已审批' });
    expect(lock.status).toBe(303);
    const page = await html('hr', '/attendance/admin/locks');
    expect(page.text).toContain(month);
    expect(page.text).toContain('王人事');
    expect(page.text).toContain('工资已审批');

    const refused = await requestOvertime('emp', '06', '19:00', '21:00');
    expect(refused.status).toBe(409);
    expect(refused.body.error?.message).toContain(month);
    expect((await requestOvertime('clerk', '06', '19:00', '21:00')).status).toBe(409);

    const before = audits('attendance.override').length;
    const byHr = await requestOvertime('hr', '06', '19:00', '21:00');
    expect(byHr.status).toBe(201);
    const entries = audits('attendance.override');
    expect(entries.length).toBe(before + 1);
    expect(entries.at(-1)!.login).toBe('hr');
    expect(JSON.parse(entries.at(-1)!.after)).toMatchObject({ months: [month], dates: [`${month}-06`] });

    // The clerk may approve (attendance.approve at scope all) but not change the locked month; HR may, audited.
    expect(await approve(pending.body.id, 'clerk')).toBe(409);
    expect(await approve(pending.body.id, 'hr')).toBe(200);
    expect(audits('attendance.override').length).toBe(before + 2);

    const connector = suite.kernel.services.get('attendance')!.implementation as { addPunches(list: unknown[]): unknown };
    expect(() => connector.addPunches([{ employeeId: ids.emp, at: new Date(`${month}-06T09:00:00+08:00`), source: 'api' }])).toThrow(expect.objectContaining({ status: 409 }));

    const summary = await api<Summary>('hr', 'GET', `/summaries/${ids.emp}?month=${month}`);
    expect(summary.body.locked).toBe(true);
    const report = await html('hr', `/attendance/admin/report?month=${month}`);
    expect(report.text).toContain('王人事');
  });

  it('unlocks with a note, only with the override permission, and refuses to lock a month twice', async () => {
    expect((await suite.post('hr', '/attendance/admin/locks', { month, note: '' })).status).toBe(409);
    // The clerk manages attendance but may not reopen what payroll has seen, nor see the button.
    expect((await suite.post('clerk', '/attendance/admin/locks/unlock', { month, note: '补录' })).status).toBe(403);
    expect((await html('clerk', '/attendance/admin/locks')).text).not.toContain('/attendance/admin/locks/unlock');
    expect((await html('hr', '/attendance/admin/locks')).text).toContain('/attendance/admin/locks/unlock');
    expect((await suite.post('hr', '/attendance/admin/locks/unlock', { month, note: '补录' })).status).toBe(303);
    expect((await requestOvertime('emp', '07', '19:00', '21:00')).status).toBe(201);
    expect((await suite.post('hr', '/attendance/admin/locks/unlock', { month, note: '' })).status).toBe(409);
  });

  it('shows a manager the team page with the team only; employees may not open it', async () => {
    const page = await html('mgr', `/attendance/team?month=${month}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('张三');
    expect(page.text).not.toContain('钱七');
    expect(page.text).toContain('加班超限');
    expect((await html('emp', '/attendance/team')).status).toBe(403);
  });

  it('lists exceptions for HR with links to the employee’s day, and says clearly when a year is unknown', async () => {
    const page = await html('hr', `/attendance/admin/exceptions?month=${month}&kind=absent`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`/attendance/admin/employees/${ids.emp}?month=${month}`);
    for (const path of ['/attendance/admin/report?month=2027-01', '/attendance/admin/exceptions?month=2027-01', '/attendance/team?month=2027-01']) {
      const login = path.startsWith('/attendance/team') ? 'mgr' : 'hr';
      const unknown = await html(login, path);
      expect(unknown.status, path).toBe(200);
      expect(unknown.text, path).toContain('系统还没有 2027 年的法定节假日安排');
    }
    expect((await suite.get('hr', '/attendance/admin/report.xlsx?month=2027-01')).status).toBe(422);
    expect((await suite.get('hr', '/attendance/admin/report?month=2027-1')).status).toBe(400);
  });

  it('lets an employee request and withdraw overtime on the phone page, with clear errors', async () => {
    const page = await html('emp', '/attendance/overtime');
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="startTime"');
    const same = await suite.post('emp', '/attendance/overtime', { date: today, startTime: '19:00', endTime: '19:00', reason: '加班', compensation: 'pay' });
    expect(same.status).toBe(422);
    expect(await same.text()).toContain('开始和结束时间相同');
    const missing = await suite.post('emp', '/attendance/overtime', { date: today, startTime: '', endTime: '21:00', reason: '', compensation: 'pay' });
    expect(missing.status).toBe(400);
    const ok = await suite.post('emp', '/attendance/overtime', { date: today, startTime: '19:00', endTime: '21:00', reason: '发版', compensation: 'pay' });
    expect(ok.status).toBe(303);
    const mine = await api<{ items: { id: number; status: string; date: string }[]; totals: { level: string } }>('emp', 'GET', '/overtime/requests');
    const created = mine.body.items.find((r) => r.date === today && r.status === 'pending')!;
    expect((await suite.post('peer', `/attendance/overtime/${created.id}/withdraw`)).status).toBe(404);
    expect((await suite.post('emp', `/attendance/overtime/${created.id}/withdraw`)).status).toBe(303);
    expect((await api<{ status: string }>('emp', 'POST', `/overtime/requests/${created.id}/withdraw`)).status).toBe(409);
    expect((await html('hr-en', '/attendance/overtime')).status).toBe(422);
  });

  it('runs the nightly recompute and the accruals as jobs', async () => {
    const recompute = await suite.kernel.jobs.runNow('attendance.recompute');
    expect(recompute.status, recompute.error ?? '').toBe('ok');
    expect(recompute.summary).toMatch(/^recomputed \d+ day results for \d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}/);
    expect((await suite.kernel.jobs.runNow('attendance.accruals')).status).toBe('ok');
  });

  it('answers the bot tools for the signed-in employee only', async () => {
    const tool = (id: string) => suite.kernel.botTools.get(`attendance.${id}`)!;
    const emp = { id: suite.userIds.emp!, login: 'emp', name: '张三', role: 'employee', permissions: new Set(['attendance.self']), scopes: new Map([['attendance.self', 'self' as const]]), employeeId: ids.emp!, locale: null, theme: null };
    const mine = (await tool('my-month').run({ month }, { user: emp, locale: 'zh-CN' })) as { employeeNo: string; overtimeOverLimit: boolean };
    expect(mine).toMatchObject({ employeeNo: 'E002', overtimeOverLimit: true });
    const balances = (await tool('my-leave-balance').run({}, { user: emp, locale: 'zh-CN' })) as { balances: { type: string }[] };
    expect(balances.balances.map((b) => b.type)).toContain('年假');
    const howto = (await tool('how-to-request-leave').run({}, { user: emp, locale: 'en' })) as { steps: string[]; link: string };
    expect(howto.steps).toHaveLength(5);
    expect(howto.link).toBe('/attendance/leave');
  });

  it('puts the attendance cards on the dashboard', async () => {
    const mgr = await html('mgr', '/');
    expect(mgr.text).toContain('今日出勤率');
    expect(mgr.text).toContain('今日请假');
    const emp = await html('emp', '/');
    expect(emp.text).toContain('我的今日考勤');
    expect(emp.text).not.toContain('今日出勤率');
  });
});
