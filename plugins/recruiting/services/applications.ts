/**
 * Applications (投递): the one way in — careers form, HR upload and intake all call
 * `apply` — and the moves through a job's pipeline.
 *
 * apply: job open? → the file checked and read (resumes.ingest: nothing stored on a bad
 * file) → parsed → the candidate found again by mobile or e-mail, or new → already applied
 * to this job? 409, nothing stored → the file written, then ONE transaction: candidate,
 * résumé row, application in the job's first stage, timeline entry, event
 * `recruiting.application.created` (a failure removes the written file) → screened at once
 * (offline; a screening failure leaves the application unscored, never lost).
 *
 * Moves: screeners move between stages and reject (with a reason); only recruiting.manage
 * moves into or out of the offer stage and reopens a rejected application; the hired stage
 * is reached through onboarding's `hire`, which creates the employee.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { HttpError, parseOrThrow, z, type HrContext } from '../../../core/sdk.js';
import { parseResume } from '../domain/parse/index.js';
import { rankCandidates } from '../domain/scoring.js';
import type { ScreeningResult } from '../domain/types.js';
import { applications, type StageDef } from '../schema.js';
import { actorId, canManage, viewerOf, type Viewer } from './access.js';
import type { ActivityLog } from './activities.js';
import { fileStem, mergeIdentity, mergeProfile, resolveIdentity, storedProfile, type TypedIdentity } from './candidates-rules.js';
import type { CandidateService } from './candidates.js';
import type { JobService } from './jobs.js';
import { REJECT_REASONS, type Pipeline, type RejectReason } from './pipeline.js';
import type { ResumeService } from './resumes.js';
import type { Screening } from './screening.js';
import { isDecisionStage, stageByKey, stageOfKind } from './stages.js';
import { pageOf, type ApplicationRow, type JobRow, type Page, type PageInput, type RecruitingParts } from './types.js';
import type { ActivityView, CandidateView, Presenter, ResumeView, ViewMode } from './views.js';
import { assertNotErased } from './erased.js';

const KEYS = { prefix: 'recruiting.', fallbackKey: 'recruiting.error.invalid' };

export interface ApplyInput {
  jobId: number;
  /** An uploaded file… */
  file?: { bytes: Uint8Array; fileName: string } | undefined;
  /** …or a résumé as text (intake). */
  text?: string | undefined;
  /** What the person (or the job board) typed: wins over what the parser finds. */
  candidate?: TypedIdentity | undefined;
  /** careers, manual, referral, or an intake source (boss, liepin…). */
  source: string;
  sourceDetail?: string | undefined;
  /** The privacy notice version the person agreed to (careers form, intake). */
  consentVersion?: string | null | undefined;
  /** Runs inside the storing transaction once the rows exist (intake records its key there). */
  onStored?: ((ids: { candidateId: number; applicationId: number; resumeId: number }) => void) | undefined;
  /** Screen right away (default true). */
  screen?: boolean | undefined;
}

export interface ApplyResult {
  applicationId: number;
  candidateId: number;
  resumeId: number;
  /** False when the person was already a candidate (same mobile or e-mail). */
  newCandidate: boolean;
  screening: ScreeningResult | null;
}

export interface ApplicationView {
  id: number;
  jobId: number;
  candidateId: number;
  stage: string;
  status: ApplicationRow['status'];
  rejectReason: string | null;
  source: string;
  score: number | null;
  screening: ScreeningResult | null;
  screenedAt: Date | null;
  position: number;
  appliedAt: Date;
  movedAt: Date;
  hiredAt: Date | null;
  /** 1-based, when listed by rank (unscreened applications come last). */
  rank: number | null;
  candidate: CandidateView;
}

export interface ApplicationDetail extends ApplicationView {
  job: { id: number; title: string; blind: boolean; status: JobRow['status']; stages: StageDef[] };
  resume: ResumeView | null;
  /** The résumé text as this viewer may read it (blind: through blindText). */
  resumeText: string | null;
  timeline: ActivityView[];
}

export interface ApplicationFilter extends PageInput {
  stage?: string | undefined;
  /** Default: active. */
  status?: ApplicationRow['status'] | 'all' | undefined;
  /** rank (best first; default), position (kanban order), recent (newest first). */
  sort?: 'rank' | 'position' | 'recent' | undefined;
}

export const rejectSchema = z
  .object({ reason: z.enum(REJECT_REASONS), note: z.string().trim().max(2000).default('') })
  .refine((r) => r.reason !== 'other' || r.note !== '', { message: 'recruiting.error.rejectNote', path: ['note'] });
export type RejectInput = z.input<typeof rejectSchema>;

export interface ApplicationDeps {
  jobs: JobService;
  candidates: CandidateService;
  resumes: ResumeService;
  screening: Screening;
  pipeline: Pipeline;
  presenter: Presenter;
  activities: ActivityLog;
}

const isUniqueViolation = (e: unknown) => e instanceof Error && /UNIQUE constraint failed: recruiting_applications/.test(e.message);

export function createApplicationService(parts: RecruitingParts, deps: ApplicationDeps) {
  const { ctx, db, now, today } = parts;
  const { jobs, candidates, resumes, screening, pipeline, presenter, activities } = deps;

  const find = (id: number): ApplicationRow => {
    const row = Number.isSafeInteger(id) && id > 0 ? db.select().from(applications).where(eq(applications.id, id)).get() : undefined;
    if (!row) throw new HttpError(404, 'recruiting.error.notFound');
    return row;
  };

  /** The application and its job when the viewer reaches the job (else 404). */
  const findFor = (viewer: Viewer, id: number): { app: ApplicationRow; job: JobRow } => {
    const app = find(id);
    return { app, job: jobs.findFor(viewer, app.jobId) };
  };

  /** Modes for a job's candidates: blind when the job is, or when another blind job of the viewer holds them. */
  const modesFor = (viewer: Viewer, job: JobRow, candidateIds: number[]): ((id: number) => ViewMode) => {
    if (canManage(viewer)) return () => 'full';
    if (job.blind) return () => 'blind';
    const blind = candidates.blindAmong(viewer, candidateIds);
    return (id) => (blind.has(id) ? 'blind' : 'screener');
  };

  const present = (app: ApplicationRow, mode: ViewMode, rank: number | null): ApplicationView => {
    const candidate = candidates.find(app.candidateId);
    return {
      id: app.id,
      jobId: app.jobId,
      candidateId: app.candidateId,
      stage: app.stage,
      status: app.status,
      rejectReason: app.rejectReason,
      source: app.source,
      score: app.score,
      screening: presenter.screening(app.screening, candidate, mode),
      screenedAt: app.screenedAt,
      position: app.position,
      appliedAt: app.appliedAt,
      movedAt: app.movedAt,
      hiredAt: app.hiredAt,
      rank,
      candidate: presenter.candidate(candidate, mode),
    };
  };

  /** Ranks by screening result (domain rankCandidates); unscreened after, oldest first. */
  const ranked = (rows: ApplicationRow[]): { app: ApplicationRow; rank: number | null }[] => {
    const screened = rows.filter((r) => r.screening !== null);
    const order = rankCandidates(screened.map((r) => ({ id: String(r.id).padStart(12, '0'), result: r.screening!, app: r })));
    const rest = rows.filter((r) => r.screening === null).sort((a, b) => a.appliedAt.getTime() - b.appliedAt.getTime() || a.id - b.id);
    return [...order.map((o) => ({ app: o.candidate.app, rank: o.rank })), ...rest.map((app) => ({ app, rank: null }))];
  };

  /** Applications of a job for `filter`, unpaged (pages and the ranking need the whole column). */
  const rowsOf = (jobId: number, filter: ApplicationFilter): ApplicationRow[] => {
    const where = [eq(applications.jobId, jobId)];
    const status = filter.status ?? 'active';
    if (status !== 'all') where.push(eq(applications.status, status));
    if (filter.stage) where.push(eq(applications.stage, filter.stage));
    return db.select().from(applications).where(and(...where)).orderBy(asc(applications.position), asc(applications.id)).all();
  };

  return {
    find,
    findFor,

    async apply(input: ApplyInput, c: HrContext | null): Promise<ApplyResult> {
      const viewer = viewerOf(c);
      const job = jobs.find(input.jobId);
      if (job.status !== 'open') throw new HttpError(400, 'recruiting.error.jobNotOpen');
      const file = input.file ? await resumes.ingest(input.file.bytes, input.file.fileName) : input.text !== undefined ? resumes.fromText(input.text) : null;
      if (!file) throw new HttpError(400, 'recruiting.error.noResume');
      const parsed = parseResume(file.text, { today: today() });
      const identity = resolveIdentity(input.candidate ?? {}, parsed, fileStem(file.fileName));

      // From here to the commit nothing awaits: no other request can slip in between the checks and the writes.
      const current = jobs.find(job.id);
      if (current.status !== 'open') throw new HttpError(400, 'recruiting.error.jobNotOpen');
      const existing = candidates.findDuplicate(identity.mobile, identity.email);
      if (existing && db.select({ id: applications.id }).from(applications).where(and(eq(applications.jobId, job.id), eq(applications.candidateId, existing.id))).get()) {
        throw new HttpError(409, 'recruiting.error.alreadyApplied');
      }
      const consent = input.consentVersion ? { at: now(), version: input.consentVersion } : { at: null, version: null };
      const stored = resumes.writeFile(file);
      let ids: { candidateId: number; applicationId: number; resumeId: number };
      try {
        ids = db.transaction(() => {
          const candidate = existing
            ? candidates.refresh(existing.id, mergeIdentity(candidates.identityOf(existing), identity, existing.corrected), mergeProfile(existing.profile, parsed, existing.corrected), consent)
            : candidates.insert(identity, { source: input.source, sourceDetail: input.sourceDetail ?? '', profile: storedProfile(parsed), consentAt: consent.at, consentVersion: consent.version });
          const resume = resumes.insert(candidate.id, file, stored);
          const first = stageOfKind(current.stages, 'applied');
          const at = now();
          const app = db
            .insert(applications)
            .values({ jobId: job.id, candidateId: candidate.id, resumeId: resume.id, stage: first.key, source: input.source, position: pipeline.nextPosition(job.id, first.key), appliedAt: at, movedAt: at })
            .returning()
            .get();
          activities.record({ candidateId: candidate.id, applicationId: app.id, kind: 'applied', actor: actorId(viewer), data: { jobId: job.id, source: input.source } });
          ctx.events.emit('recruiting.application.created', { applicationId: app.id, jobId: job.id, candidateId: candidate.id, source: input.source });
          const result = { candidateId: candidate.id, applicationId: app.id, resumeId: resume.id };
          input.onStored?.(result);
          return result;
        });
      } catch (e) {
        resumes.discard(stored);
        if (isUniqueViolation(e)) throw new HttpError(409, 'recruiting.error.alreadyApplied');
        throw e;
      }

      let result: ScreeningResult | null = null;
      if (input.screen !== false) {
        try {
          result = await screening.screenApplication(ids.applicationId);
        } catch (err) {
          ctx.log.warn({ err, applicationId: ids.applicationId }, 'recruiting: screening a new application failed; it stays unscored');
        }
      }
      return { ...ids, newCandidate: !existing, screening: result };
    },

    /**
     * Move to another stage of the job. Screeners: not into or out of the offer stage, not
     * a rejected application. Nobody moves into the hired stage here (onboarding.hire does).
     */
    move(c: HrContext | null, id: number, stageKey: string, options: { reason?: string | undefined } = {}): ApplicationView {
      const viewer = viewerOf(c);
      const { app, job } = findFor(viewer, id);
      assertNotErased(db, app.candidateId);
      const to = stageByKey(job.stages, stageKey);
      if (!to) throw new HttpError(400, 'recruiting.error.unknownStage', { stage: stageKey });
      if (to.kind === 'hired') throw new HttpError(400, 'recruiting.error.useHire');
      const from = stageByKey(job.stages, app.stage);
      const manage = canManage(viewer);
      if (!manage && (isDecisionStage(to) || (from && isDecisionStage(from)))) throw new HttpError(403, 'recruiting.error.decisionStage');
      if (app.status === 'hired' || app.status === 'withdrawn') throw new HttpError(409, 'recruiting.error.notActive', { status: app.status });
      if (app.status === 'rejected' && !manage) throw new HttpError(409, 'recruiting.error.notActive', { status: app.status });
      const reason = options.reason?.trim().slice(0, 2000);
      const row = app.status === 'active' && app.stage === to.key ? app : pipeline.moveTo(app, job, to, actorId(viewer), reason ? { reason } : {});
      return present(row, modesFor(viewer, job, [row.candidateId])(row.candidateId), null);
    },

    /** Reject with a reason from the list (`other` needs a note). */
    reject(c: HrContext | null, id: number, input: RejectInput): ApplicationView {
      const viewer = viewerOf(c);
      const { app, job } = findFor(viewer, id);
      const data = parseOrThrow(rejectSchema, input, KEYS);
      if (app.status !== 'active') throw new HttpError(409, 'recruiting.error.notActive', { status: app.status });
      const stage = stageByKey(job.stages, app.stage);
      if (!canManage(viewer) && stage && isDecisionStage(stage)) throw new HttpError(403, 'recruiting.error.decisionStage');
      const row = pipeline.reject(app, data.reason as RejectReason, data.note, actorId(viewer));
      return present(row, modesFor(viewer, job, [row.candidateId])(row.candidateId), null);
    },

    /** The candidate withdrew (HR records it). */
    withdraw(c: HrContext | null, id: number, note = ''): ApplicationView {
      const viewer = viewerOf(c);
      if (!canManage(viewer)) throw new HttpError(403, 'recruiting.error.forbidden');
      const app = find(id);
      if (app.status !== 'active') throw new HttpError(409, 'recruiting.error.notActive', { status: app.status });
      const row = db.transaction(() => {
        const r = db.update(applications).set({ status: 'withdrawn', movedAt: now() }).where(eq(applications.id, id)).returning().get()!;
        activities.record({ candidateId: app.candidateId, applicationId: id, kind: 'moved', actor: actorId(viewer), data: { from: app.stage, to: app.stage, withdrawn: true, ...(note.trim() ? { note: note.trim().slice(0, 2000) } : {}) } });
        return r;
      });
      return present(row, 'full', null);
    },

    /** A kanban column's new order: `orderedIds` are the column's active applications, top first. */
    reorder(c: HrContext | null, jobId: number, stageKey: string, orderedIds: number[]): void {
      const viewer = viewerOf(c);
      const job = jobs.findFor(viewer, jobId);
      if (!stageByKey(job.stages, stageKey)) throw new HttpError(400, 'recruiting.error.unknownStage', { stage: stageKey });
      const unique = [...new Set(orderedIds)];
      const column = unique.length
        ? db.select({ id: applications.id }).from(applications).where(and(eq(applications.jobId, job.id), eq(applications.stage, stageKey), eq(applications.status, 'active'), inArray(applications.id, unique))).all()
        : [];
      if (column.length !== unique.length) throw new HttpError(400, 'recruiting.error.reorder');
      db.transaction(() => {
        unique.forEach((appId, position) => db.update(applications).set({ position }).where(eq(applications.id, appId)).run());
      });
    },

    /** A job's applications as the viewer may see them (ranked by default). */
    listForJob(c: HrContext | null, jobId: number, filter: ApplicationFilter = {}): Page<ApplicationView> {
      const viewer = viewerOf(c);
      const job = jobs.findFor(viewer, jobId);
      const rows = rowsOf(job.id, filter);
      const sort = filter.sort ?? 'rank';
      const ordered =
        sort === 'rank'
          ? ranked(rows)
          : sort === 'recent'
            ? [...rows].sort((a, b) => b.appliedAt.getTime() - a.appliedAt.getTime() || b.id - a.id).map((app) => ({ app, rank: null }))
            : rows.map((app) => ({ app, rank: null }));
      const { page, pageSize, offset } = pageOf(filter);
      const slice = ordered.slice(offset, offset + pageSize);
      const modes = modesFor(viewer, job, slice.map((s) => s.app.candidateId));
      return { total: rows.length, page, pageSize, items: slice.map((s) => present(s.app, modes(s.app.candidateId), s.rank)) };
    },

    /** The kanban: every stage with its active applications in `position` order. */
    board(c: HrContext | null, jobId: number): { job: JobRow; columns: { stage: StageDef; items: ApplicationView[] }[] } {
      const viewer = viewerOf(c);
      const job = jobs.findFor(viewer, jobId);
      const rows = rowsOf(job.id, { status: 'active' });
      const modes = modesFor(viewer, job, rows.map((r) => r.candidateId));
      return { job, columns: job.stages.map((stage) => ({ stage, items: rows.filter((r) => r.stage === stage.key).map((r) => present(r, modes(r.candidateId), null)) })) };
    },

    /** One application with the candidate, résumé (text as the viewer may read it) and timeline. */
    get(c: HrContext | null, id: number, options: { reveal?: boolean } = {}): ApplicationDetail {
      const viewer = viewerOf(c);
      const { app, job } = findFor(viewer, id);
      const mode = modesFor(viewer, job, [app.candidateId])(app.candidateId);
      const candidate = candidates.find(app.candidateId);
      const resume = app.resumeId === null ? null : resumes.find(app.resumeId);
      const view = present(app, mode, null);
      const read = presenter.reader(candidate, mode);
      if (mode === 'full' && options.reveal && c) view.candidate = presenter.candidate(candidate, mode, { reveal: c });
      return {
        ...view,
        job: { id: job.id, title: job.title, blind: job.blind, status: job.status, stages: job.stages },
        resume: resume ? presenter.resume(resume, mode) : null,
        resumeText: resume ? read(resumes.text(resume)) : null,
        timeline: activities.of(candidate.id, app.id).map((a) => presenter.activity(a, candidate, mode, read)),
      };
    },

    /** Applications of a candidate the viewer reaches (their other jobs). */
    ofCandidate(c: HrContext | null, candidateId: number): ApplicationView[] {
      const viewer = viewerOf(c);
      const candidate = candidates.find(candidateId);
      candidates.modeFor(viewer, candidate);
      return db
        .select()
        .from(applications)
        .where(eq(applications.candidateId, candidateId))
        .orderBy(asc(applications.appliedAt))
        .all()
        .flatMap((app) => {
          try {
            const job = jobs.findFor(viewer, app.jobId);
            return [present(app, modesFor(viewer, job, [candidateId])(candidateId), null)];
          } catch {
            return [];
          }
        });
    },
  };
}

export type ApplicationService = ReturnType<typeof createApplicationService>;
