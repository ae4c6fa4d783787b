// Acceptance: the org sync dry run shows adds, changes and leavers; applying it changes exactly
// those (people tables compared before and after); a platform that changed in between is refused
// with the new dry run; the scheduled sync never records leavers. Punches "sync now" into attendance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeConnectorPlugin, fakePlatform, pluginFolder, type FakePlatform } from '../helpers/fake-connector.js';
import { startInProcess, type InProcess } from '../helpers/inprocess.js';
import type { RemoteMember } from '../../core/connectors/types.js';
import { todayIn } from '../../core/people/validate.js';

type Row = Record<string, unknown>;
const TABLES = ['people_departments', 'people_employees', 'people_positions', 'connector_links', 'connector_departments'];
const VOLATILE = new Set(['created_at', 'updated_at', 'linked_at', 'name_pinyin', 'name_initials']);

function member(remoteUserId: string, name: string, over: Partial<RemoteMember> = {}): RemoteMember {
  return { remoteUserId, name, mobile: null, email: null, departmentId: '2', position: null, active: true, ...over };
}

describe('connectors: org sync', () => {
  const platform: FakePlatform = fakePlatform();
  const folder = pluginFolder(fakeConnectorPlugin(platform));
  let suite: InProcess;
  const id: Record<string, number> = {};

  /** Every row of the people and link tables, keyed, without columns that change on every write. */
  const snapshot = (): Map<string, Row> => {
    const out = new Map<string, Row>();
    for (const table of TABLES) {
      for (const row of suite.kernel.dbh.sqlite.prepare(`SELECT * FROM ${table}`).all() as Row[]) {
        const key = `${table}:${row.id ?? `${row.connector}/${row.remote_user_id ?? row.remote_id}`}`;
        out.set(key, Object.fromEntries(Object.entries(row).filter(([k]) => !VOLATILE.has(k))));
      }
    }
    return out;
  };
  /** What changed between two snapshots: added, removed and changed rows by key. */
  const changes = (before: Map<string, Row>, after: Map<string, Row>) => {
    const out: Record<string, { before?: Row; after?: Row }> = {};
    for (const [k, v] of after) if (JSON.stringify(before.get(k)) !== JSON.stringify(v)) out[k] = { before: before.get(k), after: v };
    for (const [k, v] of before) if (!after.has(k)) out[k] = { before: v };
    return out;
  };
  const hashOf = (html: string) => /name="hash" value="([0-9a-f]{32})"/.exec(html)?.[1];

  beforeAll(async () => {
    suite = await startInProcess({ plugins: { fakechat: { path: folder.path } }, users: [{ login: 'boss', role: 'admin' }, { login: 'hr', role: 'hr' }] });
    const people = suite.kernel.people.service;
    id.root = people.departments.create({ name: '星辰科技' }).id;
    id.rd = people.departments.create({ name: '研发部', parentId: id.root }).id;
    const hire = (no: string, name: string, extra: Record<string, unknown> = {}) => people.employees.create({ employeeNo: no, name, departmentId: id.rd!, hireDate: '2024-01-01', ...extra });
    id.li = hire('E001', '李斯');
    id.wang = hire('E002', '王五', { mobile: '13700137000' });
    id.zhou = hire('E003', '周八');
    id.sun = hire('E004', '孙九');
    const { links } = platform.ctx!.connectors;
    links.link(null, { connector: 'fakechat', employeeId: id.li, remoteUserId: 'lisi', via: 'manual' });
    links.link(null, { connector: 'fakechat', employeeId: id.zhou, remoteUserId: 'zhouba', via: 'manual' });
    platform.org = {
      departments: [
        { remoteId: '1', name: '星辰科技', parentId: null },
        { remoteId: '2', name: '研发部', parentId: '1' },
        { remoteId: '3', name: '市场部', parentId: '1' },
      ],
      members: [
        member('lisi', '李四', { departmentId: '3', position: '市场经理' }),
        member('wangwu', '王五', { mobile: '+86 13700137000' }),
        member('zhangsan', '张三', { departmentId: '3', mobile: '13800138000', position: '市场专员' }),
        // zhouba is gone from the platform; 孙九 was never on it.
      ],
    };
    await suite.kernel.events.drain();
  });
  afterAll(async () => {
    await suite?.close();
    folder.remove();
  });

  it('lists the connector with what it can do, for admins only', async () => {
    const res = await suite.get('boss', '/admin/connectors');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-connector="fakechat"');
    expect(html).toContain('data-configured="yes"');
    for (const capability of ['消息通知', '组织架构同步', '打卡同步', '免密登录']) expect(html).toContain(capability);
    expect(html).toContain('href="/admin/connectors/fakechat/sync"');
    expect((await suite.get('hr', '/admin/connectors')).status).toBe(403);
  });

  it('shows adds, changes and leavers in the dry run and writes nothing', async () => {
    const before = snapshot();
    const res = await suite.get('boss', '/admin/connectors/fakechat/sync');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/data-kind="department-add"><td>.*<\/td><td>星辰科技 \/ 市场部<\/td>/);
    expect(html).toMatch(/data-kind="employee-add"><td>张三<\/td><td>星辰科技 \/ 市场部<\/td><td>市场专员<\/td><td class="nowrap">13800138000<\/td>/);
    expect(html).toContain('data-kind="employee-change" data-employee="E001"');
    expect(html).toMatch(/李斯<\/td><td><strong>李四<\/strong>/);
    expect(html).toContain('data-kind="employee-change" data-employee="E002"'); // matched by mobile: linked only
    expect(html).toContain('按手机号匹配 → wangwu');
    expect(html).toContain('data-kind="employee-leave" data-employee="E003"');
    expect(html).toContain('已不在假聊通讯录中');
    expect(html).toContain('data-reason="not_on_platform"');
    expect(html).toContain('data-count="employees-added">1<');
    expect(html).toContain('data-count="employees-left">1<');
    expect(hashOf(html)).toBeDefined();
    expect(snapshot()).toEqual(before);
  });

  it('refuses to apply when the platform changed since the dry run, showing the new one', async () => {
    const hash = hashOf(await (await suite.get('boss', '/admin/connectors/fakechat/sync')).text())!;
    const before = snapshot();
    platform.org.members.push(member('newbie', '新人'));
    try {
      const res = await suite.post('boss', '/admin/connectors/fakechat/sync', { hash });
      expect(res.status).toBe(409);
      const html = await res.text();
      expect(html).toContain('data-stale="yes"');
      expect(html).toMatch(/data-kind="employee-add"><td>新人</);
      expect(hashOf(html)).not.toBe(hash);
      expect(snapshot()).toEqual(before);
    } finally {
      platform.org.members.pop();
    }
  });

  it('applies exactly the reviewed diff: nothing more, nothing less', async () => {
    const hash = hashOf(await (await suite.get('boss', '/admin/connectors/fakechat/sync')).text())!;
    const before = snapshot();
    const eventsBefore = (suite.kernel.dbh.sqlite.prepare('SELECT max(rowid) AS n FROM core_outbox_events').get() as { n: number }).n;
    const res = await suite.post('boss', '/admin/connectors/fakechat/sync', { hash });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/connectors');

    const diff = changes(before, snapshot());
    const sqlite = suite.kernel.dbh.sqlite;
    const market = (sqlite.prepare("SELECT id FROM people_departments WHERE name = '市场部'").get() as { id: number }).id;
    const zhang = (sqlite.prepare("SELECT id FROM people_employees WHERE name = '张三'").get() as { id: number }).id;
    const positionId = (name: string) => (sqlite.prepare('SELECT id FROM people_positions WHERE name = ?').get(name) as { id: number }).id;
    const today = todayIn(suite.kernel.config.timezone);

    expect(Object.keys(diff).sort()).toEqual(
      [
        `people_departments:${market}`,
        `people_employees:${id.li}`,
        `people_employees:${id.zhou}`,
        `people_employees:${zhang}`,
        `people_positions:${positionId('市场经理')}`,
        `people_positions:${positionId('市场专员')}`,
        'connector_links:fakechat/wangwu',
        'connector_links:fakechat/zhangsan',
        'connector_departments:fakechat/1',
        'connector_departments:fakechat/2',
        'connector_departments:fakechat/3',
      ].sort(),
    );
    expect(diff[`people_departments:${market}`]!.after).toMatchObject({ name: '市场部', parent_id: id.root });
    expect(diff[`people_employees:${id.li}`]).toEqual({
      before: expect.objectContaining({ name: '李斯', department_id: id.rd, position_id: null }),
      after: expect.objectContaining({ name: '李四', department_id: market, position_id: positionId('市场经理'), status: 'probation' }),
    });
    expect(diff[`people_employees:${id.zhou}`]!.after).toMatchObject({ status: 'left', termination_date: today, termination_reason: '假聊同步：已从通讯录移除' });
    expect(diff[`people_employees:${zhang}`]!.after).toMatchObject({ employee_no: 'FAKECHAT-0001', department_id: market, mobile: '13800138000', status: 'regular' });
    expect(diff['connector_links:fakechat/wangwu']!.after).toMatchObject({ employee_id: id.wang, via: 'sync' });
    expect(diff['connector_departments:fakechat/1']!.after).toMatchObject({ department_id: id.root });

    // The directory's own events and audit trail, as if HR had made each change by hand.
    const events = (sqlite.prepare('SELECT name, payload FROM core_outbox_events WHERE rowid > ? ORDER BY rowid').all(eventsBefore) as { name: string; payload: string }[]).map((e) => [e.name, JSON.parse(e.payload).id]);
    expect(events).toEqual(expect.arrayContaining([['employee.hired', zhang], ['employee.left', id.zhou], ['employee.updated', id.li]]));
    const summary = sqlite.prepare("SELECT after FROM core_audit_log WHERE action = 'connectors.sync.apply' ORDER BY id DESC").get() as { after: string };
    expect(JSON.parse(summary.after)).toMatchObject({ employeesAdded: 1, employeesChanged: 2, employeesLeft: 1, departmentsAdded: 1, trigger: 'manual' });

    // Now in step: a second dry run proposes nothing but the person who was never on the platform.
    const again = await (await suite.get('boss', '/admin/connectors/fakechat/sync')).text();
    expect(again).toContain('data-empty="yes"');
    expect(again).not.toContain('data-kind="employee-');
    const page = await (await suite.get('boss', '/admin/connectors')).text();
    expect(page).toContain('新增员工 1');
  });

  it('runs the scheduled sync with adds and changes but never leavers', async () => {
    platform.org.members = platform.org.members.filter((m) => m.remoteUserId !== 'wangwu');
    platform.org.members.push(member('qianqi', '钱七'));
    await platform.ctx!.connectors.syncNow('fakechat');
    const sqlite = suite.kernel.dbh.sqlite;
    expect(sqlite.prepare("SELECT status FROM people_employees WHERE id = ?").get(id.wang)).toEqual({ status: 'probation' });
    expect(sqlite.prepare("SELECT employee_no AS no FROM people_employees WHERE name = '钱七'").get()).toEqual({ no: 'FAKECHAT-0002' });
    const run = suite.kernel.jobs.history('core.connector-sync:fakechat')[0]!;
    expect(run.status).toBe('ok');
    expect(run.summary).toContain('employeesLeft 0');
    // The admin still sees the leaver in the next dry run.
    expect(await (await suite.get('boss', '/admin/connectors/fakechat/sync')).text()).toContain('data-kind="employee-leave" data-employee="E002"');
  });

  it('explains a platform that cannot be reached, and writes nothing', async () => {
    platform.down = true;
    try {
      const res = await suite.get('boss', '/admin/connectors/fakechat/sync');
      expect(res.status).toBe(502);
      const html = await res.text();
      expect(html).toContain('无法从假聊读取通讯录');
      expect(html).toContain('ECONNREFUSED');
      expect(html).not.toContain('name="hash"');
    } finally {
      platform.down = false;
    }
  });

  it('links and unlinks by hand from the admin page', async () => {
    let res = await suite.post('boss', '/admin/connectors/fakechat/links', { employeeNo: 'E004', remoteUserId: 'sunjiu' });
    expect(res.status).toBe(303);
    expect(platform.ctx!.connectors.links.employeeOf('fakechat', 'sunjiu')).toBe(id.sun);
    // Someone else's account: refused, nothing changes.
    res = await suite.post('boss', '/admin/connectors/fakechat/links', { employeeNo: 'E004', remoteUserId: 'lisi' });
    expect(res.status).toBe(303);
    expect(platform.ctx!.connectors.links.employeeOf('fakechat', 'lisi')).toBe(id.li);
    res = await suite.post('boss', '/admin/connectors/fakechat/unlink', { employeeNo: 'E004' });
    expect(res.status).toBe(303);
    expect(platform.ctx!.connectors.links.employeeOf('fakechat', 'sunjiu')).toBeNull();
  });
});

describe('connectors: punches into attendance', () => {
  const platform: FakePlatform = fakePlatform();
  const folder = pluginFolder(fakeConnectorPlugin(platform));
  let suite: InProcess;
  let employeeId: number;

  beforeAll(async () => {
    suite = await startInProcess({ plugins: { attendance: true, fakechat: { path: folder.path } }, users: [{ login: 'boss', role: 'admin' }] });
    const people = suite.kernel.people.service;
    const dept = people.departments.create({ name: '总部' }).id;
    employeeId = people.employees.create({ employeeNo: 'E1', name: '张三', departmentId: dept, hireDate: '2024-01-01' });
    platform.ctx!.connectors.links.link(null, { connector: 'fakechat', employeeId, remoteUserId: 'zhangsan', via: 'manual' });
    await suite.kernel.events.drain();
  });
  afterAll(async () => {
    await suite?.close();
    folder.remove();
  });

  it('stores punches of linked people once, however often the range is synced', async () => {
    const zone = suite.kernel.config.timezone;
    const yesterday = todayIn(zone, new Date(Date.now() - 86_400_000));
    const at = (hhmm: string) => new Date(`${yesterday}T${hhmm}:00+08:00`).toISOString();
    platform.punches = [
      { remoteUserId: 'zhangsan', at: at('08:58'), source: '上班打卡' },
      { remoteUserId: 'zhangsan', at: at('18:05'), source: '下班打卡' },
      { remoteUserId: 'stranger', at: at('09:00'), source: '上班打卡' },
    ];
    const count = () => (suite.kernel.dbh.sqlite.prepare("SELECT count(*) AS n FROM attendance_punches WHERE employee_id = ? AND source = 'wecom'").get(employeeId) as { n: number }).n;
    // 'fakechat' is not a source attendance knows: stored as 'api'.
    const stored = () => suite.kernel.dbh.sqlite.prepare('SELECT source, note FROM attendance_punches WHERE employee_id = ? ORDER BY at').all(employeeId);
    let res = await suite.post('boss', '/admin/connectors/fakechat/punches', { from: yesterday, to: yesterday });
    expect(res.status).toBe(303);
    expect(stored()).toEqual([
      { source: 'api', note: '上班打卡' },
      { source: 'api', note: '下班打卡' },
    ]);
    expect(count()).toBe(0);
    res = await suite.post('boss', '/admin/connectors/fakechat/punches', { from: yesterday, to: yesterday });
    expect(res.status).toBe(303);
    expect(stored()).toHaveLength(2);
    expect(platform.punchQueries.at(-1)?.[2]).toEqual(['zhangsan']);
    const html = await (await suite.get('boss', '/admin/connectors')).text();
    expect(html).toContain('重复 2');
  });

  it('refuses a range longer than a month with a readable message', async () => {
    const queries = platform.punchQueries.length;
    const res = await suite.post('boss', '/admin/connectors/fakechat/punches', { from: '2026-01-01', to: '2026-03-01' });
    expect(res.status).toBe(303);
    // The message is a flash: carry its cookie to the next page as a browser would.
    const flash = (res.headers.get('set-cookie') ?? '').split(/,(?=\s*hr_)/).find((c) => c.trim().startsWith(suite.kernel.cookies.flash))!.split(';')[0]!.trim();
    const page = await (await suite.get('boss', '/admin/connectors', { cookie: `${suite.cookieFor('boss')}; ${flash}` })).text();
    expect(page).toContain('日期范围不对：结束日期不能早于开始日期，最多 31 天。');
    expect(platform.punchQueries).toHaveLength(queries);
  });
});
