/**
 * Résumé text → lines the other parsers read. Each line keeps the text as written (for
 * `source`, shown to people) and a normalized copy that the patterns match: NFKC (so
 * full-width ：（）｜～，１ become ASCII), white space collapsed, trimmed.
 */

export interface Line {
  /** Position among the non-empty lines. */
  index: number;
  /** As written, trimmed. */
  raw: string;
  /** NFKC, columns (tabs, 3+ spaces) joined by " | ", other white space collapsed, trimmed. */
  text: string;
}

export const HAN = /\p{Script=Han}/u;
const HAN_GLOBAL = /\p{Script=Han}/gu;
const LATIN_WORDS = /[A-Za-z\u00c0-\u024f]+/g;

/**
 * A tab, or three or more spaces, is how DOCX tables and plain-text résumés separate
 * columns ("Senior Auditor<tab>Jan 2019 – Present"): it becomes " | ", the separator the
 * parsers already split on. Single and double spaces (姓　　名) stay spaces. PDF text has
 * lost its columns to single spaces before it gets here; the parsers cope with both.
 */
function normalizeLine(s: string): string {
  return s
    .normalize('NFKC')
    // 姓    名：/ 学　　历： — a two-character label spaced out to align a form.
    .replace(/(^|[\s|:])(\p{Script=Han})[ \u00a0\u3000]+(\p{Script=Han})(?=\s*:)/gu, '$1$2$3')
    .replace(/\s*(?:\t|[ \u00a0\u3000]{3,})\s*/gu, ' | ')
    .replace(/[\s\u00a0\u3000]+/gu, ' ')
    .replace(/^(?:\s*\|\s*)+|(?:\s*\|\s*)+$/gu, '')
    .trim();
}

/** Longest piece of text the line patterns see at once; see `pieces`. */
export const MAX_LINE = 1000;
/** Longest résumé text read: 50 dense pages. Text beyond it (a pasted log, an appendix) is ignored. */
export const MAX_TEXT = 200_000;

const LINE_BREAK = /\r\n|[\r\n\u2028\u2029\f\v]/gu;
const BREAK_BEFORE = /[\s,，。；;、|]/u;

/**
 * [start, end) of each line of `text`, a line longer than `max` cut at the last space or
 * punctuation before the limit (or at the limit). Real résumé lines are far shorter; a
 * pasted blob without breaks must not make the patterns' cost grow with its square.
 */
export function pieces(text: string, max = MAX_LINE): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  const breaks = [...text.matchAll(LINE_BREAK)].map((m) => [m.index, m.index + m[0].length] as const);
  breaks.push([text.length, text.length]);
  for (const [lineEnd, next] of breaks) {
    while (lineEnd - start > max) {
      let cut = start + max;
      for (let i = cut - 1; i > start + max / 2; i--) {
        if (BREAK_BEFORE.test(text[i]!)) {
          cut = i + 1;
          break;
        }
      }
      out.push([start, cut]);
      start = cut;
    }
    out.push([start, lineEnd]);
    start = next;
  }
  return out;
}

export function toLines(text: string): Line[] {
  const out: Line[] = [];
  const bounded = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
  for (const [start, end] of pieces(bounded)) {
    const piece = bounded.slice(start, end);
    const raw = piece.trim();
    const norm = normalizeLine(piece);
    if (norm === '') continue;
    out.push({ index: out.length, raw, text: norm });
  }
  return out;
}

/**
 * 'zh' when there are at least half as many Chinese characters as English words: a
 * Chinese résumé is full of English terms (Java, CET-6, Excel), an English one has at
 * most a stray name in Chinese.
 */
export function detectLanguage(text: string): 'zh' | 'en' {
  const han = text.match(HAN_GLOBAL)?.length ?? 0;
  const latinWords = text.match(LATIN_WORDS)?.length ?? 0;
  return han > 0 && han * 2 >= latinWords ? 'zh' : 'en';
}

/** Bullets and list numbers in front of a description line ("• ", "1. ", "(2)", "①" is "1" after NFKC). */
export const BULLET = /^(?:[•·▪●○◆◇■□►▶✓✔➢➤*\-–—]+|\(?\d{1,2}[).、](?!\d)|\d{1,2}\s)\s*/u;

/** What is left of a line once its dates are cut out: empty brackets and 【】 decorations go. */
export function withoutDecoration(text: string): string {
  return text
    .replace(/[【】〔〕]/gu, ' ')
    .replace(/\(\s*\)|\[\s*\]/gu, ' ')
    .replace(/^[\s:|,;]+|[\s:|,;]+$/gu, '')
    .trim();
}
