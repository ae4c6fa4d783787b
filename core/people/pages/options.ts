/** Choices for the employee form that the service does not list: managers and unlinked accounts. */
import type { Kernel } from '../../kernel.js';
import type { Employee } from '../queries.js';

export interface ManagerOption {
  id: number;
  employeeNo: string;
  name: string;
  departmentName: string;
}

export interface AccountOption {
  id: number;
  login: string;
  name: string;
}

/**
 * Everyone still employed (and the current manager even if they left), except the
 * employee and their own reporting line: the service would refuse those as a cycle.
 */
export function managerOptions(kernel: Kernel, employee: Employee | null): ManagerOption[] {
  return kernel.dbh.sqlite
    .prepare(
      `SELECT e.id, e.employee_no AS employeeNo, e.name, d.name AS departmentName
         FROM people_employees e JOIN people_departments d ON d.id = e.department_id
        WHERE (e.status <> 'left' OR e.id = ?)
          AND e.id NOT IN (WITH RECURSIVE team(id) AS (SELECT ? UNION SELECT x.id FROM people_employees x JOIN team ON x.manager_id = team.id) SELECT id FROM team)
        ORDER BY e.employee_no, e.id`,
    )
    .all(employee?.managerId ?? -1, employee?.id ?? -1) as ManagerOption[];
}

/** Active accounts not linked to any employee, plus the one linked to this employee. */
export function accountOptions(kernel: Kernel, employee: Employee | null): AccountOption[] {
  return kernel.dbh.sqlite
    .prepare(
      `SELECT u.id, u.login, u.name
         FROM core_users u LEFT JOIN people_employees e ON e.user_id = u.id
        WHERE (e.id IS NULL AND u.active = 1) OR e.id = ?
        ORDER BY lower(u.login)`,
    )
    .all(employee?.id ?? -1) as AccountOption[];
}

/** Why `userId` cannot be linked to employee `employeeId` (null: it can), as an i18n key. */
export function accountProblem(kernel: Kernel, userId: number | null, employeeId: number | null): string | null {
  if (userId == null) return null;
  if (!Number.isSafeInteger(userId) || userId < 1) return 'core.people.error.user_not_found';
  const { sqlite } = kernel.dbh;
  if (!sqlite.prepare('SELECT 1 FROM core_users WHERE id = ?').get(userId)) return 'core.people.error.user_not_found';
  const other = sqlite.prepare('SELECT id FROM people_employees WHERE user_id = ? AND id <> ?').get(userId, employeeId ?? -1);
  return other ? 'core.people.error.user_already_linked' : null;
}

/** The login of a linked account, for the profile header. */
export function accountLogin(kernel: Kernel, userId: number | null): string | null {
  if (userId == null) return null;
  return (kernel.dbh.sqlite.prepare('SELECT login FROM core_users WHERE id = ?').pluck().get(userId) as string | undefined) ?? null;
}
