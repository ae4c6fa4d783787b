/**
 * What the pipeline and candidate pages show, computed from the services' results (which
 * already went through the presenter, services/views.ts): cards of the kanban, the
 * explanation of a score, which moves a viewer is offered. Pure: no database, no request;
 * the views only print what these return.
 *
 * The move rules here mirror applications.move/reject so the pages never offer what the
 * service would refuse (screeners see no offer/hired options); the service still decides.
 */
import type { Translate } from '../../../core/sdk.js';
import { WEIGHTS } from '../domain/scoring.js';
import type { RequirementCheck, ScoreBreakdown, ScreeningResult, Suggestion } from '../domain/types.js';
import type { StageDef } from '../schema.js';
import type { ApplicationView } from '../services/applications.js';
import { isDecisionStage, stageLabel } from '../services/stages.js';
import type { CandidateView } from '../services/views.js';

const DAY_MS = 86_400_000;

/** A translation when the catalogue has the key, else `fallback` (translators return unknown keys as they are). */
export function known(t: Translate, key: string, fallback: string): string {
  const text = t(key);
  return text === key ? fallback : text;
}

/** The candidate's name, or "Candidate #12" when it is hidden from this viewer. */
export function candidateLabel(candidate: Pick<CandidateView, 'name' | 'ref'>, t: Translate): string {
  return candidate.name ?? t('recruiting.candidate.anonymous', { ref: candidate.ref });
}

export function sourceLabel(source: string, t: Translate): string {
  return known(t, `recruiting.source.${source}`, source);
}

/** Whole days from `from` to `now` (never negative). */
export function daysSince(from: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - from.getTime()) / DAY_MS));
}

type AppState = Pick<ApplicationView, 'stage' | 'status'>;

/**
 * Stages this viewer may move an application to. Nobody moves to hired (onboarding's hire
 * does); screeners neither into nor out of the offer stage, nor reopen a rejected application.
 */
export function moveTargets(stages: readonly StageDef[], app: AppState, manage: boolean): StageDef[] {
  if (app.status === 'hired' || app.status === 'withdrawn') return [];
  if (app.status === 'rejected' && !manage) return [];
  const from = stages.find((s) => s.key === app.stage);
  if (!manage && from && isDecisionStage(from)) return [];
  return stages.filter((s) => s.kind !== 'hired' && (app.status === 'rejected' || s.key !== app.stage) && (manage || !isDecisionStage(s)));
}

/** Whether this viewer may reject the application where it stands. */
export function canReject(stages: readonly StageDef[], app: AppState, manage: boolean): boolean {
  if (app.status !== 'active') return false;
  const stage = stages.find((s) => s.key === app.stage);
  return manage || !(stage && isDecisionStage(stage));
}

/** Columns a card may be dropped on by this viewer. */
export function droppable(stage: StageDef, manage: boolean): boolean {
  return stage.kind !== 'hired' && (manage || !isDecisionStage(stage));
}

export type ConfidenceLevel = 'high' | 'medium' | 'low' | 'none';

/** The parser's confidence (0..1) in words HR can act on. */
export function confidenceLevel(confidence: number): ConfidenceLevel {
  if (confidence >= 0.8) return 'high';
  if (confidence >= 0.5) return 'medium';
  if (confidence > 0) return 'low';
  return 'none';
}

/** A requirement as HR reads it: '≥ 3 years' → '3 年以上经验', 'bachelor' → '本科'. */
export function requirementLabel(check: Pick<RequirementCheck, 'kind' | 'requirement'>, t: Translate): string {
  const req = check.requirement;
  if (check.kind === 'years') {
    const n = /\d+(?:\.\d+)?/.exec(req)?.[0];
    return n ? t('recruiting.pipeline.req.years', { n }) : req;
  }
  if (check.kind === 'degree') return known(t, `recruiting.pipeline.degree.${req}`, req);
  if (check.kind === 'language') return known(t, `recruiting.pipeline.language.${req}`, req);
  return req;
}

export interface CheckView {
  kind: RequirementCheck['kind'];
  label: string;
  /** Must-have (skill, years, degree, language) or nice-to-have. */
  required: boolean;
}

/** Requirements shown by the same résumé sentence, listed once with it (a skills line proves several skills). */
export interface CheckGroup {
  items: CheckView[];
  /** The résumé sentence that shows them, as this viewer may read it; null for missing ones. */
  evidence: string | null;
}

export interface ExplainView {
  score: number;
  suggestion: Suggestion;
  method: ScreeningResult['similarityMethod'];
  /** Each part of the score with its weight, for the breakdown bars. */
  parts: { key: keyof ScoreBreakdown; value: number; percent: number; weight: number }[];
  met: CheckGroup[];
  missing: CheckGroup[];
  metCount: number;
  missingCount: number;
}

const PART_ORDER: (keyof ScoreBreakdown)[] = ['mustHave', 'niceToHave', 'years', 'degree', 'languages', 'similarity'];

/** Checks grouped by their evidence sentence, in the order the sentences first appear. */
export function groupByEvidence(checks: RequirementCheck[], t: Translate): CheckGroup[] {
  const groups = new Map<string | null, CheckGroup>();
  for (const c of checks) {
    const key = c.evidence;
    const group = groups.get(key) ?? { items: [], evidence: key };
    group.items.push({ kind: c.kind, label: requirementLabel(c, t), required: c.kind !== 'nice' });
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** The explanation of a screening result: breakdown, requirements met and missing with evidence. */
export function explain(result: ScreeningResult | null, t: Translate): ExplainView | null {
  if (!result) return null;
  const met = result.checks.filter((c) => c.met);
  // Missing must-haves first: they are what decides.
  const missing = result.checks.filter((c) => !c.met).sort((a, b) => Number(a.kind === 'nice') - Number(b.kind === 'nice'));
  return {
    score: result.score,
    suggestion: result.suggestion,
    method: result.similarityMethod,
    parts: PART_ORDER.map((key) => {
      const value = Math.min(1, Math.max(0, result.breakdown[key] ?? 0));
      return { key, value, percent: Math.round(value * 100), weight: Math.round(WEIGHTS[key] * 100) };
    }),
    met: groupByEvidence(met, t),
    // Missing requirements have no evidence: one group, must-haves first.
    missing: missing.length ? [{ items: missing.map((c) => ({ kind: c.kind, label: requirementLabel(c, t), required: c.kind !== 'nice' })), evidence: null }] : [],
    metCount: met.length,
    missingCount: missing.length,
  };
}

export interface CardView {
  id: number;
  candidateId: number;
  label: string;
  blind: boolean;
  stage: string;
  status: ApplicationView['status'];
  score: number | null;
  suggestion: Suggestion | null;
  /** Up to three requirements met and missing (labels only: the card is small). */
  met: string[];
  missing: string[];
  source: string;
  days: number;
  /** Stages it may move to; `next` marks the one after its current stage (preselected). */
  moves: { key: string; label: string; next: boolean }[];
  canReject: boolean;
  /** Translated reject reason of a rejected application. */
  rejectReason: string | null;
  /** HR: the offer / onboarding page of an application at the offer stage. */
  onboardingHref: string | null;
}

function movesOf(stages: readonly StageDef[], app: AppState, manage: boolean, t: Translate): CardView['moves'] {
  const targets = moveTargets(stages, app, manage);
  const here = stages.findIndex((s) => s.key === app.stage);
  const next = app.status === 'rejected' ? undefined : targets.find((s) => stages.indexOf(s) > here);
  return targets.map((s) => ({ key: s.key, label: stageLabel(s, t), next: s === next }));
}

export function cardOf(app: ApplicationView, stages: readonly StageDef[], now: Date, manage: boolean, t: Translate): CardView {
  const checks = app.screening?.checks ?? [];
  const stage = stages.find((s) => s.key === app.stage);
  return {
    id: app.id,
    candidateId: app.candidateId,
    label: candidateLabel(app.candidate, t),
    blind: app.candidate.blind,
    stage: app.stage,
    status: app.status,
    score: app.score,
    suggestion: app.screening?.suggestion ?? null,
    met: checks.filter((c) => c.met && c.kind !== 'nice').slice(0, 3).map((c) => requirementLabel(c, t)),
    missing: checks.filter((c) => !c.met && c.kind !== 'nice').slice(0, 3).map((c) => requirementLabel(c, t)),
    source: sourceLabel(app.source, t),
    days: daysSince(app.movedAt, now),
    moves: movesOf(stages, app, manage, t),
    canReject: canReject(stages, app, manage),
    rejectReason: app.rejectReason ? known(t, `recruiting.rejectReason.${app.rejectReason}`, app.rejectReason) : null,
    onboardingHref: manage && app.status === 'active' && stage?.kind === 'offer' ? `/recruiting/applications/${app.id}/onboarding` : null,
  };
}

export interface ColumnView {
  key: string;
  label: string;
  kind: StageDef['kind'];
  droppable: boolean;
  cards: CardView[];
}

export function columnsOf(columns: { stage: StageDef; items: ApplicationView[] }[], now: Date, manage: boolean, t: Translate): ColumnView[] {
  const stages = columns.map((c) => c.stage);
  return columns.map(({ stage, items }) => ({
    key: stage.key,
    label: stageLabel(stage, t),
    kind: stage.kind,
    droppable: droppable(stage, manage),
    cards: items.map((a) => cardOf(a, stages, now, manage, t)),
  }));
}
