// The import pages through the real app in process: upload, poll, report, commit, export, permissions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type HrApp } from '../../app.js';
import { audit } from '../../audit.js';
import { createSession, generateSessionToken } from '../../auth/sessions.js';
import { resolveConfig } from '../../config.js';
import { createKernel, type Kernel } from '../../kernel.js';
import { cleanup, tempDir } from '../../../tests/helpers/server.js';
import { importMessages } from './i18n.js';
import { EXPORT_PERMISSION, IMPORT_PERMISSION, peopleContext, REVEAL_PERMISSION, registerImportRoutes } from './index.js';
import { employeeRows, employeeWorkbook, fakeIdNumber } from './testing.js';

const CSRF = 'k'.repeat(43);

describe('import pages', () => {
  const dataDir = tempDir();
  let kernel: Kernel;
  let app: HrApp;
  const sessions: Record<string, string> = {};
  const req = (path: string, login: string | null, init: RequestInit = {}) =>
    app.request(path, { ...init, headers: { cookie: `${kernel.cookies.csrf}=${CSRF}${login ? `; ${kernel.cookies.session}=${sessions[login]}` : ''}`, 'x-csrf-token': CSRF, ...(init.headers ?? {}) } });

  beforeAll(async () => {
    const config = resolveConfig({ dataDir, log: { level: 'silent' }, jobs: { enabled: false }, plugins: {} });
    config.secret = 'r'.repeat(43);
    kernel = await createKernel(config);
    // Whoever mounts these pages registers the permissions and messages; done here if nobody has yet.
    for (const id of [IMPORT_PERMISSION, EXPORT_PERMISSION, REVEAL_PERMISSION]) if (!kernel.permissions.has(id)) kernel.permissions.add('core', { id, label: id, roles: id === REVEAL_PERMISSION ? [] : ['hr'] });
    if (!kernel.i18n.has('zh-CN', 'core.people.import.title')) kernel.i18n.add('core.people.import', importMessages);
    app = createApp(kernel);
    const { sqlite, db } = kernel.dbh;
    // Mounted here until core/routes/index.ts does it (then the app already has them).
    if (!kernel.routes.some((r) => r.path === '/people/import')) {
      registerImportRoutes(app, kernel, { context: peopleContext({ db, sqlite, secret: config.secret, events: { emit: (s, e, p) => kernel.events.emit(s, e, p) }, audit: (c, e) => audit(sqlite, c, e) }) });
    }
    for (const [login, role] of [['boss', 'admin'], ['hrx', 'hr'], ['emp', 'employee']] as const) {
      const id = Number(sqlite.prepare("INSERT INTO core_users (login, name, password_hash, role, locale) VALUES (?, ?, 'x', ?, 'zh-CN')").run(login, login, role).lastInsertRowid);
      const token = generateSessionToken();
      createSession(sqlite, token, id);
      sessions[login] = token;
    }
  });
  afterAll(async () => {
    await kernel.close();
    cleanup(dataDir);
  });

  it('refuses those without the permission', async () => {
    expect((await req('/people/import', 'emp')).status).toBe(403);
    expect((await req('/people/export.csv', 'emp')).status).toBe(403);
    expect((await req('/people/import', null)).status).toBe(303);
  });

  it('serves the page and the templates', async () => {
    const page = await req('/people/import', 'hrx');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('下载 Excel 模板');
    const xlsx = await req('/people/import/template.xlsx', 'hrx');
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect(xlsx.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    const csv = Buffer.from(await (await req('/people/import/template.csv?kind=departments', 'hrx')).arrayBuffer());
    expect(csv.toString('utf8').startsWith('\uFEFF部门名称,上级部门,部门编码,负责人工号')).toBe(true);
  });

  it('upload -> progress -> report with bad rows; fixed upload -> commit -> export', async () => {
    const upload = async (rows: (string | null)[][]) => {
      const form = new FormData();
      form.set('file', new File([new Uint8Array(await employeeWorkbook(rows))], '员工.xlsx'));
      const res = await req('/people/import', 'hrx', { method: 'POST', body: form, headers: { 'hx-request': 'true' } });
      expect(res.status).toBe(200);
      const id = /\/people\/import\/([0-9a-f-]{36})\/status/.exec(await res.text())?.[1];
      expect(id).toBeTruthy();
      for (let i = 0; i < 100; i++) {
        const html = await (await req(`/people/import/${id}/status`, 'hrx', { headers: { 'hx-request': 'true' } })).text();
        if (!html.includes('hx-trigger="load delay:500ms"')) return { id: id!, html };
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('the check never finished');
    };
    const rows = employeeRows(30);
    const bad = rows.map((r) => [...r]);
    bad[4]![4] = 'not-an-email';
    const first = await upload(bad);
    expect(first.html).toContain('有 1 行存在问题');
    expect(first.html).toContain('第 6 行');
    expect(first.html).toContain('邮箱: 邮箱格式不正确');
    expect(first.html).not.toContain('/commit');
    expect((await req(`/people/import/${first.id}`, 'boss')).status).toBe(404); // someone else's job

    const good = await upload(rows);
    expect(good.html).toContain('新增 30 人');
    const done = await (await req(`/people/import/${good.id}/commit`, 'hrx', { method: 'POST', headers: { 'hx-request': 'true' } })).text();
    expect(done).toContain('导入完成：新增 30 人');
    expect((kernel.dbh.sqlite.prepare('SELECT count(*) AS n FROM people_employees').get() as { n: number }).n).toBe(30);

    // HR holds core.people.sensitive: numbers in full, and the export is audited as revealing them (masking: export.test.ts).
    const csv = await (await req('/people/export.csv', 'hrx')).text();
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(31);
    expect(csv).toContain(fakeIdNumber(29));
    const entry = kernel.dbh.sqlite.prepare("SELECT user_login AS who, after FROM core_audit_log WHERE action = 'people.export'").get() as { who: string; after: string };
    expect({ who: entry.who, ...JSON.parse(entry.after) }).toEqual({ who: 'hrx', format: 'csv', count: 30, scope: 'all', revealed: true });
  });
});
