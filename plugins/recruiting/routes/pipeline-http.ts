/**
 * What the recruiting page routes share: access declarations, numeric id parameters, htmx
 * detection and turning a service refusal into a message shown in place.
 */
import { HttpError, type HrContext, type Translate } from '../../../core/sdk.js';

export const SCREEN = 'recruiting.screen';
export const MANAGE = { permission: 'recruiting.manage', scope: 'all' } as const;
/** Numeric ids only, so `/jobs/new` and friends of other pages never reach these handlers. */
export const ID = '{[0-9]+}';

export function isHtmx(c: HrContext): boolean {
  return c.req.header('hx-request') === 'true';
}

/** The numeric route parameter (the path pattern already allows digits only). */
export function idParam(c: HrContext, name = 'id'): number {
  const id = Number(c.req.param(name));
  if (!Number.isSafeInteger(id) || id <= 0) throw new HttpError(404, 'recruiting.error.notFound');
  return id;
}

/** A service refusal a person should read (4xx), or rethrow. */
export function refusal(err: unknown, t: Translate): { status: number; text: string; field: string | null } {
  if (!(err instanceof HttpError) || err.status >= 500) throw err;
  const field = (err as { field?: unknown }).field ?? err.params?.field;
  return { status: err.status, text: t(err.messageKey, err.params), field: typeof field === 'string' ? field : null };
}
