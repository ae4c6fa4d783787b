import { describe, expect, it } from 'vitest';
import {
  addDays,
  dateRange,
  formatMinutes,
  instantAt,
  isValidDate,
  localDate,
  minutesFromMidnight,
  monthRange,
  monthsBetween,
  parseHhmm,
  shiftMonth,
  weekday,
  zonedMidnight,
} from './time.js';

describe('dates', () => {
  it.each([
    ['2026-11-26', 4],
    ['2026-11-29', 0],
    ['2026-10-10', 6],
    ['1969-12-31', 3],
  ])('weekday(%s) = %i', (date, day) => expect(weekday(date)).toBe(day));

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(dateRange('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(dateRange('2026-03-02', '2026-03-01')).toEqual([]);
  });

  it('knows real dates from look-alikes', () => {
    expect(isValidDate('2028-02-29')).toBe(true);
    expect(isValidDate('2026-02-29')).toBe(false);
    expect(isValidDate('2026-13-01')).toBe(false);
    expect(isValidDate('26-01-01')).toBe(false);
  });

  it('walks months', () => {
    expect(monthRange('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(monthRange('2028-02').to).toBe('2028-02-29');
    expect(() => monthRange('2026-13')).toThrow();
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-11', 3)).toBe('2027-02');
    expect(monthsBetween('2026-11-15', '2027-02-01')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsBetween('2026-03-01', '2026-02-01')).toEqual([]);
  });
});

describe('times of day', () => {
  it('parses and formats, marking other days', () => {
    expect(parseHhmm('09:05')).toBe(545);
    expect(() => parseHhmm('24:00')).toThrow();
    expect(formatMinutes(545)).toBe('09:05');
    expect(formatMinutes(1440 + 363)).toBe('06:03+1');
    expect(formatMinutes(-65)).toBe('22:55-1');
  });
});

describe('instants in a time zone', () => {
  const shanghai = 'Asia/Shanghai';
  it('puts an instant on the local calendar (UTC+8, no DST)', () => {
    expect(localDate(Date.parse('2026-11-25T16:30:00Z'), shanghai)).toBe('2026-11-26');
    expect(zonedMidnight('2026-11-26', shanghai)).toBe(Date.parse('2026-11-25T16:00:00Z'));
    expect(minutesFromMidnight(Date.parse('2026-11-26T01:05:00Z'), '2026-11-26', shanghai)).toBe(545);
    // The night before is negative, the next morning above 1440: night shifts stay arithmetic.
    expect(minutesFromMidnight(Date.parse('2026-11-25T14:00:00Z'), '2026-11-26', shanghai)).toBe(-120);
    expect(instantAt('2026-11-26', 1440 + 360, shanghai)).toBe(Date.parse('2026-11-26T22:00:00Z'));
  });

  it('follows a daylight-saving zone across its change', () => {
    const berlin = 'Europe/Berlin';
    // 2026-03-29: clocks go from 02:00 to 03:00; midnight is still at UTC+1.
    expect(zonedMidnight('2026-03-29', berlin)).toBe(Date.parse('2026-03-28T23:00:00Z'));
    expect(zonedMidnight('2026-03-30', berlin)).toBe(Date.parse('2026-03-29T22:00:00Z'));
    expect(localDate(Date.parse('2026-03-29T22:30:00Z'), berlin)).toBe('2026-03-30');
  });
});
