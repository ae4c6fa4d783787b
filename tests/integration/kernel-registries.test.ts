// Services, widgets, bot tools, assets and the admin pages (plugins, jobs, outbox), in process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, type InProcess } from '../helpers/inprocess.js';

const fixture = (id: string, settings: Record<string, unknown> = {}) => ({ path: `tests/fixtures/plugins/${id}`, settings });

describe('plugin registries and admin pages', () => {
  let suite: InProcess;
  let kernel: InProcess['kernel'];

  beforeAll(async () => {
    suite = await startInProcess({
      config: { events: { maxAttempts: 1, retryBaseMs: 10 } },
      plugins: { notices: true, 'svc-consumer': fixture('svc-consumer'), 'svc-provider': fixture('svc-provider'), 'outbox-probe': fixture('outbox-probe', { failTimes: 1 }), 'webhook-probe': fixture('webhook-probe') },
      users: [
        { login: 'boss', role: 'admin', name: 'boss-name' },
        { login: 'hrx', role: 'hr', name: 'hrx-name' },
        { login: 'emp', role: 'employee', name: 'emp-name' },
      ],
    });
    kernel = suite.kernel;
  });
  afterAll(async () => {
    await suite?.close();
  });

  const as = (login: string | null, path: string, method = 'GET') => suite.json(login, method, path);

  it('lets a platform call a webhook route without session or CSRF token, and nothing else', async () => {
    const hook = await suite.app.request('/webhook-probe/hook', { method: 'POST', headers: { cookie: suite.cookieFor('boss'), 'content-type': 'text/xml' }, body: '<xml/>' });
    expect([hook.status, await hook.text()]).toEqual([200, 'user=none']); // anonymous even with a session cookie
    const form = await suite.app.request('/webhook-probe/form', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    expect(form.status).toBe(403);
    expect((await suite.post(null, '/webhook-probe/form', { a: '1' })).status).toBe(200);
  });

  it.each([
    ['private', /webhook must be PUBLIC/],
    ['param', /webhook must be PUBLIC and have a fixed path/],
  ])('refuses to start a plugin declaring a %s webhook', async (bad, message) => {
    await expect(startInProcess({ plugins: { 'webhook-probe': fixture('webhook-probe', { bad }) } })).rejects.toThrow(message);
  });

  it('orders a plugin after the one it requires and hands it the service', async () => {
    const order = kernel.plugins.map((p) => p.id);
    expect(order.indexOf('svc-provider')).toBeLessThan(order.indexOf('svc-consumer'));
    const res = await as('emp', '/svc-consumer/hello');
    expect(await res.text()).toBe('你好，emp-name');
  });

  it('shows widgets only to users with their permission', async () => {
    expect(await (await as('hrx', '/')).text()).toContain('<p class="greeting">hrx-name</p>');
    expect(await (await as('emp', '/')).text()).not.toContain('class="greeting"');
  });

  it('keeps bot tools in a registry with their permission', async () => {
    const tool = kernel.botTools.get('svc-provider.greet');
    expect(tool?.permission).toBe('svc-provider.view');
    expect(await tool!.run({ name: '李雷' }, { user: null as never, locale: 'zh-CN' })).toBe('你好，李雷');
  });

  it('serves plugin assets and nothing outside their folder', async () => {
    const ok = await as(null, '/assets/outbox-probe/probe.txt');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('probe asset\n');
    expect((await as(null, '/assets/outbox-probe/..%2Findex.ts')).status).toBe(404);
  });

  it('lists every plugin with version, migrations and routes on the plugins page', async () => {
    const html = await (await as('boss', '/admin/plugins')).text();
    expect(html).toContain('svc-provider');
    expect(html).toContain('1.2.0');
    expect(html).toContain('0000_init');
    expect(html).toContain('/notices/manage');
  });

  it('runs a job on request and records it in the history', async () => {
    const res = await as('boss', '/admin/jobs/notices.expire/run', 'POST');
    expect(res.status).toBe(303);
    const runs = kernel.jobs.history('notices.expire');
    expect(runs[0]).toMatchObject({ status: 'ok', trigger: 'manual', summary: 'archived 0' });
    expect(await (await as('boss', '/admin/jobs')).text()).toContain('archived 0');
  });

  it('shows a dead letter and delivers it after "retry"', async () => {
    await as(null, '/outbox-probe/emit?n=5', 'POST');
    await kernel.events.drain();
    const dead = kernel.events.deadLetters();
    expect(dead).toHaveLength(1);
    expect(dead[0]!.subscriber).toBe('outbox-probe:flaky');
    const page = await (await as('boss', '/admin/outbox')).text();
    expect(page).toContain('flaky failure 1');
    const retry = await as('boss', `/admin/outbox/${dead[0]!.id}/retry`, 'POST');
    expect(retry.status).toBe(303);
    await kernel.events.drain();
    expect(kernel.events.deadLetters()).toHaveLength(0);
    expect(kernel.events.counts().dead).toBe(0);
  });

  it('lets a plugin seal sensitive fields with its own key and audits every reveal', () => {
    const provider = kernel.contexts.get('svc-provider')!.sensitive;
    const consumer = kernel.contexts.get('svc-consumer')!.sensitive;
    const stored = provider.seal('6222021234567890');
    expect(stored).not.toContain('6222021234567890');
    expect(() => consumer.reveal(null, stored, { entity: 'x', entityId: 1, field: 'bank' })).toThrow();
    expect(provider.reveal(null, stored, { entity: 'svc_things', entityId: 7, field: 'bankAccount' })).toBe('6222021234567890');
    const row = kernel.dbh.sqlite.prepare("SELECT action, entity, entity_id AS entityId, after FROM core_audit_log WHERE action = 'svc-provider.reveal'").get();
    expect(row).toEqual({ action: 'svc-provider.reveal', entity: 'svc_things', entityId: '7', after: JSON.stringify({ field: 'bankAccount' }) });
    expect(provider.mask('6222021234567890', 'bank')).toBe('************7890');
    // Calculations unseal without an audit entry; another plugin's key still fails.
    const audits = () => kernel.dbh.sqlite.prepare('SELECT count(*) FROM core_audit_log').pluck().get();
    const before = audits();
    expect(provider.unseal(stored)).toBe('6222021234567890');
    expect(audits()).toBe(before);
    expect(() => consumer.unseal(stored)).toThrow();
  });

  it('tells plugins the company name entered at setup, as soon as it is entered', () => {
    const config = kernel.contexts.get('svc-provider')!.config;
    expect(config.companyName).toBeNull();
    kernel.dbh.sqlite.prepare("INSERT INTO core_settings (key, value) VALUES ('company.name', ?)").run(JSON.stringify('示例科技有限公司'));
    expect(config.companyName).toBe('示例科技有限公司');
  });

  it('gives plugins read access to the people directory and its scopes', () => {
    const people = kernel.contexts.get('svc-provider')!.people;
    const dept = kernel.people.service.departments.create({ name: '研发部' });
    const id = kernel.people.service.employees.create({ employeeNo: 'P001', name: '李雷', departmentId: dept.id, hireDate: '2026-01-05', idNumber: '11010519491231002X' });
    const found = people.employees.get(id);
    expect(found?.name).toBe('李雷');
    expect(JSON.stringify(found)).not.toContain('11010519491231002X');
    expect(people.employees.list({ q: 'll' }).items.map((e) => e.employeeNo)).toEqual(['P001']);
    expect(people.scopes.visibleEmployeeIds({ employeeId: null }, 'self')).toEqual([]);
    expect(people.scopes.visibleEmployeeIds({ employeeId: null }, 'all')).toEqual([id]);

    // Full ID numbers for a filing: only for a user who may see them, each one audited with the purpose.
    const request = (scope: string | undefined) => {
      const vars: Record<string, unknown> = { user: { id: 1, login: 'u', scopes: new Map(scope ? [['core.people.sensitive', scope]] : []) }, requestId: 'r' };
      return { get: (k: string) => vars[k], req: { header: () => undefined } } as never;
    };
    expect(people.revealIdNumbers(request('department'), [id], 'tax filing')).toBeNull();
    expect(people.revealIdNumbers(request(undefined), [id], 'tax filing')).toBeNull();
    expect(people.revealIdNumbers(request('all'), [id], 'tax filing')).toEqual(new Map([[id, '11010519491231002X']]));
    const audit = kernel.dbh.sqlite.prepare("SELECT after FROM core_audit_log WHERE action = 'people.employee.reveal' AND entity_id = ?").all(String(id));
    expect(audit).toEqual([{ after: JSON.stringify({ field: 'idNumber', purpose: 'tax filing' }) }]);

    // Account names for "decided by" columns, and the language of an employee's account.
    expect(people.userNames([suite.userIds.boss, null, 999_999])).toEqual(new Map([[suite.userIds.boss!, 'boss-name']]));
    expect(people.localeOf(id)).toBeNull(); // no account linked
    kernel.dbh.sqlite.prepare("UPDATE core_users SET locale = 'en' WHERE id = ?").run(suite.userIds.emp);
    kernel.people.service.linkUser(id, suite.userIds.emp!);
    expect(people.localeOf(id)).toBe('en');
  });
});
