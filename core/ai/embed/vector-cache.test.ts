// The two vector caches: what comes back is what went in, per model, and bad rows are never served.
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AI_VECTORS_DDL, MemoryVectorCache, SqliteVectorCache } from './vector-cache.js';
import { bytesToVector, cosine, textHash, vectorToBytes } from './vectors.js';

const vec = (...xs: number[]) => Float32Array.from(xs);
const arrays = (m: Map<string, Float32Array>) => Object.fromEntries([...m].map(([k, v]) => [k, Array.from(v)]));

describe('MemoryVectorCache', () => {
  it('keeps models apart and forgets the least recently used first', () => {
    const cache = new MemoryVectorCache(3);
    cache.put('m@q8', [
      { hash: 'a', vector: vec(1, 0) },
      { hash: 'b', vector: vec(0, 1) },
    ]);
    cache.put('other@q8', [{ hash: 'a', vector: vec(0.6, 0.8) }]);
    expect(arrays(cache.get('m@q8', ['a', 'b', 'x']))).toEqual({ a: [1, 0], b: [0, 1] });
    expect(arrays(cache.get('other@q8', ['a', 'b']))).toEqual({ a: [0.6000000238418579, 0.800000011920929] });

    cache.get('m@q8', ['a']); // 'a' of m is now the most recent; 'b' of m the least
    cache.put('m@q8', [{ hash: 'c', vector: vec(1, 1) }]);
    expect(cache.size).toBe(3);
    expect([...cache.get('m@q8', ['a', 'b', 'c']).keys()].sort()).toEqual(['a', 'c']);
  });

  it('refuses a bound below 1', () => {
    expect(() => new MemoryVectorCache(0)).toThrow(RangeError);
  });
});

describe('SqliteVectorCache', () => {
  let sqlite: Database.Database;
  beforeEach(() => {
    sqlite = new Database(':memory:');
    sqlite.exec(AI_VECTORS_DDL);
  });
  afterEach(() => sqlite.close());

  it('stores float32 bytes with their dims and reads them back exactly', () => {
    const cache = new SqliteVectorCache(sqlite);
    const v = vec(0.1, -0.2, 0.3, Math.PI);
    cache.put('m@q8', [{ hash: 'h1', vector: v }]);
    const row = sqlite.prepare('SELECT dims, length(vector) AS bytes, created_at FROM ai_vectors').get() as { dims: number; bytes: number; created_at: number };
    expect(row.dims).toBe(4);
    expect(row.bytes).toBe(16);
    expect(Math.abs(row.created_at - Date.now())).toBeLessThan(60_000);
    expect(Array.from(cache.get('m@q8', ['h1']).get('h1')!)).toEqual(Array.from(v));
    expect(cache.get('m@fp32', ['h1']).size).toBe(0);
  });

  it('replaces a vector stored again and looks up more hashes than one statement holds', () => {
    const cache = new SqliteVectorCache(sqlite);
    const rows = Array.from({ length: 450 }, (_, i) => ({ hash: textHash(String(i)), vector: vec(i, 1) }));
    cache.put('m@q8', rows);
    cache.put('m@q8', [{ hash: rows[0]!.hash, vector: vec(-1, -1) }]);
    const found = cache.get('m@q8', [...rows.map((r) => r.hash), 'missing', rows[1]!.hash]);
    expect(found.size).toBe(450);
    expect(Array.from(found.get(rows[0]!.hash)!)).toEqual([-1, -1]);
    expect(Array.from(found.get(rows[449]!.hash)!)).toEqual([449, 1]);
  });

  it('never serves a row whose bytes do not match its dims', () => {
    const cache = new SqliteVectorCache(sqlite);
    sqlite.prepare('INSERT INTO ai_vectors VALUES (?, ?, ?, ?, ?)').run('m@q8', 'bad', 4, Buffer.alloc(10), 0);
    cache.put('m@q8', [{ hash: 'good', vector: vec(1, 2) }]);
    expect([...cache.get('m@q8', ['bad', 'good']).keys()]).toEqual(['good']);
  });

  it('fails at construction when the table is missing (the migration did not run)', () => {
    const bare = new Database(':memory:');
    try {
      expect(() => new SqliteVectorCache(bare)).toThrow(/ai_vectors/);
    } finally {
      bare.close();
    }
  });
});

describe('vector helpers', () => {
  it('cosine is the dot product of unit vectors and refuses mixed lengths', () => {
    expect(cosine(vec(0.6, 0.8), vec(0.6, 0.8))).toBeCloseTo(1, 6);
    expect(cosine(vec(1, 0), vec(0, 1))).toBe(0);
    expect(cosine(vec(1, 0), vec(-1, 0))).toBe(-1);
    expect(() => cosine(vec(1, 0), vec(1, 0, 0))).toThrow(/same model/);
  });

  it('bytes round-trip from an unaligned buffer', () => {
    const v = vec(1.5, -2.25, 3);
    const padded = Buffer.concat([Buffer.from([7]), vectorToBytes(v)]).subarray(1);
    expect(padded.byteOffset % 4).not.toBe(0);
    expect(Array.from(bytesToVector(padded))).toEqual([1.5, -2.25, 3]);
  });

  it('hashes what the model sees: prefix included, text exact', () => {
    expect(textHash('query: 前端')).not.toBe(textHash('passage: 前端'));
    expect(textHash('前端')).toMatch(/^[0-9a-f]{64}$/);
  });
});
