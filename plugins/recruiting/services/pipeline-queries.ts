/**
 * A small read-only lookup the candidate pages need and the services do not offer: which
 * sources candidates came from (for the list's filter). Additive: nothing here changes a row.
 */
import type Database from 'better-sqlite3';

/** Every source a stored candidate came from (careers, manual, referral, job boards), sorted. */
export function candidateSources(sqlite: Database.Database): string[] {
  return sqlite.prepare('SELECT DISTINCT source FROM recruiting_candidates ORDER BY source').pluck().all() as string[];
}
