import { describe, expect, it } from 'vitest';
import { diffHash, diffOrg, orderDepartments, withoutLeavers, type LocalEmployee, type LocalOrg } from './org-diff.js';
import type { RemoteMember, RemoteOrg } from './types.js';

const dept = (remoteId: string, name: string, parentId: string | null) => ({ remoteId, name, parentId });
const member = (remoteUserId: string, name: string, over: Partial<RemoteMember> = {}): RemoteMember => ({
  remoteUserId,
  name,
  mobile: null,
  email: null,
  departmentId: '1',
  position: null,
  active: true,
  ...over,
});
const emp = (id: number, name: string, over: Partial<LocalEmployee> = {}): LocalEmployee => ({
  id,
  employeeNo: `E${String(id).padStart(3, '0')}`,
  name,
  mobile: null,
  email: null,
  departmentId: 1,
  position: null,
  status: 'regular',
  ...over,
});
const local = (over: Partial<LocalOrg> = {}): LocalOrg => ({
  departments: [
    { id: 1, name: '星辰科技', parentId: null },
    { id: 2, name: '研发部', parentId: 1 },
  ],
  employees: [],
  links: new Map(),
  departmentLinks: new Map(),
  ...over,
});
const remoteOrg = (members: RemoteMember[], departments = [dept('1', '星辰科技', null), dept('2', '研发部', '1')]): RemoteOrg => ({ departments, members });

describe('orderDepartments', () => {
  it.each([
    ['children listed before parents', [dept('3', 'c', '2'), dept('2', 'b', '1'), dept('1', 'a', null)], ['1', '2', '3']],
    ['a parent the app cannot see makes a top department', [dept('5', 'x', '99')], ['5']],
    ['a cycle is broken instead of looping', [dept('1', 'a', '2'), dept('2', 'b', '1')], ['2', '1']],
  ])('%s', (_name, input, order) => {
    const out = orderDepartments(input);
    expect(out.map((d) => d.remoteId)).toEqual(order);
    for (const d of out) if (d.parentId !== null) expect(out.findIndex((p) => p.remoteId === d.parentId)).toBeLessThan(out.indexOf(d));
  });
});

describe('diffOrg: departments', () => {
  it('matches the company onto the single local top department, by name below it, and adds the rest parents first', () => {
    const diff = diffOrg(remoteOrg([], [dept('1', 'Star Inc', null), dept('2', '研发部', '1'), dept('3', '前端组', '2'), dept('4', '销售部', '1')]), local());
    expect(diff.departments.link).toEqual([
      { departmentId: 1, remoteId: '1', path: '星辰科技' },
      { departmentId: 2, remoteId: '2', path: '星辰科技 / 研发部' },
    ]);
    expect(diff.departments.add).toEqual([
      { remoteId: '3', name: '前端组', parentRemoteId: '2', path: '星辰科技 / 研发部 / 前端组' },
      { remoteId: '4', name: '销售部', parentRemoteId: '1', path: '星辰科技 / 销售部' },
    ]);
    // The company keeps its local name: top departments are never renamed.
    expect(diff.departments.rename).toEqual([]);
  });

  it('renames and moves linked departments, including under a department the diff adds', () => {
    const linked = local({
      departments: [
        { id: 1, name: '星辰科技', parentId: null },
        { id: 2, name: '研发部', parentId: 1 },
        { id: 3, name: '测试组', parentId: 1 },
      ],
      departmentLinks: new Map([
        ['1', 1],
        ['2', 2],
        ['3', 3],
      ]),
    });
    const diff = diffOrg(remoteOrg([], [dept('1', '星辰科技', null), dept('2', '产品研发部', '1'), dept('9', '质量中心', '1'), dept('3', '测试组', '9')]), linked);
    expect(diff.departments.rename).toEqual([{ departmentId: 2, remoteId: '2', from: '研发部', to: '产品研发部' }]);
    expect(diff.departments.add.map((a) => a.path)).toEqual(['星辰科技 / 质量中心']);
    expect(diff.departments.move).toEqual([
      { departmentId: 3, remoteId: '3', name: '测试组', fromPath: '星辰科技', toParentRemoteId: '9', toPath: '星辰科技 / 质量中心' },
    ]);
  });
});

describe('diffOrg: employees', () => {
  const cases: { name: string; remote: RemoteMember[]; local: Partial<LocalOrg>; expect: (d: ReturnType<typeof diffOrg>) => void }[] = [
    {
      name: 'a new member is added to their department; fields the platform hides stay empty',
      remote: [member('zhangsan', '张三', { departmentId: '2', mobile: '+86 138 0013 8000', email: 'Zhang.San@Example.com', position: '工程师' })],
      local: {},
      expect: (d) =>
        expect(d.employees.add).toEqual([
          { remoteUserId: 'zhangsan', name: '张三', mobile: '13800138000', email: 'zhang.san@example.com', departmentRemoteId: '2', departmentPath: '星辰科技 / 研发部', position: '工程师' },
        ]),
    },
    {
      name: 'a linked member with a new name, department and position is a change with before and after',
      remote: [member('lisi', '李四', { departmentId: '2', position: '经理' })],
      local: { employees: [emp(7, '李斯', { position: '主管' })], links: new Map([['lisi', 7]]) },
      expect: (d) => {
        expect(d.employees.add).toEqual([]);
        expect(d.employees.change).toHaveLength(1);
        expect(d.employees.change[0]).toMatchObject({ employeeId: 7, matchedBy: 'link', link: false, set: { name: '李四', departmentRemoteId: '2', position: '经理' } });
        expect(d.employees.change[0]!.changes).toEqual([
          { field: 'name', from: '李斯', to: '李四' },
          { field: 'department', from: '星辰科技', to: '星辰科技 / 研发部' },
          { field: 'position', from: '主管', to: '经理' },
        ]);
      },
    },
    {
      name: 'an unknown mobile or email on the platform never clears what is stored',
      remote: [member('lisi', '李四', { mobile: null, email: '' })],
      local: { employees: [emp(7, '李四', { mobile: '13900139000', email: 'li@example.com' })], links: new Map([['lisi', 7]]) },
      expect: (d) => expect(d.employees.change).toEqual([]),
    },
    {
      name: 'an unlinked member is matched by mobile and linked',
      remote: [member('wangwu', '王五', { mobile: '13700137000' })],
      local: { employees: [emp(3, '王五', { mobile: '137-0013-7000' })] },
      expect: (d) => {
        expect(d.employees.add).toEqual([]);
        expect(d.employees.change).toEqual([expect.objectContaining({ employeeId: 3, matchedBy: 'mobile', link: true, changes: [] })]);
      },
    },
    {
      name: 'a mobile shared by two employees is left to the admin',
      remote: [member('wangwu', '王五', { mobile: '13700137000' })],
      local: { employees: [emp(3, '王五', { mobile: '13700137000' }), emp(4, '王五二', { mobile: '13700137000' })] },
      expect: (d) => {
        expect(d.employees.add).toEqual([]);
        expect(d.unmatched).toContainEqual({ side: 'remote', name: '王五', remoteUserId: 'wangwu', employeeId: null, reason: 'ambiguous_mobile' });
      },
    },
    {
      name: 'the mobile of an employee linked to another account is not matched again',
      remote: [member('a1', '赵六', { mobile: '13600136000' }), member('a2', '赵六', { mobile: '13600136000' })],
      local: { employees: [emp(5, '赵六', { mobile: '13600136000' })], links: new Map([['a1', 5]]) },
      expect: (d) => expect(d.unmatched).toContainEqual({ side: 'remote', name: '赵六', remoteUserId: 'a2', employeeId: 5, reason: 'mobile_linked_elsewhere' }),
    },
    {
      name: 'a member of a department the app cannot see is not added',
      remote: [member('x', '钱七', { departmentId: '404' })],
      local: {},
      expect: (d) => {
        expect(d.employees.add).toEqual([]);
        expect(d.unmatched).toEqual([{ side: 'remote', name: '钱七', remoteUserId: 'x', employeeId: null, reason: 'no_department' }]);
      },
    },
    {
      name: 'linked employees disabled or gone on the platform are leavers; a disabled stranger is ignored',
      remote: [member('lisi', '李四', { active: false }), member('stranger', '路人', { active: false }), member('keep', '留下')],
      local: { employees: [emp(7, '李四'), emp(8, '周八'), emp(9, '留下')], links: new Map([['lisi', 7], ['zhouba', 8], ['keep', 9]]) },
      expect: (d) => {
        expect(d.employees.leave).toEqual([
          { employeeId: 7, employeeNo: 'E007', name: '李四', remoteUserId: 'lisi', reason: 'inactive' },
          { employeeId: 8, employeeNo: 'E008', name: '周八', remoteUserId: 'zhouba', reason: 'absent' },
        ]);
        expect(d.employees.add).toEqual([]);
      },
    },
    {
      name: 'an app that sees nobody proposes no leavers',
      remote: [],
      local: { employees: [emp(7, '李四')], links: new Map([['lisi', 7]]) },
      expect: (d) => expect(d.employees.leave).toEqual([]),
    },
    {
      name: 'someone who left here but is active on the platform is reported, not rehired',
      remote: [member('lisi', '李四')],
      local: { employees: [emp(7, '李四', { status: 'left' })], links: new Map([['lisi', 7]]) },
      expect: (d) => {
        expect(d.employees.add).toEqual([]);
        expect(d.employees.change).toEqual([]);
        expect(d.unmatched).toEqual([{ side: 'remote', name: '李四', remoteUserId: 'lisi', employeeId: 7, reason: 'left_locally' }]);
      },
    },
    {
      name: 'active employees the platform does not know are listed as unmatched, untouched',
      remote: [member('a', '甲')],
      local: { employees: [emp(1, '乙'), emp(2, '丙', { status: 'left' })] },
      expect: (d) => {
        expect(d.unmatched).toEqual([{ side: 'local', name: '乙', remoteUserId: null, employeeId: 1, reason: 'not_on_platform' }]);
        expect(d.employees.leave).toEqual([]);
      },
    },
  ];

  it.each(cases)('$name', ({ remote, local: over, expect: check }) => {
    check(diffOrg(remoteOrg(remote), local(over)));
  });
});

describe('the diff as the admin reviews it', () => {
  const remote = remoteOrg([member('b', '乙', { departmentId: '2' }), member('a', '甲'), member('gone', '丁', { active: false })]);
  const here = local({ employees: [emp(4, '丁')], links: new Map([['gone', 4]]) });

  it('is the same, with the same hash, whatever order the platform lists things in', () => {
    const shuffled: RemoteOrg = { departments: [...remote.departments].reverse(), members: [...remote.members].reverse() };
    expect(diffOrg(shuffled, here)).toEqual(diffOrg(remote, here));
    expect(diffHash(diffOrg(shuffled, here))).toBe(diffHash(diffOrg(remote, here)));
  });

  it('gets another hash when the platform changed in between', () => {
    const changed = remoteOrg([...remote.members, member('c', '丙')]);
    expect(diffHash(diffOrg(changed, here))).not.toBe(diffHash(diffOrg(remote, here)));
  });

  it('drops only the leavers for the scheduled sync', () => {
    const diff = diffOrg(remote, here);
    expect(diff.employees.leave).toHaveLength(1);
    const scheduled = withoutLeavers(diff);
    expect(scheduled.employees.leave).toEqual([]);
    expect(scheduled.employees.add).toEqual(diff.employees.add);
    expect(scheduled.departments).toEqual(diff.departments);
  });
});
