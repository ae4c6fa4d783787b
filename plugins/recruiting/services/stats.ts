/**
 * Figures for dashboard widgets and reports: the funnel of a job, time to hire, plan
 * completion and which sources bring people who get hired. Counts only — no names.
 */
import { and, eq, gte, sql } from 'drizzle-orm';
import type { HrContext } from '../../../core/sdk.js';
import { applications, jobs, type StageDef } from '../schema.js';
import { viewerOf } from './access.js';
import type { JobService } from './jobs.js';
import type { PlanProgress, PlanService } from './plans.js';
import type { RecruitingParts } from './types.js';

export interface FunnelStage {
  stage: StageDef;
  /** Applications currently in this stage (active, or hired for the hired stage). */
  current: number;
  /** Applications that reached this stage or a later one (whatever happened next). */
  reached: number;
  /** Applications rejected while in this stage. */
  rejected: number;
}

export interface SourceFigures {
  source: string;
  applications: number;
  /** Reached a stage after the last screening stage (an interview or further). */
  advanced: number;
  hired: number;
}

const DAY = 86_400_000;

/** The middle value (mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Index of the first stage past screening: the stage after the last screening or applied one. */
export function advancedFrom(stages: readonly StageDef[]): number {
  let last = 0;
  stages.forEach((s, i) => {
    if (s.kind === 'applied' || s.kind === 'screening') last = i;
  });
  return last + 1;
}

export function createStats(parts: RecruitingParts, deps: { jobs: JobService; plans: PlanService }) {
  const { db, now } = parts;

  return {
    /** The funnel of a job the viewer reaches. */
    funnel(c: HrContext | null, jobId: number): FunnelStage[] {
      const job = deps.jobs.findFor(viewerOf(c), jobId);
      const rows = db
        .select({ stage: applications.stage, status: applications.status, n: sql<number>`count(*)` })
        .from(applications)
        .where(eq(applications.jobId, job.id))
        .groupBy(applications.stage, applications.status)
        .all();
      const index = new Map(job.stages.map((s, i) => [s.key, i]));
      return job.stages.map((stage, i) => ({
        stage,
        current: rows.filter((r) => r.stage === stage.key && (r.status === 'active' || r.status === 'hired')).reduce((a, r) => a + r.n, 0),
        reached: rows.filter((r) => (index.get(r.stage) ?? -1) >= i).reduce((a, r) => a + r.n, 0),
        rejected: rows.filter((r) => r.stage === stage.key && r.status === 'rejected').reduce((a, r) => a + r.n, 0),
      }));
    },

    /** Median days from application to hire over the hires of the last `days` days. */
    timeToHire(days = 90): { hires: number; medianDays: number | null } {
      const since = new Date(now().getTime() - days * DAY);
      const rows = db
        .select({ appliedAt: applications.appliedAt, hiredAt: applications.hiredAt })
        .from(applications)
        .where(and(eq(applications.status, 'hired'), gte(applications.hiredAt, since)))
        .all();
      const spans = rows.filter((r) => r.hiredAt).map((r) => (r.hiredAt!.getTime() - r.appliedAt.getTime()) / DAY);
      const m = median(spans);
      return { hires: spans.length, medianDays: m === null ? null : Math.round(m * 10) / 10 };
    },

    planCompletion(month: string): PlanProgress[] {
      return deps.plans.progress(month);
    },

    /** Per source, applications since `since` (default: the last 365 days), how many advanced past screening, how many were hired. */
    sources(since: Date = new Date(now().getTime() - 365 * DAY)): SourceFigures[] {
      const rows = db
        .select({ source: applications.source, stage: applications.stage, status: applications.status, stages: jobs.stages })
        .from(applications)
        .innerJoin(jobs, eq(jobs.id, applications.jobId))
        .where(gte(applications.appliedAt, since))
        .all();
      const out = new Map<string, SourceFigures>();
      for (const r of rows) {
        const f = out.get(r.source) ?? { source: r.source, applications: 0, advanced: 0, hired: 0 };
        f.applications++;
        const i = r.stages.findIndex((s) => s.key === r.stage);
        if (r.status === 'hired' || i >= advancedFrom(r.stages)) f.advanced++;
        if (r.status === 'hired') f.hired++;
        out.set(r.source, f);
      }
      return [...out.values()].sort((a, b) => b.applications - a.applications || a.source.localeCompare(b.source));
    },
  };
}

export type Stats = ReturnType<typeof createStats>;
