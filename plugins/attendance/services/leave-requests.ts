/**
 * Leave requests (请假申请): measured over the work calendar, checked (unit,
 * gender, per-request cap, overlap, balance, month locks), then stored with a
 * reservation on the balance and an approval chain in one transaction. The
 * approval chain's outcome comes back through the resolver registered here:
 * approved leave changes the employee's daily results, rejected leave gives
 * the reservation back. Bad input writes nothing.
 */
import { and, desc, eq, gte, inArray, lte } from 'drizzle-orm';
import { HttpError, isIsoDate, z, type HrContext, type Locale, type SessionUser } from '../../../core/sdk.js';
import { LeaveInputError, leaveMinutes, leaveSpanOnDay, type LeaveDuration, type LeavePart } from '../domain/leave-duration.js';
import { dateRange } from '../domain/time.js';
import { leaveLedger, leaveRequests } from '../schema.js';
import type { LeaveEvent } from '../service-api.js';
import { approvesForAll } from './approvals.js';
import { createAttachmentStore, type AttachmentUpload } from './leave-attachments.js';
import { hasBalance, typeName, type LeavePolicy, type LeaveType } from './leave-policy.js';
import { createAttendanceNotifications, inBoth } from './notify.js';
import { formatAmount, translate } from './text.js';
import type { AttendanceParts } from './types.js';

export type LeaveRequest = typeof leaveRequests.$inferSelect;

const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
const date = z.string().trim().refine(isIsoDate, { message: 'attendance.error.badDate' });
const time = z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'attendance.error.badTime' });

/** What the requester fills in (form or API). Hourly types give times on one date; the others dates and halves. */
export const leaveRequestInput = z.object({
  leaveTypeId: z.coerce.number().int().positive(),
  startDate: date,
  startHalf: z.preprocess(blank, z.enum(['am', 'pm']).default('am')),
  endDate: z.preprocess(blank, date.optional()),
  endHalf: z.preprocess(blank, z.enum(['am', 'pm']).default('pm')),
  startTime: z.preprocess(blank, time.optional()),
  endTime: z.preprocess(blank, time.optional()),
  reason: z.preprocess((v) => v ?? '', z.string().trim().max(500)),
});
export type LeaveRequestInput = z.output<typeof leaveRequestInput>;

/** Input fields → their label keys (`attendance.leave.field.*`) for error messages. */
const FIELD_LABELS: Record<string, string> = {
  leaveTypeId: 'type',
  startDate: 'start',
  startHalf: 'start_half',
  endDate: 'end',
  endHalf: 'end_half',
  startTime: 'start_time',
  endTime: 'end_time',
  reason: 'reason',
};

const LEAVE_ERROR: Record<LeaveInputError['code'], string> = {
  endBeforeStart: 'attendance.error.endBeforeStart',
  empty: 'attendance.leave.error.empty',
  badHalf: 'attendance.leave.error.badHalf',
  badTime: 'attendance.error.badTime',
};

/** Which part of `date` a request covers. */
export function partOn(r: Pick<LeaveRequest, 'startDate' | 'endDate' | 'startHalf' | 'endHalf' | 'startTime' | 'endTime'>, date: string): LeavePart {
  if (r.startTime && r.endTime) return 'hours';
  if (date === r.startDate && r.startHalf === 'pm') return 'pm';
  if (date === r.endDate && r.endHalf === 'am') return 'am';
  return 'full';
}

/** `2026-12-01 下午 – 2026-12-03 上午`, `2026-12-01 14:00–16:00`. */
export function describeRange(r: Pick<LeaveRequest, 'startDate' | 'endDate' | 'startHalf' | 'endHalf' | 'startTime' | 'endTime'>, locale: Locale): string {
  if (r.startTime && r.endTime) return `${r.startDate} ${r.startTime}–${r.endTime}`;
  const half = (h: 'am' | 'pm') => translate(locale, `attendance.leave.half.${h}`);
  const start = r.startHalf === 'pm' ? `${r.startDate} ${half('pm')}` : r.startDate;
  const end = r.endHalf === 'am' ? `${r.endDate} ${half('am')}` : r.endDate;
  return start === end || (r.startDate === r.endDate && r.startHalf === 'am' && r.endHalf === 'pm') ? start : `${start} – ${end}`;
}

interface LedgerAccess {
  policy: LeavePolicy;
  available(employeeId: number, leaveTypeId: number): number;
  insertRow(row: Omit<typeof leaveLedger.$inferInsert, 'id' | 'createdAt'>): typeof leaveLedger.$inferSelect;
}

export function createLeaveRequests(parts: AttendanceParts, ledger: LedgerAccess) {
  const { ctx, db, events, settings } = parts;
  const { policy } = ledger;
  const attachments = createAttachmentStore(() => ctx.dataPath('attachments'));
  const notifications = createAttendanceNotifications(parts);

  const get = (id: number): LeaveRequest | null => db.select().from(leaveRequests).where(eq(leaveRequests.id, id)).get() ?? null;

  const amount = (minutes: number, type: LeaveType, locale: Locale) => formatAmount(locale, minutes, settings.workdayMinutes, type.unit);

  const eventOf = (r: LeaveRequest, approverEmployeeIds: number[] = []): LeaveEvent => ({
    requestId: r.id,
    employeeId: r.employeeId,
    approverEmployeeIds,
    path: `/attendance/leave/${r.id}`,
    leaveType: policy.type(r.leaveTypeId)?.code ?? '',
    startDate: r.startDate,
    endDate: r.endDate,
    minutes: r.minutes,
  });

  /** What a notification says about the request: `年假 2 天` and its dates, in both languages. */
  const notice = (r: LeaveRequest) => {
    const type = policy.type(r.leaveTypeId);
    return {
      employeeId: r.employeeId,
      what: inBoth((l) => (type ? `${typeName(type, l)} ${amount(r.minutes, type, l)}` : translate(l, 'attendance.notify.what.leave'))),
      when: inBoth((l) => describeRange(r, l)),
      path: `/attendance/leave/${r.id}`,
    };
  };

  /** Give back what the request still holds of the balance (its reservation, net of earlier restores). */
  const restore = (r: LeaveRequest, userId: number | null) => {
    const held = db
      .select({ minutes: leaveLedger.minutes })
      .from(leaveLedger)
      .where(and(eq(leaveLedger.requestId, r.id), inArray(leaveLedger.kind, ['taken', 'restore'])))
      .all()
      .reduce((s, row) => s + row.minutes, 0);
    if (held < 0) {
      ledger.insertRow({ employeeId: r.employeeId, leaveTypeId: r.leaveTypeId, kind: 'restore', minutes: -held, date: r.startDate, requestId: r.id, createdByUserId: userId });
    }
  };

  const setStatus = (r: LeaveRequest, from: LeaveRequest['status'], to: LeaveRequest['status']): LeaveRequest => {
    const after = db
      .update(leaveRequests)
      .set({ status: to, updatedAt: parts.now() })
      .where(and(eq(leaveRequests.id, r.id), eq(leaveRequests.status, from)))
      .returning()
      .get();
    if (!after) throw new HttpError(409, 'attendance.leave.error.changed');
    return after;
  };

  /** Minutes of a request for `employeeId`, over the calendar (422 for an unknown holiday year). */
  function measure(employeeId: number, type: LeaveType, input: LeaveRequestInput): LeaveDuration {
    const endDate = input.endDate ?? input.startDate;
    if (endDate < input.startDate) throw new HttpError(422, 'attendance.error.endBeforeStart');
    const hourly = type.unit === 'hour';
    if (hourly && (!input.startTime || !input.endTime)) throw new HttpError(422, 'attendance.leave.error.needTimes');
    if (hourly && endDate !== input.startDate) throw new HttpError(422, 'attendance.leave.error.oneDay');
    if (type.unit === 'day' && (input.startHalf === 'pm' || input.endHalf === 'am')) throw new HttpError(422, 'attendance.leave.error.wholeDays');
    const days = parts.calendar.days(input.startDate, endDate);
    const shift = hourly ? parts.schedule.shiftFor(employeeId, input.startDate) : null;
    const pause = shift?.breakStart != null && shift.breakEnd != null ? { start: shift.breakStart, end: shift.breakEnd } : hourly && !shift ? { start: 720, end: 780 } : null;
    try {
      return leaveMinutes(
        { startDate: input.startDate, startHalf: input.startHalf, endDate, endHalf: input.endHalf, startTime: hourly ? input.startTime : null, endTime: hourly ? input.endTime : null },
        days,
        { workdayMinutes: settings.workdayMinutes, calendarDays: type.calendarDays, breakMinutes: pause },
      );
    } catch (err) {
      if (err instanceof LeaveInputError) throw new HttpError(422, LEAVE_ERROR[err.code]);
      throw err;
    }
  }

  /** A pending or approved request of the employee that shares some time with `r`, or null. */
  function overlapping(employeeId: number, r: Pick<LeaveRequest, 'startDate' | 'endDate' | 'startHalf' | 'endHalf' | 'startTime' | 'endTime'>): LeaveRequest | null {
    const candidates = db
      .select()
      .from(leaveRequests)
      .where(
        and(
          eq(leaveRequests.employeeId, employeeId),
          inArray(leaveRequests.status, ['pending', 'approved']),
          lte(leaveRequests.startDate, r.endDate),
          gte(leaveRequests.endDate, r.startDate),
        ),
      )
      .all();
    for (const other of candidates) {
      const from = other.startDate > r.startDate ? other.startDate : r.startDate;
      const to = other.endDate < r.endDate ? other.endDate : r.endDate;
      for (const day of dateRange(from, to)) {
        const shift = parts.schedule.shiftFor(employeeId, day);
        const a = leaveSpanOnDay(partOn(r, day), shift, settings.workdayMinutes, r.startTime, r.endTime);
        const b = leaveSpanOnDay(partOn(other, day), shift, settings.workdayMinutes, other.startTime, other.endTime);
        if (a.from < b.to && b.from < a.to) return other;
      }
    }
    return null;
  }

  const api = {
    get,

    /** Parse and measure without writing: the form's live duration. */
    preview(employeeId: number, input: unknown, c: HrContext | null = null): { minutes: number; days: number; type: LeaveType } {
      const data = parseInput(input, c);
      const type = activeType(data.leaveTypeId);
      const { minutes } = measure(employeeId, type, data);
      return { minutes, days: minutes / settings.workdayMinutes, type };
    },

    /** Submit a request for the user's own employee record. Throws 4xx with a reason; writes nothing then. */
    create(c: HrContext | null, user: SessionUser, input: unknown, upload?: AttachmentUpload | null): LeaveRequest {
      const employeeId = user.employeeId;
      if (employeeId == null) throw new HttpError(422, 'attendance.error.noEmployee');
      const employee = ctx.people.employees.roster({ ids: [employeeId] })[0];
      if (!employee) throw new HttpError(422, 'attendance.error.noEmployee');
      const data = parseInput(input, c);
      const type = activeType(data.leaveTypeId);
      if (type.gender && employee.gender !== type.gender) throw new HttpError(422, 'attendance.leave.error.gender', { type: typeName(type, locale(c)) });
      const { minutes, perDay } = measure(employeeId, type, data);
      const locale_ = locale(c);
      if (type.maxPerRequestMinutes > 0 && minutes > type.maxPerRequestMinutes) {
        throw new HttpError(422, 'attendance.leave.error.tooLong', { type: typeName(type, locale_), max: amount(type.maxPerRequestMinutes, type, locale_) });
      }
      if (type.requiresAttachment && !upload) throw new HttpError(422, 'attendance.leave.error.attachmentRequired', { type: typeName(type, locale_) });
      const hourly = type.unit === 'hour';
      const shape = {
        startDate: data.startDate,
        endDate: data.endDate ?? data.startDate,
        startHalf: hourly ? ('am' as const) : data.startHalf,
        endHalf: hourly ? ('pm' as const) : data.endHalf,
        startTime: hourly ? (data.startTime ?? null) : null,
        endTime: hourly ? (data.endTime ?? null) : null,
      };
      const clash = overlapping(employeeId, shape);
      if (clash) {
        const clashType = policy.type(clash.leaveTypeId);
        throw new HttpError(409, 'attendance.leave.error.overlap', { range: describeRange(clash, locale_), type: clashType ? typeName(clashType, locale_) : '' });
      }
      if (hasBalance(type)) {
        const left = ledger.available(employeeId, type.id);
        const floor = type.allowNegative ? (type.negativeLimitMinutes > 0 ? -type.negativeLimitMinutes : -Infinity) : 0;
        if (left - minutes < floor) {
          throw new HttpError(422, 'attendance.leave.error.insufficient', {
            type: typeName(type, locale_),
            available: amount(Math.max(0, left), type, locale_),
            requested: amount(minutes, type, locale_),
          });
        }
      }
      parts.locks.assertWritable(c, user, perDay.map((d) => d.date), 'leave.request');

      const stored = upload ? attachments.save(upload) : null;
      try {
        return db.transaction(() => {
          const at = parts.now();
          const created = db
            .insert(leaveRequests)
            .values({
              employeeId,
              leaveTypeId: type.id,
              ...shape,
              minutes,
              reason: data.reason,
              attachmentPath: stored?.path ?? null,
              attachmentName: stored?.name ?? null,
              status: 'pending',
              createdByUserId: user.id,
              createdAt: at,
              updatedAt: at,
            })
            .returning()
            .get();
          if (hasBalance(type)) {
            ledger.insertRow({ employeeId, leaveTypeId: type.id, kind: 'taken', minutes: -minutes, date: created.startDate, requestId: created.id, createdByUserId: user.id });
          }
          parts.approvals.start('leave', created.id, employeeId, { minutes });
          const approverEmployeeIds = parts.approvals.currentApprovers('leave', created.id);
          events.emit('attendance.leave.requested', eventOf(created, approverEmployeeIds));
          notifications.waiting('leave', { ...notice(created), approverEmployeeIds });
          ctx.audit(c, { action: 'attendance.leave.request', entity: 'attendance_leave_requests', entityId: created.id, after: created });
          return created;
        });
      } catch (err) {
        if (stored) attachments.remove(stored.path);
        throw err;
      }
    },

    /** The requester takes back a request still waiting for approval. */
    withdraw(c: HrContext | null, user: SessionUser, id: number): LeaveRequest {
      return db.transaction(() => {
        const r = get(id);
        if (!r) throw new HttpError(404, 'attendance.error.notFound');
        if (r.employeeId !== user.employeeId) throw new HttpError(403, 'attendance.leave.error.notYours');
        if (r.status !== 'pending') throw new HttpError(409, 'attendance.leave.error.notPending');
        const after = setStatus(r, 'pending', 'withdrawn');
        parts.approvals.cancel('leave', id);
        restore(r, user.id);
        events.emit('attendance.leave.withdrawn', eventOf(after));
        ctx.audit(c, { action: 'attendance.leave.withdraw', entity: 'attendance_leave_requests', entityId: id, before: r, after });
        return after;
      });
    },

    /** Cancel approved leave: the requester before it starts, HR (manage or approve at scope `all`) at any time; month locks apply. */
    cancel(c: HrContext | null, user: SessionUser, id: number): LeaveRequest {
      return db.transaction(() => {
        const r = get(id);
        if (!r) throw new HttpError(404, 'attendance.error.notFound');
        const hr = isHr(user);
        if (!hr && r.employeeId !== user.employeeId) throw new HttpError(403, 'attendance.leave.error.notYours');
        if (r.status !== 'approved') throw new HttpError(409, 'attendance.leave.error.notApproved');
        if (!hr && parts.today() >= r.startDate) throw new HttpError(409, 'attendance.leave.error.started');
        parts.locks.assertWritable(c, user, dateRange(r.startDate, r.endDate), 'leave.cancel');
        const after = setStatus(r, 'approved', 'cancelled');
        restore(r, user.id);
        parts.recompute.employee(r.employeeId, r.startDate, r.endDate);
        events.emit('attendance.leave.cancelled', eventOf(after));
        ctx.audit(c, { action: 'attendance.leave.cancel', entity: 'attendance_leave_requests', entityId: id, before: r, after });
        return after;
      });
    },

    /** An employee's requests, newest first. */
    requestsOf(employeeId: number, limit = 100): LeaveRequest[] {
      return db.select().from(leaveRequests).where(eq(leaveRequests.employeeId, employeeId)).orderBy(desc(leaveRequests.startDate), desc(leaveRequests.id)).limit(limit).all();
    },

    /** Whether `user` may see the request: their own, one they approve, or one their `attendance.view` scope reaches. */
    canView(user: SessionUser, r: LeaveRequest): boolean {
      if (user.employeeId != null && r.employeeId === user.employeeId) return true;
      if (parts.approvals.canView(user, 'leave', r.id)) return true;
      const scope = user.permissions.has('attendance.view') ? user.scopes.get('attendance.view') : undefined;
      return !!scope && ctx.people.scopes.canSee(user, scope, r.employeeId);
    },

    /** `年假 · 2026-12-01 – 2026-12-03 · 3 天` */
    describe(r: LeaveRequest, locale: Locale): string {
      const type = policy.type(r.leaveTypeId);
      if (!type) return describeRange(r, locale);
      return `${typeName(type, locale)} · ${describeRange(r, locale)} · ${amount(r.minutes, type, locale)}`;
    },

    attachment(r: LeaveRequest) {
      return r.attachmentPath ? attachments.read(r.attachmentPath) : null;
    },
  };

  /** Validate; the first problem becomes a 400 naming the field as the form labels it. */
  function parseInput(input: unknown, c: HrContext | null): LeaveRequestInput {
    const result = leaveRequestInput.safeParse(input);
    if (result.success) return result.data;
    const issue = result.error.issues[0]!;
    const key = issue.message.startsWith('attendance.') ? issue.message : 'attendance.leave.error.invalid';
    const name = String(issue.path[0] ?? '');
    const label = FIELD_LABELS[name];
    throw new HttpError(400, key, { field: label ? translate(locale(c), `attendance.leave.field.${label}`) : name });
  }

  function activeType(id: number): LeaveType {
    const type = policy.type(id);
    if (!type || !type.active) throw new HttpError(422, 'attendance.leave.error.badType');
    return type;
  }

  function isHr(user: SessionUser): boolean {
    return (user.permissions.has('attendance.manage') && user.scopes.get('attendance.manage') === 'all') || approvesForAll(user);
  }

  function locale(c: HrContext | null): Locale {
    return (c?.get('locale') as Locale | undefined) ?? ctx.config.defaultLocale;
  }

  parts.approvals.onDescribe('leave', (id, loc) => {
    const r = get(id);
    return r ? api.describe(r, loc) : `#${id}`;
  });

  parts.approvals.onAdvanced('leave', (id, approverEmployeeIds) => {
    const r = get(id);
    if (!r) return;
    events.emit('attendance.leave.advanced', eventOf(r, approverEmployeeIds));
    notifications.waiting('leave', { ...notice(r), approverEmployeeIds });
  });

  parts.approvals.onResolved('leave', (id, outcome, { c, user, comment }) => {
    const r = get(id);
    if (!r || r.status !== 'pending') throw new HttpError(409, 'attendance.leave.error.changed');
    if (outcome === 'approved') {
      parts.locks.assertWritable(c, user, dateRange(r.startDate, r.endDate), 'leave.approve');
      const after = setStatus(r, 'pending', 'approved');
      parts.recompute.employee(r.employeeId, r.startDate, r.endDate);
      events.emit('attendance.leave.approved', eventOf(after));
      notifications.decided('leave', { ...notice(after), outcome: 'approved' });
      ctx.audit(c, { action: 'attendance.leave.approve', entity: 'attendance_leave_requests', entityId: id, before: r, after });
    } else {
      const after = setStatus(r, 'pending', 'rejected');
      restore(r, user.id);
      events.emit('attendance.leave.rejected', { ...eventOf(after), comment });
      notifications.decided('leave', { ...notice(after), outcome: 'rejected', comment });
      ctx.audit(c, { action: 'attendance.leave.reject', entity: 'attendance_leave_requests', entityId: id, before: r, after });
    }
  });

  return { requests: api, attachments };
}

export type LeaveRequests = ReturnType<typeof createLeaveRequests>['requests'];
