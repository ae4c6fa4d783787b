/**
 * What the import compares against: the stored departments (by path), positions
 * (by name) and employees (as snapshots in the import's terms). Read in a few
 * whole-table queries, so 5,000 rows cost milliseconds, not 5,000 look-ups.
 */
import type { PeopleContext } from '../context.js';
import { departments, employees, positions } from '../schema.js';
import type { EmployeeSnapshot } from './plan.js';
import type { ExistingState } from './rows.js';

export interface StoredState {
  departmentIdByPath: Map<string, number>;
  departmentById: Map<number, { path: string; code: string | null; managerEmployeeId: number | null }>;
  positionIdByName: Map<string, number>;
  employees: Map<string, EmployeeSnapshot>;
  employeeNoById: Map<number, string>;
  existing: ExistingState;
}

export function departmentPaths(rows: { id: number; name: string; parentId: number | null }[]): Map<number, string> {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const paths = new Map<number, string>();
  const pathOf = (id: number, depth = 0): string => {
    const known = paths.get(id);
    if (known !== undefined) return known;
    const r = byId.get(id)!;
    const parent = r.parentId != null && byId.has(r.parentId) && depth < 64 ? pathOf(r.parentId, depth + 1) : null;
    const p = parent ? `${parent}/${r.name}` : r.name;
    paths.set(id, p);
    return p;
  };
  for (const r of rows) pathOf(r.id);
  return paths;
}

export function loadState(ctx: Pick<PeopleContext, 'db' | 'box'>): StoredState {
  const { db, box } = ctx;
  const deps = db.select({ id: departments.id, name: departments.name, parentId: departments.parentId, code: departments.code, managerEmployeeId: departments.managerEmployeeId }).from(departments).all();
  const paths = departmentPaths(deps);
  const departmentIdByPath = new Map<string, number>();
  const departmentById: StoredState['departmentById'] = new Map();
  for (const d of deps) {
    const path = paths.get(d.id)!;
    departmentIdByPath.set(path, d.id);
    departmentById.set(d.id, { path, code: d.code, managerEmployeeId: d.managerEmployeeId });
  }
  const positionRows = db.select({ id: positions.id, name: positions.name }).from(positions).all();
  const positionNameById = new Map(positionRows.map((p) => [p.id, p.name]));
  const rows = db.select().from(employees).all();
  const employeeNoById = new Map(rows.map((r) => [r.id, r.employeeNo]));
  const snapshots = new Map<string, EmployeeSnapshot>();
  const hashOwner = new Map<string, string>();
  const managerOf = new Map<string, string | null>();
  for (const r of rows) {
    if (r.idNumberHash) hashOwner.set(r.idNumberHash, r.employeeNo);
    const managerNo = r.managerId == null ? null : (employeeNoById.get(r.managerId) ?? null);
    managerOf.set(r.employeeNo, managerNo);
    snapshots.set(r.employeeNo, {
      id: r.id,
      employeeNo: r.employeeNo,
      idNumberHash: r.idNumberHash,
      bankAccountEnc: r.bankAccountEnc,
      values: {
        employeeNo: r.employeeNo,
        name: r.name,
        gender: r.gender,
        birthDate: r.birthDate,
        mobile: r.mobile,
        email: r.email,
        department: departmentById.get(r.departmentId)?.path ?? null,
        position: r.positionId == null ? null : (positionNameById.get(r.positionId) ?? null),
        managerNo,
        hireDate: r.hireDate,
        firstWorkDate: r.firstWorkDate,
        employmentType: r.employmentType,
        status: r.status,
        terminationDate: r.terminationDate,
        terminationReason: r.terminationReason,
        contractStart: r.contractStart,
        contractEnd: r.contractEnd,
        bankName: r.bankName,
        emergencyContactName: r.emergencyContactName,
        emergencyContactPhone: r.emergencyContactPhone,
      },
    });
  }
  const codes = new Map<string, string>();
  for (const d of departmentById.values()) if (d.code) codes.set(d.code, d.path);
  return {
    departmentIdByPath,
    departmentById,
    positionIdByName: new Map(positionRows.map((p) => [p.name, p.id])),
    employees: snapshots,
    employeeNoById,
    existing: {
      departmentPaths: new Set(departmentIdByPath.keys()),
      departmentCodes: codes,
      employees: managerOf,
      idOwner: (id) => hashOwner.get(box.idHash(id)) ?? null,
    },
  };
}
