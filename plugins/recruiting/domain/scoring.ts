/**
 * Screening: one résumé against one job's requirements → a 0..100 score, the check of
 * every requirement with the résumé sentence that shows it, and a suggestion.
 *
 * Score = 100 × Σ weight·part / Σ weight, over the parts that apply to the job (a job
 * without a language requirement is not scored on languages, so a missing part neither
 * helps nor hurts). Parts, each 0..1:
 *
 * | part        | weight | value                                                                 |
 * | ----------- | -----: | --------------------------------------------------------------------- |
 * | mustHave    |   0.45 | share of required skills the résumé shows                             |
 * | niceToHave  |   0.10 | share of nice-to-have skills it shows                                 |
 * | years       |   0.15 | 1 at or above the minimum; below it proportional, at most 0.7; 0 unknown |
 * | degree      |   0.08 | 1 at or above the minimum; one level below 0.4; lower 0; unknown 0.2  |
 * | languages   |   0.05 | share of required languages shown (or implied by the résumé's own language) |
 * | similarity  |   0.17 | text similarity to the job (BM25 or embeddings), 0..1, always applies |
 *
 * Required skills carry most of the weight on purpose: a candidate who has everything the
 * job demands outranks one who has every extra but misses demands (0.45 > 0.10+0.15+0.08+0.05).
 * Nothing about the person (name, gender, age, school, photo) enters the score: only skills,
 * years, degree level, languages and the text similarity do.
 *
 * Suggestions (a person decides; these only sort the queue):
 * - advance: score ≥ 70, at least 80 % of required skills shown and the years minimum met;
 * - reject:  score < 45, or fewer than half of the required skills shown;
 * - hold:    everything else.
 */
import { Bm25Index } from '../../../core/sdk.js';
import { languagesIn } from './requirements.js';
import { findSkills, sentences, skillSynonyms } from './skills.js';
import {
  DEGREE_RANK,
  type Degree,
  type JobRequirements,
  type RequirementCheck,
  type ResumeProfile,
  type ScoreBreakdown,
  type ScreeningResult,
  type Suggestion,
} from './types.js';

export const WEIGHTS: Readonly<Record<keyof ScoreBreakdown, number>> = {
  mustHave: 0.45,
  niceToHave: 0.1,
  years: 0.15,
  degree: 0.08,
  languages: 0.05,
  similarity: 0.17,
};

export const SUGGESTION_THRESHOLDS = {
  advanceScore: 70,
  advanceMustHaveShare: 0.8,
  rejectScore: 45,
  rejectMustHaveShare: 0.5,
} as const;

/** Below the years minimum, the part is proportional but capped: being short of it is a real gap. */
const BELOW_MINIMUM_YEARS_CAP = 0.7;
const DEGREE_ONE_BELOW = 0.4;
const DEGREE_UNKNOWN = 0.2;

const round1 = (n: number) => Math.round(n * 10) / 10;
const clamp01 = (n: number) => (Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0);

/** The first sentence mentioning a name the vocabulary does not know (HR typed it), as a whole word. */
function sentenceMentioning(resumeSentences: string[], name: string): string | null {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s*');
  const latinEdges = /^[a-z0-9]/i.test(name) ? '(?<![a-z0-9])' : '';
  const latinEnd = /[a-z0-9]$/i.test(name) ? '(?![a-z0-9])' : '';
  const re = new RegExp(`${latinEdges}${escaped}${latinEnd}`, 'iu');
  return resumeSentences.find((s) => re.test(s.normalize('NFKC'))) ?? null;
}

function skillChecks(
  kind: 'skill' | 'nice',
  skills: string[],
  found: Map<string, string>,
  profileSkills: Set<string>,
  resumeSentences: string[],
): RequirementCheck[] {
  return skills.map((skill) => {
    const evidence = found.get(skill) ?? sentenceMentioning(resumeSentences, skill);
    return { kind, requirement: skill, met: evidence !== null || profileSkills.has(skill), evidence };
  });
}

const share = (checks: RequirementCheck[]) => (checks.length === 0 ? 1 : checks.filter((c) => c.met).length / checks.length);

function yearsPart(profile: ResumeProfile, minYears: number): { part: number; check: RequirementCheck } {
  const have = profile.totalYears.value;
  const met = have !== null && have >= minYears;
  const part = have === null ? 0 : met ? 1 : Math.min(BELOW_MINIMUM_YEARS_CAP, have / minYears);
  const evidence = profile.totalYears.source ?? profile.experience.find((e) => e.source)?.source ?? null;
  return { part, check: { kind: 'years', requirement: `≥ ${minYears} years`, met, evidence } };
}

function degreePart(profile: ResumeProfile, degree: Degree): { part: number; check: RequirementCheck } {
  const have = profile.highestDegree.value;
  const gap = have === null ? null : DEGREE_RANK[have] - DEGREE_RANK[degree];
  const part = gap === null ? DEGREE_UNKNOWN : gap >= 0 ? 1 : gap === -1 ? DEGREE_ONE_BELOW : 0;
  const evidence = profile.highestDegree.source ?? profile.education.find((e) => e.degree === have && e.source)?.source ?? null;
  return { part, check: { kind: 'degree', requirement: degree, met: gap !== null && gap >= 0, evidence } };
}

function languageChecks(profile: ResumeProfile, resumeSentences: string[], codes: string[]): RequirementCheck[] {
  return codes.map((code) => {
    const evidence = resumeSentences.find((s) => languagesIn(s).includes(code)) ?? null;
    // A résumé written in a language shows it; one listing it shows it too, even without a level.
    const met = evidence !== null || profile.language === code || profile.languages.value.some((l) => l.language === code);
    return { kind: 'language', requirement: code, met, evidence: evidence ?? (met ? (profile.languages.source ?? null) : null) };
  });
}

/** Screen one parsed résumé against a job's requirements; `similarity` (0..1) comes from BM25 or embeddings. */
export function screen(
  profile: ResumeProfile,
  resumeText: string,
  requirements: JobRequirements,
  similarity: number,
  method: 'embeddings' | 'bm25' = 'bm25',
): ScreeningResult {
  const resumeSentences = sentences(resumeText);
  const found = new Map(findSkills(resumeText).map((f) => [f.skill, f.sentence]));
  const profileSkills = new Set(profile.skills.value);

  const must = skillChecks('skill', requirements.mustHave, found, profileSkills, resumeSentences);
  const nice = skillChecks('nice', requirements.niceToHave, found, profileSkills, resumeSentences);
  const years = requirements.minYears === null ? null : yearsPart(profile, requirements.minYears);
  const degree = requirements.degree === null ? null : degreePart(profile, requirements.degree);
  const languages = languageChecks(profile, resumeSentences, requirements.languages);

  const breakdown: ScoreBreakdown = {
    mustHave: share(must),
    niceToHave: share(nice),
    years: years?.part ?? 1,
    degree: degree?.part ?? 1,
    languages: share(languages),
    similarity: clamp01(similarity),
  };
  const applies: Record<keyof ScoreBreakdown, boolean> = {
    mustHave: must.length > 0,
    niceToHave: nice.length > 0,
    years: years !== null,
    degree: degree !== null,
    languages: languages.length > 0,
    similarity: true,
  };
  let weighted = 0;
  let total = 0;
  for (const part of Object.keys(WEIGHTS) as (keyof ScoreBreakdown)[]) {
    if (!applies[part]) continue;
    weighted += WEIGHTS[part] * breakdown[part];
    total += WEIGHTS[part];
  }
  const score = round1((100 * weighted) / total);
  const checks = [...must, ...(years ? [years.check] : []), ...(degree ? [degree.check] : []), ...languages, ...nice];
  return {
    score,
    breakdown,
    checks,
    suggestion: suggest(score, breakdown.mustHave, years?.check.met ?? true),
    similarityMethod: method,
  };
}

/** The suggestion rule documented at the top of this file. */
export function suggest(score: number, mustHaveShare: number, yearsMet: boolean): Suggestion {
  const t = SUGGESTION_THRESHOLDS;
  if (score < t.rejectScore || mustHaveShare < t.rejectMustHaveShare) return 'reject';
  if (score >= t.advanceScore && mustHaveShare >= t.advanceMustHaveShare && yearsMet) return 'advance';
  return 'hold';
}

export interface RankedCandidate<T extends { id: string; result: ScreeningResult }> {
  rank: number;
  candidate: T;
}

/**
 * Best first: score, then required-skill coverage, then id, so equal candidates always
 * come out in the same order. Ranks are 1-based; equal scores still get distinct ranks.
 */
export function rankCandidates<T extends { id: string; result: ScreeningResult }>(candidates: readonly T[]): RankedCandidate<T>[] {
  return [...candidates]
    .sort(
      (a, b) =>
        b.result.score - a.result.score ||
        b.result.breakdown.mustHave - a.result.breakdown.mustHave ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .map((candidate, i) => ({ rank: i + 1, candidate }));
}

/**
 * A self-score floor for normalizing: a résumé is compared with the best résumé of the
 * batch, but never with less than this share of the job text's score against itself, so a
 * batch of one weak résumé does not make it a perfect match.
 */
export const SELF_SCORE_FLOOR = 0.25;

/**
 * BM25 similarity of each résumé to a job text, 0..1. The résumés are indexed (with the
 * recruiting synonyms, so 'SpringBoot' meets 'Spring Boot' and '机器学习' meets 'ML'), the
 * job text is the query, and scores are divided by max(best résumé score, SELF_SCORE_FLOOR ×
 * the job's score against itself). Relative to the batch on purpose: BM25 scores have no
 * absolute scale.
 */
export function bm25Similarity(jobText: string, resumes: readonly { id: string; text: string }[]): Map<string, number> {
  const index = new Bm25Index({ tokenize: { synonyms: recruitingSynonyms() } });
  for (const r of resumes) index.add(r.id, r.text);
  // The job joins the index only to measure its self-score; it shifts document frequencies by one.
  const SELF = '\u0000job';
  index.add(SELF, jobText);
  const scores = new Map(index.search(jobText, resumes.length + 1).map((h) => [h.id, h.score]));
  const self = scores.get(SELF) ?? 0;
  scores.delete(SELF);
  const best = Math.max(0, ...scores.values());
  const denominator = Math.max(best, SELF_SCORE_FLOOR * self);
  const out = new Map<string, number>();
  for (const r of resumes) out.set(r.id, denominator > 0 ? round3((scores.get(r.id) ?? 0) / denominator) : 0);
  return out;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

let synonymsCache: ReturnType<typeof skillSynonyms> | undefined;
/** Built once: the dictionary has a few thousand entries. */
const recruitingSynonyms = () => (synonymsCache ??= skillSynonyms());
