/**
 * The monthly recruiting plan (招聘计划): how many hires a month should bring, for the whole
 * company, a department (its sub-departments count too) or one job; and how far each row
 * has come — hires whose `hiredAt` falls in that month in the configured time zone.
 */
import { and, asc, eq, gte, inArray, isNull, lt } from 'drizzle-orm';
import { HttpError, parseOrThrow, todayIn, z, type HrContext } from '../../../core/sdk.js';
import { applications, jobs, plans } from '../schema.js';
import { MANAGE, requirePermission, viewerOf } from './access.js';
import type { PlanRow, RecruitingParts } from './types.js';

const KEYS = { prefix: 'recruiting.', fallbackKey: 'recruiting.error.invalid' };
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const monthSchema = z.string().regex(MONTH, 'recruiting.error.month');

export const planInputSchema = z
  .object({
    month: monthSchema,
    /** At most one of department and job; neither = the whole company. */
    departmentId: z.number().int().positive().nullable().default(null),
    jobId: z.number().int().positive().nullable().default(null),
    target: z.number().int().min(0).max(100_000),
    note: z.string().trim().max(500).default(''),
  })
  .refine((p) => p.departmentId === null || p.jobId === null, { message: 'recruiting.error.planTarget', path: ['jobId'] });
export type PlanInput = z.input<typeof planInputSchema>;

export interface PlanProgress extends PlanRow {
  departmentName: string | null;
  jobTitle: string | null;
  hired: number;
  /** hired / target (0..; above 1 when the plan was beaten); null for a target of 0. */
  completion: number | null;
}

/** `YYYY-MM` of an instant in a time zone. */
export function monthIn(at: Date, timeZone: string): string {
  return todayIn(timeZone, at).slice(0, 7);
}

export function createPlanService(parts: RecruitingParts) {
  const { ctx, db, now } = parts;
  const tz = ctx.config.timezone;

  const find = (id: number): PlanRow => {
    const row = Number.isSafeInteger(id) && id > 0 ? db.select().from(plans).where(eq(plans.id, id)).get() : undefined;
    if (!row) throw new HttpError(404, 'recruiting.error.notFound');
    return row;
  };

  /** Hires of a month: job and department of each. */
  const hiresIn = (month: string): { jobId: number; departmentId: number | null }[] => {
    const [y, m] = month.split('-').map(Number) as [number, number];
    // A day of margin on each side covers every time zone; the exact month is decided below.
    const from = new Date(Date.UTC(y, m - 1, 1) - 86_400_000);
    const to = new Date(Date.UTC(y, m, 1) + 86_400_000);
    return db
      .select({ jobId: applications.jobId, departmentId: jobs.departmentId, hiredAt: applications.hiredAt })
      .from(applications)
      .innerJoin(jobs, eq(jobs.id, applications.jobId))
      .where(and(eq(applications.status, 'hired'), gte(applications.hiredAt, from), lt(applications.hiredAt, to)))
      .all()
      .filter((r) => r.hiredAt && monthIn(r.hiredAt, tz) === month);
  };

  const subtree = (rootId: number): Set<number> => {
    const departments = ctx.people.departments();
    const out = new Set([rootId]);
    // Departments come parents first (a tree listing), but loop until stable to be safe.
    for (let grew = true; grew; ) {
      grew = false;
      for (const d of departments) if (d.parentId !== null && out.has(d.parentId) && !out.has(d.id)) (out.add(d.id), (grew = true));
    }
    return out;
  };

  return {
    /** Set a plan row (the same month and department or job replaces its target). */
    upsert(c: HrContext | null, input: PlanInput): PlanRow {
      requirePermission(viewerOf(c), MANAGE);
      const data = parseOrThrow(planInputSchema, input, KEYS);
      if (data.departmentId !== null && !ctx.people.departments().some((d) => d.id === data.departmentId)) throw new HttpError(400, 'recruiting.error.department', { field: 'departmentId' });
      if (data.jobId !== null && !db.select({ id: jobs.id }).from(jobs).where(eq(jobs.id, data.jobId)).get()) throw new HttpError(400, 'recruiting.error.job', { field: 'jobId' });
      // NULLs are distinct in a unique index, so the row is found by hand (in the write's transaction).
      const row = db.transaction((tx) => {
        const same = tx
          .select()
          .from(plans)
          .where(
            and(
              eq(plans.month, data.month),
              data.departmentId === null ? isNull(plans.departmentId) : eq(plans.departmentId, data.departmentId),
              data.jobId === null ? isNull(plans.jobId) : eq(plans.jobId, data.jobId),
            ),
          )
          .get();
        if (same) return tx.update(plans).set({ target: data.target, note: data.note }).where(eq(plans.id, same.id)).returning().get()!;
        return tx.insert(plans).values({ ...data, createdAt: now() }).returning().get();
      });
      ctx.audit(c, { action: 'recruiting.plan.save', entity: 'recruiting_plans', entityId: row.id, after: data });
      return row;
    },

    remove(c: HrContext | null, id: number): void {
      requirePermission(viewerOf(c), MANAGE);
      find(id);
      db.delete(plans).where(eq(plans.id, id)).run();
      ctx.audit(c, { action: 'recruiting.plan.delete', entity: 'recruiting_plans', entityId: id });
    },

    /** A month's plan rows with their hires so far: the company row first, then departments, then jobs. */
    progress(month: string): PlanProgress[] {
      if (!MONTH.test(month)) throw new HttpError(400, 'recruiting.error.month', { field: 'month' });
      const rows = db.select().from(plans).where(eq(plans.month, month)).orderBy(asc(plans.jobId), asc(plans.departmentId), asc(plans.id)).all();
      // The dashboard asks on every visit; most months have no plan.
      if (rows.length === 0) return [];
      const hires = hiresIn(month);
      const departments = new Map(ctx.people.departments().map((d) => [d.id, d.path]));
      const jobIds = rows.flatMap((r) => (r.jobId === null ? [] : [r.jobId]));
      const titles = new Map(jobIds.length ? db.select({ id: jobs.id, title: jobs.title }).from(jobs).where(inArray(jobs.id, jobIds)).all().map((j) => [j.id, j.title]) : []);
      const rank = (r: PlanRow) => (r.jobId !== null ? 2 : r.departmentId !== null ? 1 : 0);
      return rows
        .sort((a, b) => rank(a) - rank(b) || a.id - b.id)
        .map((r) => {
          let hired: number;
          if (r.jobId !== null) hired = hires.filter((h) => h.jobId === r.jobId).length;
          else if (r.departmentId !== null) {
            const within = subtree(r.departmentId);
            hired = hires.filter((h) => h.departmentId !== null && within.has(h.departmentId)).length;
          } else hired = hires.length;
          return {
            ...r,
            departmentName: r.departmentId === null ? null : (departments.get(r.departmentId) ?? null),
            jobTitle: r.jobId === null ? null : (titles.get(r.jobId) ?? null),
            hired,
            completion: r.target > 0 ? Math.round((hired / r.target) * 1000) / 1000 : null,
          };
        });
    },
  };
}

export type PlanService = ReturnType<typeof createPlanService>;
