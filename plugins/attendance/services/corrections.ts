/**
 * Punch corrections (补卡): an employee who forgot to punch asks for the
 * punch to be added; the approval chain decides; an approved correction
 * becomes a punch with source `correction` and the day is recomputed.
 */
import { and, desc, eq } from 'drizzle-orm';
import { HttpError, z, type HrContext, type SessionUser } from '../../../core/sdk.js';
import { addDays, formatMinutes, instantAt, isValidDate, minutesFromMidnight, parseHhmm } from '../domain/time.js';
import { corrections } from '../schema.js';
import { parseOrThrow } from './input.js';
import { APPROVALS_PATH, createAttendanceNotifications, inBoth } from './notify.js';
import { translate } from './text.js';
import type { ApprovalStepView, AttendanceParts } from './types.js';

/** How far back a forgotten punch may still be corrected. */
export const CORRECTION_MAX_DAYS_BACK = 62;
const PATH = '/attendance/corrections';

export const correctionInput = z.object({
  date: z.string().refine(isValidDate, 'attendance.error.badDate'),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'attendance.error.badTime'),
  reason: z.string().trim().min(2).max(200),
});

export type CorrectionInput = z.output<typeof correctionInput>;

export interface CorrectionView {
  id: number;
  employeeId: number;
  date: string;
  /** `HH:MM` of the missing punch. */
  time: string;
  reason: string;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'cancelled';
  createdAt: Date;
  steps: ApprovalStepView[];
}

export interface CorrectionPunches {
  /** Adds the punch of an approved correction (recomputing its days); returns the punch id, or null when it duplicated one. */
  addCorrectionPunch(employeeId: number, at: number, correctionId: number, note: string, createdByUserId: number | null): number | null;
}

export function createCorrectionService(parts: AttendanceParts, punches: CorrectionPunches) {
  const { db, ctx, events } = parts;
  const timezone = ctx.config.timezone;

  const row = (id: number) => db.select().from(corrections).where(eq(corrections.id, id)).get();
  const timeOf = (r: { date: string; at: number }) => formatMinutes(minutesFromMidnight(r.at, r.date, timezone));
  const notifications = createAttendanceNotifications(parts);
  /** What a notification says: `补卡申请`, `2026-11-20 09:00`. */
  const notice = (r: { employeeId: number; date: string; at: number }) => ({
    employeeId: r.employeeId,
    what: inBoth((l) => translate(l, 'attendance.notify.what.correction')),
    when: inBoth(() => `${r.date} ${timeOf(r)}`),
  });

  parts.approvals.onAdvanced('correction', (id, approverEmployeeIds) => {
    const r = row(id);
    if (r) notifications.waiting('correction', { ...notice(r), approverEmployeeIds, path: APPROVALS_PATH });
  });

  parts.approvals.onDescribe('correction', (id, locale) => {
    const r = row(id);
    return r ? translate(locale, 'attendance.time.correction.describe', { date: r.date, time: timeOf(r), reason: r.reason }) : `#${id}`;
  });

  parts.approvals.onResolved('correction', (id, outcome, { c, user, comment }) => {
    const r = row(id);
    if (!r || r.status !== 'pending') return;
    let punchId: number | null = null;
    if (outcome === 'approved') {
      parts.locks.assertWritable(c, user, [r.date], 'correction');
      punchId = punches.addCorrectionPunch(r.employeeId, r.at, r.id, r.reason, user.id);
    }
    db.update(corrections).set({ status: outcome, punchId, updatedAt: parts.now() }).where(eq(corrections.id, id)).run();
    events.emit('attendance.correction.decided', { requestId: id, employeeId: r.employeeId, approverEmployeeIds: [], path: PATH, date: r.date, outcome });
    notifications.decided('correction', { ...notice(r), outcome, path: PATH, comment });
    ctx.audit(c, { action: `attendance.correction.${outcome}`, entity: 'attendance_corrections', entityId: id, before: { status: r.status }, after: { status: outcome, punchId } });
  });

  return {
    /** Ask for a forgotten punch. Refused for the future, too far back, or a locked month. */
    request(c: HrContext | null, user: SessionUser, raw: CorrectionInput): number {
      if (user.employeeId == null) throw new HttpError(422, 'attendance.error.noEmployee');
      const employeeId = user.employeeId;
      const input = parseOrThrow(correctionInput, raw);
      const at = instantAt(input.date, parseHhmm(input.time), timezone);
      if (at > parts.now().getTime()) throw new HttpError(422, 'attendance.error.future');
      if (input.date < addDays(parts.today(), -CORRECTION_MAX_DAYS_BACK)) throw new HttpError(422, 'attendance.time.correction.error.tooOld', { days: CORRECTION_MAX_DAYS_BACK });
      return db.transaction(() => {
        parts.locks.assertWritable(c, user, [input.date], 'correction');
        const open = db
          .select({ id: corrections.id })
          .from(corrections)
          .where(and(eq(corrections.employeeId, employeeId), eq(corrections.at, at), eq(corrections.status, 'pending')))
          .get();
        if (open) throw new HttpError(409, 'attendance.time.correction.error.duplicate');
        const created = db
          .insert(corrections)
          .values({ employeeId, date: input.date, at, reason: input.reason, createdByUserId: user.id, createdAt: parts.now(), updatedAt: parts.now() })
          .returning()
          .get();
        parts.approvals.start('correction', created.id, employeeId, { minutes: 0 });
        const approverEmployeeIds = parts.approvals.currentApprovers('correction', created.id);
        events.emit('attendance.correction.requested', {
          requestId: created.id,
          employeeId,
          approverEmployeeIds,
          path: PATH,
          date: input.date,
        });
        notifications.waiting('correction', { ...notice(created), approverEmployeeIds, path: APPROVALS_PATH });
        ctx.audit(c, { action: 'attendance.correction.request', entity: 'attendance_corrections', entityId: created.id, after: { date: input.date, time: input.time, reason: input.reason } });
        return created.id;
      });
    },

    /** The requester takes back a pending request. */
    withdraw(c: HrContext | null, user: SessionUser, id: number): void {
      db.transaction(() => {
        const r = row(id);
        if (!r || r.employeeId !== user.employeeId) throw new HttpError(404, 'attendance.error.notFound');
        if (r.status !== 'pending') throw new HttpError(409, 'attendance.time.correction.error.notPending');
        db.update(corrections).set({ status: 'withdrawn', updatedAt: parts.now() }).where(eq(corrections.id, id)).run();
        parts.approvals.cancel('correction', id);
        ctx.audit(c, { action: 'attendance.correction.withdraw', entity: 'attendance_corrections', entityId: id, before: { status: r.status }, after: { status: 'withdrawn' } });
      });
    },

    get(id: number): CorrectionView | null {
      const r = row(id);
      return r ? { id: r.id, employeeId: r.employeeId, date: r.date, time: timeOf(r), reason: r.reason, status: r.status, createdAt: r.createdAt, steps: parts.approvals.steps('correction', r.id) } : null;
    },

    /** An employee's requests, newest first. */
    mine(employeeId: number, limit = 50): CorrectionView[] {
      return db
        .select()
        .from(corrections)
        .where(eq(corrections.employeeId, employeeId))
        .orderBy(desc(corrections.createdAt), desc(corrections.id))
        .limit(limit)
        .all()
        .map((r) => ({ id: r.id, employeeId: r.employeeId, date: r.date, time: timeOf(r), reason: r.reason, status: r.status, createdAt: r.createdAt, steps: parts.approvals.steps('correction', r.id) }));
    },
  };
}

export type CorrectionService = ReturnType<typeof createCorrectionService>;
