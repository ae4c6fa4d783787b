/**
 * POST /api/v1/recruiting/intake: applications pushed by job boards and ATS connectors
 * with an API token holding `recruiting.intake`. Idempotent per (source, key): the key comes
 * in the `Idempotency-Key` header or the `idempotencyKey` field; a repeat answers 200 with
 * the earlier ids, a new application 201. Over the per-token limit: 429 with Retry-After.
 */
import { z, type PluginContext } from '../../../core/sdk.js';
import type { Recruiting } from '../services/index.js';
import { intakeSchema } from '../services/intake.js';
import type { RecruitingSettings } from '../settings.js';
import { withRetryAfter } from './schemas.js';

const resultSchema = z.object({
  candidateId: z.number().int(),
  applicationId: z.number().int().nullable(),
  duplicate: z.boolean().describe('true: this key was seen before and nothing new was stored'),
});

export function registerIntakeApi(ctx: PluginContext<RecruitingSettings>, r: Recruiting): void {
  ctx.api.route({
    method: 'post',
    path: '/intake',
    permission: 'recruiting.intake',
    summary: 'Push an application from a job board or ATS (idempotent per source and key)',
    description:
      'Résumé as `{ fileName, base64 }` (PDF, DOCX, TXT, Markdown) or `{ text }`. 201 with the new ids; 200 with the earlier ids when the key was seen; 409 when the candidate (same mobile or e-mail) already applied for the job; 429 with Retry-After over the per-token limit.',
    body: intakeSchema.extend({ idempotencyKey: z.string().trim().min(1).max(200).optional() }),
    response: resultSchema,
    status: 201,
    handler: (c, { body }) =>
      withRetryAfter(c, async () => {
        // The header wins; without either the service answers 400 (after counting the call against the limit).
        const key = c.req.header('idempotency-key')?.trim() || body.idempotencyKey;
        const result = await r.intake.intake(c, { ...body, idempotencyKey: key as string });
        return result.duplicate ? c.json(resultSchema.parse(result), 200) : result;
      }),
  });
}
