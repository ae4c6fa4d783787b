import { describe, expect, it } from 'vitest';
import {
  annualDisqualified,
  annualEntitlement,
  annualOnLeaving,
  cumulativeYears,
  statutoryAnnualDays,
  workAnniversary,
} from './annual-leave.js';

describe('cumulativeYears', () => {
  it.each([
    ['2016-03-15', '2026-03-14', 9],
    ['2016-03-15', '2026-03-15', 10], // the anniversary counts on its day
    ['2025-11-26', '2026-11-26', 1],
    ['2025-11-27', '2026-11-26', 0],
    ['2027-01-01', '2026-11-26', 0], // not started yet
    ['2024-02-29', '2025-02-28', 0],
    ['2024-02-29', '2025-03-01', 1],
  ])('%s → %s: %i years', (first, asOf, years) => {
    expect(cumulativeYears(first, asOf)).toBe(years);
  });

  it('workAnniversary', () => {
    expect(workAnniversary('2016-03-15', 10)).toBe('2026-03-15');
    expect(workAnniversary('2024-02-29', 1)).toBe('2025-03-01');
    expect(workAnniversary('2024-02-29', 4)).toBe('2028-02-29');
  });
});

describe('statutoryAnnualDays (第三条)', () => {
  it.each([
    [0, 0],
    [0.99, 0],
    [1, 5],
    [9, 5],
    [10, 10],
    [19, 10],
    [20, 15],
    [35, 15],
  ])('%d years → %i days', (years, days) => {
    expect(statutoryAnnualDays(years)).toBe(days);
  });
});

describe('annualEntitlement', () => {
  const longTimer = (firstWorkDate: string) => ({ year: 2026, firstWorkDate, hireDate: '2015-05-01' });

  it.each([
    // Levels for a whole year in the company.
    ['0 years (started work 2026-03-01)', { year: 2026, firstWorkDate: '2026-03-01', hireDate: '2026-03-01' }, 0],
    ['exactly 1 year on 1 January', longTimer('2025-01-01'), 5],
    ['9 years all year', longTimer('2017-01-01'), 5],
    ['exactly 10 years on 1 January', longTimer('2016-01-01'), 10],
    ['19 years all year', longTimer('2007-01-01'), 10],
    ['exactly 20 years on 1 January', longTimer('2006-01-01'), 15],
    ['30 years', longTimer('1996-09-01'), 15],
    // 实施办法第五条: new hires get the remaining days ÷ 365.
    ['hire on 2026-07-01 at 10 days (184/365 × 10 = 5.04)', { year: 2026, firstWorkDate: '2012-07-01', hireDate: '2026-07-01' }, 5],
    ['hire on 2026-07-01 at 5 days (2.52)', { year: 2026, firstWorkDate: '2020-07-01', hireDate: '2026-07-01' }, 2],
    ['hire on 2026-12-01 at 15 days (31/365 × 15 = 1.27)', { year: 2026, firstWorkDate: '2000-01-01', hireDate: '2026-12-01' }, 1],
    ['hire on 2026-01-01 counts the whole year', { year: 2026, firstWorkDate: '2012-07-01', hireDate: '2026-01-01' }, 10],
    ['hired after the year', { year: 2026, firstWorkDate: '2012-07-01', hireDate: '2027-02-01' }, 0],
    // 149号: the first year of work completed during the year.
    ['1 year reached on 2026-07-01 (184/365 × 5)', { year: 2026, firstWorkDate: '2025-07-01', hireDate: '2025-07-01' }, 2],
    ['1 year reached on 2026-12-31 (1/365 × 5)', { year: 2026, firstWorkDate: '2025-12-31', hireDate: '2025-12-31' }, 0],
    ['1 year reached on 2026-01-02 (364/365 × 5 = 4.99)', { year: 2026, firstWorkDate: '2025-01-02', hireDate: '2025-01-02' }, 4],
    // Level changes inside the year: the higher level from that date.
    ['10 years reached on 2026-07-01 (181 × 5 + 184 × 10) / 365 = 7.52', longTimer('2016-07-01'), 7],
    ['20 years reached on 2026-04-01 (90 × 10 + 275 × 15) / 365 = 13.77', longTimer('2006-04-01'), 13],
    ['10 years reached on 2026-12-31 (364 × 5 + 10) / 365', longTimer('2016-12-31'), 5],
    // A hire whose first year completes after the hire date.
    ['hired 2026-03-01, 1 year on 2026-09-01 (122/365 × 5 = 1.67)', { year: 2026, firstWorkDate: '2025-09-01', hireDate: '2026-03-01' }, 1],
    // A termination ends the period.
    ['leaves on 2026-06-30 at 10 days (181/365 × 10)', { ...longTimer('2012-01-01'), terminationDate: '2026-06-30' }, 4],
    ['left before the year', { ...longTimer('2012-01-01'), terminationDate: '2025-12-31' }, 0],
    // A leap year does not give more than the level.
    ['full leap year at 15 days', { year: 2028, firstWorkDate: '2000-01-01', hireDate: '2010-01-01' }, 15],
  ] as const)('%s → %i', (_label, input, days) => {
    expect(annualEntitlement(input)).toBe(days);
  });
});

describe('annualOnLeaving (第十二条)', () => {
  it.each([
    ['half a year, nothing taken: 181/365 × 10 = 4.96', { year: 2026, entitlementDays: 10, terminationDate: '2026-06-30', takenDays: 0 }, 4],
    ['half a year, 2 taken: 2.96', { year: 2026, entitlementDays: 10, terminationDate: '2026-06-30', takenDays: 2 }, 2],
    ['half a year, half a day taken: 4.46', { year: 2026, entitlementDays: 10, terminationDate: '2026-06-30', takenDays: 0.5 }, 4],
    ['took more than the share: never negative', { year: 2026, entitlementDays: 10, terminationDate: '2026-06-30', takenDays: 8 }, 0],
    ['hired and left in the year: 184/365 × 10 = 5.04', { year: 2026, entitlementDays: 10, terminationDate: '2026-08-31', hireDate: '2026-03-01', takenDays: 0 }, 5],
    ['hire date before the year is ignored', { year: 2026, entitlementDays: 5, terminationDate: '2026-12-31', hireDate: '2019-03-01', takenDays: 1 }, 4],
    ['leaves on 1 January: 1/365 × 15', { year: 2026, entitlementDays: 15, terminationDate: '2026-01-01', takenDays: 0 }, 0],
    ['no entitlement', { year: 2026, entitlementDays: 0, terminationDate: '2026-10-31', takenDays: 0 }, 0],
  ] as const)('%s → %i', (_label, input, days) => {
    expect(annualOnLeaving(input)).toBe(days);
  });
});

describe('annualDisqualified (第四条)', () => {
  it.each([
    [{ years: 5, personalLeaveDays: 0, sickLeaveDays: 0 }, null],
    [{ years: 5, personalLeaveDays: 25, sickLeaveDays: 0 }, null], // unpaid personal leave does not disqualify
    [{ years: 5, personalLeaveDays: 20, personalLeavePaid: true, sickLeaveDays: 0 }, 'personalLeave'],
    [{ years: 5, personalLeaveDays: 19.5, personalLeavePaid: true, sickLeaveDays: 0 }, null],
    [{ years: 5, personalLeaveDays: 0, sickLeaveDays: 43.5 }, 'sickLeave'], // 2 months × 21.75
    [{ years: 5, personalLeaveDays: 0, sickLeaveDays: 43 }, null],
    [{ years: 12, personalLeaveDays: 0, sickLeaveDays: 60 }, null],
    [{ years: 12, personalLeaveDays: 0, sickLeaveDays: 65.25 }, 'sickLeave'], // 3 months
    [{ years: 25, personalLeaveDays: 0, sickLeaveDays: 80 }, null],
    [{ years: 25, personalLeaveDays: 0, sickLeaveDays: 87 }, 'sickLeave'], // 4 months
    [{ years: 5, personalLeaveDays: 0, sickLeaveDays: 60, workdaysPerMonth: 30 }, 'sickLeave'],
    [{ years: 0, personalLeaveDays: 30, personalLeavePaid: true, sickLeaveDays: 100 }, null], // no leave to lose
  ] as const)('%o → %s', (input, reason) => {
    expect(annualDisqualified(input)).toBe(reason);
  });
});
