// Route scopes (fixture plugin with scoped page and API routes), custom-role scopes, employeeId, in process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, type InProcess } from '../helpers/inprocess.js';

describe('routes that declare a minimum scope', () => {
  let suite: InProcess;
  let kernel: InProcess['kernel'];
  let app: InProcess['app'];

  beforeAll(async () => {
    suite = await startInProcess({ plugins: { notices: true, 'scoped-probe': { path: 'tests/fixtures/plugins/scoped-probe' } } });
    ({ kernel, app } = suite);
    kernel.roles.save({ id: 'dept-exporter', name: 'Dept exporter', description: '', grants: { 'scoped-probe.export': 'department' } });
    kernel.roles.save({ id: 'all-exporter', name: 'All exporter', description: '', grants: { 'scoped-probe.export': 'all' } });
    for (const role of ['admin', 'hr', 'manager', 'employee', 'dept-exporter', 'all-exporter']) suite.addUser({ login: role, role });
  });
  afterAll(async () => {
    await suite?.close();
  });

  const as = (role: string, path: string) => suite.get(role, path);
  const statuses = async (path: string, roles: string[]) => Object.fromEntries(await Promise.all(roles.map(async (r) => [r, (await as(r, path)).status])));
  const everyone = ['admin', 'hr', 'manager', 'employee', 'dept-exporter', 'all-exporter'];

  it('records the scope in the route registry', () => {
    const find = (path: string) => kernel.routes.find((r) => r.path === path);
    expect(find('/scoped-probe/export')).toMatchObject({ permission: 'scoped-probe.export', scope: 'all', kind: 'page' });
    expect(find('/scoped-probe/team')?.scope).toBe('team');
    expect(find('/scoped-probe/any')?.scope).toBeUndefined();
    expect(find('/api/v1/scoped-probe/export')).toMatchObject({ scope: 'department', kind: 'api' });
  });

  it('refuses a page to a narrower scope than it declares', async () => {
    expect(await statuses('/scoped-probe/export', everyone)).toEqual({ admin: 200, hr: 200, manager: 403, employee: 403, 'dept-exporter': 403, 'all-exporter': 200 });
    expect(await statuses('/scoped-probe/team', everyone)).toEqual({ admin: 200, hr: 200, manager: 200, employee: 403, 'dept-exporter': 200, 'all-exporter': 200 });
    expect(await statuses('/scoped-probe/any', everyone)).toEqual({ admin: 200, hr: 200, manager: 200, employee: 403, 'dept-exporter': 200, 'all-exporter': 200 });
    expect(await (await as('dept-exporter', '/scoped-probe/team')).text()).toBe('team department');
  });

  it('refuses an API route to a narrower scope, and documents the scope', async () => {
    expect(await statuses('/api/v1/scoped-probe/export', everyone)).toEqual({ admin: 200, hr: 200, manager: 403, employee: 403, 'dept-exporter': 200, 'all-exporter': 200 });
    const doc = (await (await app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, Record<string, unknown>>> };
    expect(doc.paths['/api/v1/scoped-probe/export']!.get!['x-scope']).toBe('department');
  });

  it('shows the scope on /admin/routes', async () => {
    const html = await (await as('admin', '/admin/routes')).text();
    expect(html).toContain('/scoped-probe/export');
    expect(html).toMatch(/<span class="badge badge-info">全部<\/span>/);
  });

  it('fills employeeId from the people directory, null for an account without an employee', async () => {
    const employeeOf = async (role: string) => ((await (await as(role, '/api/v1/scoped-probe/export')).json()) as { employeeId: number | null }).employeeId;
    expect(await employeeOf('hr')).toBeNull();
    const { sqlite } = kernel.dbh;
    // The directory is built in parallel: link an employee only when its table is there.
    if (!sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = 'people_employees'").get()) return;
    const dept = Number(sqlite.prepare("INSERT INTO people_departments (name) VALUES ('研发部')").run().lastInsertRowid);
    const hrUser = (sqlite.prepare("SELECT id FROM core_users WHERE login = 'hr'").get() as { id: number }).id;
    const emp = Number(sqlite.prepare("INSERT INTO people_employees (employee_no, name, department_id, user_id) VALUES ('E001', '张三', ?, ?)").run(dept, hrUser).lastInsertRowid);
    expect(await employeeOf('hr')).toBe(emp);
    expect(await employeeOf('admin')).toBeNull();
  });
});
