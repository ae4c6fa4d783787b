/**
 * Types shared by the pure domain functions of the attendance plugin. Nothing
 * here touches the database, HTTP or the clock: callers pass everything in.
 *
 * Conventions:
 * - Dates are ISO `YYYY-MM-DD` strings in the instance time zone.
 * - Times of day are minutes since that day's local midnight. A punch from the
 *   evening before is negative; one from the next morning is above 1440. This
 *   is how midnight-crossing shifts stay simple arithmetic.
 * - Amounts of work or leave time are integer minutes.
 */

/**
 * workday      a normal or adjusted working day (调休上班 included: `adjusted`)
 * restday      a weekend day or other rest day outside a holiday period
 * statutory    a statutory holiday (法定节假日): overtime pays 300%
 * holiday_rest a rest day inside a holiday period (调休放假 or a weekend in it):
 *              overtime pays 200% or is compensated with time off in lieu
 */
export type DayKind = 'workday' | 'restday' | 'statutory' | 'holiday_rest';

export interface CalendarDay {
  date: string;
  kind: DayKind;
  /** Holiday or company-day name, e.g. `国庆节`; '' for ordinary days. */
  name: string;
  /** A weekend day made a workday (调休上班). */
  adjusted: boolean;
  source: 'package' | 'manual' | 'company' | 'weekday';
}

export type OvertimeClass = 'workday' | 'restday' | 'holiday';

/** A shift as the daily-results function needs it (schema.ts `shifts`, times parsed to minutes). */
export interface ShiftRule {
  id: number;
  kind: 'fixed' | 'flexible';
  /** Minutes after midnight. */
  start: number;
  /** Minutes after midnight of the shift's date; above 1440 when it crosses midnight. */
  end: number;
  breakStart: number | null;
  breakEnd: number | null;
  graceLateMinutes: number;
  graceEarlyMinutes: number;
  flexMinutes: number;
  /** Work minutes the day requires (break excluded). */
  requiredMinutes: number;
  windowBeforeMinutes: number;
  windowAfterMinutes: number;
  absentAfterMinutes: number;
}

/** Leave that covers part or all of a day, as minutes relative to the day's midnight. */
export interface LeaveSpan {
  leaveTypeId: number;
  from: number;
  to: number;
}

/** Approved overtime of the day (requests), minutes relative to midnight. */
export interface OvertimeSpan {
  from: number;
  to: number;
}

export interface DailyInput {
  date: string;
  day: CalendarDay;
  /** The shift scheduled that day, or null for a day off in the schedule. */
  shift: ShiftRule | null;
  /** Punch times, minutes relative to the date's midnight, any order, may include neighbours' punches. */
  punches: number[];
  leave: LeaveSpan[];
  overtime: OvertimeSpan[];
  /** Whether overtime is credited only when requested and approved, or also detected from punches. */
  overtimeMode: 'request' | 'detect' | 'both';
  /** Minimum detected overtime that counts (shorter is ignored). */
  minOvertimeMinutes: number;
  /** The day is not over yet (today): a missing check-out is not final. */
  inProgress: boolean;
  /** Before hire or after leaving: nothing is expected. */
  employed: boolean;
}

export type DailyStatus =
  | 'normal'
  | 'late'
  | 'early'
  | 'late_early'
  | 'absent'
  | 'missing'
  | 'leave'
  | 'rest'
  | 'holiday'
  | 'pending'
  | 'not_employed';

export interface DailyResult {
  status: DailyStatus;
  /** Minutes relative to midnight of the punches that counted, or null. */
  firstIn: number | null;
  lastOut: number | null;
  workedMinutes: number;
  lateMinutes: number;
  earlyMinutes: number;
  absentMinutes: number;
  missingIn: boolean;
  missingOut: boolean;
  leaveMinutes: number;
  leaveTypeId: number | null;
  overtimeMinutes: number;
  overtimeClass: OvertimeClass | null;
}
