/**
 * Self-service contact changes: an employee asks, HR approves (the change is
 * applied through the normal update, with its event and audit) or rejects.
 * Only contact fields (CONTACT_FIELDS) can be asked for this way.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { HrContext } from '../sdk.js';
import type { PeopleContext } from './context.js';
import type { createEmployeeWrites } from './employees.js';
import { PeopleError, notFound, parseOrThrow } from './errors.js';
import { CONTACT_FIELDS, contactChangeSchema, type ContactChangeInput } from './input.js';
import { changeRequests, employees, type ChangeRequestStatus } from './schema.js';

export type ChangeRequest = typeof changeRequests.$inferSelect;
export type ChangeRequestWithName = ChangeRequest & { employeeName: string; employeeNo: string };

/** field → { from, to } for the fields whose value would really change. */
export function contactDiff(current: Record<string, string | null>, wanted: Record<string, string | null | undefined>): Record<string, { from: string | null; to: string | null }> {
  const diff: Record<string, { from: string | null; to: string | null }> = {};
  for (const f of CONTACT_FIELDS) {
    const to = wanted[f];
    if (to === undefined) continue;
    const from = current[f] ?? null;
    if (from !== to) diff[f] = { from, to };
  }
  return diff;
}

export function createChangeRequests(ctx: PeopleContext, writes: ReturnType<typeof createEmployeeWrites>) {
  const { db } = ctx;

  function mustGet(id: number): ChangeRequest {
    const r = db.select().from(changeRequests).where(eq(changeRequests.id, id)).get();
    if (!r) throw notFound('change_request');
    return r;
  }

  return {
    /** Record a request; null when it would change nothing. */
    request(employeeId: number, input: ContactChangeInput, requestedByUserId: number | null, c: HrContext | null = null): ChangeRequest | null {
      const wanted = parseOrThrow(contactChangeSchema.safeParse(input));
      return db.transaction((tx) => {
        const e = tx.select().from(employees).where(eq(employees.id, employeeId)).get();
        if (!e) throw notFound('employee');
        const changes = contactDiff({ mobile: e.mobile, email: e.email, emergencyContactName: e.emergencyContactName, emergencyContactPhone: e.emergencyContactPhone }, wanted);
        if (Object.keys(changes).length === 0) return null;
        const row = tx.insert(changeRequests).values({ employeeId, requestedByUserId, changes, createdAt: ctx.now() }).returning().get();
        ctx.audit(c, { action: 'people.change_request.create', entity: 'people.employee', entityId: employeeId, after: { requestId: row.id, fields: Object.keys(changes) } });
        return row;
      });
    },

    list(filter: { status?: ChangeRequestStatus; employeeIds?: number[] } = {}): ChangeRequestWithName[] {
      return db
        .select({ r: changeRequests, employeeName: employees.name, employeeNo: employees.employeeNo })
        .from(changeRequests)
        .innerJoin(employees, eq(employees.id, changeRequests.employeeId))
        .where(and(filter.status ? eq(changeRequests.status, filter.status) : undefined, filter.employeeIds ? inArray(changeRequests.employeeId, filter.employeeIds) : undefined))
        .orderBy(desc(changeRequests.createdAt), desc(changeRequests.id))
        .all()
        .map((x) => ({ ...x.r, employeeName: x.employeeName, employeeNo: x.employeeNo }));
    },

    get: (id: number): ChangeRequest | undefined => db.select().from(changeRequests).where(eq(changeRequests.id, id)).get(),

    /** Approve (applies the change) or reject a pending request. */
    decide(id: number, decision: 'approved' | 'rejected', deciderUserId: number | null, note: string | null = null, c: HrContext | null = null): ChangeRequest {
      return db.transaction((tx) => {
        const r = mustGet(id);
        if (r.status !== 'pending') throw new PeopleError(409, 'core.people.error.change_request_decided');
        if (decision === 'approved') {
          const patch = Object.fromEntries(Object.entries(r.changes).map(([f, v]) => [f, v.to ?? '']));
          writes.update(r.employeeId, patch, c);
        }
        const after = tx
          .update(changeRequests)
          .set({ status: decision, decidedByUserId: deciderUserId, decidedAt: ctx.now(), note })
          .where(eq(changeRequests.id, id))
          .returning()
          .get()!;
        ctx.audit(c, { action: `people.change_request.${decision === 'approved' ? 'approve' : 'reject'}`, entity: 'people.employee', entityId: r.employeeId, after: { requestId: id, note } });
        return after;
      });
    },
  };
}
