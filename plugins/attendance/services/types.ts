/**
 * Contracts between the parts of the attendance plugin. Each part is built by
 * a factory in its own file and receives the parts it needs through
 * `AttendanceParts`; `services/index.ts` wires them. Nothing outside the plugin
 * imports these; payroll and connectors use the `attendance` service declared
 * in ../index.ts (`AttendanceService`).
 */
import type { Db, Events, HrContext, Locale, PluginContext, SessionUser } from '../../../core/sdk.js';
import type Database from 'better-sqlite3';
import type { CalendarDay, DailyResult, DayKind, ShiftRule } from '../domain/types.js';
import type { AttendanceSettings } from '../settings.js';

// ---------------------------------------------------------------- calendar (services/calendar.ts)

export interface CalendarService {
  /**
   * Every day from `from` to `to` inclusive, classified. Throws
   * `HttpError(422, 'attendance.error.unknownYear', { year })` when a year in
   * the range is known neither to the chinese-days package nor by hand.
   */
  days(from: string, to: string): CalendarDay[];
  day(date: string): CalendarDay;
  /** Years with national holiday data, and where it comes from. */
  years(): { year: number; source: 'package' | 'manual' }[];
  isYearKnown(year: number): boolean;

  // Admin writes (H3, /attendance/admin/calendar). Each is audited, checks month
  // locks and recomputes the affected past days.
  companyDays(year: number): CompanyDay[];
  /** Mark every date from `from` to `to` (default: `from`) as a company day; an existing company day on a date is replaced. */
  addCompanyDays(c: HrContext | null, user: SessionUser | null, input: CompanyDayInput): number;
  removeCompanyDay(c: HrContext | null, user: SessionUser | null, id: number): void;
  /** The days of a year entered by hand, or null when the year was not entered. */
  manualYear(year: number): ManualYear | null;
  /** Enter (or replace) a year's national holidays by hand: then the year is known. */
  enterYear(c: HrContext | null, user: SessionUser | null, input: ManualYearInput): void;
  removeYear(c: HrContext | null, user: SessionUser | null, year: number): void;
}

export interface CompanyDay {
  id: number;
  date: string;
  kind: DayKind;
  name: string;
}

export interface CompanyDayInput {
  from: string;
  to?: string | null;
  kind: DayKind;
  name: string;
}

export interface HolidayPeriodInput {
  from: string;
  to: string;
  kind: 'statutory' | 'holiday_rest';
  name: string;
}

export interface ManualYearInput {
  year: number;
  note: string;
  /** Days off: statutory holidays and rest days inside holiday periods. */
  periods: HolidayPeriodInput[];
  /** Weekend days made workdays (调休上班). */
  workdays: { date: string; name: string }[];
}

export interface ManualYear {
  year: number;
  note: string;
  days: { date: string; kind: DayKind; name: string }[];
}

// ---------------------------------------------------------------- schedules (services/schedule.ts)

export interface ScheduleService {
  /** The shift an employee works on a date: null = a day off in the schedule. */
  shiftFor(employeeId: number, date: string): ShiftRule | null;
  /**
   * Bulk form for recomputes: per employee id, per date (inclusive range), the
   * shift or null. Must not query per day.
   */
  shiftsFor(employeeIds: number[], from: string, to: string): Map<number, Map<string, ShiftRule | null>>;

  // Admin (H3, /attendance/admin/shifts, rotations, assignments). Writes are
  // audited, check month locks and recompute the affected past days.
  /** Creates the default shift from `settings.defaultShift` when there is none; returns its id. Idempotent. */
  ensureDefaultShift(): number;
  shifts(): ShiftRow[];
  shift(id: number): ShiftRow | null;
  /** Create (no `id`) or change a shift; returns its id. */
  saveShift(c: HrContext | null, user: SessionUser | null, input: ShiftInput, id?: number): number;
  /** Refused (409) while an assignment or rotation uses it, and for the default shift. */
  deleteShift(c: HrContext | null, user: SessionUser | null, id: number): void;
  makeDefaultShift(c: HrContext | null, user: SessionUser | null, id: number): void;
  rotations(): RotationRow[];
  saveRotation(c: HrContext | null, user: SessionUser | null, input: RotationInput, id?: number): number;
  deleteRotation(c: HrContext | null, user: SessionUser | null, id: number): void;
  assignments(): AssignmentRow[];
  addAssignment(c: HrContext | null, user: SessionUser | null, input: AssignmentInput): number;
  deleteAssignment(c: HrContext | null, user: SessionUser | null, id: number): void;
}

export interface ShiftInput {
  name: string;
  kind: 'fixed' | 'flexible';
  /** `HH:MM` */
  start: string;
  end: string;
  breakStart: string | null;
  breakEnd: string | null;
  graceLateMinutes: number;
  graceEarlyMinutes: number;
  flexMinutes: number;
  /** Flexible shifts: work minutes required; fixed shifts: null (derived). */
  requiredMinutes: number | null;
  windowBeforeMinutes: number;
  windowAfterMinutes: number;
  absentAfterMinutes: number;
  color: string;
  active: boolean;
}

export interface ShiftRow extends ShiftInput {
  id: number;
  isDefault: boolean;
}

export interface RotationInput {
  name: string;
  /** Shift ids of one cycle, null = a day off. */
  pattern: (number | null)[];
  active: boolean;
}

export interface RotationRow extends RotationInput {
  id: number;
}

export interface AssignmentInput {
  targetType: 'employee' | 'department';
  targetId: number;
  /** Exactly one of `shiftId` and `rotationId`. */
  shiftId: number | null;
  rotationId: number | null;
  /** Rotations: day 0 of the pattern (defaults to `effectiveFrom`). */
  anchorDate: string | null;
  effectiveFrom: string;
  effectiveTo: string | null;
}

export interface AssignmentRow extends AssignmentInput {
  id: number;
  /** Employee name with number, or department path. */
  targetName: string;
  /** Shift or rotation name. */
  planName: string;
}

// ---------------------------------------------------------------- recompute (services/recompute.ts)

export interface RecomputeOptions {
  /**
   * Leave the days of locked months as payroll saw them. Background work (the
   * nightly job, reports filling gaps, people changes) passes this; a write that
   * passed `locks.assertWritable` (an audited override) does not.
   */
  skipLocked?: boolean;
}

export interface RecomputeService {
  /** Recompute daily results of one employee for a date range (clipped to today). Synchronous; call inside the write's transaction. */
  employee(employeeId: number, from: string, to: string, options?: RecomputeOptions): void;
  /** Recompute for many employees (all active when `employeeIds` is absent). Returns the number of day rows written. */
  many(from: string, to: string, employeeIds?: number[], options?: RecomputeOptions): number;
}

// ---------------------------------------------------------------- approvals (services/approvals.ts)

export type ApprovalSubject = 'leave' | 'overtime' | 'correction';
export type ApprovalOutcome = 'approved' | 'rejected';

export interface ApprovalStepView {
  id: number;
  stepNo: number;
  approverKind: 'manager' | 'department_head' | 'hr';
  approverEmployeeId: number | null;
  approverName: string | null;
  status: 'waiting' | 'pending' | 'approved' | 'rejected' | 'skipped' | 'cancelled';
  comment: string;
  decidedByUserId: number | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  /** Decided by someone holding `attendance.approve` at scope `all` instead of the named approver (audited). */
  onBehalf: boolean;
}

export interface InboxItem {
  stepId: number;
  subjectType: ApprovalSubject;
  subjectId: number;
  employeeId: number;
  employeeName: string;
  /** One line describing the request, in the user's language. */
  summary: string;
  createdAt: Date;
  approverKind: ApprovalStepView['approverKind'];
  /** The step names someone else: this user may decide only on their behalf (HR with scope `all`). */
  onBehalf: boolean;
}

/** A step this user decided, for the "decided by me" list. */
export interface DecidedItem {
  stepId: number;
  subjectType: ApprovalSubject;
  subjectId: number;
  employeeId: number;
  employeeName: string;
  summary: string;
  status: 'approved' | 'rejected';
  comment: string;
  decidedAt: Date;
  onBehalf: boolean;
}

export interface ApprovalsService {
  /** Create the chain for a new request (inside the request's transaction). Returns the steps. */
  start(subject: ApprovalSubject, subjectId: number, employeeId: number, options: { minutes: number }): ApprovalStepView[];
  /** Approve or reject the step; runs the subject's resolver when the chain ends. 403/409 with a clear message otherwise. */
  decide(c: HrContext | null, user: SessionUser, stepId: number, decision: ApprovalOutcome, comment: string): void;
  /** Withdrawn or cancelled by the requester: open steps become `cancelled`. */
  cancel(subject: ApprovalSubject, subjectId: number): void;
  steps(subject: ApprovalSubject, subjectId: number): ApprovalStepView[];
  inbox(user: SessionUser, locale: Locale): InboxItem[];
  /** Registered by each subject's service: called (inside the transaction) when the chain ends. */
  onResolved(subject: ApprovalSubject, resolver: ApprovalResolver): void;
  /** Registered by each subject's service: the inbox line for one request. */
  onDescribe(subject: ApprovalSubject, describe: (subjectId: number, locale: Locale) => string): void;
  /** Registered by each subject's service: called (inside the transaction) when a step is approved and the next one waits. */
  onAdvanced(subject: ApprovalSubject, advanced: (subjectId: number, approverEmployeeIds: number[]) => void): void;
  /** Employees who must act now on the request (the pending step's named approver; [] for an HR step or when decided). */
  currentApprovers(subject: ApprovalSubject, subjectId: number): number[];
  /** Whether `user` is (or was) an approver of the request, or may approve for anyone: they may see it. */
  canView(user: SessionUser, subject: ApprovalSubject, subjectId: number): boolean;
  /** Steps `user` decided, newest first. */
  decidedBy(user: SessionUser, locale: Locale, limit?: number): DecidedItem[];
}

export type ApprovalResolver = (
  subjectId: number,
  outcome: ApprovalOutcome,
  meta: { c: HrContext | null; user: SessionUser; comment: string },
) => void;

// ---------------------------------------------------------------- month locks (services/locks.ts)

export interface LocksService {
  isLocked(month: string): boolean;
  /** Newest month first. */
  lockedMonths(): { month: string; lockedAt: Date; lockedByUserId: number | null; lockedByName: string | null; note: string }[];
  lock(c: HrContext | null, month: string, note: string): void;
  unlock(c: HrContext, month: string, note: string): void;
  /**
   * Guard for writes that change days in `dates`: passes when their months are
   * open; when one is locked, passes only for a user holding
   * `attendance.override` and then writes an audit entry naming `what`;
   * otherwise throws `HttpError(409, 'attendance.error.monthLocked', { month })`.
   */
  assertWritable(c: HrContext | null, user: SessionUser | null, dates: string[], what: string): void;
}

// ---------------------------------------------------------------- wiring

export interface AttendanceParts {
  ctx: PluginContext<AttendanceSettings>;
  db: Db;
  sqlite: Database.Database;
  events: Events;
  settings: AttendanceSettings;
  /** `YYYY-MM-DD` today in the instance time zone (injectable for tests). */
  today(): string;
  now(): Date;
  calendar: CalendarService;
  schedule: ScheduleService;
  recompute: RecomputeService;
  approvals: ApprovalsService;
  locks: LocksService;
}

export type { DailyResult };
