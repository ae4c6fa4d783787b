/** Small helpers shared by the org chart, departments, self-service and review pages. */
import { HttpError, type HrContext, type Translate } from '../../sdk.js';
import { PeopleError, PeopleValidationError } from '../errors.js';
import { translateErrors } from '../../http/validate.js';

/** A service refusal as something a page can show: a sentence, field errors, and the status to answer with. */
export function explain(t: Translate, err: unknown): { message: string; errors: Record<string, string>; status: number } {
  if (err instanceof PeopleValidationError) return { message: t('core.validation.summary'), errors: translateErrors(t, err.errors), status: 400 };
  if (err instanceof PeopleError) {
    const message = t(err.messageKey, err.params);
    return { message, errors: err.field ? { [err.field]: message } : {}, status: err.status };
  }
  throw err;
}

/** A positive integer route parameter, or 404. */
export function idParam(c: HrContext, name = 'id'): number {
  const id = Number(c.req.param(name));
  if (!Number.isSafeInteger(id) || id <= 0) throw new HttpError(404, 'core.error.404.body');
  return id;
}

/** Asked by htmx for a fragment (not a boosted page or a history restore). */
export function wantsFragment(c: HrContext): boolean {
  return c.req.header('hx-request') === 'true' && c.req.header('hx-boosted') !== 'true' && c.req.header('hx-history-restore-request') !== 'true';
}
