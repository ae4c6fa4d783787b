/**
 * Whether a candidate's personal data was erased (PIPL deletion, services/erasure.ts): the
 * 'erased' timeline entry is the marker. Every service path that writes about a candidate —
 * corrections, tags, pool, notes, moves, offers, hires — refuses an erased one (409), so no
 * path can put personal data back or carry an erased person into the company.
 */
import { and, asc, eq } from 'drizzle-orm';
import { HttpError } from '../../../core/sdk.js';
import { activities } from '../schema.js';
import type { RecruitingParts } from './types.js';

export function erasureMarker(db: RecruitingParts['db'], candidateId: number) {
  return db
    .select()
    .from(activities)
    .where(and(eq(activities.candidateId, candidateId), eq(activities.kind, 'erased')))
    .orderBy(asc(activities.id))
    .get();
}

export function assertNotErased(db: RecruitingParts['db'], candidateId: number): void {
  if (erasureMarker(db, candidateId)) throw new HttpError(409, 'recruiting.erasure.error.erased');
}
