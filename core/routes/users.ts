/**
 * Users admin: list, create, change role, deactivate/reactivate, unlock, and
 * issue one-time reset links. Every write is audited with before/after values
 * (never a password or its hash).
 */
import { z } from 'zod';
import { route, type HrApp } from '../app.js';
import { audit } from '../audit.js';
import { accountLockedUntil, unlockAccount } from '../auth/login.js';
import { checkPasswordPolicy, hashPassword } from '../auth/passwords.js';
import { BUILT_IN_ROLES } from '../auth/permissions.js';
import { issueResetToken, pendingResetExpiry } from '../auth/reset.js';
import { invalidateUserSessions, listUserSessions } from '../auth/sessions.js';
import { addFlash } from '../http/flash.js';
import { render } from '../http/render.js';
import { parseForm, parseQuery } from '../http/validate.js';
import type { Kernel } from '../kernel.js';
import { formatMoment } from './index.js';
import { HttpError, type AuditEntry, type HrContext } from '../sdk.js';

const MANAGE = 'core.users.manage';
const PAGE_SIZE = 50;

interface UserRow {
  id: number;
  login: string;
  name: string;
  role: string;
  active: number;
  lastLoginAt: number | null;
  createdAt: number;
}
const COLUMNS = 'id, login, name, role, active, last_login_at AS lastLoginAt, created_at AS createdAt';

/** What the audit log keeps of a user: no password hash, ever. */
const auditView = (u: UserRow) => ({ login: u.login, name: u.name, role: u.role, active: !!u.active });

/** Roles change while the suite runs (custom roles), so the list is read per request. */
const roleField = (roleIds: string[]) => z.enum(roleIds as [string, ...string[]]);

const createSchema = (roleIds: string[]) =>
  z
    .object({
      login: z.string().trim().min(3).max(64).regex(/^[A-Za-z0-9._@-]+$/),
      name: z.string().trim().min(1).max(100),
      role: roleField(roleIds),
      mode: z.enum(['password', 'link']),
      password: z.string().max(200).optional().default(''),
    })
    .refine((v) => v.mode === 'link' || v.password.length > 0, { path: ['password'], message: 'required' });

export function mountUserRoutes(app: HrApp, kernel: Kernel): void {
  const { sqlite } = kernel.dbh;
  const roleIds = () => [...BUILT_IN_ROLES, ...kernel.roles.list().map((r) => r.id)];
  const write = (c: HrContext, entry: AuditEntry) => audit(sqlite, c, entry, kernel.config.trustProxy);
  const find = (id: number) => (Number.isSafeInteger(id) ? (sqlite.prepare(`SELECT ${COLUMNS} FROM core_users WHERE id = ?`).get(id) as UserRow | undefined) : undefined);
  const load = (c: HrContext) => {
    const user = find(Number(c.req.param('id')));
    if (!user) throw new HttpError(404, 'core.error.404.body');
    return user;
  };
  /** Built-in roles by their translated name, then the custom roles of core.access by theirs. */
  const roleOptions = (c: HrContext) => [
    ...BUILT_IN_ROLES.map((id) => ({ id, label: c.get('t')(`core.users.role.${id}`) })),
    ...kernel.roles.list().map((r) => ({ id: r.id, label: r.name })),
  ];
  const roleLabel = (c: HrContext, role: string) => roleOptions(c).find((r) => r.id === role)?.label ?? role;
  const moment = (c: HrContext, at: number | null) => (at ? formatMoment(kernel, c, at) : null);
  const activeAdmins = () => (sqlite.prepare("SELECT count(*) AS n FROM core_users WHERE role = 'admin' AND active = 1").get() as { n: number }).n;
  /** Changes that could leave nobody able to administer the suite are refused. */
  const refuseSelfOrLastAdmin = (c: HrContext, target: UserRow, key: string): boolean => {
    const t = c.get('t');
    const lastAdmin = target.role === 'admin' && !!target.active && activeAdmins() <= 1;
    if (target.id !== c.get('user')!.id && !lastAdmin) return false;
    addFlash(c, { kind: 'error', text: t(target.id === c.get('user')!.id ? key : 'core.users.last_admin') });
    return true;
  };
  const linkPage = (c: HrContext, user: UserRow, token: string, expiresAt: number, created = false) => {
    c.header('Cache-Control', 'no-store');
    const url = `${kernel.config.publicUrl.replace(/\/$/, '')}/reset/${token}`;
    return render(kernel, c, 'core/users-link', { user, link: url, expiresAt: formatMoment(kernel, c, expiresAt), created }, { title: c.get('t')('core.users.link.title') });
  };
  const formPage = (c: HrContext, values: Record<string, unknown>, errors: Record<string, string> = {}, status = 200) =>
    render(kernel, c, 'core/users-new', { values, errors, roles: roleOptions(c) }, { title: c.get('t')('core.users.new.title'), status });

  route(app, kernel, 'core', 'get', '/admin/users', MANAGE, async (c) => {
    const q = await parseQuery(c, z.object({ q: z.string().trim().max(100).catch(''), page: z.coerce.number().int().min(1).catch(1) }).partial());
    const search = q.ok ? (q.data.q ?? '') : '';
    const page = q.ok ? (q.data.page ?? 1) : 1;
    const like = `%${search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    const rows = sqlite
      .prepare(`SELECT ${COLUMNS} FROM core_users WHERE (? = '' OR login LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\') ORDER BY active DESC, lower(login) LIMIT ? OFFSET ?`)
      .all(search, like, like, PAGE_SIZE + 1, (page - 1) * PAGE_SIZE) as UserRow[];
    const users = rows.slice(0, PAGE_SIZE).map((u) => {
      const locked = accountLockedUntil(sqlite, u.login);
      return { ...u, roleLabel: roleLabel(c, u.role), lockedUntil: locked && formatMoment(kernel, c, locked) };
    });
    return render(kernel, c, 'core/users-list', { users, q: search, page, hasNext: rows.length > PAGE_SIZE }, { title: c.get('t')('core.users.title') });
  });

  route(app, kernel, 'core', 'get', '/admin/users/new', MANAGE, (c) => formPage(c, { role: 'employee', mode: 'link' }));

  route(app, kernel, 'core', 'post', '/admin/users', MANAGE, async (c) => {
    const t = c.get('t');
    const form = await parseForm(c, createSchema(roleIds()));
    const values = await c.req.parseBody().catch(() => ({}));
    if (!form.ok) return formPage(c, values, form.errors, 400);
    const { login, name, role, mode, password } = form.data;
    if (sqlite.prepare('SELECT 1 FROM core_users WHERE lower(login) = lower(?)').get(login)) return formPage(c, values, { login: t('core.users.login_taken') }, 400);
    let hash: string;
    if (mode === 'password') {
      const problem = checkPasswordPolicy(password, login);
      if (problem) return formPage(c, values, { password: t(problem.key, problem.params) }, 400);
      hash = await hashPassword(password);
    } else {
      // Nobody knows this password: the person sets their own through the link.
      hash = await hashPassword(crypto.randomUUID() + crypto.randomUUID());
    }
    const id = sqlite.transaction(() => {
      if (sqlite.prepare('SELECT 1 FROM core_users WHERE lower(login) = lower(?)').get(login)) return null;
      return Number(sqlite.prepare('INSERT INTO core_users (login, name, password_hash, role) VALUES (?, ?, ?, ?)').run(login, name, hash, role).lastInsertRowid);
    }).immediate();
    if (id === null) return formPage(c, values, { login: t('core.users.login_taken') }, 400);
    const user = find(id)!;
    write(c, { action: 'core.user.create', entity: 'core.user', entityId: id, after: auditView(user) });
    if (mode === 'link') {
      const link = issueResetToken(sqlite, id, c.get('user')!.id);
      write(c, { action: 'auth.reset_link.issue', entity: 'core.user', entityId: id, after: { expiresAt: new Date(link.expiresAt).toISOString() } });
      return linkPage(c, user, link.token, link.expiresAt, true);
    }
    addFlash(c, { kind: 'success', text: t('core.users.created', { login }) });
    return c.redirect(`/admin/users/${id}`, 303);
  });

  route(app, kernel, 'core', 'get', '/admin/users/:id', MANAGE, (c) => {
    const user = load(c);
    return render(
      kernel,
      c,
      'core/users-edit',
      {
        user,
        roles: roleOptions(c),
        self: user.id === c.get('user')!.id,
        lockedUntil: moment(c, accountLockedUntil(sqlite, user.login)),
        resetPendingUntil: moment(c, pendingResetExpiry(sqlite, user.id)),
        sessions: listUserSessions(sqlite, user.id).length,
      },
      { title: user.name },
    );
  });

  route(app, kernel, 'core', 'post', '/admin/users/:id/role', MANAGE, async (c) => {
    const user = load(c);
    const t = c.get('t');
    const back = c.redirect(`/admin/users/${user.id}`, 303);
    const form = await parseForm(c, z.object({ role: roleField(roleIds()) }));
    if (!form.ok) {
      addFlash(c, { kind: 'error', text: `${t('core.users.col.role')}: ${form.errors.role ?? form.message}` });
      return c.redirect(`/admin/users/${user.id}`, 303);
    }
    if (form.data.role === user.role) return back;
    if (refuseSelfOrLastAdmin(c, user, 'core.users.self_role')) return back;
    sqlite.prepare('UPDATE core_users SET role = ?, updated_at = ? WHERE id = ?').run(form.data.role, Date.now(), user.id);
    write(c, { action: 'core.user.role', entity: 'core.user', entityId: user.id, before: { role: user.role }, after: { role: form.data.role } });
    addFlash(c, { kind: 'success', text: t('core.users.role_changed', { login: user.login, role: roleLabel(c, form.data.role) }) });
    return back;
  });

  for (const [action, active] of [['deactivate', 0], ['reactivate', 1]] as const) {
    route(app, kernel, 'core', 'post', `/admin/users/:id/${action}`, MANAGE, (c) => {
      const user = load(c);
      const t = c.get('t');
      const back = c.redirect(`/admin/users/${user.id}`, 303);
      if (user.active === active) return back;
      if (!active && refuseSelfOrLastAdmin(c, user, 'core.users.self_deactivate')) return back;
      sqlite.transaction(() => {
        sqlite.prepare('UPDATE core_users SET active = ?, updated_at = ? WHERE id = ?').run(active, Date.now(), user.id);
        // A deactivated account is signed out everywhere at once, not at its next request.
        if (!active) invalidateUserSessions(sqlite, user.id);
      })();
      write(c, { action: `core.user.${action}`, entity: 'core.user', entityId: user.id, before: { active: !!user.active }, after: { active: !!active } });
      addFlash(c, { kind: 'success', text: t(`core.users.${action}d`, { login: user.login }) });
      return back;
    });
  }

  route(app, kernel, 'core', 'post', '/admin/users/:id/reset-link', MANAGE, (c) => {
    const user = load(c);
    if (!user.active) {
      addFlash(c, { kind: 'error', text: c.get('t')('core.users.link.inactive') });
      return c.redirect(`/admin/users/${user.id}`, 303);
    }
    const link = issueResetToken(sqlite, user.id, c.get('user')!.id);
    write(c, { action: 'auth.reset_link.issue', entity: 'core.user', entityId: user.id, after: { expiresAt: new Date(link.expiresAt).toISOString() } });
    return linkPage(c, user, link.token, link.expiresAt);
  });

  route(app, kernel, 'core', 'post', '/admin/users/:id/unlock', MANAGE, (c) => {
    const user = load(c);
    const lockedUntil = accountLockedUntil(sqlite, user.login);
    unlockAccount(sqlite, user.login);
    write(c, { action: 'auth.unlock', entity: 'core.user', entityId: user.id, before: { lockedUntil: lockedUntil ? new Date(lockedUntil).toISOString() : null }, after: { lockedUntil: null } });
    addFlash(c, { kind: 'success', text: c.get('t')('core.users.unlocked', { login: user.login }) });
    return c.redirect(`/admin/users/${user.id}`, 303);
  });
}
