/**
 * "My attendance" (phone first): the month calendar with day kinds, holidays
 * and daily results, today's card with the punch button, and punch
 * corrections (补卡). Every page shows the signed-in employee's own records only.
 */
import { HttpError, parseForm, z, type HrContext, type PluginContext } from '../../../core/sdk.js';
import { formatMinutes, isValidDate, minutesFromMidnight, monthRange } from '../domain/time.js';
import type { Attendance } from '../services/index.js';
import { correctionInput } from '../services/corrections.js';
import { readDailyResults } from '../services/daily-results.js';
import type { AttendanceSettings } from '../settings.js';
import { clock, monthDays, monthGrid, monthParam, myEmployeeId, statusBadge } from './month-grid.js';

const SELF = 'attendance.self';
const optionalCoordinate = (max: number) => z.preprocess((v) => (v === '' || v === undefined ? null : v), z.coerce.number().min(-max).max(max).nullable());
export const punchWhere = z.object({ latitude: optionalCoordinate(90).default(null), longitude: optionalCoordinate(180).default(null) });
const idParam = z.coerce.number().int().positive();

export function registerMePages(ctx: PluginContext<AttendanceSettings>, att: Attendance): void {
  const { parts, punches } = att;
  const timezone = ctx.config.timezone;

  const shiftText = (employeeId: number, date: string): string | null => {
    const shift = parts.schedule.shiftFor(employeeId, date);
    return shift ? `${formatMinutes(shift.start)}–${formatMinutes(shift.end)}` : null;
  };

  /** Today's card: the day, the shift, the punches so far and the result. */
  const todayCard = (employeeId: number) => {
    const today = parts.today();
    const { days, unknownYear } = monthDays(parts.calendar, today.slice(0, 7));
    const day = days?.find((d) => d.date === today) ?? null;
    const list = punches.listForDay(employeeId, today).map((p) => ({ time: formatMinutes(minutesFromMidnight(p.at.getTime(), today, timezone)), source: p.source }));
    const result = readDailyResults(parts.db, [employeeId], today, today)[0] ?? null;
    return { date: today, day, unknownYear, shift: unknownYear ? null : shiftText(employeeId, today), punches: list, result };
  };

  ctx.pages.get('/', SELF, async (c) => {
    const t = c.get('t');
    const employeeId = myEmployeeId(c);
    const today = parts.today();
    const month = monthParam(c.req.query('month'), today);
    const { from, to } = monthRange(month);
    const { days, unknownYear } = monthDays(parts.calendar, month);
    const rows = readDailyResults(parts.db, [employeeId], from, to);
    const byDate = new Map(rows.map((r) => [r.date, r]));
    const grid = days ? monthGrid(month, days, byDate, today) : null;
    const count = (status: string[]) => rows.filter((r) => status.includes(r.status)).length;
    const stats = {
      normal: count(['normal']),
      late: count(['late', 'late_early']),
      early: count(['early', 'late_early']),
      absent: count(['absent']),
      missing: count(['missing']),
      leave: count(['leave']),
      lateMinutes: rows.reduce((s, r) => s + r.lateMinutes, 0),
    };
    const exceptions = rows
      .filter((r) => ['late', 'early', 'late_early', 'absent', 'missing'].includes(r.status))
      .map((r) => ({ ...r, firstInText: clock(r.firstIn), lastOutText: clock(r.lastOut) }));
    return ctx.render(
      c,
      'me-calendar',
      {
        month,
        grid,
        unknownYear,
        stats,
        exceptions,
        today: todayCard(employeeId),
        locate: parts.settings.punch.geofences.length > 0,
        statusBadge,
        clock,
      },
      { title: t('attendance.time.me.title') },
    );
  });

  ctx.pages.post('/punch', SELF, async (c) => {
    const t = c.get('t');
    const user = c.get('user')!;
    const form = await parseForm(c, punchWhere);
    try {
      if (!form.ok) throw new HttpError(400, 'attendance.time.punch.error.badLocation');
      const done = punches.webPunch(c, user, form.data);
      const time = formatMinutes(minutesFromMidnight(done.at.getTime(), parts.today(), timezone));
      ctx.flash(c, done.duplicate ? { kind: 'info', text: t('attendance.time.punch.duplicate', { seconds: parts.settings.punch.dedupeSeconds }) } : { kind: 'success', text: t('attendance.time.punch.done', { time }) });
    } catch (err) {
      if (!(err instanceof HttpError) || err.status >= 500) throw err;
      ctx.flash(c, { kind: 'error', text: t(err.messageKey, err.params) });
    }
    return c.redirect('/attendance', 303);
  });

  /** `?date=` from a "missing punch" link, when it is a valid date. */
  const dateParamOrToday = (c: HrContext): string => {
    const date = c.req.query('date');
    return date && isValidDate(date) && date <= parts.today() ? date : parts.today();
  };

  const correctionsPage = (c: HrContext, extra: { values?: Record<string, unknown>; errors?: Record<string, string>; message?: string } = {}, status = 200) => {
    const employeeId = myEmployeeId(c);
    return ctx.render(
      c,
      'me-corrections',
      { items: punches.corrections.mine(employeeId), today: parts.today(), values: extra.values ?? { date: dateParamOrToday(c) }, errors: extra.errors ?? {}, message: extra.message },
      { title: c.get('t')('attendance.time.corrections.title'), status },
    );
  };

  ctx.pages.get('/corrections', SELF, (c) => correctionsPage(c));

  ctx.pages.post('/corrections', SELF, async (c) => {
    const user = c.get('user')!;
    myEmployeeId(c);
    const form = await parseForm(c, correctionInput);
    const values = await c.req.parseBody();
    if (!form.ok) return correctionsPage(c, { values, errors: form.errors, message: form.message }, 400);
    try {
      punches.corrections.request(c, user, form.data);
    } catch (err) {
      if (!(err instanceof HttpError) || err.status >= 500) throw err;
      return correctionsPage(c, { values, errors: { _form: c.get('t')(err.messageKey, err.params) } }, err.status);
    }
    ctx.flash(c, { kind: 'success', text: c.get('t')('attendance.time.corrections.sent') });
    return c.redirect('/attendance/corrections', 303);
  });

  ctx.pages.post('/corrections/:id/withdraw', SELF, (c) => {
    const id = idParam.safeParse(c.req.param('id'));
    if (!id.success) throw new HttpError(404, 'attendance.error.notFound');
    punches.corrections.withdraw(c, c.get('user')!, id.data);
    ctx.flash(c, { kind: 'success', text: c.get('t')('attendance.time.corrections.withdrawn') });
    return c.redirect('/attendance/corrections', 303);
  });
}
