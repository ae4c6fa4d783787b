// Leave on a real database: default types, statutory grants, accrual idempotence, requests through their approval
// chain and what each outcome does to the balance, refusals that write nothing, carry-forward and expiry at year end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { HR, MANAGER, startLeaveKit, type LeaveKit } from '../../../tests/helpers/attendance-leave-kit.js';
import { thrown } from '../../../tests/helpers/attendance-time-kit.js';

type Person = ReturnType<LeaveKit['person']>;

describe('leave service', () => {
  let kit: LeaveKit;
  let boss: Person;
  let head: Person;
  let hr: Person;
  let worker: Person;
  let newbie: Person;
  let annual: number;
  let lieu: number;

  beforeAll(async () => {
    kit = await startLeaveKit({ now: '2026-11-26T10:00:00+08:00' });
    const top = kit.department('总部');
    const dept = kit.department('研发部', top);
    head = kit.person({ no: 'H01', name: '部长', departmentId: top, grants: MANAGER });
    kit.setHead(top, head.employeeId);
    boss = kit.person({ no: 'M01', name: '经理', departmentId: dept, managerId: head.employeeId, grants: MANAGER });
    hr = kit.person({ no: 'R01', name: '人事', departmentId: top, grants: HR });
    // 11 years of work by 2026: 10 days a year.
    worker = kit.person({ no: 'E01', name: '员工', departmentId: dept, managerId: boss.employeeId, hireDate: '2020-03-01', firstWorkDate: '2015-07-01' });
    // Hired 2026-07-01 with 12 years of work: 184/365 × 10 = 5.04 → 5 days.
    newbie = kit.person({ no: 'E02', name: '新人', departmentId: dept, managerId: boss.employeeId, hireDate: '2026-07-01', firstWorkDate: '2014-01-01', gender: 'male' });
    annual = kit.leave.typeByCode('annual')!.id;
    lieu = kit.leave.typeByCode('lieu')!.id;
  });
  afterAll(async () => {
    await kit?.close();
  });

  const balance = (p: Person, typeId = annual) => kit.leave.balances(p.employeeId, kit.parts.today()).find((b) => b.leaveTypeId === typeId)!;
  const rows = () => ({
    requests: kit.count('attendance_leave_requests'),
    ledger: kit.count('attendance_leave_ledger'),
    steps: kit.count('attendance_approval_steps'),
    events: kit.count('core_outbox_events'),
  });
  const events = (name: string) =>
    (kit.suite.kernel.dbh.sqlite.prepare('SELECT payload FROM core_outbox_events WHERE name = ? ORDER BY created_at, rowid').pluck().all(name) as string[]).map((p) => JSON.parse(p));
  const approveAll = (requestId: number) => {
    for (;;) {
      const pending = kit.parts.approvals.steps('leave', requestId).find((s) => s.status === 'pending');
      if (!pending) return;
      const who = pending.approverKind === 'hr' ? hr : [boss, head].find((p) => p.employeeId === pending.approverEmployeeId)!;
      kit.parts.approvals.decide(null as never, who.user, pending.id, 'approved', '');
    }
  };

  it('creates the statutory leave types once, by code', () => {
    const codes = kit.leave.types().map((t) => t.code);
    expect(codes).toEqual(['annual', 'sick', 'personal', 'marriage', 'maternity', 'paternity', 'bereavement', 'lieu']);
    expect(kit.leave.ensureDefaults()).toBe(0);
    expect(kit.leave.typeByCode('maternity')).toMatchObject({ calendarDays: true, gender: 'female', maxPerRequestMinutes: (98 + 60) * 480 });
    expect(kit.leave.typeByCode('lieu')).toMatchObject({ unit: 'hour', accrual: 'overtime' });
  });

  it('grants statutory annual leave by cumulative years, prorating new hires, and is idempotent', () => {
    const first = kit.leave.runAccruals('2026-11-26');
    expect(balance(worker)).toMatchObject({ granted: 4800, available: 4800, taken: 0, pending: 0 });
    expect(balance(newbie)).toMatchObject({ granted: 5 * 480, available: 5 * 480 });
    expect(first.granted).toBeGreaterThanOrEqual(4800 + 2400);
    const before = rows();
    expect(kit.leave.runAccruals('2026-11-26')).toEqual({ granted: 0, carried: 0, expired: 0 });
    expect(rows()).toEqual(before);
  });

  it('cuts the grant of someone who left this year to the days they were here (第十二条)', () => {
    const leaver = kit.person({ no: 'E09', name: '离职者', departmentId: kit.department('离职部'), hireDate: '2020-03-01', firstWorkDate: '2015-07-01' });
    kit.leave.runAccruals('2026-11-26');
    expect(balance(leaver).granted).toBe(10 * 480);
    // Marked as left in one edit: 2026-01-01..05-31 is 151 days, 151 / 365 × 10 = 4.1 → 4 days.
    kit.suite.kernel.people.service.employees.update(leaver.employeeId, { status: 'left', terminationDate: '2026-05-31' });
    // Run for that one employee, as the plugin does when the people directory reports a change.
    expect(kit.leave.runAccruals('2026-11-26', [leaver.employeeId]).granted).toBe(4 * 480 - 10 * 480);
    expect(balance(leaver).granted).toBe(4 * 480);
  });

  it('accrues a monthly company type once per month', () => {
    const type = kit.leave.createType(null, { code: 'wellness', nameZh: '健康假', nameEn: 'Wellness', unit: 'half_day', accrual: 'monthly', grantDays: '0.5', active: 'on' });
    kit.leave.runAccruals('2026-11-26');
    expect(balance(newbie, type.id).granted).toBe(5 * 240); // July to November
    const before = rows();
    kit.leave.runAccruals('2026-11-27');
    expect(rows()).toEqual(before);
    kit.leave.updateType(null, type.id, { ...type, grantDays: 0.5, paid: true, active: false, accrual: 'monthly' });
  });

  it('requests 3 days: reserves the balance, asks manager → department head → HR, raises the event', () => {
    const r = kit.leave.requests.create(null, worker.user, { leaveTypeId: annual, startDate: '2026-12-01', endDate: '2026-12-03', reason: '回家' });
    expect(r).toMatchObject({ minutes: 3 * 480, status: 'pending' });
    expect(balance(worker)).toMatchObject({ available: 4800 - 1440, pending: 1440, taken: 0 });
    expect(kit.parts.approvals.steps('leave', r.id).map((s) => [s.approverKind, s.approverName, s.status])).toEqual([
      ['manager', '经理', 'pending'],
      ['department_head', '部长', 'waiting'],
      ['hr', null, 'waiting'],
    ]);
    expect(events('attendance.leave.requested').at(-1)).toMatchObject({ requestId: r.id, approverEmployeeIds: [boss.employeeId], leaveType: 'annual', minutes: 1440 });
    approveAll(r.id);
    expect(kit.leave.requests.get(r.id)?.status).toBe('approved');
    expect(events('attendance.leave.advanced').map((e) => e.approverEmployeeIds)).toEqual([[head.employeeId], []]);
    expect(events('attendance.leave.approved').at(-1)).toMatchObject({ requestId: r.id });
    expect(balance(worker)).toMatchObject({ available: 3360, pending: 0, taken: 1440 });
  });

  it('asks only manager → HR for a short request, and a rejection gives the balance back with the reason', () => {
    const r = kit.leave.requests.create(null, worker.user, { leaveTypeId: annual, startDate: '2026-12-07', startHalf: 'pm', endDate: '2026-12-08', endHalf: 'am' });
    expect(r.minutes).toBe(480);
    expect(kit.parts.approvals.steps('leave', r.id).map((s) => s.approverKind)).toEqual(['manager', 'hr']);
    // The afternoon of the 8th is still free: no overlap.
    const next = kit.leave.requests.create(null, worker.user, { leaveTypeId: annual, startDate: '2026-12-08', startHalf: 'pm', endDate: '2026-12-08' });
    expect(next.minutes).toBe(240);
    const [first] = kit.parts.approvals.steps('leave', r.id);
    kit.parts.approvals.decide(null as never, boss.user, first!.id, 'rejected', '年底太忙');
    expect(kit.leave.requests.get(r.id)?.status).toBe('rejected');
    expect(events('attendance.leave.rejected').at(-1)).toMatchObject({ requestId: r.id, comment: '年底太忙' });
    expect(balance(worker)).toMatchObject({ available: 3360 - 240, pending: 240 });
    // Withdrawn while pending: the reservation comes back too.
    kit.leave.requests.withdraw(null, worker.user, next.id);
    expect(balance(worker)).toMatchObject({ available: 3360, pending: 0 });
    expect(thrown(() => kit.leave.requests.withdraw(null, worker.user, next.id))).toMatchObject({ status: 409, messageKey: 'attendance.leave.error.notPending' });
  });

  it('lets the requester cancel approved leave before it starts, and only HR once it has started', () => {
    const r = kit.leave.requests.create(null, worker.user, { leaveTypeId: annual, startDate: '2026-12-10', endDate: '2026-12-10' });
    approveAll(r.id);
    expect(balance(worker).available).toBe(3360 - 480);
    kit.leave.requests.cancel(null, worker.user, r.id);
    expect(balance(worker)).toMatchObject({ available: 3360, taken: 1440 });
    expect(events('attendance.leave.cancelled').at(-1)).toMatchObject({ requestId: r.id });

    const past = kit.leave.requests.create(null, worker.user, { leaveTypeId: annual, startDate: '2026-11-20', endDate: '2026-11-20' });
    approveAll(past.id);
    expect(thrown(() => kit.leave.requests.cancel(null, worker.user, past.id))).toMatchObject({ status: 409, messageKey: 'attendance.leave.error.started' });
    expect(thrown(() => kit.leave.requests.cancel(null, boss.user, past.id))).toMatchObject({ status: 403 });
    kit.leave.requests.cancel(null, hr.user, past.id);
    expect(kit.leave.requests.get(past.id)?.status).toBe('cancelled');
    expect(balance(worker).available).toBe(3360);
  });

  it.each([
    ['end before start', { startDate: '2026-12-10', endDate: '2026-12-09' }, 422, 'attendance.error.endBeforeStart'],
    ['overlapping approved leave', { startDate: '2026-12-02', endDate: '2026-12-02' }, 409, 'attendance.leave.error.overlap'],
    ['more than the balance', { startDate: '2026-12-14', endDate: '2026-12-25' }, 422, 'attendance.leave.error.insufficient'],
    ['an unknown holiday year', { startDate: '2027-01-04', endDate: '2027-01-05' }, 422, 'attendance.error.unknownYear'],
    ['only rest days', { startDate: '2026-12-05', endDate: '2026-12-06' }, 422, 'attendance.leave.error.empty'],
    ['a bad date', { startDate: '2026-02-30' }, 400, 'attendance.error.badDate'],
  ])('refuses %s and writes nothing', (_name, dates, status, key) => {
    const before = rows();
    expect(thrown(() => kit.leave.requests.create(null, worker.user, { leaveTypeId: annual, ...dates }))).toMatchObject({ status, messageKey: key });
    expect(rows()).toEqual(before);
  });

  it('names the other request in an overlap, and the available days when the balance is short', () => {
    expect(thrown(() => kit.leave.requests.create(null, worker.user, { leaveTypeId: annual, startDate: '2026-12-03', endDate: '2026-12-04' })).params).toMatchObject({
      range: '2026-12-01 – 2026-12-03',
    });
    expect(thrown(() => kit.leave.requests.create(null, worker.user, { leaveTypeId: annual, startDate: '2026-12-14', endDate: '2026-12-25' })).params).toMatchObject({
      available: '7 天',
      requested: '10 天',
    });
  });

  it.each([
    ['whole-day types refuse halves', 'marriage', { startDate: '2026-12-14', startHalf: 'pm', endDate: '2026-12-15' }, 'attendance.leave.error.wholeDays'],
    ['paternity leave is for men', 'paternity', { startDate: '2026-12-14', endDate: '2026-12-15' }, 'attendance.leave.error.gender'],
    ['marriage leave has a cap per request', 'marriage', { startDate: '2026-12-14', endDate: '2026-12-18' }, 'attendance.leave.error.tooLong'],
    ['hourly leave needs times', 'lieu', { startDate: '2026-12-14' }, 'attendance.leave.error.needTimes'],
  ])('%s', (_name, code, input, key) => {
    const before = rows();
    const err = thrown(() => kit.leave.requests.create(null, worker.user, { leaveTypeId: kit.leave.typeByCode(code)!.id, ...input }));
    expect(err).toMatchObject({ status: 422, messageKey: key });
    expect(rows()).toEqual(before);
  });

  it('credits time off in lieu once per overtime, with its expiry, and spends it by the hour', () => {
    expect(kit.leave.creditLieu(null, worker.employeeId, 240, '2026-11-21', '周六加班', 'overtime:1')).not.toBeNull();
    expect(kit.leave.creditLieu(null, worker.employeeId, 240, '2026-11-21', '周六加班', 'overtime:1')).toBeNull();
    expect(balance(worker, lieu)).toMatchObject({ granted: 240, available: 240, expiring: [] });
    expect(kit.leave.ledger(worker.employeeId).find((r) => r.kind === 'earned')?.expiresOn).toBe('2027-05-20');
    const r = kit.leave.requests.create(null, worker.user, { leaveTypeId: lieu, startDate: '2026-12-11', startTime: '11:00', endTime: '14:00' });
    // 11:00–14:00 minus the 12:00–13:00 break.
    expect(r.minutes).toBe(120);
    expect(balance(worker, lieu)).toMatchObject({ available: 120, pending: 120 });
    const err = thrown(() => kit.leave.requests.create(null, worker.user, { leaveTypeId: lieu, startDate: '2026-12-14', startTime: '09:00', endTime: '12:00' }));
    expect(err).toMatchObject({ status: 422, messageKey: 'attendance.leave.error.insufficient', params: { available: '2 小时', requested: '3 小时' } });
  });

  it('checks attachments by content and size, stores them under a random name, and writes nothing on refusal', () => {
    const sick = kit.leave.typeByCode('sick')!.id;
    const input = { leaveTypeId: sick, startDate: '2026-12-21', endDate: '2026-12-21', reason: '发烧' };
    const before = rows();
    const fake = { name: '病假条.pdf', bytes: new TextEncoder().encode('MZ not a pdf') };
    expect(thrown(() => kit.leave.requests.create(null, worker.user, input, fake))).toMatchObject({ status: 422, messageKey: 'attendance.leave.error.attachmentType' });
    const big = { name: 'scan.png', bytes: new Uint8Array(5 * 1024 * 1024 + 1) };
    expect(thrown(() => kit.leave.requests.create(null, worker.user, input, big))).toMatchObject({ status: 422, messageKey: 'attendance.leave.error.attachmentSize' });
    expect(rows()).toEqual(before);
    const pdf = { name: '../../病假条.pdf', bytes: new TextEncoder().encode('%PDF-1.7\n%…') };
    const r = kit.leave.requests.create(null, worker.user, input, pdf);
    expect(r.attachmentName).toBe('病假条.pdf');
    expect(r.attachmentPath).toMatch(/^[0-9a-f]{32}\.pdf$/);
    expect(kit.leave.requests.attachment(r)).toMatchObject({ type: 'application/pdf' });
    kit.leave.requests.withdraw(null, worker.user, r.id);
  });

  it('records HR adjustments with the audit log', () => {
    kit.leave.adjust(null, newbie.employeeId, annual, 480, '入职前约定');
    expect(balance(newbie)).toMatchObject({ adjusted: 480, available: 6 * 480 });
    expect(thrown(() => kit.leave.adjust(null, newbie.employeeId, annual, 480, ' '))).toMatchObject({ messageKey: 'attendance.leave.error.noteRequired' });
    expect(kit.count("core_audit_log WHERE action = 'attendance.leave.adjust'")).toBe(1);
  });

  it('closes the year: carries at most the cap, lapses the carried rest at its expiry, grants the new year', () => {
    // Worker: 10 days granted, 3 taken → 7 left; the cap is 5 days, valid until the end of March.
    kit.setNow('2027-01-01T09:00:00+08:00');
    const run = kit.leave.runAccruals('2027-01-01');
    expect(run.carried).toBeGreaterThanOrEqual(2400);
    const b2027 = balance(worker);
    expect(b2027).toMatchObject({ carried: 2400, granted: 4800, taken: 0, available: 4800 + 2400 });
    expect(b2027.expiring).toEqual([{ date: '2027-03-31', minutes: 2400 }]);
    const before = rows();
    kit.leave.runAccruals('2027-01-02');
    expect(rows()).toEqual(before);

    // One carried day used in February (the calendar knows 2027 once HR enters it; the ledger does not need it).
    kit.leave.adjust(null, worker.employeeId, annual, -480, '2月请假（手工）');
    kit.setNow('2027-04-01T09:00:00+08:00');
    const lapse = kit.leave.runAccruals('2027-04-01');
    // Everyone else carried 5 days and used none: 4 × 2400 lapse besides the worker's 1920.
    expect(lapse.expired).toBe(1920 + 4 * 2400);
    expect(balance(worker)).toMatchObject({ expired: 1920, available: 4800 });
    expect(kit.leave.runAccruals('2027-04-02').expired).toBe(0);
  });
});
