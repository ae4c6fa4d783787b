/**
 * From offer to first day (录用与入职), HR only: the offer form (salary, start date,
 * probation, position, department) that moves the application to the offer stage, the
 * offer letter PDF (audited), the hire form that creates the employee in the people
 * directory, and the onboarding checklist with a link to the new employee's profile.
 *
 * One page per application (`/applications/:id/onboarding`); every form posts to its own
 * route and comes back to it with its problems shown in place.
 */
import { isoDateSchema, parseForm, resolvePdfFonts, z, type HrContext, type PdfFonts, type PluginContext } from '../../../core/sdk.js';
import type { Recruiting } from '../services/index.js';
import { stageLabel } from '../services/stages.js';
import type { RecruitingSettings } from '../settings.js';
import { renderOfferLetter } from './onboarding-letter.js';
import { ID, MANAGE, idParam, isHtmx, refusal } from './pipeline-http.js';
import { candidateLabel } from './pipeline-view.js';

const text = (max: number) => z.preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string().max(max));
/** A number typed in a form: empty is missing (not 0). */
const num = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === '' || v === undefined || v === null ? undefined : Number(v)), schema);
const optionalId = z.preprocess((v) => (v === '' || v === undefined ? null : Number(v)), z.number().int().positive().nullable());

const offerForm = z.object({
  monthlySalary: num(z.number().int().min(0).max(10_000_000)),
  startDate: isoDateSchema,
  probationMonths: num(z.number().int().min(0).max(6)),
  positionTitle: text(100),
  departmentId: optionalId,
  note: text(2000),
});

const hireForm = z.object({
  employeeNo: text(32).refine((v) => v !== '', 'recruiting.onboarding.error.employeeNo'),
  departmentId: num(z.number().int().positive()),
  hireDate: isoDateSchema,
});

const tickForm = z.object({
  key: z.string().regex(/^[a-z0-9_-]{1,32}$/),
  done: z.preprocess((v) => v === '1' || v === 'on' || v === 'true', z.boolean()),
});

type FormName = 'offer' | 'hire' | null;
interface FormState {
  form: FormName;
  values: Record<string, string>;
  errors: Record<string, string>;
  error: string | null;
}
const NO_FORM: FormState = { form: null, values: {}, errors: {}, error: null };

/** The company on letters: as entered at setup, else the single top-level department, else the suite's name. */
function companyName(ctx: PluginContext<RecruitingSettings>, fallback: string): string {
  if (ctx.config.companyName) return ctx.config.companyName;
  const roots = ctx.people.departments().filter((d) => d.parentId === null);
  return roots.length === 1 ? roots[0]!.name : fallback;
}

export function registerOnboardingPages(ctx: PluginContext<RecruitingSettings>, r: Recruiting): void {
  let fonts: PdfFonts | null = null;
  const pdfFonts = (): PdfFonts => {
    if (!fonts) {
      const resolved = resolvePdfFonts({ owner: 'recruiting' });
      if (resolved.problem) ctx.log.warn(resolved.problem);
      fonts = resolved;
    }
    return fonts;
  };

  const pageData = (c: HrContext, id: number, state: FormState) => {
    const t = c.get('t');
    const app = r.applications.get(c, id);
    const job = r.jobs.get(c, app.jobId);
    const onboarding = r.onboarding.get(c, id);
    const offer = onboarding?.offer ?? null;
    const stage = job.stages.find((s) => s.key === app.stage);
    const active = app.status === 'active';
    const departments = ctx.people.departments().map((d) => ({ value: String(d.id), label: d.path }));
    const offerValues =
      state.form === 'offer'
        ? state.values
        : {
            monthlySalary: offer ? String(offer.monthlySalary) : job.salaryMin !== null ? String(job.salaryMin) : '',
            startDate: offer?.startDate ?? '',
            probationMonths: offer ? String(offer.probationMonths) : '3',
            positionTitle: offer?.positionTitle ?? job.title,
            departmentId: String(offer?.departmentId ?? job.departmentId ?? ''),
            note: offer?.note ?? '',
          };
    const hireValues =
      state.form === 'hire'
        ? state.values
        : { employeeNo: '', departmentId: String(offer?.departmentId ?? job.departmentId ?? ''), hireDate: offer?.startDate ?? r.parts.today() };
    const tickers = ctx.people.userNames((onboarding?.checklist ?? []).map((i) => i.doneBy));
    return {
      app: { id: app.id, status: app.status, statusLabel: t(`recruiting.applicationStatus.${app.status}`), stage: stage ? stageLabel(stage, t) : app.stage, candidateId: app.candidateId },
      label: candidateLabel(app.candidate, t),
      job,
      offer,
      employeeId: onboarding?.employeeId ?? null,
      canOffer: active,
      canHire: active && stage?.kind === 'offer',
      checklist: (onboarding?.checklist ?? []).map((i) => ({
        key: i.key,
        label: i.label || t(`recruiting.checklist.${i.key}`),
        done: i.doneAt !== null,
        doneAt: i.doneAt === null ? null : new Date(i.doneAt),
        doneBy: i.doneBy === null ? null : (tickers.get(i.doneBy) ?? `#${i.doneBy}`),
      })),
      departments,
      offerValues,
      hireValues,
      state,
    };
  };

  const render = (c: HrContext, id: number, state: FormState = NO_FORM, status = 200) => {
    const data = pageData(c, id, state);
    return ctx.render(c, 'onboarding-page', data, { title: c.get('t')('recruiting.onboarding.title', { name: data.label }), status });
  };

  const stringValues = async (c: HrContext) =>
    Object.fromEntries(Object.entries(await c.req.parseBody()).filter(([k, v]) => typeof v === 'string' && k !== '_csrf')) as Record<string, string>;

  ctx.pages.get(`/applications/:id${ID}/onboarding`, MANAGE, (c) => render(c, idParam(c)));

  ctx.pages.post(`/applications/:id${ID}/offer`, MANAGE, async (c) => {
    const t = c.get('t');
    const id = idParam(c);
    const values = await stringValues(c);
    const form = await parseForm(c, offerForm);
    if (!form.ok) return render(c, id, { form: 'offer', values, errors: form.errors, error: form.message }, 400);
    try {
      r.onboarding.offer(c, id, form.data);
    } catch (err) {
      const refused = refusal(err, t);
      return render(c, id, { form: 'offer', values, errors: refused.field ? { [refused.field]: refused.text } : {}, error: refused.text }, refused.status);
    }
    ctx.flash(c, { kind: 'success', text: t('recruiting.onboarding.flash.offered') });
    return c.redirect(`/recruiting/applications/${id}/onboarding`, 303);
  });

  ctx.pages.get(`/applications/:id${ID}/offer-letter.pdf`, MANAGE, async (c) => {
    const t = c.get('t');
    const id = idParam(c);
    const data = r.onboarding.offerLetterData(c, id);
    const body = await renderOfferLetter({ data, company: companyName(ctx, t('core.app.name')), locale: c.get('locale'), timeZone: ctx.config.timezone, t }, pdfFonts());
    ctx.audit(c, { action: 'recruiting.offer.letter', entity: 'recruiting_applications', entityId: id, after: { locale: c.get('locale') } });
    return c.body(new Uint8Array(body), 200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="offer-${id}.pdf"`,
      'cache-control': 'private, no-store',
    });
  });

  ctx.pages.post(`/applications/:id${ID}/hire`, MANAGE, async (c) => {
    const t = c.get('t');
    const id = idParam(c);
    const values = await stringValues(c);
    const form = await parseForm(c, hireForm);
    if (!form.ok) return render(c, id, { form: 'hire', values, errors: form.errors, error: form.message }, 400);
    try {
      r.onboarding.hire(c, id, form.data);
    } catch (err) {
      const refused = refusal(err, t);
      return render(c, id, { form: 'hire', values, errors: refused.field ? { [refused.field]: refused.text } : {}, error: refused.text }, refused.status);
    }
    ctx.flash(c, { kind: 'success', text: t('recruiting.onboarding.flash.hired') });
    return c.redirect(`/recruiting/applications/${id}/onboarding`, 303);
  });

  // One checklist item ticked or unticked: htmx swaps the list, a plain post comes back to the page.
  ctx.pages.post(`/applications/:id${ID}/checklist`, MANAGE, async (c) => {
    const id = idParam(c);
    const form = await parseForm(c, tickForm);
    if (!form.ok) return render(c, id, { ...NO_FORM, error: form.message }, 400);
    try {
      r.onboarding.tick(c, id, form.data.key, form.data.done);
    } catch (err) {
      const refused = refusal(err, c.get('t'));
      return render(c, id, { ...NO_FORM, error: refused.text }, refused.status);
    }
    if (isHtmx(c)) return ctx.render(c, 'onboarding-checklist', pageData(c, id, NO_FORM), { fragment: true });
    return c.redirect(`/recruiting/applications/${id}/onboarding`, 303);
  });
}
