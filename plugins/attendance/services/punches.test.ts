// Punches on a real database: adding with dedupe, future and locked months refused, CSV import all or nothing, web punch rules, night shifts.
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HrContext, type SessionUser } from '../../../core/sdk.js';
import { startTimeKit, type TimeKit, thrown } from '../../../tests/helpers/attendance-time-kit.js';
import { detectColumns, parseDateTime } from './punch-import.js';

const NOW = '2026-11-26T10:00:00+08:00';
const at = (local: string) => new Date(`${local}+08:00`);

/** Just enough of a request for webPunch: the client address and nothing signed in. */
function fakeRequest(ip: string | null): HrContext {
  return { env: ip ? { incoming: { socket: { remoteAddress: ip } } } : {}, get: () => undefined, req: { header: () => undefined } } as unknown as HrContext;
}

function employeeUser(employeeId: number, permissions: string[] = ['attendance.self']): SessionUser {
  return { id: 1, login: 'u', name: 'u', role: 'employee', permissions: new Set(permissions), scopes: new Map(permissions.map((p) => [p, 'self'])), employeeId, locale: null, theme: null };
}

describe('parsing device exports', () => {
  it.each([
    ['2026-11-25 08:55', { date: '2026-11-25', seconds: 8 * 3600 + 55 * 60 }],
    ['2026/11/5 8:05:09', { date: '2026-11-05', seconds: 8 * 3600 + 5 * 60 + 9 }],
    ['2026-11-25T23:59', { date: '2026-11-25', seconds: 23 * 3600 + 59 * 60 }],
    ['2026年11月25日 08:55', { date: '2026-11-25', seconds: 8 * 3600 + 55 * 60 }],
    ['2026-02-30 08:00', null],
    ['2026-11-25 24:00', null],
    ['yesterday', null],
    ['2026-11-25', null],
  ])('%s → %j', (text, expected) => {
    expect(parseDateTime(text)).toEqual(expected);
  });

  it.each([
    [['工号', '姓名', '打卡时间'], { employeeNo: 0, dateTime: 2, date: -1, time: -1 }],
    [['员工编号', '日期', '时间'], { employeeNo: 0, dateTime: -1, date: 1, time: 2 }],
    [['Employee_No', 'Date', 'Time'], { employeeNo: 0, dateTime: -1, date: 1, time: 2 }],
    [['employee no', 'datetime'], { employeeNo: 0, dateTime: 1, date: -1, time: -1 }],
    [['姓名', '打卡时间'], null],
  ])('columns of %j', (header, expected) => {
    expect(detectColumns(header)).toEqual(expected);
  });
});

describe('punch service', () => {
  let kit: TimeKit;
  const ids: Record<string, number> = {};
  const punchCount = () => kit.suite.kernel.dbh.sqlite.prepare('SELECT count(*) FROM attendance_punches').pluck().get() as number;

  beforeAll(async () => {
    kit = await startTimeKit({ now: NOW });
    const dept = kit.department('研发部');
    ids.zhang = kit.hire('E001', '张三', dept);
    ids.li = kit.hire('E002', '李四', dept);
    ids.night = kit.hire('E003', '赵六', dept);
  });
  afterAll(async () => {
    await kit?.close();
  });

  it('adds punches, skips the same external id and double taps, and computes the day', () => {
    const first = kit.punches.addMany([
      { employeeId: ids.zhang!, at: at('2026-11-24T08:50:00'), source: 'wecom', externalId: 'w-1' },
      { employeeId: ids.zhang!, at: at('2026-11-24T08:50:30'), source: 'wecom', externalId: 'w-2' }, // a double tap 30 s later
      { employeeId: ids.zhang!, at: at('2026-11-24T18:10:00'), source: 'wecom', externalId: 'w-3' },
    ]);
    expect(first).toEqual({ added: 2, skipped: 1 });
    expect(kit.punches.addMany([{ employeeId: ids.zhang!, at: at('2026-11-24T08:50:00'), source: 'wecom', externalId: 'w-1' }])).toEqual({ added: 0, skipped: 1 });
    expect(kit.daily(ids.zhang!, '2026-11-24', '2026-11-24').get('2026-11-24')).toMatchObject({ status: 'normal', first_in: 530, last_out: 1090, late_minutes: 0 });
    expect(kit.punches.listForDay(ids.zhang!, '2026-11-24').map((p) => p.source)).toEqual(['wecom', 'wecom']);
  });

  it('refuses a punch in the future and writes nothing of the batch', () => {
    const before = punchCount();
    const err = thrown(() =>
      kit.punches.addMany([
        { employeeId: ids.li!, at: at('2026-11-25T09:00:00'), source: 'api' },
        { employeeId: ids.li!, at: at('2026-11-26T18:00:00'), source: 'api' },
      ]),
    );
    expect(err).toMatchObject({ status: 422, messageKey: 'attendance.error.future' });
    expect(punchCount()).toBe(before);
  });

  it('refuses unknown employees and punches in a locked month', () => {
    expect(thrown(() => kit.punches.addMany([{ employeeId: 9999, at: at('2026-11-25T09:00:00'), source: 'api' }])).messageKey).toBe('attendance.time.error.unknownEmployee');
    kit.parts.locks.lock(null, '2026-10', 'payroll approved');
    const before = punchCount();
    const err = thrown(() => kit.punches.addMany([{ employeeId: ids.li!, at: at('2026-10-20T09:00:00'), source: 'api' }]));
    expect(err).toMatchObject({ status: 409, messageKey: 'attendance.error.monthLocked' });
    expect(punchCount()).toBe(before);
  });

  it('counts a night shift crossing midnight on the day it starts', () => {
    const night = kit.parts.schedule.saveShift(null, null, {
      name: '夜班', kind: 'fixed', start: '22:00', end: '06:00', breakStart: null, breakEnd: null, graceLateMinutes: 0, graceEarlyMinutes: 0,
      flexMinutes: 0, requiredMinutes: null, windowBeforeMinutes: 120, windowAfterMinutes: 240, absentAfterMinutes: 0, color: '#333333', active: true,
    });
    kit.parts.schedule.addAssignment(null, null, { targetType: 'employee', targetId: ids.night!, shiftId: night, rotationId: null, anchorDate: null, effectiveFrom: '2026-11-01', effectiveTo: null });
    kit.punches.addMany([
      { employeeId: ids.night!, at: at('2026-11-24T21:55:00'), source: 'api' },
      { employeeId: ids.night!, at: at('2026-11-25T06:20:00'), source: 'api' },
    ]);
    const days = kit.daily(ids.night!, '2026-11-24', '2026-11-25');
    expect(days.get('2026-11-24')).toMatchObject({ shift_id: night, status: 'normal', first_in: 21 * 60 + 55, last_out: 1440 + 6 * 60 + 20 });
    // The next night has no punches yet: absent (the morning punch belongs to the night before).
    expect(days.get('2026-11-25')).toMatchObject({ shift_id: night, status: 'absent', first_in: null });
  });

  describe('CSV import', () => {
    const csv = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

    it('imports a device export and adds nothing when the same file comes again', () => {
      const file = csv('工号,姓名,打卡时间\nE001,张三,2026-11-23 08:58\nE001,张三,2026-11-23 18:05\nE002,李四,2026/11/23 9:12:00\n\n');
      const report = kit.punches.importCsv(null, null, file, 'device.csv');
      expect(report).toMatchObject({ written: true, rows: 3, added: 3, skipped: 0, errorCount: 0, employees: 2, from: '2026-11-23', to: '2026-11-23', encoding: 'utf-8' });
      expect(kit.daily(ids.li!, '2026-11-23', '2026-11-23').get('2026-11-23')).toMatchObject({ status: 'missing', late_minutes: 12 });
      const again = kit.punches.importCsv(null, null, file, 'device.csv');
      expect(again).toMatchObject({ written: true, added: 0, skipped: 3 });
    });

    it('writes nothing when any row is wrong, and reports every row with its line', () => {
      const before = punchCount();
      const file = csv('工号,打卡时间\nE001,2026-11-20 08:59\nE404,2026-11-20 09:00\nE002,20.11.2026\nE002,2026-11-27 09:00\nE002,2026-10-10 09:00\n');
      const report = kit.punches.importCsv(null, null, file, 'bad.csv');
      expect(report.written).toBe(false);
      expect(report.errors.map((e) => [e.line, e.key])).toEqual([
        [3, 'attendance.time.import.error.unknownEmployee'],
        [4, 'attendance.time.import.error.badTime'],
        [5, 'attendance.time.import.error.future'],
        [6, 'attendance.time.import.error.locked'],
      ]);
      expect(report.errors[0]!.params).toEqual({ value: 'E404' });
      expect(punchCount()).toBe(before);
    });

    it('reads GBK files with separate date and time columns', () => {
      const file = new Uint8Array(iconv.encode('员工编号,姓名,日期,时间\r\nE002,李四,2026-11-19,08:30\r\nE002,李四,2026-11-19,17:45\r\n', 'gbk'));
      const report = kit.punches.importCsv(null, null, file, '考勤.csv');
      expect(report).toMatchObject({ written: true, added: 2, encoding: 'gb18030' });
      expect(kit.daily(ids.li!, '2026-11-19', '2026-11-19').get('2026-11-19')).toMatchObject({ status: 'early', early_minutes: 15 });
    });

    it('explains a file without the needed columns', () => {
      const report = kit.punches.importCsv(null, null, csv('name,when\n张三,2026-11-20 08:00\n'), 'x.csv');
      expect(report.errors).toEqual([{ line: 1, key: 'attendance.time.import.error.columns', params: {} }]);
    });
  });

  describe('web punch', () => {
    it('needs an employee record', () => {
      expect(thrown(() => kit.punches.webPunch(fakeRequest(null), { ...employeeUser(1), employeeId: null }, {})).messageKey).toBe('attendance.error.noEmployee');
    });
  });
});

describe('web punch rules', () => {
  let kit: TimeKit;
  let employee: number;

  beforeAll(async () => {
    kit = await startTimeKit({
      now: NOW,
      settings: { punch: { geofences: [{ name: '总部', latitude: 31.2304, longitude: 121.4737, radiusMeters: 300 }], allowedIps: ['10.0.0.0/8'], dedupeSeconds: 60 } },
    });
    employee = kit.hire('E001', '张三', kit.department('研发部'));
  });
  afterAll(async () => {
    await kit?.close();
  });

  it('accepts the office network without a location', () => {
    const done = kit.punches.webPunch(fakeRequest('::ffff:10.1.2.3'), employeeUser(employee), {});
    expect(done).toMatchObject({ duplicate: false });
    expect(done.at.toISOString()).toBe(new Date(NOW).toISOString());
  });

  it('treats a second tap within the dedupe window as the same punch', () => {
    kit.setNow('2026-11-26T10:00:30+08:00');
    expect(kit.punches.webPunch(fakeRequest('10.1.2.3'), employeeUser(employee), {}).duplicate).toBe(true);
    expect(kit.punches.listForDay(employee, '2026-11-26')).toHaveLength(1);
  });

  it('accepts a location inside the geofence from any network', () => {
    kit.setNow('2026-11-26T12:00:00+08:00');
    expect(kit.punches.webPunch(fakeRequest('203.0.113.9'), employeeUser(employee), { latitude: 31.231, longitude: 121.474 }).duplicate).toBe(false);
  });

  it('refuses a location outside every fence, naming the nearest and how far', () => {
    kit.setNow('2026-11-26T13:00:00+08:00');
    const err = thrown(() => kit.punches.webPunch(fakeRequest('203.0.113.9'), employeeUser(employee), { latitude: 31.2304, longitude: 121.4826 }));
    expect(err).toMatchObject({ status: 403, messageKey: 'attendance.time.punch.error.outside' });
    expect(err.params).toEqual({ name: '总部', meters: '846 m' });
  });

  it('asks for the location (or the office network) when neither is there', () => {
    const err = thrown(() => kit.punches.webPunch(fakeRequest('203.0.113.9'), employeeUser(employee), {}));
    expect(err.messageKey).toBe('attendance.time.punch.error.locationOrNetwork');
    expect(kit.punches.listForDay(employee, '2026-11-26')).toHaveLength(2);
  });
});
