/**
 * Employee reads: one profile, lists with search, filters, scope and pages.
 * Nothing here decrypts: sensitive fields come back masked from their stored
 * last four characters; plaintext only through `reveal` (employees.ts).
 */
import { and, asc, count, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { alias, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db, Scope } from '../sdk.js';
import { pageCount, type PeopleContext } from './context.js';
import { subtreeIds } from './departments.js';
import { departments, employees, positions, type EmployeeStatus } from './schema.js';
import { scopeCondition, type ScopeUser } from './scope.js';
import { maskedFromLast4 } from './sensitive.js';
import { parseIdNumber } from './validate.js';

/** Statuses of people still employed (everything but `left`). */
export const ACTIVE_STATUSES: EmployeeStatus[] = ['probation', 'regular', 'leaving'];

const manager = alias(employees, 'manager');

/** A profile as pages and the API show it. Ciphertext and hash never leave the service. */
export interface Employee extends Omit<typeof employees.$inferSelect, 'idNumberEnc' | 'idNumberHash' | 'bankAccountEnc'> {
  /** `**************002X`, or null when none is stored. */
  idNumberMasked: string | null;
  bankAccountMasked: string | null;
  departmentName: string;
  positionName: string | null;
  managerName: string | null;
}

/** One line of `roster()`: what attendance and payroll need about everyone at once. */
export interface RosterEntry {
  id: number;
  employeeNo: string;
  name: string;
  gender: 'male' | 'female' | null;
  departmentId: number;
  managerId: number | null;
  userId: number | null;
  status: EmployeeStatus;
  hireDate: string | null;
  /** Start of the person's working life (参加工作时间): cumulative years of work count from it. */
  firstWorkDate: string | null;
  terminationDate: string | null;
}

/** One line of a list. */
export interface EmployeeSummary {
  id: number;
  employeeNo: string;
  name: string;
  gender: 'male' | 'female' | null;
  mobile: string | null;
  email: string | null;
  departmentId: number;
  departmentName: string;
  positionId: number | null;
  positionName: string | null;
  managerId: number | null;
  managerName: string | null;
  status: EmployeeStatus;
  employmentType: (typeof employees.$inferSelect)['employmentType'];
  hireDate: string | null;
  userId: number | null;
}

export interface EmployeeListQuery {
  /** Matches name (contains), employee number (prefix), full pinyin and initials (prefix: `zs` finds 张三), e-mail (prefix), an exact ID number. */
  q?: string;
  departmentId?: number;
  /** With `departmentId`: include its sub-departments (default true). */
  includeSubDepartments?: boolean;
  /** One status or several; all statuses when absent (see ACTIVE_STATUSES). */
  status?: EmployeeStatus | EmployeeStatus[];
  /** Limit to what this user may see with this scope (scope.ts). */
  visibleTo?: { user: ScopeUser; scope: Scope };
  /** 1-based; default 1. */
  page?: number;
  /** Default 20, at most 200. */
  pageSize?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  pages: number;
  page: number;
  pageSize: number;
}

/** `%` and `_` typed by a user match themselves, not everything. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (m) => `\\${m}`);
}

export function searchCondition(q: string, idHash: (normalized: string) => string): SQL | undefined {
  const text = q.trim();
  if (!text) return undefined;
  const like = (col: AnySQLiteColumn, pattern: string) => sql`${col} LIKE ${pattern} ESCAPE '\\'`;
  const e = likeEscape(text);
  const parts: SQL[] = [like(employees.name, `%${e}%`), like(employees.employeeNo, `${e}%`), like(employees.email, `${e}%`)];
  const letters = text.toLowerCase().replace(/\s+/g, '');
  if (/^[a-z]+$/.test(letters)) parts.push(like(employees.namePinyin, `${letters}%`), like(employees.nameInitials, `${letters}%`));
  if (/^\d{4,11}$/.test(text)) parts.push(like(employees.mobile, `%${e}%`));
  const id = parseIdNumber(text, { today: '9999-12-31' });
  if (id.ok) parts.push(eq(employees.idNumberHash, idHash(id.normalized)));
  return or(...parts);
}

export function createEmployeeQueries(ctx: PeopleContext) {
  const db: Db = ctx.db;

  const summaryColumns = {
    id: employees.id,
    employeeNo: employees.employeeNo,
    name: employees.name,
    gender: employees.gender,
    mobile: employees.mobile,
    email: employees.email,
    departmentId: employees.departmentId,
    departmentName: departments.name,
    positionId: employees.positionId,
    positionName: positions.name,
    managerId: employees.managerId,
    managerName: manager.name,
    status: employees.status,
    employmentType: employees.employmentType,
    hireDate: employees.hireDate,
    userId: employees.userId,
  };

  return {
    get(id: number): Employee | null {
      const r = db
        .select({ e: employees, departmentName: departments.name, positionName: positions.name, managerName: manager.name })
        .from(employees)
        .innerJoin(departments, eq(departments.id, employees.departmentId))
        .leftJoin(positions, eq(positions.id, employees.positionId))
        .leftJoin(manager, eq(manager.id, employees.managerId))
        .where(eq(employees.id, id))
        .get();
      if (!r) return null;
      const { idNumberEnc: _i, idNumberHash: _h, bankAccountEnc: _b, ...rest } = r.e;
      return {
        ...rest,
        idNumberMasked: maskedFromLast4('idNumber', r.e.idNumberLast4),
        bankAccountMasked: maskedFromLast4('bankAccount', r.e.bankAccountLast4),
        departmentName: r.departmentName,
        positionName: r.positionName,
        managerName: r.managerName,
      };
    },

    list(query: EmployeeListQuery = {}): Page<EmployeeSummary> {
      const page = Math.max(1, Math.floor(query.page ?? 1));
      const pageSize = Math.min(200, Math.max(1, Math.floor(query.pageSize ?? 20)));
      const statuses = query.status === undefined ? [] : Array.isArray(query.status) ? query.status : [query.status];
      const where = and(
        query.q ? searchCondition(query.q, ctx.box.idHash) : undefined,
        query.departmentId != null
          ? query.includeSubDepartments === false
            ? eq(employees.departmentId, query.departmentId)
            : inArray(employees.departmentId, subtreeIds(ctx, query.departmentId))
          : undefined,
        statuses.length ? inArray(employees.status, statuses) : undefined,
        query.visibleTo ? scopeCondition(query.visibleTo.user, query.visibleTo.scope) : undefined,
      );
      const total = db.select({ n: count() }).from(employees).where(where).get()?.n ?? 0;
      const items = db
        .select(summaryColumns)
        .from(employees)
        .innerJoin(departments, eq(departments.id, employees.departmentId))
        .leftJoin(positions, eq(positions.id, employees.positionId))
        .leftJoin(manager, eq(manager.id, employees.managerId))
        .where(where)
        .orderBy(asc(employees.employeeNo), asc(employees.id))
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .all();
      return { items, total, pages: pageCount(total, pageSize), page, pageSize };
    },

    /** The employee linked to an account: what sessions put into `SessionUser.employeeId`. */
    employeeOfUser(userId: number): { id: number; departmentId: number } | null {
      return db.select({ id: employees.id, departmentId: employees.departmentId }).from(employees).where(eq(employees.userId, userId)).get() ?? null;
    },

    /**
     * Every employee (or the given ids) with the fields that time and pay
     * calculations need, in one query: no sensitive field, no pagination.
     * People who left are included when `includeLeft` (their last month still counts).
     */
    roster(options: { ids?: number[]; includeLeft?: boolean } = {}): RosterEntry[] {
      const conditions: SQL[] = [];
      if (options.ids) conditions.push(options.ids.length ? inArray(employees.id, options.ids) : sql`0 = 1`);
      if (!options.includeLeft) conditions.push(sql`${employees.status} <> 'left'`);
      return db
        .select({
          id: employees.id,
          employeeNo: employees.employeeNo,
          name: employees.name,
          gender: employees.gender,
          departmentId: employees.departmentId,
          managerId: employees.managerId,
          userId: employees.userId,
          status: employees.status,
          hireDate: employees.hireDate,
          firstWorkDate: employees.firstWorkDate,
          terminationDate: employees.terminationDate,
        })
        .from(employees)
        .where(conditions.length ? and(...conditions) : undefined)
        .orderBy(asc(employees.employeeNo), asc(employees.id))
        .all();
    },

    /** Id by employee number (the importer's key), or null. */
    idByEmployeeNo(employeeNo: string): number | null {
      return db.select({ id: employees.id }).from(employees).where(eq(employees.employeeNo, employeeNo.trim())).get()?.id ?? null;
    },

    /** Id of the employee with this ID number (found by its keyed hash, nothing decrypted), or null. */
    idByIdNumber(idNumber: string): number | null {
      const r = parseIdNumber(idNumber, { today: '9999-12-31' });
      if (!r.ok) return null;
      return db.select({ id: employees.id }).from(employees).where(eq(employees.idNumberHash, ctx.box.idHash(r.normalized))).get()?.id ?? null;
    },
  };
}
