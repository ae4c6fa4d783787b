/**
 * What the people pages share: permission ids, "may this user see that
 * employee" (404 when not, so a URL does not tell whether someone exists),
 * translating service errors, and rendering a core view to a string.
 */
import { can } from '../../auth/permissions.js';
import type { Kernel } from '../../kernel.js';
import { AUTHENTICATED, HttpError, type HrContext, type Permission, type Scope, type SessionUser } from '../../sdk.js';
import { formatHelpers } from '../../views/page.js';
import type { Employee } from '../queries.js';

export const VIEW = 'core.people.view';
export const MANAGE = 'core.people.manage';
export const SENSITIVE = 'core.people.sensitive';
export const EXPORT = 'core.people.export';

export function currentUser(c: HrContext): SessionUser {
  const user = c.get('user');
  if (!user) throw new HttpError(401, 'core.error.401.body');
  return user;
}

/** The scope the user holds `permission` with, or undefined when they do not hold it. */
export function scopeOf(user: SessionUser, permission: Permission): Scope | undefined {
  if (!can(user.permissions, permission)) return undefined;
  return user.scopes.get(permission) ?? (user.role === 'admin' ? 'all' : undefined);
}

/** Holds `permission` with a scope that reaches employee `id`. */
export function reaches(kernel: Kernel, user: SessionUser, permission: Permission, id: number): boolean {
  if (permission === AUTHENTICATED) return true;
  const scope = scopeOf(user, permission);
  return !!scope && kernel.people.service.scopes.canSee(user, scope, id);
}

/** The numeric `:id` of the URL, or 404. */
export function idParam(c: HrContext): number {
  const id = Number(c.req.param('id'));
  if (!Number.isSafeInteger(id) || id < 1) throw new HttpError(404, 'core.people.error.employee_not_found');
  return id;
}

/** The employee if the user's scope for `permission` reaches them; 404 otherwise (also when they do not exist). */
export function visibleEmployee(kernel: Kernel, c: HrContext, id: number, permission: Permission = VIEW): Employee {
  const user = currentUser(c);
  const employee = reaches(kernel, user, permission, id) ? kernel.people.service.employees.get(id) : null;
  if (!employee) throw new HttpError(404, 'core.people.error.employee_not_found');
  return employee;
}

/** A core view rendered to a string with the format helpers (for panels built outside a page). */
export function renderCoreView(kernel: Kernel, c: HrContext, view: string, data: Record<string, unknown>): Promise<string> {
  return kernel.views.renderString(c.get('theme'), `core/${view}`, {
    ...data,
    ...formatHelpers(c.get('locale'), c.get('t'), kernel.config.timezone),
    csrfToken: c.get('csrfToken'),
  });
}
