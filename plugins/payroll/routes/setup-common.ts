/** Helpers shared by the setup pages (routes/setup*.ts). */
import { HttpError, z, type Access, type HrContext } from '../../../core/sdk.js';

/** Every setup page: HR with payroll.manage over everyone. */
export const MANAGE: Access = { permission: 'payroll.manage', scope: 'all' };

export type Values = Record<string, unknown>;
export type Errors = Record<string, string>;

const idParam = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** A path parameter that must be an id: anything else is a 404. */
export function idOr404(c: HrContext, name = 'id'): number {
  const id = idParam.safeParse(c.req.param(name));
  if (!id.success) throw new HttpError(404, 'payroll.error.notFound');
  return id.data;
}

/** The posted form as strings (repeated fields as arrays), to put back into the form after an error. */
export async function formValues(c: HrContext): Promise<Values> {
  const body = await c.req.parseBody({ all: true });
  const out: Values = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === '_csrf') continue;
    if (typeof value === 'string') out[key] = value;
    else if (Array.isArray(value)) out[key] = value.filter((v): v is string => typeof v === 'string');
  }
  return out;
}

/**
 * A service refusal (HttpError 4xx) as a message on the form: its field (via
 * `fieldOf`, which maps service paths to form field names) or the whole form.
 * Anything else is rethrown.
 */
export function refusal(c: HrContext, err: unknown, fieldOf: (path: string) => string = (p) => p): { errors: Errors; status: number } {
  if (!(err instanceof HttpError) || err.status >= 500) throw err;
  const text = c.get('t')(err.messageKey, err.params);
  const path = typeof err.params?.field === 'string' ? fieldOf(err.params.field) : '';
  return { errors: path ? { [path]: text, _form: text } : { _form: text }, status: err.status };
}
