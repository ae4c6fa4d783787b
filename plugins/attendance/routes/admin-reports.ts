/**
 * HR's report pages under /attendance/admin (registered by routes/admin.ts):
 * exceptions to resolve, the monthly summary and its XLSX export, month locks.
 * Every route needs `attendance.manage` at scope `all`.
 */
import { HttpError, parseForm, z, type HrContext, type PluginContext } from '../../../core/sdk.js';
import { formatMinutes } from '../domain/time.js';
import type { Attendance } from '../services/index.js';
import { EXCEPTION_KINDS } from '../services/summary.js';
import { summaryWorkbook } from '../services/summary-xlsx.js';
import type { AttendanceSettings } from '../settings.js';
import { attempt, monthParam, nextMonth, previousMonth } from './reports.js';

const MANAGE = { permission: 'attendance.manage', scope: 'all' } as const;
const monthField = z.string().trim().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'attendance.error.badMonth');
const lockInput = z.object({ month: monthField, note: z.string().trim().max(500).default('') });
const exceptionQuery = z.object({
  kind: z.enum(EXCEPTION_KINDS).optional().catch(undefined),
  departmentId: z.coerce.number().int().positive().optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).catch(1),
});

/** Where HR resolves one employee's day: their month (routes/admin-time.ts), the punch form set to that date. */
export function employeeDayHref(employeeId: number, date: string): string {
  return `/attendance/admin/employees/${employeeId}?month=${date.slice(0, 7)}&date=${date}#day-${date}`;
}

export function registerReportAdminPages(ctx: PluginContext<AttendanceSettings>, att: Attendance): void {
  const departmentNames = () => new Map(ctx.people.departments().map((d) => [d.id, d.path || d.name]));

  ctx.pages.get('/admin/exceptions', MANAGE, (c) => {
    const t = c.get('t');
    const month = monthParam(c, att);
    const query = exceptionQuery.parse(c.req.query());
    const result = attempt(t, () => att.summary.exceptions(month, { ...query, pageSize: 50 }));
    return ctx.render(
      c,
      'report-exceptions',
      {
        month,
        previousMonth: previousMonth(month),
        nextMonth: nextMonth(month),
        filters: query,
        kinds: EXCEPTION_KINDS,
        departments: [...departmentNames()].map(([id, name]) => ({ id, name })),
        result: {
          ...(result.value ?? { total: 0, pages: 1, page: 1 }),
          items: (result.value?.items ?? []).map((i) => ({
            ...i,
            firstInText: i.firstIn === null ? '—' : formatMinutes(i.firstIn),
            lastOutText: i.lastOut === null ? '—' : formatMinutes(i.lastOut),
            href: employeeDayHref(i.employeeId, i.date),
          })),
        },
        problem: result.problem,
      },
      { title: t('attendance.exceptions.title') },
    );
  });

  const reportData = (c: HrContext, month: string) => {
    const t = c.get('t');
    const locale = c.get('locale');
    const result = attempt(t, () => att.summary.monthly(month, undefined, locale));
    const names = departmentNames();
    const departmentOf = new Map(ctx.people.employees.roster({ includeLeft: true }).map((e) => [e.id, names.get(e.departmentId) ?? '']));
    const lock = att.parts.locks.lockedMonths().find((l) => l.month === month) ?? null;
    return { rows: result.value ?? [], problem: result.problem, departmentOf, lock };
  };

  ctx.pages.get('/admin/report', MANAGE, (c) => {
    const t = c.get('t');
    const month = monthParam(c, att);
    const { rows, problem, departmentOf, lock } = reportData(c, month);
    const ids = new Set(rows.map((r) => r.employeeId));
    return ctx.render(
      c,
      'report-month',
      {
        month,
        previousMonth: previousMonth(month),
        nextMonth: nextMonth(month),
        rows,
        problem,
        lock,
        overLimit: rows.filter((r) => r.overtimeOverLimit).length,
        departmentOf: Object.fromEntries([...departmentOf].filter(([id]) => ids.has(id))),
      },
      { title: t('attendance.report.title') },
    );
  });

  ctx.pages.get('/admin/report.xlsx', MANAGE, async (c) => {
    const locale = c.get('locale');
    const month = monthParam(c, att);
    // An unknown holiday year is a clear 422 page here: there is no file to give.
    const rows = att.summary.monthly(month, undefined, locale);
    const names = departmentNames();
    const departmentOf = new Map(ctx.people.employees.roster({ includeLeft: true }).map((e) => [e.id, names.get(e.departmentId) ?? '']));
    const leaveTypes = att.leave.types().map((lt) => ({ code: lt.code, name: locale === 'en' ? lt.nameEn : lt.nameZh }));
    const body = await summaryWorkbook(rows, { month, locale, departmentOf, leaveTypes, locked: att.parts.locks.isLocked(month) });
    ctx.audit(c, { action: 'attendance.report.export', entity: 'attendance_daily_results', entityId: month, after: { rows: rows.length, format: 'xlsx' } });
    const file = `attendance-${month}.xlsx`;
    return c.body(new Uint8Array(body), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${file}"`,
      'cache-control': 'no-store',
    });
  });

  const renderLocks = (c: HrContext, form: { values?: Record<string, unknown>; errors?: Record<string, string>; message?: string; status?: number } = {}) => {
    const t = c.get('t');
    const today = att.parts.today();
    return ctx.render(
      c,
      'report-locks',
      { locks: att.parts.locks.lockedMonths(), canUnlock: c.get('user')!.scopes.get('attendance.override') === 'all', values: form.values ?? { month: previousMonth(today.slice(0, 7)) }, errors: form.errors ?? {}, message: form.message },
      { title: t('attendance.locks.title'), status: form.status },
    );
  };

  ctx.pages.get('/admin/locks', MANAGE, (c) => renderLocks(c));

  ctx.pages.post('/admin/locks', MANAGE, async (c) => {
    const t = c.get('t');
    const form = await parseForm(c, lockInput);
    if (!form.ok) return renderLocks(c, { values: await c.req.parseBody(), errors: form.errors, message: form.message, status: 400 });
    if (att.parts.locks.isLocked(form.data.month)) {
      const text = t('attendance.locks.error.alreadyLocked', { month: form.data.month });
      return renderLocks(c, { values: form.data, errors: { _form: text }, message: text, status: 409 });
    }
    att.parts.locks.lock(c, form.data.month, form.data.note);
    ctx.flash(c, { kind: 'success', text: t('attendance.locks.flash.locked', { month: form.data.month }) });
    return c.redirect('/attendance/admin/locks', 303);
  });

  // Reopening a month payroll has seen is itself an override.
  ctx.pages.post('/admin/locks/unlock', { permission: 'attendance.override', scope: 'all' }, async (c) => {
    const t = c.get('t');
    const form = await parseForm(c, lockInput);
    if (!form.ok) return renderLocks(c, { errors: form.errors, message: form.message, status: 400 });
    try {
      att.parts.locks.unlock(c, form.data.month, form.data.note);
    } catch (err) {
      if (!(err instanceof HttpError) || err.status >= 500) throw err;
      const text = t(err.messageKey, err.params);
      return renderLocks(c, { errors: { _form: text }, message: text, status: err.status });
    }
    ctx.flash(c, { kind: 'success', text: t('attendance.locks.flash.unlocked', { month: form.data.month }) });
    return c.redirect('/attendance/admin/locks', 303);
  });
}
