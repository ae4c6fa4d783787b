/**
 * Headcount requisitions (招聘需求): a department asks for people, someone holding
 * `recruiting.approve` who is not the requester approves or rejects with a comment, and an
 * approved requisition becomes a job (prefilled, linked). Holders of `recruiting.requisition`
 * below scope `all` request for, and see, the departments they reach (their own and those
 * they head); approvers and HR see every requisition.
 */
import { and, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { HttpError, parseOrThrow, z, type HrContext } from '../../../core/sdk.js';
import { REQUISITION_STATUSES, jobs, requisitions } from '../schema.js';
import { APPROVE, MANAGE, REQUISITION, actorId, has, reachableDepartments, requirePermission, scopeOf, viewerOf, type Viewer } from './access.js';
import type { JobCreateInput, JobService, JobView } from './jobs.js';
import type { RecruitingParts, RequisitionRow } from './types.js';

const KEYS = { prefix: 'recruiting.', fallbackKey: 'recruiting.error.invalid' };
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const requisitionInputSchema = z.object({
  departmentId: z.number().int().positive(),
  title: z.string().trim().min(1, 'recruiting.error.title').max(100, 'recruiting.error.title'),
  headcount: z.number().int().min(1).max(10_000),
  reason: z.string().trim().max(2000).default(''),
  /** The month by which the people are needed. */
  neededBy: z.string().regex(MONTH, 'recruiting.error.month').nullable().default(null),
});
export type RequisitionInput = z.input<typeof requisitionInputSchema>;

export type RequisitionStatus = (typeof REQUISITION_STATUSES)[number];

export interface RequisitionView extends RequisitionRow {
  departmentName: string | null;
  /** The job made from it, if any. */
  jobId: number | null;
}

export function createRequisitionService(parts: RecruitingParts, jobService: JobService) {
  const { ctx, db, now } = parts;

  /** 'all', or the departments the viewer requests for and sees. */
  const reach = (viewer: Viewer): 'all' | Set<number> => {
    if (has(viewer, MANAGE) || has(viewer, APPROVE) || scopeOf(viewer, REQUISITION) === 'all') return 'all';
    return viewer.user ? reachableDepartments(ctx, viewer.user) : new Set();
  };

  const find = (id: number): RequisitionRow => {
    const row = Number.isSafeInteger(id) && id > 0 ? db.select().from(requisitions).where(eq(requisitions.id, id)).get() : undefined;
    if (!row) throw new HttpError(404, 'recruiting.error.notFound');
    return row;
  };

  /** Found and visible: the requester, or someone reaching its department. */
  const findFor = (viewer: Viewer, id: number): RequisitionRow => {
    const row = find(id);
    const r = reach(viewer);
    if (r !== 'all' && !r.has(row.departmentId) && row.requestedBy !== viewer.user?.id) throw new HttpError(404, 'recruiting.error.notFound');
    return row;
  };

  const view = (rows: RequisitionRow[]): RequisitionView[] => {
    const names = new Map(ctx.people.departments().map((d) => [d.id, d.path]));
    const ids = rows.map((r) => r.id);
    const linked = new Map(
      ids.length
        ? db.select({ id: jobs.id, requisitionId: jobs.requisitionId }).from(jobs).where(inArray(jobs.requisitionId, ids)).all().map((j) => [j.requisitionId!, j.id] as const)
        : [],
    );
    return rows.map((r) => ({ ...r, departmentName: names.get(r.departmentId) ?? null, jobId: linked.get(r.id) ?? null }));
  };

  const decide = (c: HrContext | null, id: number, status: 'approved' | 'rejected', comment: string): RequisitionView => {
    const viewer = viewerOf(c);
    requirePermission(viewer, APPROVE);
    const row = find(id);
    // Separation of duties: nobody approves their own request.
    if (viewer.user && row.requestedBy === viewer.user.id) throw new HttpError(403, 'recruiting.error.ownRequisition');
    if (row.status !== 'pending') throw new HttpError(409, 'recruiting.error.requisitionStatus', { status: row.status });
    const text = comment.trim().slice(0, 2000);
    if (status === 'rejected' && !text) throw new HttpError(400, 'recruiting.error.commentRequired', { field: 'comment' });
    const updated = db
      .update(requisitions)
      .set({ status, decidedBy: actorId(viewer), decidedAt: now(), decisionComment: text || null })
      .where(and(eq(requisitions.id, id), eq(requisitions.status, 'pending')))
      .returning()
      .get();
    if (!updated) throw new HttpError(409, 'recruiting.error.requisitionStatus', { status: find(id).status });
    ctx.audit(c, { action: `recruiting.requisition.${status}`, entity: 'recruiting_requisitions', entityId: id, after: { comment: text } });
    return view([updated])[0]!;
  };

  /** What the job form starts from for an approved requisition. */
  const jobDraft = (id: number): JobCreateInput => {
    const row = find(id);
    return { title: row.title, departmentId: row.departmentId, headcount: row.headcount, requisitionId: row.id, description: '' };
  };

  return {
    find,

    request(c: HrContext | null, input: RequisitionInput): RequisitionView {
      const viewer = viewerOf(c);
      requirePermission(viewer, REQUISITION);
      const data = parseOrThrow(requisitionInputSchema, input, KEYS);
      if (!ctx.people.departments().some((d) => d.id === data.departmentId)) throw new HttpError(400, 'recruiting.error.department', { field: 'departmentId' });
      const r = reach(viewer);
      if (r !== 'all' && !r.has(data.departmentId)) throw new HttpError(403, 'recruiting.error.otherDepartment');
      if (!viewer.user) throw new HttpError(403, 'recruiting.error.forbidden');
      const row = db
        .insert(requisitions)
        .values({ ...data, requestedBy: viewer.user.id, createdAt: now() })
        .returning()
        .get();
      ctx.audit(c, { action: 'recruiting.requisition.request', entity: 'recruiting_requisitions', entityId: row.id, after: data });
      return view([row])[0]!;
    },

    approve: (c: HrContext | null, id: number, comment = '') => decide(c, id, 'approved', comment),
    /** A rejection says why. */
    reject: (c: HrContext | null, id: number, comment: string) => decide(c, id, 'rejected', comment),

    /** The requester (or HR) withdraws a pending request. */
    cancel(c: HrContext | null, id: number): RequisitionView {
      const viewer = viewerOf(c);
      const row = findFor(viewer, id);
      if (!has(viewer, MANAGE) && row.requestedBy !== viewer.user?.id) throw new HttpError(403, 'recruiting.error.forbidden');
      if (row.status !== 'pending') throw new HttpError(409, 'recruiting.error.requisitionStatus', { status: row.status });
      const updated = db.update(requisitions).set({ status: 'cancelled', decidedBy: actorId(viewer), decidedAt: now() }).where(eq(requisitions.id, id)).returning().get()!;
      ctx.audit(c, { action: 'recruiting.requisition.cancel', entity: 'recruiting_requisitions', entityId: id });
      return view([updated])[0]!;
    },

    get(c: HrContext | null, id: number): RequisitionView {
      return view([findFor(viewerOf(c), id)])[0]!;
    },

    /** Newest first; what the viewer may see (their departments and their own requests). */
    list(c: HrContext | null, filter: { status?: RequisitionStatus | undefined; departmentId?: number | undefined } = {}): RequisitionView[] {
      const viewer = viewerOf(c);
      const r = reach(viewer);
      const where: SQL[] = [];
      if (r !== 'all') {
        const mine = eq(requisitions.requestedBy, viewer.user?.id ?? -1);
        where.push(r.size ? or(inArray(requisitions.departmentId, [...r]), mine)! : mine);
      }
      if (filter.status) where.push(eq(requisitions.status, filter.status));
      if (filter.departmentId) where.push(eq(requisitions.departmentId, filter.departmentId));
      const rows = db
        .select()
        .from(requisitions)
        .where(where.length ? and(...where) : sql`1 = 1`)
        .orderBy(desc(requisitions.createdAt), desc(requisitions.id))
        .limit(500)
        .all();
      return view(rows);
    },

    jobDraft,

    /** Make the job of an approved requisition (once): the draft overridden by what HR filled in. */
    createJob(c: HrContext | null, id: number, overrides: Partial<JobCreateInput> = {}): JobView {
      requirePermission(viewerOf(c), MANAGE);
      const row = find(id);
      if (row.status !== 'approved') throw new HttpError(409, 'recruiting.error.requisitionStatus', { status: row.status });
      if (db.select({ id: jobs.id }).from(jobs).where(eq(jobs.requisitionId, id)).get()) throw new HttpError(409, 'recruiting.error.requisitionUsed');
      return jobService.create(c, { ...jobDraft(id), ...overrides, requisitionId: id });
    },
  };
}

export type RequisitionService = ReturnType<typeof createRequisitionService>;
