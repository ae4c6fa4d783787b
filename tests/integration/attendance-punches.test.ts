// Attendance time part in process: web punches (geofence, office IP), CSV import all or nothing (GBK too), future punches,
// night shifts end to end, recompute on schedule changes, unknown holiday years, scope of punches and daily results.
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../plugins/attendance/domain/time.js';
import { startInProcess, type InProcess } from '../helpers/inprocess.js';

const OFFICE = { name: '总部', latitude: 31.2304, longitude: 121.4737, radiusMeters: 300 };

interface Suite {
  suite: InProcess;
  ids: Record<string, number>;
  today: string;
}

/** A suite with attendance on, HR, and two employees in 研发部 linked to accounts `zhang` and `li`. */
async function start(settings: Record<string, unknown> = {}, config: { trustProxy?: boolean } = {}): Promise<Suite> {
  const suite = await startInProcess({ config, plugins: { attendance: { enabled: true, settings } }, users: [{ login: 'hr', role: 'hr' }] });
  const people = suite.kernel.people.service;
  const dept = people.departments.create({ name: '研发部' }).id;
  const ids: Record<string, number> = { dept };
  ids.zhang = people.employees.create({ employeeNo: 'E001', name: '张三', departmentId: dept, hireDate: '2024-01-02' });
  ids.li = people.employees.create({ employeeNo: 'E002', name: '李四', departmentId: dept, hireDate: '2024-01-02' });
  people.linkUser(ids.zhang, suite.addUser({ login: 'zhang', role: 'employee' }));
  people.linkUser(ids.li, suite.addUser({ login: 'li', role: 'employee' }));
  return { suite, ids, today: localDate(Date.now(), suite.kernel.config.timezone) };
}

/** The page a redirect leads to, with the flash cookie the redirect set (as a browser would send it). */
async function followFlash(suite: InProcess, login: string, res: Response, path: string): Promise<string> {
  const flash = res.headers.getSetCookie().find((c) => c.startsWith(suite.kernel.cookies.flash))?.split(';')[0];
  return (await suite.get(login, path, { cookie: [suite.cookieFor(login), flash].filter(Boolean).join('; ') })).text();
}

const punchCount = (suite: InProcess) => suite.kernel.dbh.sqlite.prepare('SELECT count(*) FROM attendance_punches').pluck().get() as number;

/** A multipart upload as a browser sends it (the CSRF token travels as a form field). */
function upload(suite: InProcess, login: string, path: string, name: string, bytes: Uint8Array): Promise<Response> {
  const form = new FormData();
  form.set('_csrf', suite.csrf);
  form.set('file', new Blob([new Uint8Array(bytes)], { type: 'text/csv' }), name);
  return Promise.resolve(suite.app.request(path, { method: 'POST', headers: { cookie: suite.cookieFor(login) }, body: form }));
}

describe('attendance punches, calendar and daily results', () => {
  let s: Suite;
  beforeAll(async () => {
    s = await start();
  });
  afterAll(async () => {
    await s?.suite.close();
  });

  it('says clearly that a year is unknown: calendar page, admin warning and API', async () => {
    const next = Number(s.today.slice(0, 4)) + 1;
    const page = await s.suite.get('zhang', `/attendance?month=${next}-01`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`系统还没有 ${next} 年的法定节假日安排`);
    expect(html).not.toContain('att-grid');
    const admin = await (await s.suite.get('hr', '/attendance/admin/calendar')).text();
    expect(admin).toContain(`录入 ${next} 年节假日`);
    const api = await s.suite.json('zhang', 'GET', `/api/v1/attendance/calendar?from=${next}-01-01&to=${next}-01-31`);
    expect(api.status).toBe(422);
    expect(((await api.json()) as { error: { message: string } }).error.message).toContain(String(next));
  });

  it('lets HR enter a year by hand; then the month shows its holidays', async () => {
    const next = Number(s.today.slice(0, 4)) + 1;
    const form = await (await s.suite.get('hr', `/attendance/admin/calendar/year/${next}`)).text();
    expect(form).toContain(`${next}-01-01`); // 元旦 filled in by law
    const bad = await s.suite.post('hr', `/attendance/admin/calendar/year/${next}`, {
      periodFrom: [`${next}-01-01`, `${next}-01-01`],
      periodTo: [`${next}-01-01`, ''],
      periodKind: ['statutory', 'holiday_rest'],
      periodName: ['元旦', '元旦'],
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain(`${next}-01-01 出现在两个时间段里`);
    const saved = await s.suite.post('hr', `/attendance/admin/calendar/year/${next}`, {
      note: '测试',
      periodFrom: [`${next}-01-01`, ''],
      periodTo: [`${next}-01-01`, ''],
      periodKind: ['statutory', 'holiday_rest'],
      periodName: ['元旦', ''],
      workdayDate: [''],
      workdayName: [''],
    });
    expect(saved.status).toBe(303);
    const html = await (await s.suite.get('zhang', `/attendance?month=${next}-01`)).text();
    expect(html).toContain('att-grid');
    expect(html).toContain('元旦');
  });

  it('refuses a punch in the future and writes nothing of the batch', async () => {
    const before = punchCount(s.suite);
    const res = await s.suite.json('hr', 'POST', '/api/v1/attendance/punches', {
      punches: [
        { employeeId: s.ids.zhang, at: new Date(Date.now() - 3600_000).toISOString() },
        { employeeId: s.ids.zhang, at: new Date(Date.now() + 3 * 3600_000).toISOString() },
      ],
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('不能记录未来时间的打卡。');
    expect(punchCount(s.suite)).toBe(before);
  });

  it('computes a night shift across midnight, and recomputes when the schedule changes', async () => {
    const day = addDays(s.today, -3);
    const night = (clock: string, date = day) => `${date}T${clock}:00+08:00`;
    // Punches first: under the default day shift they are no normal day.
    const added = await s.suite.json('hr', 'POST', '/api/v1/attendance/punches', {
      punches: [
        { employeeId: s.ids.li, at: night('21:55'), source: 'dingtalk', externalId: 'd-1' },
        { employeeId: s.ids.li, at: night('06:05', addDays(day, 1)), source: 'dingtalk', externalId: 'd-2' },
      ],
    });
    expect(await added.json()).toEqual({ added: 2, skipped: 0 });
    const dailyOf = async () => {
      const res = await s.suite.json('li', 'GET', `/api/v1/attendance/daily?month=${day.slice(0, 7)}`);
      expect(res.status).toBe(200);
      return ((await res.json()) as { items: { date: string; status: string; firstIn: string | null; lastOut: string | null; shiftId: number | null }[] }).items.find((r) => r.date === day)!;
    };
    expect((await dailyOf()).status).not.toBe('normal');

    // HR creates a night shift and a rotation of nights only, and assigns it to 李四 from a week ago.
    expect((await s.suite.post('hr', '/attendance/admin/shifts', { name: '夜班', kind: 'fixed', start: '22:00', end: '06:00', breakStart: '', breakEnd: '', graceLateMinutes: '5', active: 'on' })).status).toBe(303);
    expect((await s.suite.post('hr', '/attendance/admin/rotations', { name: '全夜班', pattern: '夜班', active: 'on' })).status).toBe(303);
    const rotationId = s.suite.kernel.dbh.sqlite.prepare("SELECT id FROM attendance_rotations WHERE name = '全夜班'").pluck().get() as number;
    const assign = await s.suite.post('hr', '/attendance/admin/assignments', { targetType: 'employee', employeeNo: 'E002', plan: `rotation:${rotationId}`, effectiveFrom: addDays(s.today, -7) });
    expect(assign.status).toBe(303);
    expect(await dailyOf()).toMatchObject({ status: 'normal', firstIn: '21:55', lastOut: '06:05+1' });
  });

  it('imports a device export all or nothing, reports bad rows by line, reads GBK and skips a second import', async () => {
    const before = punchCount(s.suite);
    const future = addDays(s.today, 2);
    const bad = new TextEncoder().encode(`工号,打卡时间\nE001,${addDays(s.today, -2)} 08:58\nE999,${addDays(s.today, -2)} 09:00\nE001,昨天\nE001,${future} 09:00\n`);
    const res = await upload(s.suite, 'hr', '/attendance/admin/import', 'bad.csv', bad);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('发现 3 个问题，什么都没有导入');
    expect(html).toContain('找不到工号为“E999”的员工');
    expect(html).toContain('时间“昨天”无法识别');
    expect(html).toContain('在未来，不能导入');
    expect(punchCount(s.suite)).toBe(before);

    const day = addDays(s.today, -2);
    const gbk = new Uint8Array(iconv.encode(`员工编号,姓名,日期,时间\r\nE001,张三,${day},08:58\r\nE001,张三,${day},18:06\r\n`, 'gbk'));
    const ok = await upload(s.suite, 'hr', '/attendance/admin/import', '考勤机.csv', gbk);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('已导入 2 次打卡，跳过 0 次重复');
    expect(punchCount(s.suite)).toBe(before + 2);
    const again = await upload(s.suite, 'hr', '/attendance/admin/import', '考勤机.csv', gbk);
    expect(await again.text()).toContain('已导入 0 次打卡，跳过 2 次重复');
    expect(punchCount(s.suite)).toBe(before + 2);
  });

  it('lets HR resolve a missing punch from the employee’s month, and explains a bad rotation', async () => {
    const day = addDays(s.today, -4);
    await s.suite.json('hr', 'POST', '/api/v1/attendance/punches', { punches: [{ employeeId: s.ids.zhang, at: `${day}T08:40:00+08:00`, externalId: 'x-1' }] });
    const before = await (await s.suite.get('hr', `/attendance/admin/employees/${s.ids.zhang}?month=${day.slice(0, 7)}`)).text();
    expect(before).toContain(`id="day-${day}"`);
    const res = await s.suite.post('hr', `/attendance/admin/employees/${s.ids.zhang}/punches`, { date: day, time: '18:30', note: '门禁记录为证' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/attendance/admin/employees/${s.ids.zhang}?month=${day.slice(0, 7)}#day-${day}`);
    const row = s.suite.kernel.dbh.sqlite.prepare('SELECT source, note FROM attendance_punches WHERE employee_id = ? ORDER BY id DESC LIMIT 1').get(s.ids.zhang);
    expect(row).toEqual({ source: 'correction', note: '门禁记录为证' });
    const audit = s.suite.kernel.dbh.sqlite.prepare("SELECT count(*) FROM core_audit_log WHERE action = 'attendance.punch.manual'").pluck().get();
    expect(audit).toBe(1);
    const future = await s.suite.post('hr', `/attendance/admin/employees/${s.ids.zhang}/punches`, { date: addDays(s.today, 1), time: '09:00' });
    expect(future.status).toBe(422);
    expect(await future.text()).toContain('不能记录未来时间的打卡');

    const rotation = await s.suite.post('hr', '/attendance/admin/rotations', { name: '错误', pattern: '早班, 不存在', active: 'on' });
    expect(rotation.status).toBe(400);
    expect(await rotation.text()).toContain('不认识“早班”');
  });

  it('lets employees read their own punches and results only', async () => {
    const from = addDays(s.today, -10);
    const own = await s.suite.json('zhang', 'GET', `/api/v1/attendance/punches?from=${from}&to=${s.today}`);
    expect(own.status).toBe(200);
    const items = ((await own.json()) as { items: { employeeId: number }[] }).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((p) => p.employeeId === s.ids.zhang)).toBe(true);
    expect((await s.suite.json('zhang', 'GET', `/api/v1/attendance/punches?employeeId=${s.ids.li}&from=${from}&to=${s.today}`)).status).toBe(404);
    expect((await s.suite.json('zhang', 'GET', `/api/v1/attendance/daily?employeeId=${s.ids.li}&month=${s.today.slice(0, 7)}`)).status).toBe(404);
    expect((await s.suite.json('zhang', 'POST', '/api/v1/attendance/punches', { punches: [{ employeeId: s.ids.li, at: new Date().toISOString() }] })).status).toBe(403);
    expect((await s.suite.get('zhang', '/attendance/admin/import')).status).toBe(403);
    expect((await s.suite.get('zhang', `/attendance/admin/employees/${s.ids.li}`)).status).toBe(403);
    // HR sees everyone.
    const all = await s.suite.json('hr', 'GET', `/api/v1/attendance/punches?from=${from}&to=${s.today}`);
    const employees = new Set(((await all.json()) as { items: { employeeId: number }[] }).items.map((p) => p.employeeId));
    expect([...employees].sort()).toEqual([s.ids.zhang, s.ids.li].sort());
  });

  it('punches from the page without JavaScript and lists today’s punch', async () => {
    const res = await s.suite.post('zhang', '/attendance/punch', {});
    expect(res.status).toBe(303);
    const html = await followFlash(s.suite, 'zhang', res, '/attendance');
    expect(html).toMatch(/打卡成功：\d\d:\d\d/);
    expect(html).toMatch(/<li>\d\d:\d\d <span class="muted small">网页<\/span><\/li>/);
  });

  it('takes a correction request from the page', async () => {
    const res = await s.suite.post('zhang', '/attendance/corrections', { date: addDays(s.today, -1), time: '18:00', reason: '忘记打卡' });
    expect(res.status).toBe(303);
    const html = await (await s.suite.get('zhang', '/attendance/corrections')).text();
    expect(html).toContain('忘记打卡');
    expect(html).toContain('审批中');
    const future = await s.suite.post('zhang', '/attendance/corrections', { date: s.today, time: '23:59', reason: '提前补' });
    expect([200, 422]).toContain(future.status); // 23:59 today is in the future unless the test runs in the last minute
  });
});

describe('web punch rules', () => {
  let s: Suite;
  beforeAll(async () => {
    s = await start({ punch: { geofences: [OFFICE], allowedIps: ['10.0.0.0/8'], dedupeSeconds: 60 } });
  });
  afterAll(async () => {
    await s?.suite.close();
  });

  const punch = (body: Record<string, number>, ip?: string) =>
    s.suite.app.request(
      '/api/v1/attendance/punches/me',
      { method: 'POST', headers: { cookie: s.suite.cookieFor('zhang'), 'x-csrf-token': s.suite.csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) },
      ip ? { incoming: { socket: { remoteAddress: ip } } } : undefined,
    );

  it('refuses a location outside the office, naming the office and the distance', async () => {
    const res = await punch({ latitude: 31.2304, longitude: 121.4826 });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('你不在考勤范围内（最近的打卡地点：总部，距离 846 m）。');
  });

  it('asks for a location or the office network when neither is given', async () => {
    const res = await punch({}, '203.0.113.7');
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('需要你的位置，或者连接公司网络');
    const page = await s.suite.post('zhang', '/attendance/punch', {});
    expect(page.status).toBe(303);
    expect(await followFlash(s.suite, 'zhang', page, '/attendance')).toContain('需要你的位置');
  });

  it('accepts the office network, and a location inside the fence', async () => {
    const byIp = await punch({}, '10.20.30.40');
    expect(byIp.status).toBe(201);
    expect(await byIp.json()).toMatchObject({ duplicate: false });
    const byFence = await punch({ latitude: 31.2309, longitude: 121.4741 }, '203.0.113.7');
    expect(byFence.status).toBe(201);
    expect(await byFence.json()).toMatchObject({ duplicate: true }); // the same minute: one punch
    expect(punchCount(s.suite)).toBe(1);
  });
});

describe('office network behind a reverse proxy', () => {
  let s: Suite;
  beforeAll(async () => {
    s = await start({ punch: { geofences: [], allowedIps: ['10.0.0.0/8'], dedupeSeconds: 60 } }, { trustProxy: true });
  });
  afterAll(async () => {
    await s?.suite.close();
  });

  it('judges the address the proxy forwarded, not the proxy’s own', async () => {
    const viaProxy = (forwarded: string) =>
      s.suite.app.request(
        '/api/v1/attendance/punches/me',
        { method: 'POST', headers: { cookie: s.suite.cookieFor('zhang'), 'x-csrf-token': s.suite.csrf, 'content-type': 'application/json', 'x-forwarded-for': forwarded }, body: '{}' },
        // The proxy itself sits inside the office range: it must not let everyone in.
        { incoming: { socket: { remoteAddress: '10.0.0.1' } } },
      );
    expect((await viaProxy('203.0.113.7')).status).toBe(403);
    expect(punchCount(s.suite)).toBe(0);
    expect((await viaProxy('10.8.1.20, 10.0.0.1')).status).toBe(201);
    expect(punchCount(s.suite)).toBe(1);
  });
});
