/**
 * A job's pipeline (招聘流程看板): the kanban with one column per stage and a collapsed
 * "rejected" column, the ranked list with each score's explanation, batch screening with a
 * progress bar, moves (drag and drop and a plain form, both through the same route) and
 * rejections with a reason.
 *
 * Everything shown of a candidate comes from the services, which present it for the viewer
 * (services/views.ts): a screener on a blind job gets "Candidate #12" and blinded evidence.
 * Thin handlers: parse, call a service, render; a refused move is shown in place (4xx),
 * never a 500.
 */
import { HttpError, parseForm, z, type HrContext, type PluginContext } from '../../../core/sdk.js';
import { canManage, viewerOf } from '../services/access.js';
import type { Recruiting } from '../services/index.js';
import { REJECT_REASONS } from '../services/pipeline.js';
import { stageLabel } from '../services/stages.js';
import type { RecruitingSettings } from '../settings.js';
import { ID, SCREEN, idParam, isHtmx, refusal } from './pipeline-http.js';
import { registerUploadPages } from './pipeline-upload.js';
import { candidateLabel, canReject, cardOf, columnsOf, explain, sourceLabel } from './pipeline-view.js';

const RANKING_PAGE_SIZE = 20;
/** Reasons a person picks; `low_score` is what automatic screening records. */
export const PICKABLE_REASONS = REJECT_REASONS.filter((r) => r !== 'low_score');

const moveForm = z.object({
  stage: z.string().trim().min(1).max(32),
  reason: z.string().trim().max(2000).optional(),
});

const rejectForm = z
  .object({
    reason: z.enum(REJECT_REASONS),
    note: z.preprocess((v) => v ?? '', z.string().trim().max(2000)),
  })
  .refine((v) => v.reason !== 'other' || v.note !== '', { message: 'recruiting.error.rejectNote', path: ['note'] });

const pageQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1) });

export function registerPipelinePages(ctx: PluginContext<RecruitingSettings>, r: Recruiting): void {
  type Notice = { error?: string | null; notice?: string | null };

  /** The job's header and tabs, shared by the board and the ranking. */
  const headerData = (c: HrContext, jobId: number, tab: 'board' | 'ranking') => {
    const job = r.jobs.get(c, jobId);
    return { job, tab, manage: canManage(viewerOf(c)), batch: r.screening.latestBatch(job.id) };
  };

  const boardData = (c: HrContext, jobId: number, notice: Notice = {}) => {
    const t = c.get('t');
    const header = headerData(c, jobId, 'board');
    const now = r.parts.now();
    const board = r.applications.board(c, jobId);
    const rejected = r.applications.listForJob(c, jobId, { status: 'rejected', sort: 'recent', pageSize: 50 });
    const hired = r.applications.listForJob(c, jobId, { status: 'hired', pageSize: 1 }).total;
    const columns = columnsOf(board.columns, now, header.manage, t);
    return {
      ...header,
      columns,
      activeCount: columns.reduce((n, col) => n + col.cards.length, 0),
      rejected: { total: rejected.total, cards: rejected.items.map((a) => cardOf(a, board.job.stages, now, header.manage, t)) },
      hired,
      error: notice.error ?? null,
      notice: notice.notice ?? null,
    };
  };

  const rankingItems = (c: HrContext, jobId: number, page: number) => {
    const t = c.get('t');
    const job = r.jobs.get(c, jobId);
    const list = r.applications.listForJob(c, jobId, { sort: 'rank', page, pageSize: RANKING_PAGE_SIZE });
    return {
      job,
      page: list.page,
      pages: Math.max(1, Math.ceil(list.total / list.pageSize)),
      total: list.total,
      items: list.items.map((a) => {
        const stage = job.stages.find((s) => s.key === a.stage);
        return {
          id: a.id,
          rank: a.rank,
          candidateId: a.candidateId,
          label: candidateLabel(a.candidate, t),
          stage: stage ? stageLabel(stage, t) : a.stage,
          source: sourceLabel(a.source, t),
          screenedAt: a.screenedAt,
          explain: explain(a.screening, t),
        };
      }),
    };
  };

  const progressData = (c: HrContext, jobId: number, page: number) => {
    const job = r.jobs.get(c, jobId);
    const batch = r.screening.latestBatch(job.id);
    const done = !batch || batch.status !== 'running';
    // Once the batch is over, an htmx poll also brings the refreshed ranking (swapped out of band).
    return { job, batch, page, ranking: done && isHtmx(c) ? rankingItems(c, jobId, page) : null };
  };

  const renderBoardPage = (c: HrContext, jobId: number, notice: Notice, status = 200) => {
    const data = boardData(c, jobId, notice);
    return ctx.render(c, 'pipeline-page', data, { title: data.job.title, status });
  };

  ctx.pages.get(`/jobs/:id${ID}`, SCREEN, (c) => renderBoardPage(c, idParam(c), {}));

  // The board alone (the fragment moves answer with), to refresh it in place.
  ctx.pages.get(`/jobs/:id${ID}/board`, SCREEN, (c) => ctx.render(c, 'pipeline-board', boardData(c, idParam(c)), { fragment: true }));

  ctx.pages.get(`/jobs/:id${ID}/ranking`, SCREEN, (c) => {
    const jobId = idParam(c);
    const { page } = pageQuery.parse(c.req.query());
    const header = headerData(c, jobId, 'ranking');
    return ctx.render(c, 'pipeline-ranking', { ...header, ...rankingItems(c, jobId, page) }, { title: header.job.title });
  });

  ctx.pages.post(`/jobs/:id${ID}/screening`, SCREEN, (c) => {
    const jobId = idParam(c);
    r.screening.screenJob(c, jobId);
    if (isHtmx(c)) return ctx.render(c, 'pipeline-progress', progressData(c, jobId, 1), { fragment: true });
    ctx.flash(c, { kind: 'info', text: c.get('t')('recruiting.pipeline.screening.started') });
    return c.redirect(`/recruiting/jobs/${jobId}/ranking`, 303);
  });

  // Polled every second while a batch runs.
  ctx.pages.get(`/jobs/:id${ID}/screening`, SCREEN, (c) => {
    const { page } = pageQuery.parse(c.req.query());
    return ctx.render(c, 'pipeline-progress', progressData(c, idParam(c), page), { fragment: true });
  });

  ctx.pages.post(`/applications/:id${ID}/move`, SCREEN, async (c) => {
    const t = c.get('t');
    const id = idParam(c);
    const { job } = r.applications.findFor(viewerOf(c), id);
    const form = await parseForm(c, moveForm);
    const notice: Notice = {};
    let status = 200;
    if (!form.ok) {
      status = 400;
      notice.error = form.errors.stage ?? form.message;
    } else {
      try {
        const moved = r.applications.move(c, id, form.data.stage, { reason: form.data.reason });
        const stage = job.stages.find((s) => s.key === moved.stage);
        notice.notice = t('recruiting.pipeline.moved', { name: candidateLabel(moved.candidate, t), stage: stage ? stageLabel(stage, t) : moved.stage });
      } catch (err) {
        const refused = refusal(err, t);
        status = refused.status;
        notice.error = refused.text;
      }
    }
    if (isHtmx(c)) return ctx.render(c, 'pipeline-board', boardData(c, job.id, notice), { fragment: true, status });
    if (notice.error) return renderBoardPage(c, job.id, notice, status);
    ctx.flash(c, { kind: 'success', text: notice.notice! });
    return c.redirect(`/recruiting/jobs/${job.id}`, 303);
  });

  const renderReject = (c: HrContext, id: number, values: Record<string, string>, errors: Record<string, string>, error: string | null, status = 200) => {
    const app = r.applications.get(c, id);
    const manage = canManage(viewerOf(c));
    if (app.status !== 'active') throw new HttpError(409, 'recruiting.error.notActive', { status: app.status });
    if (!canReject(app.job.stages, app, manage)) throw new HttpError(403, 'recruiting.error.decisionStage');
    const t = c.get('t');
    const stage = app.job.stages.find((s) => s.key === app.stage);
    return ctx.render(
      c,
      'pipeline-reject',
      { app: { id: app.id, label: candidateLabel(app.candidate, t), stage: stage ? stageLabel(stage, t) : app.stage }, job: app.job, reasons: PICKABLE_REASONS, values, errors, error },
      { title: t('recruiting.pipeline.reject.title'), status },
    );
  };

  ctx.pages.get(`/applications/:id${ID}/reject`, SCREEN, (c) => renderReject(c, idParam(c), {}, {}, null));

  ctx.pages.post(`/applications/:id${ID}/reject`, SCREEN, async (c) => {
    const t = c.get('t');
    const id = idParam(c);
    const { job } = r.applications.findFor(viewerOf(c), id);
    const body = await c.req.parseBody();
    const values = { reason: typeof body.reason === 'string' ? body.reason : '', note: typeof body.note === 'string' ? body.note : '' };
    const form = await parseForm(c, rejectForm);
    if (!form.ok) return renderReject(c, id, values, form.errors, form.message, 400);
    try {
      const rejected = r.applications.reject(c, id, form.data);
      ctx.flash(c, { kind: 'success', text: t('recruiting.pipeline.rejected', { name: candidateLabel(rejected.candidate, t) }) });
    } catch (err) {
      const refused = refusal(err, t);
      return renderReject(c, id, values, refused.field ? { [refused.field]: refused.text } : {}, refused.text, refused.status);
    }
    return c.redirect(`/recruiting/jobs/${job.id}`, 303);
  });

  registerUploadPages(ctx, r);
}
