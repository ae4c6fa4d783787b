/**
 * Contact and personal details: mobile, e-mail, gender and year of birth. Labels make a
 * value sure (手机：, 邮箱：, 性别：, 出生年月：, Mobile:, Gender:, Date of Birth:); a bare
 * value in the header is taken with less confidence. Gender and birth year are read only
 * so that blind screening can hide them; scoring never looks at them.
 */
import { isEmail, normalizeMobile } from '../../../../core/sdk.js';
import type { Parsed } from '../types.js';
import type { Line } from './lines.js';

const none = <T>(value: T): Parsed<T> => ({ value, confidence: 0, source: null });

// ---------------------------------------------------------------- phone

const PHONE_LABEL = /(?:手机|电话|联系电话|手机号码?|移动电话|联系方式|(?<![a-z])(?:mobile|cell|phone|tel|telephone|m))\s*(?:号码)?\s*[:：.]?\s*$/iu;

/**
 * A mainland mobile (+86 / 0086 / (+86), spaces or dashes between 3-4-4 groups) or another
 * country's number written with its + code or as (206) 555-0182.
 */
const MAINLAND = /(?<![\d+])(?:\(?(?:\+|00)\s*86\)?[\s-]*)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)/gu;
const INTERNATIONAL = /(?<![\d\w])\+\s*(?!86\b)\d{1,3}[\s.-]*(?:\(\d{1,4}\)[\s.-]*)?\d{2,4}(?:[\s.-]*\d{2,4}){1,4}(?!\d)/gu;
const NORTH_AMERICA = /(?<![\d\w+])(?:\(\d{3}\)\s*|\d{3}[.-])\d{3}[\s.-]\d{4}(?![\d-])/gu;

interface PhoneHit {
  value: string;
  labelled: boolean;
  line: Line;
}

function phoneHits(line: Line): PhoneHit[] {
  const hits: Array<{ value: string; index: number }> = [];
  for (const m of line.text.matchAll(MAINLAND)) {
    const n = normalizeMobile(m[0]);
    if (n) hits.push({ value: n, index: m.index });
  }
  if (hits.length === 0) {
    for (const m of line.text.matchAll(INTERNATIONAL)) {
      const digits = m[0].replace(/\D/g, '');
      if (digits.length >= 8 && digits.length <= 15) hits.push({ value: `+${digits}`, index: m.index });
    }
    if (hits.length === 0) for (const m of line.text.matchAll(NORTH_AMERICA)) hits.push({ value: m[0].replace(/\D/g, ''), index: m.index });
  }
  return hits.map((h) => ({ value: h.value, labelled: PHONE_LABEL.test(line.text.slice(0, h.index)), line }));
}

/**
 * The candidate's phone: 11 digits for a mainland mobile; '+' and digits for a number with
 * another country code; 10 digits for a North American "(206) 555-0182". A labelled number
 * wins over an unlabelled one, the first one over later ones (referees come last).
 */
export function findMobile(lines: Line[]): Parsed<string | null> {
  let first: PhoneHit | null = null;
  for (const line of lines) {
    for (const hit of phoneHits(line)) {
      if (hit.labelled) return { value: hit.value, confidence: 0.98, source: line.raw };
      first ??= hit;
    }
  }
  if (!first) return none(null);
  const mainland = /^1\d{10}$/.test(first.value);
  return { value: first.value, confidence: mainland ? 0.9 : 0.75, source: first.line.raw };
}

// ---------------------------------------------------------------- e-mail

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/gu;
const EMAIL_LABEL = /(?:邮箱|电子邮箱|电子邮件|e-?mail|mail)\s*[:：]?\s*$/iu;

export function findEmail(lines: Line[]): Parsed<string | null> {
  for (const line of lines) {
    for (const m of line.text.matchAll(EMAIL)) {
      const value = m[0].replace(/[.]+$/u, '');
      if (!isEmail(value)) continue;
      const labelled = EMAIL_LABEL.test(line.text.slice(0, m.index));
      return { value, confidence: labelled ? 0.98 : 0.95, source: line.raw };
    }
  }
  return none(null);
}

// ---------------------------------------------------------------- gender

const GENDER_LABELLED = /(?:性别|gender|sex)\s*[:：]?\s*(男|女|male|female|man|woman|m|f)(?![a-z])/iu;
/** 男 / 女 standing alone between separators in the header: "女 | 29岁 | 上海". */
const GENDER_BARE = /(?:^|[\s|,，/、·•])(男|女)(?=$|[\s|,，/、·•])/u;
/** Prose: 性别女, "男，1990年出生". */
const GENDER_PROSE = /性别\s*(男|女)/u;

const genderOf = (word: string): 'male' | 'female' => (/^(男|male|man|m)$/iu.test(word) ? 'male' : 'female');

export function findGender(lines: Line[], headerLines: Line[]): Parsed<'male' | 'female' | null> {
  for (const line of lines) {
    const m = GENDER_LABELLED.exec(line.text) ?? GENDER_PROSE.exec(line.text);
    if (m) return { value: genderOf(m[1]!), confidence: 0.95, source: line.raw };
  }
  for (const line of headerLines) {
    const m = GENDER_BARE.exec(line.text);
    if (m) return { value: genderOf(m[1]!), confidence: 0.7, source: line.raw };
  }
  return none(null);
}

// ---------------------------------------------------------------- birth year

const BIRTH_LABELLED = /(?:出生年月|出生日期|出生年份|出生|生日|(?<![a-z])(?:date of birth|birth ?date|d\.?o\.?b\.?|born(?: in| on)?))\s*[:：]?\s*(?:[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+|\d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3,9}\.?,?\s+|\d{1,2}[./-]\d{1,2}[./-])?((?:19|20)\d{2})/iu;
/** "1992年5月出生", "1992年生", "1992.05生". */
const BIRTH_SUFFIX = /((?:19|20)\d{2})\s*(?:[年./-]\s*\d{0,2}\s*月?)?\s*(?:出生|生人|生)(?!产|活|态|物|意)/u;
const AGE_LABELLED = /(?:年龄|age)\s*[:：]?\s*(\d{2})(?!\d)\s*(?:岁|周岁)?/iu;
const AGE_BARE = /(?<!\d)(\d{2})\s*(?:岁|周岁)/u;

/**
 * Year of birth from 出生年月 / date of birth (sure), or from an age ("年龄：28", "28岁"),
 * which is only right to within a year: the birthday may not have come yet.
 */
export function findBirthYear(lines: Line[], headerLines: Line[], todayYear: number): Parsed<number | null> {
  const plausible = (y: number) => y >= todayYear - 80 && y <= todayYear - 14;
  for (const line of lines) {
    const m = BIRTH_LABELLED.exec(line.text) ?? BIRTH_SUFFIX.exec(line.text);
    if (m && plausible(Number(m[1]))) return { value: Number(m[1]), confidence: 0.95, source: line.raw };
  }
  for (const line of lines) {
    const m = AGE_LABELLED.exec(line.text);
    if (m && plausible(todayYear - Number(m[1]))) return { value: todayYear - Number(m[1]), confidence: 0.7, source: line.raw };
  }
  for (const line of headerLines) {
    const m = AGE_BARE.exec(line.text);
    if (m && plausible(todayYear - Number(m[1]))) return { value: todayYear - Number(m[1]), confidence: 0.6, source: line.raw };
  }
  return none(null);
}
