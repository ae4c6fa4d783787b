/**
 * Roles and permissions. Plugins register permissions with the built-in roles
 * that hold them by default; admin holds every permission.
 */
import type { Access, BuiltInRole, MenuItemDef, Permission, PermissionDef, Scope } from '../sdk.js';
import { AUTHENTICATED, PUBLIC, SCOPES } from '../sdk.js';

export const BUILT_IN_ROLES: readonly BuiltInRole[] = ['admin', 'hr', 'manager', 'employee'];

/** Default record scope of each built-in role. */
export const ROLE_SCOPE: Record<BuiltInRole, Scope> = { admin: 'all', hr: 'all', manager: 'team', employee: 'self' };

/** Core's own permissions. */
export const CORE_PERMISSIONS: PermissionDef[] = [
  { id: 'core.admin', label: 'core.permission.admin', roles: ['admin'] },
  { id: 'core.audit.view', label: 'core.permission.audit_view', roles: ['admin'] },
  { id: 'core.users.manage', label: 'core.permission.users_manage', roles: ['admin'] },
  { id: 'core.roles.manage', label: 'core.permission.roles_manage', roles: ['admin'] },
];

/** Core's own menu: the admin pages. */
export const CORE_MENU: MenuItemDef[] = [
  { id: 'account', section: 'self', label: 'core.account.title', href: '/account', permission: AUTHENTICATED, order: 980, icon: '🔒' },
  { id: 'admin-users', section: 'settings', label: 'core.users.title', href: '/admin/users', permission: 'core.users.manage', order: 880, icon: '👤' },
  { id: 'admin-plugins', section: 'settings', label: 'core.admin.plugins.title', href: '/admin/plugins', permission: 'core.admin', order: 900, icon: '🧩' },
  { id: 'admin-ai', section: 'settings', label: 'core.ai.admin.title', href: '/admin/ai', permission: 'core.admin', order: 905, icon: '✨' },
  { id: 'admin-jobs', section: 'settings', label: 'core.admin.jobs.title', href: '/admin/jobs', permission: 'core.admin', order: 910, icon: '⏱' },
  { id: 'admin-outbox', section: 'settings', label: 'core.admin.outbox.title', href: '/admin/outbox', permission: 'core.admin', order: 920, icon: '📮' },
  { id: 'admin-routes', section: 'settings', label: 'core.admin.routes.title', href: '/admin/routes', permission: 'core.admin', order: 930, icon: '🗺' },
  { id: 'admin-audit', section: 'settings', label: 'core.audit.title', href: '/admin/audit', permission: 'core.audit.view', order: 935, icon: '📜' },
  { id: 'admin-roles', section: 'settings', label: 'core.roles.title', href: '/admin/roles', permission: 'core.roles.manage', order: 940, icon: '🛡' },
  { id: 'account-tokens', section: 'self', label: 'core.tokens.title', href: '/account/tokens', permission: AUTHENTICATED, order: 990, icon: '🔑' },
];

/** `held` reaches at least as far as `needed` (self < team < department < all). */
export function scopeCovers(held: Scope | undefined, needed: Scope | undefined): boolean {
  if (!needed) return true;
  if (!held) return false;
  return SCOPES.indexOf(held) >= SCOPES.indexOf(needed);
}

/** A route's access as a permission and an optional minimum scope; a bad scope is refused. */
export function normalizeAccess(access: Access): { permission: Permission; scope?: Scope } {
  if (typeof access === 'string') return { permission: access };
  if (!access || typeof access.permission !== 'string') throw new Error('route access must be a permission or { permission, scope }');
  if (!(SCOPES as readonly string[]).includes(access.scope)) throw new Error(`scope "${String(access.scope)}" is not one of ${SCOPES.join(', ')}`);
  if (access.permission === PUBLIC || access.permission === AUTHENTICATED) throw new Error(`"${access.permission}" routes cannot require a scope`);
  return { permission: access.permission, scope: access.scope };
}

export class PermissionRegistry {
  private readonly defs = new Map<Permission, PermissionDef & { plugin: string }>();

  add(plugin: string, def: PermissionDef): void {
    if (def.id === PUBLIC || def.id === AUTHENTICATED) throw new Error(`"${def.id}" is reserved and cannot be registered as a permission.`);
    const existing = this.defs.get(def.id);
    if (existing) throw new Error(`Permission "${def.id}" is registered twice (by ${existing.plugin} and ${plugin}).`);
    this.defs.set(def.id, { ...def, plugin });
  }

  remove(plugin: string): void {
    for (const [id, def] of this.defs) if (def.plugin === plugin) this.defs.delete(id);
  }

  has(id: Permission): boolean {
    return id === PUBLIC || id === AUTHENTICATED || this.defs.has(id);
  }

  list(): (PermissionDef & { plugin: string })[] {
    return [...this.defs.values()];
  }

  /** The scope a built-in role holds its permissions with: its own records, its team, or all. */
  scopesForRole(role: string): Map<Permission, Scope> {
    const scope = ROLE_SCOPE[role as BuiltInRole] ?? 'self';
    return new Map([...this.forRole(role)].map((p) => [p, scope]));
  }

  forRole(role: string): Set<Permission> {
    if (role === 'admin') return new Set(this.defs.keys());
    return new Set([...this.defs.values()].filter((d) => d.roles?.includes(role as BuiltInRole)).map((d) => d.id));
  }
}

export function can(permissions: ReadonlySet<Permission> | null, permission: Permission): boolean {
  if (permission === PUBLIC) return true;
  if (!permissions) return false;
  if (permission === AUTHENTICATED) return true;
  return permissions.has(permission);
}
