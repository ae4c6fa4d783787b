/**
 * Languages and their levels: 英语 CET-6 / 英语六级 / 专业八级 / 日语 N1 / 雅思 7.0 / 普通话、
 * 粤语（流利） / English (native), Spanish (fluent) / IELTS 7.5 / TOEFL 105 / German (B2).
 * Under a languages heading every language named counts; elsewhere only a certificate or a
 * language with a level does ("English Literature" as a major is not a language skill).
 */
import type { LanguageSkill, Parsed } from '../types.js';
import type { Line } from './lines.js';

/** Canonical code → how résumés name the language (Chinese and English). */
const LANGUAGE_NAMES: Array<[string, RegExp]> = [
  ['en', /英语|英文|\bEnglish\b/iu],
  ['yue', /粤语|广东话|白话|\bCantonese\b/iu],
  ['zh', /普通话|汉语|中文|国语|\bMandarin\b|\bChinese\b/iu],
  ['ja', /日语|日文|\bJapanese\b/iu],
  ['ko', /韩语|韩文|朝鲜语|\bKorean\b/iu],
  ['de', /德语|德文|\bGerman\b/iu],
  ['fr', /法语|法文|\bFrench\b/iu],
  ['es', /西班牙语|\bSpanish\b/iu],
  ['ru', /俄语|俄文|\bRussian\b/iu],
  ['it', /意大利语|\bItalian\b/iu],
  ['pt', /葡萄牙语|\bPortuguese\b/iu],
  ['ar', /阿拉伯语|\bArabic\b/iu],
  ['hi', /印地语|\bHindi\b/iu],
  ['th', /泰语|\bThai\b/iu],
  ['vi', /越南语|\bVietnamese\b/iu],
];

/** Certificates that name both the language and the level. */
const CERTIFICATES: Array<[string, RegExp]> = [
  ['en', /\bCET\s*-?\s*[46](?:\s*\(?\d{3}分?\)?)?|(?:大学)?英语\s*[四六]\s*级|专业\s*[四八]\s*级|专[四八]|\bTEM\s*-?\s*[48]\b|\bIELTS\s*\d(?:\.\d)?|雅思\s*\d(?:\.\d)?|\bTOEFL\s*(?:iBT\s*)?\d{2,3}|托福\s*\d{2,3}|\bBEC\s*(?:Higher|Vantage|Preliminary|高级|中级|初级)/iu],
  ['ja', /\bJLPT\s*N?[1-5]\b|日语\s*(?:能力)?\s*(?:N[1-5]|[一二三四]级)|日本语能力考试\s*N?[1-5]/iu],
  ['ko', /\bTOPIK\s*(?:I{1,2}\s*)?[1-6]?级?|韩语\s*TOPIK\s*[1-6]级?/iu],
  ['zh', /\bHSK\s*[1-9]\b/iu],
  ['fr', /\b(?:DELF|DALF)\s*[ABC][12]\b|\bTCF\b/iu],
  ['es', /\bDELE\s*[ABC][12]\b/iu],
  ['de', /\b(?:TestDaF|Goethe-Zertifikat)\s*[ABC]?[12]?\b/iu],
];

const LEVEL =
  /\bCET\s*-?\s*[46]\b|[四六八]级|专[四八]|\bTEM\s*-?\s*[48]\b|\b(?:IELTS|TOEFL)\s*(?:iBT\s*)?\d+(?:\.\d)?|雅思\s*\d(?:\.\d)?|托福\s*\d{2,3}|\bN[1-5]\b|\bHSK\s*[1-9]\b|\bTOPIK\s*[1-6]\b|\b[ABC][12]\b|母语|精通|熟练|流利|良好|一般|基础|入门|日常(?:交流|沟通)|商务(?:沟通|水平)?|读写|听说|\b(?:native|mother tongue|bilingual|fluent|proficient|full professional proficiency|professional working proficiency|professional|advanced|upper[- ]intermediate|intermediate|conversational|business(?: level)?|basic|elementary|limited working proficiency|working proficiency)\b/iu;

/** A language named together with a level outside the languages section: "English (fluent)", "日语N2". */
const NAME_WITH_LEVEL: Array<[string, RegExp]> = LANGUAGE_NAMES.map(([code, name]) => [
  code,
  new RegExp(`(?:${name.source})\\s*[(:：（]?\\s*(?:${LEVEL.source})`, 'iu'),
]);

/** A level before the languages: "Fluent in English and Mandarin", "native Spanish speaker", "精通英语、日语". */
const LEVEL_FIRST = new RegExp(
  String.raw`(?:\b(fluent|proficient|native|bilingual|conversational)\s+(?:in\s+)?|(精通|熟练(?:掌握|使用)?|流利的?)\s*)((?:${LANGUAGE_NAMES.map(([, re]) => re.source).join('|')})(?:\s*(?:,|、|和|及|与|and|&)\s*(?:${LANGUAGE_NAMES.map(([, re]) => re.source).join('|')}))*)`,
  'iu',
);

/** Split a line at commas and the like, but not inside parentheses: "English (fluent, IELTS 7.5), Hindi". */
function clauses(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '(' || ch === '[') depth++;
    else if ((ch === ')' || ch === ']') && depth > 0) depth--;
    else if (depth === 0 && /[,;、|/。·•]/u.test(ch)) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((c) => c.trim()).filter(Boolean);
}

const levelIn = (clause: string): string | null => LEVEL.exec(clause)?.[0].trim() ?? null;

/**
 * `sectionLines`: the lines under a languages heading; `allLines`: the whole résumé
 * (certificates are often listed under 证书 or in the summary).
 */
export function findLanguages(sectionLines: Line[], allLines: Line[]): Parsed<LanguageSkill[]> {
  const found = new Map<string, LanguageSkill>();
  let source: string | null = null;
  let confidence = 0;
  const add = (language: string, level: string | null, line: Line, sure: number) => {
    const known = found.get(language);
    if (known) {
      if (known.level === null && level !== null) known.level = level;
      return;
    }
    found.set(language, { language, level });
    source ??= line.raw;
    confidence = Math.max(confidence, sure);
  };
  for (const line of sectionLines) {
    for (const clause of clauses(line.text)) {
      const level = levelIn(clause);
      let named = false;
      for (const [code, re] of LANGUAGE_NAMES) {
        if (!re.test(clause)) continue;
        named = true;
        add(code, level, line, 0.9);
      }
      if (named) continue;
      for (const [code, re] of CERTIFICATES) {
        const m = re.exec(clause);
        if (m) add(code, m[0].trim(), line, 0.9);
      }
    }
  }
  for (const line of allLines) {
    for (const [code, re] of CERTIFICATES) {
      const m = re.exec(line.text);
      if (m) add(code, m[0].trim(), line, 0.8);
    }
    const first = LEVEL_FIRST.exec(line.text);
    if (first) {
      for (const [code, re] of LANGUAGE_NAMES) if (re.test(first[3]!)) add(code, (first[1] ?? first[2])!, line, 0.7);
    }
    for (const [code, re] of NAME_WITH_LEVEL) {
      const m = re.exec(line.text);
      if (m) add(code, levelIn(m[0]), line, 0.7);
    }
  }
  return { value: [...found.values()], confidence, source };
}
