// Custom roles: the admin pages, validation, exact grants for their users, cache invalidation, deletion rules, audit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, type FormValues, type InProcess } from '../helpers/inprocess.js';

describe('custom roles', () => {
  let suite: InProcess;
  let kernel: InProcess['kernel'];

  beforeAll(async () => {
    suite = await startInProcess({ plugins: { notices: true }, users: [{ login: 'boss', role: 'admin' }, { login: 'hrx', role: 'hr' }] });
    kernel = suite.kernel;
  });
  afterAll(async () => {
    await suite?.close();
  });

  const as = (login: string, path: string, form?: FormValues) => (form ? suite.post(login, path, form) : suite.get(login, path));
  const auditRows = (action: string) =>
    kernel.dbh.sqlite.prepare('SELECT entity_id AS id, before, after FROM core_audit_log WHERE action = ? ORDER BY id').all(action) as { id: string; before: string | null; after: string | null }[];

  it('is managed by admins only, listed with the built-in roles', async () => {
    expect((await as('hrx', '/admin/roles')).status).toBe(403);
    const html = await (await as('boss', '/admin/roles')).text();
    for (const name of ['管理员', '人事', '经理', '员工']) expect(html).toContain(name);
    expect(html).toContain('notices.manage');
    const form = await (await as('boss', '/admin/roles/new')).text();
    expect(form).toContain('name="perm" value="notices.view"');
    expect(form).toContain('name="scope.notices.view"');
    const builtIn = await (await as('boss', '/admin/roles/hr')).text();
    expect(builtIn).toContain('disabled');
    expect(builtIn).not.toContain('type="submit" class="btn btn-primary"');
  });

  it('validates identifier and name', async () => {
    const bad = async (form: FormValues, text: string) => {
      const res = await as('boss', '/admin/roles', form);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(text);
    };
    await bad({ id: 'Bad Id', name: 'x' }, '标识只能包含小写字母');
    await bad({ id: 'hr', name: 'x' }, '这是内置角色的标识');
    await bad({ id: 'new', name: 'x' }, '已有角色使用这个标识');
    await bad({ id: 'reader', name: '' }, 'reader');
    await bad({ id: 'reader', name: 'x', perm: 'nope.nothing' }, '未知的权限：nope.nothing');
  });

  it('gives its users exactly its grants, and a saved change at once', async () => {
    const created = await as('boss', '/admin/roles', { id: 'reader', name: '公告读者', description: 'reads', perm: ['notices.view'], 'scope.notices.view': 'team' });
    expect(created.status).toBe(303);
    expect((await as('boss', '/admin/roles', { id: 'reader2', name: '公告读者' })).status).toBe(400);
    suite.addUser({ login: 'rita', role: 'reader' });
    expect((await as('rita', '/notices')).status).toBe(200);
    expect((await as('rita', '/notices/manage')).status).toBe(403);
    expect((await as('rita', '/admin/roles')).status).toBe(403);
    expect(kernel.roles.grantsOf('reader').scopes.get('notices.view')).toBe('team');

    // Warm the cache, then change the role: the next request sees the new grants.
    const updated = await as('boss', '/admin/roles/reader', { name: '公告编辑', perm: ['notices.view', 'notices.manage'], 'scope.notices.view': 'all', 'scope.notices.manage': 'department' });
    expect(updated.status).toBe(303);
    expect((await as('rita', '/notices/manage')).status).toBe(200);
    expect(kernel.roles.grantsOf('reader').scopes.get('notices.manage')).toBe('department');

    const [create] = auditRows('core.roles.create');
    expect(create!.id).toBe('reader');
    expect(create!.before).toBeNull();
    expect(JSON.parse(create!.after!)).toMatchObject({ name: '公告读者', grants: { 'notices.view': 'team' } });
    const [update] = auditRows('core.roles.update');
    expect(JSON.parse(update!.before!)).toMatchObject({ grants: { 'notices.view': 'team' } });
    expect(JSON.parse(update!.after!)).toMatchObject({ name: '公告编辑', grants: { 'notices.view': 'all', 'notices.manage': 'department' } });
  });

  it('refuses to delete a role in use, deletes it once free, and audits', async () => {
    const refused = await as('boss', '/admin/roles/reader/delete', {});
    expect(refused.status).toBe(303);
    expect(kernel.roles.get('reader')).not.toBeNull();
    // The message travels in the flash cookie to the page the redirect leads to.
    const flash = refused.headers.getSetCookie().find((c) => c.startsWith(kernel.cookies.flash))!.split(';')[0]!;
    const page = await (await suite.get('boss', '/admin/roles', { cookie: `${suite.cookieFor('boss')}; ${flash}` })).text();
    expect(page).toContain('仍有 1 个用户在使用');

    kernel.dbh.sqlite.prepare("UPDATE core_users SET role = 'employee' WHERE id = ?").run(suite.userIds.rita);
    expect((await as('boss', '/admin/roles/reader/delete', {})).status).toBe(303);
    expect(kernel.roles.get('reader')).toBeNull();
    const [del] = auditRows('core.roles.delete');
    expect(JSON.parse(del!.before!)).toMatchObject({ name: '公告编辑' });
    expect(del!.after).toBeNull();
    // A user left with a role that no longer exists holds nothing.
    expect(kernel.roles.grantsOf('reader').permissions.size).toBe(0);
    expect((await as('boss', '/admin/roles/reader')).status).toBe(404);
  });
});
