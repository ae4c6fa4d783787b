/**
 * Shared shapes of the recruiting domain: what the résumé parser produces, what a job asks
 * for, and what screening answers. Pure data: no database, no HTTP.
 */

/** Highest first when compared through DEGREE_RANK. */
export const DEGREES = ['high_school', 'associate', 'bachelor', 'master', 'phd'] as const;
export type Degree = (typeof DEGREES)[number];
export const DEGREE_RANK: Record<Degree, number> = { high_school: 1, associate: 2, bachelor: 3, master: 4, phd: 5 };

/** A parsed value with how sure the parser is (0..1) and the résumé line it came from. */
export interface Parsed<T> {
  value: T;
  confidence: number;
  /** The line or sentence of the résumé the value was read from (null when inferred or absent). */
  source: string | null;
}

/** Months as 'YYYY-MM'; `end` null with `current` true means "至今 / present". */
export interface Education {
  school: string | null;
  degree: Degree | null;
  major: string | null;
  start: string | null;
  end: string | null;
  confidence: number;
  source: string | null;
}

export interface Experience {
  company: string | null;
  title: string | null;
  start: string | null;
  end: string | null;
  current: boolean;
  /** Whole months between start and end (or the reference date when current). */
  months: number | null;
  confidence: number;
  source: string | null;
}

/** Canonical language codes: 'en', 'zh', 'ja', 'ko', 'de', 'fr', 'es', 'ru'… */
export interface LanguageSkill {
  language: string;
  /** As written: 'CET-6', 'fluent', '母语', 'N1', 'IELTS 7.0'… */
  level: string | null;
}

export interface ResumeProfile {
  /** Main language of the résumé text. */
  language: 'zh' | 'en';
  name: Parsed<string | null>;
  gender: Parsed<'male' | 'female' | null>;
  /** Year of birth when given (from 出生年月, 年龄 or "born"). */
  birthYear: Parsed<number | null>;
  mobile: Parsed<string | null>;
  email: Parsed<string | null>;
  education: Education[];
  highestDegree: Parsed<Degree | null>;
  experience: Experience[];
  /** Total years of work experience, one decimal (from the experience list or a "N年经验" statement). */
  totalYears: Parsed<number | null>;
  /** Canonical skill names (lower case, synonyms resolved: 'javascript', 'react', 'excel', '财务分析'). */
  skills: Parsed<string[]>;
  languages: Parsed<LanguageSkill[]>;
}

/** What a job asks for. Extracted from a free-text description, then adjustable by HR. */
export interface JobRequirements {
  /** Canonical skill names the candidate must have. */
  mustHave: string[];
  niceToHave: string[];
  minYears: number | null;
  /** Minimum degree. */
  degree: Degree | null;
  /** Canonical language codes required (e.g. ['en']). */
  languages: string[];
}

export type RequirementKind = 'skill' | 'nice' | 'years' | 'degree' | 'language';

/** One requirement checked against a résumé, with the sentence that shows it. */
export interface RequirementCheck {
  kind: RequirementKind;
  /** The requirement as shown to HR: 'react', '≥ 3 years', 'bachelor', 'en'. */
  requirement: string;
  met: boolean;
  /** The résumé sentence that shows it (null when missing or only inferred). */
  evidence: string | null;
}

export interface ScoreBreakdown {
  /** Each part 0..1; the weights are in scoring.ts. */
  mustHave: number;
  niceToHave: number;
  years: number;
  degree: number;
  languages: number;
  similarity: number;
}

export type Suggestion = 'advance' | 'hold' | 'reject';

export interface ScreeningResult {
  /** 0..100, one decimal. */
  score: number;
  breakdown: ScoreBreakdown;
  checks: RequirementCheck[];
  /** A suggestion only: acting on it needs a person unless an admin turns auto-actions on. */
  suggestion: Suggestion;
  /** 'embeddings' when a local model gave the similarity, else 'bm25'. */
  similarityMethod: 'embeddings' | 'bm25';
}
