/**
 * `tokenize`: text → normalized search terms, for Chinese, English and the mix of
 * both that résumés are. Chinese runs are segmented by jieba (@node-rs/jieba), whose
 * native module and ~5 MB dictionary load on the first Chinese text, never at
 * startup; `createRequire` keeps that synchronous so `tokenize` (and the BM25 index
 * built on it) need not be async.
 */
import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';
import { normalizeText, splitText } from './lexer.js';
import { isStopWord } from './stopwords.js';
import { defaultSynonyms, type Synonyms } from './synonyms.js';

const require = createRequire(import.meta.url);

export type TokenizeLanguage = 'zh' | 'en' | 'auto';

export interface TokenizeOptions {
  /**
   * `auto` (default) and `zh`: Chinese runs are segmented with jieba, other words by
   * the English rules (Chinese résumés are full of English terms); jieba loads only
   * when the text has Chinese characters. `en`: jieba is never loaded; a stray
   * Chinese character becomes a token of its own.
   */
  language?: TokenizeLanguage;
  /**
   * `search` (default): jieba's search mode, which also yields the shorter words
   * inside a long one (本科学历 → 本科, 学历, 本科学历), so a query for 本科 finds
   * it. `exact`: one segmentation, no overlap.
   */
  chineseMode?: 'search' | 'exact';
  /** Synonym dictionary applied after splitting; default `defaultSynonyms`, `null` for none. */
  synonyms?: Synonyms | null;
  /** Drop English and Chinese stop words (default true). */
  stopWords?: boolean;
}

let jieba: Jieba | undefined;
const pendingWords: string[] = [];

function segmenter(): Jieba {
  if (!jieba) {
    const { Jieba: JiebaClass } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict.js') as typeof import('@node-rs/jieba/dict.js');
    jieba = JiebaClass.withDict(dict);
    if (pendingWords.length > 0) jieba.loadDict(wordsDict(pendingWords.splice(0)));
  }
  return jieba;
}

/** jieba's dictionary format: `word frequency` per line; a high frequency keeps the word whole. */
const wordsDict = (words: string[]) => new TextEncoder().encode(words.map((w) => `${w} 100000`).join('\n') + '\n');

/**
 * Teach the Chinese segmenter domain words it would otherwise cut apart (a product
 * name, 薪酬福利专员). Queued until jieba loads, so calling this at startup costs nothing.
 */
export function addChineseWords(...words: string[]): void {
  const clean = words.map((w) => w.normalize('NFKC').toLowerCase().trim()).filter((w) => w !== '' && !/\s/u.test(w));
  if (clean.length === 0) return;
  if (jieba) jieba.loadDict(wordsDict(clean));
  else pendingWords.push(...clean);
}

/** Whether jieba (native module and dictionary) has been loaded in this process. */
export function isChineseSegmenterLoaded(): boolean {
  return jieba !== undefined;
}

/** Split, normalize, apply synonyms and drop stop words. */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const { language = 'auto', chineseMode = 'search', stopWords = true } = options;
  const synonyms = options.synonyms === undefined ? defaultSynonyms : options.synonyms;
  const han =
    language === 'en'
      ? (run: string) => Array.from(run)
      : chineseMode === 'exact'
        ? (run: string) => segmenter().cut(run, true)
        : (run: string) => segmenter().cutForSearch(run, true);
  let tokens = splitText(normalizeText(text), han);
  if (synonyms) tokens = synonyms.apply(tokens);
  return stopWords ? tokens.filter((t) => !isStopWord(t)) : tokens;
}
