/**
 * Overtime classes and rates of 《劳动法》第四十四条 and the monthly limit of
 * 第四十一条.
 */
import { parseHhmm } from './time.js';
import type { CalendarDay, OvertimeClass } from './types.js';

/** Pay rate of each class: workday 150%, rest day 200%, statutory holiday 300%. */
export const OVERTIME_RATE: Readonly<Record<OvertimeClass, number>> = Object.freeze({ workday: 1.5, restday: 2, holiday: 3 });

/**
 * The overtime class of work done on `day`: workdays (adjusted ones included)
 * → `workday`; weekends and rest days inside a holiday period → `restday`;
 * statutory holidays → `holiday`.
 */
export function overtimeClassOf(day: CalendarDay): OvertimeClass {
  switch (day.kind) {
    case 'workday':
      return 'workday';
    case 'statutory':
      return 'holiday';
    case 'restday':
    case 'holiday_rest':
      return 'restday';
  }
}

/**
 * Whether the overtime may be compensated with time off in lieu (调休) instead
 * of pay: only rest-day overtime (第四十四条第二项: 200% "or" time off);
 * workday and statutory-holiday overtime must be paid.
 */
export function lieuAllowed(cls: OvertimeClass): boolean {
  return cls === 'restday';
}

/** Minutes from `HH:MM` to `HH:MM`; an end at or before the start is on the next day. Throws on a malformed time. */
export function overtimeMinutesBetween(startHHMM: string, endHHMM: string): number {
  const start = parseHhmm(startHHMM);
  const end = parseHhmm(endHHMM);
  return end > start ? end - start : end + 1440 - start;
}

/** Whether a month's overtime (minutes) exceeds the legal limit in hours (36 by 第四十一条). Exactly at the limit is allowed. */
export function overLimit(totalMinutes: number, limitHours: number): boolean {
  return totalMinutes > limitHours * 60;
}
