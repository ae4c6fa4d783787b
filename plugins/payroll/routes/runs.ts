/**
 * HR's payroll run pages under /payroll/runs: the list with a new-run form,
 * one run (status, progress while calculating, totals, the review table with
 * differences and anomaly flags, the buttons its status allows) and the lines
 * of an adjustment run. Everything needs `payroll.manage` at `all`; approve,
 * lock and publish need `payroll.approve` at `all`.
 */
import { HttpError, parseForm, z, type HrContext, type PluginContext, type Translate } from '../../../core/sdk.js';
import { formatCents, MoneyError, yuanToCents } from '../domain/money.js';
import { runError, type RunView } from '../services/runs.js';
import type { Payroll } from '../services/index.js';
import type { PayrollSettings } from '../settings.js';

export const MANAGE = { permission: 'payroll.manage', scope: 'all' } as const;
export const APPROVE = { permission: 'payroll.approve', scope: 'all' } as const;

const monthField = z.string().trim().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'payroll.error.badMonth');
const createInput = z.object({
  month: monthField.optional(),
  kind: z.enum(['regular', 'adjustment']).default('regular'),
  correctsRunId: z.coerce.number().int().positive().optional(),
  note: z.string().trim().max(500).default(''),
});
const yuan = z
  .string()
  .trim()
  .transform((v, ctx) => {
    try {
      return yuanToCents(v);
    } catch (err) {
      if (!(err instanceof MoneyError)) throw err;
      ctx.addIssue({ code: 'custom', message: 'payroll.error.badAmount' });
      return z.NEVER;
    }
  })
  .refine((cents) => cents > 0, 'payroll.error.badAmount');
const adjustmentInput = z.object({
  employeeNo: z.string().trim().min(1).max(64),
  kind: z.enum(['earning', 'deduction', 'bonus']),
  name: z.string().trim().min(1).max(64),
  amount: yuan,
  taxable: z.preprocess((v) => v === 'on' || v === 'true' || v === '1' || v === true, z.boolean()).default(false),
});
const reviewQuery = z.object({
  anomalies: z.preprocess((v) => v === '1' || v === 'true', z.boolean()).catch(false),
  q: z.string().trim().max(100).catch(''),
  page: z.coerce.number().int().min(1).catch(1),
});
const idParam = (c: HrContext, name = 'id'): number => {
  const n = Number(c.req.param(name));
  if (!Number.isSafeInteger(n) || n <= 0) throw new HttpError(404, 'payroll.error.notFound');
  return n;
};

interface FormState {
  values?: Record<string, unknown>;
  errors?: Record<string, string>;
  message?: string;
  status?: number;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The text of a run's stored error (i18n key and params), or null. */
export function runErrorText(t: Translate, run: Pick<RunView, 'error'>): string | null {
  const e = runError(run);
  if (!e) return null;
  const params: Record<string, string | number> = { employee: '', message: '', ...e.params };
  if (typeof params.detail === 'string' && params.detail.startsWith('payroll.')) params.detail = t(params.detail, params);
  return t(e.key, params);
}

export function registerRunPages(ctx: PluginContext<PayrollSettings>, payroll: Payroll): void {
  const { runs } = payroll;
  const today = () => payroll.parts.today();
  const cents = (v: number) => formatCents(v);
  const userName = (id: number | null) => (id === null ? '—' : (ctx.people.userNames([id]).get(id) ?? '—'));

  /** Run an action; a 4xx becomes a message shown on the page instead of an error page. */
  const attempt = <T>(c: HrContext, fn: () => T): { ok: true; value: T } | { ok: false; text: string; status: number } => {
    try {
      return { ok: true, value: fn() };
    } catch (err) {
      if (!(err instanceof HttpError) || err.status >= 500) throw err;
      const t = c.get('t');
      const params: Record<string, string | number> = { employee: '', ...err.params };
      if (err.messageKey === 'payroll.run.error.status') params.status = t(`payroll.run.status.${params.status}`);
      return { ok: false, text: t(err.messageKey, params), status: err.status };
    }
  };

  // ---------------------------------------------------------------- the list

  const renderList = (c: HrContext, form: FormState = {}) => {
    const t = c.get('t');
    const year = c.req.query('year');
    const items = runs.list(year && /^\d{4}$/.test(year) ? { year } : {});
    return ctx.render(
      c,
      'run-list',
      { items, cents, values: form.values ?? { month: today().slice(0, 7) }, errors: form.errors ?? {}, message: form.message },
      { title: t('payroll.run.title'), status: form.status },
    );
  };

  ctx.pages.get('/runs', MANAGE, (c) => renderList(c));

  ctx.pages.post('/runs', MANAGE, async (c) => {
    const t = c.get('t');
    const form = await parseForm(c, createInput);
    const values = await c.req.parseBody();
    if (!form.ok) return renderList(c, { values, errors: form.errors, message: form.message, status: 400 });
    const { kind, correctsRunId, note } = form.data;
    if (kind === 'regular' && !form.data.month) {
      const text = t('payroll.error.badMonth');
      return renderList(c, { values, errors: { month: text }, message: text, status: 400 });
    }
    const done = attempt(c, () => runs.create(c, { month: form.data.month ?? '', kind, correctsRunId: correctsRunId ?? null, note }));
    if (!done.ok) {
      if (kind === 'adjustment' && correctsRunId) return renderRun(c, correctsRunId, { message: done.text, status: done.status });
      return renderList(c, { values, errors: { _form: done.text }, message: done.text, status: done.status });
    }
    ctx.flash(c, { kind: 'success', text: t('payroll.run.flash.created', { month: done.value.month }) });
    return c.redirect(`/payroll/runs/${done.value.id}`, 303);
  });

  // ---------------------------------------------------------------- one run

  const renderRun = (c: HrContext, id: number, form: FormState = {}) => {
    const t = c.get('t');
    const user = c.get('user')!;
    const query = reviewQuery.parse(c.req.query());
    const review = runs.review(c, id, { anomalies: query.anomalies, q: query.q, page: query.page, pageSize: 50 });
    const run = review.run;
    const canApprove = user.permissions.has('payroll.approve') && user.scopes.get('payroll.approve') === 'all';
    // Left `calculating` by a restart: nothing is calculating it any more; it can be calculated again.
    const stale = run.status === 'calculating' && !runs.isCalculating(run.id);
    return ctx.render(
      c,
      'run-show',
      {
        run,
        review,
        query,
        pages: Math.max(1, Math.ceil(review.total / review.pageSize)),
        cents,
        canApprove,
        stale,
        errorText: runErrorText(t, run),
        approvedBy: userName(run.approvedByUserId),
        lockedBy: userName(run.lockedByUserId),
        publishedBy: userName(run.publishedByUserId),
        corrects: run.correctsRunId ? runs.list().find((r) => r.id === run.correctsRunId) ?? null : null,
        adjustments: run.kind === 'adjustment' ? runs.adjustments(c, id) : [],
        values: form.values ?? { kind: 'earning' },
        errors: form.errors ?? {},
        message: form.message,
      },
      { title: `${run.month} · ${t(`payroll.run.kind.${run.kind}`)}`, status: form.status },
    );
  };

  ctx.pages.get('/runs/:id', MANAGE, (c) => renderRun(c, idParam(c)));

  /** The progress bar, polled while the run calculates; a full refresh once it is done. */
  ctx.pages.get('/runs/:id/progress', MANAGE, async (c) => {
    const run = runs.get(idParam(c));
    if (run.status !== 'calculating' || !runs.isCalculating(run.id)) {
      c.header('HX-Refresh', 'true');
      return c.body(null, 204);
    }
    return ctx.render(c, 'run-progress', { run }, { fragment: true });
  });

  /** POST actions: do it, flash, back to the run; a refusal shows on the run page with its status. */
  const action = (path: string, access: typeof MANAGE | typeof APPROVE, act: (c: HrContext, id: number) => string) =>
    ctx.pages.post(path, access, (c) => {
      const id = idParam(c);
      const done = attempt(c, () => act(c, id));
      if (!done.ok) return renderRun(c, id, { message: done.text, status: done.status });
      ctx.flash(c, { kind: 'success', text: done.value });
      return c.redirect(`/payroll/runs/${id}`, 303);
    });

  ctx.pages.post('/runs/:id/calculate', MANAGE, async (c) => {
    const t = c.get('t');
    const id = idParam(c);
    const started = attempt(c, () => runs.startCalculation(c, id));
    if (!started.ok) return renderRun(c, id, { message: started.text, status: started.status });
    // Small runs finish while the browser waits; large ones show their progress.
    const finished = await Promise.race([started.value.done.then(() => true, () => true), delay(1500).then(() => false)]);
    const run = runs.get(id);
    if (!finished) ctx.flash(c, { kind: 'info', text: t('payroll.run.flash.calculating') });
    else if (run.status === 'calculated') ctx.flash(c, { kind: 'success', text: t('payroll.run.flash.calculated', { count: run.employeeCount }) });
    return c.redirect(`/payroll/runs/${id}`, 303);
  });

  action('/runs/:id/approve', APPROVE, (c, id) => {
    runs.approve(c, id);
    return c.get('t')('payroll.run.flash.approved');
  });
  action('/runs/:id/lock', APPROVE, (c, id) => c.get('t')('payroll.run.flash.locked', { month: runs.lock(c, id).month }));
  action('/runs/:id/publish', APPROVE, (c, id) => c.get('t')('payroll.run.flash.published', { count: runs.publish(c, id).employeeCount }));

  ctx.pages.post('/runs/:id/delete', MANAGE, (c) => {
    const id = idParam(c);
    const done = attempt(c, () => runs.remove(c, id));
    if (!done.ok) return renderRun(c, id, { message: done.text, status: done.status });
    ctx.flash(c, { kind: 'success', text: c.get('t')('payroll.run.flash.deleted') });
    return c.redirect('/payroll/runs', 303);
  });

  // ---------------------------------------------------------------- adjustment lines

  ctx.pages.post('/runs/:id/adjustments', MANAGE, async (c) => {
    const t = c.get('t');
    const id = idParam(c);
    runs.get(id);
    const form = await parseForm(c, adjustmentInput);
    const values = await c.req.parseBody();
    if (!form.ok) return renderRun(c, id, { values, errors: form.errors, message: form.message, status: 400 });
    const employeeId = ctx.people.employees.idByEmployeeNo(form.data.employeeNo);
    if (!employeeId) {
      const text = t('payroll.run.error.unknownEmployee');
      return renderRun(c, id, { values, errors: { employeeNo: text }, message: text, status: 422 });
    }
    const { kind, name, amount, taxable } = form.data;
    const done = attempt(c, () => runs.addAdjustment(c, id, { employeeId, kind, name, amountCents: amount, taxable }));
    if (!done.ok) return renderRun(c, id, { values, errors: { _form: done.text }, message: done.text, status: done.status });
    ctx.flash(c, { kind: 'success', text: t('payroll.run.flash.adjustmentAdded') });
    return c.redirect(`/payroll/runs/${id}`, 303);
  });

  ctx.pages.post('/runs/:id/adjustments/:adjustmentId/delete', MANAGE, (c) => {
    const id = idParam(c);
    const adjustmentId = idParam(c, 'adjustmentId');
    const done = attempt(c, () => runs.removeAdjustment(c, id, adjustmentId));
    if (!done.ok) return renderRun(c, id, { message: done.text, status: done.status });
    ctx.flash(c, { kind: 'success', text: c.get('t')('payroll.run.flash.adjustmentRemoved') });
    return c.redirect(`/payroll/runs/${id}`, 303);
  });
}
