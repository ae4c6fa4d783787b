/**
 * Tables of the attendance plugin (考勤与假期). Every table name starts with
 * `attendance_`. Employee ids refer to `people_employees.id`; plugins do not
 * import core tables, so those links are plain indexed integers.
 *
 * Units: leave amounts and durations are integer MINUTES of work time (a
 * standard work day is `settings.workdayMinutes`, 480 by default), so half
 * days and hours add up without floating point. Dates are `YYYY-MM-DD` in the
 * instance time zone; instants (punches) are UTC milliseconds.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;
const createdAt = () => integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now);

// ---------------------------------------------------------------- calendars

/** Day kinds of the work calendar (domain/types.ts `DayKind`). */
export const DAY_KINDS = ['workday', 'restday', 'statutory', 'holiday_rest'] as const;

/**
 * Days entered by hand. `source = 'manual'`: a national holiday year the
 * chinese-days package does not know, typed in by an admin (the year counts as
 * known once `attendance_holiday_years` has a row for it). `source = 'company'`:
 * a company-specific day (anniversary day off, stock-take Saturday) that wins
 * over everything else.
 */
export const calendarDays = sqliteTable(
  'attendance_calendar_days',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    date: text('date').notNull(),
    kind: text('kind', { enum: DAY_KINDS }).notNull(),
    source: text('source', { enum: ['manual', 'company'] }).notNull(),
    name: text('name').notNull().default(''),
    createdByUserId: integer('created_by_user_id'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('attendance_calendar_days_date_source').on(t.date, t.source)],
);

/** Years whose national holidays an admin entered by hand (see `calendarDays`). */
export const holidayYears = sqliteTable('attendance_holiday_years', {
  year: integer('year').primaryKey(),
  note: text('note').notNull().default(''),
  createdByUserId: integer('created_by_user_id'),
  createdAt: createdAt(),
});

// ---------------------------------------------------------------- shifts and schedules

/**
 * A shift. `kind = 'fixed'`: work from `start` to `end` (an `end` at or before
 * `start` crosses midnight: a night shift). `kind = 'flexible'` (弹性): arrive
 * between `start` and `start + flexMinutes`, then stay `requiredMinutes` of work.
 * The break is not work time. Punches count for this shift from
 * `start - windowBeforeMinutes` to `end + windowAfterMinutes`.
 */
export const shifts = sqliteTable('attendance_shifts', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['fixed', 'flexible'] }).notNull().default('fixed'),
  /** `HH:MM` */
  start: text('start').notNull(),
  end: text('end').notNull(),
  breakStart: text('break_start'),
  breakEnd: text('break_end'),
  graceLateMinutes: integer('grace_late_minutes').notNull().default(0),
  graceEarlyMinutes: integer('grace_early_minutes').notNull().default(0),
  flexMinutes: integer('flex_minutes').notNull().default(0),
  /** Flexible shifts: work minutes required (break excluded); fixed: derived. */
  requiredMinutes: integer('required_minutes'),
  windowBeforeMinutes: integer('window_before_minutes').notNull().default(240),
  windowAfterMinutes: integer('window_after_minutes').notNull().default(360),
  /** Late by more than this many minutes counts as absent for the day (0 = never). */
  absentAfterMinutes: integer('absent_after_minutes').notNull().default(0),
  color: text('color').notNull().default('#2f6fdf'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  /** The shift of employees without an assignment: exactly one row (created from `settings.defaultShift`). */
  isDefault: integer('is_default', { mode: 'boolean' }).notNull().default(false),
  createdAt: createdAt(),
});

/**
 * A rotating schedule (排班): `pattern` is the list of shift ids (or null for a
 * day off) of one cycle, starting on the assignment's `anchorDate`.
 */
export const rotations = sqliteTable('attendance_rotations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  pattern: text('pattern', { mode: 'json' }).notNull().$type<(number | null)[]>(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: createdAt(),
});

/**
 * Who works which shift from when. An employee assignment beats a department
 * one (the nearest department up the tree wins); among equals the latest
 * `effectiveFrom`. A fixed shift applies on the calendar's workdays; a
 * rotation decides work and rest days itself (holidays still classify overtime).
 */
export const assignments = sqliteTable(
  'attendance_assignments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    targetType: text('target_type', { enum: ['employee', 'department'] }).notNull(),
    targetId: integer('target_id').notNull(),
    shiftId: integer('shift_id').references(() => shifts.id, { onDelete: 'restrict' }),
    rotationId: integer('rotation_id').references(() => rotations.id, { onDelete: 'restrict' }),
    /** Rotations: the date that is day 0 of the pattern. */
    anchorDate: text('anchor_date'),
    effectiveFrom: text('effective_from').notNull(),
    /** Inclusive; null = open-ended. */
    effectiveTo: text('effective_to'),
    createdByUserId: integer('created_by_user_id'),
    createdAt: createdAt(),
  },
  (t) => [index('attendance_assignments_target').on(t.targetType, t.targetId, t.effectiveFrom)],
);

// ---------------------------------------------------------------- punches

export const PUNCH_SOURCES = ['web', 'import', 'api', 'correction', 'wecom', 'dingtalk'] as const;

export const punches = sqliteTable(
  'attendance_punches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    employeeId: integer('employee_id').notNull(),
    /** The instant, UTC milliseconds. */
    at: integer('at').notNull(),
    source: text('source').notNull(),
    /** Id in the source system (device export row, WeCom record): makes adding idempotent. */
    externalId: text('external_id'),
    latitude: real('latitude'),
    longitude: real('longitude'),
    ip: text('ip'),
    note: text('note'),
    createdByUserId: integer('created_by_user_id'),
    createdAt: createdAt(),
  },
  (t) => [
    index('attendance_punches_employee_at').on(t.employeeId, t.at),
    /** Recomputes of everyone read a time range across all employees. */
    index('attendance_punches_at').on(t.at),
    uniqueIndex('attendance_punches_source_external').on(t.source, t.externalId),
  ],
);

/** The computed result of one employee's day (domain/daily.ts), rewritten on every recompute. */
export const dailyResults = sqliteTable(
  'attendance_daily_results',
  {
    employeeId: integer('employee_id').notNull(),
    date: text('date').notNull(),
    dayKind: text('day_kind', { enum: DAY_KINDS }).notNull(),
    shiftId: integer('shift_id'),
    /** domain/types.ts `DailyStatus` */
    status: text('status').notNull(),
    /** Minutes relative to the date's local midnight, as `DailyResult` (negative: the evening before; above 1440: the next day). */
    firstIn: integer('first_in'),
    lastOut: integer('last_out'),
    workedMinutes: integer('worked_minutes').notNull().default(0),
    lateMinutes: integer('late_minutes').notNull().default(0),
    earlyMinutes: integer('early_minutes').notNull().default(0),
    absentMinutes: integer('absent_minutes').notNull().default(0),
    missingIn: integer('missing_in', { mode: 'boolean' }).notNull().default(false),
    missingOut: integer('missing_out', { mode: 'boolean' }).notNull().default(false),
    leaveMinutes: integer('leave_minutes').notNull().default(0),
    leaveTypeId: integer('leave_type_id'),
    overtimeMinutes: integer('overtime_minutes').notNull().default(0),
    overtimeClass: text('overtime_class', { enum: ['workday', 'restday', 'holiday'] }),
    computedAt: integer('computed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.employeeId, t.date] }), index('attendance_daily_results_date').on(t.date, t.status)],
);

// ---------------------------------------------------------------- leave

export const LEAVE_ACCRUALS = ['none', 'yearly', 'monthly', 'statutory_annual', 'overtime'] as const;

export const leaveTypes = sqliteTable(
  'attendance_leave_types',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** annual, sick, personal, marriage, maternity, paternity, bereavement, lieu, or a company code. */
    code: text('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    paid: integer('paid', { mode: 'boolean' }).notNull().default(true),
    /** Smallest unit a request may use. */
    unit: text('unit', { enum: ['day', 'half_day', 'hour'] }).notNull().default('half_day'),
    /** How the balance grows; `none` = no balance kept (e.g. sick leave with a cap per request). */
    accrual: text('accrual', { enum: LEAVE_ACCRUALS }).notNull().default('none'),
    /** Yearly or monthly grant, in minutes (ignored for statutory_annual and overtime). */
    grantMinutes: integer('grant_minutes').notNull().default(0),
    /** Counted in calendar days (maternity: 98 natural days) instead of workdays. */
    calendarDays: integer('calendar_days', { mode: 'boolean' }).notNull().default(false),
    /** Largest single request in minutes (0 = no limit). */
    maxPerRequestMinutes: integer('max_per_request_minutes').notNull().default(0),
    allowNegative: integer('allow_negative', { mode: 'boolean' }).notNull().default(false),
    /** How far below zero when `allowNegative` (minutes; 0 = no limit). */
    negativeLimitMinutes: integer('negative_limit_minutes').notNull().default(0),
    /** Unused balance carried into the next year, at most this many minutes (0 = none). */
    carryForwardCapMinutes: integer('carry_forward_cap_minutes').notNull().default(0),
    /** Carried balance expires this many months into the new year (0 = never). */
    carryForwardExpiryMonths: integer('carry_forward_expiry_months').notNull().default(0),
    requiresAttachment: integer('requires_attachment', { mode: 'boolean' }).notNull().default(false),
    /** Only for employees of this gender (maternity: female; paternity: male). */
    gender: text('gender', { enum: ['male', 'female'] }),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    sort: integer('sort').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('attendance_leave_types_code').on(t.code)],
);

/**
 * The balance ledger: a balance is the sum of its rows. `periodKey` makes
 * grants idempotent (`2026` for a yearly grant, `2026-03` for a monthly one).
 */
export const leaveLedger = sqliteTable(
  'attendance_leave_ledger',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    employeeId: integer('employee_id').notNull(),
    leaveTypeId: integer('leave_type_id')
      .notNull()
      .references(() => leaveTypes.id, { onDelete: 'restrict' }),
    kind: text('kind', { enum: ['grant', 'accrual', 'carry', 'expire', 'taken', 'restore', 'earned', 'adjust'] }).notNull(),
    minutes: integer('minutes').notNull(),
    /**
     * The day the row counts for: a grant's first day, a leave's start date (its
     * reservation and any restore), the overtime day of earned lieu time, the day
     * after lapsed minutes expired. Balances by year and expiry order use it.
     */
    date: text('date').notNull(),
    periodKey: text('period_key'),
    /** Carried or earned minutes lapse after this date (inclusive). */
    expiresOn: text('expires_on'),
    requestId: integer('request_id'),
    note: text('note').notNull().default(''),
    createdByUserId: integer('created_by_user_id'),
    createdAt: createdAt(),
  },
  (t) => [
    index('attendance_leave_ledger_balance').on(t.employeeId, t.leaveTypeId),
    uniqueIndex('attendance_leave_ledger_period').on(t.employeeId, t.leaveTypeId, t.kind, t.periodKey),
  ],
);

export const REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn', 'cancelled'] as const;

export const leaveRequests = sqliteTable(
  'attendance_leave_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    employeeId: integer('employee_id').notNull(),
    leaveTypeId: integer('leave_type_id')
      .notNull()
      .references(() => leaveTypes.id, { onDelete: 'restrict' }),
    startDate: text('start_date').notNull(),
    /** `am` starts in the morning, `pm` at the afternoon half. */
    startHalf: text('start_half', { enum: ['am', 'pm'] }).notNull().default('am'),
    endDate: text('end_date').notNull(),
    /** `am` ends at noon, `pm` at the end of the day. */
    endHalf: text('end_half', { enum: ['am', 'pm'] }).notNull().default('pm'),
    /** Hourly leave: `HH:MM` on `startDate` (then `endDate` = `startDate`). */
    startTime: text('start_time'),
    endTime: text('end_time'),
    minutes: integer('minutes').notNull(),
    reason: text('reason').notNull().default(''),
    attachmentPath: text('attachment_path'),
    attachmentName: text('attachment_name'),
    status: text('status', { enum: REQUEST_STATUSES }).notNull().default('pending'),
    createdByUserId: integer('created_by_user_id'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [index('attendance_leave_requests_employee').on(t.employeeId, t.startDate), index('attendance_leave_requests_status').on(t.status)],
);

// ---------------------------------------------------------------- overtime and corrections

export const OVERTIME_CLASSES = ['workday', 'restday', 'holiday'] as const;

export const overtimeRequests = sqliteTable(
  'attendance_overtime_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    employeeId: integer('employee_id').notNull(),
    date: text('date').notNull(),
    /** `HH:MM`; an end at or before start runs past midnight. */
    startTime: text('start_time').notNull(),
    endTime: text('end_time').notNull(),
    minutes: integer('minutes').notNull(),
    overtimeClass: text('overtime_class', { enum: OVERTIME_CLASSES }).notNull(),
    /** Paid at 150/200/300%, or (rest days) time off in lieu credited to the `lieu` balance. */
    compensation: text('compensation', { enum: ['pay', 'lieu'] }).notNull().default('pay'),
    reason: text('reason').notNull().default(''),
    status: text('status', { enum: REQUEST_STATUSES }).notNull().default('pending'),
    createdByUserId: integer('created_by_user_id'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [index('attendance_overtime_requests_employee').on(t.employeeId, t.date)],
);

/** 补卡: a forgotten punch, added when approved. */
export const corrections = sqliteTable(
  'attendance_corrections',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    employeeId: integer('employee_id').notNull(),
    date: text('date').notNull(),
    /** The instant of the missing punch, UTC milliseconds. */
    at: integer('at').notNull(),
    reason: text('reason').notNull().default(''),
    status: text('status', { enum: REQUEST_STATUSES }).notNull().default('pending'),
    punchId: integer('punch_id'),
    createdByUserId: integer('created_by_user_id'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [index('attendance_corrections_employee').on(t.employeeId, t.date)],
);

// ---------------------------------------------------------------- approvals

export const APPROVAL_SUBJECTS = ['leave', 'overtime', 'correction'] as const;

/**
 * One step of an approval chain. Steps are created with the request (step 1
 * `pending`, later ones `waiting`); approving a step makes the next one
 * `pending`; the last approval approves the request; a rejection ends it.
 * `approverEmployeeId` names the person for `manager`/`department_head` steps;
 * `hr` steps can be taken by anyone holding `attendance.approve` at scope `all`.
 */
export const approvalSteps = sqliteTable(
  'attendance_approval_steps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subjectType: text('subject_type', { enum: APPROVAL_SUBJECTS }).notNull(),
    subjectId: integer('subject_id').notNull(),
    /** The requester: their own requests never reach their inbox. */
    employeeId: integer('employee_id').notNull(),
    stepNo: integer('step_no').notNull(),
    approverKind: text('approver_kind', { enum: ['manager', 'department_head', 'hr'] }).notNull(),
    approverEmployeeId: integer('approver_employee_id'),
    status: text('status', { enum: ['waiting', 'pending', 'approved', 'rejected', 'skipped', 'cancelled'] }).notNull(),
    comment: text('comment').notNull().default(''),
    decidedByUserId: integer('decided_by_user_id'),
    decidedByName: text('decided_by_name'),
    /** Decided by HR (approve at scope `all`) instead of the named approver. */
    onBehalf: integer('on_behalf', { mode: 'boolean' }).notNull().default(false),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('attendance_approval_steps_subject').on(t.subjectType, t.subjectId, t.stepNo),
    index('attendance_approval_steps_inbox').on(t.status, t.approverEmployeeId),
    index('attendance_approval_steps_decider').on(t.decidedByUserId, t.decidedAt),
  ],
);

// ---------------------------------------------------------------- month locks

/** A month closed for payroll: changes to its days need `attendance.override` and are audited. */
export const monthLocks = sqliteTable('attendance_month_locks', {
  month: text('month').primaryKey(),
  lockedByUserId: integer('locked_by_user_id'),
  /** Who locked it, as shown then (users may be renamed or removed later). */
  lockedByName: text('locked_by_name'),
  note: text('note').notNull().default(''),
  lockedAt: integer('locked_at', { mode: 'timestamp_ms' }).notNull().default(now),
});
