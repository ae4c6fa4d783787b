import { describe, expect, it } from 'vitest';
import { absentDaysOf, employedDuring, employedOn, summarizeMonth, type SummaryDayRow, type SummaryInput } from './summary.js';
import { dateRange, isWeekend } from './time.js';

const employee = { id: 7, employeeNo: 'E007', name: '张三', hireDate: '2020-01-01', terminationDate: null };

/** November 2026 as a plain calendar: weekends rest, weekdays work (21 workdays). */
const NOVEMBER = dateRange('2026-11-01', '2026-11-30').map((date) => ({ date, kind: isWeekend(date) ? ('restday' as const) : ('workday' as const) }));

function row(date: string, over: Partial<SummaryDayRow> = {}): SummaryDayRow {
  return {
    date,
    dayKind: isWeekend(date) ? 'restday' : 'workday',
    status: isWeekend(date) ? 'rest' : 'normal',
    firstIn: isWeekend(date) ? null : 540,
    lateMinutes: 0,
    earlyMinutes: 0,
    absentMinutes: 0,
    missingIn: false,
    missingOut: false,
    overtimeMinutes: 0,
    overtimeClass: null,
    ...over,
  };
}

function input(over: Partial<SummaryInput> = {}): SummaryInput {
  return {
    employee,
    month: '2026-11',
    calendar: NOVEMBER,
    days: dateRange('2026-11-01', '2026-11-25').map((d) => row(d)),
    leave: [],
    lieuMinutesByDate: new Map(),
    workdayMinutes: 480,
    monthlyLimitHours: 36,
    locked: false,
    ...over,
  };
}

describe('absentDaysOf', () => {
  it.each([
    ['no absence', 'normal', 0, 0],
    ['absent without minutes recorded', 'absent', 0, 1],
    ['a full day', 'absent', 480, 1],
    ['half a day', 'late', 240, 0.5],
    ['a short absence still counts half', 'late', 60, 0.5],
    ['most of the day', 'absent', 400, 1],
    ['a long night shift is still one day', 'absent', 600, 1],
  ])('%s', (_what, status, minutes, days) => {
    expect(absentDaysOf({ status, absentMinutes: minutes }, 480)).toBe(days);
  });
});

describe('employment', () => {
  it.each([
    [{ hireDate: null, terminationDate: null }, '2026-11-01', true],
    [{ hireDate: '2026-11-10', terminationDate: null }, '2026-11-09', false],
    [{ hireDate: '2026-11-10', terminationDate: null }, '2026-11-10', true],
    [{ hireDate: '2020-01-01', terminationDate: '2026-11-15' }, '2026-11-15', true],
    [{ hireDate: '2020-01-01', terminationDate: '2026-11-15' }, '2026-11-16', false],
  ])('%j on %s: %s', (e, date, expected) => {
    expect(employedOn(e, date)).toBe(expected);
  });

  it.each([
    [{ hireDate: '2026-12-01', terminationDate: null }, false],
    [{ hireDate: '2026-11-30', terminationDate: null }, true],
    [{ hireDate: '2020-01-01', terminationDate: '2026-10-31' }, false],
    [{ hireDate: '2020-01-01', terminationDate: '2026-11-01' }, true],
  ])('%j during November: %s', (e, expected) => {
    expect(employedDuring(e, '2026-11-01', '2026-11-30')).toBe(expected);
  });
});

describe('summarizeMonth', () => {
  it('counts an ordinary month: scheduled and worked days', () => {
    const s = summarizeMonth(input());
    expect(s).toMatchObject({ employeeId: 7, employeeNo: 'E007', name: '张三', month: '2026-11', scheduledDays: 21, daysWorked: 18, lateCount: 0, absentDays: 0, missingPunchCount: 0 });
    expect(s.overtimeHours).toEqual({ workday: 0, restday: 0, holiday: 0 });
    expect(s.overtimeOverLimit).toBe(false);
    expect(s.leave).toEqual([]);
  });

  it.each<[string, Partial<SummaryDayRow>, Partial<ReturnType<typeof summarizeMonth>>]>([
    ['late', { status: 'late', lateMinutes: 12 }, { lateCount: 1, lateMinutes: 12, daysWorked: 18 }],
    ['early', { status: 'early', earlyMinutes: 30 }, { earlyCount: 1, earlyMinutes: 30, daysWorked: 18 }],
    ['late and early', { status: 'late_early', lateMinutes: 5, earlyMinutes: 7 }, { lateCount: 1, lateMinutes: 5, earlyCount: 1, earlyMinutes: 7, daysWorked: 18 }],
    ['absent', { status: 'absent', firstIn: null, absentMinutes: 480 }, { absentDays: 1, daysWorked: 17 }],
    ['late beyond the absence threshold: half a day absent', { status: 'absent', lateMinutes: 0, absentMinutes: 240 }, { absentDays: 0.5, daysWorked: 17 }],
    ['missing check-out', { status: 'missing', missingOut: true }, { missingPunchCount: 1, daysWorked: 17 }],
    ['missing both punches', { status: 'missing', firstIn: null, missingIn: true, missingOut: true }, { missingPunchCount: 2, daysWorked: 17 }],
    ['today in progress, checked in', { status: 'pending' }, { daysWorked: 18 }],
    ['today in progress, not checked in', { status: 'pending', firstIn: null }, { daysWorked: 17 }],
    ['a full day of leave', { status: 'leave', firstIn: null }, { daysWorked: 17 }],
  ])('one workday %s', (_what, over, expected) => {
    const days = input().days.map((r) => (r.date === '2026-11-25' ? row(r.date, over) : r));
    expect(summarizeMonth(input({ days }))).toMatchObject(expected);
  });

  it('sums leave per type into paid and unpaid days, dropping types with nothing taken', () => {
    const s = summarizeMonth(
      input({
        leave: [
          { code: 'annual', name: '年假', paid: true, minutes: 960 },
          { code: 'personal', name: '事假', paid: false, minutes: 240 },
          { code: 'sick', name: '病假', paid: true, minutes: 120 },
          { code: 'marriage', name: '婚假', paid: true, minutes: 0 },
        ],
      }),
    );
    expect(s.leave).toEqual([
      { code: 'annual', name: '年假', paid: true, minutes: 960, days: 2 },
      { code: 'personal', name: '事假', paid: false, minutes: 240, days: 0.5 },
      { code: 'sick', name: '病假', paid: true, minutes: 120, days: 0.25 },
    ]);
    expect(s.paidLeaveDays).toBe(2.25);
    expect(s.unpaidLeaveDays).toBe(0.5);
  });

  it.each<[string, [string, number, 'workday' | 'restday' | 'holiday'][], [string, number][], { workday: number; restday: number; holiday: number }, number, boolean]>([
    ['nothing', [], [], { workday: 0, restday: 0, holiday: 0 }, 0, false],
    ['workday overtime in hours with 2 decimals', [['2026-11-03', 100, 'workday']], [], { workday: 1.67, restday: 0, holiday: 0 }, 0, false],
    ['each class apart', [['2026-11-03', 120, 'workday'], ['2026-11-07', 480, 'restday'], ['2026-11-08', 60, 'holiday']], [], { workday: 2, restday: 8, holiday: 1 }, 0, false],
    ['rest-day overtime taken as lieu is not paid', [['2026-11-07', 480, 'restday']], [['2026-11-07', 300]], { workday: 0, restday: 3, holiday: 0 }, 5, false],
    ['lieu never exceeds what the day credits', [['2026-11-07', 120, 'restday']], [['2026-11-07', 480]], { workday: 0, restday: 0, holiday: 0 }, 2, false],
    ['exactly 36 hours is within the limit', [['2026-11-07', 1080, 'restday'], ['2026-11-08', 1080, 'restday']], [], { workday: 0, restday: 36, holiday: 0 }, 0, false],
    ['36 h and one minute is over', [['2026-11-07', 1080, 'restday'], ['2026-11-08', 1081, 'restday']], [], { workday: 0, restday: 36.02, holiday: 0 }, 0, true],
    ['lieu counts toward the limit too', [['2026-11-07', 1080, 'restday'], ['2026-11-08', 1081, 'restday']], [['2026-11-08', 1081]], { workday: 0, restday: 18, holiday: 0 }, 18.02, true],
  ])('overtime: %s', (_what, overtimeDays, lieu, hours, lieuHours, over) => {
    const byDate = new Map(overtimeDays.map(([d, m, c]) => [d, { overtimeMinutes: m, overtimeClass: c }] as const));
    const days = input().days.map((r) => (byDate.has(r.date) ? row(r.date, byDate.get(r.date)) : r));
    const s = summarizeMonth(input({ days, lieuMinutesByDate: new Map(lieu) }));
    expect(s.overtimeHours).toEqual(hours);
    expect(s.lieuHoursEarned).toBe(lieuHours);
    expect(s.overtimeOverLimit).toBe(over);
  });

  it('uses the configured limit', () => {
    const days = input().days.map((r) => (r.date === '2026-11-03' ? row(r.date, { overtimeMinutes: 11 * 60, overtimeClass: 'workday' }) : r));
    expect(summarizeMonth(input({ days, monthlyLimitHours: 10 })).overtimeOverLimit).toBe(true);
    expect(summarizeMonth(input({ days, monthlyLimitHours: 12 })).overtimeOverLimit).toBe(false);
  });

  it.each([
    ['hired mid-month', { hireDate: '2026-11-16', terminationDate: null }, 11],
    ['left mid-month', { hireDate: '2020-01-01', terminationDate: '2026-11-13' }, 10],
    ['hired on the last day', { hireDate: '2026-11-30', terminationDate: null }, 1],
  ])('scheduled days while employed: %s', (_what, dates, scheduled) => {
    expect(summarizeMonth(input({ employee: { ...employee, ...dates }, days: [] })).scheduledDays).toBe(scheduled);
  });

  it('counts adjusted workdays and skips holidays in scheduled days', () => {
    const calendar = [
      { date: '2026-10-01', kind: 'statutory' as const },
      { date: '2026-10-04', kind: 'holiday_rest' as const },
      { date: '2026-10-10', kind: 'workday' as const },
      { date: '2026-10-11', kind: 'restday' as const },
    ];
    expect(summarizeMonth(input({ month: '2026-10', calendar, days: [] })).scheduledDays).toBe(1);
  });

  it('passes the lock state through', () => {
    expect(summarizeMonth(input({ locked: true })).locked).toBe(true);
  });
});
