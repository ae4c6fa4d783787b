/** /api/v1/recruiting: headcount requisitions, the monthly plan and figures for reports. */
import { z, type PluginContext } from '../../../core/sdk.js';
import { REQUISITION_STATUSES } from '../schema.js';
import type { Recruiting } from '../services/index.js';
import { jobCreateSchema } from '../services/jobs.js';
import { planInputSchema } from '../services/plans.js';
import { requisitionInputSchema } from '../services/requisitions.js';
import type { RecruitingSettings } from '../settings.js';
import { idParams, jobSchema, month, ok } from './schemas.js';

const requisitionSchema = z.object({
  id: z.number().int(),
  departmentId: z.number().int(),
  departmentName: z.string().nullable(),
  title: z.string(),
  headcount: z.number().int(),
  reason: z.string(),
  neededBy: z.string().nullable(),
  status: z.enum(REQUISITION_STATUSES),
  requestedBy: z.number().int(),
  decidedBy: z.number().int().nullable(),
  decidedAt: z.date().nullable(),
  decisionComment: z.string().nullable(),
  jobId: z.number().int().nullable(),
  createdAt: z.date(),
});

const planSchema = z.object({
  id: z.number().int(),
  month: z.string(),
  departmentId: z.number().int().nullable(),
  departmentName: z.string().nullable(),
  jobId: z.number().int().nullable(),
  jobTitle: z.string().nullable(),
  target: z.number().int(),
  note: z.string(),
  hired: z.number().int(),
  completion: z.number().nullable().describe('hired / target'),
});

export function registerRequisitionApi(ctx: PluginContext<RecruitingSettings>, r: Recruiting): void {
  const REQUEST = { permission: 'recruiting.requisition' } as const;
  const APPROVE = { permission: 'recruiting.approve' } as const;
  const MANAGE = { permission: 'recruiting.manage', scope: 'all' } as const;

  ctx.api.route({
    method: 'get',
    path: '/requisitions',
    ...REQUEST,
    summary: 'Requisitions the caller may see, newest first',
    query: z.object({ status: z.enum(REQUISITION_STATUSES).optional(), departmentId: z.coerce.number().int().positive().optional() }),
    response: z.object({ items: z.array(requisitionSchema) }),
    handler: (c, { query }) => ({ items: r.requisitions.list(c, query) }),
  });

  ctx.api.route({
    method: 'get',
    path: '/requisitions/:id',
    ...REQUEST,
    summary: 'One requisition',
    params: idParams,
    response: requisitionSchema,
    handler: (c, { params }) => r.requisitions.get(c, params.id),
  });

  ctx.api.route({
    method: 'post',
    path: '/requisitions',
    ...REQUEST,
    summary: 'Request headcount for a department (below scope `all`: one the caller belongs to or heads)',
    body: requisitionInputSchema,
    response: requisitionSchema,
    status: 201,
    handler: (c, { body }) => r.requisitions.request(c, body),
  });

  for (const [action, summary] of [
    ['approve', 'Approve a pending requisition (not one’s own)'],
    ['reject', 'Reject a pending requisition with a comment (not one’s own)'],
  ] as const) {
    ctx.api.route({
      method: 'post',
      path: `/requisitions/:id/${action}`,
      ...APPROVE,
      summary,
      params: idParams,
      body: z.object({ comment: z.string().max(2000).default('') }),
      response: requisitionSchema,
      handler: (c, { params, body }) => (action === 'approve' ? r.requisitions.approve(c, params.id, body.comment) : r.requisitions.reject(c, params.id, body.comment)),
    });
  }

  ctx.api.route({
    method: 'post',
    path: '/requisitions/:id/cancel',
    ...REQUEST,
    summary: 'Withdraw a pending requisition (the requester or HR)',
    params: idParams,
    response: requisitionSchema,
    handler: (c, { params }) => r.requisitions.cancel(c, params.id),
  });

  ctx.api.route({
    method: 'post',
    path: '/requisitions/:id/job',
    ...MANAGE,
    summary: 'Create the job of an approved requisition (prefilled with its title, department and headcount)',
    params: idParams,
    body: jobCreateSchema.partial(),
    response: jobSchema,
    status: 201,
    handler: (c, { params, body }) => r.requisitions.createJob(c, params.id, body),
  });

  ctx.api.route({
    method: 'get',
    path: '/plans',
    ...MANAGE,
    summary: 'The plan of a month with hires so far per row',
    query: z.object({ month }),
    response: z.object({ items: z.array(planSchema) }),
    handler: (_c, { query }) => ({ items: r.plans.progress(query.month) }),
  });

  ctx.api.route({
    method: 'put',
    path: '/plans',
    ...MANAGE,
    summary: 'Set a plan row (the same month and department or job replaces its target)',
    body: planInputSchema,
    response: z.object({ id: z.number().int() }),
    handler: (c, { body }) => ({ id: r.plans.upsert(c, body).id }),
  });

  ctx.api.route({
    method: 'delete',
    path: '/plans/:id',
    ...MANAGE,
    summary: 'Delete a plan row',
    params: idParams,
    response: ok,
    handler: (c, { params }) => {
      r.plans.remove(c, params.id);
      return { ok: true as const };
    },
  });

  ctx.api.route({
    method: 'get',
    path: '/stats',
    ...MANAGE,
    summary: 'Time to hire (median days over the last 90 days) and applications, advanced and hired per source',
    response: z.object({
      timeToHire: z.object({ hires: z.number().int(), medianDays: z.number().nullable() }),
      sources: z.array(z.object({ source: z.string(), applications: z.number().int(), advanced: z.number().int(), hired: z.number().int() })),
    }),
    handler: () => ({ timeToHire: r.stats.timeToHire(90), sources: r.stats.sources() }),
  });
}
