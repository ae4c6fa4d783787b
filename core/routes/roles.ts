/**
 * /admin/roles: built-in roles (read-only) and custom roles composed from the
 * permissions plugins register, each with a record scope. Every write is audited
 * with before/after values.
 */
import { z } from 'zod';
import { route, type HrApp } from '../app.js';
import { ROLE_ID, RoleInUseError, type CustomRole } from '../access/roles.js';
import { audit } from '../audit.js';
import { BUILT_IN_ROLES, ROLE_SCOPE } from '../auth/permissions.js';
import { addFlash } from '../http/flash.js';
import { render } from '../http/render.js';
import { formArray, parseForm } from '../http/validate.js';
import type { Kernel } from '../kernel.js';
import { HttpError, SCOPES, type BuiltInRole, type HrContext, type Permission, type Scope } from '../sdk.js';

const MANAGE = 'core.roles.manage';

const roleForm = z.looseObject({
  id: z.string().trim().optional(),
  name: z.string().trim().min(1).max(50),
  description: z.string().trim().max(200).default(''),
  perm: formArray(z.string().max(200)),
});

/** Registered permissions grouped by the plugin that declares them, labels translated. */
export function permissionGroups(kernel: Kernel, c: HrContext) {
  const t = c.get('t');
  const locale = c.get('locale');
  const groups = new Map<string, { plugin: string; name: string; permissions: { id: Permission; label: string }[] }>();
  for (const def of kernel.permissions.list()) {
    const name = def.plugin === 'core' ? t('core.admin.plugins.core') : (kernel.plugins.find((p) => p.id === def.plugin)?.def.name[locale] ?? def.plugin);
    let group = groups.get(def.plugin);
    if (!group) groups.set(def.plugin, (group = { plugin: def.plugin, name, permissions: [] }));
    group.permissions.push({ id: def.id, label: t(def.label) });
  }
  return [...groups.values()];
}

export function mountRoleRoutes(app: HrApp, kernel: Kernel): void {
  const { sqlite } = kernel.dbh;
  const roles = kernel.roles;
  const log = (c: HrContext, action: string, id: string, before: unknown, after: unknown) =>
    // null becomes SQL NULL (not the JSON text 'null'): no before on create, no after on delete.
    audit(sqlite, c, { action, entity: 'access_roles', entityId: id, before: before ?? undefined, after: after ?? undefined }, kernel.config.trustProxy);

  const builtIns = (c: HrContext) =>
    BUILT_IN_ROLES.map((id) => {
      const grants = roles.grantsOf(id);
      return { id, name: c.get('t')(`core.roles.name.${id}`), scope: ROLE_SCOPE[id as BuiltInRole], permissions: [...grants.permissions].sort(), users: roles.usersWithRole(id) };
    });

  const form = (c: HrContext, data: { role: Partial<CustomRole> & { grants: Record<Permission, Scope> }; mode: 'new' | 'edit' | 'view'; errors?: Record<string, string> }, status = 200) => {
    const t = c.get('t');
    const title = data.mode === 'new' ? t('core.roles.new') : t(data.mode === 'edit' ? 'core.roles.edit' : 'core.roles.view', { name: data.role.name ?? '' });
    return render(kernel, c, 'core/roles-form', { ...data, errors: data.errors ?? {}, groups: permissionGroups(kernel, c), scopes: SCOPES, title }, { title, status });
  };

  /** Validate a posted role; `existing` is the role being edited (null when new). */
  const readRole = async (c: HrContext, existing: CustomRole | null) => {
    const t = c.get('t');
    const parsed = await parseForm(c, roleForm);
    const raw = parsed.ok ? parsed.data : ((await c.req.parseBody().catch(() => ({}))) as Record<string, unknown>);
    const errors: Record<string, string> = parsed.ok ? {} : { ...parsed.errors };
    const grants: Record<Permission, Scope> = {};
    // Ticked boxes are kept when the form comes back with errors, so nothing is lost.
    const perms = parsed.ok ? parsed.data.perm : [raw.perm].flat().filter((p): p is string => typeof p === 'string');
    for (const p of perms) {
      if (!kernel.permissions.list().some((d) => d.id === p)) {
        errors.perm = t('core.roles.error.permission', { permission: p });
        continue;
      }
      const scope = raw[`scope.${p}`];
      grants[p] = (SCOPES as readonly unknown[]).includes(scope) ? (scope as Scope) : 'all';
    }
    const id = existing?.id ?? (typeof raw.id === 'string' ? raw.id.trim() : '');
    if (!existing) {
      if (!ROLE_ID.test(id)) errors.id = t('core.roles.error.id');
      else if (roles.isBuiltIn(id)) errors.id = t('core.roles.error.id_builtin');
      // 'new' is the address of the create form, so a role cannot be called that.
      else if (roles.get(id) || id === 'new') errors.id = t('core.roles.error.id_taken');
    }
    const name = typeof raw.name === 'string' ? raw.name.trim() : '';
    if (parsed.ok && roles.list().some((r) => r.id !== id && r.name.toLowerCase() === name.toLowerCase())) errors.name = t('core.roles.error.name_taken');
    const role = { id, name, description: typeof raw.description === 'string' ? raw.description.trim() : '', grants };
    return { role, errors, ok: parsed.ok && Object.keys(errors).length === 0 };
  };

  route(app, kernel, 'core', 'get', '/admin/roles', MANAGE, async (c) => {
    const custom = roles.list().map((r) => ({ ...r, users: roles.usersWithRole(r.id), count: Object.keys(r.grants).length }));
    return render(kernel, c, 'core/roles-list', { builtIns: builtIns(c), custom }, { title: c.get('t')('core.roles.title') });
  });

  route(app, kernel, 'core', 'get', '/admin/roles/new', MANAGE, (c) => form(c, { role: { grants: {} }, mode: 'new' }));

  route(app, kernel, 'core', 'post', '/admin/roles', MANAGE, async (c) => {
    const { role, errors, ok } = await readRole(c, null);
    if (!ok) return form(c, { role, mode: 'new', errors }, 400);
    roles.save(role);
    log(c, 'core.roles.create', role.id, null, role);
    addFlash(c, { kind: 'success', text: c.get('t')('core.roles.created', { name: role.name }) });
    return c.redirect('/admin/roles', 303);
  });

  route(app, kernel, 'core', 'get', '/admin/roles/:id', MANAGE, (c) => {
    const id = c.req.param('id') ?? '';
    if (roles.isBuiltIn(id)) {
      const grants = roles.grantsOf(id);
      return form(c, { role: { id, name: c.get('t')(`core.roles.name.${id}`), grants: Object.fromEntries(grants.scopes) }, mode: 'view' });
    }
    const role = roles.get(id);
    if (!role) throw new HttpError(404, 'core.error.404.body');
    return form(c, { role, mode: 'edit' });
  });

  route(app, kernel, 'core', 'post', '/admin/roles/:id', MANAGE, async (c) => {
    const existing = roles.get(c.req.param('id') ?? '');
    if (!existing) throw new HttpError(404, 'core.error.404.body');
    const { role, errors, ok } = await readRole(c, existing);
    if (!ok) return form(c, { role, mode: 'edit', errors }, 400);
    const before = roles.save(role);
    log(c, 'core.roles.update', role.id, before && { name: before.name, description: before.description, grants: before.grants }, role);
    addFlash(c, { kind: 'success', text: c.get('t')('core.roles.saved', { name: role.name }) });
    return c.redirect('/admin/roles', 303);
  });

  route(app, kernel, 'core', 'post', '/admin/roles/:id/delete', MANAGE, async (c) => {
    const t = c.get('t');
    const id = c.req.param('id') ?? '';
    const existing = roles.get(id);
    if (!existing) throw new HttpError(404, 'core.error.404.body');
    try {
      const before = roles.remove(id);
      log(c, 'core.roles.delete', id, before && { name: before.name, description: before.description, grants: before.grants }, null);
      addFlash(c, { kind: 'success', text: t('core.roles.deleted', { name: existing.name }) });
    } catch (err) {
      if (!(err instanceof RoleInUseError)) throw err;
      addFlash(c, { kind: 'error', text: t('core.roles.in_use', { name: existing.name, count: err.users }) });
    }
    return c.redirect('/admin/roles', 303);
  });
}
