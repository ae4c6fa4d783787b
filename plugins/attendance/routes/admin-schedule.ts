/**
 * HR's schedule pages: shifts (班次), rotations (轮班) and assignments (排班)
 * of shifts or rotations to employees and departments with effective dates.
 * Every route needs `attendance.manage` at scope `all`.
 */
import { HttpError, parseForm, z, type HrContext, type PluginContext } from '../../../core/sdk.js';
import { isValidDate } from '../domain/time.js';
import type { Attendance } from '../services/index.js';
import { shiftInput } from '../services/schedule-input.js';
import type { ShiftRow } from '../services/types.js';
import type { AttendanceSettings } from '../settings.js';
import { MANAGE } from './admin-time.js';

const idParam = z.coerce.number().int().positive();
/** Words that mean "a day off" in a rotation pattern. */
const OFF_TOKENS = new Set(['-', '—', '休', '休息', 'off', 'rest', '0']);

type Values = Record<string, unknown>;
type Errors = Record<string, string>;

/** `早班, 早班, 夜班, 休` (names, `#id` or ids; `休`/`-`/`off` = day off) → shift ids and nulls; the unknown word otherwise. */
export function parsePattern(text: string, shifts: Pick<ShiftRow, 'id' | 'name'>[]): { pattern: (number | null)[] } | { unknown: string } {
  const pattern: (number | null)[] = [];
  for (const token of text.split(/[,，、;；\s]+/).filter(Boolean)) {
    if (OFF_TOKENS.has(token.toLowerCase())) {
      pattern.push(null);
      continue;
    }
    const byName = shifts.find((s) => s.name.toLowerCase() === token.toLowerCase());
    const byId = /^#?\d+$/.test(token) ? shifts.find((s) => s.id === Number(token.replace('#', ''))) : undefined;
    const found = byName ?? byId;
    if (!found) return { unknown: token };
    pattern.push(found.id);
  }
  return { pattern };
}

export function patternText(pattern: (number | null)[], shifts: Pick<ShiftRow, 'id' | 'name'>[], off: string): string {
  const names = new Map(shifts.map((s) => [s.id, s.name]));
  return pattern.map((id) => (id === null ? off : (names.get(id) ?? `#${id}`))).join(', ');
}

const assignmentForm = z.object({
  targetType: z.enum(['employee', 'department']),
  employeeNo: z.string().trim().max(40).default(''),
  departmentId: z.string().default(''),
  plan: z.string().regex(/^(shift|rotation):\d+$/, 'attendance.time.error.planOne'),
  anchorDate: z.string().refine((v) => v === '' || isValidDate(v), 'attendance.error.badDate').default(''),
  effectiveFrom: z.string().refine(isValidDate, 'attendance.error.badDate'),
  effectiveTo: z.string().refine((v) => v === '' || isValidDate(v), 'attendance.error.badDate').default(''),
});

export function registerScheduleAdminPages(ctx: PluginContext<AttendanceSettings>, att: Attendance): void {
  const { schedule } = att.parts;
  const t = (c: HrContext) => c.get('t');
  const idOr404 = (c: HrContext) => {
    const id = idParam.safeParse(c.req.param('id'));
    if (!id.success) throw new HttpError(404, 'attendance.error.notFound');
    return id.data;
  };
  /** A refusal of the service as a message on the form (4xx), never an error page. */
  const refusal = (c: HrContext, err: unknown): { message: string; status: number } => {
    if (!(err instanceof HttpError) || err.status >= 500) throw err;
    return { message: t(c)(err.messageKey, err.params), status: err.status };
  };
  const formValues = async (c: HrContext): Promise<Values> => Object.fromEntries(Object.entries(await c.req.parseBody()).filter(([, v]) => typeof v === 'string'));

  // ---------------------------------------------------------------- shifts

  const shiftsPage = (c: HrContext, values: Values = { kind: 'fixed', active: 'on', graceLateMinutes: '0', graceEarlyMinutes: '0', windowBeforeMinutes: '240', windowAfterMinutes: '360', absentAfterMinutes: '0', flexMinutes: '0', color: '#2f6fdf' }, errors: Errors = {}, status = 200) =>
    ctx.render(c, 'time-shifts', { shifts: schedule.shifts(), values, errors }, { title: t(c)('attendance.time.shifts.title'), status });

  const shiftEditPage = (c: HrContext, shift: ShiftRow, values: Values, errors: Errors = {}, status = 200) =>
    ctx.render(c, 'time-shift-edit', { shift, values, errors }, { title: shift.name, status });

  const shiftToValues = (s: ShiftRow): Values => ({ ...Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v === null ? '' : String(v)])), active: s.active ? 'on' : '' });

  ctx.pages.get('/admin/shifts', MANAGE, (c) => shiftsPage(c));

  ctx.pages.post('/admin/shifts', MANAGE, async (c) => {
    const form = await parseForm(c, shiftInput);
    const values = await formValues(c);
    if (!form.ok) return shiftsPage(c, values, { ...form.errors, _form: form.message }, 400);
    try {
      const id = schedule.saveShift(c, c.get('user'), form.data);
      ctx.flash(c, { kind: 'success', text: t(c)('attendance.time.shifts.saved', { name: form.data.name }) });
      return c.redirect(`/attendance/admin/shifts#shift-${id}`, 303);
    } catch (err) {
      const r = refusal(c, err);
      return shiftsPage(c, values, { _form: r.message }, r.status);
    }
  });

  const shiftOr404 = (c: HrContext): ShiftRow => {
    const shift = schedule.shift(idOr404(c));
    if (!shift) throw new HttpError(404, 'attendance.error.notFound');
    return shift;
  };

  ctx.pages.get('/admin/shifts/:id', MANAGE, (c) => {
    const shift = shiftOr404(c);
    return shiftEditPage(c, shift, shiftToValues(shift));
  });

  ctx.pages.post('/admin/shifts/:id', MANAGE, async (c) => {
    const shift = shiftOr404(c);
    const form = await parseForm(c, shiftInput);
    const values = await formValues(c);
    if (!form.ok) return shiftEditPage(c, shift, values, { ...form.errors, _form: form.message }, 400);
    try {
      schedule.saveShift(c, c.get('user'), form.data, shift.id);
    } catch (err) {
      const r = refusal(c, err);
      return shiftEditPage(c, shift, values, { _form: r.message }, r.status);
    }
    ctx.flash(c, { kind: 'success', text: t(c)('attendance.time.shifts.saved', { name: form.data.name }) });
    return c.redirect('/attendance/admin/shifts', 303);
  });

  ctx.pages.post('/admin/shifts/:id/default', MANAGE, (c) => {
    const shift = shiftOr404(c);
    schedule.makeDefaultShift(c, c.get('user'), shift.id);
    ctx.flash(c, { kind: 'success', text: t(c)('attendance.time.shifts.defaultSet', { name: shift.name }) });
    return c.redirect('/attendance/admin/shifts', 303);
  });

  ctx.pages.post('/admin/shifts/:id/delete', MANAGE, (c) => {
    const shift = shiftOr404(c);
    try {
      schedule.deleteShift(c, c.get('user'), shift.id);
      ctx.flash(c, { kind: 'success', text: t(c)('attendance.time.shifts.deleted', { name: shift.name }) });
    } catch (err) {
      ctx.flash(c, { kind: 'error', text: refusal(c, err).message });
    }
    return c.redirect('/attendance/admin/shifts', 303);
  });

  // ---------------------------------------------------------------- rotations

  const rotationForm = z.object({ name: z.string().trim().min(1).max(40), pattern: z.string().trim().min(1).max(1000), active: z.unknown() });

  const rotationsPage = (c: HrContext, values: Values = { active: 'on' }, errors: Errors = {}, status = 200, editing: number | null = null) => {
    const shifts = schedule.shifts();
    const off = t(c)('attendance.time.rotations.off');
    const rotations = schedule.rotations().map((r) => ({ ...r, patternText: patternText(r.pattern, shifts, off), length: r.pattern.length }));
    return ctx.render(c, 'time-rotations', { rotations, shifts, values, errors, editing }, { title: t(c)('attendance.time.rotations.title'), status });
  };

  /** Create (no id) or update a rotation from the posted form. */
  const saveRotation = async (c: HrContext, id?: number) => {
    const values = await formValues(c);
    const form = await parseForm(c, rotationForm);
    if (!form.ok) return rotationsPage(c, values, { ...form.errors, _form: form.message }, 400, id ?? null);
    const parsed = parsePattern(form.data.pattern, schedule.shifts());
    if ('unknown' in parsed) return rotationsPage(c, values, { pattern: t(c)('attendance.time.rotations.unknownToken', { token: parsed.unknown }) }, 400, id ?? null);
    try {
      schedule.saveRotation(c, c.get('user'), { name: form.data.name, pattern: parsed.pattern, active: values.active === 'on' }, id);
    } catch (err) {
      const r = refusal(c, err);
      return rotationsPage(c, values, { _form: r.message }, r.status, id ?? null);
    }
    ctx.flash(c, { kind: 'success', text: t(c)('attendance.time.rotations.saved', { name: String(values.name ?? '') }) });
    return c.redirect('/attendance/admin/rotations', 303);
  };

  const rotationOr404 = (c: HrContext) => {
    const id = idOr404(c);
    const rotation = schedule.rotations().find((r) => r.id === id);
    if (!rotation) throw new HttpError(404, 'attendance.error.notFound');
    return rotation;
  };

  ctx.pages.get('/admin/rotations', MANAGE, (c) => rotationsPage(c));
  ctx.pages.post('/admin/rotations', MANAGE, (c) => saveRotation(c));
  ctx.pages.get('/admin/rotations/:id', MANAGE, (c) => {
    const r = rotationOr404(c);
    const values = { name: r.name, pattern: patternText(r.pattern, schedule.shifts(), t(c)('attendance.time.rotations.off')), active: r.active ? 'on' : '' };
    return rotationsPage(c, values, {}, 200, r.id);
  });
  ctx.pages.post('/admin/rotations/:id', MANAGE, (c) => saveRotation(c, rotationOr404(c).id));
  ctx.pages.post('/admin/rotations/:id/delete', MANAGE, (c) => {
    const r = rotationOr404(c);
    try {
      schedule.deleteRotation(c, c.get('user'), r.id);
      ctx.flash(c, { kind: 'success', text: t(c)('attendance.time.rotations.deleted', { name: r.name }) });
    } catch (err) {
      ctx.flash(c, { kind: 'error', text: refusal(c, err).message });
    }
    return c.redirect('/attendance/admin/rotations', 303);
  });

  // ---------------------------------------------------------------- assignments

  const assignmentsPage = (c: HrContext, values: Values = { targetType: 'employee', effectiveFrom: att.parts.today() }, errors: Errors = {}, status = 200) =>
    ctx.render(
      c,
      'time-assignments',
      { assignments: schedule.assignments(), shifts: schedule.shifts(), rotations: schedule.rotations(), departments: ctx.people.departments(), values, errors },
      { title: t(c)('attendance.time.assignments.title'), status },
    );

  ctx.pages.get('/admin/assignments', MANAGE, (c) => assignmentsPage(c));

  ctx.pages.post('/admin/assignments', MANAGE, async (c) => {
    const values = await formValues(c);
    const form = await parseForm(c, assignmentForm);
    if (!form.ok) return assignmentsPage(c, values, { ...form.errors, _form: form.message }, 400);
    const f = form.data;
    let targetId: number | null;
    if (f.targetType === 'employee') {
      targetId = f.employeeNo ? ctx.people.employees.idByEmployeeNo(f.employeeNo) : null;
      if (targetId === null) return assignmentsPage(c, values, { employeeNo: t(c)('attendance.time.error.unknownEmployee', { value: f.employeeNo || '—' }) }, 400);
    } else {
      targetId = Number(f.departmentId) || null;
      if (targetId === null) return assignmentsPage(c, values, { departmentId: t(c)('attendance.time.error.unknownDepartment') }, 400);
    }
    const [kind, planId] = f.plan.split(':') as ['shift' | 'rotation', string];
    try {
      schedule.addAssignment(c, c.get('user'), {
        targetType: f.targetType,
        targetId,
        shiftId: kind === 'shift' ? Number(planId) : null,
        rotationId: kind === 'rotation' ? Number(planId) : null,
        anchorDate: f.anchorDate || null,
        effectiveFrom: f.effectiveFrom,
        effectiveTo: f.effectiveTo || null,
      });
    } catch (err) {
      const r = refusal(c, err);
      return assignmentsPage(c, values, { _form: r.message }, r.status);
    }
    ctx.flash(c, { kind: 'success', text: t(c)('attendance.time.assignments.saved') });
    return c.redirect('/attendance/admin/assignments', 303);
  });

  ctx.pages.post('/admin/assignments/:id/delete', MANAGE, (c) => {
    try {
      schedule.deleteAssignment(c, c.get('user'), idOr404(c));
      ctx.flash(c, { kind: 'success', text: t(c)('attendance.time.assignments.deleted') });
    } catch (err) {
      ctx.flash(c, { kind: 'error', text: refusal(c, err).message });
    }
    return c.redirect('/attendance/admin/assignments', 303);
  });
}
