/**
 * Test kit for leave and approvals on a real SQLite file: the time kit (core in
 * process, attendance tables, calendar/locks/schedule/recompute/approvals wired
 * around a movable clock) plus the leave service, people with accounts, and
 * session users built like the app builds them.
 */
import type { Permission, Scope, SessionUser } from '../../core/sdk.js';
import { startTimeKit, type TimeKit } from './attendance-time-kit.js';

export interface LeaveKit extends TimeKit {
  leave: TimeKit['att']['leave'];
  /** Hire someone with an account; returns the employee id and a session user holding `grants`. */
  person(input: {
    no: string;
    name: string;
    departmentId: number;
    managerId?: number;
    gender?: 'male' | 'female';
    hireDate?: string;
    firstWorkDate?: string;
    grants?: Record<Permission, Scope>;
  }): { employeeId: number; user: SessionUser };
  setHead(departmentId: number, employeeId: number | null): void;
  count(table: string): number;
}

export const EMPLOYEE: Record<Permission, Scope> = { 'attendance.self': 'self' };
export const MANAGER: Record<Permission, Scope> = { 'attendance.self': 'team', 'attendance.approve': 'team', 'attendance.view': 'team' };
export const HR: Record<Permission, Scope> = {
  'attendance.self': 'all',
  'attendance.approve': 'all',
  'attendance.view': 'all',
  'attendance.manage': 'all',
  'attendance.override': 'all',
};

export async function startLeaveKit(options: { now: string; settings?: Record<string, unknown> }): Promise<LeaveKit> {
  const kit = await startTimeKit(options);
  const people = kit.suite.kernel.people.service;
  const leave = kit.att.leave;
  leave.ensureDefaults();
  return Object.assign(kit, {
    leave,
    person(input: Parameters<LeaveKit['person']>[0]) {
      const employeeId = people.employees.create({
        employeeNo: input.no,
        name: input.name,
        departmentId: input.departmentId,
        managerId: input.managerId,
        gender: input.gender ?? 'female',
        hireDate: input.hireDate ?? '2020-03-01',
        firstWorkDate: input.firstWorkDate ?? '2015-07-01',
      });
      const grants = input.grants ?? EMPLOYEE;
      // The built-in role that holds these grants: approval chains look at the account's role.
      const role = 'attendance.manage' in grants ? 'hr' : 'attendance.approve' in grants ? 'manager' : 'employee';
      const userId = kit.suite.addUser({ login: input.no.toLowerCase(), role, name: input.name });
      people.linkUser(employeeId, userId);
      const user: SessionUser = {
        id: userId,
        login: input.no.toLowerCase(),
        name: input.name,
        role: 'custom',
        permissions: new Set(Object.keys(grants)),
        scopes: new Map(Object.entries(grants)),
        employeeId,
        locale: 'zh-CN',
        theme: null,
      };
      return { employeeId, user };
    },
    setHead(departmentId: number, employeeId: number | null) {
      people.departments.update(departmentId, { managerEmployeeId: employeeId ?? '' });
    },
    count(table: string) {
      return kit.suite.kernel.dbh.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    },
  });
}
