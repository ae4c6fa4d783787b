/** /api/v1/recruiting/jobs: openings, their status, requirements extraction and funnel. */
import { z, type PluginContext } from '../../../core/sdk.js';
import { JOB_STATUSES } from '../schema.js';
import type { Recruiting } from '../services/index.js';
import { jobCreateSchema, jobUpdateSchema } from '../services/jobs.js';
import type { RecruitingSettings } from '../settings.js';
import { idParams, jobSchema, pageOf, pageQuery, requirementsSchema, stageSchema } from './schemas.js';

export function registerJobApi(ctx: PluginContext<RecruitingSettings>, r: Recruiting): void {
  const MANAGE = { permission: 'recruiting.manage', scope: 'all' } as const;
  const SCREEN = { permission: 'recruiting.screen' } as const;

  ctx.api.route({
    method: 'get',
    path: '/jobs',
    ...SCREEN,
    summary: 'Job openings the caller reaches, newest first',
    description: 'HR and scope `all` see every job; a narrower scope sees the jobs of its own department and the departments it heads.',
    query: z.object({ status: z.enum(JOB_STATUSES).optional(), departmentId: z.coerce.number().int().positive().optional(), q: z.string().max(100).optional(), ...pageQuery }),
    response: pageOf(jobSchema),
    handler: (c, { query }) => r.jobs.list(c, query),
  });

  ctx.api.route({
    method: 'get',
    path: '/jobs/:id',
    ...SCREEN,
    summary: 'One job with its requirements, pipeline and counts',
    params: idParams,
    response: jobSchema,
    handler: (c, { params }) => r.jobs.get(c, params.id),
  });

  ctx.api.route({
    method: 'post',
    path: '/jobs',
    ...MANAGE,
    summary: 'Create a job (a draft)',
    description: 'Without `requirements` they are extracted from `description`. `blind` defaults to the `blindByDefault` setting; `stages` to applied → screening → interview → offer → hired.',
    body: jobCreateSchema,
    response: jobSchema,
    status: 201,
    handler: (c, { body }) => r.jobs.create(c, body),
  });

  ctx.api.route({
    method: 'patch',
    path: '/jobs/:id',
    ...MANAGE,
    summary: 'Change a job: the fields present',
    description: '409 when a removed stage still holds applications.',
    params: idParams,
    body: jobUpdateSchema,
    response: jobSchema,
    handler: (c, { params, body }) => r.jobs.update(c, params.id, body),
  });

  for (const [action, status] of [
    ['open', 'open'],
    ['pause', 'paused'],
    ['close', 'closed'],
  ] as const) {
    ctx.api.route({
      method: 'post',
      path: `/jobs/:id/${action}`,
      ...MANAGE,
      summary: action === 'close' ? 'Close a job (its active applications stay in the pipeline)' : action === 'open' ? 'Open a job: it appears on the careers page' : 'Pause a job: no new applications',
      params: idParams,
      response: jobSchema,
      handler: (c, { params }) => r.jobs.setStatus(c, params.id, status),
    });
  }

  ctx.api.route({
    method: 'post',
    path: '/jobs/extract-requirements',
    ...SCREEN,
    summary: 'Requirements (and a title) extracted from a pasted job description',
    body: z.object({ text: z.string().min(1).max(20_000) }),
    response: requirementsSchema.extend({ title: z.string().nullable() }),
    handler: (_c, { body }) => {
      const { title, ...requirements } = r.jobs.extractRequirements(body.text);
      return { ...requirements, title: title ?? null };
    },
  });

  ctx.api.route({
    method: 'get',
    path: '/jobs/:id/funnel',
    ...SCREEN,
    summary: 'How many applications are in, reached and were rejected at each stage',
    params: idParams,
    response: z.object({ items: z.array(z.object({ stage: stageSchema, current: z.number().int(), reached: z.number().int(), rejected: z.number().int() })) }),
    handler: (c, { params }) => ({ items: r.stats.funnel(c, params.id) }),
  });
}
