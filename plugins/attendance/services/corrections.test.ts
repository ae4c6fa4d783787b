// Punch corrections (补卡) on a real database: request, approval chain, punch and recompute on approval, events, refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HrContext, type SessionUser } from '../../../core/sdk.js';
import { startTimeKit, type TimeKit, thrown } from '../../../tests/helpers/attendance-time-kit.js';

const noRequest = { get: () => undefined, req: { header: () => undefined }, env: {} } as unknown as HrContext;

function user(id: number, employeeId: number | null, role: string, permissions: Record<string, 'self' | 'team' | 'all'>): SessionUser {
  return { id, login: `u${id}`, name: `u${id}`, role, permissions: new Set(Object.keys(permissions)), scopes: new Map(Object.entries(permissions)), employeeId, locale: null, theme: null };
}

describe('correction service', () => {
  let kit: TimeKit;
  let staff: SessionUser;
  let manager: SessionUser;
  let hr: SessionUser;
  let employee: number;

  beforeAll(async () => {
    kit = await startTimeKit({ now: '2026-11-26T10:00:00+08:00' });
    const dept = kit.department('研发部');
    const boss = kit.hire('E001', '王经理', dept);
    employee = kit.hire('E002', '张三', dept);
    const people = kit.suite.kernel.people.service;
    people.employees.update(employee, { managerId: boss });
    people.linkUser(boss, kit.suite.addUser({ login: 'boss', role: 'manager' }));
    people.linkUser(employee, kit.suite.addUser({ login: 'zhang', role: 'employee' }));
    staff = user(kit.suite.userIds.zhang!, employee, 'employee', { 'attendance.self': 'self' });
    manager = user(kit.suite.userIds.boss!, boss, 'manager', { 'attendance.self': 'team', 'attendance.approve': 'team' });
    hr = user(kit.suite.addUser({ login: 'hr', role: 'hr' }), null, 'hr', { 'attendance.approve': 'all', 'attendance.override': 'all' });
    // Only the morning punch of 11-24 was recorded: the day is "missing".
    kit.punches.addMany([{ employeeId: employee, at: new Date('2026-11-24T08:55:00+08:00'), source: 'api' }]);
  });
  afterAll(async () => {
    await kit?.close();
  });

  const events = (name: string) =>
    (kit.suite.kernel.dbh.sqlite.prepare('SELECT payload FROM core_outbox_events WHERE name = ? ORDER BY created_at').pluck().all(name) as string[]).map((p) => JSON.parse(p));

  it('refuses a future time, an old date and a missing reason, writing nothing', () => {
    expect(thrown(() => kit.punches.corrections.request(null, staff, { date: '2026-11-26', time: '18:00', reason: '忘记打卡' })).messageKey).toBe('attendance.error.future');
    expect(thrown(() => kit.punches.corrections.request(null, staff, { date: '2026-08-01', time: '18:00', reason: '忘记打卡' })).messageKey).toBe('attendance.time.correction.error.tooOld');
    expect(thrown(() => kit.punches.corrections.request(null, staff, { date: '2026-11-24', time: '18:00', reason: '' })).status).toBe(400);
    expect(kit.punches.corrections.mine(employee)).toEqual([]);
  });

  it('asks the manager, and once approved by the chain adds the punch and fixes the day', () => {
    expect(kit.daily(employee, '2026-11-24', '2026-11-24').get('2026-11-24')).toMatchObject({ status: 'missing' });
    const id = kit.punches.corrections.request(null, staff, { date: '2026-11-24', time: '18:05', reason: '下班忘记打卡' });
    expect(thrown(() => kit.punches.corrections.request(null, staff, { date: '2026-11-24', time: '18:05', reason: '再来一次' })).messageKey).toBe('attendance.time.correction.error.duplicate');
    const view = kit.punches.corrections.get(id)!;
    expect(view).toMatchObject({ status: 'pending', date: '2026-11-24', time: '18:05' });
    expect(view.steps[0]).toMatchObject({ approverKind: 'manager', approverEmployeeId: manager.employeeId, status: 'pending' });
    expect(events('attendance.correction.requested')).toEqual([{ requestId: id, employeeId: employee, approverEmployeeIds: [manager.employeeId], path: '/attendance/corrections', date: '2026-11-24' }]);

    for (const approver of [manager, hr]) {
      const step = kit.punches.corrections.get(id)!.steps.find((s) => s.status === 'pending')!;
      kit.parts.approvals.decide(noRequest, approver, step.id, 'approved', '');
    }
    expect(kit.punches.corrections.get(id)!.status).toBe('approved');
    expect(kit.punches.listForDay(employee, '2026-11-24').map((p) => p.source)).toEqual(['api', 'correction']);
    expect(kit.daily(employee, '2026-11-24', '2026-11-24').get('2026-11-24')).toMatchObject({ status: 'normal', last_out: 18 * 60 + 5 });
    expect(events('attendance.correction.decided').at(-1)).toMatchObject({ requestId: id, outcome: 'approved' });
  });

  it('lets the requester withdraw a pending request, not a decided one', () => {
    const id = kit.punches.corrections.request(null, staff, { date: '2026-11-25', time: '09:00', reason: '门禁故障' });
    kit.punches.corrections.withdraw(null, staff, id);
    expect(kit.punches.corrections.get(id)!.status).toBe('withdrawn');
    expect(kit.punches.corrections.get(id)!.steps.every((s) => s.status === 'cancelled' || s.status === 'skipped')).toBe(true);
    expect(thrown(() => kit.punches.corrections.withdraw(null, staff, id)).status).toBe(409);
    expect(thrown(() => kit.punches.corrections.withdraw(null, { ...staff, employeeId: manager.employeeId }, id)).status).toBe(404);
  });

  it('describes a request for the approval inbox in both languages', () => {
    const id = kit.punches.corrections.request(null, staff, { date: '2026-11-25', time: '18:30', reason: '手机没电' });
    const inbox = kit.parts.approvals.inbox(manager, 'en');
    expect(inbox.find((i) => i.subjectId === id && i.subjectType === 'correction')?.summary).toBe('Punch correction 2026-11-25 18:30: 手机没电');
    const rejectStep = kit.punches.corrections.get(id)!.steps.find((s) => s.status === 'pending')!;
    kit.parts.approvals.decide(noRequest, manager, rejectStep.id, 'rejected', '请走门禁记录');
    expect(kit.punches.corrections.get(id)!.status).toBe('rejected');
    expect(kit.punches.listForDay(employee, '2026-11-25')).toHaveLength(0);
  });
});
