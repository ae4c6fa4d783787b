import { describe, expect, it } from 'vitest';
import { classifyDay, emptyOverrides } from './calendar.js';
import { lieuAllowed, OVERTIME_RATE, overLimit, overtimeClassOf, overtimeMinutesBetween } from './overtime.js';

const none = emptyOverrides();

describe('overtimeClassOf', () => {
  it.each([
    ['2026-10-01', 'statutory holiday (National Day)', 'holiday', 3, false],
    ['2026-10-03', 'statutory holiday on a Saturday', 'holiday', 3, false],
    ['2026-10-05', 'rest day inside the same holiday period', 'restday', 2, true],
    ['2026-10-07', '调休 rest day inside the period', 'restday', 2, true],
    ['2026-10-10', 'adjusted workday (Saturday worked)', 'workday', 1.5, false],
    ['2026-11-26', 'ordinary workday', 'workday', 1.5, false],
    ['2026-11-28', 'ordinary Saturday', 'restday', 2, true],
    ['2026-02-16', '除夕 2026', 'holiday', 3, false],
  ] as const)('%s (%s) → %s at %d', (date, _label, cls, rate, lieu) => {
    const result = overtimeClassOf(classifyDay(date, none));
    expect(result).toBe(cls);
    expect(OVERTIME_RATE[result]).toBe(rate);
    expect(lieuAllowed(result)).toBe(lieu);
  });
});

describe('overtimeMinutesBetween', () => {
  it.each([
    ['18:00', '20:30', 150],
    ['09:00', '18:00', 540],
    ['22:00', '02:00', 240], // crosses midnight
    ['20:00', '20:00', 1440], // a whole day round
    ['00:00', '23:59', 1439],
  ])('%s–%s → %i', (from, to, minutes) => {
    expect(overtimeMinutesBetween(from, to)).toBe(minutes);
  });

  it('throws on a malformed time', () => {
    expect(() => overtimeMinutesBetween('25:00', '26:00')).toThrow();
  });
});

describe('overLimit', () => {
  it.each([
    [36 * 60, 36, false],
    [36 * 60 + 1, 36, true],
    [0, 36, false],
    [20 * 60 + 1, 20, true],
  ])('%i minutes with a %i h limit → %s', (minutes, limit, flagged) => {
    expect(overLimit(minutes, limit)).toBe(flagged);
  });
});
