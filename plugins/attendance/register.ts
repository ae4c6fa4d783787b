/**
 * `setup` of the attendance plugin: builds the services, then registers pages,
 * API, jobs, widgets, bot tools and the `attendance` service for other plugins.
 */
import type { PluginContext } from '../../core/sdk.js';
import { registerLeaveApi } from './api/leave.js';
import { registerPunchApi } from './api/punches.js';
import { registerSummaryApi } from './api/summary.js';
import { registerBotTools } from './bot.js';
import { rememberForDemo } from './demo.js';
import { registerJobs } from './jobs.js';
import { registerAdminPages } from './routes/admin.js';
import { registerLeavePages } from './routes/leave.js';
import { registerMePages } from './routes/me.js';
import { registerReportPages } from './routes/reports.js';
import { monthOf, shiftMonth } from './domain/time.js';
import { createAttendance, publicService, type Attendance } from './services/index.js';
import type { AttendanceSettings } from './settings.js';
import { registerWidgets } from './widgets.js';

/** Fields of an employee that change leave grants or which days count as employed. */
const TIME_FIELDS = ['hireDate', 'firstWorkDate', 'terminationDate', 'status'];

/**
 * Hires, leavers and corrected dates change annual leave grants and which days
 * are expected: re-run the grants and recompute the employee's open days of
 * this month and the last one (locked months stay as payroll saw them).
 */
function followPeopleChanges(ctx: PluginContext<AttendanceSettings>, att: Attendance): void {
  const refresh = (employeeId: number) => {
    const today = att.parts.today();
    att.leave.runAccruals(today, [employeeId]);
    try {
      att.parts.recompute.employee(employeeId, `${shiftMonth(monthOf(today), -1)}-01`, today, { skipLocked: true });
    } catch (err) {
      // An unknown holiday year is reported on the pages; nothing to recompute until it is entered.
      ctx.log.warn({ err, employeeId }, 'attendance: recompute after a people change skipped');
    }
  };
  ctx.events.on('employee.hired', 'refresh-hired', (e) => refresh(e.id));
  ctx.events.on('employee.left', 'refresh-left', (e) => refresh(e.id));
  ctx.events.on('employee.updated', 'refresh-updated', (e) => {
    if (e.changed.some((f) => TIME_FIELDS.includes(f))) refresh(e.id);
  });
}

export function registerAttendance(ctx: PluginContext<AttendanceSettings>): void {
  const att = createAttendance(ctx);
  att.leave.ensureDefaults();
  att.punches.ensureDefaultShift();
  // The demo hook gets no PluginContext: it uses these services (demo.ts).
  rememberForDemo(ctx.sqlite, att);
  // Grants are idempotent: running them at start means a company that just
  // switched the plugin on sees balances now, not after the nightly job.
  att.leave.runAccruals(att.parts.today());
  followPeopleChanges(ctx, att);

  registerMePages(ctx, att);
  registerLeavePages(ctx, att);
  registerReportPages(ctx, att);
  registerAdminPages(ctx, att);
  registerPunchApi(ctx, att);
  registerLeaveApi(ctx, att);
  registerSummaryApi(ctx, att);
  registerJobs(ctx, att);
  registerWidgets(ctx, att);
  registerBotTools(ctx, att);

  ctx.services.provide('attendance', publicService(att));
}
