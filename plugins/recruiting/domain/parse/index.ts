/**
 * # Résumé parsing
 *
 * `parseResume(text, { today })` turns the text of a résumé (what `extractText` gets out
 * of a PDF, DOCX or TXT) into a `ResumeProfile`: contact details, education, experience,
 * total years, skills and languages, each with a confidence and the line it came from.
 * Chinese and English résumés, offline, no model: section headings, labels and patterns.
 *
 * ```ts
 * const profile = parseResume(text, { today: '2025-06-30' });
 * profile.name;          // { value: '张伟', confidence: 0.95, source: '姓名：张伟  性别：男' }
 * profile.totalYears;    // { value: 11, confidence: 0.8, source: null }
 * profile.education[0];  // { school: '北京邮电大学', degree: 'bachelor', major: '计算机科学与技术', … }
 * ```
 *
 * Confidence: a labelled value (姓名：, 手机：, 学历：) ≥ 0.9; a value recognised by its
 * shape or position (the first line as the name, a bare "29岁") 0.6–0.8; absent → null
 * (an empty list for skills and languages) with 0.
 *
 * Modules: lines (normalising, columns), sections (headings), dates, contact (phone,
 * e-mail, gender, birth year), name, education, experience (and total years), languages;
 * entries (grouping lines into entries) and labels (公司：… 职位：… on one line) serve
 * education and experience; vocabulary holds the word lists. Gender and birth year exist
 * for blind screening to hide; nothing in scoring reads them.
 *
 * Limits: text only — a scanned PDF has none; a two-column PDF comes out of pdf.js in an
 * order the sections may not survive; a school, company or title that follows none of
 * the patterns is missed rather than guessed.
 */
import { findSkills } from '../skills.js';
import type { Parsed, ResumeProfile } from '../types.js';
import { findBirthYear, findEmail, findGender, findMobile } from './contact.js';
import { monthOf } from './dates.js';
import { highestDegree, parseEducation } from './education.js';
import { parseExperience, statedYears, totalYears } from './experience.js';
import { findLanguages } from './languages.js';
import { detectLanguage, toLines } from './lines.js';
import { findName } from './name.js';
import { linesOf, splitSections } from './sections.js';

export interface ParseOptions {
  /** The reference date, 'YYYY-MM-DD': "至今 / present" ends in its month, ages count from its year. Default: today (UTC). */
  today?: string;
}

export function parseResume(text: string, options: ParseOptions = {}): ResumeProfile {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const month = monthOf(today);
  const lines = toLines(text);
  const language = detectLanguage(text);
  const sections = splitSections(lines);
  const header = linesOf(sections, 'header');
  const summary = linesOf(sections, 'summary');

  const education = parseEducation(linesOf(sections, 'education'));
  const experience = parseExperience(
    sections.filter((s) => s.kind === 'experience' || s.kind === 'internship').map((s) => ({ lines: s.lines, internships: s.kind === 'internship' })),
    month,
    language === 'zh',
  );
  const statement = statedYears([...header, ...summary, ...linesOf(sections, 'experience')]);

  return {
    language,
    name: findName(lines, header),
    gender: findGender(lines, header),
    birthYear: findBirthYear(lines, header, month.year),
    mobile: findMobile(lines),
    email: findEmail(lines),
    education,
    highestDegree: highestDegree(education, header, summary),
    experience: experience.entries,
    totalYears: totalYears(experience, month, statement),
    skills: skillsOf(text, sections.find((s) => s.kind === 'skills')?.lines.map((l) => l.text) ?? []),
    languages: findLanguages(linesOf(sections, 'languages'), lines),
  };
}

/**
 * Skills from the whole text (a skill shown in a job's bullets counts as much as one in
 * the list). Confidence is higher when the résumé has a skills section naming some.
 */
function skillsOf(text: string, skillLines: string[]): Parsed<string[]> {
  const found = findSkills(text);
  if (found.length === 0) return { value: [], confidence: 0, source: null };
  const listed = skillLines.length > 0 && findSkills(skillLines.join('\n')).length > 0;
  return { value: found.map((f) => f.skill), confidence: listed ? 0.85 : 0.7, source: found[0]!.sentence };
}

export type { Line } from './lines.js';
export { findDateRanges, findDates, rangeMonths, type DateRange, type MonthPoint } from './dates.js';
export { headingKind, splitSections, type Section, type SectionKind } from './sections.js';
