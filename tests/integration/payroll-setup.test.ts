// Payroll setup through the running suite (in process): HR edits a salary through the page, bad input gets a clear 400/422
// and writes nothing, employees get 403 on admin pages and API, viewing amounts is audited, the list shows no amounts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, type InProcess } from '../helpers/inprocess.js';

describe('payroll setup pages and API', () => {
  let suite: InProcess;
  let anna: number;
  let bo: number;

  beforeAll(async () => {
    suite = await startInProcess({
      plugins: { attendance: { enabled: true }, payroll: { enabled: true } },
      users: [
        { login: 'hr', role: 'hr', name: '王人事' },
        { login: 'hr-en', role: 'hr', name: 'Hanna HR', locale: 'en' },
        { login: 'emp', role: 'employee', name: '安娜' },
        { login: 'mgr', role: 'manager', name: '李经理' },
      ],
    });
    const people = suite.kernel.people.service;
    const dept = people.departments.create({ name: '研发部' }).id;
    anna = people.employees.create({ employeeNo: 'E001', name: '安娜', departmentId: dept, hireDate: '2024-01-02' });
    bo = people.employees.create({ employeeNo: 'E002', name: '薄波', departmentId: dept, hireDate: '2024-01-02' });
    people.linkUser(anna, suite.userIds.emp!);
  });
  afterAll(async () => {
    await suite?.close();
  });

  const sqlite = () => suite.kernel.dbh.sqlite;
  const count = (table: string) => sqlite().prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const audits = (action: string) => sqlite().prepare('SELECT user_login AS login, entity_id AS entityId, before, after FROM core_audit_log WHERE action = ? ORDER BY id').all(action) as { login: string; entityId: string; before: string | null; after: string | null }[];
  const html = async (login: string, path: string) => {
    const res = await suite.get(login, path);
    return { status: res.status, text: await res.text() };
  };
  const profileForm = (patch: Record<string, string | string[]> = {}) => ({
    effectiveFrom: '2026-01-01',
    cityCode: 'shanghai',
    structureId: '',
    base: '12,000.50',
    allowanceName: ['交通补贴', '餐补', ''],
    allowanceAmount: ['800', '300.25', ''],
    allowanceTaxable: ['yes', 'no', 'yes'],
    socialBase: '12000',
    housingFundBase: '',
    housingFundRate: '7',
    note: '入职定薪',
    ...patch,
  });

  it('shows HR the hub with every admin link', async () => {
    const hub = await html('hr', '/payroll/admin');
    expect(hub.status).toBe(200);
    for (const href of ['/payroll/runs', '/payroll/admin/employees', '/payroll/admin/components', '/payroll/admin/structures', '/payroll/admin/cities', '/payroll/exports', '/payroll/tax-calculator']) {
      expect(hub.text).toContain(`href="${href}"`);
    }
    expect(hub.text).toContain('示例数据');
  });

  it('refuses employees and managers on every admin page and API with 403', async () => {
    for (const login of ['emp', 'mgr']) {
      for (const path of ['/payroll/admin', '/payroll/admin/employees', `/payroll/admin/employees/${anna}`, '/payroll/admin/components', '/payroll/admin/structures', '/payroll/admin/cities']) {
        expect((await suite.get(login, path)).status, `${login} ${path}`).toBe(403);
      }
      expect((await suite.post(login, `/payroll/admin/employees/${anna}/profile`, profileForm())).status).toBe(403);
      expect((await suite.json(login, 'GET', `/api/v1/payroll/employees/${anna}/salary`)).status).toBe(403);
      expect((await suite.json(login, 'PUT', `/api/v1/payroll/employees/${anna}/salary`, {})).status).toBe(403);
    }
    expect(count('payroll_salary_profiles')).toBe(0);
  });

  it('lets HR set a salary through the page; the raw row is sealed and the view is audited', async () => {
    const res = await suite.post('hr', `/payroll/admin/employees/${anna}/profile`, profileForm());
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/payroll/admin/employees/${anna}`);
    const raw = sqlite().prepare('SELECT * FROM payroll_salary_profiles WHERE employee_id = ?').get(anna) as Record<string, unknown>;
    expect(raw).toMatchObject({ effective_from: '2026-01-01', city_code: 'shanghai', note: '入职定薪' });
    expect(JSON.stringify(raw)).not.toMatch(/1200050|交通补贴|30025/);
    expect(audits('payroll.profile.create').map((a) => a.login)).toEqual(['hr']);

    const viewsBefore = audits('payroll.salary.view').length;
    const page = await html('hr', `/payroll/admin/employees/${anna}`);
    expect(page.status).toBe(200);
    for (const text of ['12,000.50', '交通补贴', '800.00', '300.25', '免税', '7%']) expect(page.text).toContain(text);
    const views = audits('payroll.salary.view');
    expect(views).toHaveLength(viewsBefore + 1);
    expect(views.at(-1)).toMatchObject({ login: 'hr', entityId: String(anna) });
  });

  it('lists profile status without amounts', async () => {
    const list = await html('hr', '/payroll/admin/employees?q=E00');
    expect(list.status).toBe(200);
    expect(list.text).toContain('安娜');
    expect(list.text).toContain('已建档');
    expect(list.text).toContain('未建档'); // 薄波
    expect(list.text).not.toMatch(/12,000|12000|800\.00/);
  });

  it.each([
    ['an amount with three decimals', { base: '12000.505' }, 400, 'base', '金额格式不对'],
    ['a missing base', { base: '' }, 400, 'base', '必填'],
    ['an impossible date', { effectiveFrom: '2026-02-30' }, 400, 'effectiveFrom', 'YYYY-MM-DD'],
    ['an allowance without a name', { allowanceName: ['', '餐补'], allowanceAmount: ['100', '200'], allowanceTaxable: ['yes', 'yes'] }, 400, 'allowanceName-0', '请填写津贴名称'],
    ['a city without rules', { cityCode: 'atlantis' }, 422, 'cityCode', '还没有社保政策'],
    ['a housing fund rate outside the city range', { housingFundRate: '12' }, 422, 'housingFundRate', '5% 到 7%'],
  ])('answers %s with a clear message next to the field, keeps the values and writes nothing', async (_name, patch, status, field, message) => {
    const before = count('payroll_salary_profiles');
    const form = profileForm({ effectiveFrom: '2026-04-01', ...patch });
    const res = await suite.post('hr', `/payroll/admin/employees/${anna}/profile`, form);
    expect(res.status).toBe(status);
    const text = await res.text();
    expect(text).toContain(message);
    expect(text).toContain(`id="sf-${field}-error"`);
    // The values typed are still in the form.
    expect(text).toContain(`value="${String(form.base).replace(/"/g, '&quot;')}"`);
    expect(text).toContain('value="入职定薪"');
    expect(count('payroll_salary_profiles')).toBe(before);
  });

  it('answers 404 for an unknown employee, in pages and API', async () => {
    expect((await suite.get('hr', '/payroll/admin/employees/999999')).status).toBe(404);
    expect((await suite.get('hr', '/payroll/admin/employees/abc')).status).toBe(404);
    expect((await suite.post('hr', '/payroll/admin/employees/999999/profile', profileForm())).status).toBe(404);
    expect((await suite.json('hr', 'GET', '/api/v1/payroll/employees/999999/salary')).status).toBe(404);
  });

  it('saves the payroll card and 专项附加扣除 from the page', async () => {
    const bank = await suite.post('hr', `/payroll/admin/employees/${anna}/bank`, { bankName: '招商银行', accountName: '安娜', account: '6225 8812 3456 7890' });
    expect(bank.status).toBe(303);
    const deductions = await suite.post('hr', `/payroll/admin/employees/${anna}/deductions`, { effectiveFrom: '2026-01', childrenEducation: '2000', elderlySupport: '1,500', housingRent: '', housingLoanInterest: '' });
    expect(deductions.status).toBe(303);
    const refused = await suite.post('hr', `/payroll/admin/employees/${anna}/deductions`, { effectiveFrom: '2026-02', housingRent: '1500', housingLoanInterest: '1000' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('不能同时扣除');
    expect(count('payroll_additional_deductions')).toBe(1);
    const page = await html('hr', `/payroll/admin/employees/${anna}`);
    expect(page.text).toContain('************7890');
    expect(page.text).not.toContain('622588123456');
    expect(page.text).toContain('2,000.00');
  });

  it('refuses a bad formula naming the column, in the page and the API, writing nothing', async () => {
    const before = count('payroll_components');
    const res = await suite.post('hr', '/payroll/admin/components', { code: 'meal', nameZh: '餐补', nameEn: 'Meal', kind: 'earning', formula: 'days_worked * * 20', taxable: 'on', active: 'on', sort: '5' });
    expect(res.status).toBe(422);
    const text = await res.text();
    expect(text).toContain('第 15 个字符');
    expect(text).toContain('days_worked * * 20');
    const api = await suite.json('hr-en', 'POST', '/api/v1/payroll/components', { code: 'meal', nameZh: '餐补', nameEn: 'Meal', kind: 'earning', formula: 'meal_days * 20' });
    expect(api.status).toBe(422);
    expect(((await api.json()) as { error: { message: string } }).error.message).toMatch(/character 1.*meal_days/);
    expect(count('payroll_components')).toBe(before);
    const ok = await suite.json('hr', 'POST', '/api/v1/payroll/components', { code: 'meal', nameZh: '餐补', nameEn: 'Meal', kind: 'earning', formula: 'days_worked * 20', taxable: false });
    expect(ok.status).toBe(201);
    expect(count('payroll_components')).toBe(before + 1);
  });

  it('refuses city rules with every problem marked, and saves good ones in cents and ppm', async () => {
    const shanghai = sqlite().prepare("SELECT id FROM payroll_city_policies WHERE city_code = 'shanghai'").pluck().get() as number;
    const editPage = await html('hr', `/payroll/admin/cities/${shanghai}`);
    expect(editPage.status).toBe(200);
    expect(editPage.text).toContain('value="7384.00"');
    const values: Record<string, string> = {};
    for (const m of editPage.text.matchAll(/<input id="sf-[^"]+" name="([^"]+)" type="[^"]+" value="([^"]*)"/g)) values[m[1]!] = m[2]!;
    Object.assign(values, { rounding_unit: '1', rounding_mode: 'half_up' });
    const before = JSON.stringify(sqlite().prepare('SELECT * FROM payroll_city_policies ORDER BY id').all());
    const bad = await suite.post('hr', `/payroll/admin/cities/${shanghai}`, { ...values, pension_floor: '40000', injury_employee: '0.2', hf_max: '15' });
    expect(bad.status).toBe(422);
    const text = await bad.text();
    for (const field of ['pension_cap', 'injury_employee', 'hf_max']) expect(text).toContain(`id="sf-${field}-error"`);
    expect(text).toContain('养老保险');
    expect(JSON.stringify(sqlite().prepare('SELECT * FROM payroll_city_policies ORDER BY id').all())).toBe(before);

    const next = await suite.post('hr', '/payroll/admin/cities', { ...values, effectiveFrom: '2025-07', pension_floor: '7460', pension_cap: '37302', note: '2025 年度' });
    expect(next.status).toBe(303);
    const api = await suite.json('hr', 'GET', '/api/v1/payroll/cities?city=shanghai&month=2025-08');
    const body = (await api.json()) as { items: { effectiveFrom: string; rules: { insurances: { pension: { floorCents: number; employeeRatePpm: number } } } }[] };
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ effectiveFrom: '2025-07', rules: { insurances: { pension: { floorCents: 746_000, employeeRatePpm: 80_000 } } } });
  });

  it('reads and writes a salary through the API in cents, with a 400 for a bad body', async () => {
    const bad = await suite.json('hr', 'PUT', `/api/v1/payroll/employees/${bo}/salary`, { effectiveFrom: '2026-01-01', data: { baseCents: 1000.5 } });
    expect(bad.status).toBe(400);
    expect(count('payroll_salary_profiles')).toBe(1);
    const put = await suite.json('hr', 'PUT', `/api/v1/payroll/employees/${bo}/salary`, { effectiveFrom: '2026-01-01', data: { baseCents: 900_000 } });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ employeeId: bo, effectiveFrom: '2026-01-01', cityCode: null, data: { baseCents: 900_000, allowances: [] } });
    const get = await suite.json('hr', 'GET', `/api/v1/payroll/employees/${bo}/salary`);
    expect(get.status).toBe(200);
    expect(await get.json()).toMatchObject({ employeeId: bo, profiles: [{ data: { baseCents: 900_000 } }], bank: null });
    expect(audits('payroll.salary.view').at(-1)).toMatchObject({ login: 'hr', entityId: String(bo) });
  });

  it('edits components and structures through the pages', async () => {
    const overtime = sqlite().prepare("SELECT id FROM payroll_components WHERE code = 'overtime_pay'").pluck().get() as number;
    expect((await html('hr', `/payroll/admin/components/${overtime}`)).text).toContain('hourly_rate * (ot_workday_hours * 1.5');
    const edit = (formula: string) =>
      suite.post('hr', `/payroll/admin/components/${overtime}`, { code: 'overtime_pay', nameZh: '加班费', nameEn: 'Overtime pay', kind: 'earning', formula, taxable: 'on', active: 'on', sort: '10' });
    expect((await edit('meal + hourly_rate * ot_workday_hours * 1.5')).status).toBe(303);
    const structures = await html('hr', '/payroll/admin/structures');
    expect(structures.status).toBe(200);
    const mealId = sqlite().prepare("SELECT id FROM payroll_components WHERE code = 'meal'").pluck().get() as number;
    const res = await suite.post('hr', '/payroll/admin/structures', { name: '销售', componentIds: [String(overtime)], isDefault: '' });
    // overtime_pay now reads meal: the structure needs meal too.
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('meal');
    expect((await suite.post('hr', '/payroll/admin/structures', { name: '销售', componentIds: [String(overtime), String(mealId)] })).status).toBe(303);
  });
});
