/**
 * Response shapes of the recruiting API, shared by its routes. Every candidate travels as
 * views.ts's CandidateView: the hidden fields of a blind screener are null there, and these
 * schemas strip whatever they do not list.
 */
import { z, type HrContext } from '../../../core/sdk.js';
import { DEGREES } from '../domain/types.js';
import { RateLimitedError } from '../services/intake.js';
import { STAGE_KINDS } from '../services/stages.js';

export const idParams = z.object({ id: z.coerce.number().int().positive() });
export const pageQuery = {
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).optional(),
};
export const ok = z.object({ ok: z.literal(true) });
export const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'recruiting.error.month').describe('YYYY-MM');
/** A file in JSON: its name (for the record only) and its bytes as base64. */
export const base64File = z.object({ fileName: z.string().trim().min(1).max(200), base64: z.string().min(1).describe('the file, base64-encoded') });

const parsed = <T extends z.ZodType>(value: T) => z.object({ value, confidence: z.number(), source: z.string().nullable() });
const degree = z.enum(DEGREES);

export const profileSchema = z.object({
  language: z.enum(['zh', 'en']),
  name: parsed(z.string().nullable()),
  gender: parsed(z.enum(['male', 'female']).nullable()),
  birthYear: parsed(z.number().nullable()),
  mobile: parsed(z.string().nullable()),
  email: parsed(z.string().nullable()),
  education: z.array(
    z.object({ school: z.string().nullable(), degree: degree.nullable(), major: z.string().nullable(), start: z.string().nullable(), end: z.string().nullable(), confidence: z.number(), source: z.string().nullable() }),
  ),
  highestDegree: parsed(degree.nullable()),
  experience: z.array(
    z.object({
      company: z.string().nullable(),
      title: z.string().nullable(),
      start: z.string().nullable(),
      end: z.string().nullable(),
      current: z.boolean(),
      months: z.number().nullable(),
      confidence: z.number(),
      source: z.string().nullable(),
    }),
  ),
  totalYears: parsed(z.number().nullable()),
  skills: parsed(z.array(z.string())),
  languages: parsed(z.array(z.object({ language: z.string(), level: z.string().nullable() }))),
});

export const requirementsSchema = z.object({
  mustHave: z.array(z.string()),
  niceToHave: z.array(z.string()),
  minYears: z.number().nullable(),
  degree: degree.nullable(),
  languages: z.array(z.string()),
});

export const screeningSchema = z.object({
  score: z.number().describe('0..100'),
  breakdown: z.object({ mustHave: z.number(), niceToHave: z.number(), years: z.number(), degree: z.number(), languages: z.number(), similarity: z.number() }),
  checks: z.array(
    z.object({
      kind: z.enum(['skill', 'nice', 'years', 'degree', 'language']),
      requirement: z.string(),
      met: z.boolean(),
      evidence: z.string().nullable().describe('the résumé sentence that shows it'),
    }),
  ),
  suggestion: z.enum(['advance', 'hold', 'reject']),
  similarityMethod: z.enum(['embeddings', 'bm25']),
});

export const stageSchema = z.object({ key: z.string(), label: z.string(), kind: z.enum(STAGE_KINDS) });

export const candidateSchema = z.object({
  id: z.number().int(),
  ref: z.string(),
  blind: z.boolean().describe('identity fields hidden from this caller'),
  name: z.string().nullable(),
  gender: z.enum(['male', 'female']).nullable(),
  birthYear: z.number().int().nullable(),
  mobile: z.string().nullable().describe('masked unless revealed to HR'),
  email: z.string().nullable(),
  source: z.string(),
  sourceDetail: z.string(),
  tags: z.array(z.string()),
  inPool: z.boolean(),
  profile: profileSchema.nullable(),
  corrected: z.array(z.string()),
  employeeId: z.number().int().nullable(),
  consentAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const activitySchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  applicationId: z.number().int().nullable(),
  actorUserId: z.number().int().nullable().describe('null: the system'),
  data: z.record(z.string(), z.unknown()),
  at: z.date(),
});

export const applicationSchema = z.object({
  id: z.number().int(),
  jobId: z.number().int(),
  candidateId: z.number().int(),
  stage: z.string(),
  status: z.enum(['active', 'rejected', 'hired', 'withdrawn']),
  rejectReason: z.string().nullable(),
  source: z.string(),
  score: z.number().nullable(),
  screening: screeningSchema.nullable(),
  screenedAt: z.date().nullable(),
  position: z.number().int(),
  appliedAt: z.date(),
  movedAt: z.date(),
  hiredAt: z.date().nullable(),
  rank: z.number().int().nullable(),
  candidate: candidateSchema,
});

export const applicationDetailSchema = applicationSchema.extend({
  job: z.object({ id: z.number().int(), title: z.string(), blind: z.boolean(), status: z.string(), stages: z.array(stageSchema) }),
  resume: z
    .object({ id: z.number().int(), fileName: z.string().nullable(), kind: z.string(), bytes: z.number().int(), createdAt: z.date(), downloadable: z.boolean() })
    .nullable(),
  resumeText: z.string().nullable(),
  timeline: z.array(activitySchema),
});

export const jobSchema = z.object({
  id: z.number().int(),
  requisitionId: z.number().int().nullable(),
  title: z.string(),
  departmentId: z.number().int().nullable(),
  departmentName: z.string().nullable(),
  location: z.string(),
  employmentType: z.enum(['full_time', 'part_time', 'intern', 'contract']),
  headcount: z.number().int(),
  description: z.string(),
  requirements: requirementsSchema,
  salaryMin: z.number().int().nullable(),
  salaryMax: z.number().int().nullable(),
  status: z.enum(['draft', 'open', 'paused', 'closed']),
  stages: z.array(stageSchema),
  blind: z.boolean(),
  openedAt: z.date().nullable(),
  closedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  counts: z.object({ active: z.number().int(), total: z.number().int(), hired: z.number().int() }),
});

export const batchSchema = z.object({
  id: z.number().int(),
  jobId: z.number().int(),
  total: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  status: z.enum(['running', 'done', 'failed']),
  progress: z.number().describe('done / total'),
  startedAt: z.date(),
  finishedAt: z.date().nullable(),
});

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), items: z.array(item) });

/** 429 with Retry-After for a rate-limited call; any other error is thrown on. */
export async function withRetryAfter<T>(c: HrContext, run: () => Promise<T>): Promise<T | Response> {
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof RateLimitedError)) throw e;
    const message = c.get('t')(e.messageKey, e.params);
    return c.json({ error: { status: 429, message } }, 429, { 'Retry-After': String(e.retryAfterSeconds) });
  }
}
