/**
 * Erasure on request, from the candidate page (HR only): a confirmation step that says what
 * goes and what stays and asks for the reason, then the erase itself (services/erasure.ts).
 * A plain form: it works without JavaScript. Problems come back on the same page, in place.
 *
 *   GET  /recruiting/candidates/:id/erase   the confirmation step (an erased candidate: back to their page)
 *   POST /recruiting/candidates/:id/erase   reason → erase → the candidate page in its erased state
 */
import { parseForm, z, type HrContext, type PluginContext } from '../../../core/sdk.js';
import type { Recruiting } from '../services/index.js';
import type { RecruitingSettings } from '../settings.js';
import { ID, MANAGE, idParam, refusal } from './pipeline-http.js';
import { candidateLabel } from './pipeline-view.js';

const REASON_KEY = 'recruiting.erasure.error.reason';
const eraseForm = z.object({
  reason: z.preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string().min(1, REASON_KEY).max(500, REASON_KEY)),
});

export function registerCandidateErasurePages(ctx: PluginContext<RecruitingSettings>, r: Recruiting): void {
  const renderConfirm = async (c: HrContext, id: number, form: { reason: string; error: string | null }, status = 200) => {
    const t = c.get('t');
    // 404 for an unknown candidate, as on their page.
    const candidate = r.candidates.get(c, id);
    const state = r.erasure.status(id);
    if (state.erasedAt && status === 200) return c.redirect(`/recruiting/candidates/${id}`, 303);
    const active = r.applications.ofCandidate(c, id).filter((a) => a.status === 'active').length;
    return ctx.render(
      c,
      'candidate-erase',
      {
        candidate: { id: candidate.id, inPool: candidate.inPool },
        label: candidateLabel(candidate, t),
        active,
        hired: state.hired ? { employeeId: state.employeeId } : null,
        form,
      },
      { title: t('recruiting.erasure.title'), status },
    );
  };

  ctx.pages.get(`/candidates/:id${ID}/erase`, MANAGE, (c) => renderConfirm(c, idParam(c), { reason: '', error: null }));

  ctx.pages.post(`/candidates/:id${ID}/erase`, MANAGE, async (c) => {
    const t = c.get('t');
    const id = idParam(c);
    const body = await c.req.parseBody();
    const reason = typeof body.reason === 'string' ? body.reason : '';
    const form = await parseForm(c, eraseForm);
    if (!form.ok) return renderConfirm(c, id, { reason, error: form.errors.reason ?? form.message }, 400);
    try {
      const done = r.erasure.erase(c, id, form.data);
      const text = done.repeated
        ? t('recruiting.erasure.flash.repeated')
        : done.filesPending
          ? t('recruiting.erasure.flash.pending', { n: done.filesPending })
          : t('recruiting.erasure.flash.done');
      ctx.flash(c, { kind: done.filesPending ? 'warning' : 'success', text });
      return c.redirect(`/recruiting/candidates/${id}`, 303);
    } catch (err) {
      const refused = refusal(err, t);
      return renderConfirm(c, id, { reason, error: refused.text }, refused.status);
    }
  });
}
