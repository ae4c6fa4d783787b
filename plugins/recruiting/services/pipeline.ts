/**
 * Moving applications through a job's pipeline, without permission checks: the writes,
 * the timeline entry and the event, in one transaction. applications.ts checks who may do
 * what before calling these; screening.ts calls them for automatic actions ("by the
 * system": no actor, `auto: true` in the timeline).
 */
import { and, eq, sql } from 'drizzle-orm';
import { applications, type StageDef } from '../schema.js';
import type { ActivityLog } from './activities.js';
import type { ApplicationRow, JobRow, RecruitingParts } from './types.js';

/** Why an application was rejected (recruiting.rejectReason.<key>); `other` needs a note. */
export const REJECT_REASONS = ['skills', 'experience', 'education', 'salary', 'location', 'availability', 'no_show', 'declined', 'position_filled', 'low_score', 'other'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export function createPipeline(parts: RecruitingParts, deps: { activities: ActivityLog }) {
  const { ctx, db, now } = parts;
  const { activities } = deps;

  /** The position after the last card of a kanban column. */
  const nextPosition = (jobId: number, stage: string): number =>
    db
      .select({ n: sql<number>`coalesce(max(${applications.position}), -1) + 1` })
      .from(applications)
      .where(and(eq(applications.jobId, jobId), eq(applications.stage, stage)))
      .get()!.n;

  /**
   * "面试安排：<job>" to the head of the job's department, who arranges the interview. The
   * candidate's name at most (none on a blind job): never contact details or the résumé.
   */
  const tellDepartmentHead = (app: ApplicationRow, job: JobRow) => {
    const head = ctx.people.departments().find((d) => d.id === job.departmentId)?.managerEmployeeId;
    if (head == null) return;
    // A reference, never the name: the message leaves for a messaging platform and waits in the
    // outbox, where erasing the candidate (PIPL) could not reach it.
    ctx.notify({
      to: [head],
      title: { key: 'recruiting.notify.interview', params: { job: job.title } },
      description: job.blind ? { key: 'recruiting.notify.interview_blind', params: { ref: app.candidateId } } : { key: 'recruiting.notify.interview_detail', params: { ref: app.candidateId } },
      path: `/recruiting/candidates/${app.candidateId}`,
      category: 'recruiting.interview',
    });
  };

  return {
    nextPosition,

    /** Put the application in stage `to` (a rejected one becomes active again), at the end of its column. */
    moveTo(app: ApplicationRow, job: JobRow, to: StageDef, actor: number | null, data: { reason?: string; auto?: boolean } = {}): ApplicationRow {
      return db.transaction(() => {
        const at = now();
        const row = db
          .update(applications)
          .set({ stage: to.key, status: 'active', rejectReason: null, movedAt: at, position: nextPosition(job.id, to.key) })
          .where(eq(applications.id, app.id))
          .returning()
          .get()!;
        activities.record({
          candidateId: app.candidateId,
          applicationId: app.id,
          kind: 'moved',
          actor,
          data: { from: app.stage, to: to.key, ...(app.status !== 'active' ? { reopened: true } : {}), ...(data.reason ? { reason: data.reason } : {}), ...(data.auto ? { auto: true } : {}) },
        });
        ctx.events.emit('recruiting.application.moved', { applicationId: app.id, jobId: job.id, candidateId: app.candidateId, from: app.stage, to: to.key });
        if (to.kind === 'interview' && app.stage !== to.key) tellDepartmentHead(app, job);
        return row;
      });
    },

    /** Reject with a reason key (and a note, required for `other`): status rejected, the stage kept. */
    reject(app: ApplicationRow, reason: RejectReason, note: string, actor: number | null, auto = false): ApplicationRow {
      return db.transaction(() => {
        const row = db
          .update(applications)
          .set({ status: 'rejected', rejectReason: reason, movedAt: now() })
          .where(eq(applications.id, app.id))
          .returning()
          .get()!;
        activities.record({
          candidateId: app.candidateId,
          applicationId: app.id,
          kind: 'rejected',
          actor,
          data: { reason, stage: app.stage, ...(note ? { note } : {}), ...(auto ? { auto: true } : {}) },
        });
        ctx.events.emit('recruiting.application.rejected', { applicationId: app.id, jobId: app.jobId, candidateId: app.candidateId, reason });
        return row;
      });
    },
  };
}

export type Pipeline = ReturnType<typeof createPipeline>;
