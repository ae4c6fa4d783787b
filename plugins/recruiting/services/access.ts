/**
 * Who may do what in recruiting, decided in one place.
 *
 * - `recruiting.manage` (HR): everything, identities and contact details included.
 * - `recruiting.screen` (HR, managers): pipelines of the jobs they reach. A *screener* holds
 *   it without `recruiting.manage`: never contact details, and on a blind job no name,
 *   gender, age, photo or school (services/views.ts applies that).
 * - Reach: `recruiting.manage` or `recruiting.screen` at scope `all` reaches every job; a
 *   narrower scope reaches the jobs of the screener's own department and the departments
 *   they head, each with its sub-departments. A job without a department needs `all`.
 *
 * Services take the request (`HrContext`) or null. Null is the system itself (scheduled
 * jobs, the command line, tests of the services): it may do everything. A request without
 * a signed-in user (the careers page) may apply and nothing else.
 */
import { HttpError, type HrContext, type PluginContext, type Scope, type SessionUser } from '../../../core/sdk.js';

export const MANAGE = 'recruiting.manage';
export const SCREEN = 'recruiting.screen';
export const REQUISITION = 'recruiting.requisition';
export const APPROVE = 'recruiting.approve';
export const INTAKE = 'recruiting.intake';

export interface Viewer {
  user: SessionUser | null;
  /** True for calls without a request (jobs, CLI): every permission. */
  system: boolean;
}

export const SYSTEM: Viewer = Object.freeze({ user: null, system: true });

export function viewerOf(c: HrContext | null): Viewer {
  if (c === null) return SYSTEM;
  return { user: c.get('user') ?? null, system: false };
}

export function has(viewer: Viewer, permission: string): boolean {
  return viewer.system || !!viewer.user?.permissions.has(permission);
}

export function scopeOf(viewer: Viewer, permission: string): Scope | null {
  if (viewer.system) return 'all';
  return viewer.user?.scopes.get(permission) ?? null;
}

export const canManage = (viewer: Viewer): boolean => has(viewer, MANAGE);

/** Holds recruiting.screen but not recruiting.manage: the blind and contact rules apply. */
export const isScreener = (viewer: Viewer): boolean => !canManage(viewer) && has(viewer, SCREEN);

/** The id of the acting user for activities and `*_by` columns (null for the system). */
export const actorId = (viewer: Viewer): number | null => viewer.user?.id ?? null;

export function forbidden(): HttpError {
  return new HttpError(403, 'recruiting.error.forbidden');
}

export function requirePermission(viewer: Viewer, permission: string): void {
  if (!has(viewer, permission)) throw forbidden();
}

/** Departments a user reaches below scope `all`: their own and those they head, with sub-departments. */
export function reachableDepartments(ctx: PluginContext<unknown>, user: SessionUser): Set<number> {
  const departments = ctx.people.departments();
  const roots = new Set<number>();
  if (user.employeeId !== null) {
    const own = ctx.people.employees.get(user.employeeId)?.departmentId;
    if (own != null) roots.add(own);
    for (const d of departments) if (d.managerEmployeeId === user.employeeId) roots.add(d.id);
  }
  const children = new Map<number, number[]>();
  for (const d of departments) if (d.parentId !== null) children.set(d.parentId, [...(children.get(d.parentId) ?? []), d.id]);
  const out = new Set<number>();
  const stack = [...roots];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

/**
 * Which jobs a viewer reaches for `permission` (screen by default): 'all', or the department
 * ids (jobs of other departments, and jobs without one, are out of reach).
 */
export function jobReach(ctx: PluginContext<unknown>, viewer: Viewer, permission: string = SCREEN): 'all' | Set<number> {
  if (canManage(viewer)) return 'all';
  const scope = scopeOf(viewer, permission);
  if (scope === null || !viewer.user) return new Set();
  if (scope === 'all') return 'all';
  return reachableDepartments(ctx, viewer.user);
}

export function reaches(reach: 'all' | Set<number>, departmentId: number | null): boolean {
  return reach === 'all' || (departmentId !== null && reach.has(departmentId));
}
