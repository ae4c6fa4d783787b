/**
 * Dashboard cards: today's attendance rate and who is on leave today for those
 * who see a team (`attendance.view`, filtered by its scope), and every
 * employee's own status today (`attendance.self`). A 4xx while computing (the
 * year's holidays unknown) becomes the card's message; the dashboard stays up.
 */
import type { HrContext, PluginContext } from '../../core/sdk.js';
import { formatMinutes } from './domain/time.js';
import { attempt } from './routes/reports.js';
import type { Attendance } from './services/index.js';
import type { AttendanceSettings } from './settings.js';

export function registerWidgets(ctx: PluginContext<AttendanceSettings>, att: Attendance): void {
  // Two cards show the same overview: compute it once per dashboard request.
  const perRequest = new WeakMap<HrContext, ReturnType<typeof computeTeamToday>>();
  const computeTeamToday = (c: HrContext) => {
    const user = c.get('user')!;
    const { value, problem } = attempt(c.get('t'), () => att.summary.today(user, user.scopes.get('attendance.view') ?? 'self', c.get('locale')));
    return { today: value, problem };
  };
  const teamToday = (c: HrContext) => {
    let overview = perRequest.get(c);
    if (!overview) perRequest.set(c, (overview = computeTeamToday(c)));
    return overview;
  };

  ctx.widgets.add({
    id: 'rate-today',
    title: 'attendance.widget.rate',
    permission: 'attendance.view',
    order: 30,
    render: (c) => ctx.renderView(c, 'widget-rate', teamToday(c)),
  });

  ctx.widgets.add({
    id: 'leave-today',
    title: 'attendance.widget.onLeave',
    permission: 'attendance.view',
    order: 31,
    render: (c) => ctx.renderView(c, 'widget-leave', teamToday(c)),
  });

  ctx.widgets.add({
    id: 'my-today',
    title: 'attendance.widget.me',
    permission: 'attendance.self',
    order: 32,
    render: (c) => {
      const user = c.get('user')!;
      const t = c.get('t');
      if (user.employeeId == null) return ctx.renderView(c, 'widget-me', { problem: t('attendance.error.noEmployee') });
      const employeeId = user.employeeId;
      const { value, problem } = attempt(t, () => {
        const today = att.summary.today(user, 'self', c.get('locale'));
        const row = att.summary.day(employeeId, today.date);
        return { today, row, firstInText: row?.firstIn != null ? formatMinutes(row.firstIn) : null };
      });
      return ctx.renderView(c, 'widget-me', { ...value, problem });
    },
  });
}
