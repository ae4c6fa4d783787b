/**
 * HR review of self-service change requests (core.people.requests):
 *
 * GET  /people/requests               pending first, then decided; each with its changes from → to
 * POST /people/requests/:id/decide    decision (approved | rejected) and an optional note;
 *                                     the service applies an approved change and audits
 *
 * A role holding the permission with a narrower scope sees and decides only
 * requests of the people its scope reaches.
 */
import { z } from 'zod';
import { route, type HrApp } from '../../app.js';
import { addFlash } from '../../http/flash.js';
import { render } from '../../http/render.js';
import { parseForm } from '../../http/validate.js';
import type { Kernel } from '../../kernel.js';
import { HttpError, type HrContext } from '../../sdk.js';
import { explain, idParam } from './shared.js';

const REQUESTS = 'core.people.requests';
const DECIDED_SHOWN = 50;

const decideSchema = z.object({
  decision: z.enum(['approved', 'rejected']),
  note: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().max(500).optional()),
});

export function mountRequestReview(app: HrApp, kernel: Kernel): void {
  const people = kernel.people.service;

  /** The employee ids the reviewer's scope reaches; undefined for everyone. */
  const reach = (c: HrContext): number[] | undefined => {
    const user = c.get('user')!;
    const scope = user.scopes.get(REQUESTS) ?? 'self';
    return scope === 'all' ? undefined : people.scopes.visibleEmployeeIds(user, scope);
  };

  const page = (c: HrContext, problem: { id: number; message: string; errors: Record<string, string> } | null = null, status = 200) => {
    const employeeIds = reach(c);
    const all = people.changeRequests.list(employeeIds ? { employeeIds } : {});
    const pending = all.filter((r) => r.status === 'pending').reverse();
    const decided = all.filter((r) => r.status !== 'pending').slice(0, DECIDED_SHOWN);
    return render(kernel, c, 'core/people-requests', { pending, decided, problem }, { title: c.get('t')('core.people.review.title'), status });
  };

  route(app, kernel, 'core', 'get', '/people/requests', REQUESTS, (c) => page(c));

  route(app, kernel, 'core', 'post', '/people/requests/:id/decide', REQUESTS, async (c) => {
    const t = c.get('t');
    const user = c.get('user')!;
    const id = idParam(c);
    const request = people.changeRequests.get(id);
    const employeeIds = reach(c);
    if (!request || (employeeIds && !employeeIds.includes(request.employeeId))) throw new HttpError(404, 'core.people.error.change_request_not_found');
    const form = await parseForm(c, decideSchema);
    if (!form.ok) return page(c, { id, message: form.message, errors: form.errors }, 400);
    try {
      people.changeRequests.decide(id, form.data.decision, user.id, form.data.note ?? null, c);
    } catch (err) {
      const e = explain(t, err);
      return page(c, { id, message: e.message, errors: e.errors }, e.status);
    }
    const name = people.employees.get(request.employeeId)?.name ?? '';
    addFlash(c, { kind: 'success', text: t(form.data.decision === 'approved' ? 'core.people.review.approved' : 'core.people.review.rejected', { name }) });
    return c.redirect('/people/requests', 303);
  });
}
