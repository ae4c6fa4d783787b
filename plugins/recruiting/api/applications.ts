/**
 * /api/v1/recruiting: a job's applications (ranked, kanban), HR uploads, moves and
 * rejections, and the offer → hire → checklist steps (HR only).
 */
import { z, type PluginContext } from '../../../core/sdk.js';
import { APPLICATION_STATUSES } from '../schema.js';
import { rejectSchema } from '../services/applications.js';
import type { Recruiting } from '../services/index.js';
import { hireSchema, offerSchema } from '../services/onboarding.js';
import { decodeBase64File } from '../services/resumes.js';
import type { RecruitingSettings } from '../settings.js';
import { applicationDetailSchema, applicationSchema, base64File, idParams, ok, pageOf, pageQuery, screeningSchema, stageSchema } from './schemas.js';

const onboardingSchema = z.object({
  applicationId: z.number().int(),
  offer: z
    .object({ monthlySalary: z.number().int(), startDate: z.string(), probationMonths: z.number().int(), positionTitle: z.string(), departmentId: z.number().int().nullable(), note: z.string() })
    .nullable(),
  startDate: z.string(),
  employeeId: z.number().int().nullable(),
  checklist: z.array(z.object({ key: z.string(), label: z.string(), doneAt: z.number().nullable(), doneBy: z.number().int().nullable() })),
});

export function registerApplicationApi(ctx: PluginContext<RecruitingSettings>, r: Recruiting): void {
  const MANAGE = { permission: 'recruiting.manage', scope: 'all' } as const;
  const SCREEN = { permission: 'recruiting.screen' } as const;

  ctx.api.route({
    method: 'get',
    path: '/jobs/:id/applications',
    ...SCREEN,
    summary: 'A job’s applications, best screening score first (with the explanation of each)',
    params: idParams,
    query: z.object({
      stage: z.string().max(32).optional(),
      status: z.enum([...APPLICATION_STATUSES, 'all']).optional(),
      sort: z.enum(['rank', 'position', 'recent']).optional(),
      ...pageQuery,
    }),
    response: pageOf(applicationSchema),
    handler: (c, { params, query }) => r.applications.listForJob(c, params.id, query),
  });

  ctx.api.route({
    method: 'get',
    path: '/jobs/:id/board',
    ...SCREEN,
    summary: 'The kanban of a job: each stage with its active applications in order',
    params: idParams,
    response: z.object({ columns: z.array(z.object({ stage: stageSchema, items: z.array(applicationSchema) })) }),
    handler: (c, { params }) => ({ columns: r.applications.board(c, params.id).columns }),
  });

  ctx.api.route({
    method: 'post',
    path: '/jobs/:id/applications',
    ...MANAGE,
    summary: 'Add an application with a résumé file (base64) or text: HR upload',
    description: 'The same path as the careers page and intake: checked, parsed, the candidate found again by mobile or e-mail, screened. 409 when the candidate already applied for the job.',
    params: idParams,
    body: z.object({
      file: base64File.optional(),
      text: z.string().min(1).max(500_000).optional(),
      candidate: z.object({ name: z.string().trim().max(64).optional(), mobile: z.string().trim().max(30).optional(), email: z.string().trim().max(254).optional() }).optional(),
      source: z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'recruiting.error.source').default('manual'),
      sourceDetail: z.string().trim().max(200).optional(),
    }),
    response: z.object({ applicationId: z.number().int(), candidateId: z.number().int(), resumeId: z.number().int(), newCandidate: z.boolean(), screening: screeningSchema.nullable() }),
    status: 201,
    handler: (c, { params, body }) =>
      r.applications.apply(
        {
          jobId: params.id,
          file: body.file ? { bytes: decodeBase64File(body.file.base64, ctx.settings.maxResumeMb), fileName: body.file.fileName } : undefined,
          text: body.text,
          candidate: body.candidate,
          source: body.source,
          sourceDetail: body.sourceDetail,
        },
        c,
      ),
  });

  ctx.api.route({
    method: 'post',
    path: '/jobs/:id/applications/reorder',
    ...SCREEN,
    summary: 'Set the order of a kanban column (its active applications, top first)',
    params: idParams,
    body: z.object({ stage: z.string().min(1).max(32), ids: z.array(z.number().int().positive()).max(2000) }),
    response: ok,
    handler: (c, { params, body }) => {
      r.applications.reorder(c, params.id, body.stage, body.ids);
      return { ok: true as const };
    },
  });

  ctx.api.route({
    method: 'get',
    path: '/applications/:id',
    ...SCREEN,
    summary: 'One application: candidate, screening with evidence, résumé text and timeline as the caller may see them',
    params: idParams,
    query: z.object({ reveal: z.enum(['true', 'false', '1', '0']).optional() }),
    response: applicationDetailSchema,
    handler: (c, { params, query }) => r.applications.get(c, params.id, { reveal: query.reveal === 'true' || query.reveal === '1' }),
  });

  ctx.api.route({
    method: 'post',
    path: '/applications/:id/move',
    ...SCREEN,
    summary: 'Move an application to another stage',
    description: 'Screeners cannot move into or out of the offer stage; nobody moves into the hired stage (use /hire).',
    params: idParams,
    body: z.object({ stage: z.string().min(1).max(32), reason: z.string().max(2000).optional() }),
    response: applicationSchema,
    handler: (c, { params, body }) => r.applications.move(c, params.id, body.stage, { reason: body.reason }),
  });

  ctx.api.route({
    method: 'post',
    path: '/applications/:id/reject',
    ...SCREEN,
    summary: 'Reject an application with a reason (and a note; required for `other`)',
    params: idParams,
    body: rejectSchema,
    response: applicationSchema,
    handler: (c, { params, body }) => r.applications.reject(c, params.id, body),
  });

  ctx.api.route({
    method: 'post',
    path: '/applications/:id/withdraw',
    ...MANAGE,
    summary: 'Record that the candidate withdrew',
    params: idParams,
    body: z.object({ note: z.string().max(2000).default('') }),
    response: applicationSchema,
    handler: (c, { params, body }) => r.applications.withdraw(c, params.id, body.note),
  });

  ctx.api.route({
    method: 'get',
    path: '/applications/:id/onboarding',
    ...MANAGE,
    summary: 'The offer (revealed, audited) and onboarding checklist of an application',
    params: idParams,
    response: z.object({ onboarding: onboardingSchema.nullable() }),
    handler: (c, { params }) => ({ onboarding: r.onboarding.get(c, params.id) }),
  });

  ctx.api.route({
    method: 'post',
    path: '/applications/:id/offer',
    ...MANAGE,
    summary: 'Record the offer (salary sealed) and move the application to the offer stage',
    params: idParams,
    body: offerSchema,
    response: onboardingSchema,
    handler: (c, { params, body }) => r.onboarding.offer(c, params.id, body),
  });

  ctx.api.route({
    method: 'post',
    path: '/applications/:id/hire',
    ...MANAGE,
    summary: 'Hire: create the employee (needs core.people.manage at scope all), mark the application hired, start the checklist',
    params: idParams,
    body: hireSchema,
    response: z.object({ employeeId: z.number().int(), onboarding: onboardingSchema }),
    status: 201,
    handler: (c, { params, body }) => r.onboarding.hire(c, params.id, body),
  });

  ctx.api.route({
    method: 'put',
    path: '/applications/:id/checklist/:key',
    ...MANAGE,
    summary: 'Tick or untick an onboarding checklist item (a new key with a label adds an item)',
    params: z.object({ id: z.coerce.number().int().positive(), key: z.string().regex(/^[a-z0-9_-]{1,32}$/) }),
    body: z.object({ done: z.boolean(), label: z.string().max(60).optional() }),
    response: onboardingSchema,
    handler: (c, { params, body }) => r.onboarding.tick(c, params.id, params.key, body.done, body.label),
  });

  ctx.api.route({
    method: 'get',
    path: '/applications/:id/offer-letter',
    ...MANAGE,
    summary: 'What an offer letter shows (revealed, audited)',
    params: idParams,
    response: z.object({
      companyName: z.string().nullable(),
      candidateName: z.string(),
      jobTitle: z.string(),
      positionTitle: z.string(),
      departmentName: z.string().nullable(),
      location: z.string(),
      employmentType: z.string(),
      monthlySalary: z.number().int(),
      startDate: z.string(),
      probationMonths: z.number().int(),
      note: z.string(),
      offeredAt: z.date(),
    }),
    handler: (c, { params }) => r.onboarding.offerLetterData(c, params.id),
  });
}
