/**
 * Skills: finding known skills in résumé and job-description text, naming them canonically,
 * and splitting text into sentences (the unit every explanation quotes).
 *
 * ```ts
 * findSkills('熟练使用Java、Spring Boot。\nGood at React.js and Node.js.');
 * // → [{ skill: 'java', sentence: '熟练使用Java、Spring Boot。' }, { skill: 'spring boot', … },
 * //    { skill: 'react', sentence: 'Good at React.js and Node.js.' }, { skill: 'nodejs', … }]
 * canonicalSkill('JS');        // → 'javascript'
 * canonicalSkill('Kotlin ');   // → 'kotlin'
 * canonicalSkill('SAP FICO');  // → 'sap'  (an alias);  unknown text → its normalized self
 * skillFamily('vlookup');      // → 'general' (aliases resolve first)
 * ```
 *
 * Matching is a dictionary scan, not a regular expression of every alias: each position of
 * the (NFKC, ASCII-lower-cased) sentence is tried against the aliases starting with that
 * character, longest first, so `c++` wins over `c` and `spring boot` over `spring`, and a
 * longer alias that fails its checks still lets a shorter one match at the same place.
 * Chinese aliases match as substrings (jieba is not needed, and its cuts would split
 * 微服务架构 unpredictably); the vocabulary avoids bare ambiguous Chinese words instead.
 */
import { Synonyms, builtinSynonyms } from '../../../core/sdk.js';
import { SKILL_FAMILIES, VOCABULARY, type SkillFamily } from './skill-vocabulary.js';

export { SKILL_FAMILIES, type SkillFamily } from './skill-vocabulary.js';

export interface SkillInfo {
  skill: string;
  family: SkillFamily;
  /** English display name ('Spring Boot', 'C++'). */
  label: string;
  /** Chinese display name (the first Chinese alias), or the English label when there is none. */
  labelZh: string;
}

export interface FoundSkill {
  skill: string;
  /** The first sentence of the text that shows the skill, as written (whitespace collapsed). */
  sentence: string;
}

interface AliasRule {
  /** ASCII-lower-cased alias as matched. */
  text: string;
  skill: string;
  /** Case-sensitive aliases: the exact forms accepted. */
  caseForms: string[] | null;
  guarded: boolean;
  startsLatin: boolean;
  startsDot: boolean;
  endsLatin: boolean;
  endsSymbol: boolean;
}

const HAN = /\p{Script=Han}/u;
const LATIN_WORD_CHAR = /[a-z0-9\u00c0-\u024f]/;
const isWordChar = (ch: string | undefined): boolean => ch !== undefined && LATIN_WORD_CHAR.test(ch);

/** NFKC (full-width → ASCII) and ASCII-only lower case, which keeps string indices aligned. */
const fold = (text: string): string => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** Normalizes names the way core's synonym keys are normalized (an empty dictionary answers keys). */
const keyer = new Synonyms();
const skillKey = (raw: string): string => keyer.canonical(raw);

/** Core's built-in synonyms, consulted for names the recruiting vocabulary does not know. */
const CORE_SYNONYMS = builtinSynonyms();

const SKILLS = new Map<string, SkillInfo>();
/** synonymKey(alias or canonical) → canonical, for names typed by people. */
const NAME_INDEX = new Map<string, string>();
/** First character of the folded alias → rules, longest alias first. */
const BY_FIRST_CHAR = new Map<string, AliasRule[]>();
const EXCEPT = new Map<string, RegExp[]>();

function addName(name: string, skill: string): void {
  const key = skillKey(name);
  if (key === '') return;
  const owner = NAME_INDEX.get(key);
  if (owner !== undefined && owner !== skill) throw new Error(`skill alias "${name}" belongs to both "${owner}" and "${skill}"`);
  NAME_INDEX.set(key, skill);
}

function buildVocabulary(): void {
  const rules = new Map<string, AliasRule>();
  for (const family of SKILL_FAMILIES) {
    for (const [skill, label, aliasList, except] of VOCABULARY[family]) {
      if (SKILLS.has(skill)) throw new Error(`skill "${skill}" is listed twice`);
      const aliases = aliasList.split(',').map((a) => a.trim()).filter((a) => a !== '');
      const labelZh = aliases.find((a) => HAN.test(a)) ?? label;
      SKILLS.set(skill, { skill, family, label, labelZh });
      addName(skill, skill);
      if (except) EXCEPT.set(skill, except.map((source) => new RegExp(source, 'giu')));

      const written = aliases.filter((a) => a !== '~');
      const bare = written.map((a) => a.replace(/^[=!]+/, ''));
      if (!aliases.includes('~') && !bare.some((a) => fold(a.normalize('NFKC')) === fold(skill))) written.push(skill);
      for (const alias of written) {
        const caseSensitive = /^!?=/.test(alias);
        const guarded = /^=?!/.test(alias);
        const form = alias.replace(/^[=!]+/, '').normalize('NFKC');
        const text = fold(form);
        addName(form, skill);
        const existing = rules.get(text);
        if (existing) {
          if (existing.skill !== skill) throw new Error(`skill alias "${form}" belongs to both "${existing.skill}" and "${skill}"`);
          if (existing.caseForms && caseSensitive) existing.caseForms.push(form);
          else existing.caseForms = null;
          continue;
        }
        rules.set(text, {
          text,
          skill,
          caseForms: caseSensitive ? [form] : null,
          guarded,
          startsLatin: isWordChar(text[0]),
          startsDot: text.startsWith('.'),
          endsLatin: isWordChar(text.at(-1)),
          endsSymbol: /[+#]$/.test(text),
        });
      }
    }
  }
  for (const rule of rules.values()) {
    const first = rule.text[0]!;
    const list = BY_FIRST_CHAR.get(first) ?? [];
    list.push(rule);
    BY_FIRST_CHAR.set(first, list);
  }
  for (const list of BY_FIRST_CHAR.values()) list.sort((a, b) => b.text.length - a.text.length);
}
buildVocabulary();

/**
 * Lower-case words after a guarded name that still leave it a name ("Go and Python",
 * "Spark is a plus", "Go developer"); any other lower-case word makes it a word ("go live",
 * "Spring semester").
 */
const LIST_WORDS = new Set([
  'and', 'or', 'is', 'are', 'was', 'were', 'experience', 'skills', 'developer', 'developers', 'development',
  'engineer', 'engineers', 'engineering', 'programming', 'language', 'framework', 'frameworks', 'code', 'services',
  'microservices', 'apps', 'applications', 'projects', 'streaming', 'jobs', 'cluster', 'clusters', 'backend',
]);

function boundariesHold(folded: string, start: number, end: number, rule: AliasRule): boolean {
  const before = folded[start - 1];
  if (rule.startsLatin && (isWordChar(before) || (before === '.' && isWordChar(folded[start - 2])))) return false;
  if (rule.startsDot && isWordChar(before)) return false;
  const after = folded[end];
  if (rule.endsLatin && (isWordChar(after) || after === '+' || after === '#' || (after === '.' && isWordChar(folded[end + 1])))) return false;
  if (rule.endsSymbol && (isWordChar(after) || after === '+' || after === '#')) return false;
  return true;
}

/** The extra checks of guarded names (see skill-vocabulary.ts). `text` is NFKC, original case. */
function guardHolds(text: string, start: number, end: number, rule: AliasRule): boolean {
  const after = text[end];
  if (after !== undefined && /[-&'’]/.test(after)) return false;
  const next = /^\s+([A-Za-z0-9]+)/.exec(text.slice(end, end + 40))?.[1];
  if (next !== undefined && (/^[0-9]/.test(next) || (/^[a-z]+$/.test(next) && !LIST_WORDS.has(next)))) return false;
  if (rule.text.length === 1) {
    if (after !== undefined && HAN.test(after)) return false;
    if (/[A-Za-z]\s*$/.test(text.slice(Math.max(0, start - 20), start))) return false;
  }
  return true;
}

function excluded(text: string, start: number, end: number, skill: string): boolean {
  const patterns = EXCEPT.get(skill);
  if (!patterns) return false;
  for (const re of patterns) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) if (m.index < end && m.index + m[0].length > start) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Negation: "不熟悉Java", "no experience with Kubernetes" name a skill the person lacks.

/**
 * Where a clause ends for a negation: punctuation, and words that turn to something else
 * ("不熟悉Java，但熟悉Go", "no Java but strong Go", "with no downtime using Kubernetes").
 * `、`, 和, "and", "or" do not end it: "不熟悉Java、Go" lacks both.
 */
const CLAUSE_END =
  /[，,；;：:（）()[\]【】]|但|不过|然而|却|\b(?:but|however|while|whereas|although|though|yet|except|using|via|through|by|instead)\b/gu;

/**
 * Cues whose scope runs to the end of their clause. Traps left out on purpose: 不仅 (not
 * only), 无论 (whatever), "no." (No. 1 in sales), "not only/just/limited to", "no longer"
 * (the person used it), 不限于 (including but not limited to).
 */
const NEGATION_TO_CLAUSE_END =
  /不太?(?:熟悉|熟练|了解|擅长|会|懂)|并不(?:熟悉|了解|擅长|会|懂)|(?:没有|没|从未|未曾|未)(?:接触|使用|用|学|做|参与|涉及)过?|欠缺|缺乏|缺少|\b(?:no(?![-.]|\s*\.|\s+(?:longer|less|later|more|matter|sooner)\b)|not(?!\s+(?:only|just|merely|limited|least|bad)\b)|never|without|lack(?:s|ed|ing)?(?:\s+of)?|(?:do|does|did|have|has|had|can|could|wo|would|is|are|was|were)n['’]t|cannot)\b/gu;

/** 没有…经验 / 无…经验: only what stands between the cue and 经验 is lacking ("无Java开发经验"). */
const NEGATION_BEFORE_EXPERIENCE =
  /(?:没有|无(?!论|数|比|缝|线|人|服务|状态|损|监督|限|需))(?:任何)?([^，,；;：:。（）()]{0,24}?)(?:经验|经历|基础|背景)/dgu;

/** 对…不熟悉: what stands between 对 and the negated verb is lacking ("对Kubernetes不太了解"). */
const NEGATION_AFTER_OBJECT = /对([^，,；;：:。（）()]{1,24}?)(?:不太?|并不|还不)(?:熟悉|熟练|了解|擅长|会|懂)/dgu;

/** Characters and words every cue above contains; a sentence without any skips the scans (matchAll clones regexes). */
const NEGATION_HINT = /[不没无未欠缺]|\bno|\bnot\b|never|without|lack|n['’]t|cannot/u;

/** Index ranges of `folded` (an NFKC, ASCII-lower-cased sentence) inside a negated clause. */
function negatedRanges(folded: string): Array<[start: number, end: number]> {
  const ranges: Array<[number, number]> = [];
  if (!NEGATION_HINT.test(folded)) return ranges;
  let ends: number[] | undefined; // most sentences have no negation: find clause ends only when needed
  for (const m of folded.matchAll(NEGATION_TO_CLAUSE_END)) {
    const from = m.index + m[0].length;
    ends ??= [...folded.matchAll(CLAUSE_END)].map((e) => e.index);
    ranges.push([from, ends.find((e) => e >= from) ?? folded.length]);
  }
  for (const re of [NEGATION_BEFORE_EXPERIENCE, NEGATION_AFTER_OBJECT]) {
    for (const m of folded.matchAll(re)) {
      const object = m.indices?.[1];
      if (object) ranges.push(object);
    }
  }
  return ranges;
}

/**
 * Canonical skills mentioned in one sentence, in order of first mention. A mention inside a
 * negated clause ("不熟悉Java", "never used Docker") does not count; another mention does.
 */
export function skillsInSentence(sentence: string): string[] {
  const text = sentence.normalize('NFKC');
  const folded = fold(text);
  let negated: Array<[number, number]> | undefined; // computed on the first mention: most sentences name no skill
  const found: string[] = [];
  for (let i = 0; i < folded.length; i++) {
    const candidates = BY_FIRST_CHAR.get(folded[i]!);
    if (!candidates) continue;
    for (const rule of candidates) {
      if (!folded.startsWith(rule.text, i)) continue;
      const end = i + rule.text.length;
      if (!boundariesHold(folded, i, end, rule)) continue;
      if (rule.caseForms && !rule.caseForms.includes(text.slice(i, end))) continue;
      if (rule.guarded && !guardHolds(text, i, end, rule)) continue;
      if (excluded(folded, i, end, rule.skill)) continue;
      negated ??= negatedRanges(folded);
      const lacking = negated.some(([from, to]) => i >= from && i < to);
      // A negated mention still consumes its text, so no shorter alias matches inside it.
      if (!lacking && !found.includes(rule.skill)) found.push(rule.skill);
      i = end - 1;
      break;
    }
  }
  return found;
}

/** Each known skill once, with the first sentence that shows it, in order of first mention. */
export function findSkills(text: string): FoundSkill[] {
  const found = new Map<string, string>();
  for (const sentence of sentences(text)) {
    for (const skill of skillsInSentence(sentence)) if (!found.has(skill)) found.set(skill, sentence);
  }
  return [...found].map(([skill, sentence]) => ({ skill, sentence }));
}

/**
 * The canonical name of a skill as someone typed it: a known alias gives its skill
 * ('JS' → 'javascript', '前端'-style words → theirs), an unknown name its normalized self
 * (lower case, NFKC, 'Front-End' → 'frontend') so HR can still require skills the
 * vocabulary lacks.
 */
export function canonicalSkill(raw: string): string {
  const key = skillKey(raw.trim());
  return NAME_INDEX.get(key) ?? NAME_INDEX.get(CORE_SYNONYMS.canonical(key)) ?? CORE_SYNONYMS.canonical(key);
}

/** The job family of a known skill (aliases resolve first); null for a skill outside the vocabulary. */
export function skillFamily(skill: string): SkillFamily | null {
  return SKILLS.get(canonicalSkill(skill))?.family ?? null;
}

/** Display data of a known skill; null for a skill outside the vocabulary. */
export function skillInfo(skill: string): SkillInfo | null {
  return SKILLS.get(canonicalSkill(skill)) ?? null;
}

/** How a skill is shown to people: its label in the locale, or the name itself when unknown. */
export function skillLabel(skill: string, locale: 'zh' | 'en'): string {
  const info = skillInfo(skill);
  if (!info) return skill;
  return locale === 'zh' ? info.labelZh : info.label;
}

/** Every known skill (for pickers and documentation). */
export function allSkills(): SkillInfo[] {
  return [...SKILLS.values()];
}

/**
 * A synonym dictionary for BM25 that also knows the recruiting vocabulary, so 'SpringBoot'
 * and 'Spring Boot', '机器学习' and 'ML' count as one term. Case-sensitive and guarded
 * aliases are left out: tokens are lower-cased, and 'go' or 'word' must stay words.
 */
export function skillSynonyms(): Synonyms {
  const synonyms = builtinSynonyms();
  for (const family of SKILL_FAMILIES) {
    for (const [skill, , aliasList] of VOCABULARY[family]) {
      const plain = aliasList.split(',').map((a) => a.trim()).filter((a) => a !== '' && !/^[=!~]/.test(a));
      synonyms.add(skill, ...plain);
    }
  }
  return synonyms;
}

// ---------------------------------------------------------------------------------------
// Sentences

/** Words whose trailing dot does not end a sentence. */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'inc', 'ltd', 'co', 'corp', 'jr', 'sr', 'st', 'vs', 'etc', 'no', 'nos', 'approx',
  'dept', 'univ', 'e.g', 'i.e', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'fig', 'al', 'ave', 'rd', 'mt', 'gov', 'est', 'ph.d', 'b.sc', 'm.sc', 'b.a', 'm.a', 'b.s', 'm.s', 'b.eng', 'm.eng',
]);

/** Bullets and list markers that start résumé lines and are not part of what they say. */
const LEADING_BULLET = /^(?:[•·▪●○◆◇■□►▶✓✔➢➤*\-–—]+\s*)+/u;

/** Whether the dot at `dot` (followed by whitespace) ends a sentence. */
function dotEndsSentence(line: string, dot: number): boolean {
  const word = /[^\s(（"“]*$/u.exec(line.slice(0, dot))?.[0] ?? '';
  if (word === '') return true;
  const lower = word.toLowerCase();
  if (ABBREVIATIONS.has(lower)) return false;
  // Initials and dotted degrees: "J. Smith", "B.S.", "U.S."; list numbers: "1. Java".
  if (/^[A-Za-z]$/.test(word) || /^(?:[A-Za-z]\.)+[A-Za-z]$/.test(word) || /^\d{1,2}$/.test(word)) return false;
  return true;
}

/**
 * Split text into sentences: at line breaks, after 。！？；!?; and after a '.' followed by
 * white space unless it ends an abbreviation, an initial or a list number ("Node.js",
 * "B.S. in CS", "3.5" and "1. Java" stay whole). Commas never split: a skills line is one
 * sentence. Leading bullets are dropped and white space collapsed; empty pieces vanish.
 */
export function sentences(text: string): string[] {
  const out: string[] = [];
  const push = (piece: string) => {
    const clean = piece.replace(/\s+/gu, ' ').trim().replace(LEADING_BULLET, '').trim();
    if (/[\p{L}\p{N}]/u.test(clean)) out.push(clean);
  };
  for (const line of text.split(/\r\n|[\r\n\u2028\u2029\f\v]/u)) {
    let start = 0;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      let cut = false;
      if ('。！？；!?;'.includes(ch)) cut = true;
      else if (ch === '.' && (i + 1 === line.length || /\s/u.test(line[i + 1]!))) cut = dotEndsSentence(line, i);
      if (!cut) continue;
      // Keep runs of closing punctuation ("?!", "。」") with the sentence they end.
      while (i + 1 < line.length && /[。！？!?.」』”")）]/u.test(line[i + 1]!)) i++;
      push(line.slice(start, i + 1));
      start = i + 1;
    }
    push(line.slice(start));
  }
  return out;
}
