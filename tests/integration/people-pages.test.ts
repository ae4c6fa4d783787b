// The people pages in process: directory, profile with tabs, reveal, hire and edit forms, scopes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerProfileTab } from '../../core/people/pages/tabs.js';
import { idCheckCode } from '../../core/people/validate.js';
import { startInProcess, type InProcess } from '../helpers/inprocess.js';

const first17 = '11010519900307123';
const ID_NUMBER = first17 + idCheckCode(first17);
const BANK = '6222021234567890123';

describe('people pages', () => {
  let suite: InProcess;
  let kernel: InProcess['kernel'];
  const ids: Record<string, number> = {};
  let rnd: number;

  const addUser = (login: string, role: string) => suite.addUser({ login, role, name: `${login}-name` });

  beforeAll(async () => {
    suite = await startInProcess({ plugins: {} });
    kernel = suite.kernel;
    const people = kernel.people.service;
    const hq = people.departments.create({ name: '总部' });
    rnd = people.departments.create({ name: '研发部', parentId: hq.id }).id;
    // 王总 ← 李经理 ← 张三 ← 赵六, and 钱七 a peer of 李经理.
    const hire = (employeeNo: string, name: string, managerId?: number) => people.employees.create({ employeeNo, name, departmentId: rnd, managerId, hireDate: '2024-01-02' });
    ids.boss = hire('E001', '王总');
    ids.mgr = hire('E002', '李经理', ids.boss);
    ids.emp = hire('E003', '张三', ids.mgr);
    ids.sub = hire('E004', '赵六', ids.emp);
    ids.peer = hire('E005', '钱七', ids.boss);
    addUser('hr', 'hr');
    people.linkUser(ids.mgr!, addUser('mgr', 'manager'));
    people.linkUser(ids.emp!, addUser('emp', 'employee'));
    addUser('newbie', 'employee');
  });
  afterAll(async () => {
    await suite?.close();
  });

  const as = (login: string, path: string, init: { form?: Record<string, string>; htmx?: boolean } = {}) => {
    const headers: Record<string, string> = init.htmx ? { 'hx-request': 'true' } : {};
    return init.form ? suite.post(login, path, init.form, headers) : suite.get(login, path, headers);
  };
  const html = async (login: string, path: string) => {
    const res = await as(login, path);
    return { status: res.status, text: await res.text() };
  };
  const employeeForm = (over: Record<string, string> = {}) => ({
    employeeNo: 'E100', name: '孙小美', gender: '', birthDate: '', idNumber: ID_NUMBER, departmentId: String(rnd), positionId: '', managerId: String(ids.mgr),
    employmentType: 'full_time', status: 'probation', hireDate: '2025-03-01', firstWorkDate: '', contractStart: '', contractEnd: '', mobile: '13800138000',
    email: 'sxm@example.com', emergencyContactName: '', emergencyContactPhone: '', bankName: '工商银行', bankAccount: BANK, terminationDate: '', terminationReason: '', userId: '', ...over,
  });

  it('lets HR hire through the form; the new employee is in the directory and found by initials', async () => {
    const form = await html('hr', '/people/new');
    expect(form.status).toBe(200);
    expect(form.text).toContain('研发部');
    expect(form.text).toContain('newbie');
    const res = await as('hr', '/people/new', { form: employeeForm({ userId: String(kernel.dbh.sqlite.prepare("SELECT id FROM core_users WHERE login = 'newbie'").pluck().get()) }) });
    expect(res.status).toBe(303);
    ids.new = Number(/\/people\/(\d+)$/.exec(res.headers.get('location') ?? '')?.[1]);
    expect(ids.new).toBeGreaterThan(0);
    expect(kernel.people.service.employees.get(ids.new!)?.userId).not.toBeNull();

    const list = await html('hr', '/people');
    expect(list.text).toContain('孙小美');
    expect(list.text).toContain('href="/people/new"');
    // Export buttons appear once the export pages are mounted, for those who may export.
    const exporting = kernel.routes.some((r) => r.path === '/people/export.xlsx');
    expect(list.text.includes('href="/people/export.xlsx"')).toBe(exporting);
    const search = await html('hr', '/people?q=sxm');
    expect(search.text).toContain('孙小美');
    expect(search.text).not.toContain('张三');
    const zs = await as('hr', '/people?q=zs', { htmx: true });
    const fragment = await zs.text();
    expect(fragment).toContain('张三');
    expect(fragment).not.toContain('<html');
    expect(fragment).not.toContain('孙小美');
  });

  it('shows an employee only their own profile; others are 404 and the directory lists only them', async () => {
    expect((await html('emp', `/people/${ids.emp}`)).status).toBe(200);
    for (const other of [ids.boss, ids.mgr, ids.sub, ids.peer, 999999]) expect((await html('emp', `/people/${other}`)).status).toBe(404);
    const list = (await html('emp', '/people')).text;
    expect(list).toContain('E003');
    for (const no of ['E001', 'E002', 'E004', 'E005']) expect(list).not.toContain(no);
    expect(list).not.toContain('href="/people/new"');
    expect(list).not.toContain('/people/export.');
    expect((await html('emp', '/people/new')).status).toBe(403);
  });

  it('offers the directory in the menu to managers and HR, not to employees who see only themselves', async () => {
    const link = 'href="/people"';
    expect((await html('emp', '/')).text).not.toContain(link);
    expect((await html('emp', '/')).text).toContain('href="/me"');
    expect((await html('mgr', '/')).text).toContain(link);
    expect((await html('hr', '/')).text).toContain(link);
  });

  it('shows a manager direct and indirect reports but not peers; HR sees everyone', async () => {
    for (const id of [ids.mgr, ids.emp, ids.sub, ids.new]) expect((await html('mgr', `/people/${id}`)).status, String(id)).toBe(200);
    for (const id of [ids.boss, ids.peer]) expect((await html('mgr', `/people/${id}`)).status, String(id)).toBe(404);
    const list = (await html('mgr', '/people')).text;
    for (const no of ['E002', 'E003', 'E004', 'E100']) expect(list).toContain(no);
    for (const no of ['E001', 'E005']) expect(list).not.toContain(no);
    const all = (await html('hr', '/people')).text;
    for (const no of ['E001', 'E002', 'E003', 'E004', 'E005', 'E100']) expect(all).toContain(no);
  });

  it('masks the ID number on the profile and keeps only ciphertext in the database', async () => {
    const page = (await html('hr', `/people/${ids.new}`)).text;
    expect(page).not.toContain(ID_NUMBER);
    expect(page).toContain(`**************${ID_NUMBER.slice(-4)}`);
    expect(page).toContain(`/people/${ids.new}/reveal/idNumber`);
    const raw = JSON.stringify(kernel.dbh.sqlite.prepare('SELECT * FROM people_employees WHERE id = ?').get(ids.new));
    expect(raw).not.toContain(ID_NUMBER);
    expect(raw).not.toContain(BANK);
    // The manager may see the profile, masked, without a Show button.
    const mgr = (await html('mgr', `/people/${ids.new}`)).text;
    expect(mgr).not.toContain(ID_NUMBER);
    expect(mgr).not.toContain('/reveal/idNumber');
  });

  it('reveals to HR in a fragment and records it in the audit log; refuses employees', async () => {
    const before = kernel.dbh.sqlite.prepare("SELECT count(*) FROM core_audit_log WHERE action = 'people.employee.reveal'").pluck().get() as number;
    const res = await as('hr', `/people/${ids.new}/reveal/idNumber`, { form: {}, htmx: true });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain(ID_NUMBER);
    expect(text).toContain('id="reveal-idNumber"');
    expect(text).not.toContain('<html');
    const after = kernel.dbh.sqlite.prepare("SELECT count(*) FROM core_audit_log WHERE action = 'people.employee.reveal'").pluck().get() as number;
    expect(after).toBe(before + 1);
    // Without htmx: the whole profile on the bank tab, the number in full.
    const page = await as('hr', `/people/${ids.new}/reveal/bankAccount`, { form: {} });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(BANK);
    expect((await as('emp', `/people/${ids.emp}/reveal/idNumber`, { form: {} })).status).toBe(403);
    expect((await as('hr', `/people/${ids.new}/reveal/password`, { form: {} })).status).toBe(404);
  });

  it('shows validation errors in Chinese next to the fields and keeps what was typed', async () => {
    const res = await as('hr', '/people/new', { form: employeeForm({ employeeNo: 'E101', name: '', mobile: '12345', idNumber: '' }) });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain('请输入有效的手机号');
    expect(text).toContain('id="employee-name-error"');
    expect(text).toContain('value="12345"');
    const taken = await as('hr', '/people/new', { form: employeeForm({ idNumber: '', bankAccount: '' }) });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain('工号 E100 已被使用');
  });

  it('edits an employee, keeps blank sensitive fields, and requires date and reason to mark someone as left', async () => {
    const form = (await html('hr', `/people/${ids.new}/edit`)).text;
    expect(form).toContain('value="13800138000"');
    expect(form).not.toContain(ID_NUMBER);
    expect(form).toContain('留空则保持原值不变');
    // Nobody can be their own manager's manager: the reporting line is not offered.
    const empForm = (await html('hr', `/people/${ids.emp}/edit`)).text;
    expect(empForm).toContain('李经理 (E002');
    expect(empForm).not.toContain('赵六 (E004');
    const values = employeeForm({ idNumber: '', bankAccount: '', userId: '' });
    const left = await as('hr', `/people/${ids.new}/edit`, { form: { ...values, status: 'left' } });
    expect(left.status).toBe(400);
    const text = await left.text();
    expect(text).toContain('已离职员工需填写离职日期');
    expect(text).toContain('已离职员工需填写离职原因');
    const ok = await as('hr', `/people/${ids.new}/edit`, { form: { ...values, mobile: '13900139000' } });
    expect(ok.status).toBe(303);
    expect(kernel.people.service.employees.reveal(ids.new!, 'idNumber')).toBe(ID_NUMBER);
    expect(kernel.people.service.employees.get(ids.new!)?.mobile).toBe('13900139000');
    expect(kernel.people.service.employees.get(ids.new!)?.userId).toBeNull();
    expect((await html('mgr', `/people/${ids.emp}/edit`)).status).toBe(403);
  });

  it('switches tabs with and without htmx, including tabs that plugins register', async () => {
    registerProfileTab(kernel, 'test', { id: 'payslips', label: 'core.people.title', permission: 'core.people.manage', order: 50, render: (_c, e) => `<p class="payslips">payslips of ${e.employeeNo}</p>` });
    const job = (await html('emp', `/people/${ids.emp}?tab=job`)).text;
    expect(job).toContain('李经理');
    expect(job).toContain('hx-push-url="/people/');
    expect(job).not.toContain('payslips');
    const contact = await as('emp', `/people/${ids.emp}/tabs/contact`, { htmx: true });
    expect(contact.status).toBe(200);
    expect(await contact.text()).not.toContain('<html');
    expect((await as('emp', `/people/${ids.emp}/tabs/contact`)).status).toBe(303);
    expect((await as('emp', `/people/${ids.emp}/tabs/payslips`, { htmx: true })).status).toBe(404);
    const hr = (await html('hr', `/people/${ids.emp}?tab=payslips`)).text;
    expect(hr).toContain('payslips of E003');
    expect(() => registerProfileTab(kernel, 'other', { id: 'payslips', label: 'x', permission: 'core.people.view', render: () => '' })).toThrow(/twice/);
    expect(() => registerProfileTab(kernel, 'other', { id: 'bank', label: 'x', permission: 'core.people.view', render: () => '' })).toThrow(/core/);
  });
});
