/**
 * Screening end to end, offline: files → text (`extractText`) → profile (`parseResume`) →
 * requirements check and BM25 similarity (`screen`) → ranking. Used by the
 * `recruiting:screen` command, the bench (`recruiting.screen_100_ms`) and the quality
 * evaluation over the screening corpus (`recruiting.precision_at_5`).
 */
import { extractText, isExtractError, type ExtractLimits, type ExtractErrorCode } from '../../../core/sdk.js';
import { loadScreeningCorpus, type CorpusName } from '../fixtures/screening/index.js';
import { blindProfile, blindText } from './blind.js';
import { parseResume } from './parse/index.js';
import { extractRequirements, jobQueryText, normalizeRequirements } from './requirements.js';
import { bm25Similarity, rankCandidates, screen } from './scoring.js';
import type { JobRequirements, ResumeProfile, ScreeningResult } from './types.js';

export interface ScreenJob {
  title?: string;
  description: string;
  /** HR's adjustments: replace the extracted parts they name. */
  requirements?: Partial<JobRequirements>;
}

export interface ScreenOptions {
  /** 'YYYY-MM-DD' for "至今 / present" (default: today). */
  today?: string;
  limits?: ExtractLimits;
  /** How many files are read at once (default 4; pdf.js is the slow part). */
  concurrency?: number;
}

export interface ScreenedFile {
  rank: number;
  name: string;
  profile: ResumeProfile;
  result: ScreeningResult;
}

export interface ScreenFileError {
  name: string;
  code: ExtractErrorCode | 'empty' | 'failed';
  message: string;
}

export interface ScreenFolderResult {
  requirements: JobRequirements;
  title: string | null;
  results: ScreenedFile[];
  errors: ScreenFileError[];
  /** Milliseconds spent per stage (extraction overlaps across files). */
  timings: { extractMs: number; parseMs: number; scoreMs: number; totalMs: number };
}

/** Requirements for a job: extracted from the description, with HR's adjustments on top. */
export function jobRequirements(job: ScreenJob): { requirements: JobRequirements; title: string | null } {
  const { title, ...extracted } = extractRequirements(job.description);
  return { requirements: normalizeRequirements({ ...extracted, ...job.requirements }), title: job.title ?? title ?? null };
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

/**
 * Screen uploaded files against one job. Files that cannot be read are reported in
 * `errors` (with the extraction error code) and never stop the others; results are ranked
 * best first (see `rankCandidates`).
 */
export async function screenFolderFiles(
  job: ScreenJob,
  files: readonly { name: string; bytes: Uint8Array }[],
  options: ScreenOptions = {},
): Promise<ScreenFolderResult> {
  const started = performance.now();
  const { requirements, title } = jobRequirements(job);
  const errors: ScreenFileError[] = [];

  const texts = await mapLimited(files, options.concurrency ?? 4, async (file) => {
    try {
      const { text } = await extractText(file.bytes, file.name, options.limits);
      if (text.trim() === '') {
        errors.push({ name: file.name, code: 'empty', message: 'no text in the file (a scanned image?)' });
        return null;
      }
      return { name: file.name, text };
    } catch (error) {
      errors.push({
        name: file.name,
        code: isExtractError(error) ? error.code : 'failed',
        message: error instanceof Error ? error.message : String(error),
      });
      return null;
    }
  });
  const extracted = texts.filter((t): t is { name: string; text: string } => t !== null);
  const extractDone = performance.now();

  const parsed = parseTexts(extracted.map((t) => ({ id: t.name, text: t.text })), options.today);
  const parseDone = performance.now();

  const results = screenParsed(job, requirements, title, parsed).map((r) => ({ rank: r.rank, name: r.id, profile: r.profile, result: r.result }));
  const done = performance.now();

  errors.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    requirements,
    title,
    results,
    errors,
    timings: {
      extractMs: Math.round(extractDone - started),
      parseMs: Math.round(parseDone - extractDone),
      scoreMs: Math.round(done - parseDone),
      totalMs: Math.round(done - started),
    },
  };
}

export interface ParsedResume {
  id: string;
  text: string;
  profile: ResumeProfile;
  /** The text with name, gender, age, school, photo and contact masked: what scoring reads. */
  screeningText: string;
  /** The profile without name, gender, birth year, schools and contact, sources masked: what scoring reads. */
  screeningProfile: ResumeProfile;
}

function parseTexts(resumes: readonly { id: string; text: string }[], today: string | undefined): ParsedResume[] {
  return resumes.map((r) => {
    const profile = parseResume(r.text, { today });
    return { ...r, profile, screeningText: blindText(r.text, profile), screeningProfile: blindProfile(profile) };
  });
}

/**
 * Score and rank parsed résumés against one job. Scoring reads the blinded text and
 * profile, so a name, gender, age or school can neither add a skill ("Ruby", "Spring Valley
 * College") nor move the BM25 similarity, and every evidence sentence comes out blinded.
 * The unblinded profile is returned beside the result for screens that may show it.
 */
function screenParsed(job: ScreenJob, requirements: JobRequirements, title: string | null, parsed: readonly ParsedResume[]) {
  const similarity = bm25Similarity(
    jobQueryText(job.description, title ?? undefined),
    parsed.map((p) => ({ id: p.id, text: p.screeningText })),
  );
  const screened = parsed.map((p) => ({
    id: p.id,
    profile: p.profile,
    result: screen(p.screeningProfile, p.screeningText, requirements, similarity.get(p.id) ?? 0, 'bm25'),
  }));
  return rankCandidates(screened).map(({ rank, candidate }) => ({ rank, ...candidate }));
}

/**
 * Screen résumé texts (already extracted) against one job: parse, blind, score, rank.
 * What `screenFolderFiles` does after reading the files.
 */
export function screenTexts(
  job: ScreenJob,
  resumes: readonly { id: string; text: string }[],
  options: { today?: string } = {},
): { requirements: JobRequirements; title: string | null; results: { rank: number; id: string; profile: ResumeProfile; result: ScreeningResult }[] } {
  const { requirements, title } = jobRequirements(job);
  return { requirements, title, results: screenParsed(job, requirements, title, parseTexts(resumes, options.today)) };
}

export interface JobEvaluation {
  job: string;
  family: string;
  precisionAt5: number;
  requirements: JobRequirements;
  top5: { id: string; score: number; qualified: boolean }[];
  /** Rank of each qualified résumé in the whole pool (1 = best). */
  qualifiedRanks: Record<string, number>;
  /** Hard negatives that made the top 5. */
  trapsInTop5: string[];
  /** Best rank any hard negative reached. */
  bestTrapRank: number;
  /** Average precision over all qualified résumés (1 = every qualified résumé above every other). */
  averagePrecision: number;
}

/** Average precision from the 1-based ranks of the relevant items. */
function averagePrecision(ranks: number[]): number {
  const sorted = [...ranks].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  return sorted.reduce((sum, rank, i) => sum + (i + 1) / rank, 0) / sorted.length;
}

export interface ScreeningEvaluation {
  /** precision@5 per job family (one job per family in the corpus). */
  perFamily: Record<string, number>;
  mean: number;
  /** Stricter companion figure: mean over jobs of average precision over all qualified résumés. */
  meanAveragePrecision: number;
  details: JobEvaluation[];
}

/**
 * precision@5 of every corpus job over the whole résumé pool (every résumé screened
 * against every job), offline with BM25: of the five best-ranked résumés, the share a
 * recruiter labelled as shortlisted.
 */
export async function evaluateScreening(name: CorpusName = 'screening'): Promise<ScreeningEvaluation> {
  const corpus = loadScreeningCorpus(name);
  const parsed = parseTexts(corpus.resumes, corpus.today);
  const details: JobEvaluation[] = [];
  for (const job of corpus.jobs) {
    const screenJob = { description: job.description };
    const { requirements, title } = jobRequirements(screenJob);
    const ranked = screenParsed(screenJob, requirements, title, parsed);
    const qualified = new Set(job.qualified);
    const top5 = ranked.slice(0, 5).map((r) => ({ id: r.id, score: r.result.score, qualified: qualified.has(r.id) }));
    const qualifiedRanks = Object.fromEntries(ranked.filter((r) => qualified.has(r.id)).map((r) => [r.id, r.rank]));
    details.push({
      job: job.id,
      family: job.family,
      precisionAt5: top5.filter((t) => t.qualified).length / 5,
      averagePrecision: averagePrecision(Object.values(qualifiedRanks)),
      requirements,
      top5,
      qualifiedRanks,
      trapsInTop5: top5.filter((t) => t.id in job.hardNegatives).map((t) => t.id),
      bestTrapRank: Math.min(...ranked.filter((r) => r.id in job.hardNegatives).map((r) => r.rank)),
    });
  }
  const perFamily = Object.fromEntries(details.map((d) => [d.family, d.precisionAt5]));
  const average = (xs: number[]) => Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 1000) / 1000;
  return {
    perFamily,
    mean: average(details.map((d) => d.precisionAt5)),
    meanAveragePrecision: average(details.map((d) => d.averagePrecision)),
    details,
  };
}
