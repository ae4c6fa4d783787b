import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorLinks } from '../../core/sdk.js';
import { startFakeWecom, type FakeWecom } from '../../tests/helpers/fake-wecom.js';
import { createWecomClient, type WecomDepartment } from './client.js';
import { createPushHandlers, matchDepartment, wecomUserIdFor, type PushEmployee } from './push.js';

const dept = (id: number, name: string, parentId: number): WecomDepartment => ({ id, name, parentId, order: 0, leaderUserIds: [] });
const REMOTE = [dept(1, '示例科技', 0), dept(2, '研发部', 1), dept(3, '上海分公司', 1), dept(4, '研发部', 3), dept(5, '人事部', 1)];

describe('matching a department of the suite to WeCom', () => {
  it.each([
    { local: '总部 / 人事部', expected: 5, why: 'one department of that name' },
    { local: '总部 / 研发部', expected: 2, why: 'two of that name: the one whose parents match more (none here: the first)' },
    { local: '总部 / 上海分公司 / 研发部', expected: 4, why: 'two of that name: the one under 上海分公司' },
    { local: '总部 / 财务部', expected: 1, why: 'none of that name: the company root' },
    { local: '', expected: 1, why: 'no path: the root' },
  ])('$local → $expected ($why)', ({ local, expected }) => {
    expect(matchDepartment(local, REMOTE)).toBe(expected);
  });

  it.each([
    ['E0001', 'E0001'],
    ['HR 2026/07', 'HR_2026_07'],
    ['张三01', '__01'],
  ])('employee number %s → userid %s', (no, userid) => {
    expect(wecomUserIdFor(no)).toBe(userid);
  });
});

describe('pushing hires and leavers to WeCom', () => {
  let fake: FakeWecom;
  let links: Map<number, string>;
  const linkCalls: unknown[] = [];
  const employees: Record<number, PushEmployee> = {
    10: { employeeNo: 'E0010', name: '钱七', mobile: '13900000010', email: null, positionName: '会计', departmentId: 3 },
    11: { employeeNo: 'E0011', name: '孙八', mobile: null, email: null, positionName: null, departmentId: 3 },
  };
  const fakeLinks = (): ConnectorLinks => ({
    employeeOf: () => null,
    remoteIdsOf: (_c, ids) => new Map(ids.filter((id) => links.has(id)).map((id) => [id, links.get(id)!])),
    link: (_c, l) => {
      linkCalls.push(l);
      links.set(l.employeeId, l.remoteUserId);
      return true;
    },
    unlink: () => false,
  });
  const handlers = (settings: { pushHires: boolean; pushLeavers: boolean }) =>
    createPushHandlers({
      settings,
      client: () => createWecomClient({ baseUrl: fake.baseUrl, corpId: fake.corpId, secret: fake.secret, agentId: fake.agentId }),
      links: fakeLinks(),
      employee: (id) => employees[id] ?? null,
      departments: () => [{ id: 3, name: '财务部', parentId: 1, managerEmployeeId: null, path: '总部 / 财务部' }],
      log: { info: () => undefined, warn: () => undefined },
    });
  const hired = (id: number) => ({ id, employeeNo: employees[id]!.employeeNo, name: employees[id]!.name, departmentId: 3, managerId: null, hireDate: '2026-11-01', employmentType: 'full_time' as const, status: 'probation' as const });

  beforeEach(async () => {
    fake = await startFakeWecom();
    fake.org.departments = [{ id: 1, name: '示例科技', parentid: 0 }, { id: 8, name: '财务部', parentid: 1 }];
    links = new Map();
    linkCalls.length = 0;
  });
  afterEach(() => fake.close());

  it('adds a new hire to the matching WeCom department and links them', async () => {
    await handlers({ pushHires: true, pushLeavers: false }).onHired(hired(10));
    expect(fake.org.users).toEqual([expect.objectContaining({ userid: 'E0010', name: '钱七', department: [8], mobile: '13900000010', position: '会计' })]);
    expect(linkCalls).toEqual([{ connector: 'wecom', employeeId: 10, remoteUserId: 'E0010', via: 'sync' }]);
  });

  it.each([
    { what: 'the setting is off', settings: { pushHires: false, pushLeavers: false }, id: 10, linked: false },
    { what: 'they came from WeCom (linked already)', settings: { pushHires: true, pushLeavers: false }, id: 10, linked: true },
    { what: 'they have neither mobile nor email', settings: { pushHires: true, pushLeavers: false }, id: 11, linked: false },
  ])('adds no one when $what', async ({ settings, id, linked }) => {
    if (linked) links.set(id, 'qianqi');
    await handlers(settings).onHired(hired(id));
    expect(fake.org.users).toEqual([]);
    expect(fake.callCount('/cgi-bin/user/create')).toBe(0);
  });

  it('leaves a member that exists already alone and does not link to a guess', async () => {
    fake.org.users = [{ userid: 'E0010', name: '别人', department: [1], status: 1 }];
    await handlers({ pushHires: true, pushLeavers: false }).onHired(hired(10));
    expect(fake.org.users.map((u) => u.name)).toEqual(['别人']);
    expect(linkCalls).toEqual([]);
  });

  it('throws when WeCom is down, so the outbox retries', async () => {
    await fake.down();
    await expect(handlers({ pushHires: true, pushLeavers: false }).onHired(hired(10))).rejects.toThrow();
  });

  it('disables a linked leaver in WeCom (not deleted), only when asked to', async () => {
    fake.org.users = [{ userid: 'qianqi', name: '钱七', department: [8], status: 1 }];
    links.set(10, 'qianqi');
    const left = (id: number) => ({ id, employeeNo: `E00${id}`, terminationDate: '2026-11-30', terminationReason: null });
    await handlers({ pushHires: false, pushLeavers: false }).onLeft(left(10));
    expect(fake.org.users[0]!.status).toBe(1);
    await handlers({ pushHires: false, pushLeavers: true }).onLeft(left(11)); // not linked: nothing to disable
    expect(fake.callCount('/cgi-bin/user/update')).toBe(0);
    await handlers({ pushHires: false, pushLeavers: true }).onLeft(left(10));
    expect(fake.org.users).toEqual([expect.objectContaining({ userid: 'qianqi', status: 2 })]);
  });
});
