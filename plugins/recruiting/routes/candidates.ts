/**
 * Candidates (候选人): the searchable list and one candidate's page — parsed profile with a
 * confidence per field and HR's corrections, résumé text (blinded for screeners on blind
 * jobs) and the file for HR, every application with its score explained, notes, the
 * timeline, tags and the talent pool, and an upload for another job.
 *
 * Screeners reach the candidates of the jobs they reach; everything printed comes from the
 * services' presented views (services/views.ts), never from rows.
 */
import { HttpError, parseForm, parseQuery, z, type HrContext, type PluginContext } from '../../../core/sdk.js';
import { DEGREES } from '../domain/types.js';
import { canManage, viewerOf } from '../services/access.js';
import type { Recruiting } from '../services/index.js';
import { candidateSources } from '../services/pipeline-queries.js';
import { poolConsentOf } from '../services/pool-consent.js';
import { stageLabel } from '../services/stages.js';
import type { RecruitingSettings } from '../settings.js';
import { registerCandidateErasurePages } from './candidates-erase.js';
import { ENTRY_KINDS, entriesPatch, entryFields, entryFormRows, entryValues, nestEntries, pickEntryValues } from './candidates-entries.js';
import { CORRECTION_FIELDS, correctionPatch, correctionValues, degreeLabel, identityRows, profileRows, timelineItems, type CorrectionValues } from './candidates-view.js';
import { ID, MANAGE, SCREEN, idParam, isHtmx, refusal } from './pipeline-http.js';
import { applyUpload, fileOf, tooLarge } from './pipeline-upload.js';
import { candidateLabel, explain, known, sourceLabel } from './pipeline-view.js';

const PAGE_SIZE = 20;
const text = (max: number) => z.preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string().max(max));

const listQuery = z.object({
  q: text(100).catch(''),
  skill: text(80).catch(''),
  tag: text(30).catch(''),
  source: text(32).catch(''),
  pool: z.enum(['', 'yes', 'no']).catch(''),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

const correctionForm = z.object({
  name: text(64).refine((v) => v !== '', 'recruiting.error.name'),
  gender: z.preprocess((v) => v ?? '', z.enum(['', 'male', 'female'])),
  birthYear: text(4).refine((v) => v === '' || (/^\d{4}$/.test(v) && Number(v) >= 1930 && Number(v) <= 2020), 'recruiting.candidates.error.birthYear'),
  mobile: text(30),
  email: text(254),
  highestDegree: z.preprocess((v) => v ?? '', z.enum(['', ...DEGREES])),
  totalYears: text(5).refine((v) => v === '' || (Number.isFinite(Number(v)) && Number(v) >= 0 && Number(v) <= 60), 'recruiting.candidates.error.years'),
  skills: text(4000),
  languages: text(1000),
});
/** The whole correction form: the fields above and the education and experience rows (candidates-entries.ts). */
const profileForm = z.preprocess(nestEntries, correctionForm.extend(entryFields));

const noteForm = z.object({
  text: text(5000).refine((v) => v !== '', 'recruiting.error.note'),
  applicationId: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.coerce.number().int().positive().nullable()),
});
const tagForm = z.object({ tag: text(30).refine((v) => v !== '', 'recruiting.candidates.error.tag'), action: z.enum(['add', 'remove']) });
const poolForm = z.object({ inPool: z.enum(['1', '0']) });
const applyForm = z.object({ jobId: z.coerce.number().int().positive() });

/** Which form of the page a re-render is about: its values and messages, and whether it opens. */
interface FormState {
  form: 'correct' | 'note' | 'tag' | 'apply' | null;
  values: Record<string, string>;
  errors: Record<string, string>;
  error: string | null;
}
const NO_FORM: FormState = { form: null, values: {}, errors: {}, error: null };

export function registerCandidatePages(ctx: PluginContext<RecruitingSettings>, r: Recruiting): void {
  ctx.pages.get('/candidates', SCREEN, async (c) => {
    const t = c.get('t');
    const q = await parseQuery(c, listQuery);
    const filter = q.ok ? q.data : listQuery.parse({});
    const manage = canManage(viewerOf(c));
    const list = r.candidates.list(c, {
      q: filter.q || undefined,
      skill: filter.skill || undefined,
      tag: filter.tag || undefined,
      source: filter.source || undefined,
      pool: filter.pool === '' ? undefined : filter.pool === 'yes',
      page: filter.page,
      pageSize: PAGE_SIZE,
    });
    const items = list.items.map((cand) => ({
      id: cand.id,
      label: candidateLabel(cand, t),
      blind: cand.blind,
      mobile: cand.mobile,
      source: sourceLabel(cand.source, t),
      tags: cand.tags,
      inPool: cand.inPool,
      degree: cand.profile?.highestDegree.value ? degreeLabel(cand.profile.highestDegree.value, t) : null,
      years: cand.profile?.totalYears.value ?? null,
      skills: cand.profile?.skills.value.slice(0, 6) ?? [],
      updatedAt: cand.updatedAt,
    }));
    const { page: _page, ...kept } = filter;
    const data = {
      filter,
      kept,
      manage,
      items,
      total: list.total,
      page: list.page,
      pages: Math.max(1, Math.ceil(list.total / list.pageSize)),
      tags: r.candidates.tags(),
      sources: candidateSources(ctx.sqlite).map((s) => ({ value: s, label: sourceLabel(s, t) })),
      filtered: Object.values(kept).some((v) => v !== ''),
    };
    // The search form swaps only the results (htmx); a plain GET renders the whole page.
    if (isHtmx(c) && (c.req.header('hx-target') ?? '').includes('candidate-results')) return ctx.render(c, 'candidate-results', data, { fragment: true });
    return ctx.render(c, 'candidate-list', data, { title: t('recruiting.candidates.title') });
  });

  const renderCandidate = async (c: HrContext, id: number, state: FormState = NO_FORM, status = 200) => {
    const t = c.get('t');
    const manage = canManage(viewerOf(c));
    const candidate = r.candidates.get(c, id);
    // Erased on request: nothing may be added back, so no form edits the candidate any more.
    const erasure = r.erasure.status(id);
    const editable = manage && erasure.erasedAt === null;
    const label = erasure.erasedAt ? t('recruiting.erasure.name', { id }) : candidateLabel(candidate, t);
    const apps = r.applications.ofCandidate(c, id);
    const jobs = new Map(apps.map((a) => [a.jobId, r.jobs.get(c, a.jobId)]));
    const latest = apps.at(-1);
    const detail = latest ? r.applications.get(c, latest.id) : null;
    const activities = r.candidates.timeline(c, id);
    const timeline = timelineItems(
      activities,
      {
        jobTitles: new Map([...jobs.values()].map((j) => [j.id, j.title])),
        stagesOfApplication: new Map(apps.map((a) => [a.id, jobs.get(a.jobId)!.stages])),
        userNames: ctx.people.userNames(activities.map((a) => a.actorUserId)),
      },
      t,
    );
    const applications = apps.map((a) => {
      const job = jobs.get(a.jobId)!;
      const stage = job.stages.find((s) => s.key === a.stage);
      return {
        id: a.id,
        jobId: job.id,
        jobTitle: job.title,
        stage: stage ? stageLabel(stage, t) : a.stage,
        status: a.status,
        statusLabel: t(`recruiting.applicationStatus.${a.status}`),
        rejectReason: a.rejectReason ? known(t, `recruiting.rejectReason.${a.rejectReason}`, a.rejectReason) : null,
        appliedAt: a.appliedAt,
        explain: explain(a.screening, t),
        onboardingHref: manage && (a.status === 'hired' || (a.status === 'active' && stage?.kind === 'offer')) ? `/recruiting/applications/${a.id}/onboarding` : null,
      };
    });
    const applied = new Set(apps.map((a) => a.jobId));
    const openJobs = editable ? r.jobs.list(c, { status: 'open', pageSize: 200 }).items.filter((j) => !applied.has(j.id)) : [];
    const correction = state.form === 'correct' ? state.values : { ...correctionValues(candidate), ...entryValues(candidate.profile) };
    // Only HR sees (and posts) the correction form: screeners never get the rows' values.
    const entryForm = editable ? ENTRY_KINDS.map((kind) => ({ kind, rows: entryFormRows(correction, kind) })) : [];
    const row = editable ? r.candidates.find(id) : null;
    return ctx.render(
      c,
      'candidate-show',
      {
        candidate,
        label,
        manage: editable,
        erasure: { erasedAt: erasure.erasedAt, canErase: editable && !erasure.hired, hired: manage && erasure.hired, employeeId: erasure.employeeId },
        identity: identityRows(candidate, t),
        profile: profileRows(candidate, t),
        source: sourceLabel(candidate.source, t),
        applications,
        resume: detail?.resume ?? null,
        resumeText: detail?.resumeText ?? null,
        timeline,
        openJobs,
        maxMb: ctx.settings.maxResumeMb,
        degrees: DEGREES.map((d) => ({ value: d, label: degreeLabel(d, t) })),
        correction,
        entryForm,
        pool: row ? { consent: poolConsentOf(row, ctx.settings.talentPoolDays, r.parts.now()), retentionDays: ctx.settings.retentionDays } : null,
        state,
      },
      { title: label, status },
    );
  };

  ctx.pages.get(`/candidates/:id${ID}`, SCREEN, (c) => renderCandidate(c, idParam(c)));

  /** Re-render the page with a form's problem in place, or go back to the page with a message. */
  const handle = async (c: HrContext, id: number, form: FormState['form'], values: Record<string, string>, run: () => string | Promise<string>) => {
    const t = c.get('t');
    try {
      r.erasure.assertNotErased(id);
      const message = await run();
      ctx.flash(c, { kind: 'success', text: message });
      return c.redirect(`/recruiting/candidates/${id}`, 303);
    } catch (err) {
      const refused = refusal(err, t);
      return renderCandidate(c, id, { form, values, errors: refused.field ? { [refused.field]: refused.text } : {}, error: refused.text }, refused.status);
    }
  };

  const stringValues = async (c: HrContext) =>
    Object.fromEntries(Object.entries(await c.req.parseBody()).filter(([k, v]) => typeof v === 'string' && k !== '_csrf')) as Record<string, string>;

  ctx.pages.post(`/candidates/:id${ID}/notes`, SCREEN, async (c) => {
    const id = idParam(c);
    const values = await stringValues(c);
    const form = await parseForm(c, noteForm);
    if (!form.ok) return renderCandidate(c, id, { form: 'note', values, errors: form.errors, error: form.message }, 400);
    return handle(c, id, 'note', values, () => {
      r.candidates.addNote(c, id, { text: form.data.text, applicationId: form.data.applicationId });
      return c.get('t')('recruiting.candidates.flash.noted');
    });
  });

  ctx.pages.post(`/candidates/:id${ID}/profile`, MANAGE, async (c) => {
    const id = idParam(c);
    const values = await stringValues(c);
    const submitted = { ...Object.fromEntries(CORRECTION_FIELDS.map((k) => [k, values[k] ?? ''])), ...pickEntryValues(values) } as CorrectionValues & Record<string, string>;
    const form = await parseForm(c, profileForm);
    if (!form.ok) return renderCandidate(c, id, { form: 'correct', values: submitted, errors: form.errors, error: form.message }, 400);
    return handle(c, id, 'correct', submitted, () => {
      const current = r.candidates.get(c, id);
      const { education, experience, ...typed } = form.data;
      const fieldsPatch = correctionPatch(correctionValues(current), typed);
      const patch = {
        ...fieldsPatch,
        ...entriesPatch({ profile: current.profile, corrected: current.corrected }, { education, experience }, { today: r.parts.today(), yearsInPatch: 'totalYears' in fieldsPatch }),
      };
      const fields = Object.keys(patch);
      if (fields.length) r.candidates.update(c, id, patch);
      return c.get('t')(fields.length ? 'recruiting.candidates.flash.corrected' : 'recruiting.candidates.flash.unchanged', { n: fields.length });
    });
  });

  ctx.pages.post(`/candidates/:id${ID}/tags`, MANAGE, async (c) => {
    const id = idParam(c);
    const values = await stringValues(c);
    const form = await parseForm(c, tagForm);
    if (!form.ok) return renderCandidate(c, id, { form: 'tag', values, errors: form.errors, error: form.message }, 400);
    return handle(c, id, 'tag', values, () => {
      const current = r.candidates.get(c, id).tags;
      const { tag, action } = form.data;
      r.candidates.setTags(c, id, action === 'add' ? [...current, tag] : current.filter((x) => x !== tag));
      return c.get('t')(action === 'add' ? 'recruiting.candidates.flash.tagged' : 'recruiting.candidates.flash.untagged', { tag });
    });
  });

  ctx.pages.post(`/candidates/:id${ID}/pool`, MANAGE, async (c) => {
    const id = idParam(c);
    const form = await parseForm(c, poolForm);
    if (!form.ok) throw new HttpError(400, 'recruiting.error.invalid', { field: 'inPool', detail: form.message });
    return handle(c, id, null, {}, () => {
      r.candidates.setPool(c, id, form.data.inPool === '1');
      return c.get('t')(form.data.inPool === '1' ? 'recruiting.candidates.flash.pooled' : 'recruiting.candidates.flash.unpooled');
    });
  });

  // HR uploads a résumé for another job: the same person, found again by the contact details on record.
  ctx.pages.post(`/candidates/:id${ID}/apply`, MANAGE, async (c) => {
    const t = c.get('t');
    const id = idParam(c);
    const maxMb = ctx.settings.maxResumeMb;
    if (tooLarge(c, maxMb)) {
      const message = t('recruiting.error.tooLarge', { maxMb });
      return renderCandidate(c, id, { form: 'apply', values: {}, errors: { file: message }, error: message }, 413);
    }
    const body = await c.req.parseBody();
    const values = { jobId: typeof body.jobId === 'string' ? body.jobId : '' };
    const form = await parseForm(c, applyForm);
    if (!form.ok) return renderCandidate(c, id, { form: 'apply', values, errors: { jobId: form.errors.jobId ?? form.message }, error: form.message }, 400);
    const stored = r.candidates.identityOf(r.candidates.find(id));
    // Without a mobile or e-mail the apply path could not tell it is the same person: it would make a second candidate.
    if (!stored.mobile && !stored.email) {
      const message = t('recruiting.candidates.apply.noContact');
      return renderCandidate(c, id, { form: 'apply', values, errors: { jobId: message }, error: message }, 400);
    }
    const file = await fileOf(body);
    return handle(c, id, 'apply', values, async () => {
      const result = await applyUpload(c, r, {
        jobId: form.data.jobId,
        file,
        candidate: { name: stored.name, mobile: stored.mobile ?? undefined, email: stored.email ?? undefined },
        source: 'manual',
      });
      return t('recruiting.candidates.flash.applied', { score: result.screening ? String(Math.round(result.screening.score)) : '—' });
    });
  });

  ctx.pages.get(`/resumes/:id${ID}/file`, MANAGE, (c) => {
    const file = r.resumes.download(c, idParam(c));
    return new Response(new Uint8Array(file.bytes), {
      headers: {
        'content-type': file.contentType,
        'content-disposition': `attachment; filename="resume"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
      },
    });
  });

  registerCandidateErasurePages(ctx, r);
}
