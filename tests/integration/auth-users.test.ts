// Users admin and one-time reset links, through the real server: create → the
// new user signs in; deactivated → cannot; reset links work once, expire, and
// a new one revokes the old.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../helpers/db.js';
import { cleanup, Client, startServer, tempDir, type TestServer } from '../helpers/server.js';

const signedIn = async (c: Client) => (await c.get('/account/password')).status === 200;
const linkPath = (html: string) => {
  const m = /data-reset-url[^>]*value="[^"]*?(\/reset\/[a-z2-7]+)"|value="[^"]*?(\/reset\/[a-z2-7]+)"[^>]*data-reset-url/.exec(html);
  if (!m) throw new Error(`no reset link in the page:\n${html.slice(0, 2000)}`);
  return (m[1] ?? m[2])!;
};
const userId = (dataDir: string, login: string) => {
  const db = openDb(dataDir);
  try {
    return (db.prepare('SELECT id FROM core_users WHERE login = ?').get(login) as { id: number }).id;
  } finally {
    db.close();
  }
};

describe('users admin and reset links', () => {
  const dataDir = tempDir();
  let server: TestServer;
  let admin: Client;

  beforeAll(async () => {
    server = await startServer({ dataDir });
    admin = new Client(server.url);
    await admin.setup();
  });
  afterAll(async () => {
    await server.stop();
    cleanup(dataDir);
  });

  it('lists users with role, status and last sign-in, and offers the page in the settings menu', async () => {
    const html = await (await admin.get('/admin/users')).text();
    expect(html).toContain('href="/admin/users"');
    expect(html).toContain('<code>admin</code>');
    expect(html).toContain('管理员');
  });

  it('validates a new account with plain messages and keeps what was typed', async () => {
    const res = await admin.post('/admin/users', { login: 'x', name: '', role: 'boss', mode: 'password', password: '' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('至少 3 个字符');
    expect(html).toContain('必填');
    expect(html).toContain('请从列表中选择');
    expect(html).toContain('value="x"');
    const taken = await admin.post('/admin/users', { login: 'ADMIN', name: '重名', role: 'hr', mode: 'password', password: 'Good-Password-1' });
    expect(await taken.text()).toContain('这个登录名已被使用');
  });

  it('creates a user with an initial password who can then sign in; deactivated, they cannot', async () => {
    const res = await admin.post('/admin/users', { login: 'zhouba', name: '周八', role: 'hr', mode: 'password', password: 'Zhou-Ba-Init-1' });
    expect(res.status).toBe(303);
    const id = userId(dataDir, 'zhouba');
    expect(res.headers.get('location')).toBe(`/admin/users/${id}`);
    const user = new Client(server.url);
    expect((await user.login('zhouba', 'Zhou-Ba-Init-1')).status).toBe(303);
    expect(await signedIn(user)).toBe(true);

    expect((await admin.post(`/admin/users/${id}/role`, { role: 'manager' })).status).toBe(303);
    expect((await admin.post(`/admin/users/${id}/deactivate`, {})).status).toBe(303);
    expect(await signedIn(user)).toBe(false);
    expect((await new Client(server.url).login('zhouba', 'Zhou-Ba-Init-1')).status).toBe(401);
    expect(await (await admin.get('/admin/users')).text()).toContain('已停用');

    expect((await admin.post(`/admin/users/${id}/reactivate`, {})).status).toBe(303);
    expect((await new Client(server.url).login('zhouba', 'Zhou-Ba-Init-1')).status).toBe(303);

    const db = openDb(dataDir);
    const rows = db.prepare("SELECT action, before, after FROM core_audit_log WHERE entity = 'core.user' AND entity_id = ? ORDER BY id").all(String(id)) as { action: string; before: string | null; after: string | null }[];
    db.close();
    expect(rows.map((r) => r.action)).toEqual(['core.user.create', 'core.user.role', 'core.user.deactivate', 'core.user.reactivate']);
    expect(JSON.parse(rows[1]!.before!)).toEqual({ role: 'hr' });
    expect(JSON.parse(rows[1]!.after!)).toEqual({ role: 'manager' });
    expect(JSON.stringify(rows)).not.toMatch(/argon2|Zhou-Ba-Init/);
  });

  it('does not let an admin deactivate or demote themselves', async () => {
    const id = userId(dataDir, 'admin');
    await admin.post(`/admin/users/${id}/deactivate`, {});
    await admin.post(`/admin/users/${id}/role`, { role: 'employee' });
    expect(await signedIn(admin)).toBe(true);
    expect((await admin.get('/admin/users')).status).toBe(200);
  });

  it('creates a user with a reset link that works exactly once', async () => {
    const res = await admin.post('/admin/users', { login: 'wujiu', name: '吴九', role: 'employee', mode: 'link' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const path = linkPath(await res.text());

    const person = new Client(server.url);
    const form = await person.get(path);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('吴九');
    const weak = await person.post(path, { password: 'wujiu-12345', confirm: 'wujiu-12345' });
    expect(await weak.text()).toContain('密码不能包含登录名');
    const done = await person.post(path, { password: 'Wu-Jiu-Own-1', confirm: 'Wu-Jiu-Own-1' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/login');
    expect((await person.login('wujiu', 'Wu-Jiu-Own-1')).status).toBe(303);

    const again = await new Client(server.url).get(path);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('已经使用过');
    expect((await new Client(server.url).post(path, { password: 'Other-Pass-22', confirm: 'Other-Pass-22' })).status).toBe(410);
  });

  it('issues a link from the user page: it ends the user’s sessions when used, revokes the older link, and expires', async () => {
    const id = userId(dataDir, 'wujiu');
    const person = new Client(server.url);
    await person.login('wujiu', 'Wu-Jiu-Own-1');
    const first = linkPath(await (await admin.post(`/admin/users/${id}/reset-link`, {})).text());
    const second = linkPath(await (await admin.post(`/admin/users/${id}/reset-link`, {})).text());
    expect(second).not.toBe(first);
    expect((await new Client(server.url).get(first)).status).toBe(404);
    expect(await (await admin.get(`/admin/users/${id}`)).text()).toContain('已有未使用的链接');

    expect((await new Client(server.url).post(second, { password: 'Wu-Jiu-Reset-2', confirm: 'Wu-Jiu-Reset-2' })).status).toBe(303);
    expect(await signedIn(person)).toBe(false);
    expect((await new Client(server.url).login('wujiu', 'Wu-Jiu-Own-1')).status).toBe(401);
    expect((await new Client(server.url).login('wujiu', 'Wu-Jiu-Reset-2')).status).toBe(303);

    const third = linkPath(await (await admin.post(`/admin/users/${id}/reset-link`, {})).text());
    const db = openDb(dataDir);
    db.prepare('UPDATE auth_reset_tokens SET expires_at = ? WHERE used_at IS NULL').run(Date.now() - 1);
    const stored = db.prepare('SELECT id FROM auth_reset_tokens').all() as { id: string }[];
    db.close();
    expect(JSON.stringify(stored)).not.toContain(third.slice('/reset/'.length));
    const expired = await new Client(server.url).get(third);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('已过期');
    expect((await new Client(server.url).get('/reset/not-a-real-token')).status).toBe(404);
  });

  it('keeps the users admin from people without core.users.manage', async () => {
    const hr = new Client(server.url);
    await hr.login('zhouba', 'Zhou-Ba-Init-1');
    expect((await hr.get('/admin/users')).status).toBe(403);
    expect((await hr.post('/admin/users', { login: 'sneaky', name: 'x', role: 'admin', mode: 'password', password: 'Sneaky-Pass-1' })).status).toBe(403);
  });
});
