/**
 * Work experience entries (company, title, dates) and total years of experience.
 *
 * Header lines come as table rows ("2019.03 - 至今  北京字节跳动科技有限公司  前端工程师"),
 * designed templates ("上海浦东发展银行股份有限公司（2016年7月 — 2019年2月）" + "职位：客户
 * 经理"), sentences ("2016年7月至2019年2月，就职于…，任客户经理。") and English rows
 * ("Senior Engineer, Stripe — Seattle, WA   Sep 2016 – Feb 2021", "Stripe | Senior Engineer |
 * 09/2016 - 02/2021"). Bullets and responsibility text are description, not facts.
 *
 * Total years: months covered by the full-time entries, overlaps counted once (a side job
 * next to a full-time one adds nothing), gaps not counted. Internships — entries under
 * 实习经历 / Internships or with 实习 / intern in the title — are kept in the list but do not
 * count: a recruiter reading "5 years of experience" means work after school. A statement
 * ("8年工作经验", "17+ years of experience", 工作年限：10年) is a lower bound the candidate
 * gives; the larger of it and the computed figure wins, since résumés often list only the
 * recent jobs.
 */
import type { Experience, Parsed } from '../types.js';
import { coveredMonths, findDateRanges, rangeMonths, toYearMonth, type MonthPoint } from './dates.js';
import { groupEntries, type LineFacts } from './entries.js';
import { labelMatcher } from './labels.js';
import { BULLET, HAN, withoutDecoration, type Line } from './lines.js';
import {
  employerWithPlace,
  EN_LEGAL_FORM_ONLY,
  INTERNSHIP_TITLE,
  looksLikeChineseTitle,
  looksLikeEnglishCompany,
  looksLikeEnglishTitle,
  looksLikePlace,
  ZH_COMPANY_ENDINGS,
  ZH_LEADING_VERB,
  zhOrganisationIn,
} from './vocabulary.js';

interface ExperienceFacts {
  company: string;
  title: string;
  dates: { start: MonthPoint; end: MonthPoint | null; current: boolean };
}

const readLabels = labelMatcher({
  company: ['公司名称', '公司', '工作单位', '单位名称', '单位', '任职公司', '就职公司', 'company', 'employer', 'organization', 'organisation'],
  title: ['职位名称', '职位', '职务', '岗位', '担任职务', '所任职位', 'title', 'position', 'role', 'job title'],
  time: ['时间', '在职时间', '工作时间', '任职时间', '起止时间', 'dates', 'date', 'period', 'duration'],
  ignored: ['部门', '所在部门', '工作地点', '地点', '薪资', '月薪', '下属人数', '汇报对象', 'department', 'location', 'reporting to'],
});
/** Responsibility and result labels: what follows is description. */
const DESCRIPTION_LABEL =
  /^(?:工作内容|工作职责|主要职责|岗位职责|职责描述|工作描述|职责|工作业绩|主要业绩|业绩|项目描述|个人职责|离职原因|下属人数|汇报对象|所在部门|部门|responsibilities|key responsibilities|achievements|key achievements|duties|reason for leaving|department|reporting to)\s*[:：]?/iu;
/** Duty sentences without a bullet: 负责…, 参与…, 主导…; "Led…", "Built…" are long or bulleted in practice. */
const ZH_DUTY_VERB = /^(?:负责|参与|主导|带领|完成|协助|组织|推动|制定|建立|搭建|优化|维护|协调|编写|撰写|跟进|处理|对接|实现|主持|领导|配合)/u;
/** What a title starts with inside a sentence: 任客户经理, 担任…, 职位为…. */
const ZH_TITLE_VERB = /^(?:担任|任职|出任|任|职位为|岗位为|职务为|从事)/u;

const cleanTitle = (s: string) => s.replace(ZH_TITLE_VERB, '').replace(/[。.;,]+$/u, '').trim();

function readZh(text: string, facts: Partial<ExperienceFacts>): void {
  // A sentence line has its facts in its first clauses; later ones are what the person did.
  const clauses = text.split(/[,;。:]/u).slice(0, 4);
  const chunks = clauses.flatMap((c) => c.split(/\s*[|、]\s*|\s+/u)).filter(Boolean);
  let companyChunk = -1;
  for (let i = 0; i < chunks.length && facts.company === undefined; i++) {
    const hit = zhOrganisationIn(chunks[i]!, ZH_COMPANY_ENDINGS);
    if (!hit) continue;
    facts.company = hit.name;
    companyChunk = i;
    const rest = cleanTitle(chunks[i]!.slice(hit.end));
    if (rest && looksLikeChineseTitle(rest)) facts.title = rest;
  }
  if (facts.title !== undefined) return;
  const others = chunks.filter((c, i) => i !== companyChunk && !looksLikePlace(c) && !/^[()]+$/u.test(c));
  // "高级 Java 开发工程师" is one title split by spaces: try what is left as a whole first.
  const joined = cleanTitle(others.join(' '));
  const modifiers = others.slice(0, -1).every((c) => /^[A-Za-z0-9+#./-]+$/u.test(c) || /^(?:高级|资深|初级|中级|首席|副|兼职|实习)$/u.test(c));
  if (others.length > 0 && modifiers && looksLikeChineseTitle(joined) && !ZH_LEADING_VERB.test(joined)) {
    facts.title = joined;
    return;
  }
  let title = others.map(cleanTitle).find((c) => looksLikeChineseTitle(c) || (/^[A-Za-z ]+$/u.test(c) && looksLikeEnglishTitle(c)));
  // "2018.07-2020.02  郑州宇通客车股份有限公司  电工": the one short word beside a company and dates is the job.
  if (title === undefined && facts.company !== undefined && facts.dates !== undefined && others.length === 1 && /^[\p{Script=Han}A-Za-z]{2,10}(?:\(\p{Script=Han}{1,8}\))?$/u.test(others[0]!)) {
    title = cleanTitle(others[0]!);
  }
  if (title) facts.title = title;
  // "2018.07-2020.06 携程旅行网 产品经理": a name without a legal form, next to a title and dates.
  if (facts.company === undefined && title !== undefined && facts.dates !== undefined) {
    const name = others.find((c) => c !== title && cleanTitle(c) !== title && /^[\p{Script=Han}A-Za-z0-9()&·]{2,24}$/u.test(c) && !ZH_LEADING_VERB.test(c) && !/^\d/u.test(c));
    if (name) facts.company = name;
  }
}

/** "CITIC Securities Co., Ltd." split at its commas puts the legal form back on the name. */
function commaParts(segment: string): string[] {
  const parts: string[] = [];
  for (const p of segment.split(/,\s+/u)) {
    if (parts.length > 0 && EN_LEGAL_FORM_ONLY.test(p.trim())) parts[parts.length - 1] += `, ${p.trim()}`;
    else parts.push(p.trim());
  }
  return parts.filter(Boolean);
}

function readEn(text: string, facts: Partial<ExperienceFacts>): void {
  const segments = text
    .split(/\s*\|\s*|\s+[–—-]\s+|\s+@\s+|\s+at\s+/u)
    .map((s) => s.replace(/^[\s,;:–—-]+|[\s,;:–—-]+$/gu, ''))
    .filter(Boolean);
  const leftovers: string[] = [];
  let place = false;
  for (const segment of segments) {
    const withPlace = facts.company === undefined ? employerWithPlace(segment) : null;
    if (withPlace) {
      leftovers.push(withPlace);
      place = true;
      continue;
    }
    if (looksLikePlace(segment)) {
      place = true;
      continue;
    }
    const isTitle = looksLikeEnglishTitle(segment);
    if (!isTitle && facts.company === undefined && looksLikeEnglishCompany(segment)) {
      facts.company = segment;
      continue;
    }
    const parts = commaParts(segment);
    if (isTitle && (parts.length === 1 || facts.company !== undefined)) {
      facts.title ??= segment;
      continue;
    }
    for (const part of parts) {
      if (looksLikePlace(part)) continue;
      if (facts.title === undefined && looksLikeEnglishTitle(part)) facts.title = part;
      else if (facts.company === undefined && looksLikeEnglishCompany(part)) facts.company = part;
      else leftovers.push(part);
    }
  }
  // A capitalised name left over next to a title is the employer ("Software Engineer, Microsoft");
  // a quoted one wins over its description (HR-tech startup "TalentBox").
  const quoted = leftovers.map((p) => /["“]([^"”]{2,40})["”]/u.exec(p)?.[1]).find((q) => q !== undefined);
  const employer = quoted ?? leftovers.find((p) => /^[A-Z0-9][\w&.'’() -]*$/u.test(p) && p.length <= 60);
  if (facts.company === undefined && employer && (facts.title !== undefined || facts.dates !== undefined)) facts.company = employer;
  // An employer heading its roles: "Google — Mountain View, CA", or "Boston Scientific" alone in title case.
  const titleCase = (p: string) => p.split(/\s+/u).length <= 6 && p.split(/\s+/u).every((w) => /^(?:[A-Z0-9][\w&.'’()-]*|&|of|and|the|de|du)$/u.test(w));
  if (facts.company === undefined && facts.title === undefined && facts.dates === undefined && leftovers.length === 1 && employer && (place || titleCase(employer))) {
    facts.company = employer;
  }
}

function readLine(line: Line, isChineseResume: boolean): LineFacts<ExperienceFacts> {
  const text = line.text;
  const labelled = readLabels(text);
  if (labelled && (labelled.company || labelled.title || labelled.time)) {
    const facts: Partial<ExperienceFacts> = {};
    if (labelled.company) facts.company = labelled.company;
    if (labelled.title) facts.title = labelled.title;
    const range = labelled.time ? findDateRanges(labelled.time)[0] : undefined;
    if (range) facts.dates = { start: range.start, end: range.end, current: range.current };
    return { facts, description: false };
  }
  const range = findDateRanges(text)[0];
  if (!range && (BULLET.test(text) || DESCRIPTION_LABEL.test(text) || ZH_DUTY_VERB.test(text))) return { facts: {}, description: true };
  // Long lines without dates are what the person did, not who they worked for.
  if (!range && text.length > (isChineseResume ? 40 : 90)) return { facts: {}, description: true };
  const facts: Partial<ExperienceFacts> = {};
  if (range) facts.dates = { start: range.start, end: range.end, current: range.current };
  const body = withoutDecoration(range ? text.replace(range.text, ' ') : text);
  if (HAN.test(body)) readZh(body, facts);
  else readEn(body, facts);
  return { facts, description: false };
}

export interface ParsedExperience {
  entries: Experience[];
  /** Which entries are internships (same order as `entries`). */
  internship: boolean[];
}

/** `sections`: the lines of each experience-like section, flagged when it lists internships. */
export function parseExperience(sections: Array<{ lines: Line[]; internships: boolean }>, today: MonthPoint, isChineseResume: boolean): ParsedExperience {
  const entries: Experience[] = [];
  const internship: boolean[] = [];
  for (const section of sections) {
    const read = (l: Line) => readLine(l, isChineseResume);
    let employer: string | undefined;
    for (const e of groupEntries(section.lines, read, 'company')) {
      const { title, dates } = e.facts;
      let company = e.facts.company;
      // "Google — Mountain View" on its own line, then one title-and-dates line per role:
      // the later roles were at the same employer.
      const companyOnly = company !== undefined && title === undefined && dates === undefined;
      const headedByCompany = e.factLines.length > 0 && Object.keys(read(e.factLines[0]!).facts).join() === 'company';
      if (company === undefined && employer !== undefined) company = employer;
      employer = headedByCompany && company !== undefined ? company : e.facts.company === undefined ? employer : undefined;
      if (companyOnly) continue;
      // A lone title or company without dates is usually a stray line, not a job.
      if (dates === undefined && (company === undefined || title === undefined)) continue;
      const found = [company, title, dates].filter((x) => x !== undefined).length;
      entries.push({
        company: company ?? null,
        title: title ?? null,
        start: dates ? toYearMonth(dates.start) : null,
        end: dates?.end ? toYearMonth(dates.end) : null,
        current: dates?.current ?? false,
        months: dates ? rangeMonths(dates.start, dates.end, today) : null,
        confidence: found === 3 ? 0.85 : found === 2 ? 0.65 : 0.4,
        source: e.factLines.map((l) => l.raw).join('\n'),
      });
      internship.push(section.internships || INTERNSHIP_TITLE.test(title ?? ''));
    }
  }
  return { entries, internship };
}

const ZH_NUMBER: Record<string, number> = { 一: 1, 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** 3, 十, 十二, 二十, 二十五 → number. */
function chineseNumber(s: string): number | null {
  if (/^\d+(?:\.\d+)?$/u.test(s)) return Number(s);
  if (!/^[一两二三四五六七八九十]{1,3}$/u.test(s)) return null;
  if (!s.includes('十')) return ZH_NUMBER[s] ?? null;
  const [tens, ones] = s.split('十') as [string, string];
  return (tens ? ZH_NUMBER[tens]! : 1) * 10 + (ones ? ZH_NUMBER[ones]! : 0);
}

const YEARS_STATEMENT = [
  /(?:工作年限|工作经验|从业年限|工作经历)\s*[:：]\s*(\d+(?:\.\d+)?|[一两二三四五六七八九十]{1,3})\s*(?:\+|多|余)?\s*年/u,
  /(\d+(?:\.\d+)?|[一两二三四五六七八九十]{1,3})\s*(?:\+|多|余)?\s*年\s*\+?\s*(?:以上)?(?:的)?(?:[\p{Script=Han}A-Za-z/]{0,8})?(?:工作|从业|开发|管理|销售|行业|相关)?(?:经验|经历)/u,
  /(\d+(?:\.\d+)?|[一两二三四五六七八九十]{1,3})\s*(?:\+|多|余)?\s*年(?:以上)?(?:的)?[\p{Script=Han}]{0,6}从业/u,
  /(?:over|more than|nearly|almost)?\s*(\d+(?:\.\d+)?)\s*\+?\s*(?:years?|yrs?)(?:'|’)?\s+(?:of\s+)?(?:[A-Za-z0-9&/+.-]+\s+){0,4}(?:experience|in\b)/iu,
  /(?:experience|exp)\s*[:：]\s*(\d+(?:\.\d+)?)\s*\+?\s*(?:years?|yrs?)/iu,
];

/** "8年工作经验", "十二年前端开发经验", "工作年限：10年", "17+ years of B2B sales experience". */
export function statedYears(lines: Line[]): Parsed<number | null> {
  for (const line of lines) {
    for (const re of YEARS_STATEMENT) {
      const m = re.exec(line.text);
      const n = m ? chineseNumber(m[1]!) : null;
      if (n !== null && n > 0 && n < 60) return { value: n, confidence: 0.8, source: line.raw };
    }
  }
  return { value: null, confidence: 0, source: null };
}

/** Total years (one decimal) from the entries, overlaps merged and internships left out, reconciled with a statement. */
export function totalYears(parsed: ParsedExperience, today: MonthPoint, statement: Parsed<number | null>): Parsed<number | null> {
  const intervals: Array<[number, number]> = [];
  let internshipsOnly = parsed.entries.length > 0;
  parsed.entries.forEach((e, i) => {
    if (parsed.internship[i]) return;
    internshipsOnly = false;
    if (e.start === null || e.months === null) return;
    // A start written as a year alone is stored as its January, which is where `months` counts from.
    const from = Number(e.start.slice(0, 4)) * 12 + Number(e.start.slice(5, 7)) - 1;
    intervals.push([from, from + e.months]);
  });
  const computed = intervals.length > 0 ? Math.round((coveredMonths(intervals) / 12) * 10) / 10 : internshipsOnly ? 0 : null;
  if (computed === null) return statement;
  if (statement.value !== null && statement.value > computed) return statement;
  return { value: computed, confidence: intervals.length > 0 ? 0.8 : 0.6, source: null };
}
