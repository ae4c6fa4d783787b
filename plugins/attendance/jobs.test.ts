import { describe, expect, it } from 'vitest';
import { unknownHolidayYear } from './jobs.js';

describe('unknownHolidayYear', () => {
  const known = (...years: number[]) => (y: number) => years.includes(y);
  it.each([
    ['November, next year unknown: too early to nag', '2026-11-30', known(2026), null],
    ['December, next year unknown', '2026-12-01', known(2026), 2027],
    ['December, next year entered', '2026-12-15', known(2026, 2027), null],
    ['January of an unknown year', '2027-01-01', known(2026), 2027],
    ['a known year outside December', '2027-06-01', known(2027), null],
  ])('%s', (_what, today, isKnown, expected) => {
    expect(unknownHolidayYear(today, isKnown)).toBe(expected);
  });
});
