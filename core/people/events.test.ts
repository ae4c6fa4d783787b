import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPeopleService } from './service.js';
import { openTestPeople, TEST_SECRET, TODAY, type TestPeople } from './test-db.js';

let t: TestPeople;
let got: { event: string; payload: Record<string, unknown> }[];

beforeEach(() => {
  t = openTestPeople();
  got = [];
  for (const event of ['employee.hired', 'employee.updated', 'employee.left']) {
    t.bus.on('test', event, `collect-${event}`, (payload) => {
      got.push({ event, payload: payload as Record<string, unknown> });
    });
  }
});
afterEach(async () => {
  await t.close();
});

async function settle() {
  await new Promise((r) => setImmediate(r));
  await t.bus.drain();
}
const outboxRows = () => (t.h.sqlite.prepare('SELECT count(*) AS n FROM core_outbox_events').get() as { n: number }).n;

describe('lifecycle events', () => {
  it('hired, updated with field names, left when the status becomes left', async () => {
    const d = t.people.departments.create({ name: '研发部' });
    const id = t.people.employees.create({ employeeNo: 'E1', name: '张三', departmentId: d.id, hireDate: '2024-01-01', idNumber: '11010519491231002X' });
    t.people.employees.update(id, { mobile: '13812345678', idNumber: null });
    t.people.employees.update(id, { status: 'left', terminationDate: '2026-05-31', terminationReason: '个人原因' });
    t.people.employees.update(id, { terminationReason: '回老家' }); // already left: updated only
    await settle();
    expect(got).toEqual([
      { event: 'employee.hired', payload: expect.objectContaining({ id, employeeNo: 'E1', name: '张三', departmentId: d.id, hireDate: '2024-01-01', status: 'probation' }) },
      { event: 'employee.updated', payload: { id, employeeNo: 'E1', changed: ['mobile', 'idNumber'] } },
      { event: 'employee.updated', payload: { id, employeeNo: 'E1', changed: ['status', 'terminationDate', 'terminationReason'] } },
      { event: 'employee.left', payload: { id, employeeNo: 'E1', terminationDate: '2026-05-31', terminationReason: '个人原因' } },
      { event: 'employee.updated', payload: { id, employeeNo: 'E1', changed: ['terminationReason'] } },
    ]);
    // No sensitive value travels through the outbox.
    const payloads = JSON.stringify(t.h.sqlite.prepare('SELECT payload FROM core_outbox_events').all());
    expect(payloads).not.toContain('11010519491231002X');
  });

  it('are raised only when the transaction commits', async () => {
    const d = t.people.departments.create({ name: '研发部' });
    // An audit write that fails after the event was emitted rolls back the row and the event together.
    const failing = createPeopleService({
      db: t.h.db,
      sqlite: t.h.sqlite,
      secret: TEST_SECRET,
      events: t.bus,
      today: () => TODAY,
      audit: () => {
        throw new Error('disk full');
      },
    });
    expect(() => failing.employees.create({ employeeNo: 'E1', name: '张三', departmentId: d.id })).toThrow('disk full');
    expect(() => t.people.employees.create({ employeeNo: 'E2', name: '李四', departmentId: 999 })).toThrow();
    await settle();
    expect(got).toEqual([]);
    expect(outboxRows()).toBe(0);
    expect(t.people.employees.idByEmployeeNo('E1')).toBeNull();

    t.people.employees.create({ employeeNo: 'E1', name: '张三', departmentId: d.id });
    expect(got).toEqual([]); // delivered after commit, not during
    await settle();
    expect(got.map((g) => g.event)).toEqual(['employee.hired']);
  });
});
