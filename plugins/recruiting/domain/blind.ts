/**
 * Blind screening: hide what must not sway a screener — name, gender, age, photo and
 * school names — from a parsed profile (`blindProfile`) and from free text shown next to
 * it (`blindText`: the résumé text, evidence sentences, sources).
 *
 * Decisions:
 * - Contact details (mobile, e-mail) are hidden too by default: an address like
 *   zhangwei1992@163.com spells the name and the birth year. `{ contact: false }` keeps them.
 * - A resident ID number holds the birth date and gender: it is always masked.
 * - A school name inside a longer organisation name is left alone: 北京大学附属医院 or
 *   中南大学湘雅医院 is an employer, which screeners need to see; only the school itself
 *   (毕业于北京大学, the education line) is hidden. An employer may therefore hint at a
 *   school; hiding employers would hide work history, which is what screening is about.
 * - Names: the full name, spaced forms (张 伟), surname + 先生/女士/小姐, and for Latin
 *   names each part (first name, last name; capitalised, as a word) with Mr/Ms before it.
 *   Nicknames and transliterations the résumé does not use cannot be known.
 * - Markers are in the language of what they replace: ［学校已隐藏］ / [school hidden].
 */
import { pieces } from './parse/lines.js';
import type { ResumeProfile } from './types.js';

export const BLIND_MARKERS = {
  zh: { name: '［姓名已隐藏］', school: '［学校已隐藏］', age: '［年龄已隐藏］', gender: '［性别已隐藏］', photo: '［照片已隐藏］', contact: '［联系方式已隐藏］', id: '［证件号已隐藏］' },
  en: { name: '[name hidden]', school: '[school hidden]', age: '[age hidden]', gender: '[gender hidden]', photo: '[photo hidden]', contact: '[contact hidden]', id: '[ID hidden]' },
} as const;

export interface BlindOptions {
  /** Hide mobile and e-mail as well (default true). */
  contact?: boolean;
}

type Markers = (typeof BLIND_MARKERS)['zh' | 'en'];

interface Span {
  start: number;
  end: number;
  marker: string;
}

const HAN = /\p{Script=Han}/u;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Apply spans: overlapping ones merge into the earliest, longest span. */
function applySpans(text: string, spans: Span[]): string {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  for (const s of sorted) {
    if (s.start < at) continue;
    out += text.slice(at, s.start) + s.marker;
    at = s.end;
  }
  return out + text.slice(at);
}

/** One thing to mask: a pattern, its marker, the capture group masked, and a veto for matches to keep. */
interface Rule {
  re: RegExp;
  marker: string;
  group?: number;
  keep?: (line: string, start: number, end: number) => boolean;
}

function nameRules(name: string, m: Markers): Rule[] {
  if (HAN.test(name)) {
    const chars = [...name.replace(/\s+/gu, '')];
    const spaced = chars.map(escape).join('[\\s\\u3000]*');
    const surname = chars.length === 4 || name.includes('·') ? chars.slice(0, 2).join('') : chars[0]!;
    return [
      { re: new RegExp(spaced, 'gu'), marker: BLIND_MARKERS.zh.name },
      { re: new RegExp(`${escape(surname)}(?:先生|女士|小姐|同学|老师)`, 'gu'), marker: BLIND_MARKERS.zh.name },
    ];
  }
  const words = name.split(/\s+/u).filter((w) => w.replace(/\./gu, '').length >= 2);
  const honorific = String.raw`(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)?`;
  return [
    { re: new RegExp(`${honorific}${words.map(escape).join('\\s+')}(?![\\p{L}])`, 'giu'), marker: m.name },
    // Each part as a capitalised word (or in capitals): "Johnson" but not "johnson & johnson" in a sentence about soap.
    ...words.map((w) => ({
      re: new RegExp(`${honorific}(?<![\\p{L}'’])(?:${[w, w.toUpperCase()].map(escape).join('|')})(?![\\p{L}])`, 'gu'),
      marker: m.name,
    })),
  ];
}

/** Where a school name is part of a longer organisation: 北京大学附属医院, 中南大学湘雅医院, Harvard University Press. */
const ORGANISATION_AFTER_SCHOOL = /^(?:附属|第[一二三四五六七八九十\d]+|[\p{Script=Han}]{0,8}?(?:医院|公司|集团|出版社|研究院|设计院|银行|中心))|^\s+(?:Press|Hospital|Medical Center|Health)\b/u;

function schoolRules(profile: ResumeProfile): Rule[] {
  const schools = new Set<string>();
  for (const e of profile.education) {
    if (!e.school || e.school.trim().length < 2) continue;
    schools.add(e.school);
    // 北京大学光华管理学院 is also written 北京大学.
    const university = /^\p{Script=Han}+?大学/u.exec(e.school)?.[0];
    if (university && university !== e.school && university.length >= 4) schools.add(university);
  }
  const employers = profile.experience.map((e) => e.company).filter((c): c is string => !!c);
  /** Inside an employer's name as the candidate wrote it (and longer than the school), or followed by more organisation name. */
  const keep = (line: string, start: number, end: number): boolean => {
    if (ORGANISATION_AFTER_SCHOOL.test(line.slice(end, end + 12))) return true;
    return employers.some((org) => {
      if (org.length <= end - start) return false;
      for (let i = line.indexOf(org); i >= 0; i = line.indexOf(org, i + 1)) if (i <= start && end <= i + org.length) return true;
      return false;
    });
  };
  return [...schools].map((school) => ({
    re: new RegExp(escape(school).replace(/\s+/gu, '\\s+'), HAN.test(school) ? 'gu' : 'giu'),
    marker: HAN.test(school) ? BLIND_MARKERS.zh.school : BLIND_MARKERS.en.school,
    keep,
  }));
}

const AGE_PATTERNS: Array<[RegExp, 'zh' | 'en']> = [
  [/(?:出生年月|出生日期|出生年份|出生年|生日)[\s\u3000]*[:：]?[\s\u3000]*\d{4}(?:[年./-][\s\u3000]*\d{1,2}(?:[月./-][\s\u3000]*\d{1,2}[日号]?)?月?)?/gu, 'zh'],
  [/\d{4}[\s\u3000]*(?:年[\s\u3000]*(?:\d{1,2}[\s\u3000]*月[\s\u3000]*)?|[./-]\d{1,2}[\s\u3000]*)(?:出生|生人|生)(?![产活态物意])/gu, 'zh'],
  [/(?:年龄|年纪)[\s\u3000]*[:：]?[\s\u3000]*\d{1,2}[\s\u3000]*(?:周岁|岁)?/gu, 'zh'],
  [/(?:今年)?(?<!\d)\d{2}[\s\u3000]*(?:周岁|岁)/gu, 'zh'],
  [/\b(?:date of birth|birth ?date|d\.?o\.?b\.?)\s*:?\s*(?:[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4}|\d{4}[./-]\d{1,2}(?:[./-]\d{1,2})?|\d{1,2}[./-]\d{1,2}[./-]\d{4}|\d{4})/giu, 'en'],
  [/\bborn(?:\s*:|\s+(?:in|on))?\s*(?:[A-Za-z]{3,9}\.?\s+(?:\d{1,2},?\s+)?)?\d{4}\b/giu, 'en'],
  [/\bage\s*:?\s*\d{2}\b/giu, 'en'],
  [/\b\d{2}\s*(?:years?|yrs?)\s+old\b/giu, 'en'],
];

const GENDER_PATTERNS: Array<[RegExp, 'zh' | 'en', number]> = [
  [/性别[\s\u3000]*[:：]?[\s\u3000]*[男女]/gu, 'zh', 0],
  [/\b(?:gender|sex)\s*:\s*(?:male|female|m|f|man|woman|non-binary)\b/giu, 'en', 0],
  // 女 | 29岁 | 上海 — a lone 男/女 between separators.
  [/(?:^|[\s\u3000|｜,，/、·•])([男女])(?=$|[\s\u3000|｜,，/、·•])/gu, 'zh', 1],
];

/** Photo placeholders some exports leave in the text: [照片], （照片）, 照片：, [Photo]. */
const PHOTO = /[[【(（［]?\s*(?:照片|头像|免冠照|photo(?:graph)?|headshot|picture)\s*[\]】)）］]?(?=\s*$|\s*[:：])/giu;
/** An 18-digit resident ID (or the old 15-digit one). */
const ID_NUMBER = /(?<![\dA-Za-z])(?:\d{17}[\dXx]|\d{15})(?![\dA-Za-z])/gu;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/gu;
/** Anything phone-shaped; only matches ending in the candidate's own number are masked. */
const PHONE = /(?<!\d)(?:\(?(?:\+|00)\s*\d{1,3}\)?[\s.-]*)?(?:\(\d{2,4}\)\s*)?\d{2,4}(?:[\s.-]?\d{2,4}){1,4}(?!\d)/gu;

/** Everything to mask for one candidate, compiled once per call. */
function rulesFor(profile: ResumeProfile, options: BlindOptions): Rule[] {
  const m: Markers = BLIND_MARKERS[profile.language];
  const rules: Rule[] = [];
  if (profile.name.value) rules.push(...nameRules(profile.name.value, m));
  rules.push(...schoolRules(profile));
  for (const [re, lang] of AGE_PATTERNS) rules.push({ re, marker: BLIND_MARKERS[lang].age });
  for (const [re, lang, group] of GENDER_PATTERNS) rules.push({ re, marker: BLIND_MARKERS[lang].gender, group });
  rules.push({ re: PHOTO, marker: m.photo }, { re: ID_NUMBER, marker: m.id });
  if (options.contact !== false) {
    rules.push({ re: EMAIL, marker: m.contact });
    const tail = profile.mobile.value?.replace(/\D/gu, '').slice(-8);
    if (tail) rules.push({ re: PHONE, marker: m.contact, keep: (line, start, end) => !line.slice(start, end).replace(/\D/gu, '').endsWith(tail) });
  }
  return rules;
}

/**
 * Mask the candidate's name, schools, age, gender, photo markers (and contact details) in
 * `text`. Works line by line (no hidden value spans lines), so a huge pasted line costs
 * what its pieces cost.
 */
export function blindText(text: string, profile: ResumeProfile, options: BlindOptions = {}): string {
  const rules = rulesFor(profile, options);
  const spans: Span[] = [];
  for (const [from, to] of pieces(text)) {
    const line = text.slice(from, to);
    for (const rule of rules) {
      for (const match of line.matchAll(rule.re)) {
        const part = match[rule.group ?? 0];
        if (!part) continue;
        const start = match.index + (rule.group ? match[0].indexOf(part) : 0);
        const end = start + part.length;
        if (rule.keep?.(line, start, end)) continue;
        spans.push({ start: from + start, end: from + end, marker: rule.marker });
      }
    }
  }
  return applySpans(text, spans);
}

/**
 * A copy of the profile safe to show blind: name, gender and birth year null, every
 * school null, contact details null (unless `contact: false`), and every `source` line
 * masked like `blindText`. Degrees, majors, dates, employers, skills and languages stay.
 */
export function blindProfile(profile: ResumeProfile, options: BlindOptions = {}): ResumeProfile {
  const mask = (s: string | null) => (s === null ? null : blindText(s, profile, options));
  const hidden = { confidence: 0, source: null };
  const hideContact = options.contact !== false;
  return {
    language: profile.language,
    name: { value: null, ...hidden },
    gender: { value: null, ...hidden },
    birthYear: { value: null, ...hidden },
    mobile: hideContact ? { value: null, ...hidden } : { ...profile.mobile },
    email: hideContact ? { value: null, ...hidden } : { ...profile.email },
    education: profile.education.map((e) => ({ ...e, school: null, source: mask(e.source) })),
    highestDegree: { ...profile.highestDegree, source: mask(profile.highestDegree.source) },
    experience: profile.experience.map((e) => ({ ...e, source: mask(e.source) })),
    totalYears: { ...profile.totalYears, source: mask(profile.totalYears.source) },
    skills: { ...profile.skills, value: [...profile.skills.value], source: mask(profile.skills.source) },
    languages: { ...profile.languages, value: profile.languages.value.map((l) => ({ ...l })), source: mask(profile.languages.source) },
  };
}
