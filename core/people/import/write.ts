/**
 * The employee half of the commit, written for 5,000 rows in one transaction:
 * the directory's service writes one row per call with a dozen re-checks and
 * statement builds each (about 5 ms a row, 25 s for 5,000), while every check it
 * makes was already done for the whole file by the import (rows.ts, with the
 * directory's own validate.ts/input.ts rules) and re-done inside this
 * transaction. So rows go in through one prepared INSERT and per-row UPDATEs of
 * only the changed columns, sealed with the directory's box
 * (sensitive.ts: ciphertext, last four, ID hash), with the same pinyin columns,
 * the same events (`employee.hired` / `.updated` / `.left`, source
 * `core.people`) and the same per-employee audit entries the service writes.
 */
import { eq, getTableColumns } from 'drizzle-orm';
import type { HrContext } from '../../sdk.js';
import type { PeopleContext } from '../context.js';
import { auditView } from '../employees.js';
import { PEOPLE_EVENT_SOURCE, type EmployeeHiredEvent, type EmployeeLeftEvent, type EmployeeUpdatedEvent } from '../events.js';
import { namePinyin } from '../pinyin.js';
import { employees } from '../schema.js';
import { KEEP, normalizePath } from './cells.js';
import type { EmployeeField } from './columns.js';
import type { RowAction } from './plan.js';

type Columns = typeof employees.$inferInsert;
type Row = typeof employees.$inferSelect;

export interface Resolvers {
  department(path: string): number;
  position(name: string): number;
}

/** The columns for the given import fields; `managerNo` is resolved separately. */
export function columnsFor(ctx: Pick<PeopleContext, 'box'>, values: Partial<Record<EmployeeField, string | null>>, fields: readonly EmployeeField[], ids: Resolvers): Partial<Columns> {
  const set: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f];
    if (v === undefined || v === KEEP || f === 'managerNo' || f === 'employeeNo') continue;
    switch (f) {
      case 'department':
        set.departmentId = ids.department(normalizePath(v!));
        break;
      case 'position':
        set.positionId = v === null ? null : ids.position(v);
        break;
      case 'idNumber':
        if (v === null) Object.assign(set, { idNumberEnc: null, idNumberHash: null, idNumberLast4: null });
        else {
          const s = ctx.box.seal(v);
          Object.assign(set, { idNumberEnc: s.enc, idNumberHash: ctx.box.idHash(v), idNumberLast4: s.last4 });
        }
        break;
      case 'bankAccount':
        if (v === null) Object.assign(set, { bankAccountEnc: null, bankAccountLast4: null });
        else {
          const s = ctx.box.seal(v);
          Object.assign(set, { bankAccountEnc: s.enc, bankAccountLast4: s.last4 });
        }
        break;
      case 'employmentType':
      case 'status':
        if (v !== null) set[f] = v; // blank: default on create, kept on update
        break;
      case 'name': {
        const py = namePinyin(v!);
        Object.assign(set, { name: v, namePinyin: py.full, nameInitials: py.initials });
        break;
      }
      default:
        set[f] = v;
    }
  }
  return set as Partial<Columns>;
}

/** Field names as the service's `employee.updated` event names them. */
const EVENT_NAME: Partial<Record<EmployeeField, string>> = { department: 'departmentId', position: 'positionId', managerNo: 'managerId' };

export function writeEmployees(ctx: PeopleContext, actions: RowAction[], ids: Resolvers, idByNo: Map<string, number>, c: HrContext | null): void {
  const { db } = ctx;
  const at = ctx.now();
  const adds = actions.filter((a) => a.kind === 'add');
  // One prepared INSERT over the schema's columns: drizzle's query building costs more than SQLite here.
  const cols = Object.entries(getTableColumns(employees)).filter(([key]) => key !== 'id');
  const insert = ctx.sqlite.prepare(`INSERT INTO people_employees (${cols.map(([, c]) => `"${c.name}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
  const created: Row[] = [];
  for (const a of adds) {
    const v = a.row.values;
    const full: Record<string, unknown> = { employmentType: 'full_time', status: 'probation', namePinyin: '', nameInitials: '', ...columnsFor(ctx, v, Object.keys(v) as EmployeeField[], ids), employeeNo: v.employeeNo!, createdAt: at, updatedAt: at };
    const id = Number(insert.run(cols.map(([key]) => (full[key] instanceof Date ? (full[key] as Date).getTime() : (full[key] ?? null)))).lastInsertRowid);
    for (const [key] of cols) full[key] ??= null;
    idByNo.set(v.employeeNo!, id);
    created.push({ ...(full as Row), id });
  }
  const setManager = ctx.sqlite.prepare('UPDATE people_employees SET manager_id = ? WHERE id = ?');
  const managerOf = (no: string | null | undefined) => (no ? (idByNo.get(no) ?? null) : null);
  const addByNo = new Map(adds.map((a) => [a.row.values.employeeNo!, a]));
  for (const r of created) {
    const managerId = managerOf(addByNo.get(r.employeeNo)!.row.values.managerNo);
    if (managerId !== null) {
      setManager.run(managerId, r.id);
      r.managerId = managerId;
    }
    const event: EmployeeHiredEvent = { id: r.id, employeeNo: r.employeeNo, name: r.name, departmentId: r.departmentId, managerId: r.managerId, hireDate: r.hireDate, employmentType: r.employmentType, status: r.status };
    ctx.events.emit(PEOPLE_EVENT_SOURCE, 'employee.hired', event);
    ctx.audit(c, { action: 'people.employee.create', entity: 'people.employee', entityId: r.id, after: auditView(r) });
  }

  for (const a of actions) {
    if (a.kind !== 'update') continue;
    const set = columnsFor(ctx, a.row.values, a.changed, ids);
    if (a.changed.includes('managerNo')) set.managerId = managerOf(a.row.values.managerNo);
    const before = db.select().from(employees).where(eq(employees.id, a.id)).get()!;
    const after = db
      .update(employees)
      .set({ ...set, updatedAt: at })
      .where(eq(employees.id, a.id))
      .returning()
      .get()!;
    const changed = a.changed.filter((f) => !(f === 'idNumber' && a.row.values.idNumber === KEEP)).map((f) => EVENT_NAME[f] ?? f);
    const updated: EmployeeUpdatedEvent = { id: a.id, employeeNo: after.employeeNo, changed };
    ctx.events.emit(PEOPLE_EVENT_SOURCE, 'employee.updated', updated);
    if (after.status === 'left' && before.status !== 'left') {
      const left: EmployeeLeftEvent = { id: a.id, employeeNo: after.employeeNo, terminationDate: after.terminationDate, terminationReason: after.terminationReason };
      ctx.events.emit(PEOPLE_EVENT_SOURCE, 'employee.left', left);
    }
    const keys = Object.keys(set) as (keyof Row)[];
    const pick = (r: Row) => Object.fromEntries(keys.map((k) => [k, r[k]])) as Partial<Row>;
    ctx.audit(c, { action: 'people.employee.update', entity: 'people.employee', entityId: a.id, before: auditView(pick(before)), after: auditView(pick(after)) });
  }
}
