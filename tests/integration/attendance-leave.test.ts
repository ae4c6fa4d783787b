// Leave through HTTP, in process: an employee requests leave, the manager and HR approve from the inbox, the balance
// follows; bad input gets a clear 4xx in the reader's language and writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, type InProcess } from '../helpers/inprocess.js';

describe('attendance leave over HTTP', () => {
  let suite: InProcess;
  let annual: number;
  let requestId: number;

  const sql = <T>(query: string, ...params: unknown[]) => suite.kernel.dbh.sqlite.prepare(query).pluck().get(...params) as T;
  const counts = () => ({
    requests: sql<number>('SELECT count(*) FROM attendance_leave_requests'),
    ledger: sql<number>('SELECT count(*) FROM attendance_leave_ledger'),
    steps: sql<number>('SELECT count(*) FROM attendance_approval_steps'),
    events: sql<number>("SELECT count(*) FROM core_outbox_events WHERE name LIKE 'attendance.leave.%'"),
  });
  const annualBalance = async (login: string) => {
    const res = await suite.json(login, 'GET', '/api/v1/attendance/leave/balances');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: { code: string; available: number; taken: number; pending: number }[] };
    return body.items.find((b) => b.code === 'annual')!;
  };
  const stepIdsIn = (html: string) => [...html.matchAll(/action="\/attendance\/approvals\/(\d+)"/g)].map((m) => Number(m[1]));

  beforeAll(async () => {
    suite = await startInProcess({
      plugins: { attendance: { enabled: true } },
      users: [
        { login: 'emp', role: 'employee', name: '李员工' },
        { login: 'boss', role: 'manager', name: '王经理' },
        { login: 'hr', role: 'hr', name: '赵人事' },
        { login: 'other', role: 'employee', name: '路人' },
        { login: 'unlinked', role: 'employee', name: '未关联' },
      ],
    });
    const people = suite.kernel.people.service;
    const dept = people.departments.create({ name: '研发部' }).id;
    const boss = people.employees.create({ employeeNo: 'M001', name: '王经理', departmentId: dept, gender: 'male', hireDate: '2018-01-02', firstWorkDate: '2010-07-01' });
    const emp = people.employees.create({ employeeNo: 'E001', name: '李员工', departmentId: dept, managerId: boss, gender: 'female', hireDate: '2020-03-01', firstWorkDate: '2015-07-01' });
    const hr = people.employees.create({ employeeNo: 'R001', name: '赵人事', departmentId: dept, gender: 'female', hireDate: '2019-05-06', firstWorkDate: '2012-07-01' });
    const other = people.employees.create({ employeeNo: 'E002', name: '路人', departmentId: dept, gender: 'male', hireDate: '2021-03-01' });
    people.linkUser(boss, suite.userIds.boss!);
    people.linkUser(emp, suite.userIds.emp!);
    people.linkUser(hr, suite.userIds.hr!);
    people.linkUser(other, suite.userIds.other!);
    annual = sql<number>("SELECT id FROM attendance_leave_types WHERE code = 'annual'");
  });
  afterAll(async () => {
    await suite?.close();
  });

  it('grants the year’s statutory annual leave when HR runs the accruals', async () => {
    const res = await suite.post('hr', '/attendance/admin/balances/accrue');
    expect(res.status).toBe(303);
    expect(await annualBalance('emp')).toMatchObject({ available: 10 * 480, taken: 0, pending: 0 });
    const page = await (await suite.get('emp', '/attendance/leave')).text();
    expect(page).toContain('年假');
    expect(page).toContain('10 天');
  });

  it('shows the form with the computed duration, live', async () => {
    expect((await suite.get('emp', '/attendance/leave/new')).status).toBe(200);
    const live = await suite.get('emp', `/attendance/leave/duration?leaveTypeId=${annual}&startDate=2026-12-01&startHalf=am&endDate=2026-12-03&endHalf=pm`, { 'hx-request': 'true' });
    expect(await live.text()).toContain('共计 3 天');
  });

  it('lets the employee request leave, the manager then HR approve from the inbox, and the balance follow', async () => {
    const res = await suite.post('emp', '/attendance/leave', { leaveTypeId: String(annual), startDate: '2026-12-01', startHalf: 'am', endDate: '2026-12-03', endHalf: 'pm', reason: '回老家' });
    expect(res.status).toBe(303);
    requestId = Number(/\/attendance\/leave\/(\d+)$/.exec(res.headers.get('location') ?? '')?.[1]);
    expect(requestId).toBeGreaterThan(0);
    expect(await annualBalance('emp')).toMatchObject({ available: 7 * 480, pending: 3 * 480 });

    // While pending the progress block polls itself.
    const progress = await (await suite.get('emp', `/attendance/leave/${requestId}/progress`, { 'hx-request': 'true' })).text();
    expect(progress).toContain('hx-trigger="every 5s"');
    expect(progress).toContain('王经理');

    const inbox = await (await suite.get('boss', '/attendance/approvals')).text();
    expect(inbox).toContain('李员工');
    const [bossStep] = stepIdsIn(inbox);
    expect((await suite.post('boss', `/attendance/approvals/${bossStep}`, { decision: 'approved', comment: '注意交接' })).status).toBe(303);
    expect(stepIdsIn(await (await suite.get('boss', '/attendance/approvals')).text())).not.toContain(bossStep);
    // The approver may read the request; someone unrelated may not.
    expect((await suite.get('boss', `/attendance/leave/${requestId}`)).status).toBe(200);
    expect((await suite.get('other', `/attendance/leave/${requestId}`)).status).toBe(404);

    const hrInbox = await (await suite.get('hr', '/attendance/approvals')).text();
    const [hrStep] = stepIdsIn(hrInbox);
    expect((await suite.post('hr', `/attendance/approvals/${hrStep}`, { decision: 'approved' })).status).toBe(303);

    const detail = await (await suite.get('emp', `/attendance/leave/${requestId}`)).text();
    expect(detail).toContain('已通过');
    expect(detail).toContain('注意交接');
    expect(detail).not.toContain('every 5s');
    expect(await annualBalance('emp')).toMatchObject({ available: 7 * 480, pending: 0, taken: 3 * 480 });
    expect(sql<number>("SELECT count(*) FROM core_outbox_events WHERE name = 'attendance.leave.approved'")).toBe(1);
  });

  it.each([
    ['the end before the start', { startDate: '2026-12-10', endDate: '2026-12-09' }, 422, '结束时间不能早于开始时间'],
    ['overlapping leave', { startDate: '2026-12-03', endDate: '2026-12-04' }, 409, '时间重叠'],
    ['more than the balance', { startDate: '2026-12-07', endDate: '2026-12-18' }, 422, '余额不足'],
    ['an unknown holiday year', { startDate: '2027-01-04', endDate: '2027-01-05' }, 422, '系统还没有 2027 年的法定节假日安排'],
  ])('refuses %s on the form with a clear message, keeps the values and writes nothing', async (_name, dates, status, text) => {
    const before = counts();
    const res = await suite.post('emp', '/attendance/leave', { leaveTypeId: String(annual), startHalf: 'am', endHalf: 'pm', reason: '测试', ...dates });
    expect(res.status).toBe(status);
    const html = await res.text();
    expect(html).toContain(text);
    expect(html).toContain(`value="${dates.startDate}"`);
    expect(counts()).toEqual(before);
  });

  it('answers the API in the reader’s language, with nothing written on refusal', async () => {
    const before = counts();
    const english = { 'accept-language': 'en' };
    const unknownYear = await suite.json('emp', 'POST', '/api/v1/attendance/leave/requests', { leaveTypeId: annual, startDate: '2027-01-04', endDate: '2027-01-05' }, english);
    expect(unknownYear.status).toBe(422);
    expect(((await unknownYear.json()) as { error: { message: string } }).error.message).toContain('statutory holidays of 2027 are not known');
    const overlap = await suite.json('emp', 'POST', '/api/v1/attendance/leave/requests', { leaveTypeId: annual, startDate: '2026-12-02' }, english);
    expect(overlap.status).toBe(409);
    expect(((await overlap.json()) as { error: { message: string } }).error.message).toContain('overlaps your Annual leave request (2026-12-01 – 2026-12-03)');
    const short = await suite.json('emp', 'POST', '/api/v1/attendance/leave/requests', { leaveTypeId: annual, startDate: '2026-12-07', endDate: '2026-12-18' }, english);
    expect(((await short.json()) as { error: { message: string } }).error.message).toBe('Not enough Annual leave: this request needs 10 days, you have 7 days available.');
    expect(counts()).toEqual(before);
  });

  it('lets the requester withdraw a pending request through the API, giving the balance back', async () => {
    const created = await suite.json('emp', 'POST', '/api/v1/attendance/leave/requests', { leaveTypeId: annual, startDate: '2026-12-14', startHalf: 'pm', endDate: '2026-12-14' });
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: number; minutes: number; steps: { approverKind: string; status: string }[] };
    expect(body.minutes).toBe(240);
    expect(body.steps.map((s) => [s.approverKind, s.status])).toEqual([
      ['manager', 'pending'],
      ['hr', 'waiting'],
    ]);
    expect((await annualBalance('emp')).available).toBe(7 * 480 - 240);
    expect((await suite.json('other', 'POST', `/api/v1/attendance/leave/requests/${body.id}/withdraw`)).status).toBe(404);
    const withdrawn = await suite.json('emp', 'POST', `/api/v1/attendance/leave/requests/${body.id}/withdraw`);
    expect(withdrawn.status).toBe(200);
    expect(((await withdrawn.json()) as { status: string }).status).toBe('withdrawn');
    expect((await annualBalance('emp')).available).toBe(7 * 480);
  });

  it('tells an account without an employee record what is wrong instead of failing', async () => {
    const page = await suite.get('unlinked', '/attendance/leave');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('你的账号还没有关联员工档案');
    const api = await suite.json('unlinked', 'GET', '/api/v1/attendance/leave/balances');
    expect(api.status).toBe(422);
    expect(((await api.json()) as { error: { message: string } }).error.message).toContain('还没有关联员工档案');
    const before = counts();
    const post = await suite.post('unlinked', '/attendance/leave', { leaveTypeId: String(annual), startDate: '2026-12-21', endDate: '2026-12-21' });
    expect(post.status).toBe(422);
    expect(counts()).toEqual(before);
  });

  it('keeps HR’s leave policy and balance pages behind attendance.manage', async () => {
    expect((await suite.get('hr', '/attendance/admin/leave-types')).status).toBe(200);
    expect((await suite.get('boss', '/attendance/admin/leave-types')).status).toBe(403);
    const balances = await (await suite.get('hr', '/attendance/admin/balances?q=李')).text();
    expect(balances).toContain('李员工');
  });

  it('follows the people directory: a hire gets this year’s annual leave, a leaver’s is cut to the days worked', async () => {
    const people = suite.kernel.people.service;
    const dept = people.employees.get(people.employees.idByEmployeeNo('E001')!)!.departmentId;
    const hireDate = `${new Date().getFullYear()}-01-01`;
    const newcomer = people.employees.create({ employeeNo: 'E777', name: '新同事', departmentId: dept, hireDate, firstWorkDate: '2000-07-01' });
    await suite.kernel.events.drain();
    const grant = () => sql<number | undefined>("SELECT minutes FROM attendance_leave_ledger WHERE employee_id = ? AND kind = 'grant'", newcomer);
    // More than 20 years of work, employed since 1 January: 15 days, without waiting for the nightly job.
    expect(grant()).toBe(15 * 480);
    // Leaves on 31 January: 31 / 365 × 15 = 1.27 → 1 day (第十二条).
    people.employees.update(newcomer, { status: 'left', terminationDate: hireDate.replace('01-01', '01-31') });
    await suite.kernel.events.drain();
    expect(grant()).toBe(480);
  });
});
