import { describe, expect, it } from 'vitest';
import { classifyRange, emptyOverrides } from './calendar.js';
import { LeaveInputError, leaveMinutes, leaveSpanOnDay, type LeaveRequestInput } from './leave-duration.js';
import type { ShiftRule } from './types.js';

const W = 480;
const days = classifyRange('2026-01-01', '2026-12-31', emptyOverrides());
const workdays = { workdayMinutes: W, calendarDays: false };
const breakNoon = { start: 720, end: 780 };

function req(startDate: string, startHalf: 'am' | 'pm', endDate: string, endHalf: 'am' | 'pm'): LeaveRequestInput {
  return { startDate, startHalf, endDate, endHalf };
}

describe('leaveMinutes over workdays', () => {
  it.each([
    // Mon 09-28 .. Fri 10-09: 09-28/29/30 and 10-08/09 are the only workdays (10-01..07 National Day).
    ['over National Day', req('2026-09-28', 'am', '2026-10-09', 'pm'), 5 * W],
    // …and Saturday 10-10 is an adjusted workday.
    ['including the adjusted Saturday', req('2026-09-28', 'am', '2026-10-10', 'pm'), 6 * W],
    // Fri 09-18, Sat 09-19 rest, Sun 09-20 adjusted workday, Mon 09-21.
    ['over a weekend with an adjusted Sunday', req('2026-09-18', 'am', '2026-09-21', 'pm'), 3 * W],
    ['over an ordinary weekend', req('2026-11-20', 'am', '2026-11-23', 'pm'), 2 * W],
    ['Spring Festival week', req('2026-02-13', 'am', '2026-02-24', 'pm'), 3 * W], // 02-13, 02-14 (adj. Sat), 02-24
    ['one full day', req('2026-11-24', 'am', '2026-11-24', 'pm'), W],
    ['one morning', req('2026-11-24', 'am', '2026-11-24', 'am'), W / 2],
    ['one afternoon', req('2026-11-24', 'pm', '2026-11-24', 'pm'), W / 2],
    ['afternoon to morning', req('2026-11-23', 'pm', '2026-11-25', 'am'), W / 2 + W + W / 2],
    ['starts in the afternoon', req('2026-11-23', 'pm', '2026-11-24', 'pm'), W / 2 + W],
    ['ends in the morning', req('2026-11-23', 'am', '2026-11-24', 'am'), W + W / 2],
    // The half-day start falls on a holiday: nothing of it counts.
    ['afternoon start on a holiday', req('2026-10-01', 'pm', '2026-10-08', 'am'), W / 2],
  ])('%s', (_label, request, minutes) => {
    expect(leaveMinutes(request, days, workdays).minutes).toBe(minutes);
  });

  it('lists the days that count with their parts', () => {
    expect(leaveMinutes(req('2026-10-08', 'pm', '2026-10-12', 'am'), days, workdays).perDay).toEqual([
      { date: '2026-10-08', minutes: 240, part: 'pm' },
      { date: '2026-10-09', minutes: 480, part: 'full' },
      { date: '2026-10-10', minutes: 480, part: 'full' },
      { date: '2026-10-12', minutes: 240, part: 'am' },
    ]);
  });

  it('splits an odd work day so the halves add up', () => {
    const opts = { workdayMinutes: 465, calendarDays: false };
    expect(leaveMinutes(req('2026-11-24', 'am', '2026-11-24', 'am'), days, opts).minutes).toBe(232);
    expect(leaveMinutes(req('2026-11-24', 'pm', '2026-11-24', 'pm'), days, opts).minutes).toBe(233);
  });
});

describe('leaveMinutes over calendar days', () => {
  it('maternity leave: 98 natural days, holidays included', () => {
    const result = leaveMinutes(req('2026-09-01', 'am', '2026-12-07', 'pm'), days, { workdayMinutes: W, calendarDays: true });
    expect(result.perDay).toHaveLength(98);
    expect(result.minutes).toBe(98 * W);
  });

  it('counts a holiday-only range', () => {
    expect(leaveMinutes(req('2026-10-01', 'am', '2026-10-07', 'pm'), days, { workdayMinutes: W, calendarDays: true }).minutes).toBe(7 * W);
  });
});

describe('hourly leave', () => {
  const hourly = (startTime: string, endTime: string, date = '2026-11-24', endDate = date): LeaveRequestInput => ({
    startDate: date,
    startHalf: 'am',
    endDate,
    endHalf: 'pm',
    startTime,
    endTime,
  });
  const opts = { ...workdays, breakMinutes: breakNoon };

  it.each([
    ['09:00', '11:00', 120],
    ['10:00', '15:00', 240], // the 12:00–13:00 break does not count
    ['12:30', '14:00', 60],
    ['08:00', '20:00', W], // capped at a work day
  ])('%s–%s → %i minutes', (from, to, minutes) => {
    expect(leaveMinutes(hourly(from, to), days, opts)).toEqual({ minutes, perDay: [{ date: '2026-11-24', minutes, part: 'hours' }] });
  });

  it('without a break counts the whole span', () => {
    expect(leaveMinutes(hourly('10:00', '15:00'), days, workdays).minutes).toBe(300);
  });

  it.each([
    ['end before start', hourly('15:00', '10:00'), 'endBeforeStart'],
    ['same time', hourly('10:00', '10:00'), 'endBeforeStart'],
    ['inside the break only', hourly('12:10', '12:50'), 'empty'],
    ['on a holiday', hourly('10:00', '11:00', '2026-10-01'), 'empty'],
    ['over two dates', hourly('10:00', '11:00', '2026-11-24', '2026-11-25'), 'badTime'],
    ['a time that does not exist', hourly('10:00', '24:30'), 'badTime'],
    ['only a start time', { ...hourly('10:00', '11:00'), endTime: null }, 'badTime'],
  ] as const)('%s → %s', (_label, request, code) => {
    expect(() => leaveMinutes(request, days, opts)).toThrow(expect.objectContaining({ code }));
  });
});

describe('leaveMinutes refuses bad input', () => {
  it.each([
    ['end before start', req('2026-11-25', 'am', '2026-11-24', 'pm'), 'endBeforeStart'],
    ['afternoon to morning of one day', req('2026-11-24', 'pm', '2026-11-24', 'am'), 'badHalf'],
    ['only holidays', req('2026-10-01', 'am', '2026-10-07', 'pm'), 'empty'],
    ['only a weekend', req('2026-11-21', 'am', '2026-11-22', 'pm'), 'empty'],
    ['a date that does not exist', req('2026-02-30', 'am', '2026-03-02', 'pm'), 'badTime'],
  ] as const)('%s → %s', (_label, request, code) => {
    let caught: unknown;
    try {
      leaveMinutes(request, days, workdays);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LeaveInputError);
    expect((caught as LeaveInputError).code).toBe(code);
  });

  it('a calendar that does not cover the range is a programming error', () => {
    expect(() => leaveMinutes(req('2026-12-30', 'am', '2027-01-02', 'pm'), days, workdays)).toThrow(/not given/);
  });
});

describe('leaveSpanOnDay', () => {
  const base: ShiftRule = {
    id: 1,
    kind: 'fixed',
    start: 540,
    end: 1080,
    breakStart: 720,
    breakEnd: 780,
    graceLateMinutes: 0,
    graceEarlyMinutes: 0,
    flexMinutes: 0,
    requiredMinutes: 480,
    windowBeforeMinutes: 240,
    windowAfterMinutes: 360,
    absentAfterMinutes: 0,
  };
  const noBreak: ShiftRule = { ...base, start: 480, end: 960, breakStart: null, breakEnd: null };
  const night: ShiftRule = { ...base, start: 1320, end: 1800, breakStart: 120, breakEnd: 180 };
  const flexible: ShiftRule = { ...base, kind: 'flexible', flexMinutes: 60 };

  it.each([
    ['full', null, { from: 540, to: 1080 }],
    ['am', null, { from: 540, to: 780 }],
    ['pm', null, { from: 780, to: 1080 }],
    ['am', base, { from: 540, to: 780 }],
    ['pm', base, { from: 780, to: 1080 }],
    ['full', base, { from: 540, to: 1080 }],
    ['am', noBreak, { from: 480, to: 720 }],
    ['pm', noBreak, { from: 720, to: 960 }],
    ['am', night, { from: 1320, to: 1620 }], // break end 03:00 is the next morning
    ['pm', night, { from: 1620, to: 1800 }],
    ['full', flexible, { from: 540, to: 1140 }],
  ] as const)('%s with %o', (part, shift, span) => {
    expect(leaveSpanOnDay(part, shift, W)).toEqual(span);
  });

  it('hours use the request times', () => {
    expect(leaveSpanOnDay('hours', base, W, '14:00', '16:30')).toEqual({ from: 840, to: 990 });
    expect(() => leaveSpanOnDay('hours', base, W)).toThrow(LeaveInputError);
  });
});
