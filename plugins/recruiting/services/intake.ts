/**
 * Intake (简历导入接口): job boards and ATS connectors push applications with an API token
 * holding `recruiting.intake`.
 *
 * - Idempotent: the same `idempotencyKey` from the same `source` answers the earlier ids
 *   (`duplicate: true`) and stores nothing new. The key is recorded in the transaction
 *   that stores the application, so two simultaneous deliveries cannot both get in.
 * - Rate-limited per token (settings.intakePerMinute): over the limit → 429 with the
 *   seconds to wait (the API route sends them as Retry-After).
 * - Everything else is `applications.apply`: same checks, dedupe, screening.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { HttpError, createRateLimiter, parseOrThrow, z, type HrContext } from '../../../core/sdk.js';
import { intakeKeys } from '../schema.js';
import type { ApplicationService } from './applications.js';
import { decodeBase64File } from './resumes.js';
import type { RecruitingParts } from './types.js';

const KEYS = { prefix: 'recruiting.', fallbackKey: 'recruiting.error.invalid' };

export const intakeSchema = z.object({
  /** The sending system: boss, liepin, zhaopin, lagou, an ATS… */
  source: z.string().trim().toLowerCase().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'recruiting.error.source'),
  idempotencyKey: z.string({ error: 'recruiting.error.idempotencyKey' }).trim().min(1, 'recruiting.error.idempotencyKey').max(200, 'recruiting.error.idempotencyKey'),
  jobId: z.number().int().positive(),
  candidate: z
    .object({
      name: z.string().trim().max(64).optional(),
      mobile: z.string().trim().max(30).optional(),
      email: z.string().trim().max(254).optional(),
      gender: z.enum(['male', 'female']).optional(),
      birthYear: z.number().int().min(1930).max(2020).optional(),
    })
    .default({}),
  resume: z.union([
    z.object({ fileName: z.string().trim().min(1).max(200), base64: z.string().min(1) }),
    z.object({ text: z.string().min(1).max(500_000) }),
  ]),
  sourceDetail: z.string().trim().max(200).default(''),
  /** The privacy notice version the candidate agreed to on the sending side. */
  consentVersion: z.string().trim().max(40).nullable().default(null),
});
export type IntakeInput = z.input<typeof intakeSchema>;

export interface IntakeResult {
  candidateId: number;
  applicationId: number | null;
  /** True when this key was seen before: nothing new was stored. */
  duplicate: boolean;
}

/** 429 with the seconds to wait. */
export class RateLimitedError extends HttpError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'recruiting.error.rateLimited', { seconds: retryAfterSeconds });
  }
}

const isKeyViolation = (e: unknown) => e instanceof Error && /UNIQUE constraint failed: recruiting_intake_keys/.test(e.message);

export function createIntakeService(parts: RecruitingParts, deps: { applications: ApplicationService }) {
  const { db, settings, now } = parts;
  const limiter = createRateLimiter({ limit: settings.intakePerMinute, windowMs: 60_000 });

  /** Per token: the bearer token's hash, else the signed-in user. */
  const limitKey = (c: HrContext | null): string => {
    const bearer = c?.req?.header('authorization');
    if (bearer) return `token:${createHash('sha256').update(bearer).digest('hex')}`;
    return `user:${c?.get('user')?.id ?? 'system'}`;
  };

  const earlier = (source: string, key: string): IntakeResult | null => {
    const row = db.select().from(intakeKeys).where(and(eq(intakeKeys.source, source), eq(intakeKeys.key, key))).get();
    return row ? { candidateId: row.candidateId, applicationId: row.applicationId, duplicate: true } : null;
  };

  return {
    limiter,

    async intake(c: HrContext | null, input: IntakeInput): Promise<IntakeResult> {
      if (c) {
        const hit = limiter.hit(limitKey(c));
        if (!hit.ok) throw new RateLimitedError(hit.retryAfterSeconds);
      }
      const data = parseOrThrow(intakeSchema, input, KEYS);
      const seen = earlier(data.source, data.idempotencyKey);
      if (seen) return seen;
      const resume = 'base64' in data.resume ? { file: { bytes: decodeBase64File(data.resume.base64, settings.maxResumeMb), fileName: data.resume.fileName } } : { text: data.resume.text };
      try {
        const result = await deps.applications.apply(
          {
            jobId: data.jobId,
            ...resume,
            candidate: data.candidate,
            source: data.source,
            sourceDetail: data.sourceDetail,
            consentVersion: data.consentVersion,
            onStored: (ids) => {
              db.insert(intakeKeys).values({ source: data.source, key: data.idempotencyKey, candidateId: ids.candidateId, applicationId: ids.applicationId, createdAt: now() }).run();
            },
          },
          c,
        );
        return { candidateId: result.candidateId, applicationId: result.applicationId, duplicate: false };
      } catch (e) {
        // A simultaneous delivery with the same key won: answer as it did.
        if (isKeyViolation(e)) {
          const won = earlier(data.source, data.idempotencyKey);
          if (won) return won;
        }
        throw e;
      }
    },
  };
}

export type IntakeService = ReturnType<typeof createIntakeService>;
