/**
 * Builds the attendance plugin's services in dependency order and hands each
 * the parts it needs. Tests build the same graph with a fixed clock.
 */
import type { PluginContext } from '../../../core/sdk.js';
import { localDate } from '../domain/time.js';
import type { AttendanceSettings } from '../settings.js';
import { createApprovalsService } from './approvals.js';
import { createCalendarService } from './calendar.js';
import { createLeaveService } from './leave.js';
import { createLocksService } from './locks.js';
import { createOvertimeService } from './overtime.js';
import { createPunchService } from './punches.js';
import { createRecomputeService } from './recompute.js';
import { createScheduleService } from './schedule.js';
import { createSummaryService } from './summary.js';
import type { AttendanceService } from '../service-api.js';
import type { AttendanceParts } from './types.js';

export interface AttendanceClock {
  now?: () => Date;
}

export function createAttendance(ctx: PluginContext<AttendanceSettings>, clock: AttendanceClock = {}) {
  const now = clock.now ?? (() => new Date());
  const timezone = ctx.config.timezone;
  const parts = {
    ctx,
    db: ctx.db,
    sqlite: ctx.sqlite,
    events: ctx.events,
    settings: ctx.settings,
    now,
    today: () => localDate(now().getTime(), timezone),
  } as AttendanceParts;
  parts.calendar = createCalendarService(parts);
  parts.locks = createLocksService(parts);
  parts.schedule = createScheduleService(parts);
  parts.recompute = createRecomputeService(parts);
  parts.approvals = createApprovalsService(parts);
  const leave = createLeaveService(parts);
  const punches = createPunchService(parts);
  const overtime = createOvertimeService(parts, { leave });
  const summary = createSummaryService(parts, { leave });
  return { parts, leave, punches, overtime, summary };
}

export type Attendance = ReturnType<typeof createAttendance>;

/** What other plugins get as the `attendance` service (service-api.ts). */
export function publicService(att: Attendance): AttendanceService {
  return {
    monthlySummaries: (month, ids) => att.summary.monthly(month, ids),
    monthlySummary: (month, id) => att.summary.monthly(month, [id])[0] ?? null,
    isMonthLocked: (month) => att.parts.locks.isLocked(month),
    lockMonth: (c, month, note = '') => att.parts.locks.lock(c, month, note),
    workdays: (from, to) =>
      att.parts.calendar
        .days(from, to)
        .filter((d) => d.kind === 'workday')
        .map((d) => d.date),
    addPunches: (list) => att.punches.addMany(list),
  };
}
