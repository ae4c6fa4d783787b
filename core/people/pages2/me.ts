/**
 * Self-service (every signed-in user):
 *
 * GET  /me            my profile (the employee linked to my account), my change requests,
 *                     links to password, sessions, tokens, and the language/theme form;
 *                     a friendly empty state when no employee is linked
 * POST /me/requests   ask HR to change my contact fields (mobile, e-mail, emergency contact)
 *
 * The ID number is shown masked only; there is no reveal here.
 */
import { route, type HrApp } from '../../app.js';
import { addFlash } from '../../http/flash.js';
import { render } from '../../http/render.js';
import { parseForm } from '../../http/validate.js';
import type { Kernel } from '../../kernel.js';
import { AUTHENTICATED, HttpError, type HrContext } from '../../sdk.js';
import { CONTACT_FIELDS, contactChangeSchema } from '../input.js';
import { explain } from './shared.js';

export function mountSelfService(app: HrApp, kernel: Kernel): void {
  const people = kernel.people.service;

  const page = (c: HrContext, extra: { errors?: Record<string, string>; values?: Record<string, unknown>; message?: string } = {}, status = 200) => {
    const t = c.get('t');
    const user = c.get('user')!;
    const employee = user.employeeId == null ? null : people.employees.get(user.employeeId);
    const requests = employee ? people.changeRequests.list({ employeeIds: [employee.id] }) : [];
    // Never cached: the page shows personal data.
    c.header('Cache-Control', 'no-store');
    return render(
      kernel,
      c,
      'core/people-me',
      {
        employee,
        requests,
        fields: CONTACT_FIELDS,
        errors: extra.errors ?? {},
        values: extra.values ?? (employee ? Object.fromEntries(CONTACT_FIELDS.map((f) => [f, employee[f] ?? ''])) : {}),
        message: extra.message ?? null,
      },
      { title: t('core.people.me.title'), status },
    );
  };

  route(app, kernel, 'core', 'get', '/me', AUTHENTICATED, (c) => page(c));

  route(app, kernel, 'core', 'post', '/me/requests', AUTHENTICATED, async (c) => {
    const t = c.get('t');
    const user = c.get('user')!;
    if (user.employeeId == null) throw new HttpError(404, 'core.people.me.no_employee');
    const type = c.req.header('content-type') ?? '';
    const values = type.includes('form') ? { ...(await c.req.parseBody()) } : {};
    delete values._csrf;
    const form = await parseForm(c, contactChangeSchema);
    if (!form.ok) return page(c, { errors: form.errors, values, message: form.message }, 400);
    try {
      const made = people.changeRequests.request(user.employeeId, form.data, user.id, c);
      addFlash(c, made ? { kind: 'success', text: t('core.people.me.requested') } : { kind: 'info', text: t('core.people.me.unchanged') });
      return c.redirect('/me', 303);
    } catch (err) {
      const e = explain(t, err);
      return page(c, { errors: e.errors, values, message: e.message }, e.status);
    }
  });
}
