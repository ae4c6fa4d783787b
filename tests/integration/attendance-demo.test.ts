// The attendance demo data on top of a small company: punches for last month and this month to date, leave in every state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../core/kernel.js';
import type { MonthlySummary } from '../../plugins/attendance/service-api.js';
import { addDays } from '../../plugins/attendance/domain/time.js';
import { startInProcess, type InProcess } from '../helpers/inprocess.js';

describe('attendance demo data', () => {
  let suite: InProcess;
  let month: string;
  let summaries: MonthlySummary[];

  beforeAll(async () => {
    suite = await startInProcess({ plugins: { attendance: { enabled: true } } });
    const people = suite.kernel.people.service;
    const dept = people.departments.create({ name: '市场部' }).id;
    ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄强'].forEach((name, i) =>
      people.employees.create({ employeeNo: `D${String(i + 1).padStart(3, '0')}`, name, departmentId: dept, hireDate: '2021-03-01' }),
    );
    expect(await loadDemo(suite.kernel, 'zh-CN')).toContain('attendance');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: suite.kernel.config.timezone }).format(new Date());
    month = addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
    const service = suite.kernel.services.get('attendance')!.implementation as { monthlySummaries(m: string): MonthlySummary[] };
    summaries = service.monthlySummaries(month);
  });
  afterAll(async () => {
    await suite?.close();
  });

  const sqlite = () => suite.kernel.dbh.sqlite;

  it('adds device punches for everyone over last month', () => {
    const punches = sqlite().prepare("SELECT count(*) FROM attendance_punches WHERE source = 'import' AND external_id LIKE 'demo-%'").pluck().get() as number;
    expect(punches).toBeGreaterThan(8 * 15 * 2 * 0.8);
    expect(summaries).toHaveLength(8);
  });

  it('has mostly punctual people, some late days, a few missing punches and one absent day', () => {
    const worked = summaries.reduce((n, s) => n + s.daysWorked, 0);
    const late = summaries.reduce((n, s) => n + s.lateCount, 0);
    const missing = summaries.reduce((n, s) => n + s.missingPunchCount, 0);
    expect(late).toBeGreaterThan(0);
    expect(late).toBeLessThan(worked / 5);
    expect(missing).toBeGreaterThan(0);
    expect(summaries.reduce((n, s) => n + s.absentDays, 0)).toBe(1);
  });

  it('has approved annual leave, an approved afternoon of personal leave and a pending sick leave', () => {
    const leave = sqlite()
      .prepare('SELECT t.code, r.status, r.start_half AS startHalf, r.minutes FROM attendance_leave_requests r JOIN attendance_leave_types t ON t.id = r.leave_type_id ORDER BY r.id')
      .all() as { code: string; status: string; startHalf: string; minutes: number }[];
    expect(leave).toEqual([
      { code: 'annual', status: 'approved', startHalf: 'am', minutes: 960 },
      { code: 'personal', status: 'approved', startHalf: 'pm', minutes: 240 },
      { code: 'sick', status: 'pending', startHalf: 'am', minutes: 480 },
    ]);
    expect(summaries.find((s) => s.employeeNo === 'D001')!.leave).toEqual([expect.objectContaining({ code: 'annual', days: 2 })]);
  });
});
