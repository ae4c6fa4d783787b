/**
 * Pages of the reports part: my overtime requests (phone first) and the
 * manager's team page (who is out today, today's rate, the team's month).
 */
import { HttpError, parseForm, z, type HrContext, type PluginContext, type SessionUser, type Translate } from '../../../core/sdk.js';
import { shiftMonth } from '../domain/time.js';
import type { Attendance } from '../services/index.js';
import { overtimeInput } from '../services/overtime.js';
import type { AttendanceSettings } from '../settings.js';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const idParam = z.coerce.number().int().positive();

export const nextMonth = (month: string): string => shiftMonth(month, 1);
export const previousMonth = (month: string): string => shiftMonth(month, -1);

/** `?month=` or the current month; a malformed one is a 400 with the plain "YYYY-MM" message. */
export function monthParam(c: HrContext, att: Attendance, fallback = att.parts.today().slice(0, 7)): string {
  const month = c.req.query('month');
  if (month === undefined || month === '') return fallback;
  if (!MONTH.test(month)) throw new HttpError(400, 'attendance.error.badMonth');
  return month;
}

export function employeeOf(user: SessionUser): number {
  if (user.employeeId == null) throw new HttpError(422, 'attendance.error.noEmployee');
  return user.employeeId;
}

/**
 * Run a report, turning a 4xx (above all "the holidays of 2027 are unknown")
 * into a message on the page instead of an error page: the rest still shows.
 */
export function attempt<T>(t: Translate, run: () => T): { value: T | null; problem: string | null } {
  try {
    return { value: run(), problem: null };
  } catch (err) {
    if (err instanceof HttpError && err.status < 500) return { value: null, problem: t(err.messageKey, err.params) };
    throw err;
  }
}

export function registerReportPages(ctx: PluginContext<AttendanceSettings>, att: Attendance): void {
  const renderOvertime = (c: HrContext, form: { values?: Record<string, unknown>; errors?: Record<string, string>; message?: string; status?: number } = {}) => {
    const t = c.get('t');
    const employeeId = employeeOf(c.get('user')!);
    const today = att.parts.today();
    const month = today.slice(0, 7);
    const requests = att.overtime.listForEmployee(employeeId, { limit: 50 }).map((r) => ({
      ...r,
      steps: r.status === 'pending' ? att.parts.approvals.steps('overtime', r.id) : [],
    }));
    return ctx.render(
      c,
      'overtime-list',
      { today, month, detectMode: ctx.settings.overtime.mode === 'detect', totals: att.overtime.monthTotals(employeeId, month), requests, values: form.values ?? { date: today }, errors: form.errors ?? {}, message: form.message },
      { title: t('attendance.overtime.title'), status: form.status },
    );
  };

  ctx.pages.get('/overtime', 'attendance.self', (c) => renderOvertime(c));

  ctx.pages.post('/overtime', 'attendance.self', async (c) => {
    const t = c.get('t');
    const user = c.get('user')!;
    employeeOf(user);
    const form = await parseForm(c, overtimeInput);
    const values = await c.req.parseBody();
    if (!form.ok) return renderOvertime(c, { values, errors: form.errors, message: form.message, status: 400 });
    try {
      const created = att.overtime.request(c, user, form.data);
      ctx.flash(c, { kind: 'success', text: t('attendance.overtime.flash.requested', { date: created.date }) });
    } catch (err) {
      if (!(err instanceof HttpError) || err.status >= 500) throw err;
      const text = t(err.messageKey, err.params);
      return renderOvertime(c, { values, errors: { _form: text }, message: text, status: err.status });
    }
    return c.redirect('/attendance/overtime', 303);
  });

  ctx.pages.post('/overtime/:id/withdraw', 'attendance.self', (c) => {
    const id = idParam.safeParse(c.req.param('id'));
    if (!id.success) throw new HttpError(404, 'attendance.error.notFound');
    att.overtime.withdraw(c, c.get('user')!, id.data);
    ctx.flash(c, { kind: 'success', text: c.get('t')('attendance.overtime.flash.withdrawn') });
    return c.redirect('/attendance/overtime', 303);
  });

  ctx.pages.get('/team', { permission: 'attendance.view', scope: 'team' }, (c) => {
    const t = c.get('t');
    const user = c.get('user')!;
    const locale = c.get('locale');
    const scope = user.scopes.get('attendance.view') ?? 'self';
    const month = monthParam(c, att);
    const today = attempt(t, () => att.summary.today(user, scope, locale));
    const team = attempt(t, () => att.summary.teamMonth(user, scope, month, locale));
    const departments = new Map(ctx.people.departments().map((d) => [d.id, d.name]));
    return ctx.render(
      c,
      'report-team',
      {
        month,
        previousMonth: previousMonth(month),
        nextMonth: nextMonth(month),
        today: today.value,
        todayProblem: today.problem,
        rows: team.value ?? [],
        monthProblem: team.problem,
        departmentName: Object.fromEntries(departments),
        workdayMinutes: ctx.settings.workdayMinutes,
      },
      { title: t('attendance.team.title') },
    );
  });
}
