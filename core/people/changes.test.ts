import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { peopleMessages } from './i18n.js';
import { EMPLOYEE_STATUSES, EMPLOYMENT_TYPES, GENDERS } from './schema.js';
import { employeeCreateSchema } from './input.js';
import { addUser, openTestPeople, type TestPeople } from './test-db.js';

let t: TestPeople;
beforeEach(() => {
  t = openTestPeople();
});
afterEach(async () => {
  await t.close();
});

describe('contact change requests', () => {
  it('record only real changes; approval applies them, rejection does not; decided once', () => {
    const d = t.people.departments.create({ name: '研发部' });
    const id = t.people.employees.create({ employeeNo: 'E1', name: '张三', departmentId: d.id, mobile: '13800000000' });
    const u = addUser(t.h, 'zhangsan');
    expect(t.people.changeRequests.request(id, { mobile: '13800000000' }, u)).toBeNull();
    const r = t.people.changeRequests.request(id, { mobile: '+86 139 0000 0000', email: 'z@example.com' }, u)!;
    expect(r.changes).toEqual({ mobile: { from: '13800000000', to: '13900000000' }, email: { from: null, to: 'z@example.com' } });
    expect(t.people.changeRequests.list({ status: 'pending' }).map((x) => [x.id, x.employeeName])).toEqual([[r.id, '张三']]);
    t.people.changeRequests.decide(r.id, 'approved', u, 'ok');
    expect(t.people.employees.get(id)).toMatchObject({ mobile: '13900000000', email: 'z@example.com' });
    expect(() => t.people.changeRequests.decide(r.id, 'rejected', u)).toThrow(expect.objectContaining({ messageKey: 'core.people.error.change_request_decided' }));

    const r2 = t.people.changeRequests.request(id, { emergencyContactName: '李四' }, u)!;
    t.people.changeRequests.decide(r2.id, 'rejected', u, 'no');
    expect(t.people.employees.get(id)?.emergencyContactName).toBeNull();
  });
});

describe('messages', () => {
  it('have the same keys in both languages, all under core.people.', () => {
    const zh = Object.keys(peopleMessages['zh-CN']).sort();
    expect(Object.keys(peopleMessages.en).sort()).toEqual(zh);
    expect(zh.every((k) => k.startsWith('core.people.'))).toBe(true);
  });

  it('label every form field, status, employment type and gender', () => {
    const keys = new Set(Object.keys(peopleMessages.en));
    const wanted = [
      ...Object.keys(employeeCreateSchema.shape).map((f) => `core.people.field.${f}`),
      ...EMPLOYEE_STATUSES.map((s) => `core.people.status.${s}`),
      ...EMPLOYMENT_TYPES.map((s) => `core.people.employment_type.${s}`),
      ...GENDERS.map((s) => `core.people.gender.${s}`),
    ];
    expect(wanted.filter((k) => !keys.has(k))).toEqual([]);
  });

  it('cover every error key the code can produce', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const dir = new URL('.', import.meta.url);
    const used = new Set<string>();
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))) {
      const src = readFileSync(new URL(f, dir), 'utf8');
      for (const m of src.matchAll(/core\.people\.error\.([a-z_.]+[a-z_])|\$\{ERROR\}([a-z_.]+[a-z_])/g)) used.add(`core.people.error.${m[1] ?? m[2]}`);
    }
    for (const p of ['format', 'region', 'checksum', 'birth_date', 'future_birth_date', 'birth_date_mismatch']) used.add(`core.people.error.id_number.${p}`);
    for (const w of ['employee', 'department', 'position', 'change_request']) used.add(`core.people.error.${w}_not_found`);
    used.delete('core.people.error.id_number');
    const keys = new Set(Object.keys(peopleMessages['zh-CN']));
    expect([...used].filter((k) => !keys.has(k))).toEqual([]);
  });
});
