/**
 * HR adds a candidate to a job by uploading a résumé (from the board's "add candidate", and
 * from a candidate's page for another job). The same apply path as the careers page: the
 * file is checked by its content, parsed, the person found again by mobile or e-mail,
 * screened at once. Typed name and contact details win over what the parser reads.
 */
import { HttpError, isEmail, normalizeMobile, z, zodErrorMap, type HrContext, type PluginContext } from '../../../core/sdk.js';
import type { ApplyResult } from '../services/applications.js';
import type { Recruiting } from '../services/index.js';
import type { RecruitingSettings } from '../settings.js';
import { ID, MANAGE, idParam, refusal } from './pipeline-http.js';

const MB = 1024 * 1024;
/** Room for the form's other fields around the file in a multipart body. */
const ENVELOPE = 64 * 1024;
export const UPLOAD_SOURCES = ['manual', 'referral'] as const;

const text = (max: number) => z.preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string().max(max));

export const uploadFields = z.object({
  name: text(64),
  mobile: text(30).refine((v) => v === '' || normalizeMobile(v) !== null, 'recruiting.error.mobile'),
  email: text(254).refine((v) => v === '' || isEmail(v.toLowerCase()), 'recruiting.error.email'),
  source: z.preprocess((v) => (v === undefined || v === '' ? 'manual' : v), z.enum(UPLOAD_SOURCES)),
  sourceDetail: text(200),
});

/** Fields of a multipart body as strings (the file left out), to refill the form after an error. */
export function textValues(body: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(body).filter(([k, v]) => typeof v === 'string' && k !== '_csrf')) as Record<string, string>;
}

/** A body over the résumé limit is refused by its declared length, before it is read. */
export function tooLarge(c: HrContext, maxMb: number): boolean {
  return Number(c.req.header('content-length') ?? 0) > maxMb * MB + ENVELOPE;
}

/** The uploaded file of a parsed multipart body, or null when none was chosen. */
export async function fileOf(body: Record<string, unknown>, field = 'file'): Promise<{ bytes: Uint8Array; fileName: string } | null> {
  const file = body[field];
  if (!(file instanceof File) || (file.size === 0 && file.name === '')) return null;
  return { bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name };
}

/** Apply for `jobId` with an uploaded file, on HR's behalf. Throws HttpError (4xx) with a field when it can. */
export async function applyUpload(
  c: HrContext,
  r: Recruiting,
  input: { jobId: number; file: { bytes: Uint8Array; fileName: string } | null; candidate?: { name?: string; mobile?: string; email?: string }; source: string; sourceDetail?: string },
): Promise<ApplyResult> {
  if (!input.file) throw Object.assign(new HttpError(400, 'recruiting.pipeline.add.fileRequired'), { field: 'file' });
  return r.applications.apply({ jobId: input.jobId, file: input.file, candidate: input.candidate, source: input.source, sourceDetail: input.sourceDetail }, c);
}

export function registerUploadPages(ctx: PluginContext<RecruitingSettings>, r: Recruiting): void {
  const maxMb = () => ctx.settings.maxResumeMb;

  const renderForm = (c: HrContext, jobId: number, values: Record<string, string>, errors: Record<string, string>, error: string | null, status = 200) => {
    const job = r.jobs.get(c, jobId);
    return ctx.render(c, 'pipeline-add', { job, values, errors, error, maxMb: maxMb(), sources: UPLOAD_SOURCES }, { title: c.get('t')('recruiting.pipeline.add.title'), status });
  };

  ctx.pages.get(`/jobs/:id${ID}/add`, MANAGE, (c) => renderForm(c, idParam(c), { source: 'manual' }, {}, null));

  ctx.pages.post(`/jobs/:id${ID}/add`, MANAGE, async (c) => {
    const t = c.get('t');
    const jobId = idParam(c);
    if (tooLarge(c, maxMb())) {
      const text = t('recruiting.error.tooLarge', { maxMb: maxMb() });
      return renderForm(c, jobId, {}, { file: text }, text, 413);
    }
    const body = await c.req.parseBody();
    const values = textValues(body);
    const fields = uploadFields.safeParse(body, { error: zodErrorMap(c.get('locale')) });
    if (!fields.success) {
      const errors: Record<string, string> = {};
      for (const issue of fields.error.issues) errors[String(issue.path[0] ?? 'file')] ??= t(issue.message);
      return renderForm(c, jobId, values, errors, t('recruiting.pipeline.form.fix'), 400);
    }
    const f = fields.data;
    try {
      const result = await applyUpload(c, r, {
        jobId,
        file: await fileOf(body),
        candidate: { name: f.name || undefined, mobile: f.mobile || undefined, email: f.email || undefined },
        source: f.source,
        sourceDetail: f.sourceDetail,
      });
      const score = result.screening ? String(Math.round(result.screening.score)) : '—';
      ctx.flash(c, { kind: 'success', text: t(result.newCandidate ? 'recruiting.pipeline.add.done' : 'recruiting.pipeline.add.doneExisting', { score }) });
      return c.redirect(`/recruiting/candidates/${result.candidateId}`, 303);
    } catch (err) {
      const refused = refusal(err, t);
      return renderForm(c, jobId, values, { [refused.field ?? 'file']: refused.text }, refused.text, refused.status);
    }
  });
}
