/**
 * Education entries: school, degree, major and dates, from table rows ("2015.09 - 2019.06
 * 浙江大学 计算机科学与技术 本科"), designed templates ("复旦大学 | 金融学 | 硕士 | 2013年9月 —
 * 2016年6月"), sentences ("就读于复旦大学金融学专业，硕士") and English lines ("B.S. in
 * Computer Science, University of Michigan   Sep 2008 – May 2012", or the school on its own
 * line above the degree). Also the highest degree, from the entries or a 学历：本科 label.
 */
import { DEGREE_RANK, type Degree, type Education, type Parsed } from '../types.js';
import { findDateRanges, findDates, toYearMonth, type MonthPoint } from './dates.js';
import { groupEntries, type LineFacts } from './entries.js';
import { labelMatcher } from './labels.js';
import { BULLET, HAN, withoutDecoration, type Line } from './lines.js';
import { englishSchoolIn, findDegree, looksLikeEnglishSchool, ZH_SCHOOL_ENDINGS, zhOrganisationIn } from './vocabulary.js';

interface EducationFacts {
  school: string;
  degree: Degree;
  major: string;
  dates: { start: MonthPoint | null; end: MonthPoint | null };
}

/** Lines about an entry rather than the entry itself. */
const DETAIL_LABEL =
  /^(?:主修课程|核心课程|相关课程|专业课程|主要课程|课程|GPA|绩点|成绩|排名|荣誉|奖项|获奖|奖学金|毕业论文|论文|研究方向|导师|在校经历|社团|relevant coursework|coursework|courses|honors|honours|awards|thesis|dissertation|advisor|activities|minor|dean's list|scholarship)/iu;
const readLabels = labelMatcher({
  school: ['学校名称', '学校', '毕业院校', '毕业学校', '院校', 'school', 'university', 'institution'],
  major: ['专业', '所学专业', 'major', 'field of study'],
  degree: ['学历', '学位', '最高学历', 'degree'],
  time: ['时间', '就读时间', '起止时间', '在校时间', 'dates', 'date'],
});
const DEGREE_LABEL = /(?:最高学历|学历|学位|degree)\s*[:：]\s*([^\s|,;]+)/iu;
/** A field right after an abbreviated degree: "B.A. Communications", "BSc Economics". */
const EN_MAJOR_DIRECT = /^\s+([A-Z][a-z]+(?:\s+(?:[A-Z][a-z]+|and|&))*)\s*(?:[,|]|$)/u;
const EN_MAJOR_AFTER_DEGREE =
  /^(?:\s*\([A-Za-z.]+\))?(?:\s+of\s+(?:Arts|Science|Sciences|Engineering|Fine Arts|Laws|Medicine|Management|Technology|Education|Commerce|Applied Science|Business Administration|Professional Accounting|Business))?(?:\s*\([A-Za-z.]+\))?(?:\s+in|\s*,)\s+([A-Z][A-Za-z&' -]*[A-Za-z])/u;

const stripDates = (text: string): string => {
  let out = text;
  for (const r of findDateRanges(text)) out = out.replace(r.text, ' ');
  return out;
};

function readZh(text: string, facts: Partial<EducationFacts>): void {
  const chunks = text.split(/\s*[|,;。、:]\s*|\s+/u).filter(Boolean);
  let schoolChunk = -1;
  for (let i = 0; i < chunks.length && facts.school === undefined; i++) {
    const hit = zhOrganisationIn(chunks[i]!, ZH_SCHOOL_ENDINGS);
    if (!hit) continue;
    facts.school = hit.name;
    schoolChunk = i;
    const rest = chunks[i]!.slice(hit.end).replace(/专业$/u, '');
    if (/^\p{Script=Han}{2,15}$/u.test(rest) && !findDegree(rest)) facts.major = rest;
  }
  const withoutSchool = facts.school ? text.replace(facts.school, ' ') : text;
  const degree = findDegree(withoutSchool);
  if (degree) facts.degree = degree.degree;
  if (facts.major === undefined) {
    {
      const major = chunks.find(
        (c, i) => i !== schoolChunk && /^\p{Script=Han}[\p{Script=Han}()A-Za-z]{1,19}$/u.test(c) && !findDegree(c) && !/^(?:统招|全日制|非全日制|自考|成人|在读|毕业)$/u.test(c),
      );
      if (major) facts.major = major.replace(/专业$/u, '');
    }
  }
}

function readEn(text: string, facts: Partial<EducationFacts>): void {
  const segments = text.split(/\s*[|•·]\s*|\s+[–—-]\s+|,\s+/u).map((s) => s.trim()).filter(Boolean);
  for (const segment of segments) {
    if (facts.school !== undefined || !looksLikeEnglishSchool(segment)) continue;
    const school = englishSchoolIn(segment);
    if (school) facts.school = school;
  }
  const withoutSchool = facts.school ? text.replace(facts.school, ' ') : text;
  const degree = findDegree(withoutSchool);
  if (degree) {
    facts.degree = degree.degree;
    const rest = withoutSchool.slice(degree.index + degree.text.length);
    const after = EN_MAJOR_AFTER_DEGREE.exec(rest) ?? EN_MAJOR_DIRECT.exec(rest);
    if (after) facts.major = after[1]!.trim();
  }
}

function readLine(line: Line): LineFacts<EducationFacts> {
  const text = line.text;
  if (BULLET.test(text) && !findDateRanges(text).length) return { facts: {}, description: true };
  if (DETAIL_LABEL.test(text)) return { facts: {}, description: true };
  const labelled = readLabels(text);
  if (labelled && (labelled.school || labelled.major || labelled.degree || labelled.time)) {
    const facts: Partial<EducationFacts> = {};
    if (labelled.school) facts.school = labelled.school;
    if (labelled.major) facts.major = labelled.major;
    const degree = labelled.degree ? findDegree(labelled.degree) : null;
    if (degree) facts.degree = degree.degree;
    const r = labelled.time ? findDateRanges(labelled.time)[0] : undefined;
    if (r) facts.dates = { start: r.start, end: r.end };
    return { facts, description: false };
  }
  const facts: Partial<EducationFacts> = {};
  const range = findDateRanges(text)[0];
  if (range) facts.dates = { start: range.start, end: range.end };
  else {
    // A graduation date on its own ("2019.06 毕业", "Class of 2016", "May 2016").
    const single = findDates(text);
    if (single.length === 1) facts.dates = { start: null, end: single[0]!.point };
  }
  const body = withoutDecoration(stripDates(text));
  if (HAN.test(body)) readZh(body, facts);
  else readEn(body, facts);
  // A long line without a school, a degree or dates is prose about the studies.
  if (facts.school === undefined && facts.degree === undefined && facts.dates === undefined) return { facts: {}, description: true };
  return { facts, description: false };
}

export function parseEducation(lines: Line[]): Education[] {
  return groupEntries(lines, readLine, 'school')
    .filter((e) => e.facts.school !== undefined || e.facts.degree !== undefined)
    .map((e) => {
      const { school, degree, major, dates } = e.facts;
      const found = [school, degree, dates].filter((x) => x !== undefined).length;
      return {
        school: school ?? null,
        degree: degree ?? null,
        major: major ?? null,
        start: dates?.start ? toYearMonth(dates.start) : null,
        end: dates?.end ? toYearMonth(dates.end) : null,
        confidence: found === 3 ? 0.9 : found === 2 ? 0.75 : 0.5,
        source: e.factLines.map((l) => l.raw).join('\n'),
      };
    });
}

/**
 * The highest degree: a 学历/学位 label in the header is what the candidate states (sure);
 * otherwise the highest degree of the education entries; otherwise a degree word in the
 * header or summary (本科学历, "MBA") with less confidence.
 */
export function highestDegree(education: Education[], headerLines: Line[], summaryLines: Line[]): Parsed<Degree | null> {
  let best: Parsed<Degree | null> = { value: null, confidence: 0, source: null };
  const consider = (degree: Degree, confidence: number, source: string | null) => {
    if (best.value === null || DEGREE_RANK[degree] > DEGREE_RANK[best.value]) best = { value: degree, confidence, source };
  };
  for (const line of headerLines) {
    const m = DEGREE_LABEL.exec(line.text);
    const d = m ? findDegree(m[1]!) : null;
    if (d) consider(d.degree, 0.95, line.raw);
  }
  for (const e of education) if (e.degree) consider(e.degree, Math.max(0.6, e.confidence), e.source);
  if (best.value === null) {
    for (const line of [...headerLines, ...summaryLines]) {
      const d = findDegree(line.text);
      if (d) consider(d.degree, 0.6, line.raw);
    }
  }
  return best;
}
