/**
 * HR's time pages: the work calendar (years known, company days, a year's
 * holidays entered by hand), the punch import of device exports, and one
 * employee's month (where exceptions are resolved by adding a forgotten punch).
 * Every route needs `attendance.manage` at scope `all`.
 */
import { formArray, HttpError, parseForm, z, type Access, type HrContext, type PluginContext } from '../../../core/sdk.js';
import { isPackageYear, packageYears, statutoryDates } from '../domain/calendar.js';
import { addDays, formatMinutes, instantAt, isValidDate, isWeekend, localDate, minutesFromMidnight, monthRange, parseHhmm } from '../domain/time.js';
import type { DayKind } from '../domain/types.js';
import { MANUAL_YEAR_RANGE } from '../services/calendar.js';
import { readDailyResults } from '../services/daily-results.js';
import type { Attendance } from '../services/index.js';
import type { HolidayPeriodInput } from '../services/types.js';
import type { AttendanceSettings } from '../settings.js';
import { clock, dateParam, monthDays, monthGrid, monthParam, statusBadge } from './month-grid.js';

export const MANAGE: Access = { permission: 'attendance.manage', scope: 'all' };
/** Device exports of a month are a few MB at most. */
const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
const idParam = z.coerce.number().int().positive();
const yearParam = z.coerce.number().int().min(MANUAL_YEAR_RANGE.from).max(MANUAL_YEAR_RANGE.to);
const PERIOD_ROWS = 12;
const WORKDAY_ROWS = 8;

const companyDayForm = z.object({
  from: z.string().refine(isValidDate, 'attendance.error.badDate'),
  to: z.string().refine((v) => v === '' || isValidDate(v), 'attendance.error.badDate').default(''),
  kind: z.enum(['workday', 'restday', 'statutory', 'holiday_rest']),
  name: z.string().trim().max(40).default(''),
});
const yearForm = z.object({
  note: z.string().trim().max(200).default(''),
  periodFrom: formArray(z.string()),
  periodTo: formArray(z.string()),
  periodKind: formArray(z.string()),
  periodName: formArray(z.string()),
  workdayDate: formArray(z.string()),
  workdayName: formArray(z.string()),
});
const manualPunchForm = z.object({
  date: z.string().refine(isValidDate, 'attendance.error.badDate'),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'attendance.error.badTime'),
  note: z.string().trim().max(200).default(''),
});

type YearDay = { date: string; kind: DayKind; name: string };

/** Consecutive days of the same kind and name as periods; adjusted workdays apart. */
export function toYearRows(days: YearDay[]): { periods: HolidayPeriodInput[]; workdays: { date: string; name: string }[] } {
  const periods: HolidayPeriodInput[] = [];
  const workdays: { date: string; name: string }[] = [];
  for (const d of [...days].sort((a, b) => (a.date < b.date ? -1 : 1))) {
    if (d.kind === 'workday') {
      if (isWeekend(d.date)) workdays.push({ date: d.date, name: d.name });
      continue;
    }
    if (d.kind !== 'statutory' && d.kind !== 'holiday_rest') continue;
    const last = periods[periods.length - 1];
    if (last && last.kind === d.kind && last.name === d.name && addDays(last.to, 1) === d.date) last.to = d.date;
    else periods.push({ from: d.date, to: d.date, kind: d.kind, name: d.name });
  }
  return { periods, workdays };
}

export function registerTimeAdminPages(ctx: PluginContext<AttendanceSettings>, att: Attendance): void {
  const { parts, punches } = att;
  const { calendar } = parts;
  const timezone = ctx.config.timezone;
  const t = (c: HrContext) => c.get('t');

  /** A service refusal shown on the page it came from, not an error page. */
  const refusal = (c: HrContext, err: unknown): string => {
    if (!(err instanceof HttpError) || err.status >= 500) throw err;
    const text = t(c)(err.messageKey, err.params);
    const row = /^(periods|workdays)\.(\d+)/.exec(String(err.params?.field ?? ''));
    return row ? t(c)(`attendance.time.year.${row[1]}Row`, { n: Number(row[2]) + 1 }) + text : text;
  };

  // ---------------------------------------------------------------- calendar

  const calendarPage = (c: HrContext, error: string | null = null, status = 200) => {
    const today = parts.today();
    const currentYear = Number(today.slice(0, 4));
    const year = yearParam.catch(currentYear).parse(c.req.query('year') ?? currentYear);
    const month = monthParam(c.req.query('month'), today);
    const { days, unknownYear } = monthDays(calendar, month);
    const years = calendar.years();
    return ctx.render(
      c,
      'time-calendar',
      {
        year,
        currentYear,
        packageRange: packageYears(),
        manualYears: years.filter((y) => y.source === 'manual').map((y) => ({ year: y.year, overridesPackage: isPackageYear(y.year) })),
        unknownYear: [currentYear, currentYear + 1].find((y) => !calendar.isYearKnown(y)) ?? null,
        month,
        grid: days ? monthGrid(month, days, new Map(), today) : null,
        previewUnknownYear: unknownYear,
        companyDays: calendar.companyDays(year),
        kinds: ['restday', 'workday', 'statutory', 'holiday_rest'],
        error,
        statusBadge,
      },
      { title: t(c)('attendance.time.calendar.title'), status },
    );
  };

  ctx.pages.get('/admin/calendar', MANAGE, (c) => calendarPage(c));

  ctx.pages.post('/admin/calendar/company-days', MANAGE, async (c) => {
    const form = await parseForm(c, companyDayForm);
    if (!form.ok) return calendarPage(c, Object.values(form.errors)[0] ?? form.message, 400);
    try {
      const count = calendar.addCompanyDays(c, c.get('user'), { ...form.data, to: form.data.to || null });
      ctx.flash(c, { kind: 'success', text: t(c)('attendance.time.calendar.companyAdded', { count }) });
    } catch (err) {
      return calendarPage(c, refusal(c, err), (err as HttpError).status);
    }
    return c.redirect(`/attendance/admin/calendar?year=${form.data.from.slice(0, 4)}&month=${form.data.from.slice(0, 7)}`, 303);
  });

  ctx.pages.post('/admin/calendar/company-days/:id/remove', MANAGE, (c) => {
    const id = idParam.safeParse(c.req.param('id'));
    if (!id.success) throw new HttpError(404, 'attendance.error.notFound');
    calendar.removeCompanyDay(c, c.get('user'), id.data);
    ctx.flash(c, { kind: 'success', text: t(c)('attendance.time.calendar.companyRemoved') });
    return c.redirect('/attendance/admin/calendar', 303);
  });

  // ---------------------------------------------------------------- a year by hand

  const yearOf = (c: HrContext): number => {
    const year = yearParam.safeParse(c.req.param('year'));
    if (!year.success) throw new HttpError(404, 'attendance.error.notFound');
    return year.data;
  };

  /** What the form starts with: the year as entered, else the package's data, else the statutory days by law. */
  const yearStart = (year: number) => {
    const manual = calendar.manualYear(year);
    if (manual) return { source: 'manual', note: manual.note, ...toYearRows(manual.days) };
    if (isPackageYear(year)) return { source: 'package', note: '', ...toYearRows(calendar.days(`${year}-01-01`, `${year}-12-31`)) };
    const byLaw = [...statutoryDates(year)].map(([date, name]): YearDay => ({ date, kind: 'statutory', name }));
    return { source: 'law', note: '', ...toYearRows(byLaw) };
  };

  const yearPage = (c: HrContext, year: number, values: ReturnType<typeof yearStart>, error: string | null = null, status = 200) => {
    const pad = <T>(list: T[], n: number, blank: T) => [...list, ...Array.from({ length: Math.max(0, n - list.length) }, () => blank)];
    return ctx.render(
      c,
      'time-year',
      {
        year,
        source: values.source,
        note: values.note,
        periods: pad(values.periods, Math.max(PERIOD_ROWS, values.periods.length + 3), { from: '', to: '', kind: 'holiday_rest', name: '' }),
        workdays: pad(values.workdays, Math.max(WORKDAY_ROWS, values.workdays.length + 2), { date: '', name: '' }),
        known: !!calendar.manualYear(year),
        error,
      },
      { title: t(c)('attendance.time.year.title', { year }), status },
    );
  };

  ctx.pages.get('/admin/calendar/year/:year', MANAGE, (c) => {
    const year = yearOf(c);
    return yearPage(c, year, yearStart(year));
  });

  ctx.pages.post('/admin/calendar/year/:year', MANAGE, async (c) => {
    const year = yearOf(c);
    const form = await parseForm(c, yearForm);
    if (!form.ok) return yearPage(c, year, yearStart(year), form.message, 400);
    const f = form.data;
    const periods = f.periodFrom
      .map((from, i) => ({ from: from.trim(), to: (f.periodTo[i] ?? '').trim() || from.trim(), kind: f.periodKind[i] ?? 'holiday_rest', name: (f.periodName[i] ?? '').trim() }))
      .filter((p) => p.from || p.name);
    const workdays = f.workdayDate.map((date, i) => ({ date: date.trim(), name: (f.workdayName[i] ?? '').trim() })).filter((w) => w.date);
    const values = { source: 'form', note: f.note, periods: periods as HolidayPeriodInput[], workdays };
    try {
      calendar.enterYear(c, c.get('user'), { year, note: f.note, periods: values.periods, workdays });
    } catch (err) {
      return yearPage(c, year, values, refusal(c, err), (err as HttpError).status);
    }
    ctx.flash(c, { kind: 'success', text: t(c)('attendance.time.year.saved', { year }) });
    return c.redirect(`/attendance/admin/calendar?year=${year}&month=${year}-01`, 303);
  });

  ctx.pages.post('/admin/calendar/year/:year/remove', MANAGE, (c) => {
    const year = yearOf(c);
    calendar.removeYear(c, c.get('user'), year);
    ctx.flash(c, { kind: 'success', text: t(c)('attendance.time.year.removed', { year }) });
    return c.redirect(`/attendance/admin/calendar?year=${year}`, 303);
  });

  // ---------------------------------------------------------------- punch import

  const importPage = (c: HrContext, data: { report?: unknown; error?: string | null } = {}, status = 200) =>
    ctx.render(c, 'time-import', { report: data.report ?? null, error: data.error ?? null, maxMb: MAX_IMPORT_BYTES / 1024 / 1024 }, { title: t(c)('attendance.time.import.title'), status });

  ctx.pages.get('/admin/import', MANAGE, (c) => importPage(c));

  ctx.pages.post('/admin/import', MANAGE, async (c) => {
    const body = await c.req.parseBody();
    const file = body.file;
    if (!(file instanceof File) || file.size === 0) return importPage(c, { error: t(c)('attendance.time.import.noFile') }, 400);
    if (file.size > MAX_IMPORT_BYTES) return importPage(c, { error: t(c)('attendance.time.import.tooLarge', { max: MAX_IMPORT_BYTES / 1024 / 1024 }) }, 400);
    try {
      const report = punches.importCsv(c, c.get('user'), new Uint8Array(await file.arrayBuffer()), file.name);
      return importPage(c, { report }, report.errorCount ? 422 : 200);
    } catch (err) {
      return importPage(c, { error: refusal(c, err) }, (err as HttpError).status);
    }
  });

  // ---------------------------------------------------------------- one employee's month

  ctx.pages.get('/admin/employees', MANAGE, (c) => {
    const q = (c.req.query('q') ?? '').trim().toLowerCase();
    const everyone = ctx.people.employees.roster({ includeLeft: true });
    const matches = q ? everyone.filter((e) => e.employeeNo.toLowerCase().includes(q) || e.name.toLowerCase().includes(q)) : everyone;
    return ctx.render(c, 'time-employees', { q, total: matches.length, items: matches.slice(0, 100) }, { title: t(c)('attendance.time.employees.title') });
  });

  const employeeOr404 = (c: HrContext) => {
    const id = idParam.safeParse(c.req.param('id'));
    const employee = id.success ? ctx.people.employees.roster({ ids: [id.data], includeLeft: true })[0] : undefined;
    if (!employee) throw new HttpError(404, 'attendance.error.notFound');
    return employee;
  };

  const employeePage = (c: HrContext, error: string | null = null, status = 200) => {
    const employee = employeeOr404(c);
    const today = parts.today();
    const month = monthParam(c.req.query('month'), today);
    const { from, to } = monthRange(month);
    const { days, unknownYear } = monthDays(calendar, month);
    const results = new Map(readDailyResults(parts.db, [employee.id], from, to).map((r) => [r.date, r]));
    const punchesByDate = new Map<string, string[]>();
    for (const p of punches.list([employee.id], from, to)) {
      const date = localDate(p.at.getTime(), timezone);
      punchesByDate.set(date, [...(punchesByDate.get(date) ?? []), formatMinutes(minutesFromMidnight(p.at.getTime(), date, timezone)) + (p.source === 'correction' ? '*' : '')]);
    }
    const shifts = days ? parts.schedule.shiftsFor([employee.id], from, to).get(employee.id) : undefined;
    const rows = (days ?? []).map((d) => {
      const shift = shifts?.get(d.date) ?? null;
      const r = results.get(d.date) ?? null;
      return { day: d, shift: shift ? `${formatMinutes(shift.start)}–${formatMinutes(shift.end)}` : '', punches: punchesByDate.get(d.date) ?? [], result: r, firstIn: clock(r?.firstIn), lastOut: clock(r?.lastOut) };
    });
    return ctx.render(
      c,
      'time-employee',
      { employee, month, grid: days ? monthGrid(month, days, results, today) : null, unknownYear, rows, today, defaultDate: dateParam(c.req.query('date'), today), error, statusBadge },
      { title: `${employee.name}（${employee.employeeNo}）`, status },
    );
  };

  ctx.pages.get('/admin/employees/:id', MANAGE, (c) => employeePage(c));

  ctx.pages.post('/admin/employees/:id/punches', MANAGE, async (c) => {
    const employee = employeeOr404(c);
    const form = await parseForm(c, manualPunchForm);
    if (!form.ok) return employeePage(c, Object.values(form.errors)[0] ?? form.message, 400);
    try {
      const at = instantAt(form.data.date, parseHhmm(form.data.time), timezone);
      const { added } = punches.addManual(c, c.get('user')!, employee.id, at, form.data.note);
      ctx.flash(c, { kind: added ? 'success' : 'info', text: t(c)(added ? 'attendance.time.employee.punchAdded' : 'attendance.time.employee.punchDuplicate') });
    } catch (err) {
      return employeePage(c, refusal(c, err), (err as HttpError).status);
    }
    return c.redirect(`/attendance/admin/employees/${employee.id}?month=${form.data.date.slice(0, 7)}#day-${form.data.date}`, 303);
  });
}
