/**
 * The public careers page (招聘官网), open to anyone: open jobs with filters, a job with its
 * application form, and the form's post.
 *
 * What the post guards against, in this order: a job that is not open (404, as if it did
 * not exist: drafts and closed jobs are not public), too many posts from one address
 * (429 in words, `settings.applicationsPerHour`), a body larger than the résumé limit
 * (413 from Content-Length, before the body is read when the browser sent the CSRF token as
 * a header, as htmx does), bots (a honeypot field: they get the thank-you page and nothing
 * is stored), then the fields and the consent to the privacy notice, then the file itself
 * (empty, too large; its type is decided by its content in the résumé service: an
 * executable renamed .pdf or a damaged PDF is refused and nothing is stored).
 *
 * The talent pool is a separate, optional question (PIPL: one consent per purpose): an
 * unticked box whose answer is stored with the consent and sets the pool flag, in the
 * transaction that stores the application (services/pool-consent.ts).
 *
 * Nothing internal reaches these pages: only `jobs.listOpen()` / `getOpen()` (PublicJob:
 * no requirements, pipeline, counts or other candidates).
 */
import { HttpError, PUBLIC, emailSchema, mobileSchema, parseForm, z, type HrContext, type PluginContext, type Translate } from '../../../core/sdk.js';
import type { Recruiting } from '../services/index.js';
import type { PublicJob } from '../services/jobs.js';
import { consentVersionWithPool, createPoolConsent } from '../services/pool-consent.js';
import type { RecruitingSettings } from '../settings.js';
import { formValues, idOf } from './jobs-form.js';

const PAGE_SIZE = 20;
const MB = 1024 * 1024;
/** Room for the text fields and the multipart framing beside the file. */
const FORM_OVERHEAD_BYTES = 256 * 1024;
/** Extension list for the file picker; the server decides by content anyway. */
export const RESUME_ACCEPT = '.pdf,.docx,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain';
/** The honeypot: invisible to people, tempting to bots. */
export const HONEYPOT_FIELD = 'website';
/** Errors about the file, shown beside the file field. */
const FILE_ERRORS = new Set(['recruiting.error.emptyFile', 'recruiting.error.tooLarge', 'recruiting.error.noText', 'recruiting.error.noResume']);

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const applySchema = z.object({
  name: z.string().trim().min(1).max(64),
  mobile: z.string().trim().min(1).max(30).pipe(mobileSchema),
  email: z.preprocess(blankToUndefined, emailSchema.pipe(z.string().max(254)).optional()),
  consent: z.literal('yes', { error: 'recruiting.careers.error.consent' }),
  /** Optional and unticked by default: anything but the box's value is "no". */
  talentPool: z.preprocess((v) => v === 'yes', z.boolean()),
});

/** "¥15,000 – ¥25,000 / 月" and the one-sided forms; null when no salary is set. */
export function salaryText(t: Translate, locale: string, min: number | null, max: number | null): string | null {
  const n = (v: number) => new Intl.NumberFormat(locale === 'en' ? 'en-US' : 'zh-CN').format(v);
  if (min !== null && max !== null) return min === max ? t('recruiting.careers.salary.exact', { amount: n(min) }) : t('recruiting.careers.salary.range', { min: n(min), max: n(max) });
  if (min !== null) return t('recruiting.careers.salary.from', { min: n(min) });
  if (max !== null) return t('recruiting.careers.salary.upTo', { max: n(max) });
  return null;
}

export interface CareersFilter {
  department: string;
  location: string;
}

/** Open jobs narrowed by department and location (both exact, from the lists the page offers). */
export function filterJobs(jobs: readonly PublicJob[], filter: CareersFilter): PublicJob[] {
  return jobs.filter((j) => (!filter.department || (j.departmentName ?? '') === filter.department) && (!filter.location || j.location === filter.location));
}

const distinct = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => !!v))].sort((a, b) => a.localeCompare(b, 'zh-CN'));

export function registerCareersPages(ctx: PluginContext<RecruitingSettings>, r: Recruiting): void {
  const maxBytes = () => ctx.settings.maxResumeMb * MB;
  const company = (t: Translate) => ctx.config.companyName ?? t('recruiting.careers.companyFallback');
  const poolConsent = createPoolConsent(r.parts, { activities: r.activities });

  const card = (c: HrContext, job: PublicJob) => ({ ...job, salary: salaryText(c.get('t'), c.get('locale'), job.salaryMin, job.salaryMax) });

  /** The job if it is open now; null for drafts, paused and closed jobs and ids that are not ids. */
  const openJob = (c: HrContext): PublicJob | null => {
    const id = idOf(c.req.param('id'));
    return (id !== null && r.jobs.listOpen().find((j) => j.id === id)) || null;
  };

  /** 404 in an applicant's words, with the way back to the open jobs. */
  const missing = (c: HrContext) => ctx.render(c, 'careers-missing', { company: company(c.get('t')) }, { title: c.get('t')('recruiting.careers.missing.title'), status: 404 });

  const privacy = (c: HrContext) => {
    const t = c.get('t');
    const notice = r.privacy(c.get('locale'));
    return {
      text: notice.text ?? t('recruiting.careers.privacy.default', { company: company(t), days: ctx.settings.retentionDays, poolDays: ctx.settings.talentPoolDays }),
      version: notice.version,
    };
  };

  const renderJob = (c: HrContext, job: PublicJob, form: { values?: Record<string, string>; errors?: Record<string, string>; error?: string | null }, status = 200) => {
    const t = c.get('t');
    return ctx.render(
      c,
      'careers-show',
      {
        job: card(c, job),
        company: company(t),
        values: form.values ?? {},
        errors: form.errors ?? {},
        error: form.error ?? null,
        maxMb: ctx.settings.maxResumeMb,
        privacy: privacy(c).text,
        poolDays: ctx.settings.talentPoolDays,
        accept: RESUME_ACCEPT,
        honeypot: HONEYPOT_FIELD,
      },
      { title: `${job.title} · ${company(t)}`, status },
    );
  };

  ctx.pages.get('/careers', PUBLIC, (c) => {
    const t = c.get('t');
    const query = c.req.query();
    const all = r.jobs.listOpen();
    const filter: CareersFilter = { department: (query.department ?? '').slice(0, 200), location: (query.location ?? '').slice(0, 100) };
    const matching = filterJobs(all, filter);
    const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
    const page = Math.min(pages, Math.max(1, Number.parseInt(query.page ?? '1', 10) || 1));
    return ctx.render(
      c,
      'careers-list',
      {
        company: company(t),
        jobs: matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((j) => card(c, j)),
        total: matching.length,
        anyOpen: all.length > 0,
        filter,
        departments: distinct(all.map((j) => j.departmentName)),
        locations: distinct(all.map((j) => j.location)),
        page,
        pages,
      },
      { title: t('recruiting.careers.title', { company: company(t) }) },
    );
  });

  ctx.pages.get('/careers/:id', PUBLIC, (c) => {
    const job = openJob(c);
    return job ? renderJob(c, job, {}) : missing(c);
  });

  ctx.pages.post('/careers/:id', PUBLIC, async (c) => {
    const t = c.get('t');
    const job = openJob(c);
    if (!job) return missing(c);

    const hit = r.careersLimiter.hit(ctx.clientIp(c) ?? 'unknown');
    if (!hit.ok) {
      c.header('Retry-After', String(hit.retryAfterSeconds));
      return ctx.render(c, 'careers-limited', { job: card(c, job), minutes: Math.max(1, Math.ceil(hit.retryAfterSeconds / 60)) }, { title: t('recruiting.careers.limited.title'), status: 429 });
    }

    const tooLarge = t('recruiting.error.tooLarge', { maxMb: ctx.settings.maxResumeMb });
    const declared = Number(c.req.header('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes() + FORM_OVERHEAD_BYTES) {
      // Refused unread. A plain form post had its body read once already by the CSRF check;
      // its typed fields are kept from that copy. htmx keeps them in the browser instead.
      const cached = c.req.bodyCache.formData ? formValues(await c.req.parseBody()) : {};
      return renderJob(c, job, { values: cached, errors: { resume: tooLarge }, error: tooLarge }, 413);
    }

    const body = await c.req.parseBody();
    const values = formValues(body);
    const honeypot = body[HONEYPOT_FIELD];
    if (typeof honeypot === 'string' && honeypot.trim() !== '') {
      ctx.log.info({ jobId: job.id }, 'recruiting: careers form honeypot filled, application dropped');
      return c.redirect(`/recruiting/careers/${job.id}/applied`, 303);
    }

    const form = await parseForm(c, applySchema);
    const errors: Record<string, string> = form.ok ? {} : { ...form.errors };
    const file = body.resume;
    let status = 400;
    if (!(file instanceof File) || (file.size === 0 && !file.name)) errors.resume = t('recruiting.careers.error.noFile');
    else if (file.size === 0) errors.resume = t('recruiting.error.emptyFile');
    else if (file.size > maxBytes()) {
      errors.resume = tooLarge;
      status = 413;
    }
    if (!form.ok || errors.resume) return renderJob(c, job, { values, errors, error: form.ok ? errors.resume! : form.message }, status);

    try {
      // Read once, only now: every check that needs no bytes has passed.
      const bytes = new Uint8Array(await (file as File).arrayBuffer());
      await r.applications.apply(
        {
          jobId: job.id,
          file: { bytes, fileName: (file as File).name },
          candidate: { name: form.data.name, mobile: form.data.mobile, email: form.data.email ?? null },
          source: 'careers',
          consentVersion: consentVersionWithPool(privacy(c).version, form.data.talentPool),
          onStored: (ids) => poolConsent.record(ids, form.data.talentPool),
        },
        c,
      );
    } catch (err) {
      if (!(err instanceof HttpError) || err.status >= 500) throw err;
      // Said to the applicant, not to HR: "you have already applied".
      const message = err.messageKey === 'recruiting.error.alreadyApplied' ? t('recruiting.careers.error.alreadyApplied') : t(err.messageKey, err.params);
      const onFile = FILE_ERRORS.has(err.messageKey) || err.messageKey.startsWith('core.ai.extract.');
      return renderJob(c, job, { values, errors: onFile ? { resume: message } : {}, error: message }, err.status === 404 ? 400 : err.status);
    }
    return c.redirect(`/recruiting/careers/${job.id}/applied`, 303);
  });

  ctx.pages.get('/careers/:id/applied', PUBLIC, (c) => {
    const t = c.get('t');
    // The job may have closed since: the thanks stand, without its details.
    const job = openJob(c);
    return ctx.render(
      c,
      'careers-applied',
      { job: job ? card(c, job) : null, company: company(t), days: ctx.settings.retentionDays, poolDays: ctx.settings.talentPoolDays },
      { title: t('recruiting.careers.applied.title') },
    );
  });
}
