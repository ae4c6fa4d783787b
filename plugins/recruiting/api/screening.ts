/**
 * /api/v1/recruiting: batch screening with progress, the ranking of a job with
 * explanations, and `POST /screen` — files screened against a stored job without storing
 * anything (what the `recruiting:screen` command does with a folder).
 */
import { z, type PluginContext } from '../../../core/sdk.js';
import { screenFolderFiles } from '../domain/screen-eval.js';
import type { Recruiting } from '../services/index.js';
import { decodeBase64File } from '../services/resumes.js';
import type { RecruitingSettings } from '../settings.js';
import { applicationSchema, base64File, batchSchema, idParams, requirementsSchema, screeningSchema } from './schemas.js';

export function registerScreeningApi(ctx: PluginContext<RecruitingSettings>, r: Recruiting): void {
  const SCREEN = { permission: 'recruiting.screen' } as const;
  const MANAGE = { permission: 'recruiting.manage', scope: 'all' } as const;

  ctx.api.route({
    method: 'post',
    path: '/jobs/:id/screening',
    ...SCREEN,
    summary: 'Screen every active application of a job again, in the background',
    description: 'Answers the batch at once (202); poll /screening/batches/:id for progress. A batch already running for the job is answered instead of a new one.',
    params: idParams,
    response: batchSchema,
    status: 202,
    handler: (c, { params }) => r.screening.screenJob(c, params.id),
  });

  ctx.api.route({
    method: 'get',
    path: '/screening/batches/:id',
    ...SCREEN,
    summary: 'Progress of a screening batch',
    params: idParams,
    response: batchSchema,
    handler: (c, { params }) => r.screening.batchStatus(c, params.id),
  });

  ctx.api.route({
    method: 'get',
    path: '/jobs/:id/ranking',
    ...SCREEN,
    summary: 'Active applications of a job ranked by screening score, with requirements met and missing and the evidence of each',
    params: idParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
    response: z.object({ batch: batchSchema.nullable(), items: z.array(applicationSchema) }),
    handler: (c, { params, query }) => {
      const items = r.applications.listForJob(c, params.id, { sort: 'rank', pageSize: query.limit }).items;
      return { batch: r.screening.latestBatch(params.id), items };
    },
  });

  ctx.api.route({
    method: 'post',
    path: '/screen',
    ...MANAGE,
    summary: 'Screen résumé files against a stored job without storing anything (as the recruiting:screen command)',
    description: 'Files that cannot be read are listed in `errors` with the reason; the others are ranked best first.',
    body: z.object({ jobId: z.number().int().positive(), files: z.array(base64File).min(1).max(100) }),
    response: z.object({
      requirements: requirementsSchema,
      results: z.array(z.object({ rank: z.number().int(), fileName: z.string(), name: z.string().nullable(), result: screeningSchema })),
      errors: z.array(z.object({ fileName: z.string(), code: z.string(), message: z.string() })),
      ms: z.number().int(),
    }),
    handler: async (c, { body }) => {
      const job = r.jobs.get(c, body.jobId);
      const files = body.files.map((f) => ({ name: f.fileName, bytes: decodeBase64File(f.base64, ctx.settings.maxResumeMb) }));
      const out = await screenFolderFiles({ title: job.title, description: job.description, requirements: job.requirements }, files, {
        today: r.parts.today(),
        limits: { maxBytes: ctx.settings.maxResumeMb * 1024 * 1024, maxPages: 30 },
      });
      const t = c.get('t');
      return {
        requirements: out.requirements,
        results: out.results.map((x) => ({ rank: x.rank, fileName: x.name, name: x.profile.name.value, result: x.result })),
        errors: out.errors.map((e) => ({
          fileName: e.name,
          code: e.code,
          message: e.code === 'empty' ? t('recruiting.error.noText') : e.code === 'failed' ? e.message : t(`core.ai.extract.${e.code}`, { maxMb: ctx.settings.maxResumeMb, kind: '', pages: '', max: '' }),
        })),
        ms: out.timings.totalMs,
      };
    },
  });
}
