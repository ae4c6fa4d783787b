// First run, sign in and out, CSRF and the instance secret, through the real server.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, Client, startServer, tempDir, type TestServer } from '../helpers/server.js';

describe('setup, sign-in and CSRF', () => {
  const dataDir = tempDir();
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ dataDir });
  });
  afterAll(async () => {
    await server.stop();
    cleanup(dataDir);
  });

  it('creates the database and a private secret under the data folder', () => {
    expect(existsSync(join(dataDir, 'hr.db'))).toBe(true);
    const secret = join(dataDir, 'secret.key');
    expect(statSync(secret).mode & 0o777).toBe(0o600);
    expect(readFileSync(secret, 'utf8').trim().length).toBeGreaterThanOrEqual(32);
  });

  it('leads every page to the setup wizard while nobody has an account', async () => {
    const c = new Client(server.url);
    const res = await c.get('/notices');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/setup');
    expect((await c.get('/api/v1/notices')).status).toBe(503);
    expect(await (await c.get('/setup')).text()).toContain('name="company"');
  });

  it('explains bad setup input in the chosen language and keeps what was typed', async () => {
    const c = new Client(server.url);
    const res = await c.post('/setup', { company: '', name: '张三', login: 'zhangsan', password: 'short', confirm: 'short', locale: 'zh-CN' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('必填');
    expect(html).toContain('value="zhangsan"');
  });

  it('refuses a form without the CSRF token, or from another origin', async () => {
    const c = new Client(server.url);
    await c.csrf();
    const noToken = await c.request('/setup', { method: 'POST', body: new URLSearchParams({ company: 'x' }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(noToken.status).toBe(403);
    const foreign = await c.post('/setup', { company: 'x' }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
  });

  it('creates the first admin once, then closes setup for good', async () => {
    const c = new Client(server.url);
    expect((await c.setup()).status).toBe(303);
    expect((await c.get('/')).status).toBe(200);
    const again = new Client(server.url);
    const res = await again.get('/setup');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const second = await again.setup({ login: 'intruder', password: 'another-pass-1', name: 'x' });
    expect(second.status).toBe(303);
    expect(await (await again.login('intruder', 'another-pass-1')).status).toBe(401);
  });

  it('signs in with the right password only, and signs out', async () => {
    const c = new Client(server.url);
    const wrong = await c.login('admin', 'wrong-password');
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('账号或密码不正确');
    const ok = await c.post('/login', { login: 'ADMIN', password: 'correct-horse-9', next: '/notices' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/notices');
    expect((await c.get('/notices')).status).toBe(200);
    expect((await c.post('/logout', {})).status).toBe(303);
    const after = await c.get('/notices');
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toMatch(/^\/login/);
  });

  it('never redirects to another site after sign-in', async () => {
    const c = new Client(server.url);
    const res = await c.post('/login', { login: 'admin', password: 'correct-horse-9', next: '//evil.example/x' });
    expect(res.headers.get('location')).toBe('/');
  });

  it('answers unknown pages with the themed 404 page and the API with JSON', async () => {
    const c = new Client(server.url);
    await c.login('admin', 'correct-horse-9');
    const page = await c.get('/no-such-page');
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('<html');
    const api = await c.get('/api/v1/no-such');
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { status: number } }).error.status).toBe(404);
  });
});
