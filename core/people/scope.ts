/**
 * Record scopes (core/sdk.ts `Scope`): which employees a user's permission reaches.
 *
 *   self        the user's own employee record
 *   team        that employee and everyone below them in the reporting line,
 *               indirect reports included (recursive on manager_id)
 *   department  everyone in the user's department and its sub-departments
 *               (recursive on parent_id)
 *   all         everyone
 *
 * A user without a linked employee reaches nobody below `all`. One SQL condition
 * (`scopeCondition`) is the single definition; the id list and the yes/no check
 * are queries built on it, so the three can never disagree. Recursive CTEs use
 * UNION, not UNION ALL: rows already seen are not walked again, so a cycle in
 * bad data (A manages B manages A) ends instead of looping.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db, Scope, SessionUser } from '../sdk.js';
import { employees } from './schema.js';

/** The part of a session user that scopes need. */
export type ScopeUser = Pick<SessionUser, 'employeeId'>;

/** Employee ids in `employeeId`'s reporting line, themselves included, as a subquery. */
export function teamSubquery(employeeId: number): SQL {
  return sql`WITH RECURSIVE team(id) AS (SELECT ${employeeId} UNION SELECT e.id FROM people_employees e JOIN team ON e.manager_id = team.id) SELECT id FROM team`;
}

/** Employee ids in the department of `employeeId` and its sub-departments, as a subquery. */
export function departmentSubquery(employeeId: number): SQL {
  return sql`SELECT e.id FROM people_employees e WHERE e.department_id IN (WITH RECURSIVE sub(id) AS (SELECT department_id FROM people_employees WHERE id = ${employeeId} UNION SELECT d.id FROM people_departments d JOIN sub ON d.parent_id = sub.id) SELECT id FROM sub)`;
}

/**
 * A WHERE condition limiting `column` (an employee id column: `employees.id` by
 * default, or another table's `employee_id`) to what `user` may see with `scope`.
 * Use it in list queries: `.where(and(filters, scopeCondition(user, scope)))`.
 */
export function scopeCondition(user: ScopeUser, scope: Scope, column: AnySQLiteColumn | SQL = employees.id): SQL {
  if (scope === 'all') return sql`1 = 1`;
  const me = user.employeeId;
  if (me == null) return sql`0 = 1`;
  switch (scope) {
    case 'self':
      return sql`${column} = ${me}`;
    case 'team':
      return sql`${column} IN (${teamSubquery(me)})`;
    case 'department':
      return sql`${column} IN (${departmentSubquery(me)})`;
  }
}

/** Every employee id `user` may see with `scope`, ascending. */
export function visibleEmployeeIds(db: Db, user: ScopeUser, scope: Scope): number[] {
  return db
    .select({ id: employees.id })
    .from(employees)
    .where(scopeCondition(user, scope))
    .orderBy(employees.id)
    .all()
    .map((r) => r.id);
}

export function canSee(db: Db, user: ScopeUser, scope: Scope, employeeId: number): boolean {
  if (scope === 'self') return user.employeeId != null && user.employeeId === employeeId;
  return !!db.select({ id: employees.id }).from(employees).where(and(eq(employees.id, employeeId), scopeCondition(user, scope))).get();
}

/** `employeeId` and everyone reporting to them directly or indirectly. */
export function reportingLineIds(db: Db, employeeId: number): number[] {
  return visibleEmployeeIds(db, { employeeId }, 'team');
}
