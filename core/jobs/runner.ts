/**
 * Scheduled jobs (croner) with a run history in `core_job_runs`.
 *
 * Every run, scheduled or manual, gets a row: 'running' when it starts, then
 * 'ok' / 'failed'. A job never overlaps itself: a tick or a "run now" that finds
 * it still running is recorded as 'skipped' instead of starting a second copy
 * (croner's own `protect` would only cover scheduled ticks, and silently).
 */
import { Cron } from 'croner';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { JobDef, JobRunContext, Jobs } from '../sdk.js';
import { createJobRunStore, type JobRun, type JobTrigger } from './store.js';

export type { JobRun, JobStatus, JobTrigger } from './store.js';

export interface JobRunnerOptions {
  sqlite: Database.Database;
  log: Logger;
  /** IANA time zone the cron expressions are read in, e.g. `Asia/Shanghai`. */
  timezone: string;
}

export interface JobInfo {
  id: string;
  pluginId: string;
  label: string;
  cron: string;
  /** Null while the runner is not started (nothing is scheduled). */
  nextRun: Date | null;
  running: boolean;
  lastRun: JobRun | null;
}

export interface JobRunner {
  add(pluginId: string, def: JobDef): void;
  /** Unschedule and forget a plugin's jobs (plugin switched off); a run in progress finishes. */
  off(pluginId: string): void;
  forPlugin(pluginId: string): Jobs;
  start(): void;
  stop(): Promise<void>;
  runNow(jobId: string): Promise<JobRun>;
  list(): JobInfo[];
  history(jobId?: string, limit?: number, offset?: number): JobRun[];
}

interface Job {
  id: string;
  pluginId: string;
  def: JobDef;
  log: Logger;
  cron: Cron | null;
}

const MAX_TEXT = 2000;

function clip(text: string): string {
  return text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
}

/** The message only: the run history is shown to admins, stacks belong in the log. */
function errorMessage(err: unknown): string {
  try {
    return clip(err instanceof Error ? err.message : String(err));
  } catch {
    return 'unknown error';
  }
}

function summaryOf(result: unknown): string | null {
  if (result && typeof result === 'object' && 'summary' in result) {
    const summary = (result as { summary?: unknown }).summary;
    if (typeof summary === 'string') return clip(summary);
  }
  return null;
}

// Cron expressions in the SDK are 5 or 6 fields; croner's default would also take 7 (years).
const CRON_MODE = '5-or-6-parts' as const;

export function createJobRunner(opts: JobRunnerOptions): JobRunner {
  const { log, timezone } = opts;
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw new Error(`Jobs: unknown time zone "${timezone}"; use an IANA name such as "Asia/Shanghai".`);
  }
  const store = createJobRunStore(opts.sqlite);
  const jobs = new Map<string, Job>();
  // Runs in progress in this process, by job id: the overlap guard, and what stop() waits for.
  const inFlight = new Map<string, { runId: number; promise: Promise<JobRun> }>();
  let started = false;
  let recovered = false;

  function execute(job: Job, trigger: JobTrigger): Promise<JobRun> {
    if (inFlight.has(job.id)) {
      const at = Date.now();
      const id = store.insert(job.id, trigger, 'skipped', at, at);
      job.log.warn({ trigger }, 'job is still running; this run was skipped');
      return Promise.resolve(store.get(id));
    }
    const startedAt = Date.now();
    const runId = store.insert(job.id, trigger, 'running', startedAt, null);
    // Registered before the job's code runs, so even a synchronous re-entry sees it running.
    const entry = { runId, promise: Promise.resolve(null as unknown as JobRun) };
    inFlight.set(job.id, entry);
    entry.promise = (async () => {
      const ctx: JobRunContext = { log: job.log, trigger };
      let summary: string | null = null;
      let error: string | null = null;
      try {
        summary = summaryOf(await job.def.run(ctx));
      } catch (err) {
        error = errorMessage(err);
        job.log.error({ trigger, err: error }, 'job failed');
      }
      const finishedAt = Date.now();
      store.finish(runId, error === null ? 'ok' : 'failed', finishedAt, finishedAt - startedAt, summary, error);
      return store.get(runId);
    })().finally(() => inFlight.delete(job.id));
    return entry.promise;
  }

  function schedule(job: Job): void {
    // unref: the HTTP server keeps the process alive; a pending tick alone should not.
    job.cron = new Cron(job.def.cron, { timezone, mode: CRON_MODE, unref: true }, () => {
      // Not returned to croner: overlap is handled by execute(), and errors must not escape a timer.
      execute(job, 'schedule').catch((err: unknown) => job.log.error({ err: errorMessage(err) }, 'could not record the job run'));
    });
  }

  function add(pluginId: string, def: JobDef): void {
    const id = `${pluginId}.${def.id}`;
    if (!def.id) throw new Error(`Plugin "${pluginId}": a job needs an id.`);
    if (typeof def.run !== 'function') throw new Error(`Job "${id}": run must be a function.`);
    if (jobs.has(id)) throw new Error(`Job "${id}" is already registered; job ids must be unique within a plugin.`);
    let nextRun: Date | null;
    try {
      // A paused instance without a function only parses the pattern; it sets no timer.
      const probe = new Cron(def.cron, { timezone, mode: CRON_MODE, paused: true });
      nextRun = probe.nextRun();
      probe.stop();
    } catch (err) {
      throw new Error(`Job "${id}": invalid cron expression "${def.cron}": ${errorMessage(err)}`);
    }
    if (nextRun === null) throw new Error(`Job "${id}": cron expression "${def.cron}" never fires.`);
    const job: Job = { id, pluginId, def, log: log.child({ job: id }), cron: null };
    jobs.set(id, job);
    // A plugin enabled after startup gets its jobs scheduled straight away.
    if (started) schedule(job);
  }

  return {
    add,
    off(pluginId) {
      for (const [id, job] of jobs) {
        if (job.pluginId !== pluginId) continue;
        job.cron?.stop();
        jobs.delete(id);
      }
    },
    forPlugin(pluginId) {
      return { add: (def) => add(pluginId, def) };
    },
    start() {
      if (started) return;
      started = true;
      if (!recovered) {
        // Done here, not at construction, so a CLI that only builds a runner to call
        // runNow() cannot mark the live server's runs as interrupted.
        recovered = true;
        const keep = [...inFlight.values()].map((e) => e.runId);
        const n = store.failInterrupted(Date.now(), keep);
        if (n > 0) log.warn({ runs: n }, 'marked job runs left running by a previous process as failed');
      }
      for (const job of jobs.values()) schedule(job);
    },
    async stop() {
      started = false;
      for (const job of jobs.values()) {
        job.cron?.stop();
        job.cron = null;
      }
      await Promise.allSettled([...inFlight.values()].map((e) => e.promise));
    },
    runNow(jobId) {
      const job = jobs.get(jobId);
      if (!job) return Promise.reject(new Error(`Unknown job "${jobId}".`));
      try {
        return execute(job, 'manual');
      } catch (err) {
        return Promise.reject(err as Error); // a database error: keep runNow() consistently async
      }
    },
    list() {
      return [...jobs.values()].map((job) => ({
        id: job.id,
        pluginId: job.pluginId,
        label: job.def.label,
        cron: job.def.cron,
        nextRun: job.cron?.nextRun() ?? null,
        running: inFlight.has(job.id),
        lastRun: store.last(job.id),
      }));
    },
    history(jobId, limit = 50, offset = 0) {
      return store.history(jobId, Math.max(1, Math.min(limit, 500)), Math.max(0, offset));
    },
  };
}
