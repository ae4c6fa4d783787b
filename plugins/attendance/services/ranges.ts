/** Small date-range helpers shared by the time services (calendar, schedules, punches, recompute). */
import { addDays, monthOf, monthRange } from '../domain/time.js';

/** One date per month touched by `from`..`to` (enough for month-lock checks, which look at months). */
export function oneDatePerMonth(from: string, to: string): string[] {
  if (to < from) return [];
  const out: string[] = [];
  let month = monthOf(from);
  while (`${month}-01` <= to) {
    out.push(out.length === 0 ? from : `${month}-01`);
    month = monthOf(addDays(monthRange(month).to, 1));
  }
  return out;
}

/** The range cut at year boundaries: `2026-12-20..2027-01-10` → two pieces. */
export function splitByYear(from: string, to: string): { year: number; from: string; to: string }[] {
  const out: { year: number; from: string; to: string }[] = [];
  let start = from;
  while (start <= to) {
    const year = Number(start.slice(0, 4));
    const end = `${year}-12-31` < to ? `${year}-12-31` : to;
    out.push({ year, from: start, to: end });
    start = addDays(end, 1);
  }
  return out;
}

export function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

export function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

/** Distinct sorted dates. */
export function uniqueDates(dates: Iterable<string>): string[] {
  return [...new Set(dates)].sort();
}
