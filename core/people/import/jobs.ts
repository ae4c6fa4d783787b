/**
 * Import jobs: a small in-memory registry keyed by a random id, so an htmx page
 * can poll `GET /people/import/<id>/status` while a large file is read and
 * checked in chunks. Then the commit is one synchronous transaction (seconds for
 * 5,000 rows): progress cannot be reported from inside it without splitting it,
 * and all-or-nothing matters more, so the bar shows "writing" until it ends.
 * Jobs belong to the user who started them and expire after an hour; a restart
 * forgets them (the user uploads again — nothing was written).
 */
import { randomUUID } from 'node:crypto';
import type { HrContext } from '../../sdk.js';
import type { PeopleContext } from '../context.js';
import { analyze, type Analysis, type AnalyzeOptions, type Progress } from './analyze.js';
import { commitImport, ImportRejectedError, type CommitResult } from './commit.js';
import type { RowProblem } from './rows.js';

export type JobState = 'checking' | 'checked' | 'committing' | 'done' | 'failed';

export interface ImportJob {
  id: string;
  userId: number | null;
  fileName: string;
  createdAt: number;
  state: JobState;
  progress: Progress;
  analysis: Analysis | null;
  result: CommitResult | null;
  /** Problems found again at commit time (the directory changed since the check). */
  commitProblems: RowProblem[];
  error: string | null;
}

export interface ImportJobsOptions {
  ttlMs?: number;
  max?: number;
  now?: () => number;
}

export function createPeopleImport(ctx: PeopleContext, options: ImportJobsOptions & Pick<AnalyzeOptions, 'limits' | 'chunkSize'> = {}) {
  const ttl = options.ttlMs ?? 3_600_000;
  const max = options.max ?? 50;
  const now = options.now ?? Date.now;
  const jobs = new Map<string, ImportJob>();

  function prune() {
    for (const [id, j] of jobs) if (now() - j.createdAt > ttl && j.state !== 'checking' && j.state !== 'committing') jobs.delete(id);
    while (jobs.size >= max) jobs.delete(jobs.keys().next().value!);
  }

  const api = {
    /** Start reading and checking; resolves when the dry run is done (the job is pollable meanwhile). */
    start(upload: { name: string; bytes: Uint8Array }, userId: number | null): { job: ImportJob; done: Promise<ImportJob> } {
      prune();
      const job: ImportJob = { id: randomUUID(), userId, fileName: upload.name, createdAt: now(), state: 'checking', progress: { phase: 'reading', done: 0, total: 0 }, analysis: null, result: null, commitProblems: [], error: null };
      jobs.set(job.id, job);
      const done = analyze(ctx, upload, { ...options, onProgress: (p) => (job.progress = p) }).then(
        (a) => {
          const { plan: _plan, ...analysis } = a;
          void _plan;
          job.analysis = analysis;
          job.state = 'checked';
          job.progress = { phase: 'done', done: job.progress.total, total: job.progress.total };
          return job;
        },
        (err: unknown) => {
          job.state = 'failed';
          job.error = err instanceof Error ? err.message : String(err);
          return job;
        },
      );
      return { job, done };
    },

    /** The job, only for the user who started it. */
    get(id: string, userId: number | null): ImportJob | undefined {
      const j = jobs.get(id);
      return j && j.userId === userId ? j : undefined;
    },

    /** Write a checked job's rows: one transaction, re-validated inside. */
    commit(job: ImportJob, c: HrContext | null = null): ImportJob {
      if (job.state !== 'checked' || !job.analysis?.ok) return job;
      job.state = 'committing';
      job.progress = { phase: 'writing', done: 0, total: job.analysis.counts.rows };
      try {
        job.result = commitImport(ctx, job.analysis, c);
        job.state = 'done';
        job.progress = { phase: 'done', done: job.analysis.counts.rows, total: job.analysis.counts.rows };
        // The rows are in the database now; keep the counts, drop the parsed file.
        job.analysis = { ...job.analysis, employees: [], departments: [] };
      } catch (err) {
        job.state = 'failed';
        if (err instanceof ImportRejectedError) job.commitProblems = err.problems;
        else job.error = err instanceof Error ? err.message : String(err);
      }
      return job;
    },

    /** Dry run and commit in one call (scripts, tests): the commit happens only when the check passed. */
    async run(upload: { name: string; bytes: Uint8Array }, c: HrContext | null = null): Promise<ImportJob> {
      const { done } = api.start(upload, c?.get('user')?.id ?? null);
      return api.commit(await done, c);
    },
  };
  return api;
}

export type PeopleImport = ReturnType<typeof createPeopleImport>;
export type { Analysis, CommitResult };
