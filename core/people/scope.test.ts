import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../sdk.js';
import { employees } from './schema.js';
import { scopeCondition } from './scope.js';
import { openTestPeople, type TestPeople } from './test-db.js';

/**
 * 总部 (ceo)
 * ├─ 研发部 (m1, d1, d2)
 * │   └─ 前端组 (d11, d12: reports of d1; d111 reports to d11)
 * └─ 销售部 (m2, s1)
 * Reporting: ceo → m1 → d1 → d11 → d111; m1 → d2; d1 → d12; ceo → m2 → s1
 */
let t: TestPeople;
const e: Record<string, number> = {};

beforeAll(() => {
  t = openTestPeople();
  const d = t.people.departments;
  const hq = d.create({ name: '总部' });
  const rd = d.create({ name: '研发部', parentId: hq.id });
  const fe = d.create({ name: '前端组', parentId: rd.id });
  const sales = d.create({ name: '销售部', parentId: hq.id });
  const add = (key: string, departmentId: number, manager?: string) => {
    e[key] = t.people.employees.create({ employeeNo: key.toUpperCase(), name: key, departmentId, managerId: manager ? e[manager] : undefined });
  };
  add('ceo', hq.id);
  add('m1', rd.id, 'ceo');
  add('m2', sales.id, 'ceo');
  add('d1', rd.id, 'm1');
  add('d2', rd.id, 'm1');
  add('d11', fe.id, 'd1');
  add('d12', fe.id, 'd1');
  add('d111', fe.id, 'd11');
  add('s1', sales.id, 'm2');
});
afterAll(async () => {
  await t.close();
});

const names = (ids: number[]) => ids.map((id) => Object.keys(e).find((k) => e[k] === id)).sort();
const user = (key: string | null) => ({ employeeId: key ? e[key]! : null });

describe('record scopes', () => {
  it.each<[string, Scope, string[]]>([
    ['d1', 'self', ['d1']],
    ['d1', 'team', ['d1', 'd11', 'd111', 'd12']],
    ['m1', 'team', ['d1', 'd11', 'd111', 'd12', 'd2', 'm1']],
    ['d111', 'team', ['d111']],
    ['ceo', 'team', ['ceo', 'd1', 'd11', 'd111', 'd12', 'd2', 'm1', 'm2', 's1']],
    ['d1', 'department', ['d1', 'd11', 'd111', 'd12', 'd2', 'm1']],
    ['d11', 'department', ['d11', 'd111', 'd12']],
    ['s1', 'department', ['m2', 's1']],
    ['s1', 'all', ['ceo', 'd1', 'd11', 'd111', 'd12', 'd2', 'm1', 'm2', 's1']],
  ])('%s with %s sees %j', (who, scope, expected) => {
    expect(names(t.people.scopes.visibleEmployeeIds(user(who), scope))).toEqual(expected.sort());
  });

  it('a manager sees indirect reports, not peers or bosses; an employee only themselves; HR everyone', () => {
    const { canSee } = t.people.scopes;
    expect(canSee(user('m1'), 'team', e.d111!)).toBe(true);
    expect(canSee(user('m1'), 'team', e.s1!)).toBe(false);
    expect(canSee(user('m1'), 'team', e.ceo!)).toBe(false);
    expect(canSee(user('d2'), 'self', e.d2!)).toBe(true);
    expect(canSee(user('d2'), 'self', e.d1!)).toBe(false);
    expect(canSee(user('s1'), 'all', e.d111!)).toBe(true);
  });

  it('a user without an employee record sees nobody below all', () => {
    for (const scope of ['self', 'team', 'department'] as Scope[]) expect(t.people.scopes.visibleEmployeeIds(user(null), scope)).toEqual([]);
    expect(t.people.scopes.visibleEmployeeIds(user(null), 'all')).toHaveLength(9);
  });

  it('filters list queries with the SQL condition', () => {
    const page = t.people.employees.list({ visibleTo: { user: user('d1'), scope: 'team' }, q: 'd1' });
    expect(page.items.map((i) => i.name).sort()).toEqual(['d1', 'd11', 'd111', 'd12']);
    const n = t.h.db.select({ id: employees.id }).from(employees).where(scopeCondition(user('m2'), 'team')).all().length;
    expect(n).toBe(2);
  });

  it('ends on a reporting cycle in bad data', () => {
    // Only raw SQL can make one: the service refuses it (manager_cycle).
    t.h.sqlite.prepare('UPDATE people_employees SET manager_id = ? WHERE id = ?').run(e.d111, e.d1);
    try {
      expect(names(t.people.scopes.visibleEmployeeIds(user('d11'), 'team'))).toEqual(['d1', 'd11', 'd111', 'd12']);
      expect(t.people.org.reportingLines().map((r) => r.name)).toContain('ceo');
    } finally {
      t.h.sqlite.prepare('UPDATE people_employees SET manager_id = ? WHERE id = ?').run(e.m1, e.d1);
    }
  });

  it('org chart: departments with heads and people; reporting lines from the top', () => {
    t.people.departments.update(t.people.departments.tree()[0]!.id, { managerEmployeeId: e.ceo });
    const [hq] = t.people.org.chart();
    expect(hq).toMatchObject({ name: '总部', totalCount: 9, manager: { name: 'ceo' } });
    expect(hq!.employees.map((p) => p.name)).toEqual(['ceo']);
    const [top] = t.people.org.reportingLines();
    expect(top!.name).toBe('ceo');
    expect(top!.reports.map((r) => r.name).sort()).toEqual(['m1', 'm2']);
    expect(t.people.org.reportingLines(e.d1)[0]!.reports.map((r) => r.name).sort()).toEqual(['d11', 'd12']);
  });
});
