/**
 * From sheets of cells to checked rows: find the employees and departments
 * sheets by their headers, coerce every cell, then the checks that look across
 * rows and at what the database already holds (duplicates, departments,
 * managers, ID numbers owned by someone else). Pure: the database state comes in
 * as `ExistingState`.
 */
import { DEPARTMENT_COLUMNS, EMPLOYEE_COLUMNS, headerScore, mapHeaders, type ColumnDef, type DepartmentField, type EmployeeField, type HeaderMapping } from './columns.js';
import { coerceCell, KEEP, normalizePath, REASON } from './cells.js';
import { employeeRules, type EmployeeFacts } from '../input.js';
import type { Sheet, SheetRow } from './read.js';

export type SheetKind = 'employees' | 'departments';

export interface RowProblem {
  sheet: SheetKind;
  /** Row number as Excel shows it. */
  row: number;
  field: string | null;
  /** Full i18n key: `core.people.import.reason.*`, or `core.people.error.*` for the directory's own rules. */
  reason: string;
  params?: Record<string, string | number>;
}

export type Values<F extends string> = Partial<Record<F, string | null>>;
export interface EmployeeRow {
  row: number;
  values: Values<EmployeeField>;
}
export interface DepartmentRow {
  row: number;
  name: string;
  /** Full path of the department, `总部/研发部`. */
  path: string;
  parentPath: string | null;
  values: Values<DepartmentField>;
}

export interface LocatedSheet<F extends string> {
  sheet: Sheet;
  headerRow: number;
  mapping: HeaderMapping<F>;
  dataRows: SheetRow[];
}

const asText = (cells: SheetRow['cells']) => cells.map((c) => (c === null ? null : String(c)));

/** The header row: among the first 10 rows, the first with the most known headers (at least 2, or 1 for a lone required column). */
export function locate<F extends string>(sheet: Sheet, defs: ColumnDef<F>[]): LocatedSheet<F> | null {
  let best: { index: number; score: number } | null = null;
  sheet.rows.slice(0, 10).forEach((r, index) => {
    const score = headerScore(asText(r.cells), defs);
    if (score > (best?.score ?? 0)) best = { index, score };
  });
  const found = best as { index: number; score: number } | null;
  if (!found || found.score < 2) return null;
  const header = sheet.rows[found.index]!;
  return { sheet, headerRow: header.row, mapping: mapHeaders(asText(header.cells), defs), dataRows: sheet.rows.slice(found.index + 1) };
}

/** Which sheet holds employees and which departments; a sheet is employees when it has the employee-number column. */
export function pickSheets(sheets: Sheet[]) {
  let employees: LocatedSheet<EmployeeField> | null = null;
  let departments: LocatedSheet<DepartmentField> | null = null;
  for (const sheet of sheets) {
    const e: LocatedSheet<EmployeeField> | null = employees ? null : locate(sheet, EMPLOYEE_COLUMNS);
    if (e && [...e.mapping.columns.values()].includes('employeeNo')) {
      employees = e;
      continue;
    }
    const d: LocatedSheet<DepartmentField> | null = departments ? null : locate(sheet, DEPARTMENT_COLUMNS);
    if (d && [...d.mapping.columns.values()].includes('name')) departments = d;
  }
  return { employees, departments };
}

export function coerceRows<F extends string>(
  located: LocatedSheet<F>,
  defs: ColumnDef<F>[],
  rows: SheetRow[],
  kind: SheetKind,
  today: string,
  problems: RowProblem[],
): { row: number; values: Values<F> }[] {
  const byField = new Map(defs.map((d) => [d.field, d]));
  const birthCol = [...located.mapping.columns].find(([, f]) => f === 'birthDate')?.[0];
  const out: { row: number; values: Values<F> }[] = [];
  for (const r of rows) {
    const values: Values<F> = {};
    let birth: string | null = null;
    if (birthCol !== undefined) {
      const b = coerceCell(byField.get('birthDate' as F)!, r.cells[birthCol] ?? null, null, today);
      birth = b.ok ? b.value : null;
    }
    for (const [col, field] of located.mapping.columns) {
      const res = coerceCell(byField.get(field)!, r.cells[col] ?? null, birth, today);
      if (res.ok) values[field] = res.value;
      else problems.push({ sheet: kind, row: r.row, field, reason: res.reason, ...(res.params ? { params: res.params } : {}) });
    }
    out.push({ row: r.row, values });
  }
  return out;
}

export interface ExistingState {
  departmentPaths: Set<string>;
  /** code -> path of the department that has it */
  departmentCodes: Map<string, string>;
  /** employee number -> manager's employee number */
  employees: Map<string, string | null>;
  /** Employee number of whoever holds this (normalised) ID number, or null. */
  idOwner(idNumber: string): string | null;
}

export function toDepartments(rows: { row: number; values: Values<DepartmentField> }[]): DepartmentRow[] {
  return rows
    .filter((r) => r.values.name)
    .map((r) => {
      const name = normalizePath(r.values.name!);
      const parentPath = r.values.parent ? normalizePath(r.values.parent) : null;
      return { row: r.row, name, parentPath, path: parentPath ? `${parentPath}/${name}` : name, values: r.values };
    });
}

/** Problems that need more than one row or the database. */
export function crossCheck(employees: EmployeeRow[], departments: DepartmentRow[], existing: ExistingState, today: string): RowProblem[] {
  const problems: RowProblem[] = [];
  const add = (sheet: SheetKind, row: number, field: string | null, reason: string, params?: Record<string, string | number>) =>
    problems.push({ sheet, row, field, reason: reason.startsWith('core.') ? reason : REASON + reason, ...(params ? { params } : {}) });
  const dupes = <T>(items: T[], key: (t: T) => string | null | undefined) => {
    const seen = new Map<string, T[]>();
    for (const it of items) {
      const k = key(it);
      if (k) seen.set(k, [...(seen.get(k) ?? []), it]);
    }
    return [...seen].filter(([, list]) => list.length > 1);
  };

  // Departments: unique paths and codes, parents that exist.
  const filePaths = new Set(departments.map((d) => d.path));
  for (const [path, list] of dupes(departments, (d) => d.path)) for (const d of list) add('departments', d.row, 'name', 'duplicate_department', { path, rows: list.map((x) => x.row).join(', ') });
  for (const [code, list] of dupes(departments, (d) => d.values.code)) for (const d of list) add('departments', d.row, 'code', 'duplicate_code', { code, rows: list.map((x) => x.row).join(', ') });
  for (const d of departments) {
    if (d.parentPath && !filePaths.has(d.parentPath) && !existing.departmentPaths.has(d.parentPath)) add('departments', d.row, 'parent', 'unknown_parent', { path: d.parentPath });
    const owner = d.values.code ? existing.departmentCodes.get(d.values.code) : undefined;
    if (owner && owner !== d.path) add('departments', d.row, 'code', 'code_taken', { code: d.values.code!, path: owner });
  }

  // Employees: unique numbers and ID numbers, known departments and managers.
  const fileNos = new Map(employees.filter((e) => e.values.employeeNo).map((e) => [e.values.employeeNo!, e]));
  for (const [no, list] of dupes(employees, (e) => e.values.employeeNo)) for (const e of list) add('employees', e.row, 'employeeNo', 'duplicate_no', { no, rows: list.map((x) => x.row).join(', ') });
  const ids = (e: EmployeeRow) => (e.values.idNumber && e.values.idNumber !== KEEP ? e.values.idNumber : null);
  for (const [, list] of dupes(employees, ids)) for (const e of list) add('employees', e.row, 'idNumber', 'duplicate_id', { rows: list.map((x) => x.row).join(', ') });
  for (const e of employees) {
    const v = e.values;
    const id = ids(e);
    const owner = id ? existing.idOwner(id) : null;
    if (owner && owner !== v.employeeNo) add('employees', e.row, 'idNumber', 'id_taken', { no: owner });
    const isNew = !!v.employeeNo && !existing.employees.has(v.employeeNo);
    for (const f of ['idNumber', 'bankAccount'] as const) if (isNew && v[f] === KEEP) add('employees', e.row, f, 'masked_new');
    if (v.department) {
      const path = normalizePath(v.department);
      if (!filePaths.has(path) && !existing.departmentPaths.has(path)) add('employees', e.row, 'department', 'unknown_department', { path });
    }
    if (v.managerNo) {
      if (v.managerNo === v.employeeNo) add('employees', e.row, 'managerNo', 'self_manager');
      else if (!fileNos.has(v.managerNo) && !existing.employees.has(v.managerNo)) add('employees', e.row, 'managerNo', 'unknown_manager', { no: v.managerNo });
    }
    if (v.birthDate && v.hireDate && v.hireDate < v.birthDate) add('employees', e.row, 'hireDate', 'hire_before_birth');
    // The directory's own rules across fields (ID number vs birth date and gender, dates in order).
    const facts = { ...v, idNumber: v.idNumber === KEEP ? null : v.idNumber, status: 'status' in v ? v.status : null };
    if (!('terminationDate' in v)) facts.status = null;
    for (const [field, key] of Object.entries(employeeRules(facts as EmployeeFacts, today))) {
      if (field === 'idNumber') continue; // already reported by the cell check
      add('employees', e.row, field, key);
    }
  }
  // Reporting lines must not loop once the file is applied.
  const managerOf = new Map(existing.employees);
  for (const e of employees) if (e.values.employeeNo && 'managerNo' in e.values) managerOf.set(e.values.employeeNo, e.values.managerNo ?? null);
  for (const e of employees) {
    const start = e.values.employeeNo;
    if (!start || !e.values.managerNo || e.values.managerNo === start) continue;
    const seen = new Set([start]);
    for (let m = managerOf.get(start) ?? null; m; m = managerOf.get(m) ?? null) {
      if (m === start) {
        add('employees', e.row, 'managerNo', 'manager_cycle', { no: e.values.managerNo });
        break;
      }
      if (seen.has(m)) break;
      seen.add(m);
    }
  }
  return problems;
}

export { EMPLOYEE_COLUMNS, DEPARTMENT_COLUMNS };
