// Org sync and check-in sync from a fake WeCom through the core's admin pages.
// Acceptance: the dry run shows adds, changes and leavers; applying it changes exactly those
// (people tables before and after), and refuses when WeCom changed in between.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWecomSuite, type WecomSuite } from '../helpers/wecom-kit.js';

type Row = Record<string, unknown>;
const snapshot = (w: WecomSuite) => {
  const db = w.suite.kernel.dbh.sqlite;
  return {
    departments: db.prepare('SELECT id, name, parent_id AS parentId FROM people_departments ORDER BY id').all() as Row[],
    employees: db
      .prepare(
        `SELECT e.id, e.employee_no AS no, e.name, e.mobile, e.email, d.name AS department, p.name AS position, e.status, e.termination_date AS terminated
         FROM people_employees e JOIN people_departments d ON d.id = e.department_id LEFT JOIN people_positions p ON p.id = e.position_id ORDER BY e.id`,
      )
      .all() as Row[],
  };
};
const byName = (rows: Row[]) => Object.fromEntries(rows.map((r) => [r.name as string, r]));
const counts = (html: string) => Object.fromEntries([...html.matchAll(/data-count="([a-z-]+)">(\d+)</g)].map((m) => [m[1]!, Number(m[2])]));
const hashOf = (html: string) => /name="hash" value="([0-9a-f]{32})"/.exec(html)?.[1] ?? null;

describe('org sync from WeCom', () => {
  let w: WecomSuite;
  beforeAll(async () => {
    w = await startWecomSuite({ plugins: { attendance: true } });
    // In the suite: 张三 and 王五 linked; 李四 not linked but with the same mobile as on WeCom; 赵六 linked, gone from WeCom.
    w.person('zhangsan', '张三', { mobile: '13800000001' });
    w.person('wangwu', '王五');
    w.person('zhaoliu', '赵六');
    w.suite.kernel.people.service.employees.create({ employeeNo: 'L0001', name: '李四', departmentId: w.departments.rd, mobile: '13800000002', status: 'regular' });
    w.fake.org.departments.push({ id: 3, name: '市场部', parentid: 1, order: 3 });
    w.fake.org.users = [
      { userid: 'zhangsan', name: '张三', department: [2], mobile: '13800000011', position: '高级工程师', status: 1 },
      { userid: 'lisi', name: '李四', department: [2], mobile: '+86 13800000002', status: 1 },
      { userid: 'wangwu', name: '王五', department: [2], status: 5 },
      { userid: 'newbie', name: '新同事', department: [3], mobile: '13900000099', email: 'newbie@example.com', position: '市场专员', status: 1 },
    ];
  });
  afterAll(() => w?.close());

  it('shows adds, changes and leavers in the dry run and applies exactly those', async () => {
    const before = snapshot(w);
    const page = await w.suite.get('admin', '/admin/connectors/wecom/sync');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(counts(html)).toMatchObject({ 'departments-added': 1, 'employees-added': 1, 'employees-left': 2 });
    expect(counts(html)['employees-changed']).toBeGreaterThanOrEqual(1);
    expect(html).toContain('新同事');
    expect(html).toContain('市场部');
    // The dry run wrote nothing.
    expect(snapshot(w)).toEqual(before);

    const apply = await w.suite.post('admin', '/admin/connectors/wecom/sync', { hash: hashOf(html)! });
    expect(apply.status).toBe(303);
    const after = snapshot(w);

    const [b, a] = [byName(before.employees), byName(after.employees)];
    expect(a['张三']).toEqual({ ...b['张三'], mobile: '13800000011', position: '高级工程师' });
    expect(a['王五']).toMatchObject({ ...b['王五'], status: 'left', terminated: expect.any(String) });
    expect(a['赵六']).toMatchObject({ ...b['赵六'], status: 'left', terminated: expect.any(String) });
    expect(a['李四']).toEqual(b['李四']);
    expect(a['新同事']).toMatchObject({ mobile: '13900000099', email: 'newbie@example.com', department: '市场部', position: '市场专员', status: 'regular' });
    expect(Object.keys(a).sort()).toEqual([...Object.keys(b), '新同事'].sort());
    expect(after.departments).toEqual([...before.departments, expect.objectContaining({ name: '市场部' })]);

    const links = w.suite.kernel.connectors.forPlugin('wecom').links;
    expect(links.employeeOf('wecom', 'lisi')).toBe(b['李四']!.id);
    expect(links.employeeOf('wecom', 'newbie')).toBe(a['新同事']!.id);

    // In sync now: a second dry run proposes nothing.
    expect(counts(await (await w.suite.get('admin', '/admin/connectors/wecom/sync')).text())).toMatchObject({ 'departments-added': 0, 'employees-added': 0, 'employees-changed': 0, 'employees-left': 0 });
  });

  it('refuses to apply a dry run WeCom has changed since, and shows the new one', async () => {
    w.fake.org.users.find((u) => u.userid === 'zhangsan')!.position = '架构师';
    const html = await (await w.suite.get('admin', '/admin/connectors/wecom/sync')).text();
    expect(hashOf(html)).not.toBeNull();
    w.fake.org.users.push({ userid: 'late', name: '晚到者', department: [2], mobile: '13900000100', status: 1 });
    const before = snapshot(w);
    const apply = await w.suite.post('admin', '/admin/connectors/wecom/sync', { hash: hashOf(html)! });
    expect(apply.status).toBe(409);
    expect(await apply.text()).toContain('晚到者');
    expect(snapshot(w)).toEqual(before);
  });

  it('pulls check-ins into attendance on demand, once', async () => {
    const day = '2026-11-16';
    const at = (hhmm: string) => Date.parse(`${day}T${hhmm}:00+08:00`) / 1000;
    w.fake.checkins = [
      { userid: 'zhangsan', checkin_type: '上班打卡', checkin_time: at('08:57'), location_title: '总部大厦' },
      { userid: 'zhangsan', checkin_type: '下班打卡', checkin_time: at('18:05') },
      { userid: 'zhangsan', checkin_type: '下班打卡', checkin_time: at('18:00'), exception_type: '未打卡' },
      { userid: 'stranger', checkin_type: '上班打卡', checkin_time: at('09:00') },
    ];
    const punches = () =>
      w.suite.kernel.dbh.sqlite.prepare("SELECT employee_id AS employeeId, at, source FROM attendance_punches WHERE source = 'wecom' ORDER BY at").all() as { employeeId: number; at: number }[];

    for (let i = 0; i < 2; i++) {
      const res = await w.suite.post('admin', '/admin/connectors/wecom/punches', { from: day, to: day });
      expect(res.status).toBe(303);
    }
    expect(punches()).toEqual([
      { employeeId: w.employees.zhangsan, at: at('08:57') * 1000, source: 'wecom' },
      { employeeId: w.employees.zhangsan, at: at('18:05') * 1000, source: 'wecom' },
    ]);
  });
});
