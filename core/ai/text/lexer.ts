/**
 * The dictionary-free half of tokenizing: normalization and the split of a text into
 * Han runs and normalized non-Han words. Shared by `tokenize` and `Synonyms` (which
 * normalizes its keys with it, so adding a synonym never loads the Chinese segmenter).
 */

/** A run of Chinese characters (segmented later by jieba, or one token per character). */
const HAN = String.raw`\p{Script=Han}+`;
/** A letter, mark or digit that is not a Han character. */
const C = String.raw`(?:(?!\p{Script=Han})[\p{L}\p{M}\p{N}])`;
/** `.NET` on its own (a leading dot is otherwise punctuation). */
const DOTNET = String.raw`(?<![\p{L}\p{N}.])\.net(?![\p{L}\p{N}])`;
/**
 * A word: letters and digits, joined inside by `.` `-` `_` or an apostrophe
 * (node.js, 3.5, front-end, o'reilly), with trailing `+`/`#` kept (c++, c#).
 */
const WORD = String.raw`${C}+(?:['’.\-_]${C}+)*[+#]*`;
const TOKEN_RE = new RegExp(`(${HAN})|(${DOTNET})|(${WORD})`, 'gu');
const HAN_ONLY_RE = /^\p{Script=Han}+$/u;
const LETTERS_ONLY_RE = /^\p{L}+$/u;

/** Longer "words" (base64, hashes, URLs glued together) are noise, not terms. */
export const MAX_TOKEN_LENGTH = 64;

/** NFKC (full-width letters, digits and punctuation become ASCII) and lower case. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export const isHanToken = (token: string): boolean => HAN_ONLY_RE.test(token);

/**
 * The normalized tokens of one non-Han word: possessive `'s` dropped, other
 * apostrophes removed (don't → dont), hyphenated or underscored letter-only words
 * joined (front-end → frontend, e-mail → email), anything with digits split at the
 * hyphen (covid-19 → covid, 19; 2020-2023 → 2020, 2023). Dots stay (node.js, 3.5).
 */
export function wordTokens(word: string): string[] {
  const w = word.replace(/['’]s$/u, '').replace(/['’]/gu, '');
  const parts = w.split(/[-_]/u).filter((p) => p !== '');
  const joined = parts.length > 1 && parts.every((p) => LETTERS_ONLY_RE.test(p)) ? [parts.join('')] : parts;
  return joined.filter((t) => t.length <= MAX_TOKEN_LENGTH);
}

/**
 * Split already-normalized text into tokens; each Han run goes through `han`
 * (jieba, or one token per character, or kept whole for synonym keys). Punctuation
 * and symbols are dropped.
 */
export function splitText(normalized: string, han: (run: string) => string[]): string[] {
  const out: string[] = [];
  for (const m of normalized.matchAll(TOKEN_RE)) {
    if (m[1] !== undefined) out.push(...han(m[1]));
    else if (m[2] !== undefined) out.push('dotnet');
    else if (m[3] !== undefined) out.push(...wordTokens(m[3]));
  }
  return out;
}

/** Join consecutive tokens back into a phrase key: Chinese words without a space, others with one. */
export function joinTokens(tokens: readonly string[]): string {
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (i > 0 && !(isHanToken(tokens[i - 1]!) && isHanToken(t))) out += ' ';
    out += t;
  }
  return out;
}
