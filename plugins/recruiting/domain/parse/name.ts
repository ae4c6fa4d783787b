/**
 * The candidate's name: from a label (姓名：张伟, Name: John Smith) or, failing that, from
 * the first lines of the résumé — a Chinese name is 2–4 characters led by a known surname,
 * an English one 2–4 capitalised words. Never a heading ("个人简历", "Resume",
 * "Curriculum Vitae"), a title, a place or a line with digits.
 */
import type { Parsed } from '../types.js';
import type { Line } from './lines.js';
import { headingKind } from './sections.js';
import { isChineseName, looksLikeEnglishTitle, looksLikePlace, ZH_CITY } from './vocabulary.js';

const LABELLED_HAN = /姓\s*名\s*[:：]?\s*([\p{Script=Han}·]{2,6}?)(?=\s|$|[|,;/]|性别|年龄|出生)/u;
const LABELLED_EN = /(?<![a-z])(?:full )?name\s*:\s*([^|,;/:]{2,40}?)(?=\s*(?:[|,;/]|$)|\s+(?:gender|sex|age|date of birth|e-?mail|phone|mobile)\b)/iu;

/** Words around a name on the first line: 张伟的简历, 个人简历 - 张伟, Resume of John Smith. */
const RESUME_WORDS = /(?:的)?(?:个人)?(?:简历|履历|求职简历|应聘简历)|\b(?:resume|résumé|curriculum vitae|cv)\b(?:\s+of)?/giu;
const NOT_A_NAME = new Set([
  '个人', '求职', '应聘', '简历', '男', '女', '本科', '硕士', '博士', '大专', '汉族', '党员', '团员', '未婚', '已婚', '应届', '应届生',
  '在职', '离职', '求职意向', '基本信息', '期望薪资', '目前状态',
]);
const EN_NOT_NAME_WORDS =
  /^(?:resume|curriculum|vitae|cv|profile|summary|contact|personal|information|details|page|objective|experience|education|skills|senior|junior|staff|principal|software|data|product|sales|marketing|finance|financial|registered|certified|licensed|new|grad|the|and|of|at|for|with|email|phone|mobile|address|linkedin|github|portfolio|references|confidential)$/iu;
/** Letters to put after a name: John Smith, CPA / Jane Doe, RN, MBA. */
const POST_NOMINALS = /,\s*(?:[A-Z]{2,6}|Ph\.?D\.?|M\.?D\.?|Jr\.?|Sr\.?|[A-Z][a-z]?\.?[A-Z]\.?)(?:\s*,\s*[A-Z][A-Za-z.]{1,6})*$/u;

/** "JAMES O'BRIEN" → "James O'Brien"; "mcdonald" stays as written otherwise. */
function titleCase(word: string): string {
  return word.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}

function englishName(text: string): string | null {
  let s = text.replace(POST_NOMINALS, '').trim();
  if (/[\d@/:]/u.test(s) || s.length > 40) return null;
  const words = s.split(/\s+/u);
  if (words.length < 2 || words.length > 4) return null;
  const wordOk = (w: string) => /^(?:\p{Lu}[\p{L}'’-]*|\p{Lu}\.)$/u.test(w) && !EN_NOT_NAME_WORDS.test(w);
  if (!words.every(wordOk)) return null;
  if (looksLikeEnglishTitle(s) || looksLikePlace(s) || headingKind(s)) return null;
  const shouting = s === s.toUpperCase() && /\p{Lu}{2}/u.test(s);
  if (shouting) s = words.map(titleCase).join(' ');
  return s;
}

function chineseName(text: string): string | null {
  const s = text.replace(/\s+/gu, '');
  if (NOT_A_NAME.has(s) || ZH_CITY.test(s) || headingKind(s)) return null;
  return isChineseName(s) ? s : null;
}

/** Candidate names in one line of the header: the whole line, or its first column. */
function nameInLine(text: string): string | null {
  const cleaned = text.replace(RESUME_WORDS, ' ').replace(/^[\s\-—–|:：]+|[\s\-—–|:：]+$/gu, '').trim();
  if (cleaned === '') return null;
  // 张 伟 (spaced for looks) / 张伟 | 前端工程师 / 张伟 Zhang Wei
  const spacedHan = /^(\p{Script=Han}(?: \p{Script=Han}){1,3})$/u.exec(cleaned);
  if (spacedHan) return chineseName(spacedHan[1]!);
  const columns = cleaned.split(/\s*[|｜/•,，]\s*|\s+·\s+|\s{2,}/u).filter(Boolean);
  const first = columns[0] ?? '';
  const han = /^([\p{Script=Han}·]{2,10})(?:\s|$)/u.exec(first);
  if (han) return chineseName(han[1]!);
  return englishName(first) ?? (columns.length > 1 ? null : englishName(cleaned));
}

/**
 * `lines` are the résumé's lines; `headerLines` those before the first heading (the name
 * is expected there, else on the first few lines).
 */
export function findName(lines: Line[], headerLines: Line[]): Parsed<string | null> {
  for (const line of lines.slice(0, 40)) {
    const m = LABELLED_HAN.exec(line.text) ?? LABELLED_EN.exec(line.text);
    if (!m) continue;
    const value = m[1]!.trim();
    const name = /\p{Script=Han}/u.test(value) ? (isChineseName(value) || value.includes('·') ? value : null) : englishName(value) ?? value;
    if (name) return { value: name, confidence: 0.95, source: line.raw };
  }
  const candidates = headerLines.length > 0 ? headerLines.slice(0, 6) : lines.slice(0, 4);
  for (const line of candidates) {
    const name = nameInLine(line.text);
    if (name) return { value: name, confidence: 0.75, source: line.raw };
  }
  return { value: null, confidence: 0, source: null };
}
