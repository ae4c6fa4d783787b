/**
 * Leave pages (phone first): my balances and requests, the request form with a
 * live duration, a request's detail with its approval timeline (polled while
 * pending), and the approval inbox. Thin: parse, call the leave and approvals
 * services, render.
 */
import { HttpError, parseForm, z, type HrContext, type Locale, type PluginContext } from '../../../core/sdk.js';
import { approvesForAll } from '../services/approvals.js';
import type { Attendance } from '../services/index.js';
import { MAX_ATTACHMENT_BYTES, type AttachmentUpload } from '../services/leave-attachments.js';
import { typeName } from '../services/leave-policy.js';
import { leaveRequestInput, type LeaveRequest } from '../services/leave-requests.js';
import { minutesToDays, minutesToHours } from '../services/text.js';
import type { AttendanceSettings } from '../settings.js';

const idParam = z.coerce.number().int().positive();
const decisionInput = z.object({
  decision: z.enum(['approved', 'rejected']),
  comment: z.preprocess((v) => v ?? '', z.string().trim().max(500)),
  // Where to go afterwards: only a page of this plugin.
  back: z.preprocess((v) => (typeof v === 'string' && /^\/attendance\/[a-z0-9/_-]*$/.test(v) ? v : undefined), z.string().optional()),
});

/** Fields of a posted form as strings (files left out), to refill the form after an error. */
function formValues(body: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(body).filter(([k, v]) => typeof v === 'string' && k !== '_csrf')) as Record<string, string>;
}

async function uploadOf(body: Record<string, unknown>): Promise<AttachmentUpload | null> {
  const file = body.attachment;
  if (!(file instanceof File) || file.size === 0) return null;
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

export function registerLeavePages(ctx: PluginContext<AttendanceSettings>, att: Attendance): void {
  const { leave } = att;
  const { approvals } = att.parts;
  const workday = ctx.settings.workdayMinutes;

  const requestRow = (r: LeaveRequest, locale: Locale) => {
    const type = leave.type(r.leaveTypeId);
    return { ...r, typeName: type ? typeName(type, locale) : '', unit: type?.unit ?? 'day', summary: leave.requests.describe(r, locale) };
  };

  /** The request if `user` may see it (else a 404 that says nothing about whether it exists). */
  const visible = (c: HrContext, raw: string | undefined): LeaveRequest => {
    const id = idParam.safeParse(raw);
    const r = id.success ? leave.requests.get(id.data) : null;
    if (!r || !leave.requests.canView(c.get('user')!, r)) throw new HttpError(404, 'attendance.error.notFound');
    return r;
  };

  const progressData = (c: HrContext, r: LeaveRequest) => {
    const user = c.get('user')!;
    const steps = approvals.steps('leave', r.id);
    const pending = steps.find((s) => s.status === 'pending');
    const canDecide =
      r.status === 'pending' &&
      !!pending &&
      r.employeeId !== user.employeeId &&
      (pending.approverKind === 'hr' ? approvesForAll(user) : pending.approverEmployeeId === user.employeeId || approvesForAll(user));
    return { request: requestRow(r, c.get('locale')), steps, pendingStepId: canDecide ? pending!.id : null };
  };

  const types = (c: HrContext) => {
    const user = c.get('user')!;
    const gender = user.employeeId != null ? (ctx.people.employees.roster({ ids: [user.employeeId] })[0]?.gender ?? null) : null;
    return leave.types().filter((t) => t.active && (!t.gender || t.gender === gender));
  };

  const renderForm = (c: HrContext, values: Record<string, string>, error: string | null, errors: Record<string, string>, status = 200) => {
    const employeeId = c.get('user')!.employeeId;
    let duration: string | null = null;
    try {
      const p = employeeId != null ? leave.requests.preview(employeeId, values, c) : null;
      if (p) duration = p.type.unit === 'hour' ? c.get('t')('attendance.unit.hours', { n: minutesToHours(p.minutes) }) : c.get('t')('attendance.unit.days', { n: minutesToDays(p.minutes, workday) });
    } catch {
      duration = null;
    }
    const list = types(c);
    const balances = employeeId != null ? leave.balances(employeeId, att.parts.today(), c.get('locale')) : [];
    return ctx.render(
      c,
      'leave-new',
      { types: list, balances, values, error, errors, duration, workday, maxMb: MAX_ATTACHMENT_BYTES / 1024 / 1024 },
      { title: c.get('t')('attendance.leave.new.title'), status },
    );
  };

  // An account without an employee record has no leave: say so plainly (and where to get help) instead of failing.
  const noEmployee = (c: HrContext) =>
    ctx.render(c, 'leave-home', { noEmployee: true, balances: [], requests: [], workday }, { title: c.get('t')('attendance.leave.title') });

  ctx.pages.get('/leave', 'attendance.self', (c) => {
    const employeeId = c.get('user')!.employeeId;
    if (employeeId == null) return noEmployee(c);
    const locale = c.get('locale');
    const balances = leave.balances(employeeId, att.parts.today(), locale);
    const requests = leave.requests.requestsOf(employeeId).map((r) => requestRow(r, locale));
    return ctx.render(c, 'leave-home', { balances, requests, workday }, { title: c.get('t')('attendance.leave.title') });
  });

  ctx.pages.get('/leave/new', 'attendance.self', (c) => {
    if (c.get('user')!.employeeId == null) return noEmployee(c);
    const q = c.req.query();
    const values: Record<string, string> = { startDate: att.parts.today(), endDate: att.parts.today(), startHalf: 'am', endHalf: 'pm' };
    if (q.type && idParam.safeParse(q.type).success) values.leaveTypeId = q.type;
    return renderForm(c, values, null, {});
  });

  // Live duration while the form is filled in (htmx): the same measure the request will get.
  ctx.pages.get('/leave/duration', 'attendance.self', (c) => {
    const employeeId = c.get('user')!.employeeId;
    const t = c.get('t');
    let text = '';
    let problem = false;
    const query = c.req.query();
    // Nothing to say until a type and a start date are chosen (or without an employee record).
    if (employeeId == null || !query.leaveTypeId || !query.startDate) return ctx.render(c, 'leave-duration', { text: '', problem: false }, { fragment: true });
    try {
      const p = leave.requests.preview(employeeId, query, c);
      text = t('attendance.leave.new.duration', {
        amount: p.type.unit === 'hour' ? t('attendance.unit.hours', { n: minutesToHours(p.minutes) }) : t('attendance.unit.days', { n: minutesToDays(p.minutes, workday) }),
      });
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      text = t(err.messageKey, err.params);
      problem = true;
    }
    return ctx.render(c, 'leave-duration', { text, problem }, { fragment: true });
  });

  ctx.pages.post('/leave', 'attendance.self', async (c) => {
    const user = c.get('user')!;
    const t = c.get('t');
    // Refuse an oversized upload before reading it into memory.
    if (Number(c.req.header('content-length') ?? 0) > MAX_ATTACHMENT_BYTES + 64 * 1024) {
      return renderForm(c, {}, t('attendance.leave.error.attachmentSize', { mb: MAX_ATTACHMENT_BYTES / 1024 / 1024 }), {}, 413);
    }
    const body = await c.req.parseBody();
    const values = formValues(body);
    const form = await parseForm(c, leaveRequestInput);
    if (!form.ok) return renderForm(c, values, form.message, form.errors, 400);
    try {
      const created = leave.requests.create(c, user, form.data, await uploadOf(body));
      ctx.flash(c, { kind: 'success', text: t('attendance.leave.flash.requested') });
      return c.redirect(`/attendance/leave/${created.id}`, 303);
    } catch (err) {
      if (err instanceof HttpError && err.status < 500) return renderForm(c, values, t(err.messageKey, err.params), {}, err.status);
      throw err;
    }
  });

  ctx.pages.get('/leave/:id', 'attendance.self', (c) => {
    const r = visible(c, c.req.param('id'));
    const user = c.get('user')!;
    const own = r.employeeId === user.employeeId;
    const hr = approvesForAll(user) || (user.permissions.has('attendance.manage') && user.scopes.get('attendance.manage') === 'all');
    const employee = ctx.people.employees.roster({ ids: [r.employeeId], includeLeft: true })[0];
    return ctx.render(
      c,
      'leave-show',
      {
        ...progressData(c, r),
        employeeName: employee?.name ?? '',
        own,
        canWithdraw: own && r.status === 'pending',
        canCancel: r.status === 'approved' && (hr || (own && att.parts.today() < r.startDate)),
      },
      { title: c.get('t')('attendance.leave.show.title') },
    );
  });

  // The approval timeline alone: polled by the detail page while the request is pending.
  ctx.pages.get('/leave/:id/progress', 'attendance.self', (c) => {
    const r = visible(c, c.req.param('id'));
    return ctx.render(c, 'leave-progress', progressData(c, r), { fragment: true });
  });

  ctx.pages.get('/leave/:id/attachment', 'attendance.self', (c) => {
    const r = visible(c, c.req.param('id'));
    const file = leave.requests.attachment(r);
    if (!file) throw new HttpError(404, 'attendance.error.notFound');
    const name = encodeURIComponent(r.attachmentName ?? 'attachment');
    return new Response(new Uint8Array(file.bytes), {
      headers: {
        'content-type': file.type,
        'content-disposition': `inline; filename*=UTF-8''${name}`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
      },
    });
  });

  ctx.pages.post('/leave/:id/withdraw', 'attendance.self', (c) => {
    const r = visible(c, c.req.param('id'));
    leave.requests.withdraw(c, c.get('user')!, r.id);
    ctx.flash(c, { kind: 'success', text: c.get('t')('attendance.leave.flash.withdrawn') });
    return c.redirect(`/attendance/leave/${r.id}`, 303);
  });

  ctx.pages.post('/leave/:id/cancel', 'attendance.self', (c) => {
    const r = visible(c, c.req.param('id'));
    leave.requests.cancel(c, c.get('user')!, r.id);
    ctx.flash(c, { kind: 'success', text: c.get('t')('attendance.leave.flash.cancelled') });
    return c.redirect(`/attendance/leave/${r.id}`, 303);
  });

  ctx.pages.get('/approvals', 'attendance.approve', (c) => {
    const user = c.get('user')!;
    const locale = c.get('locale');
    const items = approvals.inbox(user, locale);
    const decided = approvals.decidedBy(user, locale, 30);
    return ctx.render(c, 'approvals', { items, decided, values: {}, errors: {} }, { title: c.get('t')('attendance.approval.title') });
  });

  ctx.pages.post('/approvals/:stepId', 'attendance.approve', async (c) => {
    const t = c.get('t');
    const stepId = idParam.safeParse(c.req.param('stepId'));
    if (!stepId.success) throw new HttpError(404, 'attendance.error.notFound');
    const form = await parseForm(c, decisionInput);
    if (!form.ok) throw new HttpError(400, 'attendance.approval.error.decision');
    const back = form.data.back ?? '/attendance/approvals';
    try {
      approvals.decide(c, c.get('user')!, stepId.data, form.data.decision, form.data.comment);
    } catch (err) {
      // Already decided by someone else, a missing reason, a locked month: say so where the approver was.
      if (err instanceof HttpError && (err.status === 409 || err.status === 422)) {
        ctx.flash(c, { kind: 'error', text: t(err.messageKey, err.params) });
        return c.redirect(back, 303);
      }
      throw err;
    }
    ctx.flash(c, { kind: 'success', text: t(form.data.decision === 'approved' ? 'attendance.approval.flash.approved' : 'attendance.approval.flash.rejected') });
    return c.redirect(back, 303);
  });
}
