/**
 * The monthly hiring plan page (招聘计划, recruiting.manage at scope all): pick a month,
 * see each row — the whole company, a department (its sub-departments count) or one job —
 * with its target, the hires so far and a completion bar; add rows, change a row's target
 * and note, delete rows. Hires are counted by the plan service from hired applications.
 */
import { HttpError, parseForm, z, type Access, type HrContext, type PluginContext } from '../../../core/sdk.js';
import type { Recruiting } from '../services/index.js';
import type { PlanProgress } from '../services/plans.js';
import type { RecruitingSettings } from '../settings.js';
import { departmentOptions, formValues, idOf, refusal } from './jobs-form.js';

const PLAN: Access = { permission: 'recruiting.manage', scope: 'all' };
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A plan row's target: `company`, `dept:<id>` or `job:<id>` (one select on the page). */
export type PlanScope = { departmentId: number | null; jobId: number | null };

export function parsePlanScope(raw: string): PlanScope | null {
  if (raw === 'company') return { departmentId: null, jobId: null };
  const m = /^(dept|job):(\d{1,12})$/.exec(raw);
  if (!m) return null;
  const id = Number(m[2]);
  if (!(id > 0)) return null;
  return m[1] === 'dept' ? { departmentId: id, jobId: null } : { departmentId: null, jobId: id };
}

export const scopeKey = (row: PlanScope): string => (row.jobId !== null ? `job:${row.jobId}` : row.departmentId !== null ? `dept:${row.departmentId}` : 'company');

/** `YYYY-MM` moved by whole months. */
export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Completion as a whole percentage for people (null without a target), and the bar's value capped at the target. */
export function completionOf(row: Pick<PlanProgress, 'hired' | 'target' | 'completion'>): { percent: number | null; bar: number } {
  return { percent: row.completion === null ? null : Math.round(row.completion * 100), bar: Math.min(row.hired, row.target) };
}

export const planFormSchema = z.object({
  month: z.string().regex(MONTH, 'recruiting.error.month'),
  scope: z.string().trim().min(1).max(40),
  target: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.coerce.number().int().min(0).max(100_000)),
  note: z.string().trim().max(500).default(''),
  /** Set when the post edits an existing row (its errors are shown there). */
  rowId: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().positive().optional()),
});

interface PageState {
  month: string;
  values?: Record<string, string>;
  errors?: Record<string, string>;
  error?: string | null;
  /** A refused edit of a row: which one, what was typed and why. */
  rowError?: { id: number; values: Record<string, string>; error: string } | null;
}

export function registerPlanPages(ctx: PluginContext<RecruitingSettings>, r: Recruiting): void {
  const currentMonth = () => r.parts.today().slice(0, 7);

  const render = (c: HrContext, state: PageState, status = 200) => {
    const t = c.get('t');
    const rows = r.plans.progress(state.month).map((row) => ({
      ...row,
      label: row.jobId !== null ? (row.jobTitle ?? `#${row.jobId}`) : row.departmentId !== null ? (row.departmentName ?? `#${row.departmentId}`) : t('recruiting.plans.company'),
      kind: row.jobId !== null ? 'job' : row.departmentId !== null ? 'department' : 'company',
      scope: scopeKey(row),
      ...completionOf(row),
    }));
    const jobs = r.jobs.list(c, { pageSize: 200 }).items.map((j) => ({ id: j.id, title: j.title, status: j.status }));
    return ctx.render(
      c,
      'plans-list',
      {
        month: state.month,
        prev: shiftMonth(state.month, -1),
        next: shiftMonth(state.month, 1),
        isCurrent: state.month === currentMonth(),
        rows,
        departments: departmentOptions(ctx.people.departments()),
        jobs,
        values: { month: state.month, scope: 'company', ...(state.values ?? {}) },
        errors: state.errors ?? {},
        error: state.error ?? null,
        rowError: state.rowError ?? null,
      },
      { title: t('recruiting.plans.title'), status },
    );
  };

  ctx.pages.get('/plans', PLAN, (c) => {
    const asked = c.req.query('month') ?? '';
    return render(c, { month: MONTH.test(asked) ? asked : currentMonth() });
  });

  ctx.pages.post('/plans', PLAN, async (c) => {
    const t = c.get('t');
    const values = formValues(await c.req.parseBody());
    const month = MONTH.test(values.month ?? '') ? values.month! : currentMonth();
    const form = await parseForm(c, planFormSchema);
    const rowId = idOf(values.rowId);
    const refuse = (error: string, errors: Record<string, string>, status: number) =>
      rowId !== null ? render(c, { month, rowError: { id: rowId, values, error } }, status) : render(c, { month, values, errors, error }, status);
    if (!form.ok) return refuse(Object.values(form.errors)[0] ?? form.message, form.errors, 400);
    const scope = parsePlanScope(form.data.scope);
    if (!scope) {
      const message = t('recruiting.plans.error.scope');
      return refuse(message, { scope: message }, 400);
    }
    try {
      r.plans.upsert(c, { month: form.data.month, ...scope, target: form.data.target, note: form.data.note });
    } catch (err) {
      if (!(err instanceof HttpError) || err.status >= 500) throw err;
      const { error, errors } = refusal(err, t);
      // The service names departmentId / jobId: on this page both are the one "scope" select.
      if (errors.departmentId || errors.jobId) errors.scope = error;
      return refuse(error, errors, err.status);
    }
    ctx.flash(c, { kind: 'success', text: t('recruiting.plans.flash.saved') });
    return c.redirect(`/recruiting/plans?month=${form.data.month}`, 303);
  });

  ctx.pages.post('/plans/:id/delete', PLAN, async (c) => {
    const t = c.get('t');
    const id = idOf(c.req.param('id'));
    if (id === null) throw new HttpError(404, 'recruiting.error.notFound');
    const month = (await c.req.parseBody()).month;
    r.plans.remove(c, id);
    ctx.flash(c, { kind: 'success', text: t('recruiting.plans.flash.deleted') });
    return c.redirect(`/recruiting/plans${typeof month === 'string' && MONTH.test(month) ? `?month=${month}` : ''}`, 303);
  });
}
