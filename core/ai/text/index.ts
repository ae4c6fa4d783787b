/**
 * # core/ai/text — Chinese and English text processing for search and matching
 *
 * Works offline, with no model: the building block of every AI feature's offline
 * path (résumé ↔ job matching, FAQ search for the chat bot).
 *
 * ```ts
 * import { tokenize, Bm25Index, defaultSynonyms } from '../core/ai/index.js';
 *
 * tokenize('精通JavaScript和React的前端工程师');
 * // → ['精通', 'javascript', 'react', 'frontend', '工程', 'engineer']   (search mode: 工程师 also yields 工程)
 * tokenize('Senior React.js developer', { language: 'en' });
 * // → ['senior', 'react', 'developer']
 *
 * defaultSynonyms.add('kotlin', 'kt');             // extend the shared dictionary
 *
 * const index = new Bm25Index();                   // k1 = 1.2, b = 0.75
 * index.add('cv-1', resumeText);                   // add or replace, any time
 * index.search('js react frontend', 5);            // → [{ id: 'cv-1', score: 3.1 }, …]
 * index.explain('cv-1', 'js react frontend');      // → { matched: [{ term, tf, idf, score }], missing }
 * ```
 *
 * - **tokenize(text, { language, chineseMode, synonyms, stopWords })**: NFKC + lower
 *   case; Chinese runs segmented by jieba (search mode by default); English words kept
 *   whole without stemming (node.js, c++, c#, 3.5 survive; front-end → frontend;
 *   possessive 's dropped); digits kept; punctuation dropped; synonyms applied; stop
 *   words (stopwords.ts) dropped. jieba loads on the first Chinese text — never at
 *   startup, and never with `language: 'en'`. `addChineseWords()` teaches it domain words.
 * - **Synonyms**: canonical forms (`js` → `javascript`, `前端` → `frontend`, `本科` →
 *   `bachelor`, `硕士` → `master`); `add(canonical, ...aliases)`, multi-word aliases
 *   matched longest first. `defaultSynonyms` is the shared instance `tokenize` uses;
 *   `builtinSynonyms()` a fresh copy of the built-ins; pass `synonyms: null` to skip.
 * - **Bm25Index**: in-memory Okapi BM25 with incremental `add`/`remove`, `search`
 *   and `explain`. Tokenize options given to the constructor apply to documents and
 *   queries alike.
 */
export { tokenize, addChineseWords, isChineseSegmenterLoaded, type TokenizeOptions, type TokenizeLanguage } from './tokenize.js';
export { Synonyms, synonymKey, defaultSynonyms, builtinSynonyms, DEFAULT_SYNONYMS } from './synonyms.js';
export { ENGLISH_STOP_WORDS, CHINESE_STOP_WORDS, isStopWord } from './stopwords.js';
export { Bm25Index, type Bm25Options, type Bm25Hit, type Bm25Explanation, type Bm25TermMatch } from './bm25.js';
export { normalizeText } from './lexer.js';
