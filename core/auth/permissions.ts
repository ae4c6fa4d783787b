/**
 * Roles and permissions. Plugins register permissions with the built-in roles
 * that hold them by default; admin holds every permission.
 */
import type { BuiltInRole, MenuItemDef, Permission, PermissionDef, Scope } from '../sdk.js';
import { AUTHENTICATED, PUBLIC } from '../sdk.js';

export const BUILT_IN_ROLES: readonly BuiltInRole[] = ['admin', 'hr', 'manager', 'employee'];

/** Default record scope of each built-in role. */
export const ROLE_SCOPE: Record<BuiltInRole, Scope> = { admin: 'all', hr: 'all', manager: 'team', employee: 'self' };

/** Core's own permissions. */
export const CORE_PERMISSIONS: PermissionDef[] = [
  { id: 'core.admin', label: 'core.permission.admin', roles: ['admin'] },
  { id: 'core.audit.view', label: 'core.permission.audit_view', roles: ['admin'] },
];

/** Core's own menu: the admin pages. */
export const CORE_MENU: MenuItemDef[] = [
  { id: 'admin-plugins', section: 'settings', label: 'core.admin.plugins.title', href: '/admin/plugins', permission: 'core.admin', order: 900, icon: '🧩' },
  { id: 'admin-jobs', section: 'settings', label: 'core.admin.jobs.title', href: '/admin/jobs', permission: 'core.admin', order: 910, icon: '⏱' },
  { id: 'admin-outbox', section: 'settings', label: 'core.admin.outbox.title', href: '/admin/outbox', permission: 'core.admin', order: 920, icon: '📮' },
  { id: 'admin-routes', section: 'settings', label: 'core.admin.routes.title', href: '/admin/routes', permission: 'core.admin', order: 930, icon: '🗺' },
];

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
