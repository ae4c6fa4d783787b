// Overtime requests on a real database: class from the work calendar, lieu only on rest days, validation,
// approval (daily result, lieu credit, event), withdrawal, month locks and the monthly limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SessionUser } from '../../../core/sdk.js';
import { startTimeKit, type TimeKit, thrown } from '../../../tests/helpers/attendance-time-kit.js';
import type { LeaveService } from './leave.js';
import type { OvertimeInput, OvertimeService } from './overtime.js';

function sessionUser(id: number, employeeId: number | null, grants: [string, 'self' | 'all'][]): SessionUser {
  return { id, login: `u${id}`, name: `user ${id}`, role: 'custom', permissions: new Set(grants.map(([g]) => g)), scopes: new Map(grants), employeeId, locale: null, theme: null };
}

describe('overtime service', () => {
  let kit: TimeKit;
  let leave: LeaveService;
  let overtime: OvertimeService;
  let me: SessionUser;
  let other: SessionUser;
  const hr = sessionUser(1, null, [['attendance.approve', 'all'], ['attendance.override', 'all']]);
  const approverWithoutOverride = sessionUser(2, null, [['attendance.approve', 'all']]);

  beforeAll(async () => {
    kit = await startTimeKit({ now: '2026-11-26T10:00:00+08:00' });
    const dept = kit.department('研发部');
    me = sessionUser(10, kit.hire('E001', '张三', dept, '2020-01-01'), [['attendance.self', 'self']]);
    other = sessionUser(11, kit.hire('E002', '李四', dept, '2020-01-01'), [['attendance.self', 'self']]);
    leave = kit.att.leave;
    leave.ensureDefaults();
    overtime = kit.att.overtime;
  });
  afterAll(async () => {
    await kit?.close();
  });

  const ask = (over: Partial<OvertimeInput> = {}, who = me) =>
    overtime.request(null, who, { date: '2026-11-24', startTime: '19:00', endTime: '21:00', reason: '上线', compensation: 'pay', ...over });
  const count = () => kit.suite.kernel.dbh.sqlite.prepare('SELECT count(*) FROM attendance_overtime_requests').pluck().get() as number;
  const approveAll = (id: number, by = hr) => {
    for (let step = kit.parts.approvals.steps('overtime', id).find((s) => s.status === 'pending'); step; step = kit.parts.approvals.steps('overtime', id).find((s) => s.status === 'pending')) {
      kit.parts.approvals.decide(null, by, step.id, 'approved', '');
    }
  };
  const lieuBalance = (employeeId: number) => leave.available(employeeId, leave.typeByCode('lieu')!.id);

  it.each([
    ['an ordinary Tuesday', '2026-11-24', 'workday'],
    ['a Saturday', '2026-11-21', 'restday'],
    ['National Day, a statutory holiday', '2026-10-01', 'holiday'],
    ['a rest day inside the National Day holidays', '2026-10-04', 'restday'],
    ['the adjusted Saturday after National Day (调休上班)', '2026-10-10', 'workday'],
  ])('classes overtime on %s (%s) as %s', (_what, date, cls) => {
    const r = ask({ date, startTime: '09:00', endTime: '10:00' });
    expect(r).toMatchObject({ date, overtimeClass: cls, minutes: 60, status: 'pending', compensation: 'pay' });
    expect(kit.parts.approvals.steps('overtime', r.id).some((s) => s.status === 'pending')).toBe(true);
  });

  it('runs an end at or before the start past midnight and refuses an overlap across it', () => {
    expect(ask({ date: '2026-11-19', startTime: '22:00', endTime: '02:00' }).minutes).toBe(240);
    const before = count();
    const err = thrown(() => ask({ date: '2026-11-20', startTime: '01:00', endTime: '03:00' }));
    expect([err.status, err.messageKey]).toEqual([409, 'attendance.overtime.error.overlap']);
    expect(err.params).toMatchObject({ date: '2026-11-19', start: '22:00', end: '02:00' });
    expect(count()).toBe(before);
    // Touching is not overlapping; another employee's requests do not count.
    expect(ask({ date: '2026-11-20', startTime: '02:00', endTime: '04:00' }).minutes).toBe(120);
    expect(ask({ date: '2026-11-19', startTime: '22:00', endTime: '02:00' }, other).minutes).toBe(240);
  });

  it.each<[string, Partial<OvertimeInput>, number, string]>([
    ['lieu on a workday', { date: '2026-11-23', compensation: 'lieu' }, 422, 'attendance.overtime.error.lieuRestdayOnly'],
    ['lieu on a statutory holiday', { date: '2026-10-02', compensation: 'lieu' }, 422, 'attendance.overtime.error.lieuRestdayOnly'],
    ['the same start and end', { date: '2026-11-23', startTime: '19:00', endTime: '19:00' }, 422, 'attendance.overtime.error.sameTime'],
    ['a year without holiday data', { date: '2027-01-05' }, 422, 'attendance.error.unknownYear'],
    ['more than 60 days ahead', { date: '2027-01-30' }, 422, 'attendance.overtime.error.tooFarAhead'],
  ])('refuses %s and writes nothing', (_what, input, status, key) => {
    const before = count();
    const err = thrown(() => ask(input));
    expect([err.status, err.messageKey]).toEqual([status, key]);
    expect(count()).toBe(before);
  });

  it('refuses a request from an account without an employee record', () => {
    expect(thrown(() => ask({}, hr)).status).toBe(422);
  });

  it('takes no requests when overtime is detected from punches only, and writes nothing', () => {
    const before = count();
    kit.parts.settings.overtime.mode = 'detect';
    try {
      expect(thrown(() => ask()).messageKey).toBe('attendance.overtime.error.detectMode');
    } finally {
      kit.parts.settings.overtime.mode = 'both';
    }
    expect(count()).toBe(before);
  });

  it('accepts planned overtime up to 60 days ahead', () => {
    expect(ask({ date: '2026-12-05', startTime: '10:00', endTime: '16:00', compensation: 'lieu' })).toMatchObject({ overtimeClass: 'restday', minutes: 360 });
  });

  it('on approval counts the overtime in the day, credits lieu once and raises the decided event', () => {
    const r = ask({ date: '2026-11-14', startTime: '09:00', endTime: '13:00', compensation: 'lieu' });
    const before = lieuBalance(me.employeeId!);
    approveAll(r.id);
    expect(overtime.get(r.id)?.status).toBe('approved');
    expect(kit.daily(me.employeeId!, '2026-11-14', '2026-11-14').get('2026-11-14')).toMatchObject({ overtime_minutes: 240, overtime_class: 'restday' });
    expect(lieuBalance(me.employeeId!)).toBe(before + 240);
    const events = kit.suite.kernel.dbh.sqlite.prepare("SELECT payload FROM core_outbox_events WHERE name = 'attendance.overtime.decided'").pluck().all() as string[];
    expect(events.map((p) => JSON.parse(p))).toContainEqual(expect.objectContaining({ requestId: r.id, outcome: 'approved', minutes: 240, date: '2026-11-14' }));
  });

  it('lets the requester withdraw a pending request, not someone else and not twice', () => {
    const r = ask({ date: '2026-11-25', startTime: '19:00', endTime: '20:00' });
    expect(thrown(() => overtime.withdraw(null, other, r.id)).status).toBe(404);
    expect(overtime.withdraw(null, me, r.id).status).toBe('withdrawn');
    expect(kit.parts.approvals.steps('overtime', r.id).every((s) => s.status !== 'pending' && s.status !== 'waiting')).toBe(true);
    expect(thrown(() => overtime.withdraw(null, me, r.id)).status).toBe(409);
    // A withdrawn request no longer blocks the same hours.
    expect(ask({ date: '2026-11-25', startTime: '19:00', endTime: '20:00' }).status).toBe('pending');
  });

  it('respects month locks: no requests in a locked month; approval needs override and is audited', () => {
    const r = ask({ date: '2026-09-15', startTime: '19:00', endTime: '21:00' });
    kit.parts.locks.lock(null, '2026-09', 'payroll approved');
    expect(thrown(() => ask({ date: '2026-09-16' })).status).toBe(409);
    const err = thrown(() => approveAll(r.id, approverWithoutOverride));
    expect([err.status, err.messageKey]).toEqual([409, 'attendance.error.monthLocked']);
    expect(overtime.get(r.id)?.status).toBe('pending');
    approveAll(r.id, hr);
    expect(overtime.get(r.id)?.status).toBe('approved');
    const audit = kit.suite.kernel.dbh.sqlite.prepare("SELECT after FROM core_audit_log WHERE action = 'attendance.override' ORDER BY id DESC").pluck().get() as string;
    expect(JSON.parse(audit)).toMatchObject({ months: ['2026-09'], dates: ['2026-09-15'] });
  });

  it('totals the month by class against the 36-hour limit: ok, near (pending counted), over', () => {
    const employeeId = other.employeeId!;
    expect(overtime.monthTotals(employeeId, '2026-10')).toMatchObject({ totalMinutes: 0, pendingMinutes: 0, level: 'ok', limitHours: 36 });
    // Rest days of October 2026: 3 × 10 hours approved = 30 h (83% of the limit: near).
    const ids = ['2026-10-17', '2026-10-18', '2026-10-24'].map((date) => ask({ date, startTime: '08:00', endTime: '18:00' }, other).id);
    ids.forEach((id) => approveAll(id));
    expect(overtime.monthTotals(employeeId, '2026-10')).toMatchObject({ byClass: { workday: 0, restday: 1800, holiday: 0 }, totalMinutes: 1800, level: 'near' });
    // 7 more hours pending would cross the limit: still "near" until approved.
    const pending = ask({ date: '2026-10-25', startTime: '08:00', endTime: '15:00' }, other);
    expect(overtime.monthTotals(employeeId, '2026-10')).toMatchObject({ pendingMinutes: 420, level: 'near' });
    approveAll(pending.id);
    expect(overtime.monthTotals(employeeId, '2026-10')).toMatchObject({ totalMinutes: 2220, pendingMinutes: 0, level: 'over' });
  });

  it('describes a request for the approval inbox in both languages', () => {
    const r = ask({ date: '2026-11-28', startTime: '10:00', endTime: '12:30', compensation: 'lieu' });
    const inbox = kit.parts.approvals.inbox(hr, 'zh-CN').find((i) => i.subjectType === 'overtime' && i.subjectId === r.id);
    expect(inbox?.summary).toBe('加班 2026-11-28 10:00–12:30（2.5 小时，休息日加班（200% 或调休），调休（存入调休余额））');
    expect(kit.parts.approvals.inbox(hr, 'en').find((i) => i.subjectId === r.id && i.subjectType === 'overtime')?.summary).toContain('Overtime 2026-11-28 10:00–12:30 (2.5 h');
  });
});
