import { describe, expect, it } from 'vitest';
import { daysOfMonth, prorateCents, segmentShares } from './proration.js';

// March 2026: the 1st is a Sunday; 31 days, 22 weekdays.
const MONTH = '2026-03';
const weekdays = new Set(daysOfMonth(MONTH).filter((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())));

const brief = (s: ReturnType<typeof segmentShares>) => s.map((x) => [x.index, x.from, x.to, x.units, x.totalUnits]);

describe('daysOfMonth', () => {
  it.each([
    ['2026-03', 31],
    ['2026-02', 28],
    ['2024-02', 29],
    ['2026-04', 30],
  ])('%s has %i days', (month, n) => {
    expect(daysOfMonth(month)).toHaveLength(n);
  });
  it('refuses a bad month', () => {
    expect(() => daysOfMonth('2026-13')).toThrow(RangeError);
  });
  it('the test calendar has 22 weekdays', () => {
    expect(weekdays.size).toBe(22);
  });
});

describe('segmentShares', () => {
  it.each([
    ['calendar_days', [[0, '2026-03-01', '2026-03-31', 31, 31]]],
    ['workdays', [[0, '2026-03-01', '2026-03-31', 22, 22]]],
  ] as const)('one profile from before the month, %s: the whole month', (method, expected) => {
    const s = segmentShares(MONTH, [{ from: '2025-07-01' }], method, weekdays);
    expect(brief(s)).toEqual(expected);
    expect(s[0]!.share).toBe(1);
  });

  it.each([
    ['calendar_days', [[0, '2026-03-01', '2026-03-15', 15, 31], [1, '2026-03-16', '2026-03-31', 16, 31]]],
    ['workdays', [[0, '2026-03-01', '2026-03-15', 10, 22], [1, '2026-03-16', '2026-03-31', 12, 22]]],
  ] as const)('a raise on the 16th, %s', (method, expected) => {
    const s = segmentShares(MONTH, [{ from: '2025-01-01' }, { from: '2026-03-16' }], method, weekdays);
    expect(brief(s)).toEqual(expected);
    expect(s.reduce((a, x) => a + x.units, 0)).toBe(s[0]!.totalUnits); // a full month shares out exactly 1
  });

  it.each([
    ['calendar_days', [[0, '2026-03-15', '2026-03-31', 17, 31]]],
    ['workdays', [[0, '2026-03-15', '2026-03-31', 12, 22]]], // the 15th is a Sunday
  ] as const)('hired on the 15th, %s', (method, expected) => {
    const s = segmentShares(MONTH, [{ from: '2026-03-15' }], method, { workdays: weekdays, employedFrom: '2026-03-15' });
    expect(brief(s)).toEqual(expected);
  });

  it.each([
    ['calendar_days', [[0, '2026-03-01', '2026-03-10', 10, 31]]],
    ['workdays', [[0, '2026-03-01', '2026-03-10', 7, 22]]],
  ] as const)('leaving on the 10th, %s', (method, expected) => {
    const s = segmentShares(MONTH, [{ from: '2024-05-01' }], method, { workdays: weekdays, employedTo: '2026-03-10' });
    expect(brief(s)).toEqual(expected);
  });

  it('hired on the 5th with the first profile from the 9th: days before the profile are not paid', () => {
    const s = segmentShares(MONTH, [{ from: '2026-03-09' }], 'calendar_days', { employedFrom: '2026-03-05' });
    expect(brief(s)).toEqual([[0, '2026-03-09', '2026-03-31', 23, 31]]);
  });

  it('three profiles in any order; later ones and ones replaced before the month drop out', () => {
    const changes = [{ from: '2026-03-20' }, { from: '2026-04-01' }, { from: '2025-01-01' }, { from: '2026-03-10' }, { from: '2024-01-01' }];
    const s = segmentShares(MONTH, changes, 'calendar_days');
    expect(brief(s)).toEqual([
      [2, '2026-03-01', '2026-03-09', 9, 31],
      [3, '2026-03-10', '2026-03-19', 10, 31],
      [0, '2026-03-20', '2026-03-31', 12, 31],
    ]);
    expect(s.reduce((a, x) => a + x.units, 0)).toBe(31);
  });

  it('a segment without a workday gets nothing', () => {
    // A raise on Saturday the 28th, then another on Monday the 30th: the weekend segment has no workday.
    const s = segmentShares(MONTH, [{ from: '2026-01-01' }, { from: '2026-03-28' }, { from: '2026-03-30' }], 'workdays', weekdays);
    expect(s.map((x) => x.index)).toEqual([0, 2]);
  });

  it('the attendance calendar decides (a make-up Saturday counts, a holiday does not)', () => {
    const cal = new Set(weekdays);
    cal.add('2026-03-07');
    cal.delete('2026-03-02');
    const s = segmentShares(MONTH, [{ from: '2026-01-01' }, { from: '2026-03-09' }], 'workdays', cal);
    expect(brief(s)).toEqual([
      [0, '2026-03-01', '2026-03-08', 5, 22],
      [1, '2026-03-09', '2026-03-31', 17, 22],
    ]);
  });

  it('falls back to calendar days for a month without workdays', () => {
    const s = segmentShares(MONTH, [{ from: '2026-01-01' }], 'workdays', new Set<string>());
    expect(s[0]).toMatchObject({ units: 31, totalUnits: 31, method: 'calendar_days' });
  });

  it.each([
    [{ employedFrom: '2026-04-01' }],
    [{ employedTo: '2026-02-28' }],
    [{ employedFrom: '2026-03-20', employedTo: '2026-03-10' }],
  ])('employment outside the month: nothing (%j)', (opts) => {
    expect(segmentShares(MONTH, [{ from: '2020-01-01' }], 'calendar_days', opts)).toEqual([]);
  });

  it('no profile: nothing', () => {
    expect(segmentShares(MONTH, [], 'calendar_days')).toEqual([]);
  });

  it.each([
    ['2026-3', [{ from: '2026-03-01' }], 'calendar_days', {}],
    [MONTH, [{ from: '2026-03-1' }], 'calendar_days', {}],
    [MONTH, [{ from: '2026-03-01' }], 'calendar_days', { employedFrom: 'soon' }],
    [MONTH, [{ from: '2026-03-01' }], 'workdays', {}],
  ] as const)('refuses bad input %#', (month, changes, method, opts) => {
    expect(() => segmentShares(month, changes, method, opts)).toThrow(RangeError);
  });
});

describe('prorateCents', () => {
  it.each([
    [10_000_00, 15, 31, 483_871], // 4,838.709… → 4,838.71
    [10_000_00, 16, 31, 516_129],
    [12_000_00, 12, 22, 654_545], // 6,545.4545…
    [10_000_00, 31, 31, 10_000_00],
    [1, 1, 2, 1], // half a cent rounds up
  ])('%i × %i/%i = %i', (cents, units, totalUnits, expected) => {
    expect(prorateCents(cents, { units, totalUnits })).toBe(expected);
  });
  it('rounds as told', () => {
    expect(prorateCents(10_000_00, { units: 15, totalUnits: 31 }, { unit: 1, mode: 'down' })).toBe(483_870);
  });
});
