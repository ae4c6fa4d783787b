// Self-service: change password (other sessions end, this one is re-issued) and
// signing out one device, the others, or everywhere. Through the real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, openDb } from '../helpers/db.js';
import { cleanup, Client, startServer, tempDir, type TestServer } from '../helpers/server.js';

const sessionCookie = (c: Client) => [...c.cookies].find(([k]) => k.startsWith('hr_session_'))?.[1];
const signedIn = async (c: Client) => (await c.get('/account/password')).status === 200;

describe('change password and sign out everywhere', () => {
  const dataDir = tempDir();
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ dataDir });
    await new Client(server.url).setup();
    await addUser(dataDir, { login: 'sunqi', password: 'Sun-Qi-First-1', role: 'employee', name: '孙七' });
  });
  afterAll(async () => {
    await server.stop();
    cleanup(dataDir);
  });

  it('shows the account pages to any signed-in user and sends strangers to sign in', async () => {
    const anon = new Client(server.url);
    expect((await anon.get('/account/password')).headers.get('location')).toMatch(/^\/login\?next=/);
    const c = new Client(server.url);
    await c.login('sunqi', 'Sun-Qi-First-1');
    expect((await c.get('/account')).headers.get('location')).toBe('/account/password');
    const html = await (await c.get('/account/password')).text();
    expect(html).toContain('name="current"');
    expect(html).toContain('name="_csrf"');
  });

  it('refuses a wrong current password, a mismatch and a weak password, with plain messages', async () => {
    const c = new Client(server.url);
    await c.login('sunqi', 'Sun-Qi-First-1');
    const wrong = await c.post('/account/password', { current: 'nope-nope-nope', password: 'Sun-Qi-Second-2', confirm: 'Sun-Qi-Second-2' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('当前密码不正确');
    const mismatch = await c.post('/account/password', { current: 'Sun-Qi-First-1', password: 'Sun-Qi-Second-2', confirm: 'Sun-Qi-Second-3' });
    expect(await mismatch.text()).toContain('两次输入的密码不一致');
    const weak = await c.post('/account/password', { current: 'Sun-Qi-First-1', password: 'short', confirm: 'short' });
    expect(await weak.text()).toContain('密码至少需要 10 个字符');
  });

  it('changes the password: the other browser is signed out, this one gets a fresh session', async () => {
    const phone = new Client(server.url);
    const laptop = new Client(server.url);
    await phone.login('sunqi', 'Sun-Qi-First-1');
    await laptop.login('sunqi', 'Sun-Qi-First-1');
    const before = sessionCookie(laptop);
    const res = await laptop.post('/account/password', { current: 'Sun-Qi-First-1', password: 'Sun-Qi-Second-2', confirm: 'Sun-Qi-Second-2' });
    expect(res.status).toBe(303);
    expect(sessionCookie(laptop)).toBeDefined();
    expect(sessionCookie(laptop)).not.toBe(before);
    expect(await signedIn(laptop)).toBe(true);
    expect(await signedIn(phone)).toBe(false);
    expect((await new Client(server.url).login('sunqi', 'Sun-Qi-First-1')).status).toBe(401);
    expect((await new Client(server.url).login('sunqi', 'Sun-Qi-Second-2')).status).toBe(303);

    const db = openDb(dataDir);
    const audit = db.prepare("SELECT before, after FROM core_audit_log WHERE action = 'auth.password.change'").all() as { before: string | null; after: string | null }[];
    db.close();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toMatch(/Sun-Qi|argon2/);
  });

  it('lists sessions and signs out one device, all others, or everywhere', async () => {
    const a = new Client(server.url);
    const b = new Client(server.url);
    const c = new Client(server.url);
    for (const x of [a, b, c]) await x.request('/login', { method: 'POST', body: new URLSearchParams({ _csrf: await x.csrf(), login: 'sunqi', password: 'Sun-Qi-Second-2' }), headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': `Browser-${x === a ? 'A' : x === b ? 'B' : 'C'}` } });
    const list = await (await a.get('/account/sessions')).text();
    for (const ua of ['Browser-A', 'Browser-B', 'Browser-C']) expect(list).toContain(ua);
    expect(list).toContain('当前设备');

    // Sign out B from A's list.
    const ids = [...list.matchAll(/action="\/account\/sessions\/([0-9a-f]{64})\/revoke"/g)].map((m) => m[1]!);
    const db = openDb(dataDir);
    const idOf = (ua: string) => (db.prepare('SELECT id FROM core_sessions WHERE user_agent = ?').get(ua) as { id: string }).id;
    const [aId, bId] = [idOf('Browser-A'), idOf('Browser-B')];
    db.close();
    expect(ids).toContain(bId);
    expect((await a.post(`/account/sessions/${bId}/revoke`, {})).status).toBe(303);
    expect(await signedIn(b)).toBe(false);
    expect(await signedIn(c)).toBe(true);

    // Someone else's session id does nothing.
    const admin = new Client(server.url);
    await admin.login('admin', 'correct-horse-9');
    await admin.post(`/account/sessions/${aId}/revoke`, {});
    expect(await signedIn(a)).toBe(true);

    expect((await a.post('/account/sessions/revoke-others', {})).status).toBe(303);
    expect(await signedIn(c)).toBe(false);
    expect(await signedIn(a)).toBe(true);

    const d = new Client(server.url);
    await d.login('sunqi', 'Sun-Qi-Second-2');
    const all = await a.post('/account/sessions/revoke-all', {});
    expect(all.headers.get('location')).toBe('/login');
    expect(await signedIn(a)).toBe(false);
    expect(await signedIn(d)).toBe(false);
    expect(await signedIn(admin)).toBe(true);
  });
});
