/** A month as weeks of day cells (Monday first) for the calendar views, plus small helpers the time pages share. */
import { HttpError, type HrContext } from '../../../core/sdk.js';
import { formatMinutes, isValidDate, monthOf, monthRange, shiftMonth, weekday } from '../domain/time.js';
import type { CalendarDay } from '../domain/types.js';
import type { DailyRow } from '../services/daily-results.js';
import type { CalendarService } from '../services/types.js';

export interface GridCell {
  date: string;
  dayOfMonth: number;
  kind: CalendarDay['kind'];
  name: string;
  adjusted: boolean;
  isToday: boolean;
  isFuture: boolean;
  result: DailyRow | null;
}

export interface MonthGrid {
  month: string;
  previous: string;
  next: string;
  /** Each week: seven cells, null outside the month. */
  weeks: (GridCell | null)[][];
}

/** `YYYY-MM` of the query, or the current month; a malformed month is a 400. */
export function monthParam(value: string | undefined, today: string): string {
  if (value === undefined || value === '') return monthOf(today);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw new HttpError(400, 'attendance.error.badMonth');
  return value;
}

export function dateParam(value: string | undefined, fallback: string): string {
  if (value === undefined || value === '') return fallback;
  if (!isValidDate(value)) throw new HttpError(400, 'attendance.error.badDate');
  return value;
}

export function neighbourMonths(month: string): { previous: string; next: string } {
  return { previous: shiftMonth(month, -1), next: shiftMonth(month, 1) };
}

/**
 * The month's days, or the year the calendar does not know (the page then
 * explains instead of failing). Other errors propagate.
 */
export function monthDays(calendar: CalendarService, month: string): { days: CalendarDay[] | null; unknownYear: number | null } {
  const { from, to } = monthRange(month);
  try {
    return { days: calendar.days(from, to), unknownYear: null };
  } catch (err) {
    if (err instanceof HttpError && err.messageKey === 'attendance.error.unknownYear') return { days: null, unknownYear: Number(err.params?.year) };
    throw err;
  }
}

export function monthGrid(month: string, days: CalendarDay[], results: Map<string, DailyRow>, today: string): MonthGrid {
  const cells: (GridCell | null)[] = [];
  const lead = (weekday(days[0]!.date) + 6) % 7; // Monday = 0
  for (let i = 0; i < lead; i++) cells.push(null);
  for (const d of days) {
    cells.push({
      date: d.date,
      dayOfMonth: Number(d.date.slice(8)),
      kind: d.kind,
      name: d.name,
      adjusted: d.adjusted,
      isToday: d.date === today,
      isFuture: d.date > today,
      result: results.get(d.date) ?? null,
    });
  }
  while (cells.length % 7) cells.push(null);
  const weeks: (GridCell | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return { month, ...neighbourMonths(month), weeks };
}

/** Minutes after midnight as the clock shows them (`08:55`, `06:05+1` for the next morning), or ''. */
export function clock(minutes: number | null | undefined): string {
  return minutes == null ? '' : formatMinutes(minutes);
}

/** The request's user, who must be linked to an employee for "my" pages. */
export function myEmployeeId(c: HrContext): number {
  const id = c.get('user')?.employeeId;
  if (id == null) throw new HttpError(422, 'attendance.error.noEmployee');
  return id;
}

/** Status badge class for a daily status. */
export function statusBadge(status: string): string {
  switch (status) {
    case 'normal':
      return 'badge-success';
    case 'late':
    case 'early':
    case 'late_early':
    case 'missing':
      return 'badge-warning';
    case 'absent':
      return 'badge-danger';
    case 'leave':
    case 'pending':
      return 'badge-primary';
    default:
      return '';
  }
}
