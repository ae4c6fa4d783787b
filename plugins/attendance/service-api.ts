/**
 * What other plugins use of attendance: the `attendance` service (payroll reads
 * monthly summaries; the WeCom and DingTalk connectors add punches) and the
 * events it raises (connectors notify people). Declared in index.ts.
 */
import type { HrContext } from '../../core/sdk.js';

/** One employee's month, as payroll needs it. Amounts of time are minutes unless the name says otherwise. */
export interface MonthlySummary {
  employeeId: number;
  employeeNo: string;
  name: string;
  /** `YYYY-MM` */
  month: string;
  /** Working days of the calendar in the month (while employed). */
  scheduledDays: number;
  /** Days with attendance (normal, late or early). */
  daysWorked: number;
  lateCount: number;
  lateMinutes: number;
  earlyCount: number;
  earlyMinutes: number;
  /** Days absent (旷工), halves possible. */
  absentDays: number;
  missingPunchCount: number;
  /** Leave taken in the month per leave type code, with paid/unpaid. */
  leave: { code: string; name: string; paid: boolean; minutes: number; days: number }[];
  paidLeaveDays: number;
  unpaidLeaveDays: number;
  /** Overtime hours by class (2 decimals), paid and taken as time off in lieu apart. */
  overtimeHours: { workday: number; restday: number; holiday: number };
  lieuHoursEarned: number;
  /** Over 36 hours of overtime in the month (《劳动法》第四十一条). */
  overtimeOverLimit: boolean;
  /** The month is locked for payroll. */
  locked: boolean;
}

export interface AddPunchInput {
  employeeId: number;
  at: Date;
  source: 'web' | 'import' | 'api' | 'wecom' | 'dingtalk';
  /** The source system's id of this punch: adding the same one twice stores it once. */
  externalId?: string;
  latitude?: number;
  longitude?: number;
  note?: string;
}

export interface AttendanceService {
  /**
   * The month's summary for every employee employed in it (or the given ids).
   * Throws a 422 `HttpError` when the month has days of an unknown holiday year.
   */
  monthlySummaries(month: string, employeeIds?: number[]): MonthlySummary[];
  monthlySummary(month: string, employeeId: number): MonthlySummary | null;
  isMonthLocked(month: string): boolean;
  /**
   * The working days (adjusted workdays included) from `from` to `to` by the
   * company's work calendar: national holidays, years entered by hand, company
   * days. Throws a 422 `HttpError` for a year the calendar does not know.
   */
  workdays(from: string, to: string): string[];
  /** Lock the month (payroll approved). Idempotent. */
  lockMonth(c: HrContext | null, month: string, note?: string): void;
  /**
   * Add punches (connectors, devices). Duplicates by (source, externalId) and
   * punches within the dedupe window are skipped; daily results are
   * recomputed. Punches in the future or in a locked month are refused.
   */
  addPunches(punches: AddPunchInput[]): { added: number; skipped: number };
}

interface RequestEvent {
  requestId: number;
  employeeId: number;
  /** Employees who must act now (the pending step's approvers), when known. */
  approverEmployeeIds: number[];
  /** For links in notifications: the page that shows the request. */
  path: string;
}

export interface LeaveEvent extends RequestEvent {
  leaveType: string;
  startDate: string;
  endDate: string;
  minutes: number;
}

export interface AttendanceEvents {
  'attendance.leave.requested': LeaveEvent;
  /** One step approved, the next approver is waiting. */
  'attendance.leave.advanced': LeaveEvent;
  'attendance.leave.approved': LeaveEvent;
  'attendance.leave.rejected': LeaveEvent & { comment: string };
  'attendance.leave.withdrawn': LeaveEvent;
  'attendance.leave.cancelled': LeaveEvent;
  'attendance.overtime.requested': RequestEvent & { date: string; minutes: number };
  'attendance.overtime.decided': RequestEvent & { date: string; minutes: number; outcome: 'approved' | 'rejected' };
  'attendance.correction.requested': RequestEvent & { date: string };
  'attendance.correction.decided': RequestEvent & { date: string; outcome: 'approved' | 'rejected' };
  'attendance.month.locked': { month: string };
}
