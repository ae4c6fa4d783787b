/**
 * HR's leave administration: leave policies (types) and employee balances with
 * their ledger, manual adjustments and a "run accruals now" button. Every route
 * needs `attendance.manage` at scope `all`; routes/admin.ts calls
 * `registerLeaveAdminPages`.
 */
import { HttpError, parseForm, z, type Access, type HrContext, type PluginContext } from '../../../core/sdk.js';
import type { Attendance } from '../services/index.js';
import { leaveTypeInput, newLeaveTypeInput, typeToForm, type LeaveType } from '../services/leave-policy.js';
import type { AttendanceSettings } from '../settings.js';

const ADMIN: Access = { permission: 'attendance.manage', scope: 'all' };
const idParam = z.coerce.number().int().positive();

const adjustInput = z.object({
  leaveTypeId: z.coerce.number().int().positive(),
  /** Days (or hours for hourly types), negative to take away. */
  amount: z.coerce.number().refine((n) => n !== 0 && Number.isFinite(n) && Math.abs(n) <= 366, { message: 'attendance.leave.error.adjustZero' }),
  note: z.string().trim().min(1).max(200),
});

export function registerLeaveAdminPages(ctx: PluginContext<AttendanceSettings>, att: Attendance): void {
  const { leave } = att;
  const workday = ctx.settings.workdayMinutes;
  const t = (c: HrContext) => c.get('t');
  const days = (minutes: number) => Math.round((minutes / workday) * 100) / 100;

  const typeOr404 = (raw: string | undefined): LeaveType => {
    const id = idParam.safeParse(raw);
    const type = id.success ? leave.type(id.data) : null;
    if (!type) throw new HttpError(404, 'attendance.error.notFound');
    return type;
  };

  const renderType = (c: HrContext, type: LeaveType | null, values: Record<string, unknown>, errors: Record<string, string>, message: string | null, status = 200) =>
    ctx.render(c, 'leave-admin-type', { type, values, errors, message }, { title: t(c)('attendance.leave.admin.type_title'), status });

  ctx.pages.get('/admin/leave-types', ADMIN, (c) =>
    ctx.render(c, 'leave-admin-types', { types: leave.types(), workday }, { title: t(c)('attendance.leave.admin.types_title') }),
  );

  ctx.pages.get('/admin/leave-types/new', ADMIN, (c) =>
    renderType(c, null, { unit: 'day', accrual: 'none', paid: true, active: true, carryForwardExpiryMonths: 0, sort: 100 }, {}, null),
  );

  ctx.pages.post('/admin/leave-types', ADMIN, async (c) => {
    const form = await parseForm(c, newLeaveTypeInput);
    const values = await c.req.parseBody();
    if (!form.ok) return renderType(c, null, values, form.errors, form.message, 400);
    try {
      const created = leave.createType(c, form.data);
      ctx.flash(c, { kind: 'success', text: t(c)('attendance.leave.admin.saved') });
      return c.redirect(`/attendance/admin/leave-types/${created.id}`, 303);
    } catch (err) {
      if (err instanceof HttpError && err.status < 500) return renderType(c, null, values, {}, t(c)(err.messageKey, err.params), err.status);
      throw err;
    }
  });

  ctx.pages.get('/admin/leave-types/:id', ADMIN, (c) => {
    const type = typeOr404(c.req.param('id'));
    return renderType(c, type, typeToForm(type, workday), {}, null);
  });

  ctx.pages.post('/admin/leave-types/:id', ADMIN, async (c) => {
    const type = typeOr404(c.req.param('id'));
    const form = await parseForm(c, leaveTypeInput);
    if (!form.ok) return renderType(c, type, await c.req.parseBody(), form.errors, form.message, 400);
    leave.updateType(c, type.id, form.data);
    ctx.flash(c, { kind: 'success', text: t(c)('attendance.leave.admin.saved') });
    return c.redirect('/attendance/admin/leave-types', 303);
  });

  ctx.pages.get('/admin/balances', ADMIN, (c) => {
    const q = (c.req.query('q') ?? '').trim().slice(0, 64);
    const employeeId = idParam.safeParse(c.req.query('employeeId'));
    const found = q ? ctx.people.employees.list({ q, pageSize: 20 }).items : [];
    const employee = employeeId.success ? (ctx.people.employees.roster({ ids: [employeeId.data], includeLeft: true })[0] ?? null) : null;
    const types = leave.types();
    const data = employee
      ? {
          balances: leave.balances(employee.id, att.parts.today(), c.get('locale')),
          ledger: leave.ledger(employee.id).slice(0, 200),
          typeNames: Object.fromEntries(types.map((ty) => [ty.id, c.get('locale') === 'en' ? ty.nameEn : ty.nameZh])),
          typeUnits: Object.fromEntries(types.map((ty) => [ty.id, ty.unit])),
          balanceTypes: types.filter((ty) => ty.accrual !== 'none'),
        }
      : {};
    return ctx.render(c, 'leave-admin-balances', { q, found, employee, workday, ...data }, { title: t(c)('attendance.leave.admin.balances_title') });
  });

  ctx.pages.post('/admin/balances/:employeeId/adjust', ADMIN, async (c) => {
    const employeeId = idParam.safeParse(c.req.param('employeeId'));
    if (!employeeId.success) throw new HttpError(404, 'attendance.error.notFound');
    const back = `/attendance/admin/balances?employeeId=${employeeId.data}`;
    const form = await parseForm(c, adjustInput);
    if (!form.ok) {
      ctx.flash(c, { kind: 'error', text: Object.values(form.errors)[0] ?? form.message });
      return c.redirect(back, 303);
    }
    const type = leave.type(form.data.leaveTypeId);
    const minutes = Math.round(form.data.amount * (type?.unit === 'hour' ? 60 : workday));
    try {
      leave.adjust(c, employeeId.data, form.data.leaveTypeId, minutes, form.data.note);
      ctx.flash(c, { kind: 'success', text: t(c)('attendance.leave.admin.adjusted') });
    } catch (err) {
      if (!(err instanceof HttpError) || err.status >= 500) throw err;
      ctx.flash(c, { kind: 'error', text: t(c)(err.messageKey, err.params) });
    }
    return c.redirect(back, 303);
  });

  ctx.pages.post('/admin/balances/accrue', ADMIN, (c) => {
    const run = leave.runAccruals(att.parts.today());
    ctx.audit(c, { action: 'attendance.leave.accrue', entity: 'attendance_leave_ledger', after: run });
    ctx.flash(c, {
      kind: 'success',
      text: t(c)('attendance.leave.admin.accrued', { granted: days(run.granted), carried: days(run.carried), expired: days(run.expired) }),
    });
    return c.redirect('/attendance/admin/balances', 303);
  });
}
