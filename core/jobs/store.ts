/**
 * SQL of the job run history (`core_job_runs`). Prepared on first use so a
 * runner can be created before the core migrations have run.
 */
import type Database from 'better-sqlite3';

export type JobTrigger = 'schedule' | 'manual';
export type JobStatus = 'running' | 'ok' | 'failed' | 'skipped';

export interface JobRun {
  id: number;
  jobId: string;
  trigger: JobTrigger;
  status: JobStatus;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  summary: string | null;
  error: string | null;
}

interface RunRow {
  id: number;
  jobId: string;
  trigger: JobTrigger;
  status: JobStatus;
  startedAt: number;
  finishedAt: number | null;
  durationMs: number | null;
  summary: string | null;
  error: string | null;
}

const COLUMNS = `id, job_id AS jobId, trigger, status, started_at AS startedAt, finished_at AS finishedAt,
  duration_ms AS durationMs, summary, error`;

function toRun(r: RunRow): JobRun {
  return { ...r, startedAt: new Date(r.startedAt), finishedAt: r.finishedAt === null ? null : new Date(r.finishedAt) };
}

export type JobRunStore = ReturnType<typeof createJobRunStore>;

export function createJobRunStore(sqlite: Database.Database) {
  let cached: ReturnType<typeof prepare> | null = null;
  const s = () => (cached ??= prepare(sqlite));

  return {
    /** Insert a run row; returns its id. */
    insert(jobId: string, trigger: JobTrigger, status: JobStatus, startedAt: number, finishedAt: number | null): number {
      const duration = finishedAt === null ? null : finishedAt - startedAt;
      return Number(s().insert.run(jobId, trigger, status, startedAt, finishedAt, duration).lastInsertRowid);
    },

    finish(id: number, status: 'ok' | 'failed', finishedAt: number, durationMs: number, summary: string | null, error: string | null): void {
      s().finish.run(status, finishedAt, durationMs, summary, error, id);
    },

    /**
     * Rows a dead process left 'running' can never finish: say so instead of showing
     * them running forever. `keepIds` are runs of this process that are really running.
     */
    failInterrupted(now: number, keepIds: number[]): number {
      return s().failInterrupted.run(now, JSON.stringify(keepIds)).changes;
    },

    get(id: number): JobRun {
      const row = s().get.get(id) as RunRow | undefined;
      if (!row) throw new Error(`Job run ${id} vanished from core_job_runs`);
      return toRun(row);
    },

    last(jobId: string): JobRun | null {
      const row = s().last.get(jobId) as RunRow | undefined;
      return row ? toRun(row) : null;
    },

    history(jobId: string | undefined, limit: number, offset: number): JobRun[] {
      const rows = (jobId === undefined ? s().historyAll.all(limit, offset) : s().historyOne.all(jobId, limit, offset)) as RunRow[];
      return rows.map(toRun);
    },
  };
}

function prepare(sqlite: Database.Database) {
  return {
    insert: sqlite.prepare(
      'INSERT INTO core_job_runs (job_id, trigger, status, started_at, finished_at, duration_ms) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    finish: sqlite.prepare('UPDATE core_job_runs SET status = ?, finished_at = ?, duration_ms = ?, summary = ?, error = ? WHERE id = ?'),
    // duration stays null: we do not know when the process died.
    failInterrupted: sqlite.prepare(
      `UPDATE core_job_runs SET status = 'failed', finished_at = ?, error = 'interrupted (server stopped)'
       WHERE status = 'running' AND id NOT IN (SELECT value FROM json_each(?))`,
    ),
    get: sqlite.prepare(`SELECT ${COLUMNS} FROM core_job_runs WHERE id = ?`),
    last: sqlite.prepare(`SELECT ${COLUMNS} FROM core_job_runs WHERE job_id = ? ORDER BY started_at DESC, id DESC LIMIT 1`),
    historyAll: sqlite.prepare(`SELECT ${COLUMNS} FROM core_job_runs ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?`),
    historyOne: sqlite.prepare(
      `SELECT ${COLUMNS} FROM core_job_runs WHERE job_id = ? ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?`,
    ),
  };
}
