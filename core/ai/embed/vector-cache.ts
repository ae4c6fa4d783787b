/**
 * Where computed vectors are kept so that the same text is never run through the model
 * twice: keyed by the model (id + dtype: a quantized model gives slightly different
 * vectors) and the SHA-256 of the text as the model saw it.
 */
import type Database from 'better-sqlite3';
import { bytesToVector, vectorToBytes } from './vectors.js';

export interface VectorRow {
  hash: string;
  vector: Float32Array;
}

export interface VectorCache {
  /** The vectors known for these hashes; unknown hashes are simply absent from the map. */
  get(model: string, hashes: string[]): Map<string, Float32Array>;
  put(model: string, rows: VectorRow[]): void;
}

/**
 * In-process cache, least recently used first out. The default bound (20,000 vectors)
 * is about 30 MB for a 384-dimension model.
 */
export class MemoryVectorCache implements VectorCache {
  private readonly entries = new Map<string, Float32Array>();

  constructor(readonly maxEntries = 20_000) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`maxEntries must be >= 1, got ${maxEntries}`);
  }

  get size(): number {
    return this.entries.size;
  }

  get(model: string, hashes: string[]): Map<string, Float32Array> {
    const found = new Map<string, Float32Array>();
    for (const hash of hashes) {
      const key = `${model}\n${hash}`;
      const vector = this.entries.get(key);
      if (!vector) continue;
      // Re-insert: Map keeps insertion order, so the oldest-used entry stays first.
      this.entries.delete(key);
      this.entries.set(key, vector);
      found.set(hash, vector);
    }
    return found;
  }

  put(model: string, rows: VectorRow[]): void {
    for (const { hash, vector } of rows) {
      const key = `${model}\n${hash}`;
      this.entries.delete(key);
      this.entries.set(key, vector);
    }
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}

/** The table SqliteVectorCache uses (created by core's migration; tests create it with this). */
export const AI_VECTORS_DDL = `CREATE TABLE IF NOT EXISTS ai_vectors (
  model TEXT NOT NULL,
  hash TEXT NOT NULL,
  dims INTEGER NOT NULL,
  vector BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (model, hash)
) WITHOUT ROWID`;

/** SQLite's bound-parameter limit is high in modern builds, but chunks keep statements few and reusable. */
const LOOKUP_CHUNK = 200;

/**
 * Vectors in the `ai_vectors` table, so they survive restarts: re-indexing a thousand
 * résumés after an upgrade costs lookups, not minutes of inference. Vectors are stored
 * as raw float32 bytes; a row whose length does not match its `dims` is ignored (and
 * recomputed), never returned.
 */
export class SqliteVectorCache implements VectorCache {
  private readonly lookups = new Map<number, Database.Statement<string[], { hash: string; dims: number; vector: Buffer }>>();
  private readonly insert: Database.Statement<[string, string, number, Buffer, number]>;
  private readonly insertMany: (model: string, rows: VectorRow[]) => void;

  constructor(private readonly sqlite: Database.Database) {
    this.insert = sqlite.prepare('INSERT OR REPLACE INTO ai_vectors (model, hash, dims, vector, created_at) VALUES (?, ?, ?, ?, ?)');
    this.insertMany = sqlite.transaction((model: string, rows: VectorRow[]) => {
      const now = Date.now();
      for (const { hash, vector } of rows) this.insert.run(model, hash, vector.length, vectorToBytes(vector), now);
    });
  }

  private lookup(size: number) {
    let stmt = this.lookups.get(size);
    if (!stmt) {
      stmt = this.sqlite.prepare(`SELECT hash, dims, vector FROM ai_vectors WHERE model = ? AND hash IN (${Array(size).fill('?').join(', ')})`);
      this.lookups.set(size, stmt);
    }
    return stmt;
  }

  get(model: string, hashes: string[]): Map<string, Float32Array> {
    const found = new Map<string, Float32Array>();
    const unique = [...new Set(hashes)];
    for (let i = 0; i < unique.length; i += LOOKUP_CHUNK) {
      const chunk = unique.slice(i, i + LOOKUP_CHUNK);
      for (const row of this.lookup(chunk.length).all(model, ...chunk)) {
        if (row.vector.byteLength !== row.dims * 4) continue;
        found.set(row.hash, bytesToVector(row.vector));
      }
    }
    return found;
  }

  put(model: string, rows: VectorRow[]): void {
    if (rows.length) this.insertMany(model, rows);
  }
}
