/**
 * Overtime requests (加班申请): an employee asks for overtime on a date, from a
 * start to an end time (an end at or before the start runs past midnight), to
 * be paid (150/200/300% by the day's class) or — on rest days only — taken as
 * time off in lieu (调休). Approved requests count in the day's result; lieu is
 * credited to the employee's lieu balance.
 */
import { and, desc, eq, gte, inArray, lte } from 'drizzle-orm';
import { HttpError, z, type HrContext, type SessionUser } from '../../../core/sdk.js';
import { lieuAllowed, overtimeClassOf, overtimeMinutesBetween, overLimit } from '../domain/overtime.js';
import { addDays, dateRange, daysBetween, dayNumber, isValidDate, monthRange, parseHhmm } from '../domain/time.js';
import type { OvertimeClass } from '../domain/types.js';
import { dailyResults, overtimeRequests } from '../schema.js';
import { assertMonth } from './locks.js';
import { APPROVALS_PATH, createAttendanceNotifications, inBoth } from './notify.js';
import { minutesToHours, translate } from './text.js';
import type { AttendanceParts } from './types.js';

/** Planned overtime may be requested this many days ahead, no further. */
export const PLAN_AHEAD_DAYS = 60;
/** The page warns from this share of the monthly limit on. */
export const NEAR_LIMIT_SHARE = 0.8;

const OPEN_STATUSES = ['pending', 'approved'] as const;

const hhmm = z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'attendance.error.badTime');

export const overtimeInput = z.object({
  date: z.string().trim().refine(isValidDate, 'attendance.error.badDate'),
  startTime: hhmm,
  endTime: hhmm,
  reason: z.string().trim().min(1).max(500),
  compensation: z.enum(['pay', 'lieu']).default('pay'),
});
export type OvertimeInput = z.output<typeof overtimeInput>;

export type OvertimeRequest = typeof overtimeRequests.$inferSelect;

/** The part of the leave service overtime needs: crediting lieu minutes on approval. */
export interface LieuLedger {
  creditLieu(c: HrContext | null, employeeId: number, minutes: number, date: string, note: string, sourceKey?: string): unknown;
}

export interface OvertimeMonthTotals {
  month: string;
  limitHours: number;
  /** Overtime counted in daily results up to today, plus approved requests for later days, by class. */
  byClass: Record<OvertimeClass, number>;
  totalMinutes: number;
  pendingMinutes: number;
  /** `over`: above the limit; `near`: at 80% of it, or above it once pending requests are approved. */
  level: 'ok' | 'near' | 'over';
}

/** Absolute minutes (since 1970-01-01 local) of a request's span, for overlap checks across midnight. */
function span(r: { date: string; startTime: string; minutes: number }): [number, number] {
  const start = dayNumber(r.date) * 1440 + parseHhmm(r.startTime);
  return [start, start + r.minutes];
}

export function createOvertimeService(parts: AttendanceParts, deps: { leave: LieuLedger }) {
  const { ctx, db, events, settings } = parts;

  const get = (id: number): OvertimeRequest | undefined => db.select().from(overtimeRequests).where(eq(overtimeRequests.id, id)).get();
  const notifications = createAttendanceNotifications(parts);
  /** What a notification says: `加班 2 小时`, `2026-12-05 19:00–21:00`. */
  const notice = (r: OvertimeRequest) => ({
    employeeId: r.employeeId,
    what: inBoth((l) => translate(l, 'attendance.notify.what.overtime', { hours: minutesToHours(r.minutes) })),
    when: { 'zh-CN': `${r.date} ${r.startTime}–${r.endTime}`, en: `${r.date} ${r.startTime}–${r.endTime}` },
  });

  /** The days a request touches: its date, and the next one when it runs past midnight. */
  const daysOf = (r: { date: string; startTime: string; minutes: number }) => {
    const last = parseHhmm(r.startTime) + r.minutes > 1440 ? addDays(r.date, 1) : r.date;
    return dateRange(r.date, last);
  };

  const pendingApprovers = (steps: { status: string; approverEmployeeId: number | null }[]) =>
    steps.filter((s) => s.status === 'pending' && s.approverEmployeeId != null).map((s) => s.approverEmployeeId!);

  /** An employee's requests, newest date first (optionally one month). */
  const listForEmployee = (employeeId: number, options: { month?: string; limit?: number } = {}): OvertimeRequest[] => {
    const conditions = [eq(overtimeRequests.employeeId, employeeId)];
    if (options.month) {
      assertMonth(options.month);
      const { from, to } = monthRange(options.month);
      conditions.push(gte(overtimeRequests.date, from), lte(overtimeRequests.date, to));
    }
    return db
      .select()
      .from(overtimeRequests)
      .where(and(...conditions))
      .orderBy(desc(overtimeRequests.date), desc(overtimeRequests.id))
      .limit(options.limit ?? 200)
      .all();
  };

  parts.approvals.onDescribe('overtime', (id, locale) => {
    const r = get(id);
    if (!r) return translate(locale, 'attendance.overtime.title');
    return translate(locale, 'attendance.overtime.describe', {
      date: r.date,
      start: r.startTime,
      end: r.endTime,
      hours: minutesToHours(r.minutes),
      class: translate(locale, `attendance.overtime.class.${r.overtimeClass}`),
      compensation: translate(locale, `attendance.overtime.compensation.${r.compensation}`),
    });
  });

  parts.approvals.onAdvanced('overtime', (id, approverEmployeeIds) => {
    const r = get(id);
    if (r) notifications.waiting('overtime', { ...notice(r), approverEmployeeIds, path: APPROVALS_PATH });
  });

  parts.approvals.onResolved('overtime', (id, outcome, { c, user, comment }) => {
    const before = get(id);
    if (!before || before.status !== 'pending') return;
    if (outcome === 'approved') parts.locks.assertWritable(c, user, daysOf(before), `overtime request ${id} approved`);
    const after = db
      .update(overtimeRequests)
      .set({ status: outcome, updatedAt: parts.now() })
      .where(eq(overtimeRequests.id, id))
      .returning()
      .get();
    if (outcome === 'approved') {
      const days = daysOf(after);
      parts.recompute.employee(after.employeeId, days[0]!, days.at(-1)!);
      if (after.compensation === 'lieu') {
        deps.leave.creditLieu(c, after.employeeId, after.minutes, after.date, `overtime #${after.id} ${after.date} ${after.startTime}-${after.endTime}`, `overtime:${after.id}`);
      }
    }
    events.emit('attendance.overtime.decided', {
      requestId: id,
      employeeId: after.employeeId,
      approverEmployeeIds: [],
      path: '/attendance/overtime',
      date: after.date,
      minutes: after.minutes,
      outcome,
    });
    notifications.decided('overtime', { ...notice(after), outcome, path: '/attendance/overtime', comment });
    ctx.audit(c, { action: `attendance.overtime.${outcome}`, entity: 'attendance_overtime_requests', entityId: id, before, after });
  });

  return {
    get,

    /** A new request by the signed-in employee. Bad input throws a 4xx and writes nothing. */
    request(c: HrContext | null, user: SessionUser, input: OvertimeInput): OvertimeRequest {
      const employeeId = user.employeeId;
      if (employeeId == null) throw new HttpError(422, 'attendance.error.noEmployee');
      // In `detect` mode overtime comes from punches only: a request would count nowhere.
      if (settings.overtime.mode === 'detect') throw new HttpError(422, 'attendance.overtime.error.detectMode');
      const today = parts.today();
      if (daysBetween(today, input.date) > PLAN_AHEAD_DAYS) throw new HttpError(422, 'attendance.overtime.error.tooFarAhead', { days: PLAN_AHEAD_DAYS });
      // Throws the 422 "holidays of that year are unknown" when the calendar cannot class the day.
      const overtimeClass = overtimeClassOf(parts.calendar.day(input.date));
      // Equal times would mean a whole day of overtime: a slip, not a request.
      if (input.startTime === input.endTime) throw new HttpError(422, 'attendance.overtime.error.sameTime');
      const minutes = overtimeMinutesBetween(input.startTime, input.endTime);
      if (input.compensation === 'lieu' && !lieuAllowed(overtimeClass)) throw new HttpError(422, 'attendance.overtime.error.lieuRestdayOnly');
      const candidate = { date: input.date, startTime: input.startTime, minutes };

      return db.transaction(() => {
        parts.locks.assertWritable(c, user, daysOf(candidate), 'overtime request');
        const [from, to] = span(candidate);
        const neighbours = db
          .select()
          .from(overtimeRequests)
          .where(
            and(
              eq(overtimeRequests.employeeId, employeeId),
              gte(overtimeRequests.date, addDays(input.date, -1)),
              lte(overtimeRequests.date, addDays(input.date, 1)),
              inArray(overtimeRequests.status, [...OPEN_STATUSES]),
            ),
          )
          .all();
        const clash = neighbours.find((r) => {
          const [a, b] = span(r);
          return a < to && from < b;
        });
        if (clash) throw new HttpError(409, 'attendance.overtime.error.overlap', { date: clash.date, start: clash.startTime, end: clash.endTime });

        const created = db
          .insert(overtimeRequests)
          .values({ employeeId, date: input.date, startTime: input.startTime, endTime: input.endTime, minutes, overtimeClass, compensation: input.compensation, reason: input.reason, createdByUserId: user.id, createdAt: parts.now(), updatedAt: parts.now() })
          .returning()
          .get();
        const steps = parts.approvals.start('overtime', created.id, employeeId, { minutes });
        events.emit('attendance.overtime.requested', {
          requestId: created.id,
          employeeId,
          approverEmployeeIds: pendingApprovers(steps),
          path: '/attendance/overtime',
          date: created.date,
          minutes,
        });
        notifications.waiting('overtime', { ...notice(created), approverEmployeeIds: pendingApprovers(steps), path: APPROVALS_PATH });
        ctx.audit(c, { action: 'attendance.overtime.request', entity: 'attendance_overtime_requests', entityId: created.id, after: created });
        // Read back: the row as stored, with its status.
        return get(created.id)!;
      });
    },

    /** The requester takes back a pending request. */
    withdraw(c: HrContext | null, user: SessionUser, id: number): OvertimeRequest {
      return db.transaction(() => {
        const before = get(id);
        if (!before || before.employeeId !== user.employeeId) throw new HttpError(404, 'attendance.error.notFound');
        if (before.status !== 'pending') throw new HttpError(409, 'attendance.overtime.error.notPending');
        const after = db.update(overtimeRequests).set({ status: 'withdrawn', updatedAt: parts.now() }).where(eq(overtimeRequests.id, id)).returning().get();
        parts.approvals.cancel('overtime', id);
        ctx.audit(c, { action: 'attendance.overtime.withdraw', entity: 'attendance_overtime_requests', entityId: id, before, after });
        return after;
      });
    },

    listForEmployee,

    /**
     * The month's overtime of one employee against the legal limit: what daily
     * results counted up to today (requested and detected), approved requests
     * planned after today, and what is still pending.
     */
    monthTotals(employeeId: number, month: string): OvertimeMonthTotals {
      assertMonth(month);
      const { from, to } = monthRange(month);
      const today = parts.today();
      const byClass: Record<OvertimeClass, number> = { workday: 0, restday: 0, holiday: 0 };
      const recorded = db
        .select({ minutes: dailyResults.overtimeMinutes, overtimeClass: dailyResults.overtimeClass })
        .from(dailyResults)
        .where(and(eq(dailyResults.employeeId, employeeId), gte(dailyResults.date, from), lte(dailyResults.date, to < today ? to : today)))
        .all();
      for (const r of recorded) if (r.minutes > 0 && r.overtimeClass) byClass[r.overtimeClass] += r.minutes;
      let pendingMinutes = 0;
      for (const r of listForEmployee(employeeId, { month })) {
        if (r.status === 'pending') pendingMinutes += r.minutes;
        else if (r.status === 'approved' && r.date > today) byClass[r.overtimeClass] += r.minutes;
      }
      const totalMinutes = byClass.workday + byClass.restday + byClass.holiday;
      const limitHours = settings.overtime.monthlyLimitHours;
      const level = overLimit(totalMinutes, limitHours)
        ? 'over'
        : overLimit(totalMinutes + pendingMinutes, limitHours) || totalMinutes + pendingMinutes >= limitHours * 60 * NEAR_LIMIT_SHARE
          ? 'near'
          : 'ok';
      return { month, limitHours, byClass, totalMinutes, pendingMinutes, level };
    },
  };
}

export type OvertimeService = ReturnType<typeof createOvertimeService>;
