// The audit log admin page and CSV export, in process; plus its append-only guarantees.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountAuditRoutes } from '../../core/routes/audit.js';
import { startInProcess, type InProcess } from '../helpers/inprocess.js';

/** 2026-11-20 09:30:00 in Shanghai. */
const T0 = Date.parse('2026-11-20T01:30:00Z');
const HOUR = 3_600_000;

/** RFC 4180 reader, enough to check what the export wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += ch;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

const idsOf = (html: string) => [...html.matchAll(/<tr id="audit-(\d+)"/g)].map((m) => Number(m[1]));

describe('audit log page and export', () => {
  let suite: InProcess;
  let kernel: InProcess['kernel'];
  const seeded: Record<string, number> = {};

  const insert = (row: { at: number; login?: string | null; ip?: string; action: string; entity: string; entityId?: string; before?: unknown; after?: unknown }) =>
    Number(
      kernel.dbh.sqlite
        .prepare('INSERT INTO core_audit_log (at, user_login, ip, action, entity, entity_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(row.at, row.login ?? null, row.ip ?? null, row.action, row.entity, row.entityId ?? null, row.before === undefined ? null : JSON.stringify(row.before), row.after === undefined ? null : JSON.stringify(row.after))
        .lastInsertRowid,
    );

  beforeAll(async () => {
    suite = await startInProcess({
      plugins: {},
      users: [{ login: 'boss', role: 'admin' }, { login: 'boss-en', role: 'admin', locale: 'en' }, { login: 'emp', role: 'employee' }],
    });
    kernel = suite.kernel;
    // Until core/routes/admin.ts mounts them itself.
    if (!kernel.routes.some((r) => r.path === '/admin/audit')) mountAuditRoutes(suite.app, kernel);
    seeded.create = insert({ at: T0, login: 'zhang.san', ip: '10.0.0.8', action: 'people.employee.create', entity: 'people_employees', entityId: '17', after: { name: '张三', mobile: '13800000000' } });
    seeded.update = insert({
      at: T0 + 24 * HOUR,
      login: 'li.si',
      ip: '10.0.0.9',
      action: 'people.employee.update',
      entity: 'people_employees',
      entityId: '17',
      before: { name: '张三', mobile: '13800000000', note: 'a' },
      after: { name: '张三', mobile: '13900000000', note: 'a' },
    });
    seeded.notice = insert({ at: T0 + 48 * HOUR, login: 'admin', ip: '::1', action: 'notices.publish', entity: 'notices_notices', entityId: '3', after: { title: '年会通知, "周五" 下午\n地点：三楼' } });
    seeded.salary = insert({ at: T0 + 49 * HOUR, login: null, action: 'payroll.salary.read', entity: 'payroll_slips', entityId: '99' });
  });
  afterAll(async () => {
    await suite?.close();
  });

  const as = (login: string | null, path: string, headers: Record<string, string> = {}) => suite.get(login, path, headers);
  const page = async (query = '', login = 'boss') => {
    const res = await as(login, `/admin/audit${query}`);
    expect(res.status).toBe(200);
    return res.text();
  };

  it('is for holders of core.audit.view only', async () => {
    expect((await as('emp', '/admin/audit')).status).toBe(403);
    expect((await as('emp', '/admin/audit.csv')).status).toBe(403);
    const anonymous = await as(null, '/admin/audit');
    expect([302, 303]).toContain(anonymous.status);
    expect(anonymous.headers.get('location')).toMatch(/^\/login/);
  });

  it('lists entries newest first with time in the configured zone, login, address and changed keys', async () => {
    const html = await page();
    expect(idsOf(html).filter((id) => Object.values(seeded).includes(id))).toEqual([seeded.salary, seeded.notice, seeded.update, seeded.create]);
    expect(html).toContain('<html');
    expect(html).toContain('09:30:00');
    expect(html).toContain('zhang.san');
    expect(html).toContain('10.0.0.8');
    expect(html).toContain('系统');
    const row = html.slice(html.indexOf(`<tr id="audit-${seeded.update}"`), html.indexOf(`<tr id="audit-${seeded.create}"`));
    expect(row).toContain('<tr class="audit-changed">');
    expect(row).toContain('<mark>mobile</mark>');
    expect(row).not.toContain('<mark>name</mark>');
    expect(row).toContain('1 项变更');
  });

  it('filters by user, action prefix, entity, entity id, dates and text', async () => {
    expect(idsOf(await page('?user=ZHANG'))).toEqual([seeded.create]);
    expect(idsOf(await page('?action=people.employee.'))).toEqual([seeded.update, seeded.create]);
    expect(idsOf(await page('?entity=notices_notices'))).toEqual([seeded.notice]);
    expect(idsOf(await page('?entity=people_employees&entityId=17'))).toEqual([seeded.update, seeded.create]);
    expect(idsOf(await page('?entityId=99'))).toEqual([seeded.salary]);
    // Dates are Shanghai days, both ends inclusive: 11-21 is the update's day (09:30 local).
    expect(idsOf(await page('?from=2026-11-21&to=2026-11-21'))).toEqual([seeded.update]);
    expect(idsOf(await page('?from=2026-11-22&action=notices'))).toEqual([seeded.notice]);
    expect(idsOf(await page('?to=2026-11-20'))).toEqual([seeded.create]);
    expect(idsOf(await page('?q=13900000000'))).toEqual([seeded.update]);
    expect(idsOf(await page(`?q=${encodeURIComponent('年会')}`))).toEqual([seeded.notice]);
  });

  it('says so when nothing matches, and marks a bad date', async () => {
    const html = await page('?user=nobody');
    expect(idsOf(html)).toEqual([]);
    expect(html).toContain('没有符合筛选条件的记录。');
    const bad = await page('?from=2026-13-01&user=zhang');
    expect(bad).toContain('aria-invalid="true"');
    expect(idsOf(bad)).toEqual([seeded.create]);
  });

  it('answers htmx with the results region only, links keeping the filters', async () => {
    const res = await as('boss', '/admin/audit?user=li', { 'hx-request': 'true' });
    const html = await res.text();
    expect(html).not.toContain('<html');
    expect(html).not.toContain('<form');
    expect(idsOf(html)).toEqual([seeded.update]);
    expect(html).toContain('href="/admin/audit.csv?user=li"');
    expect(res.headers.get('vary')).toContain('HX-Request');
  });

  it('pages 50 at a time, newest first, with keyset links both ways', async () => {
    const first = await page('?action=bulk.');
    expect(idsOf(first)).toEqual([]);
    const insertMany = kernel.dbh.sqlite.transaction(() => {
      for (let i = 0; i < 120; i++) insert({ at: T0 + i * 1000, login: 'bulk', action: 'bulk.touch', entity: 'bulk', entityId: String(i) });
    });
    insertMany();
    const p1 = await page('?action=bulk.');
    const ids1 = idsOf(p1);
    expect(ids1).toHaveLength(50);
    expect(ids1).toEqual([...ids1].sort((a, b) => b - a));
    const older = /rel="next" href="([^"]+)"/.exec(p1)![1]!.replaceAll('&amp;', '&');
    expect(older).toBe(`/admin/audit?action=bulk.&before=${ids1.at(-1)}`);
    const p2 = await page(older.slice('/admin/audit'.length));
    const ids2 = idsOf(p2);
    expect(ids2[0]).toBe(ids1.at(-1)! - 1);
    const p3 = await page(/rel="next" href="([^"]+)"/.exec(p2)![1]!.replaceAll('&amp;', '&').slice('/admin/audit'.length));
    expect(idsOf(p3)).toHaveLength(20);
    expect(p3).not.toContain('rel="next" href');
    const back = /rel="prev" href="([^"]+)"/.exec(p3)![1]!.replaceAll('&amp;', '&');
    expect(idsOf(await page(back.slice('/admin/audit'.length)))).toEqual(ids2);
  });

  it('exports CSV with a BOM, the viewer’s headers, RFC 4180 quoting and a dated file name', async () => {
    const res = await as('boss', '/admin/audit.csv?entity=notices_notices');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-\d{8}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual(['编号', '时间', '用户', 'IP 地址', '操作', '对象', '对象 ID', '修改前', '修改后', '请求 ID']);
    expect(rows).toHaveLength(2);
    expect(rows[1]!.slice(0, 7)).toEqual([String(seeded.notice), '2026-11-22 09:30:00', 'admin', '::1', 'notices.publish', 'notices_notices', '3']);
    expect(JSON.parse(rows[1]![8]!)).toEqual({ title: '年会通知, "周五" 下午\n地点：三楼' });
    const en = parseCsv((await (await as('boss-en', '/admin/audit.csv?entity=payroll_slips')).text()).replace(/^\uFEFF/, ''));
    expect(en[0]![0]).toBe('No.');
    expect(en[1]![2]).toBe('');
  });

  it('records every export in the audit log, with its filters', async () => {
    await as('boss', '/admin/audit.csv?user=zhang&from=2026-11-01');
    const row = kernel.dbh.sqlite.prepare("SELECT user_login, entity, after FROM core_audit_log WHERE action = 'core.audit.export' ORDER BY id DESC LIMIT 1").get() as { user_login: string; entity: string; after: string };
    expect(row.user_login).toBe('boss');
    expect(row.entity).toBe('core_audit_log');
    expect(JSON.parse(row.after)).toMatchObject({ format: 'csv', filters: { user: 'zhang', from: '2026-11-01' } });
    expect(idsOf(await page('?action=core.audit.export')).length).toBeGreaterThan(0);
  });

  it('streams 100,000 rows in batches', async () => {
    const stmt = kernel.dbh.sqlite.prepare("INSERT INTO core_audit_log (at, user_login, action, entity, entity_id, after) VALUES (?, 'load', 'load.row', 'load', ?, ?)");
    kernel.dbh.sqlite.transaction(() => {
      for (let i = 0; i < 100_000; i++) stmt.run(T0 + i, String(i), JSON.stringify({ i, text: '压力测试, "quoted"' }));
    })();
    const res = await as('boss', '/admin/audit.csv?action=load.');
    const reader = res.body!.getReader();
    let chunks = 0;
    let lines = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      for (const b of value) if (b === 0x0a) lines++;
    }
    expect(lines).toBe(100_001);
    expect(chunks).toBeGreaterThan(50);
  });

  it('is append-only: GET routes only, and the database refuses UPDATE and DELETE', () => {
    const auditRoutes = kernel.routes.filter((r) => r.path.startsWith('/admin/audit'));
    expect(auditRoutes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(['get /admin/audit', 'get /admin/audit.csv']);
    const sqlite = kernel.dbh.sqlite;
    expect(() => sqlite.prepare("UPDATE core_audit_log SET action = 'x' WHERE id = ?").run(seeded.create)).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM core_audit_log WHERE id = ?').run(seeded.create)).toThrow(/append-only/);
    expect(() => sqlite.prepare('DELETE FROM core_audit_log').run()).toThrow(/append-only/);
    expect((sqlite.prepare('SELECT action FROM core_audit_log WHERE id = ?').get(seeded.create) as { action: string }).action).toBe('people.employee.create');
  });
});
