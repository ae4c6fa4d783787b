/**
 * Job requirements from a job description pasted as free text (Chinese or English), and
 * their normalization after HR edits them.
 *
 * How a description is read:
 * 1. Lines are grouped under the section headings job boards use (岗位职责 / 任职要求 /
 *    加分项 / 福利待遇 …; Responsibilities / Requirements / Nice to have / Benefits …).
 *    Company, benefits and how-to-apply sections are ignored: "我们是一家ERP软件公司" is
 *    not a requirement.
 * 2. Requirement sentences are cut into clauses (，；; and parenthesized remarks), because
 *    "本科及以上学历，硕士优先" asks for two different things.
 * 3. A clause is **nice to have** when it says so (优先 / 加分 / 为佳 / a plus / preferred /
 *    bonus / desirable / ideally …), when it sits in a nice-to-have section, when it offers
 *    alternatives (至少一种 / 之一 / 或 / one of / or similar — the requirement shape has no
 *    "any of", and demanding all alternatives would reject good people), when it asks for
 *    light knowledge only (了解 / 接触过 / exposure to), or when its skills are soft ones
 *    (沟通能力, teamwork), which a résumé can claim but not show.
 * 4. Skills in the duties section are nice to have when the description also has a
 *    requirements section (duties describe the work, the requirements say who may do it);
 *    without any requirements section, every non-nice clause counts as required.
 * 5. Years: the largest number asked by a required clause ("3年以上", "三年及以上",
 *    "5+ years", "at least 3 years"); a range gives its lower bound ("1-3年" → 1); "经验不限"
 *    or a years figure only in a nice clause gives none.
 *    Degree: the lowest degree a required clause accepts ("本科及以上" → bachelor, "BS/MS"
 *    → bachelor); "硕士优先" is nice and does not raise the minimum.
 *    Languages: a language asked for with a level or a use (英语四级, 良好的英语读写能力,
 *    fluent English, Japanese N2, 普通话标准); "请发送英文简历" asks for nothing.
 */
import { z } from '../../../core/sdk.js';
import { canonicalSkill, sentences, skillFamily, skillsInSentence } from './skills.js';
import { DEGREES, DEGREE_RANK, type Degree, type JobRequirements } from './types.js';

type Section = 'intro' | 'duties' | 'requirements' | 'nice' | 'ignore';

const HEADINGS: [Section, RegExp][] = [
  ['duties', /^(?:岗位职责|工作职责|职位职责|职责描述|岗位描述|职位描述|工作内容|主要职责|岗位内容|你将负责|你要做的事|responsibilities|key responsibilities|duties|job description|role description|what you(?:'|’)?ll do|what you will do|about the role|the role|your role|your mission)$/iu],
  ['requirements', /^(?:任职要求|任职资格|岗位要求|职位要求|任职条件|应聘要求|招聘要求|我们希望你|基本要求|岗位任职要求|requirements|job requirements|qualifications|required qualifications|minimum qualifications|basic qualifications|must[- ]haves?|what we(?:'|’)?re looking for|what we are looking for|who we(?:'|’)?re looking for|who we are looking for|we are looking for|what we look for|what you(?:'|’)?ll need|what you need|what you bring|you will need|your profile|who you are|about you|skills and experience|skills & experience|you have|you should have)$/iu],
  ['nice', /^(?:加分项|优先条件|加分条件|有以下条件者优先|优先考虑|优先|加分|优先[/／、]加分|加分[/／、]优先|加分项[/／、]优先|nice[- ]to[- ]haves?|preferred qualifications|preferred|bonus points|bonus|pluses|it(?:'|’)?s a plus if|extra credit|good to have|desirable)$/iu],
  ['ignore', /^(?:公司介绍|公司简介|关于我们|企业介绍|团队介绍|福利待遇|薪资福利|薪酬福利|我们提供|公司福利|员工福利|工作地点|工作时间|上班地点|联系方式|投递方式|应聘方式|about us|about the company|who we are|our company|company overview|benefits|perks|what we offer|we offer|compensation|location|how to apply|salary|working hours|contact)$/iu],
];

/** "一、", "1.", "【", "#", "**" before a heading; "：" or nothing after it. */
const HEADING_LINE = /^\s*(?:[一二三四五六七八九十]+[、.．]|\d+[、.．)]\s*)?\s*[#*【[<《]*\s*([^：:【】[\]*#<>《》]{2,40}?)\s*[】\]*>》]*\s*(?:[：:]\s*(.*))?$/u;

function headingOf(line: string): { section: Section; rest: string } | null {
  const m = HEADING_LINE.exec(line);
  if (!m) return null;
  const name = m[1]!.trim().replace(/\s+/gu, ' ');
  for (const [section, re] of HEADINGS) if (re.test(name)) return { section, rest: (m[2] ?? '').trim() };
  return null;
}

const NICE_MARKERS = [
  /优先|加分|为佳|更佳|尤佳|者佳|最好|更好|亦可|可加分/u,
  /\b(?:a|big|huge|strong)\s+plus\b|\bis a plus\b|\bpluses\b|\bpreferred\b|\bpreferably\b|\bnice[- ]to[- ]have\b|\bbonus\b|\badvantage(?:ous)?\b|\bdesir(?:able|ed)\b|\bideally\b|\bgood to have\b|\bwould be (?:great|nice)\b/iu,
];
const ALTERNATIVE_MARKERS = [
  /至少(?:熟悉|掌握|精通|使用|会)?(?:一|1)(?:种|门|项|个)|其中(?:一种|一门|之一|一项)|之一|任一|任意一|一种或多种|其一|或(?!以上)/u,
  /\bat least one\b|\bone of\b|\bone or more of\b|\bor similar\b|\bor equivalent\b|\bor other\b|\bor\b/iu,
];
/** Light knowledge: 了解 (but not 深入了解), 接触过, exposure to, familiarity is not light. */
const LIGHT_MARKERS = [/(?<!深入|充分|深刻|全面)了解|接触过|听说过/u, /\bexposure to\b|\bbasic (?:knowledge|understanding)\b|\bawareness of\b/iu];

const matchesAny = (text: string, patterns: RegExp[]) => patterns.some((re) => re.test(text));

/**
 * Clauses of a requirement sentence: split at ，；; (and at an ASCII comma before Chinese or
 * before "ideally / preferably / especially / with", where English starts a softer remark),
 * with parenthesized remarks — "本科（硕士优先）" — as clauses of their own.
 */
export function clauses(sentence: string): string[] {
  const remarks: string[] = [];
  const main = sentence.replace(/[（(]([^（）()]*)[）)]/gu, (_, inner: string) => {
    remarks.push(inner);
    return ' ';
  });
  return [...main.split(/[，；;]|,(?=\s*\p{Script=Han})|,(?=\s*(?:ideally|preferably|especially|and ideally|with)\b)/iu), ...remarks].map((c) => c.trim()).filter((c) => c !== '');
}

const CHINESE_DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const ENGLISH_NUMBERS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, fifteen: 15, twenty: 20 };

/** 3, 三, 十, 十五, 二十 → number. */
function chineseNumber(text: string): number | null {
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text);
  if (!/^[零一二两三四五六七八九十]+$/u.test(text)) return null;
  if (!text.includes('十')) return text.length === 1 ? (CHINESE_DIGITS[text] ?? null) : null;
  const [tens, ones] = text.split('十') as [string, string];
  return (tens === '' ? 1 : (CHINESE_DIGITS[tens] ?? 0)) * 10 + (ones === '' ? 0 : (CHINESE_DIGITS[ones] ?? 0));
}

const ZH_NUM = '\\d+(?:\\.\\d+)?|[零一二两三四五六七八九十]{1,3}';
const ZH_YEARS = new RegExp(`(?<![\\d.])(${ZH_NUM})\\s*(?:年?\\s*[-~～—至到]\\s*(?:${ZH_NUM})\\s*)?(?:个)?\\s*年\\s*(?:以上|及以上|或以上|\\+)?`, 'gu');
const EN_YEARS = /(?<![\d.])(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty)\s*(?:\+|plus)?\s*(?:(?:-|–|—|to)\s*\d+\s*)?(?:\+\s*)?(?:years?|yrs?)\b/giu;
const YEARS_CONTEXT = /经验|工作|从业|年限|相关|开发|经历|资历|experience|exp\b|working|work|industry|background|track record|development|engineering|programming|\bdeveloper\b|\bin (?:an?|the)\b.*\b(?:role|position|function)s?\b/iu;
const NO_YEARS = /经验不限|不限经验|无经验要求|应届|no experience (?:required|necessary)|fresh graduates? (?:are )?welcome|entry[- ]level/iu;

/** Minimum years a clause asks for, or null. */
export function yearsIn(clause: string): number | null {
  const text = clause.normalize('NFKC');
  if (!YEARS_CONTEXT.test(text) || /年龄|年薪|周岁|age\b/iu.test(text)) return null;
  let best: number | null = null;
  for (const m of text.matchAll(ZH_YEARS)) {
    const n = chineseNumber(m[1]!);
    if (n !== null && n > 0 && n <= 40) best = Math.max(best ?? 0, n);
  }
  for (const m of text.matchAll(EN_YEARS)) {
    const raw = m[1]!.toLowerCase();
    const n = ENGLISH_NUMBERS[raw] ?? Number(raw);
    if (Number.isFinite(n) && n > 0 && n <= 40) best = Math.max(best ?? 0, n);
  }
  return best;
}

const DEGREE_PATTERNS: [Degree, RegExp][] = [
  ['phd', /博士|\bph\.?\s?d\b|\bdoctorate\b|\bdoctoral\b/iu],
  ['master', /硕士|研究生|\bmaster(?:'|’)?s?\b|\bm\.s\.|\bm\.?sc\b|\bmba\b|\bms(?=\s+in\b|\s*\/|\s+degree)|(?<=\/\s*)ms\b|\bgraduate degree\b/iu],
  ['bachelor', /本科|学士|统招本|\bbachelor(?:'|’)?s?\b|\bb\.s\.|\bb\.a\.|\bb\.?sc\b|\bbs(?=\s+in\b|\s*\/|\s+degree)|(?<=\/\s*)bs\b|\bba\/bs\b|\bundergraduate degree\b|\buniversity degree\b|\bcollege degree\b|\bfour-year degree\b/iu],
  ['associate', /大专|(?<!本)专科(?!护)|高职|\bassociate(?:'|’)?s? degree\b/iu],
  ['high_school', /高中|中专|职高|技校|\bhigh school\b|\bsecondary school\b|\bged\b/iu],
];
const NO_DEGREE = /学历不限|不限学历|no degree required/iu;

/** The lowest degree a clause accepts, or null. */
export function degreeIn(clause: string): Degree | null {
  const text = clause.normalize('NFKC');
  if (NO_DEGREE.test(text)) return null;
  let lowest: Degree | null = null;
  for (const [degree, re] of DEGREE_PATTERNS) if (re.test(text)) lowest = degree;
  return lowest;
}

const LANGUAGE_USE_ZH = /读写|听说|口语|沟通|交流|流利|熟练|良好|水平|能力|阅读|工作语言|书面|四级|六级|八级|cet|tem|雅思|托福|ielts|toefl|标准|母语|精通/iu;
const LANGUAGE_USE_EN = /fluen|proficien|business|working|written|spoken|verbal|communicat|excellent|strong|good|native|bilingual|level|skills|read|speak|write|command of|jlpt|\bn[1-5]\b|ielts|toefl|topik|hsk/iu;
const LANGUAGES: [code: string, zh: RegExp, en: RegExp, always?: RegExp][] = [
  ['en', /英语|英文/u, /\benglish\b/iu, /cet-?\s?[46]|英语[四六八]级|专[业]?[四八]级|\btem-?[48]\b|ielts|toefl|雅思|托福/iu],
  ['ja', /日语|日文/u, /\bjapanese\b/iu, /jlpt|日语\s*n[1-5]|日语[一二]级/iu],
  ['ko', /韩语|韩文|朝鲜语/u, /\bkorean\b/iu, /topik/iu],
  ['de', /德语/u, /\bgerman\b/iu],
  ['fr', /法语/u, /\bfrench\b/iu],
  ['es', /西班牙语/u, /\bspanish\b/iu],
  ['ru', /俄语/u, /\brussian\b/iu],
  ['zh', /普通话|中文/u, /\bmandarin\b|\bchinese\b/iu, /普通话(?:标准|流利|二级|一级)|hsk/iu],
  ['yue', /粤语/u, /\bcantonese\b/iu],
];

/** Canonical language codes a clause asks for. */
export function languagesIn(clause: string): string[] {
  const text = clause.normalize('NFKC');
  const out: string[] = [];
  for (const [code, zh, en, always] of LANGUAGES) {
    if ((always && always.test(text)) || (zh.test(text) && LANGUAGE_USE_ZH.test(text)) || (en.test(text) && LANGUAGE_USE_EN.test(text))) out.push(code);
  }
  return out;
}

/** The job title: a labelled line ("职位名称：…", "Job title: …") or a short first line that is no heading. */
function titleOf(lines: string[]): string | undefined {
  for (const line of lines.slice(0, 12)) {
    const m = /^\s*(?:职位名称|岗位名称|招聘职位|招聘岗位|职位|岗位|job title|position|title|role)\s*[:：]\s*(.+)$/iu.exec(line);
    if (m) return cleanTitle(m[1]!);
  }
  const first = lines.find((l) => l.trim() !== '');
  if (!first || headingOf(first) || first.length > 40 || /[。.!?]$/u.test(first.trim())) return undefined;
  const title = cleanTitle(first);
  return title === '' ? undefined : title;
}

/** Drop salary ("15-25K·14薪", "$120k"), "招聘" and decoration around a title. */
function cleanTitle(raw: string): string {
  return raw
    .replace(/^\s*(?:[【[](?:急招|诚聘|高薪诚聘|招聘|hiring)[】\]]|(?:急招|诚聘|高薪诚聘|招聘|hiring)\s*[:：])\s*/iu, '')
    .replace(/\s*[（(]?\s*\d+(?:\.\d+)?\s*[-~～至]\s*\d+(?:\.\d+)?\s*[kKwW万千]?(?:\s*[·*×x]\s*\d+\s*薪)?\s*[)）]?/gu, '')
    .replace(/\s*[$¥￥]\s*\d[\d,.]*\s*k?(?:\s*[-–]\s*[$¥￥]?\s*\d[\d,.]*\s*k?)?/giu, '')
    .replace(/^[\s#*【[]+|[\s#*】\]|·-]+$/gu, '')
    .trim();
}

interface Collected {
  must: string[];
  nice: string[];
  years: number[];
  degrees: Degree[];
  languages: string[];
}

function readClause(clause: string, section: Section, duplicatesDuties: boolean, into: Collected): void {
  const nice =
    section === 'nice' ||
    matchesAny(clause, NICE_MARKERS) ||
    matchesAny(clause, LIGHT_MARKERS);
  const alternatives = matchesAny(clause, ALTERNATIVE_MARKERS);
  const skills = skillsInSentence(clause);
  for (const skill of skills) {
    const soft = skillFamily(skill) === 'soft';
    // Alternatives only soften skill lists with more than one skill ("Java或Go"); a lone skill stays as asked.
    const optional = nice || soft || duplicatesDuties || (alternatives && skills.length > 1);
    (optional ? into.nice : into.must).push(skill);
  }
  if (nice || duplicatesDuties) return;
  const years = yearsIn(clause);
  if (years !== null) into.years.push(years);
  const degree = degreeIn(clause);
  if (degree !== null) into.degrees.push(degree);
  into.languages.push(...languagesIn(clause));
}

/**
 * A line of perks with no heading above it ("五险一金 | 双休 | 年度旅游", "Benefits: 13th-month
 * pay, health insurance"): short items in a row, most of them perks. Not a requirement, even
 * though "五险一金" names something an HR résumé may list as a skill.
 */
const PERK = /五险|六险|一金|双休|单休|年假|带薪|年终|双薪|奖金|包住|包吃|住宿|餐补|饭补|工作餐|下午茶|团建|旅游|体检|补充医疗|商业保险|节日福利|弹性|内购|股票|期权|bonus|insurance|annual leave|paid leave|equity|stock|flexible|13th|meal|allowance|snacks|gym/iu;
function isPerkLine(line: string): boolean {
  const items = line.split(/\s*[|｜·•、,，/／;；]\s*/u).filter((i) => i.trim() !== '');
  if (items.length < 3 || items.some((i) => i.length > 24)) return false;
  return items.filter((i) => PERK.test(i)).length * 2 >= items.length;
}

/** The description's lines grouped under their section headings. */
function groupSections(description: string): { section: Section; text: string }[] {
  const grouped: { section: Section; text: string }[] = [];
  let section: Section = 'intro';
  for (const line of description.normalize('NFKC').split(/\r\n|[\r\n\u2028]/u)) {
    const heading = headingOf(line);
    if (heading) {
      section = heading.section;
      if (heading.rest !== '') grouped.push({ section, text: heading.rest });
    } else if (line.trim() !== '') grouped.push({ section: isPerkLine(line) ? 'ignore' : section, text: line });
  }
  return grouped;
}

/**
 * The part of a description worth matching résumés against: title, duties and
 * requirements, without the company pitch, benefits and address (which every résumé
 * would match or miss alike, and which drown the signal in BM25).
 */
export function jobQueryText(description: string, title?: string): string {
  const grouped = groupSections(description);
  const hasSections = grouped.some((g) => g.section !== 'intro');
  const kept = grouped.filter((g) => g.section !== 'ignore' && (!hasSections || g.section !== 'intro')).map((g) => g.text);
  const heading = title ?? titleOf(description.split(/\r\n|[\r\n\u2028]/u));
  const withTitle = heading !== undefined && !kept.some((line) => line.includes(heading)) ? [heading, ...kept] : kept;
  return withTitle.join('\n').trim();
}

/** Requirements and title from a pasted job description. */
export function extractRequirements(description: string): JobRequirements & { title?: string } {
  const grouped = groupSections(description);
  const hasRequirements = grouped.some((g) => g.section === 'requirements' || g.section === 'nice');
  const collected: Collected = { must: [], nice: [], years: [], degrees: [], languages: [] };
  const noYears = NO_YEARS.test(description);
  for (const { section: s, text } of grouped) {
    if (s === 'ignore') continue;
    // With a requirements section, the intro (company pitch, salary line) and duties describe, not require.
    const descriptive = hasRequirements && (s === 'duties' || s === 'intro');
    if (descriptive && s === 'intro') continue;
    for (const sentence of sentences(text)) for (const clause of clauses(sentence)) readClause(clause, s, descriptive, collected);
  }
  const title = titleOf(description.split(/\r\n|[\r\n\u2028]/u));
  // Deduplicated before the schema's caps apply: a long description repeats its skills.
  const requirements = normalizeRequirements({
    mustHave: [...new Set(collected.must)].slice(0, 60),
    niceToHave: [...new Set(collected.nice.filter((s) => !collected.must.includes(s)))].slice(0, 60),
    minYears: noYears || collected.years.length === 0 ? null : Math.max(...collected.years),
    degree: collected.degrees.reduce<Degree | null>((low, d) => (low === null || DEGREE_RANK[d] < DEGREE_RANK[low] ? d : low), null),
    languages: collected.languages,
  });
  return title === undefined ? requirements : { ...requirements, title };
}

const LANGUAGE_NAMES: Record<string, string> = {
  english: 'en', 英语: 'en', 英文: 'en', chinese: 'zh', mandarin: 'zh', 中文: 'zh', 普通话: 'zh', 汉语: 'zh',
  japanese: 'ja', 日语: 'ja', korean: 'ko', 韩语: 'ko', german: 'de', 德语: 'de', french: 'fr', 法语: 'fr',
  spanish: 'es', 西班牙语: 'es', russian: 'ru', 俄语: 'ru', cantonese: 'yue', 粤语: 'yue',
};

/** 'English' / '英语' / 'EN' → 'en'; an unknown name stays lower-cased. */
export function languageCode(raw: string): string {
  const key = raw.normalize('NFKC').trim().toLowerCase();
  return LANGUAGE_NAMES[key] ?? key;
}

/** What HR may send when editing requirements (forms and API); missing parts mean "none". */
export const requirementsInputSchema = z.object({
  mustHave: z.array(z.string().max(80)).max(60).default([]),
  niceToHave: z.array(z.string().max(80)).max(60).default([]),
  minYears: z.number().min(0).max(50).nullable().default(null),
  degree: z.enum(DEGREES).nullable().default(null),
  languages: z.array(z.string().max(40)).max(10).default([]),
});
export type RequirementsInput = z.input<typeof requirementsInputSchema>;

/**
 * Canonical, deduplicated requirements: skills through `canonicalSkill` (so 'JS' and
 * 'JavaScript' are one), a skill both required and nice stays required only, years
 * rounded to half years, languages as codes. Throws zod's error on malformed input.
 */
export function normalizeRequirements(input: RequirementsInput): JobRequirements {
  const parsed = requirementsInputSchema.parse(input);
  const unique = (names: string[]) => [...new Set(names.map(canonicalSkill).filter((s) => s !== ''))];
  const mustHave = unique(parsed.mustHave);
  const niceToHave = unique(parsed.niceToHave).filter((s) => !mustHave.includes(s));
  return {
    mustHave,
    niceToHave,
    minYears: parsed.minYears === null ? null : Math.round(parsed.minYears * 2) / 2,
    degree: parsed.degree,
    languages: [...new Set(parsed.languages.map(languageCode).filter((l) => l !== ''))],
  };
}
