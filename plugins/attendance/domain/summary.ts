/**
 * One employee's month for payroll (service-api.ts `MonthlySummary`), from the
 * month's daily results, the leave taken in the month and the overtime taken
 * as time off in lieu. Pure: the service reads the rows and passes them in.
 */
import type { MonthlySummary } from '../service-api.js';
import { overLimit } from './overtime.js';
import type { CalendarDay, DailyStatus, DayKind, OvertimeClass } from './types.js';

/** The columns of `attendance_daily_results` a summary needs. */
export interface SummaryDayRow {
  date: string;
  dayKind: DayKind;
  status: DailyStatus | string;
  firstIn: number | null;
  lateMinutes: number;
  earlyMinutes: number;
  absentMinutes: number;
  missingIn: boolean;
  missingOut: boolean;
  overtimeMinutes: number;
  overtimeClass: OvertimeClass | null;
}

/** Approved leave of one type, the minutes of it that fall inside the month. */
export interface SummaryLeave {
  code: string;
  name: string;
  paid: boolean;
  minutes: number;
}

export interface SummaryEmployee {
  id: number;
  employeeNo: string;
  name: string;
  hireDate: string | null;
  terminationDate: string | null;
}

export interface SummaryInput {
  employee: SummaryEmployee;
  /** `YYYY-MM` */
  month: string;
  /** Every day of the month, classified. */
  calendar: Pick<CalendarDay, 'date' | 'kind'>[];
  /** The month's daily results (up to today for the current month). */
  days: SummaryDayRow[];
  leave: SummaryLeave[];
  /** Approved overtime to be taken as time off in lieu, minutes per date. */
  lieuMinutesByDate: ReadonlyMap<string, number>;
  workdayMinutes: number;
  monthlyLimitHours: number;
  locked: boolean;
}

const WORKED: ReadonlySet<string> = new Set(['normal', 'late', 'early', 'late_early']);

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Whether the employee was employed on `date` (no hire date: always; left: through the termination date). */
export function employedOn(e: Pick<SummaryEmployee, 'hireDate' | 'terminationDate'>, date: string): boolean {
  return (!e.hireDate || e.hireDate <= date) && (!e.terminationDate || e.terminationDate >= date);
}

/** Whether any day from `from` to `to` falls inside the employment. */
export function employedDuring(e: Pick<SummaryEmployee, 'hireDate' | 'terminationDate'>, from: string, to: string): boolean {
  return (!e.hireDate || e.hireDate <= to) && (!e.terminationDate || e.terminationDate >= from);
}

/**
 * Days of absence (旷工) of one day's result, in halves: partial absences count
 * half a day, a longer one the whole day, never more than one day.
 */
export function absentDaysOf(row: Pick<SummaryDayRow, 'status' | 'absentMinutes'>, workdayMinutes: number): number {
  if (row.absentMinutes > 0) return Math.min(1, Math.max(0.5, Math.round((row.absentMinutes / workdayMinutes) * 2) / 2));
  return row.status === 'absent' ? 1 : 0;
}

export function summarizeMonth(input: SummaryInput): MonthlySummary {
  const { employee, workdayMinutes } = input;
  let daysWorked = 0;
  let lateCount = 0;
  let lateMinutes = 0;
  let earlyCount = 0;
  let earlyMinutes = 0;
  let absentDays = 0;
  let missingPunchCount = 0;
  const overtime: Record<OvertimeClass, number> = { workday: 0, restday: 0, holiday: 0 };
  let lieuMinutes = 0;

  for (const row of input.days) {
    // A day in progress with a check-in counts as worked; one without is not decided yet.
    if (WORKED.has(row.status) || (row.status === 'pending' && row.firstIn != null)) daysWorked++;
    if (row.lateMinutes > 0) {
      lateCount++;
      lateMinutes += row.lateMinutes;
    }
    if (row.earlyMinutes > 0) {
      earlyCount++;
      earlyMinutes += row.earlyMinutes;
    }
    absentDays += absentDaysOf(row, workdayMinutes);
    missingPunchCount += (row.missingIn ? 1 : 0) + (row.missingOut ? 1 : 0);
    if (row.overtimeMinutes > 0 && row.overtimeClass) {
      // Lieu is what was approved as lieu, but never more than the day's result credits.
      const lieu = Math.min(input.lieuMinutesByDate.get(row.date) ?? 0, row.overtimeMinutes);
      overtime[row.overtimeClass] += row.overtimeMinutes - lieu;
      lieuMinutes += lieu;
    }
  }

  const leave = input.leave
    .filter((l) => l.minutes > 0)
    .map((l) => ({ code: l.code, name: l.name, paid: l.paid, minutes: l.minutes, days: round2(l.minutes / workdayMinutes) }));
  const leaveDays = (paid: boolean) => round2(leave.filter((l) => l.paid === paid).reduce((sum, l) => sum + l.minutes, 0) / workdayMinutes);

  const scheduledDays = input.calendar.filter((d) => d.kind === 'workday' && employedOn(employee, d.date)).length;
  const totalOvertime = overtime.workday + overtime.restday + overtime.holiday + lieuMinutes;

  return {
    employeeId: employee.id,
    employeeNo: employee.employeeNo,
    name: employee.name,
    month: input.month,
    scheduledDays,
    daysWorked,
    lateCount,
    lateMinutes,
    earlyCount,
    earlyMinutes,
    absentDays,
    missingPunchCount,
    leave,
    paidLeaveDays: leaveDays(true),
    unpaidLeaveDays: leaveDays(false),
    overtimeHours: { workday: round2(overtime.workday / 60), restday: round2(overtime.restday / 60), holiday: round2(overtime.holiday / 60) },
    lieuHoursEarned: round2(lieuMinutes / 60),
    // The legal limit is on all extended hours, however they are compensated.
    overtimeOverLimit: overLimit(totalOvertime, input.monthlyLimitHours),
    locked: input.locked,
  };
}
