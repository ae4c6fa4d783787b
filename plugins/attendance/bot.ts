/**
 * Bot tools (called by the chat bot with the user's permissions): my leave
 * balances, my attendance this month, and how to request leave. Answers are
 * data in the user's language; texts that came from people are escaped, as the
 * bot may show them as HTML.
 */
import { escapeHtml, HttpError, z, type PluginContext, type SessionUser } from '../../core/sdk.js';
import type { Attendance } from './services/index.js';
import { minutesToDays, minutesToHours, translate } from './services/text.js';
import type { AttendanceSettings } from './settings.js';

function employeeOf(user: SessionUser): number {
  if (user.employeeId == null) throw new HttpError(422, 'attendance.error.noEmployee');
  return user.employeeId;
}

export function registerBotTools(ctx: PluginContext<AttendanceSettings>, att: Attendance): void {
  const workday = ctx.settings.workdayMinutes;

  ctx.bot.tool({
    id: 'my-leave-balance',
    description: { 'zh-CN': '查询我的假期余额（年假、调休等，按天或小时）', en: 'My leave balances (annual leave, time off in lieu…, in days or hours)' },
    permission: 'attendance.self',
    input: z.object({}),
    run: (_input, { user, locale }) => {
      const employeeId = employeeOf(user);
      const today = att.parts.today();
      return {
        asOf: today,
        balances: att.leave.balances(employeeId, today, locale).map((b) => ({
          type: escapeHtml(b.name),
          unit: b.unit === 'hour' ? 'hours' : 'days',
          available: b.unit === 'hour' ? minutesToHours(b.available) : minutesToDays(b.available, workday),
          taken: b.unit === 'hour' ? minutesToHours(b.taken) : minutesToDays(b.taken, workday),
          pending: b.unit === 'hour' ? minutesToHours(b.pending) : minutesToDays(b.pending, workday),
          expiring: b.expiring.map((e) => ({ date: e.date, amount: b.unit === 'hour' ? minutesToHours(e.minutes) : minutesToDays(e.minutes, workday) })),
        })),
        link: '/attendance/leave',
      };
    },
  });

  ctx.bot.tool({
    id: 'my-month',
    description: { 'zh-CN': '查询我本月（或指定月份）的考勤：出勤、迟到、早退、缺卡、请假和加班', en: 'My attendance this month (or a given one): days worked, late, early, missing punches, leave and overtime' },
    permission: 'attendance.self',
    input: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional() }),
    run: ({ month }, { user, locale }) => {
      const employeeId = employeeOf(user);
      const m = month ?? att.parts.today().slice(0, 7);
      const summary = att.summary.monthly(m, [employeeId], locale)[0];
      if (!summary) return { month: m, employed: false };
      return { ...summary, name: escapeHtml(summary.name), leave: summary.leave.map((l) => ({ ...l, name: escapeHtml(l.name) })), link: '/attendance' };
    },
  });

  ctx.bot.tool({
    id: 'how-to-request-leave',
    description: { 'zh-CN': '说明如何申请请假（步骤和入口链接）', en: 'How to request leave (steps and the link)' },
    permission: 'attendance.self',
    input: z.object({}),
    run: (_input, { locale }) => ({
      steps: [1, 2, 3, 4, 5].map((n) => translate(locale, `attendance.bot.howto.step${n}`)),
      link: '/attendance/leave',
    }),
  });
}
