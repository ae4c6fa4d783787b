// The plugins ask for notifications where things happen: attendance (leave, overtime and
// corrections: approvers when a request waits for them, the requester when it is decided),
// payroll (payslips published, no amounts), notices (a notice published), recruiting (a
// candidate in an interview stage: the department head). Each request is checked as the person
// would read it, rendered by the core in Chinese and English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { paramsFor } from '../../core/connectors/notify.js';
import type { NotificationEvent } from '../../core/connectors/types.js';
import type { Kernel } from '../../core/kernel.js';
import type { Locale } from '../../core/sdk.js';
import { HR, MANAGER, startLeaveKit, type LeaveKit } from '../helpers/attendance-leave-kit.js';
import { startInProcess, type InProcess } from '../helpers/inprocess.js';
import { startPayrollKit, type PayrollKit } from '../helpers/payroll-kit.js';
import { PEOPLE, startRecruitingKit, type RecruitingKit } from '../helpers/recruiting-kit.js';

interface Told {
  source: string;
  to: number[];
  title: string;
  description: string;
  path: string | null;
  category: string;
}

/** Notifications requested since `afterRowid`, rendered in `locale` as the connector would send them. */
function told(kernel: Kernel, afterRowid = 0, locale: Locale = 'zh-CN'): Told[] {
  const t = kernel.i18n.translator(locale);
  const rows = kernel.dbh.sqlite.prepare("SELECT payload FROM core_outbox_events WHERE name = 'core.notification' AND rowid > ? ORDER BY rowid").pluck().all(afterRowid) as string[];
  return rows.map((json) => {
    const { source, request: r } = JSON.parse(json) as NotificationEvent;
    return {
      source,
      to: r.to,
      title: t(r.title.key, paramsFor(r.title.params, locale)),
      description: r.description ? t(r.description.key, paramsFor(r.description.params, locale)) : '',
      path: r.path ?? null,
      category: r.category,
    };
  });
}
const mark = (sqlite: Database.Database) => (sqlite.prepare('SELECT coalesce(max(rowid), 0) FROM core_outbox_events').pluck().get() as number) ?? 0;

describe('attendance asks for notifications', () => {
  let kit: LeaveKit;
  let boss: ReturnType<LeaveKit['person']>;
  let head: ReturnType<LeaveKit['person']>;
  let hr: ReturnType<LeaveKit['person']>;
  let worker: ReturnType<LeaveKit['person']>;

  beforeAll(async () => {
    kit = await startLeaveKit({ now: '2026-11-26T10:00:00+08:00' });
    const top = kit.department('总部');
    const dept = kit.department('研发部', top);
    head = kit.person({ no: 'H01', name: '部长', departmentId: top, grants: MANAGER });
    kit.setHead(top, head.employeeId);
    boss = kit.person({ no: 'M01', name: '经理', departmentId: dept, managerId: head.employeeId, grants: MANAGER });
    hr = kit.person({ no: 'R01', name: '人事', departmentId: top, grants: HR });
    worker = kit.person({ no: 'E01', name: '张三', departmentId: dept, managerId: boss.employeeId });
    kit.leave.runAccruals('2026-11-26');
  });
  afterAll(async () => {
    await kit?.close();
  });
  const kernel = () => kit.suite.kernel;
  const annual = () => kit.leave.typeByCode('annual')!.id;
  const pending = (subject: 'leave' | 'overtime' | 'correction', id: number) => kit.parts.approvals.steps(subject, id).find((s) => s.status === 'pending')!;

  it('tells each approver in turn, then the requester the outcome', () => {
    const since = mark(kernel().dbh.sqlite);
    const r = kit.leave.requests.create(null, worker.user, { leaveTypeId: annual(), startDate: '2026-12-01', endDate: '2026-12-02' });
    expect(told(kernel(), since)).toEqual([
      { source: 'attendance', to: [boss.employeeId], title: '待你审批：张三的年假 2 天', description: '时间：2026-12-01 – 2026-12-02', path: `/attendance/leave/${r.id}`, category: 'attendance.leave' },
    ]);
    expect(told(kernel(), since, 'en')[0]!.title).toMatch(/^For your approval: .+ for 张三$/);

    const next = mark(kernel().dbh.sqlite);
    kit.parts.approvals.decide(null as never, boss.user, pending('leave', r.id).id, 'approved', '');
    const afterFirst = told(kernel(), next);
    // The next step is HR's shared queue (no one person) or a named approver: only a named one is told.
    const step = pending('leave', r.id);
    if (step.approverEmployeeId != null) expect(afterFirst.map((n) => n.to)).toEqual([[step.approverEmployeeId]]);
    else expect(afterFirst).toEqual([]);

    for (let s = pending('leave', r.id); s; s = pending('leave', r.id)) {
      const who = s.approverKind === 'hr' ? hr : [boss, head].find((p) => p.employeeId === s.approverEmployeeId)!;
      kit.parts.approvals.decide(null as never, who.user, s.id, 'approved', '');
    }
    expect(told(kernel(), next).at(-1)).toEqual({
      source: 'attendance',
      to: [worker.employeeId],
      title: '你的年假 2 天已批准',
      description: '时间：2026-12-01 – 2026-12-02',
      path: `/attendance/leave/${r.id}`,
      category: 'attendance.leave',
    });
  });

  it('gives the requester the approver’s comment with a rejection', () => {
    const r = kit.leave.requests.create(null, worker.user, { leaveTypeId: annual(), startDate: '2026-12-10', endDate: '2026-12-10' });
    const since = mark(kernel().dbh.sqlite);
    kit.parts.approvals.decide(null as never, boss.user, pending('leave', r.id).id, 'rejected', '月底上线，改期吧');
    expect(told(kernel(), since)).toEqual([
      expect.objectContaining({ to: [worker.employeeId], title: '你的年假 1 天未获批准', description: '时间：2026-12-10\n审批意见：月底上线，改期吧' }),
    ]);
  });

  it('tells nobody about a request that was refused', () => {
    const since = mark(kernel().dbh.sqlite);
    expect(() => kit.leave.requests.create(null, worker.user, { leaveTypeId: annual(), startDate: '2026-12-10', endDate: '2026-12-10', startHalf: 'pm', endHalf: 'am' })).toThrow();
    expect(told(kernel(), since)).toEqual([]);
  });

  it('does the same for overtime and punch corrections, pointing approvers to their inbox', () => {
    const since = mark(kernel().dbh.sqlite);
    const ot = kit.att.overtime.request(null, worker.user, { date: '2026-11-24', startTime: '19:00', endTime: '21:00', reason: '上线', compensation: 'pay' });
    const correction = kit.punches.corrections.request(null, worker.user, { date: '2026-11-24', time: '18:05', reason: '下班忘记打卡' });
    expect(told(kernel(), since)).toEqual([
      { source: 'attendance', to: [boss.employeeId], title: '待你审批：张三的加班 2 小时', description: '时间：2026-11-24 19:00–21:00', path: '/attendance/approvals', category: 'attendance.overtime' },
      { source: 'attendance', to: [boss.employeeId], title: '待你审批：张三的补卡申请', description: '时间：2026-11-24 18:05', path: '/attendance/approvals', category: 'attendance.correction' },
    ]);
    const decided = mark(kernel().dbh.sqlite);
    kit.parts.approvals.decide(null as never, boss.user, pending('correction', correction).id, 'rejected', '当天有打卡记录');
    kit.parts.approvals.decide(null as never, boss.user, pending('overtime', ot.id).id, 'rejected', '本月加班已超');
    expect(told(kernel(), decided).map((n) => [n.to, n.title, n.path])).toEqual([
      [[worker.employeeId], '你的补卡申请未获批准', '/attendance/corrections'],
      [[worker.employeeId], '你的加班 2 小时未获批准', '/attendance/overtime'],
    ]);
  });
});

describe('payroll asks for a notification when payslips are published', () => {
  let kit: PayrollKit;

  beforeAll(async () => {
    kit = await startPayrollKit({ now: '2026-02-05T10:00:00+08:00', settings: { defaultCity: 'testcity' } });
    const zero = { floorCents: 1, capCents: 1_000_000_00, employeeRatePpm: 0, employerRatePpm: 0 };
    kit.payroll.setup.saveCityPolicy(null, {
      cityCode: 'testcity',
      cityName: '测试市',
      effectiveFrom: '2025-01',
      rules: {
        insurances: { pension: zero, medical: zero, unemployment: zero, injury: zero, maternity: zero },
        housingFund: { floorCents: 1, capCents: 1_000_000_00, minRatePpm: 50_000, maxRatePpm: 120_000, defaultRatePpm: 50_000 },
        rounding: { unit: 1, mode: 'half_up' },
      },
      note: '',
    });
  });
  afterAll(async () => {
    await kit?.close();
  });

  it('tells everyone paid in the run, once, without amounts', async () => {
    const dept = kit.department('研发部');
    const paid = [kit.hire('E001', '张三', dept, { hireDate: '2020-01-01' }), kit.hire('E002', '李四', dept, { hireDate: '2020-01-01' })];
    kit.hire('E003', '王五', dept, { hireDate: '2020-01-01' }); // no salary profile: not in the run
    for (const id of paid) {
      kit.payroll.setup.saveProfile(null, id, { effectiveFrom: '2020-01-01', structureId: null, cityCode: null, data: { baseCents: 12_345_00, allowances: [], socialBaseCents: 12_345_00, housingFundBaseCents: null, housingFundRatePpm: null } });
    }
    kit.workMonth(paid, '2026-01');
    const admin = kit.user('admin1', 'admin');
    const { runs } = kit.payroll;
    const run = runs.create(kit.request(admin), { month: '2026-01' });
    await runs.calculate(kit.request(admin), run.id);
    runs.approve(kit.request(admin), run.id);
    runs.lock(kit.request(admin), run.id);
    const since = mark(kit.suite.kernel.dbh.sqlite);
    runs.publish(kit.request(admin), run.id);
    const notes = told(kit.suite.kernel, since);
    expect(notes).toEqual([
      { source: 'payroll', to: paid.sort((a, b) => a - b), title: '你的 2026年1月 工资条已发布', description: '点击查看工资条明细，或下载 PDF。', path: '/payroll', category: 'payroll.payslip' },
    ]);
    expect(told(kit.suite.kernel, since, 'en')[0]!.title).toBe('Your payslip for January 2026 is ready');
    // No amount anywhere in what goes to the platform.
    const raw = kit.suite.kernel.dbh.sqlite.prepare("SELECT payload FROM core_outbox_events WHERE name = 'core.notification' AND rowid > ?").pluck().get(since) as string;
    expect(raw).not.toMatch(/12345|12,345|1234500/);
  });
});

describe('notices and recruiting ask for notifications', () => {
  let suite: InProcess;

  beforeAll(async () => {
    suite = await startInProcess({ plugins: { notices: true }, users: [{ login: 'hr', role: 'hr' }, { login: 'boss', role: 'admin' }] });
  });

  it('says how to add a connector when none is enabled, and offers no connector sign-in', async () => {
    expect(suite.kernel.connectors.list()).toEqual([]);
    const html = await (await suite.get('boss', '/admin/connectors')).text();
    expect(html).toContain('还没有启用任何连接器。');
    expect(html).toContain('plugins: { wecom: true }');
    expect(await (await suite.get(null, '/login')).text()).not.toContain('/auth/connector/');
  });
  afterAll(async () => {
    await suite?.close();
  });

  it('tells every employee still employed of a published notice', async () => {
    const people = suite.kernel.people.service;
    const dept = people.departments.create({ name: '总部' }).id;
    const a = people.employees.create({ employeeNo: 'E1', name: '甲', departmentId: dept });
    const b = people.employees.create({ employeeNo: 'E2', name: '乙', departmentId: dept });
    people.employees.create({ employeeNo: 'E3', name: '丙', departmentId: dept, hireDate: '2020-01-01', status: 'left', terminationDate: '2025-01-01' });
    const since = mark(suite.kernel.dbh.sqlite);
    const res = await suite.json('hr', 'POST', '/api/v1/notices', { title: '元旦放假通知', body: '## 安排\n\n1月1日放假一天，**1月4日**（周日）正常上班。' });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: number };
    expect(told(suite.kernel, since)).toEqual([
      { source: 'notices', to: [a, b], title: '公告：元旦放假通知', description: '安排 1月1日放假一天，1月4日（周日）正常上班。', path: `/notices/${id}`, category: 'notices' },
    ]);
  });

  describe('recruiting', () => {
    let kit: RecruitingKit;
    beforeAll(async () => {
      kit = await startRecruitingKit();
    });
    afterAll(async () => {
      await kit?.close();
    });

    it('tells the department head when a candidate reaches the interview stage, by reference, never by name', async () => {
      const dept = kit.department('研发部');
      const head = kit.employee('M001', '陈经理', dept);
      kit.suite.kernel.people.service.departments.update(dept, { managerEmployeeId: head });
      const hr = kit.user('hr1', 'hr');
      const job = kit.job(hr, { departmentId: dept, title: '高级前端工程师' });
      const blind = kit.job(hr, { departmentId: dept, title: '测试工程师', blind: true });
      const applied = await kit.apply(job.id, PEOPLE.zhang, { format: 'txt', candidate: { name: '张伟' } });
      const app = applied.applicationId;
      const other = await kit.apply(blind.id, PEOPLE.li, { format: 'txt' });
      const hidden = other.applicationId;
      const since = mark(kit.suite.kernel.dbh.sqlite);
      const c = kit.request(hr);
      kit.rec.applications.move(c, app, 'screening');
      expect(told(kit.suite.kernel, since)).toEqual([]);
      kit.rec.applications.move(c, app, 'interview');
      kit.rec.applications.move(c, hidden, 'interview');
      const notes = told(kit.suite.kernel, since);
      expect(notes).toHaveLength(2);
      expect(notes[0]).toMatchObject({ source: 'recruiting', to: [head], title: '面试安排：高级前端工程师', description: `候选人 #${applied.candidateId} 进入面试阶段，请安排面试。`, category: 'recruiting.interview' });
      // The name goes neither to the platform nor into the outbox, where erasure could not reach it.
      expect(JSON.stringify(notes)).not.toContain('张伟');
      expect(notes[0]!.path).toMatch(/^\/recruiting\/candidates\/\d+$/);
      expect(notes[1]).toMatchObject({ title: '面试安排：测试工程师', description: `候选人 #${other.candidateId} 进入面试阶段，请安排面试（匿名筛选中）。` });
    });
  });
});
