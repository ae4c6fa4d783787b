// The work calendar service on a real database: overrides, unknown years, hand-entered years, company days.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTimeKit, type TimeKit, thrown } from '../../../tests/helpers/attendance-time-kit.js';
import { createCalendarService } from './calendar.js';

describe('calendar service', () => {
  let kit: TimeKit;
  let employee: number;

  beforeAll(async () => {
    kit = await startTimeKit({ now: '2026-11-26T10:00:00+08:00' });
    employee = kit.hire('E001', '张三', kit.department('研发部'));
  });
  afterAll(async () => {
    await kit?.close();
  });

  const calendar = () => kit.parts.calendar;
  const auditCount = (action: string) => kit.suite.kernel.dbh.sqlite.prepare('SELECT count(*) FROM core_audit_log WHERE action = ?').pluck().get(action) as number;

  it('classifies package years: National Day is statutory, its bridge days holiday rest, adjusted Saturdays workdays', () => {
    const byDate = new Map(calendar().days('2026-09-28', '2026-10-10').map((d) => [d.date, d]));
    expect(byDate.get('2026-10-01')).toMatchObject({ kind: 'statutory', name: '国庆节', source: 'package' });
    expect(byDate.get('2026-10-07')?.kind).toBe('holiday_rest');
    expect(byDate.get('2026-11-26' as string)).toBeUndefined();
    expect(calendar().day('2026-11-26')).toMatchObject({ kind: 'workday', adjusted: false });
    expect(calendar().years().find((y) => y.year === 2026)).toEqual({ year: 2026, source: 'package' });
  });

  it('says clearly that 2027 is unknown (422 with the year), never guesses', () => {
    expect(calendar().isYearKnown(2027)).toBe(false);
    const err = thrown(() => calendar().days('2026-12-30', '2027-01-02'));
    expect(err.status).toBe(422);
    expect(err.messageKey).toBe('attendance.error.unknownYear');
    expect(err.params).toEqual({ year: 2027 });
  });

  it('refuses a hand-entered year with overlapping periods, dates outside the year or a weekday "adjusted workday", writing nothing', () => {
    const base = { year: 2027, note: '', workdays: [] as { date: string; name: string }[] };
    const overlap = thrown(() =>
      calendar().enterYear(null, null, { ...base, periods: [{ from: '2027-01-01', to: '2027-01-03', kind: 'statutory', name: '元旦' }, { from: '2027-01-03', to: '2027-01-03', kind: 'holiday_rest', name: '元旦' }] }),
    );
    expect(overlap).toMatchObject({ status: 400, messageKey: 'attendance.time.error.overlap' });
    const outside = thrown(() => calendar().enterYear(null, null, { ...base, periods: [{ from: '2026-12-31', to: '2027-01-01', kind: 'statutory', name: '元旦' }] }));
    expect(outside).toMatchObject({ status: 400, messageKey: 'attendance.time.error.outsideYear' });
    const weekday = thrown(() =>
      calendar().enterYear(null, null, { ...base, periods: [{ from: '2027-01-01', to: '2027-01-01', kind: 'statutory', name: '元旦' }], workdays: [{ date: '2027-01-04', name: '' }] }),
    );
    expect(weekday).toMatchObject({ status: 400, messageKey: 'attendance.time.error.workdayNotWeekend' });
    const endBeforeStart = thrown(() => calendar().enterYear(null, null, { ...base, periods: [{ from: '2027-01-03', to: '2027-01-01', kind: 'statutory', name: '元旦' }] }));
    expect(endBeforeStart.messageKey).toBe('attendance.error.endBeforeStart');
    expect(calendar().isYearKnown(2027)).toBe(false);
    expect(calendar().manualYear(2027)).toBeNull();
  });

  it('knows a year once an admin enters it, and forgets it again when removed (both audited)', () => {
    calendar().enterYear(null, null, {
      year: 2027,
      note: '国务院办公厅通知',
      periods: [
        { from: '2027-01-01', to: '2027-01-01', kind: 'statutory', name: '元旦' },
        { from: '2027-02-05', to: '2027-02-08', kind: 'statutory', name: '春节' },
        { from: '2027-02-09', to: '2027-02-11', kind: 'holiday_rest', name: '春节' },
      ],
      workdays: [{ date: '2027-02-20', name: '春节' }],
    });
    expect(calendar().isYearKnown(2027)).toBe(true);
    expect(calendar().years().at(-1)).toEqual({ year: 2027, source: 'manual' });
    const byDate = new Map(calendar().days('2027-01-01', '2027-02-28').map((d) => [d.date, d]));
    expect(byDate.get('2027-01-01')).toMatchObject({ kind: 'statutory', name: '元旦', source: 'manual' });
    expect(byDate.get('2027-02-10')).toMatchObject({ kind: 'holiday_rest', name: '春节' });
    expect(byDate.get('2027-02-20')).toMatchObject({ kind: 'workday', adjusted: true });
    expect(byDate.get('2027-01-04')).toMatchObject({ kind: 'workday', source: 'weekday' });
    expect(calendar().manualYear(2027)?.days).toHaveLength(9);
    expect(auditCount('attendance.calendar.year.enter')).toBe(1);

    // Another service instance on the same database sees the change (no stale cache).
    expect(createCalendarService(kit.parts).isYearKnown(2027)).toBe(true);

    calendar().removeYear(null, null, 2027);
    expect(calendar().isYearKnown(2027)).toBe(false);
    expect(auditCount('attendance.calendar.year.remove')).toBe(1);
    expect(thrown(() => calendar().removeYear(null, null, 2027)).status).toBe(404);
  });

  it('applies company days over the national calendar and recomputes the past days they touch', () => {
    // Friday 2026-11-20 becomes a company rest day (team outing): the day's result turns to rest.
    kit.parts.recompute.many('2026-11-16', '2026-11-20');
    expect(kit.daily(employee, '2026-11-20', '2026-11-20').get('2026-11-20')).toMatchObject({ status: 'absent', day_kind: 'workday' });
    const added = calendar().addCompanyDays(null, null, { from: '2026-11-20', to: null, kind: 'restday', name: '团建' });
    expect(added).toBe(1);
    expect(calendar().day('2026-11-20')).toMatchObject({ kind: 'restday', name: '团建', source: 'company' });
    expect(kit.daily(employee, '2026-11-20', '2026-11-20').get('2026-11-20')).toMatchObject({ status: 'rest', day_kind: 'restday' });

    const [day] = calendar().companyDays(2026);
    expect(day).toMatchObject({ date: '2026-11-20', kind: 'restday', name: '团建' });
    calendar().removeCompanyDay(null, null, day!.id);
    expect(calendar().day('2026-11-20').kind).toBe('workday');
    expect(kit.daily(employee, '2026-11-20', '2026-11-20').get('2026-11-20')).toMatchObject({ status: 'absent' });
    expect(auditCount('attendance.calendar.company_day.add')).toBe(1);
    expect(auditCount('attendance.calendar.company_day.remove')).toBe(1);
  });

  it('refuses company-day ranges that run backwards or are too long', () => {
    expect(thrown(() => calendar().addCompanyDays(null, null, { from: '2026-12-10', to: '2026-12-01', kind: 'restday', name: '' })).messageKey).toBe('attendance.error.endBeforeStart');
    expect(thrown(() => calendar().addCompanyDays(null, null, { from: '2026-01-01', to: '2026-03-01', kind: 'restday', name: '' })).messageKey).toBe('attendance.time.error.spanTooLong');
    expect(thrown(() => calendar().addCompanyDays(null, null, { from: '2026-02-30', kind: 'restday', name: '' })).status).toBe(400);
    expect(calendar().companyDays(2026)).toEqual([]);
  });

  it('does not write results for days of an unknown year, and drops old ones there', () => {
    kit.setNow('2027-01-05T10:00:00+08:00');
    try {
      expect(kit.parts.recompute.many('2026-12-28', '2027-01-05')).toBe(4 /* 12-28 … 12-31 */);
      expect([...kit.daily(employee, '2026-12-28', '2027-01-05').keys()]).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31']);
    } finally {
      kit.setNow('2026-11-26T10:00:00+08:00');
    }
  });
});
