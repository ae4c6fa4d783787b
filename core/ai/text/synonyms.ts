/**
 * Synonyms: canonical forms for terms, so that `JS`, `javascript` and `JavaScript`
 * — or `前端` and `frontend`, `本科` and `bachelor` — become one search term.
 * Applied by `tokenize` after splitting, before stop words are dropped.
 *
 * Keys are normalized the way `tokenize` normalizes text (NFKC, lower case,
 * front-end → frontend, Chinese without spaces), without loading the Chinese
 * segmenter. An alias may be several words (`front end`, `前端开发`, `go语言`): the
 * longest run of consecutive tokens that spells an alias is replaced by its
 * canonical form, whatever way jieba happened to cut the Chinese.
 */
import { isHanToken, joinTokens, normalizeText, splitText } from './lexer.js';

/** Phrases longer than this many tokens (or Chinese characters) are not matched. */
const MAX_ALIAS_SPAN = 8;

/** Normalize a term or phrase into the key `Synonyms` stores and matches. */
export function synonymKey(term: string): string {
  return joinTokens(splitText(normalizeText(term), (run) => [run]));
}

/** How many tokens an alias can at most span once tokenized (each Chinese character may be one). */
function span(term: string): number {
  return splitText(normalizeText(term), (run) => [run]).reduce((n, t) => n + (isHanToken(t) ? t.length : 1), 0);
}

export class Synonyms {
  /** alias key → canonical key (a canonical maps to itself). */
  private readonly map = new Map<string, string>();
  private maxSpan = 1;

  /** Build from `{ canonical: [aliases] }`, e.g. `{ javascript: ['js', 'ecmascript'] }`. */
  constructor(entries: Record<string, readonly string[]> = {}) {
    for (const [canonical, aliases] of Object.entries(entries)) this.add(canonical, ...aliases);
  }

  /**
   * Make every alias mean `canonical`. If `canonical` is itself an alias already, the
   * aliases join its canonical form; if an alias was a canonical form, its own
   * aliases follow it. Returns `this` for chaining.
   */
  add(canonical: string, ...aliases: string[]): this {
    const c0 = synonymKey(canonical);
    if (c0 === '') throw new Error(`synonym canonical form "${canonical}" has no letters or digits`);
    const c = this.map.get(c0) ?? c0;
    this.map.set(c, c);
    this.maxSpan = Math.max(this.maxSpan, Math.min(MAX_ALIAS_SPAN, span(canonical)));
    for (const alias of aliases) {
      const a = synonymKey(alias);
      if (a === '' || a === c) continue;
      for (const [k, v] of this.map) if (v === a) this.map.set(k, c);
      this.map.set(a, c);
      this.maxSpan = Math.max(this.maxSpan, Math.min(MAX_ALIAS_SPAN, span(alias)));
    }
    return this;
  }

  /**
   * Forget a term: an alias stops mapping; a canonical form is removed with all its
   * aliases. Returns whether anything was removed.
   */
  remove(term: string): boolean {
    const k = synonymKey(term);
    const c = this.map.get(k);
    if (c === undefined) return false;
    if (c === k) {
      for (const [a, v] of this.map) if (v === c) this.map.delete(a);
    } else this.map.delete(k);
    return true;
  }

  /** The canonical form of a term or phrase, or its normalized self when unknown. */
  canonical(term: string): string {
    const k = synonymKey(term);
    return this.map.get(k) ?? k;
  }

  has(term: string): boolean {
    return this.map.has(synonymKey(term));
  }

  /** The aliases of a canonical form (normalized), without the canonical form itself. */
  aliasesOf(canonical: string): string[] {
    const c = this.canonical(canonical);
    return [...this.map].filter(([k, v]) => v === c && k !== c).map(([k]) => k);
  }

  /** Every canonical form with its aliases, e.g. to show or export the dictionary. */
  entries(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [k, v] of this.map) {
      out[v] ??= [];
      if (k !== v) out[v].push(k);
    }
    return out;
  }

  /** An independent copy (to extend without touching the original). */
  clone(): Synonyms {
    const copy = new Synonyms();
    for (const [k, v] of this.map) copy.map.set(k, v);
    copy.maxSpan = this.maxSpan;
    return copy;
  }

  /** Replace aliases in a token list by their canonical forms (longest match first). */
  apply(tokens: readonly string[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < tokens.length; ) {
      let matched = false;
      for (let w = Math.min(this.maxSpan, tokens.length - i); w >= 1; w--) {
        const key = w === 1 ? tokens[i]! : joinTokens(tokens.slice(i, i + w));
        const c = this.map.get(key);
        if (c !== undefined) {
          out.push(c);
          i += w;
          matched = true;
          break;
        }
      }
      if (!matched) out.push(tokens[i++]!);
    }
    return out;
  }
}

/**
 * The built-in skill and education dictionary (canonical form first). Small on
 * purpose: plugins and admins extend `defaultSynonyms` with their own terms.
 */
export const DEFAULT_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  // languages and frameworks
  javascript: ['js', 'ecmascript', 'es6'],
  typescript: ['ts'],
  react: ['react.js', 'reactjs'],
  vue: ['vue.js', 'vuejs'],
  angular: ['angular.js', 'angularjs'],
  nodejs: ['node.js', 'node'],
  golang: ['go语言', 'go lang'],
  csharp: ['c#'],
  cpp: ['c++'],
  postgresql: ['postgres'],
  kubernetes: ['k8s'],
  // roles and fields
  frontend: ['前端', 'front end', 'web前端'],
  backend: ['后端', 'back end', '服务端'],
  fullstack: ['全栈', 'full stack'],
  engineer: ['工程师'],
  developer: ['开发者', '开发人员', 'dev'],
  'product manager': ['产品经理'],
  'machine learning': ['机器学习', 'ml'],
  ai: ['人工智能', 'artificial intelligence'],
  hr: ['人力资源', 'human resources'],
  // education
  associate: ['大专', '专科'],
  bachelor: ['本科', '学士', 'bachelors', 'undergraduate', 'bsc'],
  master: ['硕士', '研究生', 'masters', 'msc'],
  phd: ['博士', 'ph.d', 'doctorate'],
};

/** A fresh dictionary holding the built-in entries. */
export function builtinSynonyms(): Synonyms {
  return new Synonyms(DEFAULT_SYNONYMS as Record<string, readonly string[]>);
}

/**
 * The shared dictionary `tokenize` uses unless told otherwise. Plugins and admin
 * settings extend it: `defaultSynonyms.add('kotlin', 'kt')`.
 */
export const defaultSynonyms: Synonyms = builtinSynonyms();
