/**
 * Job openings (职位): create and edit (requirements extracted from the pasted description
 * when HR gives none; HR's edits normalized), the pipeline per job, open → paused → closed
 * (closing keeps active applications where they are), lists for HR and screeners and the
 * careers page's list of open jobs.
 */
import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { HttpError, parseOrThrow, z, type HrContext } from '../../../core/sdk.js';
import { extractRequirements, normalizeRequirements, requirementsInputSchema } from '../domain/requirements.js';
import type { JobRequirements } from '../domain/types.js';
import { applications, jobs, type StageDef } from '../schema.js';
import { MANAGE, jobReach, reaches, requirePermission, viewerOf, actorId, type Viewer } from './access.js';
import { DEFAULT_STAGES, normalizeStages, stageInputSchema } from './stages.js';
import { contains, pageOf, type JobRow, type Page, type PageInput, type RecruitingParts } from './types.js';

export const EMPLOYMENT_TYPES = ['full_time', 'part_time', 'intern', 'contract'] as const;
export type JobStatus = JobRow['status'];

const KEYS = { prefix: 'recruiting.', fallbackKey: 'recruiting.error.invalid' };
/** Monthly yuan. */
const salary = z.number().int().min(0).max(10_000_000).nullable();

const jobFields = {
  title: z.string().trim().min(1, 'recruiting.error.title').max(100, 'recruiting.error.title'),
  departmentId: z.number().int().positive().nullable(),
  location: z.string().trim().max(100),
  employmentType: z.enum(EMPLOYMENT_TYPES),
  headcount: z.number().int().min(1).max(10_000),
  description: z.string().max(20_000),
  /** Absent on create: extracted from the description. */
  requirements: requirementsInputSchema,
  salaryMin: salary,
  salaryMax: salary,
  blind: z.boolean(),
  stages: z.array(stageInputSchema).max(20),
};

export const jobCreateSchema = z.object({
  ...jobFields,
  departmentId: jobFields.departmentId.default(null),
  location: jobFields.location.default(''),
  employmentType: jobFields.employmentType.default('full_time'),
  headcount: jobFields.headcount.default(1),
  description: jobFields.description.default(''),
  requirements: jobFields.requirements.optional(),
  salaryMin: salary.default(null),
  salaryMax: salary.default(null),
  blind: jobFields.blind.optional(),
  stages: jobFields.stages.optional(),
  requisitionId: z.number().int().positive().nullable().default(null),
});
export type JobCreateInput = z.input<typeof jobCreateSchema>;

export const jobUpdateSchema = z.object(jobFields).partial();
export type JobUpdateInput = z.input<typeof jobUpdateSchema>;

export interface JobCounts {
  /** Applications still in the pipeline. */
  active: number;
  total: number;
  hired: number;
}

export interface JobView extends Omit<JobRow, 'createdBy'> {
  departmentName: string | null;
  counts: JobCounts;
}

/** What the careers page shows of an open job: no requirements, no pipeline. */
export interface PublicJob {
  id: number;
  title: string;
  departmentName: string | null;
  location: string;
  employmentType: JobRow['employmentType'];
  headcount: number;
  description: string;
  salaryMin: number | null;
  salaryMax: number | null;
  openedAt: Date | null;
}

export interface JobListFilter extends PageInput {
  status?: JobStatus | undefined;
  departmentId?: number | undefined;
  /** Part of the title or location. */
  q?: string | undefined;
}

/** Which status a job may go to from which. */
const TRANSITIONS: Record<'open' | 'paused' | 'closed', readonly JobStatus[]> = {
  open: ['draft', 'paused', 'closed'],
  paused: ['open'],
  closed: ['draft', 'open', 'paused'],
};

const checkSalary = (min: number | null, max: number | null) => {
  if (min !== null && max !== null && min > max) throw new HttpError(400, 'recruiting.error.salaryRange', { field: 'salaryMax' });
};

export function createJobService(parts: RecruitingParts) {
  const { ctx, db, now, settings } = parts;

  const departmentNames = () => new Map(ctx.people.departments().map((d) => [d.id, d.path]));
  const checkDepartment = (id: number | null) => {
    if (id !== null && !ctx.people.departments().some((d) => d.id === id)) throw new HttpError(400, 'recruiting.error.department', { field: 'departmentId' });
  };

  /** The row, or 404 (also for ids that are not ids). */
  const find = (id: number): JobRow => {
    const row = Number.isSafeInteger(id) && id > 0 ? db.select().from(jobs).where(eq(jobs.id, id)).get() : undefined;
    if (!row) throw new HttpError(404, 'recruiting.error.notFound');
    return row;
  };

  /** The row when the viewer reaches its department (screeners: their departments), else 404. */
  const findFor = (viewer: Viewer, id: number): JobRow => {
    const job = find(id);
    if (!reaches(jobReach(ctx, viewer), job.departmentId)) throw new HttpError(404, 'recruiting.error.notFound');
    return job;
  };

  /** Applications per stage key of a job (any status: a rejected one still sits in its stage). */
  const stageCounts = (jobId: number): Map<string, number> =>
    new Map(
      db
        .select({ stage: applications.stage, n: sql<number>`count(*)` })
        .from(applications)
        .where(eq(applications.jobId, jobId))
        .groupBy(applications.stage)
        .all()
        .map((r) => [r.stage, r.n]),
    );

  const counts = (ids: number[]): Map<number, JobCounts> => {
    const out = new Map<number, JobCounts>(ids.map((id) => [id, { active: 0, total: 0, hired: 0 }]));
    if (!ids.length) return out;
    const rows = db
      .select({ jobId: applications.jobId, status: applications.status, n: sql<number>`count(*)` })
      .from(applications)
      .where(inArray(applications.jobId, ids))
      .groupBy(applications.jobId, applications.status)
      .all();
    for (const r of rows) {
      const c = out.get(r.jobId)!;
      c.total += r.n;
      if (r.status === 'active') c.active += r.n;
      if (r.status === 'hired') c.hired += r.n;
    }
    return out;
  };

  const view = (rows: JobRow[]): JobView[] => {
    const names = departmentNames();
    const n = counts(rows.map((r) => r.id));
    return rows.map(({ createdBy: _createdBy, ...r }) => ({ ...r, departmentName: r.departmentId === null ? null : (names.get(r.departmentId) ?? null), counts: n.get(r.id)! }));
  };

  const requirementsFrom = (input: z.output<typeof jobFields.requirements> | undefined, description: string): JobRequirements => {
    if (input) return normalizeRequirements(input);
    const { title: _title, ...extracted } = extractRequirements(description);
    return extracted;
  };

  /** Open jobs for the careers page, oldest opening first within a department. */
  const listOpen = (): PublicJob[] => {
    const names = departmentNames();
    return db
      .select()
      .from(jobs)
      .where(eq(jobs.status, 'open'))
      .orderBy(asc(jobs.departmentId), desc(jobs.openedAt), asc(jobs.id))
      .all()
      .map((j) => ({
        id: j.id,
        title: j.title,
        departmentName: j.departmentId === null ? null : (names.get(j.departmentId) ?? null),
        location: j.location,
        employmentType: j.employmentType,
        headcount: j.headcount,
        description: j.description,
        salaryMin: j.salaryMin,
        salaryMax: j.salaryMax,
        openedAt: j.openedAt,
      }));
  };

  return {
    find,
    findFor,
    stageCounts,

    create(c: HrContext | null, input: JobCreateInput): JobView {
      const viewer = viewerOf(c);
      requirePermission(viewer, MANAGE);
      const data = parseOrThrow(jobCreateSchema, input, KEYS);
      checkSalary(data.salaryMin, data.salaryMax);
      checkDepartment(data.departmentId);
      const stages: StageDef[] = data.stages ? normalizeStages(data.stages, null) : DEFAULT_STAGES.map((s) => ({ ...s }));
      const at = now();
      const row = db
        .insert(jobs)
        .values({
          requisitionId: data.requisitionId,
          title: data.title,
          departmentId: data.departmentId,
          location: data.location,
          employmentType: data.employmentType,
          headcount: data.headcount,
          description: data.description,
          requirements: requirementsFrom(data.requirements, data.description),
          salaryMin: data.salaryMin,
          salaryMax: data.salaryMax,
          blind: data.blind ?? settings.blindByDefault,
          stages,
          createdBy: actorId(viewer),
          createdAt: at,
          updatedAt: at,
        })
        .returning()
        .get();
      ctx.audit(c, { action: 'recruiting.job.create', entity: 'recruiting_jobs', entityId: row.id, after: { title: row.title, departmentId: row.departmentId, blind: row.blind } });
      return view([row])[0]!;
    },

    /** Change the fields present. Requirements stay as they are unless given (HR may have adjusted them). */
    update(c: HrContext | null, id: number, input: JobUpdateInput): JobView {
      requirePermission(viewerOf(c), MANAGE);
      const job = find(id);
      const data = parseOrThrow(jobUpdateSchema, input, KEYS);
      checkSalary(data.salaryMin !== undefined ? data.salaryMin : job.salaryMin, data.salaryMax !== undefined ? data.salaryMax : job.salaryMax);
      if (data.departmentId !== undefined) checkDepartment(data.departmentId);
      const { requirements, stages, ...plain } = data;
      const set: Partial<JobRow> = { ...plain, updatedAt: now() };
      if (requirements) set.requirements = normalizeRequirements(requirements);
      const row = db.transaction(() => {
        // Counted inside the transaction, so an application arriving meanwhile cannot lose its stage.
        if (stages) set.stages = normalizeStages(stages, job.stages, stageCounts(job.id));
        return db.update(jobs).set(set).where(eq(jobs.id, job.id)).returning().get()!;
      });
      ctx.audit(c, { action: 'recruiting.job.update', entity: 'recruiting_jobs', entityId: job.id, after: { fields: Object.keys(data) } });
      return view([row])[0]!;
    },

    /** open / paused / closed. Closing leaves active applications in the pipeline. */
    setStatus(c: HrContext | null, id: number, status: 'open' | 'paused' | 'closed'): JobView {
      requirePermission(viewerOf(c), MANAGE);
      const job = find(id);
      if (!TRANSITIONS[status].includes(job.status)) throw new HttpError(409, 'recruiting.error.jobStatus', { status: job.status });
      const at = now();
      const set: Partial<JobRow> = { status, updatedAt: at };
      if (status === 'open') {
        set.openedAt = job.openedAt ?? at;
        set.closedAt = null;
      }
      if (status === 'closed') set.closedAt = at;
      const row = db.update(jobs).set(set).where(eq(jobs.id, job.id)).returning().get()!;
      ctx.audit(c, { action: `recruiting.job.${status}`, entity: 'recruiting_jobs', entityId: job.id, before: { status: job.status }, after: { status } });
      return view([row])[0]!;
    },

    get(c: HrContext | null, id: number): JobView {
      return view([findFor(viewerOf(c), id)])[0]!;
    },

    /** Jobs the viewer reaches, newest first. */
    list(c: HrContext | null, filter: JobListFilter = {}): Page<JobView> {
      const reach = jobReach(ctx, viewerOf(c));
      const { page, pageSize, offset } = pageOf(filter);
      const where: SQL[] = [];
      if (reach !== 'all') where.push(reach.size ? inArray(jobs.departmentId, [...reach]) : sql`0 = 1`);
      if (filter.status) where.push(eq(jobs.status, filter.status));
      if (filter.departmentId) where.push(eq(jobs.departmentId, filter.departmentId));
      const q = filter.q?.trim();
      if (q) where.push(or(contains(jobs.title, q), contains(jobs.location, q))!);
      const cond = where.length ? and(...where) : undefined;
      const total = db.select({ n: sql<number>`count(*)` }).from(jobs).where(cond).get()!.n;
      const rows = db.select().from(jobs).where(cond).orderBy(desc(jobs.createdAt), desc(jobs.id)).limit(pageSize).offset(offset).all();
      return { total, page, pageSize, items: view(rows) };
    },

    listOpen,

    /** An open job for the careers page, or 404 (drafts, paused and closed jobs are not public). */
    getOpen(id: number): PublicJob {
      const job = listOpen().find((j) => j.id === id);
      if (!job) throw new HttpError(404, 'recruiting.error.notFound');
      return job;
    },

    /** Requirements (and a title when the text has one) from a pasted description, for HR to adjust. */
    extractRequirements(text: string): JobRequirements & { title?: string } {
      return extractRequirements(text);
    },
  };
}

export type JobService = ReturnType<typeof createJobService>;
