// Approval chains: which steps a request gets (pure), and deciding them on a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { HR, MANAGER, startLeaveKit, type LeaveKit } from '../../../tests/helpers/attendance-leave-kit.js';
import { thrown } from '../../../tests/helpers/attendance-time-kit.js';
import { chainFor, planSteps, type ApproverKind, type ChainPeople } from './approvals.js';

const approval = { chain: ['manager', 'hr'] as ApproverKind[], extraLevels: [{ minDays: 3, approver: 'department_head' as const }] };

describe('chainFor', () => {
  it.each([
    [1, ['manager', 'hr']],
    [2.5, ['manager', 'hr']],
    [3, ['manager', 'department_head', 'hr']],
    [10, ['manager', 'department_head', 'hr']],
  ])('%s working days → %j', (days, expected) => {
    expect(chainFor(approval, days)).toEqual(expected);
  });

  it('inserts extra levels before the last step, in order of their threshold, without asking a kind twice', () => {
    const levels = [
      { minDays: 5, approver: 'hr' as const },
      { minDays: 3, approver: 'department_head' as const },
    ];
    expect(chainFor({ chain: ['manager'], extraLevels: levels }, 5)).toEqual(['department_head', 'hr', 'manager']);
    expect(chainFor({ chain: ['manager', 'hr'], extraLevels: levels }, 5)).toEqual(['manager', 'department_head', 'hr']);
  });
});

describe('planSteps', () => {
  // Departments: 1 (head 10) > 2 (head 20) > 3 (no head).
  const departments = new Map([
    [1, { parentId: null, managerEmployeeId: 10 }],
    [2, { parentId: 1, managerEmployeeId: 20 }],
    [3, { parentId: 2, managerEmployeeId: null }],
  ]);
  const people = (over: Partial<ChainPeople>): ChainPeople => ({
    requesterId: 99,
    managerId: 20,
    departmentId: 3,
    departments,
    canAct: () => true,
    ...over,
  });
  const plan = (kinds: ApproverKind[], over: Partial<ChainPeople> = {}) =>
    planSteps(kinds, people(over)).map((s) => `${s.approverKind}:${s.approverEmployeeId ?? '-'}:${s.status}`);

  it.each([
    ['manager then HR', ['manager', 'hr'], {}, ['manager:20:pending', 'hr:-:waiting']],
    ['no manager: skipped, HR first', ['manager', 'hr'], { managerId: null }, ['manager:-:skipped', 'hr:-:pending']],
    ['manager without an account: skipped', ['manager', 'hr'], { canAct: (id: number) => id !== 20 }, ['manager:20:skipped', 'hr:-:pending']],
    [
      'head of an empty department: up the tree; the manager is that head → asked once',
      ['manager', 'department_head', 'hr'],
      {},
      ['manager:20:pending', 'department_head:20:skipped', 'hr:-:waiting'],
    ],
    [
      'the requester heads the department: the parent’s head',
      ['manager', 'department_head', 'hr'],
      { requesterId: 20, managerId: 10, departmentId: 2 },
      ['manager:10:pending', 'department_head:10:skipped', 'hr:-:waiting'],
    ],
    [
      'a different head after the manager',
      ['manager', 'department_head', 'hr'],
      { managerId: 30 },
      ['manager:30:pending', 'department_head:20:waiting', 'hr:-:waiting'],
    ],
    ['nobody anywhere: an HR step is added', ['manager', 'department_head'], { managerId: null, departmentId: null }, ['manager:-:skipped', 'department_head:-:skipped', 'hr:-:pending']],
    ['HR twice in a row: once', ['hr', 'hr'], {}, ['hr:-:pending', 'hr:-:skipped']],
  ] as const)('%s', (_name, kinds, over, expected) => {
    expect(plan([...kinds], over as Partial<ChainPeople>)).toEqual(expected);
  });
});

describe('approvals on a database', () => {
  let kit: LeaveKit;
  let dept: number;
  let boss: ReturnType<LeaveKit['person']>;
  let head: ReturnType<LeaveKit['person']>;
  let hr: ReturnType<LeaveKit['person']>;
  let worker: ReturnType<LeaveKit['person']>;
  const resolved: [number, string, string][] = [];
  const advanced: [number, number[]][] = [];

  beforeAll(async () => {
    kit = await startLeaveKit({ now: '2026-11-26T10:00:00+08:00' });
    const top = kit.department('总部');
    dept = kit.department('研发部', top);
    head = kit.person({ no: 'H01', name: '部长', departmentId: top, grants: MANAGER });
    boss = kit.person({ no: 'M01', name: '经理', departmentId: dept, managerId: head.employeeId, grants: MANAGER });
    hr = kit.person({ no: 'R01', name: '人事', departmentId: top, grants: HR });
    worker = kit.person({ no: 'E01', name: '员工', departmentId: dept, managerId: boss.employeeId });
    kit.setHead(top, head.employeeId);
    // A test subject: the leave service registered 'leave'; 'correction' is free here.
    kit.parts.approvals.onResolved('correction', (id, outcome, meta) => resolved.push([id, outcome, meta.comment]));
    kit.parts.approvals.onAdvanced('correction', (id, ids) => advanced.push([id, ids]));
  });
  afterAll(async () => {
    await kit?.close();
  });

  const decide = (user: ReturnType<LeaveKit['person']>['user'], stepId: number, decision: 'approved' | 'rejected', comment = '') =>
    kit.parts.approvals.decide(null as never, user, stepId, decision, comment);
  it('builds manager → HR for a short request and adds the department head from 3 days on', () => {
    const short = kit.parts.approvals.start('correction', 1, worker.employeeId, { minutes: 480 });
    expect(short.map((s) => [s.approverKind, s.approverName, s.status])).toEqual([
      ['manager', '经理', 'pending'],
      ['hr', null, 'waiting'],
    ]);
    const long = kit.parts.approvals.start('correction', 2, worker.employeeId, { minutes: 3 * 480 });
    expect(long.map((s) => [s.approverKind, s.approverName, s.status])).toEqual([
      ['manager', '经理', 'pending'],
      ['department_head', '部长', 'waiting'],
      ['hr', null, 'waiting'],
    ]);
  });

  it('passes over a team lead whose account may not approve, naming them on the skipped step', () => {
    // Reports to someone whose account is a plain employee: they could not open the inbox.
    const lead = kit.person({ no: 'T01', name: '组长', departmentId: dept, managerId: boss.employeeId });
    const member = kit.person({ no: 'E02', name: '组员', departmentId: dept, managerId: lead.employeeId });
    const steps = kit.parts.approvals.start('correction', 3, member.employeeId, { minutes: 480 });
    expect(steps.map((s) => [s.approverKind, s.approverName, s.status])).toEqual([
      ['manager', '组长', 'skipped'],
      ['hr', null, 'pending'],
    ]);
    kit.parts.approvals.cancel('correction', 3);
  });

  it('shows a pending step only in its approver’s inbox (and HR’s, marked on behalf), never to the requester', () => {
    expect(kit.parts.approvals.inbox(boss.user, 'zh-CN').map((i) => i.subjectId)).toEqual([1, 2]);
    expect(kit.parts.approvals.inbox(head.user, 'zh-CN')).toEqual([]);
    expect(kit.parts.approvals.inbox(hr.user, 'en').every((i) => i.onBehalf)).toBe(true);
    expect(kit.parts.approvals.inbox(worker.user, 'zh-CN')).toEqual([]);
    expect(kit.parts.approvals.currentApprovers('correction', 1)).toEqual([boss.employeeId]);
  });

  it('refuses out-of-turn, foreign and own decisions with clear errors', () => {
    const [first, second] = kit.parts.approvals.steps('correction', 1);
    expect(thrown(() => decide(head.user, first!.id, 'approved'))).toMatchObject({ status: 403, messageKey: 'attendance.approval.error.notApprover' });
    expect(thrown(() => decide(hr.user, second!.id, 'approved'))).toMatchObject({ status: 409, messageKey: 'attendance.approval.error.notYet' });
    expect(thrown(() => decide(worker.user, first!.id, 'approved'))).toMatchObject({ status: 403, messageKey: 'attendance.approval.error.own' });
    expect(thrown(() => decide(boss.user, first!.id, 'rejected', '  '))).toMatchObject({ status: 422, messageKey: 'attendance.approval.error.commentRequired' });
  });

  it('walks the chain: manager approves, HR is next, the last approval resolves', () => {
    const [first, second] = kit.parts.approvals.steps('correction', 1);
    decide(boss.user, first!.id, 'approved', '同意');
    expect(advanced).toEqual([[1, []]]);
    expect(kit.parts.approvals.inbox(hr.user, 'zh-CN').find((i) => i.subjectId === 1)).toMatchObject({ onBehalf: false, approverKind: 'hr' });
    expect(thrown(() => decide(boss.user, first!.id, 'approved'))).toMatchObject({ status: 409, messageKey: 'attendance.approval.error.decided' });
    decide(hr.user, second!.id, 'approved');
    expect(resolved).toEqual([[1, 'approved', '']]);
    expect(kit.parts.approvals.decidedBy(boss.user, 'zh-CN')).toMatchObject([{ subjectId: 1, status: 'approved', comment: '同意' }]);
  });

  it('lets HR decide a manager step on the manager’s behalf (audited), and a rejection ends the chain', () => {
    const [first] = kit.parts.approvals.steps('correction', 2);
    const audits = () => kit.suite.kernel.dbh.sqlite.prepare("SELECT count(*) FROM core_audit_log WHERE action = 'attendance.approval.on_behalf'").pluck().get();
    expect(audits()).toBe(0);
    decide(hr.user, first!.id, 'rejected', '人手不足');
    expect(audits()).toBe(1);
    expect(resolved.at(-1)).toEqual([2, 'rejected', '人手不足']);
    expect(kit.parts.approvals.steps('correction', 2).map((s) => [s.status, s.onBehalf])).toEqual([
      ['rejected', true],
      ['cancelled', false],
      ['cancelled', false],
    ]);
    expect(kit.parts.approvals.canView(boss.user, 'correction', 2)).toBe(true);
    expect(kit.parts.approvals.canView(worker.user, 'correction', 2)).toBe(false);
  });
});
