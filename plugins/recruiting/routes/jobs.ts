/**
 * Job opening pages. The list at /recruiting (recruiting.screen: the jobs the viewer
 * reaches, status tabs with counts, active applicants per stage, new in the last 7 days)
 * and, for HR (recruiting.manage at scope all), the new/edit form: fields, requirements
 * extracted from the pasted description (rules, improved by the LLM when one is configured:
 * services/requirements-llm.ts) and then edited as comma-separated skills (the
 * canonical names the scorer uses shown beside them), blind mode and the pipeline stage
 * editor; open / pause / close with a confirmation step.
 *
 * Every button works as a plain form post (the server applies the editor move or the
 * extraction and renders the whole form again); with htmx the same moves swap only the
 * part that changed (POST /recruiting/requirements and /recruiting/stages).
 * The pipeline board itself (/recruiting/jobs/:id) belongs to the pipeline pages.
 */
import { HttpError, parseForm, type Access, type HrContext, type PluginContext } from '../../../core/sdk.js';
import { DEGREES } from '../domain/types.js';
import { JOB_STATUSES } from '../schema.js';
import { canManage, viewerOf } from '../services/access.js';
import type { Recruiting } from '../services/index.js';
import { jobListFigures } from '../services/jobs-queries.js';
import { EMPLOYMENT_TYPES, type JobStatus, type JobView } from '../services/jobs.js';
import { createLlmRequirements, type ExtractionMethod } from '../services/requirements-llm.js';
import { DEFAULT_STAGES, stageLabel } from '../services/stages.js';
import type { RecruitingSettings } from '../settings.js';
import {
  applyStageAction,
  canonicalSkills,
  departmentOptions,
  formValues,
  idOf,
  jobFormSchema,
  jobInputOf,
  languageCodes,
  parseStageAction,
  refusal,
  requirementValues,
  stageControls,
  stageRowsFrom,
  stageRowsOf,
  type StageRow,
} from './jobs-form.js';

const SCREEN: Access = 'recruiting.screen';
export const MANAGE: Access = { permission: 'recruiting.manage', scope: 'all' };
const PAGE_SIZE = 20;
const WEEK_MS = 7 * 86_400_000;

/** The status buttons a job shows, by its status (the service's transitions). */
const STATUS_ACTIONS: Record<JobStatus, readonly ('open' | 'pause' | 'close')[]> = {
  draft: ['open'],
  open: ['pause', 'close'],
  paused: ['open', 'close'],
  closed: ['open'],
};
const ACTION_STATUS = { open: 'open', pause: 'paused', close: 'closed' } as const;

/** Where to return after a status change: a page of this plugin only. */
const backTo = (raw: unknown, fallback: string) => (typeof raw === 'string' && /^\/recruiting(?:[/?][\w\-/?=&%.]*)?$/.test(raw) ? raw : fallback);

export interface JobFormState {
  job: JobView | null;
  values: Record<string, string>;
  stages: StageRow[];
  errors?: Record<string, string>;
  error?: string | null;
  notice?: string | null;
  /** Shown inside the requirements fieldset (e.g. nothing to extract from). */
  extractError?: string | null;
  /** How the last extraction was made, shown beside its result; null when nothing was extracted. */
  extractMethod?: ExtractionMethod | null;
  /** Shown inside the stage editor (a refused move). */
  stageError?: string | null;
  /** The add-stage inputs, kept after a refused add. */
  newStage?: { label: string; kind: string };
}

export function registerJobPages(ctx: PluginContext<RecruitingSettings>, r: Recruiting): void {
  // Rules, improved by the LLM when one is configured; wired here so the job service stays synchronous.
  const llmRequirements = createLlmRequirements(ctx);
  const lang = (c: HrContext): 'zh' | 'en' => (c.get('locale') === 'en' ? 'en' : 'zh');

  /** A stage as people call it: HR's label, else its kind's name. */
  const stageName = (c: HrContext) => (row: StageRow) => row.label || (row.kind === 'custom' ? row.key : c.get('t')(`recruiting.stage.${row.kind}`));

  const languageLabel = (c: HrContext, code: string) => {
    const key = `recruiting.jobs.language.${code}`;
    const text = c.get('t')(key);
    return text === key ? code : text;
  };

  /** What the requirement fields show beside themselves: the canonical names the scorer will use. */
  const canonical = (c: HrContext, values: Record<string, string>) => ({
    mustHave: canonicalSkills(values.mustHave, lang(c)),
    niceToHave: canonicalSkills(values.niceToHave, lang(c)),
    languages: languageCodes(values.languages).map((code) => ({ code, label: languageLabel(c, code) })),
  });

  const stageView = (c: HrContext, job: JobView | null, rows: StageRow[]) => {
    const t = c.get('t');
    const counts = job ? r.jobs.stageCounts(job.id) : new Map<string, number>();
    return rows.map((s, i) => ({
      ...s,
      kindLabel: t(`recruiting.stage.${s.kind}`),
      placeholder: s.kind === 'custom' ? '' : t(`recruiting.stage.${s.kind}`),
      count: s.key ? (counts.get(s.key) ?? 0) : 0,
      controls: stageControls(rows, i, counts),
    }));
  };

  const formData = (c: HrContext, state: JobFormState) => ({
    job: state.job,
    action: state.job ? `/recruiting/jobs/${state.job.id}/edit` : '/recruiting/new',
    values: state.values,
    errors: state.errors ?? {},
    error: state.error ?? null,
    notice: state.notice ?? null,
    extractError: state.extractError ?? null,
    extractMethod: state.extractMethod ?? null,
    stageError: state.stageError ?? null,
    newStage: state.newStage ?? { label: '', kind: 'custom' },
    departments: departmentOptions(ctx.people.departments()),
    employmentTypes: EMPLOYMENT_TYPES,
    degrees: DEGREES,
    stages: stageView(c, state.job, state.stages),
    canonical: canonical(c, state.values),
    statusActions: state.job ? STATUS_ACTIONS[state.job.status] : [],
  });

  const renderForm = (c: HrContext, state: JobFormState, status = 200) =>
    ctx.render(c, 'jobs-form', formData(c, state), { title: c.get('t')(state.job ? 'recruiting.jobs.form.editTitle' : 'recruiting.jobs.form.newTitle'), status });

  const valuesOf = (c: HrContext, job: JobView): Record<string, string> => ({
    title: job.title,
    departmentId: job.departmentId === null ? '' : String(job.departmentId),
    location: job.location,
    employmentType: job.employmentType,
    headcount: String(job.headcount),
    salaryMin: job.salaryMin === null ? '' : String(job.salaryMin),
    salaryMax: job.salaryMax === null ? '' : String(job.salaryMax),
    description: job.description,
    blind: job.blind ? 'on' : '',
    ...requirementValues(job.requirements, lang(c)),
  });

  interface Extracted {
    notice: string | null;
    error: string | null;
    method: ExtractionMethod | null;
  }

  /**
   * Fill the requirement fields from the description (HR edits them afterwards). An LLM that
   * could not be used adds its note to the notice; the rules' result is there all the same.
   */
  const extractInto = async (c: HrContext, values: Record<string, string>): Promise<Extracted> => {
    const t = c.get('t');
    const description = (values.description ?? '').trim();
    if (!description) return { notice: null, error: t('recruiting.jobs.extract.empty'), method: null };
    const { requirements: found, method, note } = await llmRequirements.extract(description.slice(0, 20_000), c);
    Object.assign(values, requirementValues(found, lang(c)));
    const done = t('recruiting.jobs.extract.done', { must: found.mustHave.length, nice: found.niceToHave.length });
    return { notice: note ? `${done} ${note}` : done, error: null, method };
  };

  /** A job HR may edit, or 404. */
  const editable = (c: HrContext): JobView => {
    const id = idOf(c.req.param('id'));
    if (id === null) throw new HttpError(404, 'recruiting.error.notFound');
    return r.jobs.get(c, id);
  };

  /**
   * The form's POST, new or edit: `_action` says which button. The editor's moves and the
   * extraction re-render the form with the change (nothing saved); "save" validates and saves.
   */
  const submit = async (c: HrContext, job: JobView | null): Promise<Response> => {
    const t = c.get('t');
    const body = await c.req.parseBody({ all: true });
    const values = formValues(body);
    const posted = stageRowsOf(body);
    const stages = posted.length ? posted : job ? stageRowsFrom(job.stages) : stageRowsFrom(DEFAULT_STAGES);
    const action = typeof body._action === 'string' ? body._action : 'save';
    const newStage = { label: values.newStageLabel ?? '', kind: values.newStageKind ?? 'custom' };

    if (action === 'extract') {
      const { notice, error, method } = await extractInto(c, values);
      return renderForm(c, { job, values, stages, notice, extractError: error, extractMethod: method, newStage }, error ? 400 : 200);
    }
    const move = parseStageAction(action, body);
    if (move) {
      const edit = applyStageAction(stages, move, job ? r.jobs.stageCounts(job.id) : new Map(), stageName(c));
      const kept = edit.error ? newStage : { label: '', kind: 'custom' };
      return renderForm(c, { job, values, stages: edit.rows, stageError: edit.error ? t(edit.error, edit.params) : null, newStage: kept }, edit.error ? 400 : 200);
    }

    const form = await parseForm(c, jobFormSchema);
    if (!form.ok) return renderForm(c, { job, values, stages, errors: form.errors, error: form.message, newStage }, 400);
    try {
      const input = jobInputOf(form.data, stages, { extractWhenEmpty: job === null });
      // A new job saved with empty requirement fields: the service would use the rules alone.
      const description = form.data.description.trim();
      if (!input.requirements && llmRequirements.available && description) {
        input.requirements = (await llmRequirements.extract(description, c)).requirements;
      }
      let saved: JobView;
      if (job) {
        const { requisitionId: _unused, ...update } = input;
        saved = r.jobs.update(c, job.id, update);
      } else if (input.requisitionId) saved = r.requisitions.createJob(c, input.requisitionId, input);
      else saved = r.jobs.create(c, input);
      ctx.flash(c, { kind: 'success', text: t(job ? 'recruiting.jobs.flash.saved' : 'recruiting.jobs.flash.created', { title: saved.title }) });
      return c.redirect(`/recruiting/jobs/${saved.id}/edit`, 303);
    } catch (err) {
      if (!(err instanceof HttpError) || err.status >= 500) throw err;
      const { error, errors } = refusal(err, t);
      return renderForm(c, { job, values, stages, errors, error, newStage }, err.status);
    }
  };

  // ---------------------------------------------------------------- the list

  ctx.pages.get('/', SCREEN, async (c) => {
    const t = c.get('t');
    const query = c.req.query();
    const status = (JOB_STATUSES as readonly string[]).includes(query.status ?? '') ? (query.status as JobStatus) : undefined;
    const q = (query.q ?? '').trim().slice(0, 100) || undefined;
    const page = Math.max(1, Math.min(10_000, Number.parseInt(query.page ?? '1', 10) || 1));
    const list = r.jobs.list(c, { status, q, page, pageSize: PAGE_SIZE });
    const tabs = [undefined, ...JOB_STATUSES].map((s) => ({ status: s ?? '', active: s === status, count: r.jobs.list(c, { status: s, q, pageSize: 1 }).total }));
    const figures = jobListFigures(r.parts, list.items.map((j) => j.id), new Date(r.parts.now().getTime() - WEEK_MS));
    const items = list.items.map((job) => {
      const f = figures.get(job.id);
      return {
        job,
        // Hired people have left the pipeline: counted in `counts.hired`, not as a column.
        stages: job.stages.filter((s) => s.kind !== 'hired').map((s) => ({ key: s.key, label: stageLabel(s, t), count: f?.activeByStage.get(s.key) ?? 0 })),
        recent: f?.recent ?? 0,
        actions: STATUS_ACTIONS[job.status],
      };
    });
    return ctx.render(
      c,
      'jobs-list',
      { items, tabs, status: status ?? '', q: q ?? '', page: list.page, pages: Math.max(1, Math.ceil(list.total / PAGE_SIZE)), total: list.total, manage: canManage(viewerOf(c)) },
      { title: t('recruiting.jobs.title') },
    );
  });

  // ---------------------------------------------------------------- new and edit

  ctx.pages.get('/new', MANAGE, (c) => {
    const values: Record<string, string> = { employmentType: 'full_time', headcount: '1', blind: ctx.settings.blindByDefault ? 'on' : '' };
    // From an approved requisition: its title, department and headcount.
    const requisitionId = idOf(c.req.query('requisition'));
    if (requisitionId !== null) {
      const requisition = r.requisitions.get(c, requisitionId);
      if (requisition.status !== 'approved') throw new HttpError(409, 'recruiting.error.requisitionStatus', { status: requisition.status });
      if (requisition.jobId !== null) throw new HttpError(409, 'recruiting.error.requisitionUsed');
      const draft = r.requisitions.jobDraft(requisitionId);
      Object.assign(values, { title: draft.title, departmentId: String(draft.departmentId ?? ''), headcount: String(draft.headcount ?? 1), requisitionId: String(requisitionId) });
      if (requisition.reason) values.description = requisition.reason;
    }
    return renderForm(c, { job: null, values, stages: stageRowsFrom(DEFAULT_STAGES) });
  });

  ctx.pages.post('/new', MANAGE, (c) => submit(c, null));

  ctx.pages.get('/jobs/:id/edit', MANAGE, (c) => {
    const job = editable(c);
    return renderForm(c, { job, values: valuesOf(c, job), stages: stageRowsFrom(job.stages) });
  });

  ctx.pages.post('/jobs/:id/edit', MANAGE, (c) => submit(c, editable(c)));

  ctx.pages.post('/jobs/:id/status', MANAGE, async (c) => {
    const t = c.get('t');
    const job = editable(c);
    const body = await c.req.parseBody();
    const action = typeof body.action === 'string' && body.action in ACTION_STATUS ? (body.action as keyof typeof ACTION_STATUS) : null;
    const back = backTo(body.back, `/recruiting/jobs/${job.id}/edit`);
    if (!action) throw new HttpError(400, 'recruiting.jobs.status.unknown');
    try {
      r.jobs.setStatus(c, job.id, ACTION_STATUS[action]);
      ctx.flash(c, { kind: 'success', text: t(`recruiting.jobs.flash.${action}`, { title: job.title }) });
    } catch (err) {
      // Someone else changed it meanwhile: say so where the person was.
      if (!(err instanceof HttpError) || err.status !== 409) throw err;
      ctx.flash(c, { kind: 'error', text: t(err.messageKey, { ...err.params, status: t(`recruiting.jobStatus.${String(err.params?.status)}`) }) });
    }
    return c.redirect(back, 303);
  });

  // ---------------------------------------------------------------- htmx parts of the form

  // Requirements: "extract" fills them from the description; any other post (a field changed) shows the canonical names.
  ctx.pages.post('/requirements', MANAGE, async (c) => {
    const body = await c.req.parseBody({ all: true });
    const values = formValues(body);
    const outcome: Extracted = body._action === 'extract' ? await extractInto(c, values) : { notice: null, error: null, method: null };
    const state = { job: null, values, stages: [], notice: outcome.notice, extractError: outcome.error, extractMethod: outcome.method };
    return ctx.render(c, 'jobs-requirements', formData(c, state), { fragment: true, status: outcome.error ? 400 : 200 });
  });

  ctx.pages.post('/stages', MANAGE, async (c) => {
    const t = c.get('t');
    const body = await c.req.parseBody({ all: true });
    const jobId = idOf(typeof body.jobId === 'string' ? body.jobId : undefined);
    const job = jobId === null ? null : r.jobs.get(c, jobId);
    const rows = stageRowsOf(body);
    const move = parseStageAction(typeof body._action === 'string' ? body._action : undefined, body);
    const edit = move ? applyStageAction(rows, move, job ? r.jobs.stageCounts(job.id) : new Map(), stageName(c)) : { rows, error: null };
    const values = formValues(body);
    const newStage = edit.error ? { label: values.newStageLabel ?? '', kind: values.newStageKind ?? 'custom' } : { label: '', kind: 'custom' };
    const stageError = edit.error ? t(edit.error, 'params' in edit ? edit.params : undefined) : null;
    return ctx.render(c, 'jobs-stages', formData(c, { job, values, stages: edit.rows, newStage, stageError }), { fragment: true, status: stageError ? 400 : 200 });
  });
}
