/**
 * HR's attendance administration: the hub page at /attendance/admin linking
 * every admin page, and the registration of each part's admin pages. Every
 * route needs `attendance.manage` at scope `all`.
 */
import type { PluginContext } from '../../../core/sdk.js';
import type { Attendance } from '../services/index.js';
import type { AttendanceSettings } from '../settings.js';
import { registerLeaveAdminPages } from './admin-leave.js';
import { registerReportAdminPages } from './admin-reports.js';
import { registerScheduleAdminPages } from './admin-schedule.js';
import { MANAGE, registerTimeAdminPages } from './admin-time.js';

/** The hub's sections: [i18n key of the group, links (path, i18n key of label, key of the one-line hint)]. */
const SECTIONS: [string, [string, string, string][]][] = [
  [
    'attendance.hub.time',
    [
      ['/attendance/admin/calendar', 'attendance.hub.calendar', 'attendance.hub.calendarHint'],
      ['/attendance/admin/shifts', 'attendance.hub.shifts', 'attendance.hub.shiftsHint'],
      ['/attendance/admin/rotations', 'attendance.hub.rotations', 'attendance.hub.rotationsHint'],
      ['/attendance/admin/assignments', 'attendance.hub.assignments', 'attendance.hub.assignmentsHint'],
      ['/attendance/admin/import', 'attendance.hub.import', 'attendance.hub.importHint'],
      ['/attendance/admin/employees', 'attendance.hub.employees', 'attendance.hub.employeesHint'],
    ],
  ],
  [
    'attendance.hub.leave',
    [
      ['/attendance/admin/leave-types', 'attendance.hub.leaveTypes', 'attendance.hub.leaveTypesHint'],
      ['/attendance/admin/balances', 'attendance.hub.balances', 'attendance.hub.balancesHint'],
    ],
  ],
  [
    'attendance.hub.reports',
    [
      ['/attendance/admin/exceptions', 'attendance.hub.exceptions', 'attendance.hub.exceptionsHint'],
      ['/attendance/admin/report', 'attendance.hub.report', 'attendance.hub.reportHint'],
      ['/attendance/admin/locks', 'attendance.hub.locks', 'attendance.hub.locksHint'],
    ],
  ],
];

export function registerAdminPages(ctx: PluginContext<AttendanceSettings>, att: Attendance): void {
  ctx.pages.get('/admin', MANAGE, (c) => {
    const year = Number(att.parts.today().slice(0, 4));
    const unknownYear = [year, year + 1].find((y) => !att.parts.calendar.isYearKnown(y)) ?? null;
    return ctx.render(c, 'admin-home', { sections: SECTIONS, unknownYear }, { title: c.get('t')('attendance.hub.title') });
  });

  registerTimeAdminPages(ctx, att);
  registerScheduleAdminPages(ctx, att);
  registerLeaveAdminPages(ctx, att);
  registerReportAdminPages(ctx, att);
}
