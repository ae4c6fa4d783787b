/**
 * The parsing evaluation: every record of the parsing corpus is laid out, rendered to PDF
 * and to DOCX, read back with `extractText` (as an upload would be) and parsed; each
 * expected field is then checked. Used by the bench (`recruiting.parse_field_accuracy`)
 * and by a test.
 *
 * Checks: name, mobile, e-mail and highest degree exactly; every expected school and
 * company among those parsed (compared without case, spaces or punctuation, full- and
 * half-width alike); total years within half a year; expected skills (through
 * `canonicalSkill`) and languages a subset of those parsed; gender and birth year
 * exactly where the record gives them.
 */
import { extractText } from '../../../core/sdk.js';
import { CORPUS_TODAY, makeDocx, makePdf, PARSE_CORPUS, renderLines, type PersonRecord } from '../fixtures/parse/index.js';
import { parseResume } from './parse/index.js';
import { canonicalSkill } from './skills.js';
import type { ResumeProfile } from './types.js';

export type DocumentFormat = 'pdf' | 'docx';

export interface FieldScore {
  correct: number;
  total: number;
}

export interface ParseEvaluation {
  /** Correct field checks / all field checks, over every record and format. */
  accuracy: number;
  fields: Record<string, FieldScore>;
  /** One line per failed check: `record-id [pdf] field: expected …, got …`. */
  failures: string[];
  documents: number;
  /** Time spent in `parseResume` only, per document on average. */
  parseMsPerDocument: number;
}

/** Organisation names compared the way a person would: no case, spaces, punctuation or width differences. */
export const sameName = (a: string, b: string): boolean => {
  const key = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]/gu, '');
  return key(a) === key(b);
};

interface Check {
  field: string;
  ok: boolean;
  expected: unknown;
  got: unknown;
}

/** The field checks of one parsed résumé against its record. */
export function checkProfile(record: PersonRecord, profile: ResumeProfile): Check[] {
  const want = record.expected;
  const checks: Check[] = [];
  const check = (field: string, ok: boolean, expected: unknown, got: unknown) => checks.push({ field, ok, expected, got });

  check('name', profile.name.value === want.name, want.name, profile.name.value);
  check('mobile', profile.mobile.value === want.mobile, want.mobile, profile.mobile.value);
  check('email', profile.email.value === want.email, want.email, profile.email.value);
  check('highestDegree', profile.highestDegree.value === want.highestDegree, want.highestDegree, profile.highestDegree.value);

  const schools = profile.education.map((e) => e.school).filter((s): s is string => s !== null);
  check('schools', want.schools.every((s) => schools.some((p) => sameName(p, s))), want.schools, schools);
  const companies = profile.experience.map((e) => e.company).filter((c): c is string => c !== null);
  check('companies', want.companies.every((c) => companies.some((p) => sameName(p, c))), want.companies, companies);

  const years = profile.totalYears.value;
  const yearsOk = want.totalYears === null ? years === null : years !== null && Math.abs(years - want.totalYears) <= 0.5;
  check('totalYears', yearsOk, want.totalYears, years);

  const skills = new Set(profile.skills.value);
  const wantSkills = want.skills.map(canonicalSkill);
  check('skills', wantSkills.every((s) => skills.has(s)), wantSkills.filter((s) => !skills.has(s)), '(missing)');

  const languages = new Set(profile.languages.value.map((l) => l.language));
  check('languages', want.languages.every((l) => languages.has(l)), want.languages, [...languages]);

  if (want.gender) check('gender', profile.gender.value === want.gender, want.gender, profile.gender.value);
  if (want.birthYear) check('birthYear', profile.birthYear.value === want.birthYear, want.birthYear, profile.birthYear.value);
  return checks;
}

async function render(record: PersonRecord, format: DocumentFormat): Promise<Uint8Array> {
  const lines = renderLines(record);
  return format === 'pdf' ? makePdf([lines]) : makeDocx(lines);
}

export async function evaluateParsing(options: { formats?: DocumentFormat[]; records?: readonly PersonRecord[] } = {}): Promise<ParseEvaluation> {
  const formats = options.formats ?? ['pdf', 'docx'];
  const records = options.records ?? PARSE_CORPUS;
  const fields: Record<string, FieldScore> = {};
  const failures: string[] = [];
  let parseMs = 0;
  let documents = 0;
  for (const record of records) {
    for (const format of formats) {
      const { text } = await extractText(await render(record, format), `${record.id}.${format}`);
      const started = performance.now();
      const profile = parseResume(text, { today: CORPUS_TODAY });
      parseMs += performance.now() - started;
      documents++;
      for (const c of checkProfile(record, profile)) {
        const score = (fields[c.field] ??= { correct: 0, total: 0 });
        score.total++;
        if (c.ok) score.correct++;
        else failures.push(`${record.id} [${format}] ${c.field}: expected ${JSON.stringify(c.expected)}, got ${JSON.stringify(c.got)}`);
      }
    }
  }
  const correct = Object.values(fields).reduce((n, f) => n + f.correct, 0);
  const total = Object.values(fields).reduce((n, f) => n + f.total, 0);
  return {
    accuracy: total === 0 ? 0 : Math.round((correct / total) * 1000) / 1000,
    fields,
    failures,
    documents,
    parseMsPerDocument: documents === 0 ? 0 : Math.round((parseMs / documents) * 100) / 100,
  };
}
