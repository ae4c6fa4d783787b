/**
 * Statutory paid annual leave (带薪年休假), in whole days:
 * - 《职工带薪年休假条例》第三条: 5 / 10 / 15 days after 1 / 10 / 20 years of
 *   cumulative work (all employers counted), none under one year;
 * - 《企业职工带薪年休假实施办法》第五条: a new hire gets the remaining calendar
 *   days of the year ÷ 365 × the entitlement, fractions of a day dropped;
 *   第十二条: a leaver is owed elapsed days ÷ 365 × entitlement − days taken;
 * - 人社厅函〔2009〕149号: someone reaching 12 months of work during a year is
 *   prorated the same way from that date.
 */
import { dayNumber, isValidDate, yearOf } from './time.js';

/** Whole years of cumulative work from `firstWorkDate` to `asOf` (an anniversary counts on its day; 0 before the start). */
export function cumulativeYears(firstWorkDate: string, asOf: string): number {
  if (asOf < firstWorkDate) return 0;
  const years = yearOf(asOf) - yearOf(firstWorkDate);
  return asOf.slice(5) < firstWorkDate.slice(5) ? years - 1 : years;
}

/** The date on which `years` of cumulative work are completed (a 29 February start completes on 1 March in common years). */
export function workAnniversary(firstWorkDate: string, years: number): string {
  const date = `${yearOf(firstWorkDate) + years}${firstWorkDate.slice(4)}`;
  return isValidDate(date) ? date : `${yearOf(firstWorkDate) + years}-03-01`;
}

/** Statutory days for cumulative years of work (第三条): <1 → 0, 1–9 → 5, 10–19 → 10, ≥20 → 15. */
export function statutoryAnnualDays(years: number): number {
  if (years < 1) return 0;
  if (years < 10) return 5;
  if (years < 20) return 10;
  return 15;
}

/** Years at which the statutory level changes. */
const LEVEL_YEARS = [1, 10, 20] as const;

export interface AnnualEntitlementInput {
  year: number;
  /** Start of the first job (cumulative work, all employers). */
  firstWorkDate: string;
  /** Start in this company. */
  hireDate: string;
  /** Last day in this company, if known: the year's period ends there. */
  terminationDate?: string | null;
}

/**
 * Statutory annual leave days for calendar `year` in this company.
 * The year's period runs from the later of 1 January and `hireDate` to the
 * earlier of 31 December and `terminationDate`. Every day of it carries the
 * level of that day's cumulative years; entitlement = floor(Σ days × level ÷ 365),
 * at most the highest level reached. So a full year at one level gives that
 * level; a hire on 2026-07-01 at 10 days gets floor(184 × 10 ÷ 365) = 5; a
 * first anniversary (149号) or a 10/20-year level change mid-year counts the
 * new level from that date only (chosen: prorating each part is what 第五条's
 * formula does for a new hire; the fraction is dropped once, on the total).
 */
export function annualEntitlement(input: AnnualEntitlementInput): number {
  const yearStart = `${input.year}-01-01`;
  const yearEnd = `${input.year}-12-31`;
  const from = input.hireDate > yearStart ? input.hireDate : yearStart;
  const to = input.terminationDate && input.terminationDate < yearEnd ? input.terminationDate : yearEnd;
  if (to < from) return 0;

  // Dates inside the period where the level changes, then sum day × level per segment.
  const boundaries = LEVEL_YEARS.map((n) => workAnniversary(input.firstWorkDate, n))
    .filter((date) => date > from && date <= to)
    .sort();
  let dayLevels = 0;
  let highest = 0;
  let segmentStart = from;
  for (const next of [...boundaries, null]) {
    const level = statutoryAnnualDays(cumulativeYears(input.firstWorkDate, segmentStart));
    const segmentEnd = next === null ? dayNumber(to) + 1 : dayNumber(next);
    dayLevels += (segmentEnd - dayNumber(segmentStart)) * level;
    highest = Math.max(highest, level);
    if (next !== null) segmentStart = next;
  }
  return Math.min(Math.floor(dayLevels / 365), highest);
}

export interface AnnualOnLeavingInput {
  year: number;
  /** The full-year entitlement (职工本人全年应当享受的年休假天数). */
  entitlementDays: number;
  /** Last day in the company. */
  terminationDate: string;
  /** Start in this company when it is in `year` (the elapsed days start there). */
  hireDate?: string | null;
  /** Annual leave days already taken in `year` (may be half days). */
  takenDays: number;
}

/**
 * Annual leave days still owed to a leaver (第十二条): elapsed calendar days
 * of the year in this company ÷ 365 × entitlement − days taken, the fraction
 * of a day dropped from the result; never below 0 (leave taken beyond the
 * prorated share is not clawed back).
 */
export function annualOnLeaving(input: AnnualOnLeavingInput): number {
  const yearStart = `${input.year}-01-01`;
  const yearEnd = `${input.year}-12-31`;
  const from = input.hireDate && input.hireDate > yearStart ? input.hireDate : yearStart;
  const to = input.terminationDate < yearEnd ? input.terminationDate : yearEnd;
  const elapsed = Math.max(0, dayNumber(to) - dayNumber(from) + 1);
  // Integer arithmetic in 1/365 days (taken days are multiples of 0.5), so no float rounding.
  const owedIn365ths = elapsed * input.entitlementDays - Math.round(input.takenDays * 730) / 2;
  return Math.max(0, Math.floor(owedIn365ths / 365));
}

export interface AnnualDisqualifiedInput {
  /** Cumulative years of work. */
  years: number;
  /** Personal leave (事假) days this year. */
  personalLeaveDays: number;
  /** Whether that personal leave was paid (第四条第二项 applies only when wages were not deducted). */
  personalLeavePaid?: boolean;
  /** Sick leave days this year, in working days. */
  sickLeaveDays: number;
  /** Working days per month for the sick-leave months (default 21.75, 劳社部发〔2008〕3号). */
  workdaysPerMonth?: number;
}

/**
 * Why someone gets no annual leave this year (条例第四条), or null:
 * `personalLeave` — 20 or more days of personal leave without pay deduction;
 * `sickLeave` — sick leave of at least 2 / 3 / 4 months for 1–9 / 10–19 / 20+
 * years of work. "以上" includes the number itself (《民法典》第一千二百五十九条).
 * (Item 1, school holidays longer than the leave, is for the caller.)
 */
export function annualDisqualified(input: AnnualDisqualifiedInput): 'personalLeave' | 'sickLeave' | null {
  if (input.years < 1) return null;
  if (input.personalLeavePaid && input.personalLeaveDays >= 20) return 'personalLeave';
  const months = input.years < 10 ? 2 : input.years < 20 ? 3 : 4;
  if (input.sickLeaveDays >= months * (input.workdaysPerMonth ?? 21.75)) return 'sickLeave';
  return null;
}
