/**
 * Which salary profiles pay which part of a month (domain/proration.ts), with
 * the days each one counts. `workdays` proration uses the attendance plugin's
 * work calendar (national holidays, 调休, company days, years entered by hand).
 */
import { segmentShares, type ProrationMethod } from '../domain/proration.js';

export interface MonthPiece {
  id: number;
  from: string;
  to: string;
  share: number;
  units: number;
  totalUnits: number;
}

/**
 * The part of `month` each profile (by its start date) pays for, within the
 * employment (hire and leaving dates), with its share of the month's pay.
 */
export function monthSegments(
  month: string,
  profiles: { from: string; id: number }[],
  employment: { from: string | null; to: string | null },
  method: ProrationMethod,
  workdays: (month: string) => Set<string>,
): MonthPiece[] {
  return segmentShares(month, profiles, method, {
    workdays: method === 'workdays' ? workdays(month) : undefined,
    employedFrom: employment.from,
    employedTo: employment.to,
  }).map((s) => ({ id: profiles[s.index]!.id, from: s.from, to: s.to, share: s.share, units: s.units, totalUnits: s.totalUnits }));
}
