// Payroll runs through the running suite (in process): the lifecycle over HTTP (create, calculate, review, approve,
// lock, publish), idempotent recalculation, approval needs payroll.approve (hr 403, admin OK), locking locks the
// month's attendance, a LOCKED or PUBLISHED run cannot be changed through any page or API route of the plugin, and an
// adjustment run corrects it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PluginContext } from '../../core/sdk.js';
import { createPayroll } from '../../plugins/payroll/services/index.js';
import type { PayslipData, SalaryData } from '../../plugins/payroll/services/types.js';
import type { PayrollSettings } from '../../plugins/payroll/settings.js';
import { startInProcess, type InProcess } from '../helpers/inprocess.js';

interface Run {
  id: number;
  month: string;
  kind: string;
  status: string;
  employeeCount: number;
  anomalyCount: number;
  progressDone: number;
  progressTotal: number;
  totals: Record<string, number> | null;
  error: { key: string; message: string } | null;
}
interface PayslipRow {
  payslipId: number;
  employeeId: number;
  employeeNo: string;
  grossCents: number;
  netCents: number;
  taxCents: number;
  flags: string[];
}

describe('payroll runs', () => {
  let suite: InProcess;
  let ctx: PluginContext<PayrollSettings>;
  const ids: Record<string, number> = {};
  let month: string;
  let runId: number;

  beforeAll(async () => {
    suite = await startInProcess({
      plugins: { attendance: { enabled: true }, payroll: { enabled: true } },
      users: [
        { login: 'hr', role: 'hr', name: '王人事' },
        { login: 'hr-en', role: 'hr', name: 'Hanna HR', locale: 'en' },
        { login: 'admin', role: 'admin', name: '管理员' },
        { login: 'emp', role: 'employee', name: '张三' },
      ],
    });
    const { kernel } = suite;
    const people = kernel.people.service;
    const dept = people.departments.create({ name: '研发部' }).id;
    const hire = (no: string, name: string) => people.employees.create({ employeeNo: no, name, departmentId: dept, hireDate: '2020-01-02', status: 'regular' });
    ids.a = hire('E001', '张三');
    ids.b = hire('E002', '李四');
    ids.c = hire('E003', '𠮷田');
    people.linkUser(ids.a, suite.userIds.emp!);
    ctx = kernel.contexts.get('payroll') as PluginContext<PayrollSettings>;
    const { setup } = createPayroll(ctx);
    const salary = (baseCents: number, extra: Partial<SalaryData> = {}): SalaryData => ({
      baseCents,
      allowances: [{ code: 'meal', name: '餐补', amountCents: 300_00, taxable: false }],
      socialBaseCents: baseCents,
      housingFundBaseCents: null,
      housingFundRatePpm: null,
      ...extra,
    });
    setup.saveProfile(null, ids.a, { effectiveFrom: '2020-01-02', structureId: null, cityCode: null, data: salary(30_000_00) });
    setup.saveProfile(null, ids.b, { effectiveFrom: '2020-01-02', structureId: null, cityCode: null, data: salary(12_000_00) });
    setup.saveProfile(null, ids.c, { effectiveFrom: '2020-01-02', structureId: null, cityCode: null, data: salary(8_000_00) });
    // Last full month, two punches per weekday (holidays become overtime: fine for these checks).
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: kernel.config.timezone }).format(new Date());
    const [y, m] = today.split('-').map(Number) as [number, number];
    month = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5)), 0)).getUTCDate();
    const attendance = ctx.services.get('attendance');
    const punches: Parameters<typeof attendance.addPunches>[0] = [];
    for (let d = 1; d <= last; d++) {
      const date = `${month}-${String(d).padStart(2, '0')}`;
      const dow = new Date(`${date}T12:00:00Z`).getUTCDay();
      if (dow === 0 || dow === 6) continue;
      for (const id of [ids.a, ids.b, ids.c]) {
        punches.push({ employeeId: id, at: new Date(`${date}T08:50:00+08:00`), source: 'import', externalId: `t-${id}-${date}-in` });
        punches.push({ employeeId: id, at: new Date(`${date}T18:10:00+08:00`), source: 'import', externalId: `t-${id}-${date}-out` });
      }
    }
    attendance.addPunches(punches);
  });
  afterAll(async () => {
    await suite?.close();
  });

  const sqlite = () => suite.kernel.dbh.sqlite;
  const api = async <T>(login: string, method: string, path: string, body?: unknown) => {
    const res = await suite.json(login, method, `/api/v1/payroll${path}`, body);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
  const unsealed = (run: number) =>
    new Map(
      (sqlite().prepare('SELECT employee_id AS employeeId, data_enc AS dataEnc FROM payroll_payslips WHERE run_id = ? ORDER BY employee_id').all(run) as { employeeId: number; dataEnc: string }[]).map((r) => [
        r.employeeId,
        JSON.parse(ctx.sensitive.unseal(r.dataEnc)) as PayslipData,
      ]),
    );
  /** Everything stored about one run: its row, its payslips and adjustment lines. */
  const snapshot = (run: number) =>
    JSON.stringify({
      run: sqlite().prepare('SELECT * FROM payroll_runs WHERE id = ?').get(run),
      payslips: sqlite().prepare('SELECT * FROM payroll_payslips WHERE run_id = ? ORDER BY id').all(run),
      adjustments: sqlite().prepare('SELECT * FROM payroll_adjustments WHERE run_id = ? ORDER BY id').all(run),
    });

  it('creates, calculates and reviews a run over the API; recalculating gives the same payslips and totals', async () => {
    const created = await api<Run>('hr', 'POST', '/runs', { month });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ month, kind: 'regular', status: 'draft' });
    runId = created.body.id;
    expect((await api('hr', 'POST', '/runs', { month })).status).toBe(409);
    expect((await api('hr', 'POST', '/runs', { month: '2026-13' })).status).toBe(400);

    const first = await api<Run>('hr', 'POST', `/runs/${runId}/calculate`);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ status: 'calculated', employeeCount: 3, progressDone: 3, progressTotal: 3, error: null });
    const slips = await api<{ total: number; items: PayslipRow[] }>('hr', 'GET', `/runs/${runId}/payslips`);
    expect(slips.status).toBe(200);
    expect(slips.body.items.map((i) => i.employeeNo)).toEqual(['E001', 'E002', 'E003']);
    const sum = (k: 'grossCents' | 'netCents' | 'taxCents') => slips.body.items.reduce((s, i) => s + i[k], 0);
    expect(first.body.totals).toMatchObject({ grossCents: sum('grossCents'), netCents: sum('netCents'), taxCents: sum('taxCents') });
    const before = unsealed(runId);
    expect(before.get(ids.a!)!.name).toBe('张三');

    const again = await api<Run>('hr', 'POST', `/runs/${runId}/calculate`);
    expect(again.body.totals).toEqual(first.body.totals);
    const after = unsealed(runId);
    for (const [id, data] of before) expect(after.get(id)).toEqual(data);
    expect(sqlite().prepare('SELECT count(*) FROM payroll_payslips WHERE run_id = ?').pluck().get(runId)).toBe(3);

    // Viewing the figures is audited; events never carry amounts.
    expect(sqlite().prepare("SELECT count(*) FROM core_audit_log WHERE action = 'payroll.run.view'").pluck().get()).toBeGreaterThan(0);
  });

  it('shows the run list and the run page to HR, not to employees', async () => {
    const list = await suite.get('hr', '/payroll/runs');
    expect(list.status).toBe(200);
    const text = await list.text();
    expect(text).toContain(`href="/payroll/runs/${runId}"`);
    const page = await suite.get('hr', `/payroll/runs/${runId}`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('𠮷田');
    expect(html).toMatch(/\d{1,3}(,\d{3})*\.\d{2}/);
    const en = await (await suite.get('hr-en', `/payroll/runs/${runId}`)).text();
    expect(en).toContain('Recalculate');
    expect((await suite.get('emp', '/payroll/runs')).status).toBe(403);
    expect((await suite.get('emp', `/payroll/runs/${runId}`)).status).toBe(403);
    expect((await api('emp', 'GET', '/runs')).status).toBe(403);
    // Not calculating: the progress fragment asks htmx to refresh the page.
    const progress = await suite.get('hr', `/payroll/runs/${runId}/progress`, { 'hx-request': 'true' });
    expect(progress.status).toBe(204);
    expect(progress.headers.get('hx-refresh')).toBe('true');
    // A second run of the month through the page: refused with the reason.
    const dup = await suite.post('hr', '/payroll/runs', { month, kind: 'regular' });
    expect(dup.status).toBe(409);
  });

  it('needs payroll.approve to approve, lock and publish: hr gets 403, admin passes; locking locks the attendance month', async () => {
    expect((await api('hr', 'POST', `/runs/${runId}/approve`)).status).toBe(403);
    expect((await suite.post('hr', `/payroll/runs/${runId}/approve`)).status).toBe(403);
    const approved = await suite.post('admin', `/payroll/runs/${runId}/approve`);
    expect(approved.status).toBe(303);
    expect((await api<Run>('admin', 'GET', `/runs/${runId}`)).body.status).toBe('approved');
    expect((await api('hr', 'POST', `/runs/${runId}/lock`)).status).toBe(403);
    const attendance = ctx.services.get('attendance');
    expect(attendance.isMonthLocked(month)).toBe(false);
    const locked = await api<Run>('admin', 'POST', `/runs/${runId}/lock`);
    expect(locked.status).toBe(200);
    expect(locked.body.status).toBe('locked');
    expect(attendance.isMonthLocked(month)).toBe(true);
    const audited = sqlite().prepare("SELECT action, user_login AS login FROM core_audit_log WHERE action LIKE 'payroll.run.%' AND entity_id = ? ORDER BY id").all(String(runId)) as { action: string; login: string }[];
    expect(audited).toEqual(expect.arrayContaining([{ action: 'payroll.run.approve', login: 'admin' }, { action: 'payroll.run.lock', login: 'admin' }, { action: 'payroll.run.calculate', login: 'hr' }]));
  });

  /**
   * Every POST/PUT/PATCH/DELETE route of the plugin, pages and API, with every
   * path parameter set to the run's id, then to each of its payslips' ids, sent
   * by admin and by hr with a body that passes most forms: the run's row, its
   * payslips and its adjustment lines stay exactly as they were.
   */
  const walkEveryWrite = async (run: number, skip: (path: string) => boolean) => {
    const routes = suite.kernel.routes.filter((r) => r.plugin === 'payroll' && ['post', 'put', 'patch', 'delete'].includes(r.method) && !skip(r.path));
    expect(routes.length).toBeGreaterThan(10);
    const payslipIds = sqlite().prepare('SELECT id FROM payroll_payslips WHERE run_id = ?').pluck().all(run) as number[];
    const form = { month, kind: 'earning', name: '补发', amount: '100', employeeNo: 'E001', taxable: 'on', note: 'x', correctsRunId: String(run) };
    const body = { month, kind: 'earning', name: '补发', amount: 100, amountCents: 10000, employeeId: ids.a, employeeNo: 'E001', taxable: true, note: 'x' };
    const before = snapshot(run);
    const statuses = new Map<string, number[]>();
    for (const route of routes) {
      for (const value of [run, ...payslipIds.slice(0, 1)]) {
        const path = route.path.replace(/:[A-Za-z]+(\{[^}]*\})?/g, String(value));
        expect(path).not.toMatch(/[:{]/);
        for (const login of ['admin', 'hr']) {
          const res =
            route.kind === 'api'
              ? await suite.json(login, route.method.toUpperCase(), path, route.method === 'delete' ? undefined : body)
              : await suite.post(login, path, form);
          expect(res.status, `${route.method} ${path} as ${login}`).toBeLessThan(500);
          statuses.set(`${route.method} ${route.path}`, [...(statuses.get(`${route.method} ${route.path}`) ?? []), res.status]);
          expect(snapshot(run), `${route.method} ${path} as ${login} changed run ${run}`).toBe(before);
        }
      }
    }
    return statuses;
  };

  it('refuses every change to the locked run through any page or API route', async () => {
    const statuses = await walkEveryWrite(runId, (path) => path.endsWith('/publish'));
    // The run's own actions answer 409 "locked" (or 403 for hr on approve/lock).
    for (const key of ['post /api/v1/payroll/runs/:id/calculate', 'post /payroll/runs/:id/calculate', 'delete /api/v1/payroll/runs/:id', 'post /payroll/runs/:id/delete']) {
      expect(statuses.get(key), key).toContain(409);
    }
    const res = await api<{ error: { message: string } }>('hr', 'POST', `/runs/${runId}/calculate`);
    expect(res.status).toBe(409);
    expect(JSON.stringify(res.body)).toContain('已锁定');
  });

  it('corrects the locked run with an adjustment run', async () => {
    expect((await api('hr', 'POST', `/runs/${runId}/adjustments`, { employeeId: ids.a, kind: 'earning', name: '补发', amountCents: 100_00, taxable: true })).status).toBe(409);
    const created = await api<Run>('hr', 'POST', '/runs', { kind: 'adjustment', correctsRunId: runId, note: '补发加班费' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const adj = created.body.id;
    expect(created.body).toMatchObject({ month, kind: 'adjustment', status: 'draft' });
    const line = await api<{ id: number }>('hr', 'POST', `/runs/${adj}/adjustments`, { employeeId: ids.a, kind: 'earning', name: '补发加班费', amountCents: 2_000_00, taxable: true });
    expect(line.status).toBe(201);
    // The page form takes an employee number and yuan.
    const viaPage = await suite.post('hr', `/payroll/runs/${adj}/adjustments`, { employeeNo: 'E002', kind: 'deduction', name: '扣回多发餐补', amount: '150.50', taxable: '' });
    expect(viaPage.status).toBe(303);
    const bad = await suite.post('hr', `/payroll/runs/${adj}/adjustments`, { employeeNo: 'E002', kind: 'deduction', name: 'x', amount: '1.234' });
    expect(bad.status).toBe(400);
    expect((await api<{ items: unknown[] }>('hr', 'GET', `/runs/${adj}/adjustments`)).body.items).toHaveLength(2);

    const calculated = await api<Run>('hr', 'POST', `/runs/${adj}/calculate`);
    expect(calculated.body).toMatchObject({ status: 'calculated', employeeCount: 2 });
    const locked = unsealed(runId);
    const slips = unsealed(adj);
    const a = slips.get(ids.a!)!;
    const lockedA = locked.get(ids.a!)!;
    expect(a.grossCents).toBe(2_000_00);
    expect(a.withholding.cumulativeIncome).toBe(lockedA.withholding.cumulativeIncome + 2_000_00);
    expect(a.withholding.cumulativeWithheld).toBe(lockedA.withholding.cumulativeWithheld + lockedA.withholding.taxCents);
    const b = slips.get(ids.b!)!;
    expect(b.netCents).toBe(-150_50);
    expect((await api('admin', 'POST', `/runs/${adj}/approve`)).status).toBe(200);
    expect((await api('admin', 'POST', `/runs/${adj}/lock`)).status).toBe(200);
    // The locked run itself is untouched.
    expect(unsealed(runId)).toEqual(locked);
  });

  it('publishes with one event per payslip and no amounts, and then refuses every change as well', async () => {
    const published = await api<Run>('admin', 'POST', `/runs/${runId}/publish`);
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    const events = sqlite().prepare("SELECT payload FROM core_outbox_events WHERE name = 'payroll.payslip.published'").pluck().all() as string[];
    expect(events).toHaveLength(3);
    for (const e of events) {
      const payload = JSON.parse(e) as Record<string, unknown>;
      expect(Object.keys(payload).sort()).toEqual(['employeeId', 'month', 'path', 'payslipId']);
    }
    expect(sqlite().prepare('SELECT count(*) FROM payroll_payslips WHERE run_id = ? AND published_at IS NULL').pluck().get(runId)).toBe(0);
    // Confirming receipt (确认工资条) is the employee's own act on a published payslip, not a change of the run.
    const statuses = await walkEveryWrite(runId, (path) => path.includes('/confirm'));
    expect(statuses.get('post /api/v1/payroll/runs/:id/publish')).toContain(409);
  });

  it('lists the run endpoints in the OpenAPI document', async () => {
    const res = await suite.get('hr', '/api/v1/openapi.json');
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    for (const path of ['/api/v1/payroll/runs', '/api/v1/payroll/runs/{id}', '/api/v1/payroll/runs/{id}/calculate', '/api/v1/payroll/runs/{id}/payslips', '/api/v1/payroll/runs/{id}/approve']) {
      expect(Object.keys(doc.paths), path).toContain(path);
    }
  });
});
