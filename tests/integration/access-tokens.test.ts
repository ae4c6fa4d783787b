// API tokens: self-service page, bearer authentication on /api/v1, expiry and revocation, no token at rest, OpenAPI.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../core/access/tokens.js';
import { startInProcess, type FormValues, type InProcess } from '../helpers/inprocess.js';

const DAY = 24 * 3600 * 1000;

describe('API tokens', () => {
  let suite: InProcess;
  let kernel: InProcess['kernel'];
  let app: InProcess['app'];
  let userIds: InProcess['userIds'];

  beforeAll(async () => {
    suite = await startInProcess({ plugins: { notices: true }, users: [{ login: 'hrx', role: 'hr' }, { login: 'emp', role: 'employee' }] });
    ({ kernel, app, userIds } = suite);
  });
  afterAll(async () => {
    await suite?.close();
  });

  const cookie = (login: string) => suite.cookieFor(login);
  const page = (login: string, path: string, form?: FormValues) => (form ? suite.post(login, path, form) : suite.get(login, path));
  const api = (token: string, path: string, init: RequestInit = {}) =>
    app.request(path, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) } });
  let hrToken = '';

  it('is created on /account/tokens, shown once, and listed with its prefix', async () => {
    const res = await page('hrx', '/account/tokens', { name: '同步脚本', days: '30', perm: ['notices.view', 'notices.manage'] });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    hrToken = /value="(hrp_[a-z2-7]{32})"/.exec(html)![1]!;
    const list = await (await page('hrx', '/account/tokens')).text();
    expect(list).not.toContain(hrToken);
    expect(list).toContain(hrToken.slice(0, 10));
    expect(list).toContain('同步脚本');
    expect(list).toContain('从未使用');
  });

  it('refuses permissions the user does not hold and a missing name', async () => {
    const res = await page('emp', '/account/tokens', { name: 'x', days: '30', perm: ['notices.manage'] });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('不能授予令牌：notices.manage');
    expect((await page('emp', '/account/tokens', { name: '', days: '30', perm: ['notices.view'] })).status).toBe(400);
    expect((await page('emp', '/account/tokens', { name: 'x', days: '1000', perm: ['notices.view'] })).status).toBe(400);
  });

  it('lists notices through the API and records when it was used', async () => {
    const res = await api(hrToken, '/api/v1/notices');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ items: [], total: 0 });
    const row = kernel.dbh.sqlite.prepare('SELECT last_used_at AS used FROM access_tokens WHERE user_id = ?').get(userIds.hrx) as { used: number | null };
    expect(row.used).toBeGreaterThan(Date.now() - 60_000);
    expect(await (await page('hrx', '/account/tokens')).text()).not.toContain('从未使用');
  });

  it('writes through the API without a CSRF token, since no cookie is involved', async () => {
    const res = await api(hrToken, '/api/v1/notices', { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: JSON.stringify({ title: '令牌发布', body: '正文' }) });
    expect(res.status).toBe(201);
    expect(res.headers.getSetCookie().some((c) => c.startsWith(kernel.cookies.csrf))).toBe(false);
  });

  it('gets 403 without notices.view, and loses what its owner loses', async () => {
    const { token: narrow } = createApiToken(kernel.dbh.sqlite, { userId: userIds.hrx!, name: 'manage only', permissions: ['notices.manage'], expiresAt: Date.now() + DAY });
    expect((await api(narrow, '/api/v1/notices')).status).toBe(403);
    const { token: emp } = createApiToken(kernel.dbh.sqlite, { userId: userIds.emp!, name: 'claims manage', permissions: ['notices.view', 'notices.manage'], expiresAt: Date.now() + DAY });
    expect((await api(emp, '/api/v1/notices')).status).toBe(200);
    // The employee role lacks notices.manage, so the token cannot use it.
    const post = await api(emp, '/api/v1/notices', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'x', body: 'y' }) });
    expect(post.status).toBe(403);
  });

  it('answers 401 JSON for unknown, expired and revoked tokens, whatever cookie comes along', async () => {
    const { token: old, info } = createApiToken(kernel.dbh.sqlite, { userId: userIds.hrx!, name: 'old', permissions: ['notices.view'], expiresAt: Date.now() + DAY });
    kernel.dbh.sqlite.prepare('UPDATE access_tokens SET expires_at = ? WHERE id = ?').run(Date.now() - 1000, info.id);
    for (const bad of [old, `hrp_${'b'.repeat(32)}`, 'garbage', '']) {
      // A valid session cookie must not rescue a bad bearer token.
      const res = await api(bad, '/api/v1/notices', { headers: { cookie: cookie('hrx') } });
      expect(res.status, bad).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Bearer');
      expect(((await res.json()) as { error: { status: number } }).error.status).toBe(401);
    }
    const row = kernel.dbh.sqlite.prepare("SELECT id FROM access_tokens WHERE name = '同步脚本'").get() as { id: number };
    const revoke = await page('hrx', `/account/tokens/${row.id}/revoke`, {});
    expect(revoke.status).toBe(303);
    expect((await api(hrToken, '/api/v1/notices')).status).toBe(401);
    // Someone else's token cannot be revoked by id.
    expect((await page('emp', `/account/tokens/${row.id}/revoke`, {})).status).toBe(404);
    const audits = kernel.dbh.sqlite.prepare("SELECT action, before, after FROM core_audit_log WHERE entity = 'access_tokens' ORDER BY id").all() as { action: string; before: string | null; after: string }[];
    expect(audits.map((a) => a.action)).toEqual(['core.tokens.create', 'core.tokens.revoke']);
    expect(JSON.parse(audits[1]!.after).revokedAt).toBeGreaterThan(0);
  });

  it('refuses expiry beyond one year', () => {
    expect(() => createApiToken(kernel.dbh.sqlite, { userId: userIds.hrx!, name: 'forever', permissions: [], expiresAt: Date.now() + 400 * DAY })).toThrow(/one year/);
  });

  it('is never stored: not in the table, the audit log or the database file', () => {
    kernel.dbh.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const dump = JSON.stringify([
      kernel.dbh.sqlite.prepare('SELECT * FROM access_tokens').all(),
      kernel.dbh.sqlite.prepare('SELECT * FROM core_audit_log').all(),
    ]);
    expect(dump).not.toContain(hrToken);
    expect(dump).not.toContain(hrToken.slice(4));
    expect(readFileSync(kernel.config.dbPath).includes(Buffer.from(hrToken.slice(4)))).toBe(false);
  });

  it('is ignored on pages, and documented as a bearer scheme', async () => {
    const res = await app.request('/notices', { headers: { authorization: `Bearer ${hrToken}` } });
    expect(res.status).toBe(303);
    const doc = (await (await app.request('/api/v1/openapi.json')).json()) as { components: { securitySchemes: Record<string, { type: string; scheme?: string }> } };
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});
