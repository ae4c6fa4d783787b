/**
 * Reports over daily results: the monthly summary payroll reads, the days HR
 * must resolve (exceptions), who is out today and a team's month. Daily
 * results are the source of truth for attendance; approved leave requests for
 * leave taken (split at month ends over the work calendar), approved overtime
 * requests for what is taken as time off in lieu.
 */
import { and, asc, eq, gte, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Locale, Scope, SessionUser } from '../../../core/sdk.js';
import { LeaveInputError, leaveMinutes } from '../domain/leave-duration.js';
import { employedDuring, employedOn, summarizeMonth, type SummaryDayRow } from '../domain/summary.js';
import { addDays, dateRange, daysBetween, monthRange } from '../domain/time.js';
import type { CalendarDay } from '../domain/types.js';
import type { MonthlySummary } from '../service-api.js';
import { dailyResults, leaveRequests, leaveTypes, overtimeRequests } from '../schema.js';
import { assertMonth } from './locks.js';
import type { AttendanceParts } from './types.js';

export type LeaveTypeInfo = Pick<typeof leaveTypes.$inferSelect, 'id' | 'code' | 'nameZh' | 'nameEn' | 'paid' | 'calendarDays'>;

/** What the summary needs of the leave service. */
export interface LeaveTypesSource {
  types(): LeaveTypeInfo[];
}

type RosterEntry = ReturnType<AttendanceParts['ctx']['people']['employees']['roster']>[number];
type DailyRow = typeof dailyResults.$inferSelect;

export const EXCEPTION_KINDS = ['late', 'early', 'absent', 'missing'] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

export interface ExceptionFilters {
  kind?: ExceptionKind;
  departmentId?: number;
  /** Name (contains) or employee number (prefix). */
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface ExceptionItem {
  employeeId: number;
  employeeNo: string;
  name: string;
  departmentId: number;
  date: string;
  status: string;
  firstIn: number | null;
  lastOut: number | null;
  lateMinutes: number;
  earlyMinutes: number;
  absentMinutes: number;
  missingIn: boolean;
  missingOut: boolean;
}

export interface TodayPerson {
  employeeId: number;
  employeeNo: string;
  name: string;
  departmentId: number;
}

export interface TodayLeave extends TodayPerson {
  leaveTypeCode: string;
  leaveTypeName: string;
  /** `full` day, `am`/`pm` half, or `hours` (startTime–endTime). */
  part: 'full' | 'am' | 'pm' | 'hours';
  startTime: string | null;
  endTime: string | null;
  endDate: string;
}

export interface TodayOverview {
  date: string;
  day: CalendarDay;
  /** Employees with a shift today and not on leave the whole day. */
  expected: number;
  /** Of those, the ones who have checked in. */
  present: number;
  /** present ÷ expected, 0..1; null when nobody is expected (rest day). */
  rate: number | null;
  onLeave: TodayLeave[];
  absent: TodayPerson[];
  late: (TodayPerson & { lateMinutes: number })[];
  notYetIn: TodayPerson[];
}

const person = (e: RosterEntry): TodayPerson => ({ employeeId: e.id, employeeNo: e.employeeNo, name: e.name, departmentId: e.departmentId });

export function createSummaryService(parts: AttendanceParts, deps: { leave: LeaveTypesSource }) {
  const { ctx, db, settings } = parts;
  const workdayMinutes = settings.workdayMinutes;

  /** Everyone employed at some point from `from` to `to` (optionally among `ids`), by employee number. */
  const employedBetween = (from: string, to: string, ids?: number[]): RosterEntry[] =>
    ctx.people.employees.roster({ ids, includeLeft: true }).filter((e) => employedDuring(e, from, to));

  const visibleIds = (user: SessionUser, scope: Scope): number[] | undefined => (scope === 'all' ? undefined : ctx.people.scopes.visibleEmployeeIds(user, scope));

  const inIds = (column: AnySQLiteColumn, ids: number[] | undefined): SQL | undefined => (ids ? inArray(column, ids.length ? ids : [-1]) : undefined);

  /**
   * Daily results are written when something changes and by the nightly job;
   * days nobody touched (the job was off, an employee was added later) have no
   * row. Recompute the employees missing rows for past days of the range first.
   */
  const ensureRows = (from: string, to: string, employees: RosterEntry[]): void => {
    const today = parts.today();
    const pastEnd = to < today ? to : addDays(today, -1);
    if (pastEnd < from || !employees.length) return;
    const ids = employees.map((e) => e.id);
    const counts = new Map(
      db
        .select({ employeeId: dailyResults.employeeId, n: sql<number>`count(*)` })
        .from(dailyResults)
        .where(and(gte(dailyResults.date, from), lte(dailyResults.date, pastEnd), inIds(dailyResults.employeeId, ids)))
        .groupBy(dailyResults.employeeId)
        .all()
        .map((r) => [r.employeeId, r.n]),
    );
    const short = employees.filter((e) => {
      const first = e.hireDate && e.hireDate > from ? e.hireDate : from;
      const last = e.terminationDate && e.terminationDate < pastEnd ? e.terminationDate : pastEnd;
      return last >= first && (counts.get(e.id) ?? 0) < daysBetween(first, last) + 1;
    });
    if (short.length) parts.recompute.many(from, to < today ? to : today, short.map((e) => e.id), { skipLocked: true });
  };

  const rowsBetween = (from: string, to: string, ids: number[] | undefined): DailyRow[] =>
    db
      .select()
      .from(dailyResults)
      .where(and(gte(dailyResults.date, from), lte(dailyResults.date, to), inIds(dailyResults.employeeId, ids)))
      .orderBy(asc(dailyResults.employeeId), asc(dailyResults.date))
      .all();

  const approvedLeaveOverlapping = (from: string, to: string, ids: number[] | undefined) =>
    db
      .select()
      .from(leaveRequests)
      .where(and(eq(leaveRequests.status, 'approved'), lte(leaveRequests.startDate, to), gte(leaveRequests.endDate, from), inIds(leaveRequests.employeeId, ids)))
      .all();

  /**
   * Minutes of approved leave inside `from`..`to`, per employee and leave type.
   * A request crossing the range's ends is measured day by day over the work
   * calendar; days outside the range do not matter, so they stand in as rest days
   * (the next year's holidays may not be known yet).
   */
  const leaveTaken = (from: string, to: string, calendar: CalendarDay[], ids: number[] | undefined, types: Map<number, LeaveTypeInfo>) => {
    const out = new Map<number, Map<number, number>>();
    const known = new Map(calendar.map((d) => [d.date, d]));
    for (const r of approvedLeaveOverlapping(from, to, ids)) {
      let minutes = r.minutes;
      if (r.startDate < from || r.endDate > to) {
        const days = dateRange(r.startDate, r.endDate).map((date): CalendarDay => known.get(date) ?? { date, kind: 'restday', name: '', adjusted: false, source: 'weekday' });
        try {
          const measured = leaveMinutes(r, days, { workdayMinutes, calendarDays: types.get(r.leaveTypeId)?.calendarDays ?? false });
          minutes = measured.perDay.filter((d) => d.date >= from && d.date <= to).reduce((sum, d) => sum + d.minutes, 0);
        } catch (err) {
          if (!(err instanceof LeaveInputError)) throw err;
          minutes = 0;
        }
      }
      const perType = out.get(r.employeeId) ?? new Map<number, number>();
      perType.set(r.leaveTypeId, (perType.get(r.leaveTypeId) ?? 0) + minutes);
      out.set(r.employeeId, perType);
    }
    return out;
  };

  /** Approved overtime to be taken as time off in lieu, minutes per employee and date. */
  const lieuTaken = (from: string, to: string, ids: number[] | undefined) => {
    const out = new Map<number, Map<string, number>>();
    const rows = db
      .select({ employeeId: overtimeRequests.employeeId, date: overtimeRequests.date, minutes: overtimeRequests.minutes })
      .from(overtimeRequests)
      .where(and(eq(overtimeRequests.status, 'approved'), eq(overtimeRequests.compensation, 'lieu'), gte(overtimeRequests.date, from), lte(overtimeRequests.date, to), inIds(overtimeRequests.employeeId, ids)))
      .all();
    for (const r of rows) {
      const perDate = out.get(r.employeeId) ?? new Map<string, number>();
      perDate.set(r.date, (perDate.get(r.date) ?? 0) + r.minutes);
      out.set(r.employeeId, perDate);
    }
    return out;
  };

  const typeName = (t: LeaveTypeInfo | undefined, locale: Locale) => (t ? (locale === 'en' ? t.nameEn : t.nameZh) : '');

  /**
   * The month's summary of every employee employed in it (or of `employeeIds`),
   * ordered by employee number. Throws the 422 "unknown holiday year" when the
   * calendar cannot class the month's days.
   */
  function monthly(month: string, employeeIds?: number[], locale: Locale = ctx.config.defaultLocale): MonthlySummary[] {
    assertMonth(month);
    const { from, to } = monthRange(month);
    const calendar = parts.calendar.days(from, to);
    const employees = employedBetween(from, to, employeeIds);
    if (!employees.length) return [];
    ensureRows(from, to, employees);
    const ids = employeeIds ? employees.map((e) => e.id) : undefined;
    const rowsOf = new Map<number, SummaryDayRow[]>();
    for (const r of rowsBetween(from, to, ids)) {
      const list = rowsOf.get(r.employeeId) ?? [];
      list.push(r);
      rowsOf.set(r.employeeId, list);
    }
    const typeList = deps.leave.types();
    const types = new Map(typeList.map((t) => [t.id, t]));
    // Leave per type in the types' own order (annual, sick, personal…), not in the order taken.
    const order = new Map(typeList.map((t, i) => [t.id, i]));
    const leave = leaveTaken(from, to, calendar, ids, types);
    const lieu = lieuTaken(from, to, ids);
    const locked = parts.locks.isLocked(month);
    return employees.map((e) =>
      summarizeMonth({
        employee: e,
        month,
        calendar,
        days: rowsOf.get(e.id) ?? [],
        leave: [...(leave.get(e.id) ?? new Map<number, number>())]
          .sort(([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity))
          .map(([typeId, minutes]) => {
            const t = types.get(typeId);
            return { code: t?.code ?? String(typeId), name: typeName(t, locale), paid: t?.paid ?? true, minutes };
          }),
        lieuMinutesByDate: lieu.get(e.id) ?? new Map(),
        workdayMinutes,
        monthlyLimitHours: settings.overtime.monthlyLimitHours,
        locked,
      }),
    );
  }

  /** Days of the month HR may need to resolve: late, early, absent or a punch missing. Newest first. */
  function exceptions(month: string, filters: ExceptionFilters = {}): { items: ExceptionItem[]; total: number; pages: number; page: number } {
    assertMonth(month);
    const { from, to } = monthRange(month);
    // Refuse a month of an unknown holiday year as clearly as the summary does (its rows would be missing, not "no exceptions").
    parts.calendar.days(from, to);
    const employees = employedBetween(from, to);
    ensureRows(from, to, employees);
    const byKind: Record<ExceptionKind, SQL> = {
      late: sql`${dailyResults.lateMinutes} > 0`,
      early: sql`${dailyResults.earlyMinutes} > 0`,
      absent: or(eq(dailyResults.status, 'absent'), sql`${dailyResults.absentMinutes} > 0`)!,
      missing: or(eq(dailyResults.missingIn, true), eq(dailyResults.missingOut, true))!,
    };
    const kindCondition = filters.kind ? byKind[filters.kind] : or(...Object.values(byKind));
    const rows = db
      .select()
      .from(dailyResults)
      .where(and(gte(dailyResults.date, from), lte(dailyResults.date, to), kindCondition))
      .orderBy(sql`${dailyResults.date} DESC`, asc(dailyResults.employeeId))
      .all();
    const q = filters.q?.trim().toLowerCase() ?? '';
    const who = new Map(employees.map((e) => [e.id, e]));
    const items: ExceptionItem[] = [];
    for (const r of rows) {
      const e = who.get(r.employeeId);
      if (!e) continue;
      if (filters.departmentId && e.departmentId !== filters.departmentId) continue;
      if (q && !e.name.toLowerCase().includes(q) && !e.employeeNo.toLowerCase().startsWith(q)) continue;
      items.push({
        employeeId: e.id,
        employeeNo: e.employeeNo,
        name: e.name,
        departmentId: e.departmentId,
        date: r.date,
        status: r.status,
        firstIn: r.firstIn,
        lastOut: r.lastOut,
        lateMinutes: r.lateMinutes,
        earlyMinutes: r.earlyMinutes,
        absentMinutes: r.absentMinutes,
        missingIn: r.missingIn,
        missingOut: r.missingOut,
      });
    }
    const pageSize = filters.pageSize ?? 50;
    const pages = Math.max(1, Math.ceil(items.length / pageSize));
    const page = Math.min(Math.max(1, filters.page ?? 1), pages);
    return { items: items.slice((page - 1) * pageSize, page * pageSize), total: items.length, pages, page };
  }

  /** Who is out today among the employees `user` reaches with `scope`, and the attendance rate. */
  function today(user: SessionUser, scope: Scope, locale: Locale = ctx.config.defaultLocale): TodayOverview {
    const date = parts.today();
    const day = parts.calendar.day(date);
    const ids = visibleIds(user, scope);
    const employees = ctx.people.employees.roster({ ids }).filter((e) => employedOn(e, date));
    const idList = employees.map((e) => e.id);
    let rows = new Map(rowsBetween(date, date, idList).map((r) => [r.employeeId, r]));
    const missing = idList.filter((id) => !rows.has(id));
    if (missing.length) {
      parts.recompute.many(date, date, missing, { skipLocked: true });
      rows = new Map(rowsBetween(date, date, idList).map((r) => [r.employeeId, r]));
    }
    const types = new Map(deps.leave.types().map((t) => [t.id, t]));
    const leaveOf = new Map<number, TodayLeave>();
    const byId = new Map(employees.map((e) => [e.id, e]));
    for (const r of approvedLeaveOverlapping(date, date, idList)) {
      const e = byId.get(r.employeeId);
      if (!e) continue;
      const part: TodayLeave['part'] = r.startTime
        ? 'hours'
        : r.startDate === date && r.startHalf === 'pm'
          ? 'pm'
          : r.endDate === date && r.endHalf === 'am'
            ? 'am'
            : 'full';
      const t = types.get(r.leaveTypeId);
      leaveOf.set(e.id, { ...person(e), leaveTypeCode: t?.code ?? '', leaveTypeName: typeName(t, locale), part, startTime: r.startTime, endTime: r.endTime, endDate: r.endDate });
    }
    const overview: TodayOverview = { date, day, expected: 0, present: 0, rate: null, onLeave: [...leaveOf.values()], absent: [], late: [], notYetIn: [] };
    for (const e of employees) {
      const row = rows.get(e.id);
      const fullDayLeave = leaveOf.get(e.id)?.part === 'full' || row?.status === 'leave';
      if (row?.status === 'absent') overview.absent.push(person(e));
      if (row && row.lateMinutes > 0) overview.late.push({ ...person(e), lateMinutes: row.lateMinutes });
      if (!row || row.shiftId == null || fullDayLeave) continue;
      overview.expected++;
      if (row.firstIn != null) overview.present++;
      else if (row.status !== 'absent') overview.notYetIn.push(person(e));
    }
    overview.rate = overview.expected ? overview.present / overview.expected : null;
    return overview;
  }

  /** The month's summaries of the employees `user` reaches with `scope`. */
  function teamMonth(user: SessionUser, scope: Scope, month: string, locale?: Locale): MonthlySummary[] {
    return monthly(month, visibleIds(user, scope), locale);
  }

  /** One employee's daily result of a date, or null when none was computed. */
  function day(employeeId: number, date: string): DailyRow | null {
    return rowsBetween(date, date, [employeeId])[0] ?? null;
  }

  return { monthly, exceptions, today, teamMonth, day };
}

export type SummaryService = ReturnType<typeof createSummaryService>;
