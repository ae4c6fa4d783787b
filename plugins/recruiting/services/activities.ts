/**
 * The candidate timeline (recruiting_activities): every application, move, rejection,
 * screening, note, offer and hire, with who did it. `actor` null means the system (an
 * automatic action after screening, intake): the data then says `auto: true`.
 */
import { and, asc, eq } from 'drizzle-orm';
import { activities } from '../schema.js';
import type { ActivityRow, RecruitingParts } from './types.js';

export const ACTIVITY_KINDS = ['applied', 'moved', 'rejected', 'screened', 'note', 'offer', 'hired', 'checklist', 'updated', 'erased'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export interface ActivityInput {
  candidateId: number;
  applicationId?: number | null;
  kind: ActivityKind;
  actor: number | null;
  data?: Record<string, unknown>;
}

export function createActivityLog(parts: RecruitingParts) {
  const { db, now } = parts;
  return {
    /** Write one entry (call it inside the transaction of the change it records). */
    record(input: ActivityInput): number {
      return db
        .insert(activities)
        .values({ candidateId: input.candidateId, applicationId: input.applicationId ?? null, kind: input.kind, actorUserId: input.actor, data: input.data ?? {}, at: now() })
        .returning({ id: activities.id })
        .get().id;
    },
    /** A candidate's timeline, oldest first (optionally of one application, plus notes on the candidate). */
    of(candidateId: number, applicationId?: number): ActivityRow[] {
      const rows = db.select().from(activities).where(eq(activities.candidateId, candidateId)).orderBy(asc(activities.at), asc(activities.id)).all();
      return applicationId === undefined ? rows : rows.filter((r) => r.applicationId === null || r.applicationId === applicationId);
    },
    count(candidateId: number, kind: ActivityKind): number {
      return db.select({ id: activities.id }).from(activities).where(and(eq(activities.candidateId, candidateId), eq(activities.kind, kind))).all().length;
    },
  };
}

export type ActivityLog = ReturnType<typeof createActivityLog>;
