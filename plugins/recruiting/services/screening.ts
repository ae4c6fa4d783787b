/**
 * Screening applications against their job, offline first.
 *
 * Similarity: with a local embedding model (`ctx.ai.embeddings.available()`), the cosine of
 * the job text (as a query) and the résumé (as a passage), clamped to 0..1, method
 * 'embeddings'; otherwise BM25 of the job text over the job's applicants (domain
 * `bm25Similarity`, relative to the best of the pool), method 'bm25'. A single new
 * application is compared within a pool of the job's most recent applicants (POOL_LIMIT),
 * a batch within all of them; a batch therefore re-levels every stored score.
 *
 * Scoring reads the résumé through `blindText`, as the domain's screening does: a name,
 * age or school can neither add a skill nor move the similarity, and the stored evidence
 * sentences are already blind.
 *
 * Suggestions follow `settings.thresholds`; they are acted on only when an admin turned
 * `settings.autoActions` on, and only for applications still in the first stage: the
 * system then moves or rejects them, and the timeline says it was automatic.
 *
 * A batch (`screenJob`) runs in the background in chunks, yielding to the event loop
 * between chunks so requests keep being served; its row carries done/failed/total for a
 * progress bar. A batch left "running" by a stopped process is marked failed at start.
 */
import { and, desc, eq, ne } from 'drizzle-orm';
import { HttpError, type HrContext } from '../../../core/sdk.js';
import { blindText } from '../domain/blind.js';
import { jobQueryText } from '../domain/requirements.js';
import { SUGGESTION_THRESHOLDS, bm25Similarity, screen } from '../domain/scoring.js';
import type { ResumeProfile, ScreeningResult, Suggestion } from '../domain/types.js';
import { applications, screenBatches } from '../schema.js';
import { actorId, viewerOf } from './access.js';
import type { ActivityLog } from './activities.js';
import type { CandidateService } from './candidates.js';
import type { JobService } from './jobs.js';
import type { Pipeline } from './pipeline.js';
import type { ResumeService } from './resumes.js';
import { nextStage, stageOfKind } from './stages.js';
import type { ApplicationRow, BatchRow, JobRow, RecruitingParts } from './types.js';
import { emptyProfile, type Presenter } from './views.js';

/** Applications screened between two yields to the event loop. */
export const CHUNK = 20;
/** Other applicants a single new application is compared with (BM25 is relative to a pool). */
export const POOL_LIMIT = 150;

export interface BatchView extends BatchRow {
  /** done / total, 0..1 (1 for an empty batch). */
  progress: number;
}

export interface ScreeningDeps {
  jobs: JobService;
  resumes: ResumeService;
  candidates: CandidateService;
  presenter: Presenter;
  activities: ActivityLog;
  pipeline: Pipeline;
}

interface Subject {
  app: ApplicationRow;
  profile: ResumeProfile;
  /** The résumé as scoring reads it (blind). */
  text: string;
}

/** The suggestion under the admin's thresholds (required-skill shares as in the domain). */
export function suggestionFor(result: ScreeningResult, thresholds: { advance: number; reject: number }): Suggestion {
  const yearsMet = result.checks.find((c) => c.kind === 'years')?.met ?? true;
  const share = result.breakdown.mustHave;
  const hasMust = result.checks.some((c) => c.kind === 'skill');
  if (result.score < thresholds.reject || (hasMust && share < SUGGESTION_THRESHOLDS.rejectMustHaveShare)) return 'reject';
  if (result.score >= thresholds.advance && (!hasMust || share >= SUGGESTION_THRESHOLDS.advanceMustHaveShare) && yearsMet) return 'advance';
  return 'hold';
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createScreening(parts: RecruitingParts, deps: ScreeningDeps) {
  const { ctx, db, now, settings } = parts;
  const { jobs, resumes, candidates, presenter, activities, pipeline } = deps;
  const running = new Map<number, Promise<void>>();

  const jobText = (job: JobRow) => jobQueryText(job.description, job.title);

  /** What scoring reads of an application; null when it has no résumé. */
  const subjectOf = (app: ApplicationRow): Subject | null => {
    if (app.resumeId === null) return null;
    const candidate = candidates.find(app.candidateId);
    const resume = resumes.find(app.resumeId);
    const identity = presenter.identityProfile(candidate);
    return { app, profile: candidate.profile ?? emptyProfile(), text: blindText(resumes.text(resume), identity) };
  };

  /** Similarity of each subject to the job, by embeddings when a model is there, else BM25 within the pool. */
  const similarities = async (job: JobRow, subjects: Subject[]): Promise<{ method: 'embeddings' | 'bm25'; values: Map<number, number> }> => {
    if (ctx.ai.embeddings.available()) {
      try {
        const [query] = (await ctx.ai.embeddings.embed([jobText(job)], { kind: 'query' })) ?? [];
        const passages = await ctx.ai.embeddings.embed(
          subjects.map((s) => s.text),
          { kind: 'passage' },
        );
        if (query && passages && passages.length === subjects.length) {
          const values = new Map(subjects.map((s, i) => [s.app.id, Math.min(1, Math.max(0, dot(query, passages[i]!)))]));
          return { method: 'embeddings', values };
        }
      } catch (err) {
        ctx.log.warn({ err }, 'recruiting: embeddings failed, screening with BM25');
      }
    }
    const bm25 = bm25Similarity(
      jobText(job),
      subjects.map((s) => ({ id: String(s.app.id), text: s.text })),
    );
    return { method: 'bm25', values: new Map(subjects.map((s) => [s.app.id, bm25.get(String(s.app.id)) ?? 0])) };
  };

  /** Store a result, then act on the suggestion when the admin allows it. */
  const store = (subject: Subject, job: JobRow, raw: ScreeningResult, actor: number | null): ScreeningResult => {
    const result: ScreeningResult = { ...raw, suggestion: suggestionFor(raw, settings.thresholds) };
    db.transaction(() => {
      const app = db
        .update(applications)
        .set({ score: result.score, screening: result, screenedAt: now() })
        .where(eq(applications.id, subject.app.id))
        .returning()
        .get()!;
      activities.record({
        candidateId: app.candidateId,
        applicationId: app.id,
        kind: 'screened',
        actor,
        data: { score: result.score, suggestion: result.suggestion, method: result.similarityMethod },
      });
      const first = stageOfKind(job.stages, 'applied');
      if (app.status !== 'active' || app.stage !== first.key) return;
      if (result.suggestion === 'advance' && settings.autoActions.advance) {
        const next = nextStage(job.stages, first.key);
        if (next && next.kind !== 'offer' && next.kind !== 'hired') pipeline.moveTo(app, job, next, null, { auto: true, reason: 'screening' });
      } else if (result.suggestion === 'reject' && settings.autoActions.reject) {
        pipeline.reject(app, 'low_score', '', null, true);
      }
    });
    return result;
  };

  const findApp = (id: number): ApplicationRow => {
    const row = Number.isSafeInteger(id) && id > 0 ? db.select().from(applications).where(eq(applications.id, id)).get() : undefined;
    if (!row) throw new HttpError(404, 'recruiting.error.notFound');
    return row;
  };

  const batchView = (row: BatchRow): BatchView => ({ ...row, progress: row.total === 0 ? 1 : Math.round((row.done / row.total) * 1000) / 1000 });

  const findBatch = (id: number): BatchRow => {
    const row = Number.isSafeInteger(id) && id > 0 ? db.select().from(screenBatches).where(eq(screenBatches.id, id)).get() : undefined;
    if (!row) throw new HttpError(404, 'recruiting.error.notFound');
    return row;
  };

  /** The background part of a batch: similarities over the whole pool, then chunks with yields. */
  const runBatch = async (batchId: number, job: JobRow, appIds: number[], actor: number | null): Promise<void> => {
    let done = 0;
    let failed = 0;
    const progress = () => db.update(screenBatches).set({ done, failed }).where(eq(screenBatches.id, batchId)).run();
    try {
      const subjects: Subject[] = [];
      for (const [i, id] of appIds.entries()) {
        try {
          const s = subjectOf(findApp(id));
          if (s) subjects.push(s);
          else failed++;
        } catch (err) {
          ctx.log.warn({ err, applicationId: id }, 'recruiting: could not read an application to screen');
          failed++;
        }
        if (i % CHUNK === CHUNK - 1) await yieldToEventLoop();
      }
      const { method, values } = await similarities(job, subjects);
      for (let i = 0; i < subjects.length; i += CHUNK) {
        for (const s of subjects.slice(i, i + CHUNK)) {
          try {
            store(s, job, screen(s.profile, s.text, job.requirements, values.get(s.app.id) ?? 0, method), actor);
            done++;
          } catch (err) {
            ctx.log.warn({ err, applicationId: s.app.id }, 'recruiting: screening an application failed');
            failed++;
          }
        }
        progress();
        await yieldToEventLoop();
        if (!parts.sqlite.open) return;
      }
      progress();
      const status = failed > 0 && done === 0 ? 'failed' : 'done';
      db.update(screenBatches).set({ status, finishedAt: now() }).where(eq(screenBatches.id, batchId)).run();
    } catch (err) {
      // The database closes under a batch when the server stops: nothing to record then (the next start marks it failed).
      if (!parts.sqlite.open) return;
      ctx.log.error({ err, batchId }, 'recruiting: screening batch failed');
      try {
        db.update(screenBatches).set({ done, failed, status: 'failed', finishedAt: now() }).where(eq(screenBatches.id, batchId)).run();
      } catch (inner) {
        ctx.log.error({ err: inner, batchId }, 'recruiting: could not mark a screening batch failed');
      }
    }
  };

  return {
    /**
     * Screen one application now and store the result (apply calls this right after storing).
     * `actor`: who asked (null: the system).
     */
    async screenApplication(applicationId: number, actor: number | null = null): Promise<ScreeningResult> {
      const app = findApp(applicationId);
      const job = jobs.find(app.jobId);
      const subject = subjectOf(app);
      if (!subject) throw new HttpError(400, 'recruiting.error.noResume');
      const others = db
        .select()
        .from(applications)
        .where(and(eq(applications.jobId, job.id), ne(applications.id, app.id), ne(applications.status, 'withdrawn')))
        .orderBy(desc(applications.appliedAt), desc(applications.id))
        .limit(POOL_LIMIT)
        .all()
        .flatMap((o) => subjectOf(o) ?? []);
      const { method, values } = await similarities(job, [subject, ...others]);
      return store(subject, job, screen(subject.profile, subject.text, job.requirements, values.get(app.id) ?? 0, method), actor);
    },

    /**
     * Start screening every active application of a job in the background; returns the
     * batch at once (the running one when a batch of the job is still going).
     */
    screenJob(c: HrContext | null, jobId: number): BatchView {
      const viewer = viewerOf(c);
      const job = jobs.findFor(viewer, jobId);
      const current = db.select().from(screenBatches).where(and(eq(screenBatches.jobId, job.id), eq(screenBatches.status, 'running'))).get();
      if (current && running.has(current.id)) return batchView(current);
      const appIds = db
        .select({ id: applications.id })
        .from(applications)
        .where(and(eq(applications.jobId, job.id), eq(applications.status, 'active')))
        .orderBy(applications.id)
        .all()
        .map((r) => r.id);
      const batch = db.insert(screenBatches).values({ jobId: job.id, total: appIds.length, startedBy: actorId(viewer), startedAt: now() }).returning().get();
      const work = runBatch(batch.id, job, appIds, actorId(viewer)).finally(() => running.delete(batch.id));
      running.set(batch.id, work);
      return batchView(batch);
    },

    batchStatus(c: HrContext | null, id: number): BatchView {
      const row = findBatch(id);
      jobs.findFor(viewerOf(c), row.jobId);
      return batchView(row);
    },

    /** The newest batch of a job, if any. */
    latestBatch(jobId: number): BatchView | null {
      const row = db.select().from(screenBatches).where(eq(screenBatches.jobId, jobId)).orderBy(desc(screenBatches.id)).get();
      return row ? batchView(row) : null;
    },

    /** Resolves when the batch (or every running batch) has finished: tests and shutdown. */
    async settled(batchId?: number): Promise<void> {
      if (batchId !== undefined) await running.get(batchId);
      else await Promise.all(running.values());
    },

    /** At start: batches a stopped process left running are failed (their rows keep what got done). */
    recoverStale(): number {
      const ids = [...running.keys()];
      const stale = db.select({ id: screenBatches.id }).from(screenBatches).where(eq(screenBatches.status, 'running')).all().filter((r) => !ids.includes(r.id));
      for (const r of stale) db.update(screenBatches).set({ status: 'failed', finishedAt: now() }).where(eq(screenBatches.id, r.id)).run();
      return stale.length;
    },
  };
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length && i < b.length; i++) s += a[i]! * b[i]!;
  return s;
}

export type Screening = ReturnType<typeof createScreening>;
