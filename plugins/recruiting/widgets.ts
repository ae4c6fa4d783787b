/**
 * Dashboard cards: the funnel of each open job (for whoever screens: only the jobs they
 * reach), and for HR the median time to hire, this month's plan completion and which
 * sources bring people who advance and get hired. Counts only, never a candidate's name.
 */
import type { HrContext, PluginContext, Translate } from '../../core/sdk.js';
import type { StageDef } from './schema.js';
import type { Recruiting } from './services/index.js';
import type { PlanProgress } from './services/plans.js';
import { stageLabel } from './services/stages.js';
import type { FunnelStage, SourceFigures } from './services/stats.js';
import type { RecruitingSettings } from './settings.js';

/** Open jobs shown on the funnel card; the rest are one click away. */
export const FUNNEL_JOBS = 4;
/** Hires of the last this many days make the median time to hire. */
export const TIME_TO_HIRE_DAYS = 90;
export const SOURCE_ROWS = 6;
export const PLAN_ROWS = 6;

export interface FunnelStep {
  key: string;
  label: string;
  /** Applications that reached this stage or a later one. */
  reached: number;
  /** Share of all applications that reached it (whole percent), null when there are none. */
  percent: number | null;
}

const percentOf = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 100) : null);

/** A job's funnel as the card shows it: every stage with how many got that far and the share of all applicants. */
export function funnelSteps(stages: readonly FunnelStage[], t: Translate): FunnelStep[] {
  const total = stages[0]?.reached ?? 0;
  return stages.map((s) => ({ key: s.stage.key, label: stageLabel(s.stage as StageDef, t), reached: s.reached, percent: percentOf(s.reached, total) }));
}

export interface SourceRow extends SourceFigures {
  label: string;
  advancedPercent: number | null;
  hiredPercent: number | null;
}

/** A source's name: the translated one for known sources (careers page, referral, job boards), else as the job board sent it. */
export function sourceLabel(source: string, t: Translate): string {
  const key = `recruiting.source.${source}`;
  const label = t(key);
  return label === key ? source : label;
}

/** Sources with their rates; the busiest first (as the service orders them), at most `limit`. */
export function sourceRows(figures: readonly SourceFigures[], t: Translate, limit = SOURCE_ROWS): SourceRow[] {
  return figures.slice(0, limit).map((f) => ({
    ...f,
    label: sourceLabel(f.source, t),
    advancedPercent: percentOf(f.advanced, f.applications),
    hiredPercent: percentOf(f.hired, f.applications),
  }));
}

export interface PlanRow {
  label: string;
  hired: number;
  target: number;
  /** Whole percent (above 100 when the plan was beaten); null for a target of 0. */
  percent: number | null;
  /** 0..1 for the <meter>. */
  meter: number;
}

/** Plan rows as the card shows them: the company, then departments, then jobs (the service's order). */
export function planRows(progress: readonly PlanProgress[], t: Translate, limit = PLAN_ROWS): PlanRow[] {
  return progress.slice(0, limit).map((p) => ({
    label: p.jobTitle ?? p.departmentName ?? t('recruiting.widget.planCompany'),
    hired: p.hired,
    target: p.target,
    percent: p.completion === null ? null : Math.round(p.completion * 100),
    meter: p.completion === null ? 0 : Math.min(1, p.completion),
  }));
}

export function registerWidgets(ctx: PluginContext<RecruitingSettings>, r: Recruiting): void {
  const month = () => r.parts.today().slice(0, 7);

  ctx.widgets.add({
    id: 'funnel',
    title: 'recruiting.widget.funnel',
    permission: 'recruiting.screen',
    order: 45,
    render: (c: HrContext) => {
      const t = c.get('t');
      // The busiest open jobs first: where the screening work is.
      const open = r.jobs.list(c, { status: 'open', pageSize: 200 }).items.sort((a, b) => b.counts.active - a.counts.active);
      const jobs = open.slice(0, FUNNEL_JOBS).map((job) => ({ id: job.id, title: job.title, departmentName: job.departmentName, steps: funnelSteps(r.stats.funnel(c, job.id), t) }));
      return ctx.renderView(c, 'widget-funnel', { jobs, more: open.length - jobs.length });
    },
  });

  ctx.widgets.add({
    id: 'time-to-hire',
    title: 'recruiting.widget.timeToHire',
    permission: 'recruiting.manage',
    order: 46,
    render: (c) => ctx.renderView(c, 'widget-time-to-hire', { ...r.stats.timeToHire(TIME_TO_HIRE_DAYS), days: TIME_TO_HIRE_DAYS }),
  });

  ctx.widgets.add({
    id: 'plan',
    title: 'recruiting.widget.plan',
    permission: 'recruiting.manage',
    order: 47,
    render: (c) => {
      const progress = r.stats.planCompletion(month());
      return ctx.renderView(c, 'widget-plan', { month: month(), rows: planRows(progress, c.get('t')), more: Math.max(0, progress.length - PLAN_ROWS) });
    },
  });

  ctx.widgets.add({
    id: 'sources',
    title: 'recruiting.widget.sources',
    permission: 'recruiting.manage',
    order: 48,
    render: (c) => ctx.renderView(c, 'widget-sources', { rows: sourceRows(r.stats.sources(), c.get('t')) }),
  });
}
