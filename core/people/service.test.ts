import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PeopleError, PeopleValidationError } from './errors.js';
import { addUser, openTestPeople, withCheck, type TestPeople } from './test-db.js';

let t: TestPeople;
beforeEach(() => {
  t = openTestPeople();
});
afterEach(async () => {
  await t.close();
});

const ID = '11010519491231002X';
const BANK = '6222021234567890';

function org() {
  const { departments } = t.people;
  const hq = departments.create({ name: '总部', code: 'HQ' });
  const rd = departments.create({ name: '研发部', parentId: hq.id });
  const fe = departments.create({ name: '前端组', parentId: rd.id });
  const sales = departments.create({ name: '销售部', parentId: hq.id });
  return { hq, rd, fe, sales };
}

function thrown(fn: () => unknown): PeopleError {
  try {
    fn();
  } catch (err) {
    if (err instanceof PeopleError) return err;
    throw err;
  }
  throw new Error('expected a PeopleError');
}

describe('departments', () => {
  it('build a tree with head counts and sub-department ids', () => {
    const { hq, rd, fe, sales } = org();
    t.people.employees.create({ employeeNo: 'E1', name: '张三', departmentId: fe.id });
    t.people.employees.create({ employeeNo: 'E2', name: '李四', departmentId: rd.id });
    t.people.employees.create({ employeeNo: 'E3', name: '王五', departmentId: sales.id, status: 'left', terminationDate: '2026-01-01' });
    const tree = t.people.departments.tree();
    expect(tree).toHaveLength(1);
    expect(tree[0]).toMatchObject({ name: '总部', totalCount: 2, employeeCount: 0 });
    const rdNode = tree[0]!.children.find((c) => c.id === rd.id)!;
    expect(rdNode).toMatchObject({ employeeCount: 1, totalCount: 2 });
    expect(rdNode.children.map((c) => c.name)).toEqual(['前端组']);
    expect(t.people.departments.subtreeIds(rd.id).sort()).toEqual([rd.id, fe.id].sort());
    expect(t.people.departments.subtreeIds(hq.id)).toHaveLength(4);
    expect(t.people.departments.options().map((o) => [o.depth, o.path])).toContainEqual([2, '总部 / 研发部 / 前端组']);
  });

  it('refuse sibling name clashes, cycles, and deleting a department with people or children', () => {
    const { hq, rd, fe } = org();
    expect(thrown(() => t.people.departments.create({ name: '研发部', parentId: hq.id })).messageKey).toBe('core.people.error.department_name_taken');
    expect(thrown(() => t.people.departments.create({ name: '总部' })).messageKey).toBe('core.people.error.department_name_taken');
    expect(thrown(() => t.people.departments.move(rd.id, fe.id)).messageKey).toBe('core.people.error.department_cycle');
    expect(thrown(() => t.people.departments.move(rd.id, rd.id)).messageKey).toBe('core.people.error.department_cycle');
    t.people.departments.move(fe.id, hq.id);
    expect(t.people.departments.get(fe.id)?.parentId).toBe(hq.id);

    t.people.employees.create({ employeeNo: 'E1', name: '张三', departmentId: fe.id });
    const err = thrown(() => t.people.departments.delete(fe.id));
    expect([err.status, err.messageKey, err.params]).toEqual([409, 'core.people.error.department_has_employees', { n: 1 }]);
    expect(thrown(() => t.people.departments.delete(hq.id)).messageKey).toBe('core.people.error.department_has_children');
    t.people.departments.delete(rd.id);
    expect(t.people.departments.get(rd.id)).toBeUndefined();
    t.people.departments.update(fe.id, { sort: 5 });
    t.people.departments.rename(fe.id, '前端部');
    expect(t.people.departments.get(fe.id)).toMatchObject({ name: '前端部', sort: 5 });
  });
});

describe('employees', () => {
  it('store the ID number and bank account only encrypted, and reveal them with an audit entry', () => {
    const { rd } = org();
    const id = t.people.employees.create({ employeeNo: 'E001', name: '张三', departmentId: rd.id, idNumber: ID.toLowerCase(), bankAccount: '6222 0212 3456 7890' });
    const raw = t.h.sqlite.prepare('SELECT * FROM people_employees WHERE id = ?').get(id) as Record<string, unknown>;
    const rawText = JSON.stringify(raw);
    expect(rawText).not.toContain(ID);
    expect(rawText).not.toContain(BANK);
    expect(raw).toMatchObject({ id_number_last4: '002X', bank_account_last4: '7890', birth_date: '1949-12-31', gender: 'female' });

    // Nowhere in the database file either (audit log and outbox included), once the WAL is checkpointed.
    t.h.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = readFileSync(t.dbPath);
    expect(bytes.includes(Buffer.from(ID))).toBe(false);
    expect(bytes.includes(Buffer.from(BANK))).toBe(false);

    const e = t.people.employees.get(id)!;
    expect(e).toMatchObject({ idNumberMasked: '**************002X', bankAccountMasked: '************7890', departmentName: '研发部' });
    expect(e).not.toHaveProperty('idNumberEnc');
    expect(t.people.employees.reveal(id, 'idNumber')).toBe(ID);
    expect(t.people.employees.reveal(id, 'bankAccount')).toBe(BANK);
    const reveals = t.h.sqlite.prepare(`SELECT after FROM core_audit_log WHERE action = 'people.employee.reveal'`).all() as { after: string }[];
    expect(reveals.map((r) => JSON.parse(r.after).field)).toEqual(['idNumber', 'bankAccount']);
    const created = t.h.sqlite.prepare(`SELECT after FROM core_audit_log WHERE action = 'people.employee.create'`).get() as { after: string };
    expect(JSON.parse(created.after)).toMatchObject({ idNumber: '**************002X', bankAccount: '************7890' });
  });

  it('refuse a duplicate employee number and a duplicate ID number (also in its 15-digit form)', () => {
    const { rd } = org();
    const male = withCheck('44030519900307123');
    t.people.employees.create({ employeeNo: 'E001', name: '张三', departmentId: rd.id, idNumber: male });
    const dupNo = thrown(() => t.people.employees.create({ employeeNo: 'E001', name: '李四', departmentId: rd.id }));
    expect([dupNo.status, dupNo.messageKey, dupNo.field, dupNo.params]).toEqual([409, 'core.people.error.employee_no_taken', 'employeeNo', { employeeNo: 'E001' }]);
    const dupId = thrown(() => t.people.employees.create({ employeeNo: 'E002', name: '李四', departmentId: rd.id, idNumber: '440305900307123' }));
    expect([dupId.messageKey, dupId.field]).toEqual(['core.people.error.id_number_taken', 'idNumber']);
    expect(t.people.employees.idByIdNumber('440305900307123')).toBe(t.people.employees.idByEmployeeNo('E001'));
  });

  it('report invalid input per field with i18n keys', () => {
    const { rd } = org();
    const err = thrown(() => t.people.employees.create({ employeeNo: 'E1', name: '张三', departmentId: rd.id, idNumber: ID, birthDate: '1950-01-01', mobile: '123' }));
    expect(err).toBeInstanceOf(PeopleValidationError);
    expect((err as PeopleValidationError).errors).toEqual({ mobile: 'core.people.error.mobile' });
    const rules = thrown(() => t.people.employees.create({ employeeNo: 'E1', name: '张三', departmentId: rd.id, idNumber: ID, birthDate: '1950-01-01' }));
    expect((rules as PeopleValidationError).errors).toEqual({ birthDate: 'core.people.error.id_number.birth_date_mismatch' });
    expect(thrown(() => t.people.employees.create({ employeeNo: 'E1', name: '张三', departmentId: 999 })).messageKey).toBe('core.people.error.department_not_found');
  });

  it('update changed fields only, re-index pinyin, refuse reporting cycles', () => {
    const { rd, fe } = org();
    const boss = t.people.employees.create({ employeeNo: 'E1', name: '王总', departmentId: rd.id });
    const dev = t.people.employees.create({ employeeNo: 'E2', name: '张三', departmentId: rd.id, managerId: boss });
    expect(t.people.employees.update(dev, { name: '张三', mobile: '+86 138 1234 5678' })).toEqual(['mobile']);
    expect(t.people.employees.update(dev, { name: '曾小明', departmentId: fe.id })).toEqual(['name', 'departmentId']);
    expect(t.people.employees.list({ q: 'zxm' }).items.map((e) => e.id)).toEqual([dev]);
    expect(t.people.employees.update(dev, { mobile: '13812345678' })).toEqual([]);
    expect(thrown(() => t.people.employees.update(boss, { managerId: dev })).messageKey).toBe('core.people.error.manager_cycle');
    expect(thrown(() => t.people.employees.update(boss, { managerId: boss })).messageKey).toBe('core.people.error.manager_cycle');
    // A blank ID number in an edit form keeps the stored one.
    t.people.employees.update(dev, { idNumber: ID });
    expect(t.people.employees.update(dev, { idNumber: '' })).toEqual([]);
    expect(t.people.employees.reveal(dev, 'idNumber')).toBe(ID);
    expect(t.people.employees.get(dev)).toMatchObject({ birthDate: '1949-12-31', gender: 'female' });
    expect((thrown(() => t.people.employees.update(dev, { birthDate: '1960-01-01' })) as PeopleValidationError).errors).toEqual({
      birthDate: 'core.people.error.id_number.birth_date_mismatch',
    });
  });

  it('search by name, employee number, full pinyin and initials, with filters and pages', () => {
    const { hq, rd, fe, sales } = org();
    t.people.employees.create({ employeeNo: 'A001', name: '张三', departmentId: fe.id, email: 'zhang@example.com' });
    t.people.employees.create({ employeeNo: 'A002', name: '张思', departmentId: sales.id });
    t.people.employees.create({ employeeNo: 'B100', name: '李四', departmentId: rd.id, status: 'left', terminationDate: '2026-01-31' });
    t.people.employees.create({ employeeNo: 'C5', name: 'John Smith', departmentId: hq.id, idNumber: ID });
    const names = (q: Parameters<typeof t.people.employees.list>[0]) => t.people.employees.list(q).items.map((e) => e.name);
    expect(names({ q: 'zs' })).toEqual(['张三', '张思']);
    expect(names({ q: 'ZhangSan' })).toEqual(['张三']);
    expect(names({ q: '张' })).toEqual(['张三', '张思']);
    expect(names({ q: 'A00' })).toEqual(['张三', '张思']);
    expect(names({ q: 'b100' })).toEqual(['李四']);
    expect(names({ q: 'js' })).toEqual(['John Smith']);
    expect(names({ q: ID })).toEqual(['John Smith']);
    expect(names({ q: '%' })).toEqual([]);
    expect(names({ departmentId: rd.id })).toEqual(['张三', '李四']);
    expect(names({ departmentId: rd.id, includeSubDepartments: false })).toEqual(['李四']);
    expect(names({ status: ['probation', 'regular', 'leaving'], departmentId: rd.id })).toEqual(['张三']);
    const page2 = t.people.employees.list({ pageSize: 3, page: 2 });
    expect([page2.total, page2.pages, page2.items.map((e) => e.employeeNo)]).toEqual([4, 2, ['C5']]);
    expect(t.people.employees.list({ q: 'zs' }).items[0]).toMatchObject({ departmentName: '前端组', positionName: null });
  });

  it('positions and linked accounts', () => {
    const { rd } = org();
    const pos = t.people.positions.create({ name: '工程师' });
    expect(thrown(() => t.people.positions.create({ name: '工程师' })).messageKey).toBe('core.people.error.position_name_taken');
    const e1 = t.people.employees.create({ employeeNo: 'E1', name: '张三', departmentId: rd.id, positionId: String(pos.id) });
    const e2 = t.people.employees.create({ employeeNo: 'E2', name: '李四', departmentId: rd.id });
    expect(t.people.employees.get(e1)?.positionName).toBe('工程师');
    const user = addUser(t.h, 'zhangsan');
    expect(t.people.employeeOfUser(user)).toBeNull();
    t.people.linkUser(e1, user);
    expect(t.people.employeeOfUser(user)).toEqual({ id: e1, departmentId: rd.id });
    expect(thrown(() => t.people.linkUser(e2, user)).messageKey).toBe('core.people.error.user_already_linked');
    expect(thrown(() => t.people.linkUser(e2, 999)).messageKey).toBe('core.people.error.user_not_found');
    t.people.linkUser(e1, null);
    expect(t.people.employeeOfUser(user)).toBeNull();
  });
});
