/**
 * Employee writes: hire (create), change (update), reveal of encrypted fields,
 * linking a user account. Each write is one transaction holding the row, its
 * event (outbox) and its audit entry: all three exist, or none.
 */
import { and, eq, ne } from 'drizzle-orm';
import type { HrContext } from '../sdk.js';
import type { PeopleContext } from './context.js';
import { PEOPLE_EVENT_SOURCE, type EmployeeHiredEvent, type EmployeeLeftEvent, type EmployeeUpdatedEvent } from './events.js';
import { PeopleError, PeopleValidationError, isUniqueViolation, notFound, parseOrThrow } from './errors.js';
import { deriveFromIdNumber, employeeCreateSchema, employeeRules, employeeUpdateSchema, type EmployeeCreateInput, type EmployeeUpdateInput } from './input.js';
import { namePinyin } from './pinyin.js';
import { departments, employees, positions } from './schema.js';
import { reportingLineIds } from './scope.js';
import { maskedFromLast4, type SensitiveField } from './sensitive.js';
import { coreUsers } from '../db/schema.js';

export type EmployeeRow = typeof employees.$inferSelect;
type Columns = typeof employees.$inferInsert;

/** A row as the audit log may hold it: ciphertext and hash out, masked values in. */
export function auditView(row: Partial<EmployeeRow>): Record<string, unknown> {
  const { idNumberEnc, idNumberHash, idNumberLast4, bankAccountEnc, bankAccountLast4, ...rest } = row;
  const out: Record<string, unknown> = { ...rest };
  if (idNumberEnc !== undefined || idNumberLast4 !== undefined) out.idNumber = maskedFromLast4('idNumber', idNumberLast4 ?? null);
  if (bankAccountEnc !== undefined || bankAccountLast4 !== undefined) out.bankAccount = maskedFromLast4('bankAccount', bankAccountLast4 ?? null);
  void idNumberHash;
  return out;
}

/** Column names → the field names callers use (`idNumberEnc` → `idNumber`); internal columns dropped. */
export function changedFields(set: Partial<Columns>): string[] {
  const names = new Set<string>();
  for (const k of Object.keys(set)) {
    if (k === 'updatedAt' || k === 'namePinyin' || k === 'nameInitials' || k === 'idNumberHash') continue;
    names.add(k.replace(/(Enc|Last4)$/, ''));
  }
  return [...names];
}

export function createEmployeeWrites(ctx: PeopleContext) {
  const { db, box } = ctx;

  function row(id: number): EmployeeRow {
    const r = db.select().from(employees).where(eq(employees.id, id)).get();
    if (!r) throw notFound('employee');
    return r;
  }

  function checkRefs(d: { departmentId?: number | null; positionId?: number | null; managerId?: number | null }, self?: number) {
    if (d.departmentId != null && !db.select({ id: departments.id }).from(departments).where(eq(departments.id, d.departmentId)).get()) throw notFound('department', 'departmentId');
    if (d.positionId != null && !db.select({ id: positions.id }).from(positions).where(eq(positions.id, d.positionId)).get()) throw notFound('position', 'positionId');
    if (d.managerId != null) {
      if (!db.select({ id: employees.id }).from(employees).where(eq(employees.id, d.managerId)).get()) throw notFound('employee', 'managerId');
      // Nobody may report to themselves or to someone in their own reporting line.
      if (self != null && reportingLineIds(db, self).includes(d.managerId)) throw new PeopleError(400, 'core.people.error.manager_cycle', 'managerId');
    }
  }

  function checkUnique(employeeNo: string | undefined, idHash: string | null | undefined, self?: number) {
    const notSelf = self != null ? ne(employees.id, self) : undefined;
    if (employeeNo !== undefined && db.select({ id: employees.id }).from(employees).where(and(eq(employees.employeeNo, employeeNo), notSelf)).get()) {
      throw new PeopleError(409, 'core.people.error.employee_no_taken', 'employeeNo', { employeeNo });
    }
    if (idHash && db.select({ id: employees.id }).from(employees).where(and(eq(employees.idNumberHash, idHash), notSelf)).get()) {
      throw new PeopleError(409, 'core.people.error.id_number_taken', 'idNumber');
    }
  }

  /** A race past the pre-checks still ends in the same readable error. */
  function translated<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (isUniqueViolation(err, 'employee_no')) throw new PeopleError(409, 'core.people.error.employee_no_taken', 'employeeNo');
      if (isUniqueViolation(err, 'id_number_hash')) throw new PeopleError(409, 'core.people.error.id_number_taken', 'idNumber');
      if (isUniqueViolation(err, 'user_id')) throw new PeopleError(409, 'core.people.error.user_already_linked', 'userId');
      throw err;
    }
  }

  function sealed(field: SensitiveField, plain: string | null): Partial<Columns> {
    if (field === 'idNumber') {
      if (plain == null) return { idNumberEnc: null, idNumberHash: null, idNumberLast4: null };
      const s = box.seal(plain);
      return { idNumberEnc: s.enc, idNumberHash: box.idHash(plain), idNumberLast4: s.last4 };
    }
    if (plain == null) return { bankAccountEnc: null, bankAccountLast4: null };
    const s = box.seal(plain);
    return { bankAccountEnc: s.enc, bankAccountLast4: s.last4 };
  }

  return {
    /** Hire: validate, seal sensitive fields, insert, raise `employee.hired`, audit. Returns the new id. */
    create(input: EmployeeCreateInput, c: HrContext | null = null): number {
      const data = deriveFromIdNumber(parseOrThrow(employeeCreateSchema.safeParse(input)));
      const problems = employeeRules(data, ctx.today());
      if (Object.keys(problems).length) throw new PeopleValidationError(problems);
      const { idNumber, bankAccount, ...plain } = data;
      return translated(() =>
        db.transaction((tx) => {
          checkRefs(data);
          const idCols = sealed('idNumber', idNumber ?? null);
          checkUnique(data.employeeNo, idCols.idNumberHash);
          const py = namePinyin(data.name);
          const at = ctx.now();
          const created = tx
            .insert(employees)
            .values({ ...plain, ...idCols, ...sealed('bankAccount', bankAccount ?? null), namePinyin: py.full, nameInitials: py.initials, createdAt: at, updatedAt: at })
            .returning()
            .get();
          const event: EmployeeHiredEvent = {
            id: created.id,
            employeeNo: created.employeeNo,
            name: created.name,
            departmentId: created.departmentId,
            managerId: created.managerId,
            hireDate: created.hireDate,
            employmentType: created.employmentType,
            status: created.status,
          };
          ctx.events.emit(PEOPLE_EVENT_SOURCE, 'employee.hired', event);
          ctx.audit(c, { action: 'people.employee.create', entity: 'people.employee', entityId: created.id, after: auditView(created) });
          return created.id;
        }),
      );
    },

    /**
     * Change the fields present in `input`. Raises `employee.updated` with the
     * changed field names, and `employee.left` when the status becomes `left`.
     * Returns the changed field names (empty: nothing changed, nothing raised).
     */
    update(id: number, input: EmployeeUpdateInput, c: HrContext | null = null): string[] {
      const patch = parseOrThrow(employeeUpdateSchema.safeParse(input));
      return translated(() =>
        db.transaction((tx) => {
          const before = row(id);
          // Rules see the record as it will be; the stored ID number is opened only when a rule needs it.
          const reopen = patch.idNumber === undefined && (patch.birthDate !== undefined || patch.gender !== undefined) && before.idNumberEnc;
          const idNumber = patch.idNumber !== undefined ? patch.idNumber : reopen ? box.open(before.idNumberEnc!) : null;
          let merged = { ...before, ...withoutUndefined(patch), idNumber };
          // A new ID number fills birth date and gender where the record has none.
          if (patch.idNumber) merged = deriveFromIdNumber(merged);
          const problems = employeeRules(merged, ctx.today());
          if (Object.keys(problems).length) throw new PeopleValidationError(problems);
          checkRefs(patch, id);

          const { idNumber: newId, bankAccount, ...plain } = withoutUndefined(patch);
          const set: Partial<Columns> = {};
          const record = { ...plain, birthDate: merged.birthDate, gender: merged.gender };
          for (const [k, v] of Object.entries(record)) if ((before as Record<string, unknown>)[k] !== v) (set as Record<string, unknown>)[k] = v;
          if (newId !== undefined) {
            const cols = sealed('idNumber', newId);
            if (cols.idNumberHash !== before.idNumberHash) Object.assign(set, cols);
          }
          if (bankAccount !== undefined) {
            const current = before.bankAccountEnc ? box.open(before.bankAccountEnc) : null;
            if (current !== bankAccount) Object.assign(set, sealed('bankAccount', bankAccount));
          }
          if (set.name !== undefined) {
            const py = namePinyin(set.name);
            set.namePinyin = py.full;
            set.nameInitials = py.initials;
          }
          const changed = changedFields(set);
          if (changed.length === 0) return [];
          checkUnique(set.employeeNo, set.idNumberHash, id);

          const after = tx
            .update(employees)
            .set({ ...set, updatedAt: ctx.now() })
            .where(eq(employees.id, id))
            .returning()
            .get()!;
          const updated: EmployeeUpdatedEvent = { id, employeeNo: after.employeeNo, changed };
          ctx.events.emit(PEOPLE_EVENT_SOURCE, 'employee.updated', updated);
          if (after.status === 'left' && before.status !== 'left') {
            const left: EmployeeLeftEvent = { id, employeeNo: after.employeeNo, terminationDate: after.terminationDate, terminationReason: after.terminationReason };
            ctx.events.emit(PEOPLE_EVENT_SOURCE, 'employee.left', left);
          }
          const keys = Object.keys(set) as (keyof EmployeeRow)[];
          ctx.audit(c, { action: 'people.employee.update', entity: 'people.employee', entityId: id, before: auditView(pick(before, keys)), after: auditView(pick(after, keys)) });
          return changed;
        }),
      );
    },

    /**
     * The plaintext of an encrypted field, or null when none is stored. Every
     * call is written to the audit log here (action `people.employee.reveal`),
     * so a caller cannot forget it: do not log it again.
     */
    reveal(employeeId: number, field: SensitiveField, c: HrContext | null = null, purpose?: string): string | null {
      const r = row(employeeId);
      const enc = field === 'idNumber' ? r.idNumberEnc : r.bankAccountEnc;
      ctx.audit(c, { action: 'people.employee.reveal', entity: 'people.employee', entityId: employeeId, after: purpose ? { field, purpose } : { field } });
      return enc ? box.open(enc) : null;
    },

    /** Link an account to the employee (null unlinks). One account belongs to at most one employee. */
    linkUser(employeeId: number, userId: number | null, c: HrContext | null = null): void {
      translated(() =>
        db.transaction((tx) => {
          const before = row(employeeId);
          if (userId != null) {
            if (!tx.select({ id: coreUsers.id }).from(coreUsers).where(eq(coreUsers.id, userId)).get()) throw new PeopleError(404, 'core.people.error.user_not_found', 'userId');
            const other = tx.select({ id: employees.id }).from(employees).where(and(eq(employees.userId, userId), ne(employees.id, employeeId))).get();
            if (other) throw new PeopleError(409, 'core.people.error.user_already_linked', 'userId');
          }
          if (before.userId === userId) return;
          tx.update(employees).set({ userId, updatedAt: ctx.now() }).where(eq(employees.id, employeeId)).run();
          ctx.audit(c, { action: 'people.employee.link_user', entity: 'people.employee', entityId: employeeId, before: { userId: before.userId }, after: { userId } });
        }),
      );
    },
  };
}

function withoutUndefined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

function pick<T extends object>(o: T, keys: (keyof T)[]): Partial<T> {
  const out: Partial<T> = {};
  for (const k of keys) out[k] = o[k];
  return out;
}
