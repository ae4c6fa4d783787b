/** Reading stored daily results (written by recompute.ts) for pages and the API. */
import { and, asc, gte, inArray, lte } from 'drizzle-orm';
import type { Db } from '../../../core/sdk.js';
import { dailyResults } from '../schema.js';

export type DailyRow = typeof dailyResults.$inferSelect;

/** Rows of these employees (null: everyone) from `from` to `to`, by employee then date. */
export function readDailyResults(db: Db, employeeIds: number[] | null, from: string, to: string): DailyRow[] {
  if (employeeIds && !employeeIds.length) return [];
  return db
    .select()
    .from(dailyResults)
    .where(and(employeeIds ? inArray(dailyResults.employeeId, employeeIds) : undefined, gte(dailyResults.date, from), lte(dailyResults.date, to)))
    .orderBy(asc(dailyResults.employeeId), asc(dailyResults.date))
    .all();
}
