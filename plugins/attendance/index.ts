/**
 * Attendance and leave (考勤与假期): work calendars with China's holidays,
 * shifts and schedules, punches, daily results, leave, overtime and the
 * monthly summary payroll reads. See docs/attendance.md.
 */
import { definePlugin } from '../../core/sdk.js';
import { demoAttendance } from './demo.js';
import { messages } from './i18n/index.js';
import { registerAttendance } from './register.js';
import { settingsSchema } from './settings.js';
import type { AttendanceService, AttendanceEvents } from './service-api.js';

declare module '../../core/sdk.js' {
  interface HrServices {
    /** Monthly summaries for payroll, and punches from connectors. */
    attendance: AttendanceService;
  }
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HrEvents extends AttendanceEvents {}
}

export default definePlugin({
  id: 'attendance',
  version: '1.0.0',
  name: { 'zh-CN': '考勤与假期', en: 'Attendance & Leave' },
  description: {
    'zh-CN': '节假日与调休日历、班次排班、打卡、每日考勤结果、法定假期与审批、加班和月度汇总。',
    en: 'Holiday calendars, shifts and rosters, punches, daily results, statutory leave with approvals, overtime and monthly summaries.',
  },
  requires: ['core@^1'],
  settings: settingsSchema,
  permissions: [
    { id: 'attendance.self', label: 'attendance.permission.self', roles: ['employee', 'manager', 'hr'] },
    { id: 'attendance.approve', label: 'attendance.permission.approve', roles: ['manager', 'hr'] },
    { id: 'attendance.view', label: 'attendance.permission.view', roles: ['manager', 'hr'] },
    { id: 'attendance.manage', label: 'attendance.permission.manage', roles: ['hr'] },
    { id: 'attendance.override', label: 'attendance.permission.override', roles: ['hr'] },
  ],
  menu: [
    { id: 'me', section: 'self', label: 'attendance.menu.me', href: '/attendance', permission: 'attendance.self', order: 20, icon: '🕘' },
    { id: 'leave', section: 'self', label: 'attendance.menu.leave', href: '/attendance/leave', permission: 'attendance.self', order: 21, icon: '🏖' },
    { id: 'overtime', section: 'self', label: 'attendance.menu.overtime', href: '/attendance/overtime', permission: 'attendance.self', order: 22, icon: '⏱' },
    { id: 'approvals', section: 'self', label: 'attendance.menu.approvals', href: '/attendance/approvals', permission: 'attendance.approve', scope: 'team', order: 23, icon: '✅' },
    { id: 'team', section: 'manage', label: 'attendance.menu.team', href: '/attendance/team', permission: 'attendance.view', scope: 'team', order: 20, icon: '👥' },
    { id: 'admin', section: 'manage', label: 'attendance.menu.admin', href: '/attendance/admin', permission: 'attendance.manage', scope: 'all', order: 21, icon: '🗓' },
  ],
  i18n: messages,
  setup: registerAttendance,
  demo: demoAttendance,
});
