/**
 * Headcount requisition pages (招聘需求). Managers (recruiting.requisition) ask for people
 * for the departments they reach — below scope `all` their own and those they head — and
 * follow their requests; approvers (recruiting.approve, never on their own request) approve,
 * or reject with a comment; HR turns an approved request into a job opening, prefilled
 * (/recruiting/new?requisition=ID). Approvers who cannot request have their own page,
 * /recruiting/requisitions/approvals.
 */
import { HttpError, parseForm, z, type Access, type HrContext, type PluginContext } from '../../../core/sdk.js';
import { REQUISITION_STATUSES } from '../schema.js';
import { APPROVE, MANAGE, REQUISITION, has, reachableDepartments, scopeOf, viewerOf } from '../services/access.js';
import type { Recruiting } from '../services/index.js';
import type { RequisitionStatus, RequisitionView } from '../services/requisitions.js';
import type { RecruitingSettings } from '../settings.js';
import { departmentOptions, formValues, idOf, refusal } from './jobs-form.js';

const REQUEST: Access = 'recruiting.requisition';
const PAGE_SIZE = 20;
const DECIDE: Access = 'recruiting.approve';
const blankTo = (empty: unknown) => (v: unknown) => (typeof v === 'string' && v.trim() === '' ? empty : v);

export const requestFormSchema = z.object({
  departmentId: z.preprocess(blankTo(undefined), z.coerce.number().int().positive()),
  title: z.string().trim().min(1).max(100),
  headcount: z.coerce.number().int().min(1).max(10_000),
  reason: z.string().trim().max(2000).default(''),
  neededBy: z.preprocess(blankTo(null), z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'recruiting.error.month').nullable()).default(null),
});

const decisionSchema = z.object({
  comment: z.string().trim().max(2000).default(''),
  back: z.enum(['list', 'approvals']).default('list'),
});

type Mode = 'list' | 'approvals';

interface PageState {
  mode: Mode;
  status?: RequisitionStatus | undefined;
  page?: number;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  error?: string | null;
  /** A refused decision: which requisition and why (shown beside its form). */
  decision?: { id: number; comment: string; error: string } | null;
}

export function registerRequisitionPages(ctx: PluginContext<RecruitingSettings>, r: Recruiting): void {
  /** The departments a viewer may request for (the service decides the same way and checks again). */
  const requestable = (c: HrContext) => {
    const viewer = viewerOf(c);
    const all = has(viewer, MANAGE) || has(viewer, APPROVE) || scopeOf(viewer, REQUISITION) === 'all';
    const user = c.get('user');
    return departmentOptions(ctx.people.departments(), all ? 'all' : user ? reachableDepartments(ctx, user) : new Set());
  };

  /** Who asked, by their employee name when the account has one. */
  const requesterNames = (rows: RequisitionView[]) => {
    const names = new Map<number, string | null>();
    for (const row of rows) {
      if (names.has(row.requestedBy)) continue;
      const employee = ctx.people.employeeOfUser(row.requestedBy);
      names.set(row.requestedBy, employee ? (ctx.people.employees.get(employee.id)?.name ?? null) : null);
    }
    return names;
  };

  const render = (c: HrContext, state: PageState, status = 200) => {
    const t = c.get('t');
    const viewer = viewerOf(c);
    const me = c.get('user')?.id ?? null;
    const canRequest = has(viewer, REQUISITION);
    const canDecide = has(viewer, APPROVE);
    const canCreateJob = has(viewer, MANAGE) && scopeOf(viewer, MANAGE) === 'all';
    const all = r.requisitions.list(c, { status: state.mode === 'approvals' ? 'pending' : state.status });
    const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
    const page = Math.min(pages, Math.max(1, state.page ?? 1));
    const rows = all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const names = requesterNames(rows);
    const items = rows.map((row) => ({
      ...row,
      requester: names.get(row.requestedBy) ?? null,
      own: row.requestedBy === me,
      canCancel: row.status === 'pending' && canRequest && (row.requestedBy === me || has(viewer, MANAGE)),
      canDecide: row.status === 'pending' && canDecide && row.requestedBy !== me,
      canCreateJob: row.status === 'approved' && row.jobId === null && canCreateJob,
    }));
    const departments = state.mode === 'list' && canRequest ? requestable(c) : [];
    return ctx.render(
      c,
      'requisitions-list',
      {
        mode: state.mode,
        items,
        status: state.status ?? '',
        page,
        pages,
        statuses: REQUISITION_STATUSES,
        canRequest: state.mode === 'list' && canRequest,
        canDecide,
        departments,
        values: state.values ?? { headcount: '1' },
        errors: state.errors ?? {},
        error: state.error ?? null,
        decision: state.decision ?? null,
      },
      { title: t(state.mode === 'approvals' ? 'recruiting.requisitions.approvalsTitle' : 'recruiting.requisitions.title'), status },
    );
  };

  const statusOf = (raw: string | undefined): RequisitionStatus | undefined => ((REQUISITION_STATUSES as readonly string[]).includes(raw ?? '') ? (raw as RequisitionStatus) : undefined);
  const target = (c: HrContext): number => {
    const id = idOf(c.req.param('id'));
    if (id === null) throw new HttpError(404, 'recruiting.error.notFound');
    return id;
  };
  const listUrl = (mode: Mode) => (mode === 'approvals' ? '/recruiting/requisitions/approvals' : '/recruiting/requisitions');

  const pageOf = (c: HrContext) => Math.max(1, Math.min(10_000, Number.parseInt(c.req.query('page') ?? '1', 10) || 1));

  ctx.pages.get('/requisitions', REQUEST, (c) => render(c, { mode: 'list', status: statusOf(c.req.query('status')), page: pageOf(c) }));

  ctx.pages.get('/requisitions/approvals', DECIDE, (c) => render(c, { mode: 'approvals', page: pageOf(c) }));

  ctx.pages.post('/requisitions', REQUEST, async (c) => {
    const t = c.get('t');
    const values = formValues(await c.req.parseBody());
    const form = await parseForm(c, requestFormSchema);
    if (!form.ok) return render(c, { mode: 'list', values, errors: form.errors, error: form.message }, 400);
    try {
      const created = r.requisitions.request(c, form.data);
      ctx.flash(c, { kind: 'success', text: t('recruiting.requisitions.flash.requested', { title: created.title }) });
      return c.redirect('/recruiting/requisitions', 303);
    } catch (err) {
      if (!(err instanceof HttpError) || err.status >= 500) throw err;
      const { error, errors } = refusal(err, t);
      // "Not your department" belongs beside the department field.
      if (err.messageKey === 'recruiting.error.otherDepartment') errors.departmentId = error;
      return render(c, { mode: 'list', values, errors, error }, err.status);
    }
  });

  for (const decision of ['approve', 'reject'] as const) {
    ctx.pages.post(`/requisitions/:id/${decision}`, DECIDE, async (c) => {
      const t = c.get('t');
      const id = target(c);
      const form = await parseForm(c, decisionSchema);
      const data = form.ok ? form.data : { comment: '', back: 'list' as const };
      try {
        const done = decision === 'approve' ? r.requisitions.approve(c, id, data.comment) : r.requisitions.reject(c, id, data.comment);
        ctx.flash(c, { kind: 'success', text: t(`recruiting.requisitions.flash.${decision}d`, { title: done.title }) });
        return c.redirect(listUrl(data.back), 303);
      } catch (err) {
        if (!(err instanceof HttpError) || err.status >= 500 || err.status === 404) throw err;
        return render(c, { mode: data.back, decision: { id, comment: data.comment, error: t(err.messageKey, err.params) } }, err.status);
      }
    });
  }

  ctx.pages.post('/requisitions/:id/cancel', REQUEST, (c) => {
    const t = c.get('t');
    try {
      const done = r.requisitions.cancel(c, target(c));
      ctx.flash(c, { kind: 'success', text: t('recruiting.requisitions.flash.cancelled', { title: done.title }) });
    } catch (err) {
      // Decided meanwhile: say so on the list rather than on an error page.
      if (!(err instanceof HttpError) || err.status !== 409) throw err;
      ctx.flash(c, { kind: 'error', text: t(err.messageKey, err.params) });
    }
    return c.redirect('/recruiting/requisitions', 303);
  });
}
