/**
 * Proration of a month's pay between salary profiles (a mid-month raise) and
 * for partial employment (hired or leaving mid-month). A profile is in force
 * from its `from` date until the day before the next profile's; the share of
 * each is its days (calendar days, or workdays of the attendance calendar)
 * within the month and the employment, over all the month's days of that kind.
 * A full month of employment therefore shares out exactly 1.
 */
import { roundCents } from './money.js';
import type { Rounding } from './types.js';

export type ProrationMethod = 'calendar_days' | 'workdays';

export interface ProrationOptions {
  /** Workdays (`YYYY-MM-DD`) of the attendance calendar; required for `workdays`. */
  workdays?: ReadonlySet<string>;
  /** First day of employment (hire date); null/undefined = employed before the month. */
  employedFrom?: string | null;
  /** Last day of employment (leaving date); null/undefined = still employed after the month. */
  employedTo?: string | null;
}

/** One profile's part of the month. `share = units / totalUnits`; use {@link prorateCents} for exact amounts. */
export interface SegmentShare {
  /** Index of the profile in the `changes` given. */
  index: number;
  /** First and last day (inclusive) the profile pays for within the month and the employment. */
  from: string;
  to: string;
  /** Days counted (calendar days or workdays) in this segment. */
  units: number;
  /** Days of that kind in the whole month (the denominator). */
  totalUnits: number;
  share: number;
  /** The method used: `workdays` falls back to `calendar_days` for a month without any workday. */
  method: ProrationMethod;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The days of `YYYY-MM` as `YYYY-MM-DD`. */
export function daysOfMonth(month: string): string[] {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`proration: month must be YYYY-MM, got ${month}`);
  const count = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/**
 * Share of `month` each salary profile covers. `changes` are the profiles'
 * effective dates in any order (the latest one on or before the month's
 * start covers its beginning); only profiles in force for at least one
 * counted day are returned, in date order. Pass a `Set` of workdays as the
 * 4th argument, or options with `workdays`, `employedFrom` and `employedTo`.
 */
export function segmentShares(
  month: string,
  changes: readonly { from: string }[],
  method: ProrationMethod,
  options: ProrationOptions | ReadonlySet<string> = {},
): SegmentShare[] {
  const opts: ProrationOptions = options instanceof Set ? { workdays: options } : (options as ProrationOptions);
  const days = daysOfMonth(month);
  for (const c of changes) if (!DATE.test(c.from)) throw new RangeError(`proration: dates must be YYYY-MM-DD, got ${c.from}`);
  for (const d of [opts.employedFrom, opts.employedTo]) if (d != null && !DATE.test(d)) throw new RangeError(`proration: dates must be YYYY-MM-DD, got ${d}`);
  if (method === 'workdays' && !opts.workdays) throw new RangeError('proration: the workdays method needs the workdays of the month');

  let used: ProrationMethod = method;
  let counts = (d: string) => method === 'calendar_days' || opts.workdays!.has(d);
  let totalUnits = days.filter(counts).length;
  if (totalUnits === 0) {
    used = 'calendar_days';
    counts = () => true;
    totalUnits = days.length;
  }

  const first = days[0]!;
  const last = days[days.length - 1]!;
  const start = opts.employedFrom && opts.employedFrom > first ? opts.employedFrom : first;
  const end = opts.employedTo && opts.employedTo < last ? opts.employedTo : last;

  const sorted = changes.map((c, index) => ({ from: c.from, index })).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.index - b.index));
  const out: SegmentShare[] = [];
  sorted.forEach((c, i) => {
    const nextFrom = sorted[i + 1]?.from;
    const segFrom = c.from > start ? c.from : start;
    const segTo = nextFrom !== undefined && dayBefore(nextFrom) < end ? dayBefore(nextFrom) : end;
    if (segFrom > segTo) return;
    const units = days.filter((d) => d >= segFrom && d <= segTo && counts(d)).length;
    if (units === 0) return;
    out.push({ index: c.index, from: segFrom, to: segTo, units, totalUnits, share: units / totalUnits, method: used });
  });
  return out;
}

function dayBefore(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/** `cents × units / totalUnits`, exact and rounded once (half up to the cent by default). */
export function prorateCents(cents: number, segment: Pick<SegmentShare, 'units' | 'totalUnits'>, rounding?: Rounding): number {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`proration: cents must be whole, got ${cents}`);
  return roundCents({ num: BigInt(cents) * BigInt(segment.units), den: BigInt(segment.totalUnits) }, rounding);
}
