/**
 * Errors a person should read. An HttpError, so a handler that lets one escape
 * gets the right status and a translated page; `field` says which form field
 * it belongs to, so a form can show it in place instead.
 */
import { HttpError } from '../sdk.js';

export class PeopleError extends HttpError {
  constructor(
    status: 400 | 404 | 409,
    /** i18n key, `core.people.error.*`. */
    messageKey: string,
    /** The input field it concerns (`employeeNo`, `idNumber`, `parentId`…), if one. */
    readonly field?: string,
    params?: Record<string, string | number>,
  ) {
    super(status, messageKey, params);
    this.name = 'PeopleError';
  }
}

/** Input that failed validation: field → i18n key, as `parseForm` would report it. */
export class PeopleValidationError extends PeopleError {
  constructor(readonly errors: Record<string, string>) {
    super(400, Object.values(errors)[0] ?? 'core.people.error.invalid', Object.keys(errors)[0]);
    this.name = 'PeopleValidationError';
  }
}

export const notFound = (what: 'employee' | 'department' | 'position' | 'change_request', field?: string) =>
  new PeopleError(404, `core.people.error.${what}_not_found`, field);

/** SQLite's UNIQUE failure, e.g. from a concurrent insert that slipped past a pre-check. */
export function isUniqueViolation(err: unknown, column?: string): boolean {
  const e = err as { code?: string; message?: string };
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' && (!column || (e.message ?? '').includes(column));
}

/** The data of a successful zod parse, or a PeopleValidationError keyed by top-level field. */
export function parseOrThrow<T>(
  result: { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } },
): T {
  if (result.success) return result.data;
  const errors: Record<string, string> = {};
  for (const i of result.error.issues) errors[String(i.path[0] ?? '_form')] ??= i.message;
  throw new PeopleValidationError(errors);
}
