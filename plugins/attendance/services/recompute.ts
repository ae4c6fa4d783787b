/**
 * Daily results (每日考勤结果): for each employee and day, everything the pure
 * `computeDay` needs is loaded with one query per table for the whole range
 * (roster, calendar, shifts in bulk, punches of the range ± 1 day for night
 * shifts, approved leave and overtime), grouped in maps by employee, and the
 * results are written with one prepared INSERT OR REPLACE in a transaction.
 *
 * Days after today are not written (they have not happened); today is
 * "in progress". Days of a year with no holiday data are not computed: their
 * old results are removed, and the pages say why (never a silent guess).
 */
import { computeDay } from '../domain/daily.js';
import { leaveSpanOnDay, type LeavePart } from '../domain/leave-duration.js';
import { addDays, dateRange, monthRange, monthsBetween, parseHhmm, zonedMidnight } from '../domain/time.js';
import type { CalendarDay, DailyInput, LeaveSpan, OvertimeSpan, ShiftRule } from '../domain/types.js';
import { maxDate, minDate, splitByYear } from './ranges.js';
import type { AttendanceParts, RecomputeOptions, RecomputeService } from './types.js';

const MINUTE = 60_000;
/** Up to this many employees, punches are read per employee through the (employee, at) index. */
const PER_EMPLOYEE_QUERY_LIMIT = 50;

interface LeaveRow {
  employeeId: number;
  leaveTypeId: number;
  startDate: string;
  startHalf: 'am' | 'pm';
  endDate: string;
  endHalf: 'am' | 'pm';
  startTime: string | null;
  endTime: string | null;
  calendarDays: number;
}

interface OvertimeRow {
  employeeId: number;
  date: string;
  startTime: string;
  endTime: string;
}

/** Which part of `date` a leave request covers. */
export function leavePartOn(req: Pick<LeaveRow, 'startDate' | 'startHalf' | 'endDate' | 'endHalf' | 'startTime' | 'endTime'>, date: string): LeavePart {
  if (req.startTime && req.endTime) return 'hours';
  const startsPm = date === req.startDate && req.startHalf === 'pm';
  const endsAm = date === req.endDate && req.endHalf === 'am';
  if (startsPm && !endsAm) return 'pm';
  if (endsAm && !startsPm) return 'am';
  return 'full';
}

/** An approved overtime request as minutes after its date's midnight (an end at or before the start is the next day). */
export function overtimeSpan(startTime: string, endTime: string): OvertimeSpan {
  const from = parseHhmm(startTime);
  let to = parseHhmm(endTime);
  if (to <= from) to += 1440;
  return { from, to };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function createRecomputeService(parts: AttendanceParts): RecomputeService {
  const { sqlite, ctx, settings } = parts;
  const timezone = ctx.config.timezone;

  const insert = sqlite.prepare(
    `INSERT OR REPLACE INTO attendance_daily_results
       (employee_id, date, day_kind, shift_id, status, first_in, last_out, worked_minutes, late_minutes, early_minutes, absent_minutes,
        missing_in, missing_out, leave_minutes, leave_type_id, overtime_minutes, overtime_class, computed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const punchesOfAll = sqlite.prepare('SELECT employee_id AS employeeId, at FROM attendance_punches WHERE at >= ? AND at < ? ORDER BY employee_id, at');
  const punchesOfOne = sqlite.prepare('SELECT employee_id AS employeeId, at FROM attendance_punches WHERE employee_id = ? AND at >= ? AND at < ? ORDER BY at');
  const leaveRows = sqlite.prepare(
    `SELECT r.employee_id AS employeeId, r.leave_type_id AS leaveTypeId, r.start_date AS startDate, r.start_half AS startHalf,
            r.end_date AS endDate, r.end_half AS endHalf, r.start_time AS startTime, r.end_time AS endTime, t.calendar_days AS calendarDays
       FROM attendance_leave_requests r JOIN attendance_leave_types t ON t.id = r.leave_type_id
      WHERE r.status = 'approved' AND r.start_date <= ? AND r.end_date >= ?`,
  );
  const overtimeRows = sqlite.prepare(
    `SELECT employee_id AS employeeId, date, start_time AS startTime, end_time AS endTime
       FROM attendance_overtime_requests WHERE status = 'approved' AND date >= ? AND date <= ?`,
  );
  const deleteAll = sqlite.prepare('DELETE FROM attendance_daily_results WHERE date >= ? AND date <= ?');
  const deleteOne = sqlite.prepare('DELETE FROM attendance_daily_results WHERE employee_id = ? AND date >= ? AND date <= ?');

  function loadPunches(ids: number[] | undefined, from: number, to: number): Map<number, number[]> {
    const out = new Map<number, number[]>();
    const rows =
      ids && ids.length <= PER_EMPLOYEE_QUERY_LIMIT
        ? ids.flatMap((id) => punchesOfOne.all(id, from, to) as { employeeId: number; at: number }[])
        : (punchesOfAll.all(from, to) as { employeeId: number; at: number }[]);
    for (const r of rows) push(out, r.employeeId, r.at);
    return out;
  }

  function leaveSpans(employeeIds: Set<number>, from: string, to: string, shiftsOf: Map<number, Map<string, ShiftRule | null>>): Map<number, Map<string, LeaveSpan[]>> {
    const out = new Map<number, Map<string, LeaveSpan[]>>();
    for (const req of leaveRows.all(to, from) as LeaveRow[]) {
      if (!employeeIds.has(req.employeeId)) continue;
      const byDate = out.get(req.employeeId) ?? new Map<string, LeaveSpan[]>();
      out.set(req.employeeId, byDate);
      const first = req.startDate > from ? req.startDate : from;
      for (const date of dateRange(first, minDate(req.endDate, to))) {
        const shift = shiftsOf.get(req.employeeId)?.get(date) ?? null;
        // Leave on a day off changes nothing, except for types counted in calendar days (maternity).
        if (!shift && !req.calendarDays) continue;
        try {
          const span = leaveSpanOnDay(leavePartOn(req, date), shift, settings.workdayMinutes, req.startTime, req.endTime);
          push(byDate, date, { leaveTypeId: req.leaveTypeId, ...span });
        } catch {
          // A stored request with unusable times was validated when made; it cannot shape this day.
        }
      }
    }
    return out;
  }

  function overtimeSpans(employeeIds: Set<number>, from: string, to: string): Map<number, Map<string, OvertimeSpan[]>> {
    const out = new Map<number, Map<string, OvertimeSpan[]>>();
    for (const r of overtimeRows.all(from, to) as OvertimeRow[]) {
      if (!employeeIds.has(r.employeeId)) continue;
      const byDate = out.get(r.employeeId) ?? new Map<string, OvertimeSpan[]>();
      out.set(r.employeeId, byDate);
      push(byDate, r.date, overtimeSpan(r.startTime, r.endTime));
    }
    return out;
  }

  /** Compute and write one stretch of dates inside a known year. */
  function computeSegment(from: string, to: string, ids: number[] | undefined): number {
    const roster = ctx.people.employees
      .roster({ ids, includeLeft: true })
      .filter((e) => (!e.hireDate || e.hireDate <= to) && (!e.terminationDate || e.terminationDate >= from));
    if (!roster.length) return 0;
    const employeeIds = roster.map((e) => e.id);
    const idSet = new Set(employeeIds);
    const days: CalendarDay[] = parts.calendar.days(from, to);
    // Neighbouring days' shifts decide who owns a punch between two shifts (night shifts).
    const before = addDays(from, -1);
    const after = addDays(to, 1);
    const known = (date: string) => parts.calendar.isYearKnown(Number(date.slice(0, 4)));
    const shiftsOf = parts.schedule.shiftsFor(employeeIds, known(before) ? before : from, known(after) ? after : to);
    // Punches from the day before to the day after the range: night shifts reach across midnight.
    const midnights = days.map((d) => zonedMidnight(d.date, timezone));
    const previousDates = days.map((d) => addDays(d.date, -1));
    const nextDates = days.map((d) => addDays(d.date, 1));
    const windowStart = zonedMidnight(addDays(from, -1), timezone);
    const windowEnd = zonedMidnight(addDays(to, 2), timezone);
    const punchesOf = loadPunches(ids ? employeeIds : undefined, windowStart, windowEnd);
    const leaveOf = leaveSpans(idSet, from, to, shiftsOf);
    const overtimeOf = overtimeSpans(idSet, from, to);
    const today = parts.today();
    const computedAt = parts.now().getTime();
    const noSpans: never[] = [];
    let written = 0;

    for (const e of roster) {
      const instants = punchesOf.get(e.id) ?? [];
      const shifts = shiftsOf.get(e.id);
      const leave = leaveOf.get(e.id);
      const overtime = overtimeOf.get(e.id);
      let lo = 0;
      for (let i = 0; i < days.length; i++) {
        const day = days[i]!;
        const midnight = midnights[i]!;
        // The previous day, this day and the next: a sliding window over the sorted instants.
        const low = midnight - 1440 * MINUTE;
        const high = midnight + 2880 * MINUTE;
        while (lo < instants.length && instants[lo]! < low) lo++;
        const punches: number[] = [];
        for (let k = lo; k < instants.length && instants[k]! < high; k++) punches.push(Math.floor((instants[k]! - midnight) / MINUTE));
        const input: DailyInput = {
          date: day.date,
          day,
          shift: shifts?.get(day.date) ?? null,
          punches,
          leave: leave?.get(day.date) ?? noSpans,
          overtime: overtime?.get(day.date) ?? noSpans,
          overtimeMode: settings.overtime.mode,
          minOvertimeMinutes: settings.overtime.minMinutes,
          inProgress: day.date === today,
          employed: (!e.hireDate || day.date >= e.hireDate) && (!e.terminationDate || day.date <= e.terminationDate),
        };
        const r = computeDay(input, { previous: shifts?.get(previousDates[i]!), next: shifts?.get(nextDates[i]!) });
        insert.run(
          e.id,
          day.date,
          day.kind,
          input.shift?.id ?? null,
          r.status,
          r.firstIn,
          r.lastOut,
          r.workedMinutes,
          r.lateMinutes,
          r.earlyMinutes,
          r.absentMinutes,
          r.missingIn ? 1 : 0,
          r.missingOut ? 1 : 0,
          r.leaveMinutes,
          r.leaveTypeId,
          r.overtimeMinutes,
          r.overtimeClass,
          computedAt,
        );
        written++;
      }
    }
    return written;
  }

  function forget(from: string, to: string, ids: number[] | undefined): void {
    if (ids) for (const id of ids) deleteOne.run(id, from, to);
    else deleteAll.run(from, to);
  }

  /** `from..to` without the days of locked months, as contiguous ranges. */
  const openRanges = (from: string, to: string): { from: string; to: string }[] => {
    const ranges: { from: string; to: string }[] = [];
    for (const month of monthsBetween(from, to)) {
      if (parts.locks.isLocked(month)) continue;
      const { from: first, to: last } = monthRange(month);
      const range = { from: maxDate(first, from), to: minDate(last, to) };
      const previous = ranges.at(-1);
      if (previous && addDays(previous.to, 1) === range.from) previous.to = range.to;
      else ranges.push(range);
    }
    return ranges;
  };

  const many = (from: string, to: string, employeeIds?: number[], options: RecomputeOptions = {}): number => {
    const end = minDate(to, parts.today());
    if (from > end || (employeeIds && !employeeIds.length)) return 0;
    const ranges = options.skipLocked ? openRanges(from, end) : [{ from, to: end }];
    return sqlite.transaction(() => {
      let written = 0;
      for (const range of ranges) {
        for (const segment of splitByYear(range.from, range.to)) {
          if (parts.calendar.isYearKnown(segment.year)) written += computeSegment(segment.from, segment.to, employeeIds);
          else forget(segment.from, segment.to, employeeIds);
        }
      }
      return written;
    })();
  };

  return {
    many,
    employee(employeeId, from, to, options) {
      many(from, to, [employeeId], options);
    },
  };
}
