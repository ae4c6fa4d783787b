/** /api/v1/recruiting/candidates: search, corrections, tags, talent pool, notes, timeline, erasure on request; résumé files for HR. */
import { z, type PluginContext } from '../../../core/sdk.js';
import { candidateCreateSchema, candidatePatchSchema, tagsSchema } from '../services/candidates.js';
import { erasureSchema } from '../services/erasure.js';
import type { Recruiting } from '../services/index.js';
import type { RecruitingSettings } from '../settings.js';
import { activitySchema, applicationSchema, candidateSchema, idParams, pageOf, pageQuery } from './schemas.js';

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const erasureResultSchema = z.object({
  candidateId: z.number().int(),
  erasedAt: z.date().describe('when the candidate was (first) erased'),
  repeated: z.boolean().describe('already erased before: this call only checked and cleaned again'),
  withdrawn: z.number().int().describe('active applications now withdrawn'),
  filesRemoved: z.number().int(),
  filesPending: z.number().int().describe('résumé files not removable yet: the daily retention job retries them'),
});

export function registerCandidateApi(ctx: PluginContext<RecruitingSettings>, r: Recruiting): void {
  const MANAGE = { permission: 'recruiting.manage', scope: 'all' } as const;
  const SCREEN = { permission: 'recruiting.screen' } as const;

  ctx.api.route({
    method: 'get',
    path: '/candidates',
    ...SCREEN,
    summary: 'Search candidates (name, tag, talent pool, source, skill, job)',
    description: 'HR may also search an exact mobile or e-mail, or the last 4 digits of a mobile. Screeners see the candidates of the jobs they reach; blind ones cannot be found by name.',
    query: z.object({
      q: z.string().max(100).optional(),
      tag: z.string().max(30).optional(),
      pool: flag.optional(),
      source: z.string().max(32).optional(),
      skill: z.string().max(80).optional(),
      jobId: z.coerce.number().int().positive().optional(),
      ...pageQuery,
    }),
    response: pageOf(candidateSchema),
    handler: (c, { query }) => r.candidates.list(c, query),
  });

  ctx.api.route({
    method: 'post',
    path: '/candidates',
    ...MANAGE,
    summary: 'Add a candidate by hand (a referral, the talent pool)',
    description: 'The same mobile or e-mail answers the existing candidate with `created: false` (200) instead of a new one (201).',
    body: candidateCreateSchema,
    response: z.object({ candidate: candidateSchema, created: z.boolean() }),
    status: 201,
    handler: (c, { body }) => {
      const out = r.candidates.create(c, body);
      return out.created ? out : c.json({ candidate: candidateSchema.parse(out.candidate), created: false }, 200);
    },
  });

  ctx.api.route({
    method: 'get',
    path: '/candidates/:id',
    ...SCREEN,
    summary: 'One candidate as the caller may see them',
    description: 'HR with `reveal=true` gets the full mobile and e-mail (each reveal is audited).',
    params: idParams,
    query: z.object({ reveal: flag.optional() }),
    response: candidateSchema,
    handler: (c, { params, query }) => r.candidates.get(c, params.id, { reveal: query.reveal ?? false }),
  });

  ctx.api.route({
    method: 'patch',
    path: '/candidates/:id',
    ...MANAGE,
    summary: 'Correct a candidate’s fields (kept through later résumé parses)',
    params: idParams,
    body: candidatePatchSchema,
    response: candidateSchema,
    // The service refuses an erased candidate (409): nothing personal is written back.
    handler: (c, { params, body }) => r.candidates.update(c, params.id, body),
  });

  ctx.api.route({
    method: 'put',
    path: '/candidates/:id/tags',
    ...MANAGE,
    summary: 'Replace a candidate’s tags',
    params: idParams,
    body: z.object({ tags: tagsSchema }),
    response: candidateSchema,
    handler: (c, { params, body }) => r.candidates.setTags(c, params.id, body.tags),
  });

  ctx.api.route({
    method: 'put',
    path: '/candidates/:id/pool',
    ...MANAGE,
    summary: 'Keep a candidate in the talent pool (or not)',
    params: idParams,
    body: z.object({ inPool: z.boolean() }),
    response: candidateSchema,
    handler: (c, { params, body }) => r.candidates.setPool(c, params.id, body.inPool),
  });

  ctx.api.route({
    method: 'get',
    path: '/candidates/:id/activities',
    ...SCREEN,
    summary: 'A candidate’s timeline, oldest first',
    params: idParams,
    response: z.object({ items: z.array(activitySchema) }),
    handler: (c, { params }) => ({ items: r.candidates.timeline(c, params.id) }),
  });

  ctx.api.route({
    method: 'post',
    path: '/candidates/:id/notes',
    ...SCREEN,
    summary: 'Add a note to a candidate’s timeline',
    params: idParams,
    body: z.object({ text: z.string().min(1).max(5000), applicationId: z.number().int().positive().nullable().optional() }),
    response: activitySchema,
    status: 201,
    handler: (c, { params, body }) => r.candidates.addNote(c, params.id, body),
  });

  ctx.api.route({
    method: 'post',
    path: '/candidates/:id/erase',
    ...MANAGE,
    summary: 'Erase a candidate’s personal data on request (PIPL)',
    description:
      'In one transaction: résumés (rows now, files right after), parsed profile, contact details and their lookup hashes, gender, birth year, tags, timeline texts and screening evidence go; the name becomes a placeholder (`已删除的候选人 #12`); active applications are withdrawn and the candidate leaves the talent pool. Stage, status, score and dates of the applications and the timeline skeleton stay, so statistics add up. A hired candidate (an employee) answers 409: erase through the people directory. Calling it again is harmless (`repeated: true`). The reason goes to the audit log (`recruiting.candidate.erase`).',
    params: idParams,
    body: erasureSchema,
    response: erasureResultSchema,
    handler: (c, { params, body }) => r.erasure.erase(c, params.id, body),
  });

  ctx.api.route({
    method: 'get',
    path: '/candidates/:id/applications',
    ...SCREEN,
    summary: 'A candidate’s applications in the jobs the caller reaches',
    params: idParams,
    response: z.object({ items: z.array(applicationSchema) }),
    handler: (c, { params }) => ({ items: r.applications.ofCandidate(c, params.id) }),
  });

  ctx.api.route({
    method: 'get',
    path: '/resumes/:id/file',
    ...MANAGE,
    summary: 'Download a résumé file (HR only; audited)',
    params: idParams,
    response: z.unknown().describe('the file'),
    handler: (c, { params }) => {
      const file = r.resumes.download(c, params.id);
      return new Response(new Uint8Array(file.bytes), {
        headers: {
          'content-type': file.contentType,
          'content-disposition': `attachment; filename="resume"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
          'cache-control': 'private, no-store',
          'x-content-type-options': 'nosniff',
        },
      });
    },
  });
}
