/**
 * The work calendar with the database's overrides: company days and years of
 * national holidays an admin entered by hand (domain/calendar.ts classifies).
 *
 * The overrides are cached in memory. Writes here drop the cache; a cheap
 * signature query (row counts and highest ids) also catches writes made by
 * another service instance on the same database, so the cache is never stale.
 */
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { HttpError, z, type HrContext, type SessionUser } from '../../../core/sdk.js';
import { classifyRange, isPackageYear, packageYears, UnknownHolidayYearError, type CalendarOverrides } from '../domain/calendar.js';
import { dateRange, isValidDate, isWeekend, yearOf } from '../domain/time.js';
import type { CalendarDay, DayKind } from '../domain/types.js';
import { calendarDays, DAY_KINDS, holidayYears } from '../schema.js';
import { parseOrThrow } from './input.js';
import { minDate, oneDatePerMonth } from './ranges.js';
import type { AttendanceParts, CalendarService, CompanyDayInput, ManualYear, ManualYearInput } from './types.js';

/** Longest company-day range or holiday period one entry may cover. */
const MAX_SPAN_DAYS = 31;
/** Years a hand-entered calendar may be for. */
export const MANUAL_YEAR_RANGE = { from: 2000, to: 2100 } as const;

const isoDate = z.string().refine(isValidDate, 'attendance.error.badDate');

export const companyDayInput = z.object({
  from: isoDate,
  to: z.preprocess((v) => (v === '' ? null : v), isoDate.nullish()),
  kind: z.enum(DAY_KINDS),
  name: z.string().trim().max(40).default(''),
});

export const manualYearInput = z.object({
  year: z.coerce.number().int().min(MANUAL_YEAR_RANGE.from).max(MANUAL_YEAR_RANGE.to),
  note: z.string().trim().max(200).default(''),
  periods: z.array(z.object({ from: isoDate, to: isoDate, kind: z.enum(['statutory', 'holiday_rest']), name: z.string().trim().min(1).max(40) })).min(1).max(40),
  workdays: z.array(z.object({ date: isoDate, name: z.string().trim().max(40).default('') })).max(20),
});

type Signature = string;

export function createCalendarService(parts: AttendanceParts): CalendarService {
  const { db, sqlite, ctx } = parts;
  let cached: { signature: Signature; overrides: CalendarOverrides } | null = null;

  const signatureStmt = sqlite.prepare(
    `SELECT (SELECT count(*) || ':' || coalesce(max(id), 0) FROM attendance_calendar_days)
       || '/' || (SELECT count(*) || ':' || coalesce(sum(year), 0) || ':' || coalesce(max(created_at), 0) FROM attendance_holiday_years)`,
  );

  function overrides(): CalendarOverrides {
    const signature = signatureStmt.pluck().get() as string;
    if (cached && cached.signature === signature) return cached.overrides;
    const fresh: CalendarOverrides = { company: new Map(), manual: new Map(), manualYears: new Set() };
    for (const row of db.select().from(calendarDays).all()) {
      (row.source === 'company' ? fresh.company : fresh.manual).set(row.date, { kind: row.kind, name: row.name });
    }
    for (const row of db.select({ year: holidayYears.year }).from(holidayYears).all()) fresh.manualYears.add(row.year);
    cached = { signature, overrides: fresh };
    return fresh;
  }

  function days(from: string, to: string): CalendarDay[] {
    try {
      return classifyRange(from, to, overrides());
    } catch (err) {
      if (err instanceof UnknownHolidayYearError) throw new HttpError(422, 'attendance.error.unknownYear', { year: err.year });
      throw err;
    }
  }

  /** Past days of the range are recomputed for everyone; future days are computed when they come. */
  function recomputePast(from: string, to: string): void {
    const end = minDate(to, parts.today());
    if (from <= end) parts.recompute.many(from, end);
  }

  function write<T>(c: HrContext | null, user: SessionUser | null, from: string, to: string, what: string, fn: () => T): T {
    return db.transaction(() => {
      parts.locks.assertWritable(c, user, oneDatePerMonth(from, to), what);
      const result = fn();
      cached = null;
      recomputePast(from, to);
      return result;
    });
  }

  function checkSpan(from: string, to: string, field: string): void {
    if (to < from) throw new HttpError(400, 'attendance.error.endBeforeStart');
    if (dateRange(from, to).length > MAX_SPAN_DAYS) throw new HttpError(400, 'attendance.time.error.spanTooLong', { max: MAX_SPAN_DAYS, field });
  }

  function manualYear(year: number): ManualYear | null {
    const row = db.select().from(holidayYears).where(eq(holidayYears.year, year)).get();
    if (!row) return null;
    const list = db
      .select({ date: calendarDays.date, kind: calendarDays.kind, name: calendarDays.name })
      .from(calendarDays)
      .where(and(eq(calendarDays.source, 'manual'), gte(calendarDays.date, `${year}-01-01`), lte(calendarDays.date, `${year}-12-31`)))
      .orderBy(asc(calendarDays.date))
      .all();
    return { year, note: row.note, days: list };
  }

  /** Every day the input marks, validated: inside the year, no overlaps, workdays on weekends outside the periods. */
  function yearDays(input: ManualYearInput): { date: string; kind: DayKind; name: string }[] {
    const out = new Map<string, { date: string; kind: DayKind; name: string }>();
    const inYear = (date: string) => yearOf(date) === input.year;
    for (const p of input.periods) {
      checkSpan(p.from, p.to, 'periods');
      if (!inYear(p.from) || !inYear(p.to)) throw new HttpError(400, 'attendance.time.error.outsideYear', { date: inYear(p.from) ? p.to : p.from, year: input.year });
      for (const date of dateRange(p.from, p.to)) {
        if (out.has(date)) throw new HttpError(400, 'attendance.time.error.overlap', { date });
        out.set(date, { date, kind: p.kind, name: p.name });
      }
    }
    for (const w of input.workdays) {
      if (!inYear(w.date)) throw new HttpError(400, 'attendance.time.error.outsideYear', { date: w.date, year: input.year });
      if (out.has(w.date)) throw new HttpError(400, 'attendance.time.error.overlap', { date: w.date });
      if (!isWeekend(w.date)) throw new HttpError(400, 'attendance.time.error.workdayNotWeekend', { date: w.date });
      out.set(w.date, { date: w.date, kind: 'workday', name: w.name });
    }
    return [...out.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
  }

  return {
    days,
    day: (date) => days(date, date)[0]!,
    years() {
      const manual = overrides().manualYears;
      const { from, to } = packageYears();
      const all = new Map<number, 'package' | 'manual'>();
      for (let y = from; y <= to; y++) if (isPackageYear(y)) all.set(y, 'package');
      for (const y of manual) all.set(y, 'manual');
      return [...all].map(([year, source]) => ({ year, source })).sort((a, b) => a.year - b.year);
    },
    isYearKnown: (year) => overrides().manualYears.has(year) || isPackageYear(year),

    companyDays(year) {
      return db
        .select({ id: calendarDays.id, date: calendarDays.date, kind: calendarDays.kind, name: calendarDays.name })
        .from(calendarDays)
        .where(and(eq(calendarDays.source, 'company'), gte(calendarDays.date, `${year}-01-01`), lte(calendarDays.date, `${year}-12-31`)))
        .orderBy(asc(calendarDays.date))
        .all();
    },

    addCompanyDays(c, user, raw: CompanyDayInput) {
      const input = parseOrThrow(companyDayInput, raw);
      const to = input.to ?? input.from;
      checkSpan(input.from, to, 'to');
      const dates = dateRange(input.from, to);
      return write(c, user, input.from, to, 'calendar.companyDay', () => {
        const before = db
          .select()
          .from(calendarDays)
          .where(and(eq(calendarDays.source, 'company'), gte(calendarDays.date, input.from), lte(calendarDays.date, to)))
          .all();
        for (const date of dates) {
          db.insert(calendarDays)
            .values({ date, kind: input.kind, source: 'company', name: input.name, createdByUserId: user?.id ?? null })
            .onConflictDoUpdate({ target: [calendarDays.date, calendarDays.source], set: { kind: input.kind, name: input.name, createdByUserId: user?.id ?? null } })
            .run();
        }
        ctx.audit(c, {
          action: 'attendance.calendar.company_day.add',
          entity: 'attendance_calendar_days',
          entityId: input.from,
          before: before.length ? before.map((d) => ({ date: d.date, kind: d.kind, name: d.name })) : undefined,
          after: { from: input.from, to, kind: input.kind, name: input.name },
        });
        return dates.length;
      });
    },

    removeCompanyDay(c, user, id) {
      const row = db.select().from(calendarDays).where(and(eq(calendarDays.id, id), eq(calendarDays.source, 'company'))).get();
      if (!row) throw new HttpError(404, 'attendance.error.notFound');
      write(c, user, row.date, row.date, 'calendar.companyDay', () => {
        db.delete(calendarDays).where(eq(calendarDays.id, id)).run();
        ctx.audit(c, { action: 'attendance.calendar.company_day.remove', entity: 'attendance_calendar_days', entityId: id, before: { date: row.date, kind: row.kind, name: row.name } });
      });
    },

    manualYear,

    enterYear(c, user, raw) {
      const input = parseOrThrow(manualYearInput, raw);
      const list = yearDays(input);
      const from = `${input.year}-01-01`;
      const to = `${input.year}-12-31`;
      write(c, user, from, to, 'calendar.year', () => {
        const before = manualYear(input.year);
        db.delete(calendarDays).where(and(eq(calendarDays.source, 'manual'), gte(calendarDays.date, from), lte(calendarDays.date, to))).run();
        db.delete(holidayYears).where(eq(holidayYears.year, input.year)).run();
        db.insert(holidayYears).values({ year: input.year, note: input.note, createdByUserId: user?.id ?? null }).run();
        for (const d of list) db.insert(calendarDays).values({ ...d, source: 'manual', createdByUserId: user?.id ?? null }).run();
        ctx.audit(c, {
          action: 'attendance.calendar.year.enter',
          entity: 'attendance_holiday_years',
          entityId: input.year,
          before: before ?? undefined,
          after: { year: input.year, note: input.note, days: list },
        });
      });
    },

    removeYear(c, user, year) {
      const before = manualYear(year);
      if (!before) throw new HttpError(404, 'attendance.error.notFound');
      const from = `${year}-01-01`;
      const to = `${year}-12-31`;
      write(c, user, from, to, 'calendar.year', () => {
        db.delete(calendarDays).where(and(eq(calendarDays.source, 'manual'), gte(calendarDays.date, from), lte(calendarDays.date, to))).run();
        db.delete(holidayYears).where(eq(holidayYears.year, year)).run();
        ctx.audit(c, { action: 'attendance.calendar.year.remove', entity: 'attendance_holiday_years', entityId: year, before });
      });
    },
  };
}
