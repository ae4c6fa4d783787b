/**
 * Custom roles and the grants every role resolves to.
 *
 * A built-in role's grants come from the permission registry (what plugins
 * declared); a custom role's from `access_roles`. Grants are cached per role
 * because every request needs them; saving or deleting a role drops its entry.
 * Permissions of plugins that are switched off are left out, so re-enabling a
 * plugin brings a role's grants back unchanged.
 */
import type Database from 'better-sqlite3';
import { BUILT_IN_ROLES, type PermissionRegistry } from '../auth/permissions.js';
import { prepared } from '../db/statements.js';
import { SCOPES, type Permission, type Scope } from '../sdk.js';

export interface Grants {
  permissions: ReadonlySet<Permission>;
  scopes: ReadonlyMap<Permission, Scope>;
}

export interface CustomRole {
  id: string;
  name: string;
  description: string;
  grants: Record<Permission, Scope>;
  createdAt: number;
  updatedAt: number;
}

/** Slugs of custom roles: short, URL-safe, never a built-in role's name. */
export const ROLE_ID = /^[a-z][a-z0-9-]{1,31}$/;

const EMPTY: Grants = { permissions: new Set(), scopes: new Map() };

interface Row {
  id: string;
  name: string;
  description: string;
  grants: string;
  created_at: number;
  updated_at: number;
}

function fromRow(row: Row): CustomRole {
  let grants: Record<string, Scope> = {};
  try {
    const parsed = JSON.parse(row.grants) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) grants = parsed as Record<string, Scope>;
  } catch {
    // A damaged row grants nothing rather than taking every request down.
  }
  return { id: row.id, name: row.name, description: row.description, grants, createdAt: row.created_at, updatedAt: row.updated_at };
}

export class RoleInUseError extends Error {
  override name = 'RoleInUseError';
  constructor(readonly users: number) {
    super(`role is held by ${users} user(s)`);
  }
}

export function createRoleStore(sqlite: Database.Database, registry: PermissionRegistry) {
  const cache = new Map<string, Grants>();

  const get = (id: string): CustomRole | null => {
    const row = prepared(sqlite, 'SELECT * FROM access_roles WHERE id = ?').get(id) as Row | undefined;
    return row ? fromRow(row) : null;
  };

  const usersWithRole = (id: string): number =>
    (prepared(sqlite, 'SELECT count(*) AS n FROM core_users WHERE role = ?').get(id) as { n: number }).n;
  const isBuiltIn = (id: string): boolean => (BUILT_IN_ROLES as readonly string[]).includes(id);

  const resolve = (role: string): Grants => {
    if (isBuiltIn(role)) {
      return { permissions: registry.forRole(role), scopes: registry.scopesForRole(role) };
    }
    const custom = get(role);
    if (!custom) return EMPTY;
    const scopes = new Map<Permission, Scope>();
    for (const [permission, scope] of Object.entries(custom.grants)) {
      if (registry.has(permission) && (SCOPES as readonly string[]).includes(scope)) scopes.set(permission, scope);
    }
    return { permissions: new Set(scopes.keys()), scopes };
  };

  return {
    /** What users of `role` may do (empty for a role that no longer exists). */
    grantsOf(role: string): Grants {
      let grants = cache.get(role);
      if (!grants) cache.set(role, (grants = resolve(role)));
      return grants;
    },
    /** Forget cached grants: of one role, or of all (after plugins change). */
    invalidate(role?: string): void {
      if (role === undefined) cache.clear();
      else cache.delete(role);
    },
    isBuiltIn,
    /** Whether `id` names a role a user may be given (built-in or custom). */
    exists(id: string): boolean {
      return isBuiltIn(id) || get(id) !== null;
    },
    list(): CustomRole[] {
      return (prepared(sqlite, 'SELECT * FROM access_roles ORDER BY name').all() as Row[]).map(fromRow);
    },
    get,
    usersWithRole,
    /** Insert or update; returns the role before the write (null when new). */
    save(role: { id: string; name: string; description: string; grants: Record<Permission, Scope> }): CustomRole | null {
      const before = get(role.id);
      const now = Date.now();
      if (before) {
        prepared(sqlite, 'UPDATE access_roles SET name = ?, description = ?, grants = ?, updated_at = ? WHERE id = ?').run(
          role.name,
          role.description,
          JSON.stringify(role.grants),
          now,
          role.id,
        );
      } else {
        prepared(sqlite, 'INSERT INTO access_roles (id, name, description, grants, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(
          role.id,
          role.name,
          role.description,
          JSON.stringify(role.grants),
          now,
          now,
        );
      }
      cache.delete(role.id);
      return before;
    },
    /** Delete a role nobody holds; refused with RoleInUseError otherwise. */
    remove(id: string): CustomRole | null {
      return sqlite.transaction(() => {
        const before = get(id);
        if (!before) return null;
        const users = usersWithRole(id);
        if (users > 0) throw new RoleInUseError(users);
        prepared(sqlite, 'DELETE FROM access_roles WHERE id = ?').run(id);
        cache.delete(id);
        return before;
      }).immediate();
    },
  };
}

export type RoleStore = ReturnType<typeof createRoleStore>;
