// Reports on a real database: the monthly summary from daily results, leave split at month ends, lieu apart,
// missing rows recomputed first, unknown years refused; HR's exceptions; who is out today.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SessionUser } from '../../../core/sdk.js';
import { startTimeKit, type TimeKit, thrown } from '../../../tests/helpers/attendance-time-kit.js';
import { instantAt } from '../domain/time.js';
import type { LeaveService } from './leave.js';
import type { OvertimeService } from './overtime.js';
import type { SummaryService } from './summary.js';

function sessionUser(id: number, employeeId: number | null, grants: [string, 'self' | 'team' | 'all'][]): SessionUser {
  return { id, login: `u${id}`, name: `user ${id}`, role: 'custom', permissions: new Set(grants.map(([g]) => g)), scopes: new Map(grants), employeeId, locale: null, theme: null };
}

describe('summary service', () => {
  let kit: TimeKit;
  let leave: LeaveService;
  let overtime: OvertimeService;
  let summary: SummaryService;
  const ids: Record<string, number> = {};
  const hr = sessionUser(1, null, [['attendance.approve', 'all'], ['attendance.view', 'all']]);
  const self = (name: string) => sessionUser(100 + ids[name]!, ids[name]!, [['attendance.self', 'self']]);

  const approveAll = (subject: 'leave' | 'overtime', id: number) => {
    for (let step = kit.parts.approvals.steps(subject, id).find((s) => s.status === 'pending'); step; step = kit.parts.approvals.steps(subject, id).find((s) => s.status === 'pending')) {
      kit.parts.approvals.decide(null, hr, step.id, 'approved', '');
    }
  };
  const punch = (employeeId: number, date: string, ...times: string[]) =>
    kit.punches.addMany(times.map((hhmm) => ({ employeeId, at: new Date(instantAt(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), 'Asia/Shanghai')), source: 'import' as const })));
  const rowCount = (employeeId: number, from: string, to: string) =>
    kit.suite.kernel.dbh.sqlite.prepare('SELECT count(*) FROM attendance_daily_results WHERE employee_id = ? AND date BETWEEN ? AND ?').pluck().get(employeeId, from, to) as number;

  beforeAll(async () => {
    kit = await startTimeKit({ now: '2026-11-26T10:00:00+08:00' });
    const dept = kit.department('生产部');
    ids.a = kit.hire('E001', '张三', dept, '2020-01-01');
    ids.b = kit.hire('E002', '李四', dept, '2026-10-15');
    ids.c = kit.hire('E003', '王五', dept, '2020-01-01');
    ({ leave, overtime, summary } = kit.att);
    leave.ensureDefaults();
    leave.runAccruals('2026-11-26');

    // October 2026 for 张三: on time on workdays, except one late day, a missing check-out, an absent day,
    // two days of annual leave at the month end, an afternoon of personal leave.
    const workdays = kit.parts.calendar.days('2026-10-01', '2026-10-31').filter((d) => d.kind === 'workday').map((d) => d.date);
    for (const date of workdays) {
      if (['2026-10-14', '2026-10-29', '2026-10-30'].includes(date)) continue;
      if (date === '2026-10-09') punch(ids.a!, date, '09:20', '18:10');
      else if (date === '2026-10-12') punch(ids.a!, date, '08:50');
      else if (date === '2026-10-20') punch(ids.a!, date, '08:55', '12:00');
      else punch(ids.a!, date, '08:55', '18:05');
    }
    const annual = leave.requests.create(null, self('a'), { leaveTypeId: leave.typeByCode('annual')!.id, startDate: '2026-10-29', endDate: '2026-11-03', reason: '探亲' });
    approveAll('leave', annual.id);
    const personal = leave.requests.create(null, self('a'), { leaveTypeId: leave.typeByCode('personal')!.id, startDate: '2026-10-20', startHalf: 'pm', endDate: '2026-10-20', endHalf: 'pm', reason: '办事' });
    approveAll('leave', personal.id);
    // Rest-day overtime: 4 h taken as lieu on Saturday, 3 h paid on Sunday.
    approveAll('overtime', overtime.request(null, self('a'), { date: '2026-10-17', startTime: '09:00', endTime: '13:00', reason: '盘点', compensation: 'lieu' }).id);
    approveAll('overtime', overtime.request(null, self('a'), { date: '2026-10-18', startTime: '09:00', endTime: '12:00', reason: '盘点', compensation: 'pay' }).id);
  });
  afterAll(async () => {
    await kit?.close();
  });

  it('recomputes days nobody touched before summing the month', () => {
    expect(rowCount(ids.c!, '2026-10-01', '2026-10-31')).toBe(0);
    summary.monthly('2026-10');
    expect(rowCount(ids.c!, '2026-10-01', '2026-10-31')).toBe(31);
    expect(rowCount(ids.a!, '2026-10-01', '2026-10-31')).toBe(31);
  });

  it("sums 张三's October: late, missing, absent, leave by type (only October's part), overtime with lieu apart", () => {
    const a = summary.monthly('2026-10', [ids.a!])[0]!;
    expect(a).toMatchObject({
      employeeNo: 'E001',
      name: '张三',
      month: '2026-10',
      scheduledDays: 18,
      daysWorked: 14,
      lateCount: 1,
      lateMinutes: 20,
      absentDays: 1,
      missingPunchCount: 1,
      paidLeaveDays: 2,
      unpaidLeaveDays: 0.5,
      overtimeHours: { workday: 0, restday: 3, holiday: 0 },
      lieuHoursEarned: 4,
      overtimeOverLimit: false,
      locked: false,
    });
    expect(a.leave).toEqual([
      { code: 'annual', name: '年假', paid: true, minutes: 960, days: 2 },
      { code: 'personal', name: '事假', paid: false, minutes: 240, days: 0.5 },
    ]);
    // November holds the other two days of the same request.
    expect(summary.monthly('2026-11', [ids.a!], 'en')[0]!.leave).toEqual([{ code: 'annual', name: 'Annual leave', paid: true, minutes: 960, days: 2 }]);
  });

  it('counts a mid-month hire from the hire date and lists everyone employed, by employee number', () => {
    const all = summary.monthly('2026-10');
    expect(all.map((s) => s.employeeNo)).toEqual(['E001', 'E002', 'E003']);
    expect(all[1]).toMatchObject({ scheduledDays: 12, daysWorked: 0 });
    expect(summary.monthly('2026-09').map((s) => s.employeeNo)).toEqual(['E001', 'E003']);
  });

  it('flags the month locked and overtime over the limit', () => {
    for (const date of ['2026-10-24', '2026-10-25', '2026-10-31']) {
      approveAll('overtime', overtime.request(null, self('c'), { date, startTime: '06:00', endTime: '18:00', reason: '赶工', compensation: 'pay' }).id);
    }
    kit.parts.locks.lock(null, '2026-10', '');
    const c = summary.monthly('2026-10', [ids.c!])[0]!;
    expect(c).toMatchObject({ overtimeHours: { workday: 0, restday: 36, holiday: 0 }, overtimeOverLimit: false, locked: true });
    kit.parts.locks.unlock(null as never, '2026-10', '');
    approveAll('overtime', overtime.request(null, self('c'), { date: '2026-10-11', startTime: '09:00', endTime: '10:00', reason: '赶工', compensation: 'pay' }).id);
    expect(summary.monthly('2026-10', [ids.c!])[0]).toMatchObject({ overtimeHours: { restday: 37 }, overtimeOverLimit: true, locked: false });
  });

  it('refuses a month of an unknown holiday year clearly, and a malformed month', () => {
    const err = thrown(() => summary.monthly('2027-01'));
    expect([err.status, err.messageKey, err.params]).toEqual([422, 'attendance.error.unknownYear', { year: 2027 }]);
    expect(thrown(() => summary.monthly('2026-13')).status).toBe(400);
    expect(thrown(() => summary.exceptions('2027-02')).status).toBe(422);
  });

  it('lists the days HR must resolve, filtered by kind and person', () => {
    const all = summary.exceptions('2026-10', { q: '张' });
    expect(all.items.map((i) => [i.date, i.status])).toEqual(
      expect.arrayContaining([
        ['2026-10-14', 'absent'],
        ['2026-10-12', 'missing'],
        ['2026-10-09', 'late'],
      ]),
    );
    expect(all.items.map((i) => i.date)).toEqual([...all.items.map((i) => i.date)].sort().reverse());
    expect(summary.exceptions('2026-10', { kind: 'late', q: 'E001' }).items.map((i) => i.date)).toEqual(['2026-10-09']);
    expect(summary.exceptions('2026-10', { kind: 'missing', q: 'E001' }).items.map((i) => [i.date, i.missingIn, i.missingOut])).toEqual([['2026-10-12', false, true]]);
    expect(summary.exceptions('2026-10', { q: 'nobody' }).total).toBe(0);
    const paged = summary.exceptions('2026-10', { pageSize: 2, page: 2 });
    expect(paged).toMatchObject({ page: 2, pages: Math.ceil(paged.total / 2) });
    expect(paged.items).toHaveLength(2);
  });

  it('tells who is out today and the attendance rate', () => {
    punch(ids.a!, '2026-11-26', '09:12');
    const sick = leave.requests.create(null, self('b'), { leaveTypeId: leave.typeByCode('sick')!.id, startDate: '2026-11-26', endDate: '2026-11-27', reason: '发烧' });
    approveAll('leave', sick.id);
    const today = summary.today(hr, 'all', 'zh-CN');
    expect(today).toMatchObject({ date: '2026-11-26', expected: 2, present: 1, rate: 0.5 });
    expect(today.onLeave).toEqual([expect.objectContaining({ employeeNo: 'E002', leaveTypeCode: 'sick', leaveTypeName: '病假', part: 'full', endDate: '2026-11-27' })]);
    expect(today.notYetIn.map((p) => p.employeeNo)).toEqual(['E003']);
    expect(today.late).toEqual([expect.objectContaining({ employeeNo: 'E001', lateMinutes: 12 })]);
    // With scope self an employee sees only themselves.
    expect(summary.today(self('c'), 'self')).toMatchObject({ expected: 1, present: 0, onLeave: [], notYetIn: [expect.objectContaining({ employeeNo: 'E003' })] });
  });
});
