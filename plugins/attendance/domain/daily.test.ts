import { describe, expect, it } from 'vitest';
import { classifyDay, emptyOverrides } from './calendar.js';
import { computeDay } from './daily.js';
import type { DailyInput, DailyResult, ShiftRule } from './types.js';

const standard: ShiftRule = {
  id: 1,
  kind: 'fixed',
  start: 540, // 09:00
  end: 1080, // 18:00
  breakStart: 720,
  breakEnd: 780,
  graceLateMinutes: 5,
  graceEarlyMinutes: 5,
  flexMinutes: 0,
  requiredMinutes: 480,
  windowBeforeMinutes: 240,
  windowAfterMinutes: 360,
  absentAfterMinutes: 0,
};
const night: ShiftRule = { ...standard, id: 2, start: 1320, end: 1800, breakStart: null, breakEnd: null }; // 22:00–06:00
const flexible: ShiftRule = { ...standard, id: 3, kind: 'flexible', flexMinutes: 60 };
const strict: ShiftRule = { ...standard, id: 4, absentAfterMinutes: 120 };

const none = emptyOverrides();
const day = (date: string) => classifyDay(date, none);
const WORKDAY = '2026-11-24'; // Tuesday

function input(over: Partial<DailyInput> = {}): DailyInput {
  return {
    date: over.day?.date ?? WORKDAY,
    day: day(WORKDAY),
    shift: standard,
    punches: [],
    leave: [],
    overtime: [],
    overtimeMode: 'both',
    minOvertimeMinutes: 30,
    inProgress: false,
    employed: true,
    ...over,
  };
}

type Row = [string, Partial<DailyInput>, Partial<DailyResult>];

const rows: Row[] = [
  ['normal day', { punches: [535, 1085] }, { status: 'normal', firstIn: 535, lastOut: 1085, workedMinutes: 490, lateMinutes: 0, earlyMinutes: 0, overtimeMinutes: 0, overtimeClass: null }],
  ['late within the grace', { punches: [545, 1080] }, { status: 'normal', lateMinutes: 0 }],
  ['late beyond the grace: full minutes', { punches: [550, 1080] }, { status: 'late', lateMinutes: 10 }],
  ['early leave', { punches: [540, 1060] }, { status: 'early', earlyMinutes: 20 }],
  ['early within the grace', { punches: [540, 1076] }, { status: 'normal', earlyMinutes: 0 }],
  ['late and early', { punches: [560, 1000] }, { status: 'late_early', lateMinutes: 20, earlyMinutes: 80 }],
  ['absent: no punch', { punches: [] }, { status: 'absent', absentMinutes: 480, firstIn: null, lastOut: null }],
  ['missing check-out', { punches: [538] }, { status: 'missing', missingOut: true, missingIn: false, firstIn: 538, lastOut: null }],
  ['missing check-in', { punches: [1082] }, { status: 'missing', missingIn: true, missingOut: false, firstIn: null, lastOut: 1082 }],
  ['missing check-out after a late arrival keeps the late minutes', { punches: [600] }, { status: 'missing', missingOut: true, lateMinutes: 60 }],
  ['multiple punches: first and last count', { punches: [720, 535, 780, 1090, 600] }, { status: 'normal', firstIn: 535, lastOut: 1090, workedMinutes: 495 }],
  ['punches outside the window are ignored', { punches: [200, 540, 1080, 1500] }, { status: 'normal', firstIn: 540, lastOut: 1080 }],
  ['late beyond absentAfterMinutes → absent', { shift: strict, punches: [700, 1080] }, { status: 'absent', absentMinutes: 480, lateMinutes: 0, firstIn: 700 }],
  ['late within absentAfterMinutes → late', { shift: strict, punches: [650, 1080] }, { status: 'late', lateMinutes: 110 }],
  ['not employed', { employed: false, punches: [540, 1080] }, { status: 'not_employed', workedMinutes: 0, firstIn: null }],
  // Overtime on workdays.
  ['detected workday overtime', { punches: [540, 1200] }, { status: 'normal', overtimeMinutes: 120, overtimeClass: 'workday' }],
  ['detected overtime below the minimum', { punches: [540, 1100] }, { overtimeMinutes: 0, overtimeClass: null }],
  ['request mode ignores detection', { punches: [540, 1200], overtimeMode: 'request' }, { overtimeMinutes: 0 }],
  ['detect mode ignores requests', { punches: [540, 1080], overtimeMode: 'detect', overtime: [{ from: 1080, to: 1200 }] }, { overtimeMinutes: 0 }],
  ['approved request counts in request mode', { punches: [540, 1110], overtimeMode: 'request', overtime: [{ from: 1080, to: 1200 }] }, { overtimeMinutes: 120, overtimeClass: 'workday' }],
  ['both: detection and request united, not added', { punches: [540, 1230], overtime: [{ from: 1140, to: 1260 }] }, { overtimeMinutes: 180 }],
  // Night shift crossing midnight: 22:00–06:00, punches at 21:55 and 06:03 next day; last night's punches (−125, 363) ignored.
  ['night shift crossing midnight', { shift: night, punches: [-125, 363, 1315, 1803] }, { status: 'normal', firstIn: 1315, lastOut: 1803, workedMinutes: 488, lateMinutes: 0 }],
  ['night shift late arrival', { shift: night, punches: [1340, 1800] }, { status: 'late', lateMinutes: 20 }],
  ['night shift early leave next morning', { shift: night, punches: [1320, 1700] }, { status: 'early', earlyMinutes: 100 }],
  ['night shift overtime into the morning', { shift: night, punches: [1320, 1900] }, { overtimeMinutes: 100, overtimeClass: 'workday' }],
  // Days off.
  ['punches on a rest day: rest-day overtime', { day: day('2026-11-28'), shift: null, punches: [600, 840] }, { status: 'rest', workedMinutes: 240, overtimeMinutes: 240, overtimeClass: 'restday' }],
  ['rest day without punches', { day: day('2026-11-28'), shift: null }, { status: 'rest', overtimeMinutes: 0, absentMinutes: 0 }],
  ['one punch on a rest day is no work', { day: day('2026-11-28'), shift: null, punches: [600] }, { status: 'rest', firstIn: 600, overtimeMinutes: 0, missingOut: false }],
  ['punches on a statutory holiday: holiday overtime', { day: day('2026-10-01'), shift: null, punches: [540, 780] }, { status: 'holiday', overtimeMinutes: 240, overtimeClass: 'holiday' }],
  ['rest day inside the holiday period: rest-day overtime', { day: day('2026-10-05'), shift: null, punches: [540, 780] }, { status: 'holiday', overtimeMinutes: 240, overtimeClass: 'restday' }],
  ['rest day in request mode needs a request', { day: day('2026-11-28'), shift: null, punches: [600, 840], overtimeMode: 'request' }, { status: 'rest', workedMinutes: 240, overtimeMinutes: 0 }],
  ['approved rest-day overtime without punches', { day: day('2026-11-28'), shift: null, overtime: [{ from: 600, to: 780 }] }, { status: 'rest', overtimeMinutes: 180, overtimeClass: 'restday' }],
  ['adjusted workday: normal workday rules', { day: day('2026-10-10'), punches: [540, 1080] }, { status: 'normal', overtimeMinutes: 0 }],
  ['adjusted workday overtime is workday class', { day: day('2026-10-10'), punches: [540, 1200] }, { overtimeMinutes: 120, overtimeClass: 'workday' }],
  ['rotation shift on a statutory holiday: all work is holiday overtime', { day: day('2026-10-01'), punches: [540, 1080] }, { status: 'normal', workedMinutes: 480, overtimeMinutes: 480, overtimeClass: 'holiday' }],
  ['rotation shift on a rest day inside the period: no overtime for the shift', { day: day('2026-10-05'), punches: [540, 1080] }, { status: 'normal', overtimeMinutes: 0 }],
  // Leave.
  ['morning leave: expected at 13:00', { leave: [{ leaveTypeId: 1, from: 540, to: 780 }], punches: [778, 1080] }, { status: 'normal', leaveMinutes: 240, leaveTypeId: 1, lateMinutes: 0 }],
  ['morning leave, late after it', { leave: [{ leaveTypeId: 1, from: 540, to: 780 }], punches: [800, 1080] }, { status: 'late', lateMinutes: 20 }],
  ['afternoon leave: may leave at 12:00', { leave: [{ leaveTypeId: 1, from: 780, to: 1080 }], punches: [540, 720] }, { status: 'normal', leaveMinutes: 240, earlyMinutes: 0 }],
  ['afternoon leave, left early before it', { leave: [{ leaveTypeId: 1, from: 780, to: 1080 }], punches: [540, 690] }, { status: 'early', earlyMinutes: 30 }],
  ['morning leave, no punch: absent for the rest', { leave: [{ leaveTypeId: 1, from: 540, to: 780 }] }, { status: 'absent', absentMinutes: 240, leaveMinutes: 240 }],
  ['full-day leave', { leave: [{ leaveTypeId: 2, from: 540, to: 1080 }] }, { status: 'leave', leaveMinutes: 480, leaveTypeId: 2, absentMinutes: 0 }],
  ['two halves of different types', { leave: [{ leaveTypeId: 2, from: 540, to: 780 }, { leaveTypeId: 3, from: 780, to: 1080 }] }, { status: 'leave', leaveMinutes: 480, leaveTypeId: 2 }],
  ['full-day leave with a punch', { leave: [{ leaveTypeId: 2, from: 540, to: 1080 }], punches: [600] }, { status: 'leave', missingOut: false, lateMinutes: 0 }],
  ['hourly leave in the middle of the day', { leave: [{ leaveTypeId: 4, from: 840, to: 960 }], punches: [540, 1080] }, { status: 'normal', leaveMinutes: 120 }],
  ['hourly leave at the start moves the arrival', { leave: [{ leaveTypeId: 4, from: 540, to: 660 }], punches: [670, 1080] }, { status: 'late', lateMinutes: 10, leaveMinutes: 120 }],
  ['approved overtime on a leave day still counts', { leave: [{ leaveTypeId: 2, from: 540, to: 1080 }], overtime: [{ from: 1140, to: 1260 }] }, { status: 'leave', overtimeMinutes: 120 }],
  // Flexible shift: arrive 09:00–10:00, then 8 hours of work plus the break.
  ['flexible: arrive 10:00, leave 19:00', { shift: flexible, punches: [600, 1140] }, { status: 'normal', lateMinutes: 0, earlyMinutes: 0 }],
  ['flexible: arrive 10:00, leave 18:20', { shift: flexible, punches: [600, 1100] }, { status: 'early', earlyMinutes: 40 }],
  ['flexible: arrive 10:20', { shift: flexible, punches: [620, 1160] }, { status: 'late', lateMinutes: 20 }],
  ['flexible: arriving before 09:00 counts from 09:00', { shift: flexible, punches: [500, 1080] }, { status: 'normal' }],
  ['flexible: overtime after the own end', { shift: flexible, punches: [600, 1200] }, { overtimeMinutes: 60 }],
  ['flexible with morning leave: 4 hours from 13:00', { shift: flexible, leave: [{ leaveTypeId: 1, from: 540, to: 780 }], punches: [780, 1020] }, { status: 'normal', leaveMinutes: 240 }],
  // Today, not over yet.
  ['in progress, no punch yet', { inProgress: true }, { status: 'pending', absentMinutes: 0 }],
  ['in progress, checked in', { inProgress: true, punches: [540] }, { status: 'pending', missingOut: false, firstIn: 540 }],
  ['in progress, checked in late', { inProgress: true, punches: [560] }, { status: 'late', lateMinutes: 20, missingOut: false }],
  ['in progress, lunch punches are not early leave', { inProgress: true, punches: [540, 720] }, { status: 'pending', earlyMinutes: 0 }],
  ['in progress, already checked out', { inProgress: true, punches: [540, 1080] }, { status: 'normal' }],
];

describe('computeDay', () => {
  it.each(rows)('%s', (_label, over, expected) => {
    expect(computeDay(input(over))).toMatchObject(expected);
  });

  it('returns every field', () => {
    expect(computeDay(input({ punches: [540, 1080] }))).toEqual({
      status: 'normal',
      firstIn: 540,
      lastOut: 1080,
      workedMinutes: 480,
      lateMinutes: 0,
      earlyMinutes: 0,
      absentMinutes: 0,
      missingIn: false,
      missingOut: false,
      leaveMinutes: 0,
      leaveTypeId: null,
      overtimeMinutes: 0,
      overtimeClass: null,
    });
  });
});

describe('computeDay with neighbouring shifts', () => {
  it('a night shift checkout the next morning belongs to the night, not the day shift', () => {
    // Yesterday 22:00–06:00, today 09:00–18:00; 06:03 is yesterday's checkout.
    const today = input({ punches: [363, 600, 1080] });
    expect(computeDay(today)).toMatchObject({ firstIn: 363, status: 'normal' });
    expect(computeDay(today, { previous: night })).toMatchObject({ firstIn: 600, status: 'late', lateMinutes: 60 });
  });

  it('the night shift keeps its checkout when the next day is a day shift', () => {
    // 06:03 next morning (1803) is nearer the night shift end than the next 09:00 start.
    expect(computeDay(input({ shift: night, punches: [1315, 1803] }), { next: standard })).toMatchObject({ lastOut: 1803, status: 'normal' });
    // 08:50 next morning (1970) belongs to the next day's shift.
    expect(computeDay(input({ shift: night, punches: [1315, 1803, 1970] }), { next: standard })).toMatchObject({ lastOut: 1803 });
  });

  it('a day off after a night shift leaves the night its window', () => {
    const restDay = input({ day: day('2026-11-28'), shift: null, punches: [363, 840, 1020] });
    expect(computeDay(restDay)).toMatchObject({ firstIn: 363, workedMinutes: 657 });
    expect(computeDay(restDay, { previous: night })).toMatchObject({ firstIn: 840, workedMinutes: 180, overtimeMinutes: 180 });
  });
});
