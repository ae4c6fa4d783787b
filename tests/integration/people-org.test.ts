// Org chart, departments and positions, self-service and the review of change requests, in process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInProcess, type InProcess } from '../helpers/inprocess.js';

const ID_NUMBER = '11010519491231002X';
const PHONE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148';

describe('people pages: org chart, departments, self-service, change requests', () => {
  let suite: InProcess;
  let kernel: InProcess['kernel'];
  let userIds: InProcess['userIds'];

  beforeAll(async () => {
    suite = await startInProcess({
      plugins: {},
      users: [
        { login: 'hr1', role: 'hr', name: 'hr1-name' },
        { login: 'emp1', role: 'employee', name: 'emp1-name' },
        { login: 'loner', role: 'employee', name: 'loner-name' },
      ],
    });
    ({ kernel, userIds } = suite);
  });
  afterAll(async () => {
    await suite?.close();
  });

  const get = (login: string, path: string, headers: Record<string, string> = {}) => suite.get(login, path, headers);
  const post = (login: string, path: string, form: Record<string, string> = {}, headers: Record<string, string> = {}) => suite.post(login, path, form, headers);
  const people = () => kernel.people.service;
  const deptId = (name: string) => people().departments.options().find((o) => o.name === name)!.id;

  it('registers its routes with their permissions, before the directory\'s /people/:id', () => {
    const find = (method: string, path: string) => kernel.routes.find((r) => r.method === method && r.path === path)?.permission;
    expect(find('get', '/people/org')).toBe('core.people.view');
    expect(find('get', '/people/departments')).toBe('core.people.manage');
    for (const path of ['/people/departments', '/people/departments/positions', '/people/departments/:id/rename', '/people/departments/:id/move', '/people/departments/:id/delete']) {
      expect(find('post', path), path).toBe('core.people.manage');
    }
    expect(find('get', '/me')).toBe('authenticated');
    expect(find('post', '/me/requests')).toBe('authenticated');
    expect(find('get', '/people/requests')).toBe('core.people.requests');
    expect(find('post', '/people/requests/:id/decide')).toBe('core.people.requests');
    const position = (path: string) => kernel.routes.findIndex((r) => r.method === 'get' && r.path === path);
    const directory = position('/people/:id');
    if (directory >= 0) expect(position('/people/org')).toBeLessThan(directory);
  });

  it('creates nested departments, refuses a move under its own child and a delete with members', async () => {
    let res = await post('hr1', '/people/departments', { name: '总部', code: 'HQ' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/people/departments');
    res = await post('hr1', '/people/departments', { name: '研发部', parentId: String(deptId('总部')) });
    expect(res.status).toBe(303);
    res = await post('hr1', '/people/departments', { name: '前端组', parentId: String(deptId('研发部')) });
    expect(res.status).toBe(303);
    expect(people().departments.options().map((o) => o.path)).toContain('总部 / 研发部 / 前端组');

    // An empty name: the form comes back with the field error in the reader's language.
    res = await post('hr1', '/people/departments', { name: '' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('必填');

    // Moving 总部 under its own grandchild is refused with the service's message.
    res = await post('hr1', `/people/departments/${deptId('总部')}/move`, { parentId: String(deptId('前端组')) });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('不能把部门移到它自己或其下级部门之下');
    expect(people().departments.get(deptId('总部'))!.parentId).toBeNull();

    // Rename, then a real move (前端组 to the top level and back).
    res = await post('hr1', `/people/departments/${deptId('研发部')}/rename`, { name: '技术部', code: 'RD', managerEmployeeId: '' });
    expect(res.status).toBe(303);
    expect(people().departments.get(deptId('技术部'))!.code).toBe('RD');
    res = await post('hr1', `/people/departments/${deptId('前端组')}/move`, { parentId: '' });
    expect(res.status).toBe(303);
    expect(people().departments.get(deptId('前端组'))!.parentId).toBeNull();
    res = await post('hr1', `/people/departments/${deptId('前端组')}/move`, { parentId: String(deptId('技术部')) });
    expect(people().departments.get(deptId('前端组'))!.parentId).toBe(deptId('技术部'));

    // A department with sub-departments, and one with members, cannot be deleted.
    res = await post('hr1', `/people/departments/${deptId('技术部')}/delete`);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('该部门还有 1 个下级部门，不能删除');
    people().employees.create({ employeeNo: 'E001', name: '张三', departmentId: deptId('前端组'), idNumber: ID_NUMBER, mobile: '13800000001', email: 'zhangsan@example.com' });
    res = await post('hr1', `/people/departments/${deptId('前端组')}/delete`);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('该部门还有 1 名员工（含已离职），不能删除');

    // An empty one can, and htmx gets the panel back instead of a redirect.
    await post('hr1', '/people/departments', { name: '临时组' });
    res = await post('hr1', `/people/departments/${deptId('临时组')}/delete`, {}, { 'hx-request': 'true' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('id="people-departments"');
    expect(html).not.toContain('<!doctype html>');
    expect(html).toContain('已删除部门“临时组”');
    expect(people().departments.options().some((o) => o.name === '临时组')).toBe(false);
  });

  it('creates positions and lists the tree with counts on the page', async () => {
    let res = await post('hr1', '/people/departments/positions', { name: '前端工程师', code: 'FE' });
    expect(res.status).toBe(303);
    res = await post('hr1', '/people/departments/positions', { name: '前端工程师' });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('已有同名岗位');
    const html = await (await get('hr1', '/people/departments')).text();
    expect(html).toContain('前端工程师');
    expect(html).toContain('技术部');
    expect(html).toContain('本部门 1 人');
    expect((await get('emp1', '/people/departments')).status).toBe(403);
  });

  it('shows departments, heads and people on the org chart, linking only profiles in scope', async () => {
    const fe = deptId('前端组');
    const position = people().positions.list().find((p) => p.name === '前端工程师')!.id;
    const boss = people().employees.create({ employeeNo: 'E002', name: '李四', departmentId: deptId('技术部'), positionId: position });
    const zhang = people().employees.idByEmployeeNo('E001')!;
    people().employees.update(zhang, { managerId: boss, positionId: position });
    people().departments.update(deptId('技术部'), { managerEmployeeId: boss });
    people().linkUser(zhang, userIds.emp1!);

    const hr = await (await get('hr1', '/people/org')).text();
    for (const text of ['总部', '技术部', '前端组', '张三', '李四', '前端工程师', `href="/people/${zhang}"`, `href="/people/${boss}"`]) expect(hr).toContain(text);
    expect(hr).toContain('<details');

    // An employee sees the structure and names, but only their own profile is a link.
    const mine = await (await get('emp1', '/people/org')).text();
    expect(mine).toContain('李四');
    expect(mine).toContain(`href="/people/${zhang}"`);
    expect(mine).not.toContain(`href="/people/${boss}"`);
    expect(fe).toBeGreaterThan(0);

    const lines = await (await get('hr1', '/people/org?view=lines')).text();
    expect(lines.indexOf('李四')).toBeLessThan(lines.indexOf('张三'));
    expect(lines).toContain('1 名直接下属');
  });

  it('shows an employee their profile on a phone, masked, and takes a change request that HR approves', async () => {
    const zhang = people().employees.idByEmployeeNo('E001')!;
    let res = await get('emp1', '/me', { 'user-agent': PHONE_UA });
    expect(res.status).toBe(200);
    let html = await res.text();
    expect(html).toContain('name="viewport" content="width=device-width, initial-scale=1"');
    for (const text of ['张三', 'E001', '前端组', '前端工程师', '李四', '13800000001', 'zhangsan@example.com', '/account/password', '/account/sessions', '/account/tokens', 'action="/preferences"']) expect(html).toContain(text);
    expect(html).not.toContain(ID_NUMBER);
    expect(html).toContain('002X');

    // A bad mobile number comes back in place.
    res = await post('emp1', '/me/requests', { mobile: '123', email: 'zhangsan@example.com', emergencyContactName: '', emergencyContactPhone: '' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('请输入有效的手机号');

    res = await post('emp1', '/me/requests', { mobile: '13900000002', email: 'zhangsan@example.com', emergencyContactName: '张妈妈', emergencyContactPhone: '13700000003' });
    expect(res.status).toBe(303);
    html = await (await get('emp1', '/me')).text();
    expect(html).toContain('待审批');
    expect(html).toContain('13900000002');
    expect(people().employees.get(zhang)!.mobile).toBe('13800000001');

    // HR sees the change from → to and approves it; the record changes.
    expect((await get('emp1', '/people/requests')).status).toBe(403);
    html = await (await get('hr1', '/people/requests')).text();
    expect(html).toContain('13800000001');
    expect(html).toContain('13900000002');
    const request = people().changeRequests.list({ status: 'pending' })[0]!;
    res = await post('hr1', `/people/requests/${request.id}/decide`, { decision: 'approved', note: '已核实' });
    expect(res.status).toBe(303);
    const after = people().employees.get(zhang)!;
    expect(after.mobile).toBe('13900000002');
    expect(after.emergencyContactName).toBe('张妈妈');
    html = await (await get('emp1', '/me')).text();
    expect(html).toContain('已通过');
    expect(html).toContain('已核实');

    // Deciding twice is refused with a readable message.
    res = await post('hr1', `/people/requests/${request.id}/decide`, { decision: 'rejected' });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('该申请已处理');
  });

  it('sends nothing when nothing changed, and lets HR reject', async () => {
    const zhang = people().employees.idByEmployeeNo('E001')!;
    let res = await post('emp1', '/me/requests', { mobile: '13900000002', email: 'zhangsan@example.com', emergencyContactName: '张妈妈', emergencyContactPhone: '13700000003' });
    expect(res.status).toBe(303);
    expect(people().changeRequests.list({ status: 'pending' })).toHaveLength(0);
    await post('emp1', '/me/requests', { mobile: '13900000002', email: 'zs@example.com', emergencyContactName: '张妈妈', emergencyContactPhone: '13700000003' });
    const request = people().changeRequests.list({ status: 'pending' })[0]!;
    res = await post('hr1', `/people/requests/${request.id}/decide`, { decision: 'rejected' });
    expect(res.status).toBe(303);
    expect(people().employees.get(zhang)!.email).toBe('zhangsan@example.com');
    expect((await post('hr1', `/people/requests/${request.id}/decide`, {})).status).toBe(400);
  });

  it('shows a friendly empty state to an account without an employee', async () => {
    const res = await get('loner', '/me', { 'user-agent': PHONE_UA });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('你的账号还没有关联员工档案');
    expect(html).not.toContain('action="/me/requests"');
    expect((await post('loner', '/me/requests', { mobile: '13900000009' })).status).toBe(404);
  });
});
