// Shifts, rotations and assignments on a real database: validation, resolution rules, bulk resolution, recompute on change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTimeKit, type TimeKit, thrown } from '../../../tests/helpers/attendance-time-kit.js';
import type { ShiftInput } from './types.js';

const shift = (over: Partial<ShiftInput>): ShiftInput => ({
  name: '早班',
  kind: 'fixed',
  start: '08:00',
  end: '17:00',
  breakStart: '12:00',
  breakEnd: '13:00',
  graceLateMinutes: 5,
  graceEarlyMinutes: 0,
  flexMinutes: 0,
  requiredMinutes: null,
  windowBeforeMinutes: 240,
  windowAfterMinutes: 360,
  absentAfterMinutes: 0,
  color: '#2f6fdf',
  active: true,
  ...over,
});

describe('schedule service', () => {
  let kit: TimeKit;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    kit = await startTimeKit({ now: '2026-11-26T10:00:00+08:00' });
    ids.hq = kit.department('总部');
    ids.rnd = kit.department('研发部', ids.hq);
    ids.team = kit.department('前端组', ids.rnd);
    ids.sales = kit.department('销售部');
    ids.zhang = kit.hire('E001', '张三', ids.team);
    ids.li = kit.hire('E002', '李四', ids.team);
    ids.wang = kit.hire('E003', '王五', ids.sales);
  });
  afterAll(async () => {
    await kit?.close();
  });

  const schedule = () => kit.parts.schedule;
  const shiftIdOn = (employee: number, date: string) => schedule().shiftFor(employee, date)?.id ?? null;

  it('creates the default shift from the settings once', () => {
    const first = schedule().ensureDefaultShift();
    expect(schedule().ensureDefaultShift()).toBe(first);
    expect(schedule().shifts().filter((s) => s.isDefault)).toHaveLength(1);
    expect(schedule().shift(first)).toMatchObject({ name: '标准班', start: '09:00', end: '18:00', breakStart: '12:00', breakEnd: '13:00' });
    ids.standard = first;
  });

  it.each([
    ['a break outside the shift', { breakStart: '18:30', breakEnd: '19:00' }, 'attendance.time.error.breakOutside'],
    ['only half a break', { breakEnd: null }, 'attendance.time.error.breakPair'],
    ['a negative grace', { graceLateMinutes: -5 }, 'attendance.time.error.invalid'],
    ['a time that is not HH:MM', { start: '8:00' }, 'attendance.error.badTime'],
    ['the same start and end', { end: '08:00', breakStart: null, breakEnd: null }, 'attendance.time.error.zeroLength'],
    ['a flexible shift without required minutes', { kind: 'flexible' as const }, 'attendance.time.error.requiredMinutes'],
  ])('refuses %s', (_what, over, key) => {
    const before = schedule().shifts().length;
    const err = thrown(() => schedule().saveShift(null, null, shift(over)));
    expect(err).toMatchObject({ status: 400, messageKey: key });
    expect(schedule().shifts()).toHaveLength(before);
  });

  it('accepts a night shift whose break is after midnight, as one time line', () => {
    ids.night = schedule().saveShift(null, null, shift({ name: '夜班', start: '22:00', end: '06:00', breakStart: '02:00', breakEnd: '02:30' }));
    const rule = schedule().shiftFor(ids.zhang!, '2026-11-26');
    expect(rule?.id).toBe(ids.standard); // not assigned yet
    const night = kit.parts.schedule.shift(ids.night)!;
    expect(night.end).toBe('06:00');
    ids.early = schedule().saveShift(null, null, shift({ name: '早班' }));
    ids.late = schedule().saveShift(null, null, shift({ name: '晚班', start: '13:00', end: '22:00', breakStart: '17:00', breakEnd: '18:00' }));
  });

  it('resolves employee over nearest department over parent department, by date, and the default for everyone else', () => {
    schedule().addAssignment(null, null, { targetType: 'department', targetId: ids.hq!, shiftId: ids.early!, rotationId: null, anchorDate: null, effectiveFrom: '2026-11-02', effectiveTo: null });
    schedule().addAssignment(null, null, { targetType: 'department', targetId: ids.rnd!, shiftId: ids.late!, rotationId: null, anchorDate: null, effectiveFrom: '2026-11-10', effectiveTo: null });
    schedule().addAssignment(null, null, { targetType: 'employee', targetId: ids.zhang!, shiftId: ids.night!, rotationId: null, anchorDate: null, effectiveFrom: '2026-11-16', effectiveTo: '2026-11-18' });

    expect(shiftIdOn(ids.zhang!, '2026-11-02')).toBe(ids.early); // only 总部 covers it
    expect(shiftIdOn(ids.zhang!, '2026-11-12')).toBe(ids.late); // 研发部 is nearer
    expect(shiftIdOn(ids.zhang!, '2026-11-17')).toBe(ids.night); // his own assignment
    expect(shiftIdOn(ids.zhang!, '2026-11-19')).toBe(ids.late); // his ended: back to the department's
    expect(shiftIdOn(ids.li!, '2026-11-17')).toBe(ids.late);
    expect(shiftIdOn(ids.wang!, '2026-11-17')).toBe(ids.standard); // 销售部 has none
    expect(shiftIdOn(ids.zhang!, '2026-10-30')).toBe(ids.standard); // before every assignment
    // A fixed shift applies on workdays only: Saturday and the National Day holiday are off.
    expect(shiftIdOn(ids.li!, '2026-11-14')).toBeNull();
    expect(shiftIdOn(ids.wang!, '2026-10-01')).toBeNull();
  });

  it('lets the latest effectiveFrom win among assignments of the same level', () => {
    const id = schedule().addAssignment(null, null, { targetType: 'department', targetId: ids.rnd!, shiftId: ids.early!, rotationId: null, anchorDate: null, effectiveFrom: '2026-11-20', effectiveTo: null });
    expect(shiftIdOn(ids.li!, '2026-11-19')).toBe(ids.late);
    expect(shiftIdOn(ids.li!, '2026-11-20')).toBe(ids.early);
    schedule().deleteAssignment(null, null, id);
    expect(shiftIdOn(ids.li!, '2026-11-20')).toBe(ids.late);
  });

  it('runs a rotation by (date − anchor) mod its length, weekends and holidays included', () => {
    const rotation = schedule().saveRotation(null, null, { name: '两早两晚两休', pattern: [ids.early!, ids.early!, ids.night!, ids.night!, null, null], active: true });
    schedule().addAssignment(null, null, { targetType: 'employee', targetId: ids.wang!, shiftId: null, rotationId: rotation, anchorDate: '2026-11-01', effectiveFrom: '2026-11-01', effectiveTo: null });
    const expected = [ids.early, ids.early, ids.night, ids.night, null, null, ids.early];
    expect(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07'].map((d) => shiftIdOn(ids.wang!, d))).toEqual(expected);
    expect(shiftIdOn(ids.wang!, '2026-11-25')).toBe(ids.early); // day 24 → 24 mod 6 = 0
  });

  it('resolves in bulk exactly as one by one', () => {
    const bulk = schedule().shiftsFor([ids.zhang!, ids.li!, ids.wang!], '2026-11-01', '2026-11-30');
    for (const employee of [ids.zhang!, ids.li!, ids.wang!]) {
      for (const [date, rule] of bulk.get(employee)!) expect(rule?.id ?? null, `${employee} ${date}`).toBe(shiftIdOn(employee, date));
    }
  });

  it('validates assignments: one plan, a known target, an end after the start', () => {
    const base = { targetType: 'employee' as const, targetId: ids.li!, shiftId: ids.early!, rotationId: null, anchorDate: null, effectiveFrom: '2026-11-01', effectiveTo: null };
    expect(thrown(() => schedule().addAssignment(null, null, { ...base, rotationId: 1 })).messageKey).toBe('attendance.time.error.planOne');
    expect(thrown(() => schedule().addAssignment(null, null, { ...base, shiftId: null })).messageKey).toBe('attendance.time.error.planOne');
    expect(thrown(() => schedule().addAssignment(null, null, { ...base, targetId: 9999 })).messageKey).toBe('attendance.time.error.unknownEmployee');
    expect(thrown(() => schedule().addAssignment(null, null, { ...base, targetType: 'department', targetId: 9999 })).messageKey).toBe('attendance.time.error.unknownDepartment');
    expect(thrown(() => schedule().addAssignment(null, null, { ...base, effectiveTo: '2026-10-01' })).messageKey).toBe('attendance.error.endBeforeStart');
    expect(thrown(() => schedule().addAssignment(null, null, { ...base, shiftId: 9999 })).messageKey).toBe('attendance.time.error.unknownShift');
    expect(thrown(() => schedule().saveRotation(null, null, { name: 'x', pattern: [9999], active: true })).messageKey).toBe('attendance.time.error.unknownShift');
  });

  it('refuses to delete shifts in use and the default shift', () => {
    expect(thrown(() => schedule().deleteShift(null, null, ids.night!)).status).toBe(409);
    expect(thrown(() => schedule().deleteShift(null, null, ids.standard!)).messageKey).toBe('attendance.time.error.defaultShift');
    const spare = schedule().saveShift(null, null, shift({ name: '备用' }));
    schedule().deleteShift(null, null, spare);
    expect(schedule().shift(spare)).toBeNull();
  });

  it('recomputes the past days an assignment changes', () => {
    // 李四 works the late shift (13:00–22:00) from 11-10: leaving at 18:01 on 11-24 is leaving early.
    kit.punches.addMany([
      { employeeId: ids.li!, at: new Date('2026-11-24T09:00:00+08:00'), source: 'api' },
      { employeeId: ids.li!, at: new Date('2026-11-24T18:01:00+08:00'), source: 'api' },
    ]);
    expect(kit.daily(ids.li!, '2026-11-24', '2026-11-24').get('2026-11-24')).toMatchObject({ shift_id: ids.late, status: 'early' });
    schedule().addAssignment(null, null, { targetType: 'employee', targetId: ids.li!, shiftId: ids.standard!, rotationId: null, anchorDate: null, effectiveFrom: '2026-11-23', effectiveTo: null });
    expect(kit.daily(ids.li!, '2026-11-24', '2026-11-24').get('2026-11-24')).toMatchObject({ shift_id: ids.standard, status: 'normal' });
  });
});
