// Pure helpers of the time admin forms: rotation patterns typed as text, a year's days grouped back into form rows.
import { describe, expect, it } from 'vitest';
import { parsePattern, patternText } from './admin-schedule.js';
import { toYearRows } from './admin-time.js';

const shifts = [
  { id: 1, name: '早班' },
  { id: 2, name: '夜班' },
  { id: 3, name: 'Late' },
];

describe('rotation patterns', () => {
  it.each([
    ['早班, 早班, 夜班, 夜班, 休, 休', { pattern: [1, 1, 2, 2, null, null] }],
    ['早班，夜班、休 off -', { pattern: [1, 2, null, null, null] }],
    ['#3 2 late', { pattern: [3, 2, 3] }],
    ['早班, 中班', { unknown: '中班' }],
    ['#9', { unknown: '#9' }],
  ])('%s → %j', (text, expected) => {
    expect(parsePattern(text, shifts)).toEqual(expected);
  });

  it('writes a pattern back as names', () => {
    expect(patternText([1, null, 2, 7], shifts, '休')).toBe('早班, 休, 夜班, #7');
  });
});

describe('a year as form rows', () => {
  it('groups consecutive days of one kind and name, and keeps weekend workdays apart', () => {
    const rows = toYearRows([
      { date: '2027-02-06', kind: 'statutory', name: '春节' },
      { date: '2027-02-05', kind: 'statutory', name: '春节' },
      { date: '2027-02-07', kind: 'holiday_rest', name: '春节' },
      { date: '2027-02-08', kind: 'holiday_rest', name: '春节' },
      { date: '2027-02-20', kind: 'workday', name: '春节' }, // a Saturday
      { date: '2027-02-22', kind: 'workday', name: '' }, // a Monday: an ordinary workday, not listed
      { date: '2027-01-01', kind: 'statutory', name: '元旦' },
      { date: '2027-03-06', kind: 'restday', name: '' },
    ]);
    expect(rows.periods).toEqual([
      { from: '2027-01-01', to: '2027-01-01', kind: 'statutory', name: '元旦' },
      { from: '2027-02-05', to: '2027-02-06', kind: 'statutory', name: '春节' },
      { from: '2027-02-07', to: '2027-02-08', kind: 'holiday_rest', name: '春节' },
    ]);
    expect(rows.workdays).toEqual([{ date: '2027-02-20', name: '春节' }]);
  });
});
