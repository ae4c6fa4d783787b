// Opening balances (期初累计数) through the running suite (in process): HR enters an employee's year-to-date figures
// from the previous payroll system on the salary page or over the API, imports many from a CSV (UTF-8 or GBK,
// all or nothing, a report per row), bad input answers a clear 400 and a month already paid by a run of the suite a
// clear 409, writing nothing; amounts are sealed and audits carry none; employees get 403.
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PluginContext } from '../../core/sdk.js';
import { createPayroll } from '../../plugins/payroll/services/index.js';
import type { PayrollSettings } from '../../plugins/payroll/settings.js';
import { startInProcess, type InProcess } from '../helpers/inprocess.js';

const HEADER = '工号,年度,截至月份,累计收入,累计免税收入,累计专项扣除,累计专项附加扣除,累计其他扣除,累计已预扣税额';

describe('payroll opening balances: page, API and import', () => {
  let suite: InProcess;
  let ctx: PluginContext<PayrollSettings>;
  let anna: number;
  let bo: number;
  let cy: number;
  /** The month before the current one: the latest an opening balance may cover. */
  let year: number;
  let through: number;
  let runId: number;

  beforeAll(async () => {
    suite = await startInProcess({
      plugins: { attendance: { enabled: true }, payroll: { enabled: true } },
      users: [
        { login: 'hr', role: 'hr', name: '王人事' },
        { login: 'hr-en', role: 'hr', name: 'Hanna HR', locale: 'en' },
        { login: 'emp', role: 'employee', name: '安娜' },
      ],
    });
    const people = suite.kernel.people.service;
    const dept = people.departments.create({ name: '财务部' }).id;
    anna = people.employees.create({ employeeNo: 'E001', name: '安娜', departmentId: dept, hireDate: '2019-05-01' });
    bo = people.employees.create({ employeeNo: 'E002', name: '薄波', departmentId: dept, hireDate: '2019-05-01' });
    cy = people.employees.create({ employeeNo: 'E003', name: '陈𠮷', departmentId: dept, hireDate: '2019-05-01' });
    people.linkUser(anna, suite.userIds.emp!);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: suite.kernel.config.timezone }).format(new Date());
    const [y, m] = today.split('-').map(Number) as [number, number];
    [year, through] = m === 1 ? [y - 1, 12] : [y, m - 1];

    // Bo is paid by the suite last month: a locked run.
    ctx = suite.kernel.contexts.get('payroll') as PluginContext<PayrollSettings>;
    const { setup, runs } = createPayroll(ctx);
    setup.saveProfile(null, bo, { effectiveFrom: '2019-05-01', structureId: null, cityCode: null, data: { baseCents: 12_000_00, allowances: [], socialBaseCents: null, housingFundBaseCents: null, housingFundRatePpm: null } });
    const run = runs.create(null, { month: `${year}-${String(through).padStart(2, '0')}` });
    await runs.calculate(null, run.id);
    runs.approve(null, run.id);
    runs.lock(null, run.id);
    runId = run.id;
  });
  afterAll(async () => {
    await suite?.close();
  });

  const sqlite = () => suite.kernel.dbh.sqlite;
  const count = () => sqlite().prepare('SELECT count(*) FROM payroll_opening_balances').pluck().get() as number;
  const audits = () => sqlite().prepare("SELECT action, user_login AS login, before, after FROM core_audit_log WHERE action LIKE 'payroll.opening.%' ORDER BY id").all() as { action: string; login: string; before: string | null; after: string | null }[];
  const api = async <T>(login: string, method: string, path: string, body?: unknown) => {
    const res = await suite.json(login, method, `/api/v1/payroll${path}`, body);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
  const upload = async (login: string, name: string, bytes: Uint8Array) => {
    const form = new FormData();
    form.set('_csrf', suite.csrf);
    form.set('file', new Blob([new Uint8Array(bytes)], { type: 'text/csv' }), name);
    const res = await suite.app.request('/payroll/admin/opening-balances/import', { method: 'POST', headers: { cookie: suite.cookieFor(login) }, body: form });
    return { status: res.status, text: await res.text() };
  };
  const form = (patch: Record<string, string> = {}) => ({
    year: String(year),
    throughMonth: String(through),
    income: '90,000.00',
    taxFree: '',
    special: '13500',
    additional: '6000',
    other: '',
    withheld: '3,030.00',
    monthsCounted: '',
    ...patch,
  });

  it('links the import page from the hub and offers a template', async () => {
    const hub = await (await suite.get('hr', '/payroll/admin')).text();
    expect(hub).toContain('href="/payroll/admin/opening-balances"');
    const page = await suite.get('hr', '/payroll/admin/opening-balances');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('导入期初累计数');
    const template = await suite.get('hr', '/payroll/admin/opening-balances/template.csv');
    expect(template.status).toBe(200);
    expect(template.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await template.text()).replace(/^\uFEFF/, '').startsWith(HEADER)).toBe(true);
  });

  it('refuses employees with 403 on the pages and the API', async () => {
    for (const path of ['/payroll/admin/opening-balances', '/payroll/admin/opening-balances/template.csv']) expect((await suite.get('emp', path)).status).toBe(403);
    expect((await suite.post('emp', `/payroll/admin/employees/${anna}/opening`, form())).status).toBe(403);
    expect((await api('emp', 'GET', `/opening-balances/${anna}`)).status).toBe(403);
    expect((await api('emp', 'PUT', `/opening-balances/${anna}?year=${year}`, { throughMonth: 1, incomeCents: 1 })).status).toBe(403);
    expect(count()).toBe(0);
  });

  // Patches are functions: the year and month are known only once the suite runs.
  it.each([
    ['a negative amount', () => ({ income: '-5' }), 'income', '金额不能为负数'],
    ['three decimals', () => ({ withheld: '1.005' }), 'withheld', '金额格式不对'],
    ['no income', () => ({ income: '' }), 'income', '必填'],
    ['a month not yet paid', () => ({ year: String(year + 1), throughMonth: '1' }), 'throughMonth', '只能包括已经发过工资的月份'],
    ['a year before cumulative withholding', () => ({ year: '2018' }), 'year', '2019'],
    ['more tax-free income than income', () => ({ taxFree: '90000.01' }), 'taxFree', '累计免税收入不能大于累计收入'],
    ['more months counted than covered', () => ({ throughMonth: '1', monthsCounted: '2' }), 'monthsCounted', '减除费用月数须为 1 到截至月份之间的整数'],
  ])('answers %s on the page with a 400 and a clear message next to the field, keeping the values, writing nothing', async (_name, patch, field, message) => {
    const res = await suite.post('hr', `/payroll/admin/employees/${anna}/opening`, form(patch()));
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain(message);
    expect(text).toContain(`id="so-${field}-error"`);
    expect(text).toContain(`value="${form(patch()).income}"`);
    expect(count()).toBe(0);
  });

  it('saves through the page: sealed, shown to HR (audited), audited without amounts', async () => {
    const res = await suite.post('hr', `/payroll/admin/employees/${anna}/opening`, form());
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/payroll/admin/employees/${anna}#opening`);
    const raw = sqlite().prepare('SELECT * FROM payroll_opening_balances').all() as Record<string, unknown>[];
    expect(raw).toHaveLength(1);
    expect(raw[0]).toMatchObject({ employee_id: anna, year, through_month: through });
    expect(JSON.stringify(raw)).not.toMatch(/9000000|303000/);
    const page = await (await suite.get('hr', `/payroll/admin/employees/${anna}`)).text();
    for (const text of ['90,000.00', '13,500.00', '6,000.00', '3,030.00', `减除费用 ${through} 个月`]) expect(page).toContain(text);
    const rows = audits();
    expect(rows.map((r) => r.action)).toEqual(['payroll.opening.create', 'payroll.opening.view']);
    expect(rows[0]!.login).toBe('hr');
    expect(JSON.stringify(rows)).not.toMatch(/9000000|90000|303000|3030/);
  });

  it('reads and writes over the API in cents; bad input is a 400, a month the suite paid a 409, nothing written', async () => {
    const got = await api<{ items: Record<string, number>[] }>('hr', 'GET', `/opening-balances/${anna}?year=${year}`);
    expect(got.status).toBe(200);
    expect(got.body.items).toEqual([expect.objectContaining({ employeeId: anna, year, throughMonth: through, incomeCents: 90_000_00, withheldCents: 3_030_00, monthsCounted: through })]);

    const body = { throughMonth: through, incomeCents: 12_000_00, specialDeductionsCents: 0, withheldCents: 0 };
    expect((await api('hr', 'PUT', `/opening-balances/${bo}`, body)).status).toBe(400); // no year
    expect((await api('hr', 'PUT', `/opening-balances/${bo}?year=${year}`, { ...body, incomeCents: -1 })).status).toBe(400);
    expect((await api('hr', 'PUT', `/opening-balances/${bo}?year=${year}`, { ...body, incomeCents: '12000' })).status).toBe(400);
    expect((await api('hr', 'PUT', `/opening-balances/999999?year=${year}`, body)).status).toBe(404);
    const conflict = await api<{ error: { message: string } }>('hr', 'PUT', `/opening-balances/${bo}?year=${year}`, body);
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.message).toContain(`#${runId}`);
    expect(conflict.body.error.message).toContain('锁定的工资表');
    const en = await api<{ error: { message: string } }>('hr-en', 'PUT', `/opening-balances/${bo}?year=${year}`, body);
    expect(en.body.error.message).toContain('must end before');
    expect(count()).toBe(1);

    const put = await api<Record<string, number>>('hr', 'PUT', `/opening-balances/${cy}?year=${year}`, { ...body, monthsCounted: 1 });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ employeeId: cy, year, throughMonth: through, incomeCents: 12_000_00, taxFreeCents: 0, monthsCounted: 1 });
    expect((await api('hr', 'DELETE', `/opening-balances/${cy}?year=${year}`)).status).toBe(200);
    expect((await api('hr', 'DELETE', `/opening-balances/${cy}?year=${year}`)).status).toBe(404);
    expect(count()).toBe(1);
  });

  it('imports all or nothing: a report per row with line and column, 400 for bad rows, 409 for a month already paid', async () => {
    const before = JSON.stringify(sqlite().prepare('SELECT * FROM payroll_opening_balances').all());
    const bad = [
      HEADER,
      `E001,${year},${through},"50,000.00",0,0,0,0,100`,
      `E999,${year},${through},1000,0,0,0,0,0`,
      `E003,${year},${through},1.234,0,0,0,0,0`,
      `E001,${year},${through},1000,0,0,0,0,0`,
      `E003,${year},13,1000,0,0,0,0,0`,
    ].join('\r\n');
    const res = await upload('hr', '期初.csv', new Uint8Array(iconv.encode(bad, 'gbk')));
    expect(res.status).toBe(400);
    expect(res.text).toContain('有 4 个问题，未写入任何数据');
    expect(res.text).toContain('gb18030');
    for (const text of ['找不到工号为“E999”的员工', '金额格式不对', '在第 2 行已经出现过', '截至月份须为 1 到 12 月']) expect(res.text).toContain(text);
    // Lines 3–6, each with its column.
    const rows = [...res.text.matchAll(/<tr><td class="num">(\d+)<\/td><td>([^<]*)<\/td>/g)].map((m) => [Number(m[1]), m[2]]);
    expect(rows).toEqual([
      [3, '工号'],
      [4, '累计收入'],
      [5, '工号'],
      [6, '截至月份'],
    ]);
    expect(JSON.stringify(sqlite().prepare('SELECT * FROM payroll_opening_balances').all())).toBe(before);

    const paid = await upload('hr', 'paid.csv', new TextEncoder().encode(`${HEADER}\nE001,${year},${through},1,0,0,0,0,0\nE002,${year},${through},1,0,0,0,0,0\n`));
    expect(paid.status).toBe(409);
    expect(paid.text).toContain('薄波');
    expect(paid.text).toContain('锁定的工资表');
    expect(JSON.stringify(sqlite().prepare('SELECT * FROM payroll_opening_balances').all())).toBe(before);

    const noFile = await suite.post('hr', '/payroll/admin/opening-balances/import', {});
    expect(noFile.status).toBe(400);
    expect(await noFile.text()).toContain('请选择要导入的 CSV 文件');
  });

  it('imports a good file: replaces one, adds one, audits each row and the import without amounts', async () => {
    const good = `\uFEFF${HEADER},累计减除费用\nE001,${year},${through},"60,000.00",0,9000,0,0,450.00,\nE003,${year},${through},24000,0,0,0,0,120,5000\n`;
    const res = await upload('hr', 'good.csv', new TextEncoder().encode(good));
    expect(res.status).toBe(200);
    expect(res.text).toContain('已导入：新增 1 条，替换 1 条');
    const list = await (await suite.get('hr', `/payroll/admin/opening-balances?year=${year}`)).text();
    expect(list).toContain('安娜');
    expect(list).toContain('陈𠮷');
    const items = await api<{ items: Record<string, number>[] }>('hr', 'GET', `/opening-balances/${cy}`);
    expect(items.body.items).toEqual([expect.objectContaining({ incomeCents: 24_000_00, withheldCents: 120_00, monthsCounted: 1 })]);
    expect((await api<{ items: Record<string, number>[] }>('hr', 'GET', `/opening-balances/${anna}`)).body.items[0]).toMatchObject({ incomeCents: 60_000_00, monthsCounted: through });
    const rows = audits();
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['payroll.opening.replace', 'payroll.opening.import']));
    expect(JSON.stringify(rows)).not.toMatch(/6000000|2400000|45000|12000/);
  });

  it('shows the form in English to an English-speaking HR', async () => {
    const res = await suite.post('hr-en', `/payroll/admin/employees/${anna}/opening`, form({ taxFree: '100000' }));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Cumulative tax-free income cannot exceed cumulative income.');
  });
});
