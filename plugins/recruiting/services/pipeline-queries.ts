/**
 * Small read-only lookups the pipeline, candidate and onboarding pages need and the services
 * do not offer: who acted on a timeline entry, and which sources candidates came from (for
 * the list's filter). Additive: nothing here changes a row.
 */
import type Database from 'better-sqlite3';

/** Display names of user accounts by id (accounts removed since: absent from the map). */
export function userNames(sqlite: Database.Database, ids: Iterable<number | null>): Map<number, string> {
  const wanted = [...new Set([...ids].filter((id): id is number => typeof id === 'number'))];
  if (!wanted.length) return new Map();
  const rows = sqlite.prepare(`SELECT id, name FROM core_users WHERE id IN (${wanted.map(() => '?').join(', ')})`).all(...wanted) as { id: number; name: string }[];
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Every source a stored candidate came from (careers, manual, referral, job boards), sorted. */
export function candidateSources(sqlite: Database.Database): string[] {
  return sqlite.prepare('SELECT DISTINCT source FROM recruiting_candidates ORDER BY source').pluck().all() as string[];
}
