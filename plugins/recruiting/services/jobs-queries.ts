/**
 * Read-only figures for the job list page that the job service does not give: active
 * applications per stage (the service's `stageCounts` counts rejected ones too, which is
 * right for the stage editor but not for "who is where now"), and applications received
 * since an instant ("new in 7 days"). One grouped query each for a page of jobs; the caller
 * has already checked the viewer reaches these jobs (`jobs.list`).
 */
import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { applications } from '../schema.js';
import type { RecruitingParts } from './types.js';

export interface JobListFigures {
  /** Active applications per stage key. */
  activeByStage: Map<string, number>;
  /** Applications (any status) received at or after `since`. */
  recent: number;
}

export function jobListFigures(parts: Pick<RecruitingParts, 'db'>, jobIds: readonly number[], since: Date): Map<number, JobListFigures> {
  const out = new Map<number, JobListFigures>(jobIds.map((id) => [id, { activeByStage: new Map(), recent: 0 }]));
  if (!jobIds.length) return out;
  const { db } = parts;
  const ids = [...jobIds];
  const perStage = db
    .select({ jobId: applications.jobId, stage: applications.stage, n: sql<number>`count(*)` })
    .from(applications)
    .where(and(inArray(applications.jobId, ids), eq(applications.status, 'active')))
    .groupBy(applications.jobId, applications.stage)
    .all();
  for (const r of perStage) out.get(r.jobId)?.activeByStage.set(r.stage, r.n);
  const recent = db
    .select({ jobId: applications.jobId, n: sql<number>`count(*)` })
    .from(applications)
    .where(and(inArray(applications.jobId, ids), gte(applications.appliedAt, since)))
    .groupBy(applications.jobId)
    .all();
  for (const r of recent) {
    const f = out.get(r.jobId);
    if (f) f.recent = r.n;
  }
  return out;
}
