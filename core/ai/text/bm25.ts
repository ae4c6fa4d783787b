/**
 * A small in-memory Okapi BM25 index over `tokenize`d text.
 *
 *   score(d, q) = Σ over distinct query terms t present in d of
 *                 idf(t) · tf·(k1 + 1) / (tf + k1·(1 − b + b·|d| / avgdl))
 *   idf(t)      = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5))        (never negative)
 *
 * Documents can be added, replaced and removed at any time; statistics (N, avgdl,
 * n(t)) are always current. Ties are broken by id so results are deterministic.
 */
import { tokenize, type TokenizeOptions } from './tokenize.js';

export interface Bm25Options {
  /** Term-frequency saturation (default 1.2). */
  k1?: number;
  /** Length normalization, 0 (none) to 1 (full) (default 0.75). */
  b?: number;
  /** How documents and queries are tokenized (language, synonyms, stop words). */
  tokenize?: TokenizeOptions;
}

export interface Bm25Hit {
  id: string;
  score: number;
}

export interface Bm25TermMatch {
  term: string;
  /** Occurrences of the term in the document. */
  tf: number;
  idf: number;
  /** This term's share of the score. */
  score: number;
}

export interface Bm25Explanation {
  id: string;
  score: number;
  /** Query terms found in the document, best contribution first. */
  matched: Bm25TermMatch[];
  /** Query terms (after tokenizing) the document lacks. */
  missing: string[];
}

interface Doc {
  length: number;
  tf: Map<string, number>;
}

export class Bm25Index {
  readonly k1: number;
  readonly b: number;
  private readonly tokenizeOptions: TokenizeOptions;
  private readonly docs = new Map<string, Doc>();
  /** term → (doc id → term frequency). */
  private readonly postings = new Map<string, Map<string, number>>();
  private totalLength = 0;

  constructor(options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    if (!(this.k1 >= 0) || !(this.b >= 0 && this.b <= 1)) throw new RangeError('BM25 needs k1 ≥ 0 and 0 ≤ b ≤ 1');
    this.tokenizeOptions = options.tokenize ?? {};
  }

  get size(): number {
    return this.docs.size;
  }

  has(id: string): boolean {
    return this.docs.has(id);
  }

  /** Tokenize with the index's options (what `add` and `search` do to text). */
  tokens(text: string): string[] {
    return tokenize(text, this.tokenizeOptions);
  }

  /** Add a document, or replace the one with the same id. */
  add(id: string, text: string): void {
    this.addTokens(id, this.tokens(text));
  }

  /** Add a document already split into terms (for callers with their own tokenizing). */
  addTokens(id: string, tokens: readonly string[]): void {
    this.remove(id);
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    this.docs.set(id, { length: tokens.length, tf });
    this.totalLength += tokens.length;
    for (const [term, n] of tf) {
      let p = this.postings.get(term);
      if (!p) this.postings.set(term, (p = new Map()));
      p.set(id, n);
    }
  }

  /** Remove a document; false when there was none with that id. */
  remove(id: string): boolean {
    const doc = this.docs.get(id);
    if (!doc) return false;
    this.docs.delete(id);
    this.totalLength -= doc.length;
    for (const term of doc.tf.keys()) {
      const p = this.postings.get(term)!;
      p.delete(id);
      if (p.size === 0) this.postings.delete(term);
    }
    return true;
  }

  /** Best matches first; documents sharing no term with the query are left out. */
  search(query: string, limit = 10): Bm25Hit[] {
    const scores = new Map<string, number>();
    for (const term of this.queryTerms(query)) {
      const p = this.postings.get(term);
      if (!p) continue;
      const idf = this.idf(p.size);
      for (const [id, tf] of p) scores.set(id, (scores.get(id) ?? 0) + this.termScore(idf, tf, this.docs.get(id)!.length));
    }
    return [...scores]
      .map(([id, score]) => ({ id, score }))
      .sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
      .slice(0, Math.max(0, limit));
  }

  /** Which query terms a document matched and what each contributed; null for an unknown id. */
  explain(id: string, query: string): Bm25Explanation | null {
    const doc = this.docs.get(id);
    if (!doc) return null;
    const matched: Bm25TermMatch[] = [];
    const missing: string[] = [];
    for (const term of this.queryTerms(query)) {
      const tf = doc.tf.get(term);
      if (tf === undefined) {
        missing.push(term);
        continue;
      }
      const idf = this.idf(this.postings.get(term)!.size);
      matched.push({ term, tf, idf, score: this.termScore(idf, tf, doc.length) });
    }
    matched.sort((x, y) => y.score - x.score);
    return { id, score: matched.reduce((s, m) => s + m.score, 0), matched, missing };
  }

  /** Distinct query terms, in query order. */
  private queryTerms(query: string): string[] {
    return [...new Set(this.tokens(query))];
  }

  private idf(docFreq: number): number {
    return Math.log(1 + (this.docs.size - docFreq + 0.5) / (docFreq + 0.5));
  }

  private termScore(idf: number, tf: number, length: number): number {
    const avgdl = this.totalLength / this.docs.size || 1;
    return (idf * tf * (this.k1 + 1)) / (tf + this.k1 * (1 - this.b + (this.b * length) / avgdl));
  }
}
