// createEmbedder on a tiny generated BERT model: the real transformers + ONNX Runtime path, offline.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/helpers/server.js';
import { writeTinyEmbeddingModel, type TinyModel } from '../../../tests/helpers/tiny-embedding-model.js';
import { createEmbedder, type Embedder } from './embedder.js';
import type { EmbeddingConfig } from './settings.js';
import { AI_VECTORS_DDL, MemoryVectorCache, SqliteVectorCache, type VectorCache } from './vector-cache.js';
import { cosine, textHash } from './vectors.js';

const root = tempDir('hr-embed-');
let tiny: TinyModel;
const embedders: Embedder[] = [];

function configFor(overrides: Partial<EmbeddingConfig> = {}): EmbeddingConfig {
  return {
    enabled: true,
    model: tiny.modelId,
    modelsDir: join(root, 'models'),
    remoteHost: 'https://huggingface.co',
    allowRemote: false,
    batchSize: 16,
    dtype: 'q8',
    ...overrides,
  };
}

/** An embedder unloaded after all tests, so ONNX sessions do not pile up. */
function embedderFor(overrides: Partial<EmbeddingConfig> = {}, options: Parameters<typeof createEmbedder>[1] = {}): Embedder {
  const e = createEmbedder(configFor(overrides), options);
  embedders.push(e);
  return e;
}

const norm = (v: Float32Array) => Math.sqrt(cosine(v, v));

beforeAll(() => {
  tiny = writeTinyEmbeddingModel(join(root, 'models'), 'test/tiny-bert', { hiddenSize: 16, maxLength: 32 });
});

afterAll(async () => {
  for (const e of embedders) await e.unload();
  rmSync(root, { recursive: true, force: true });
});

describe('embedder with a present model', () => {
  it('loads lazily on the first embed and gives unit vectors of the model width', async () => {
    const loads: number[] = [];
    const e = embedderFor({}, { onLoad: (ms) => loads.push(ms) });
    expect(e.status()).toBe('present');
    expect(e.available()).toBe(true);
    expect(e.modelInfo()).toMatchObject({ model: 'test/tiny-bert', dtype: 'q8', dims: null, loadMs: null, missing: [] });
    expect(e.modelInfo().files.map((f) => f.name)).toContain('onnx/model_quantized.onnx');

    const vectors = await e.embed(['senior react developer', '前端工程师', ''], { kind: 'passage' });
    expect(e.status()).toBe('loaded');
    expect(vectors).toHaveLength(3);
    for (const v of vectors!) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(tiny.hiddenSize);
      expect(Math.abs(norm(v) - 1)).toBeLessThan(1e-5);
    }
    expect(loads).toHaveLength(1);
    expect(e.modelInfo()).toMatchObject({ dims: tiny.hiddenSize, loadMs: loads[0] });
    expect(e.lastError()).toBeNull();
  });

  it('concurrent first calls share one load', async () => {
    const loads: number[] = [];
    const e = embedderFor({}, { onLoad: (ms) => loads.push(ms) });
    const results = await Promise.all([e.embed(['react'], { kind: 'query' }), e.embed(['python'], { kind: 'query' }), e.embed(['招聘'], { kind: 'query' })]);
    expect(results.every((r) => r?.length === 1)).toBe(true);
    expect(loads).toHaveLength(1);
  });

  it('keeps the order across batches and gives each text the vector it gets alone', async () => {
    const words = tiny.vocab.slice(5); // no special tokens
    const texts = Array.from({ length: 40 }, (_, i) => `${words[i % words.length]} ${words[(i * 7 + 3) % words.length]} ${i}`);
    const batched = embedderFor({ batchSize: 16 });
    const vectors = (await batched.embed(texts, { kind: 'passage' }))!;
    expect(vectors).toHaveLength(40);
    expect(batched.stats()).toMatchObject({ computed: 40, batches: 3 });

    const single = embedderFor({ batchSize: 1 });
    for (const i of [0, 15, 16, 31, 32, 39]) {
      const [alone] = (await single.embed([texts[i]!], { kind: 'passage' }))!;
      expect(cosine(vectors[i]!, alone!)).toBeCloseTo(1, 5);
    }
  });

  it('gives identical texts identical vectors and computes each distinct text once', async () => {
    const e = embedderFor();
    const vectors = (await e.embed(['react and vue', 'python', 'react and vue', 'react and vue'], { kind: 'passage' }))!;
    expect(Array.from(vectors[0]!)).toEqual(Array.from(vectors[2]!));
    expect(Array.from(vectors[0]!)).toEqual(Array.from(vectors[3]!));
    expect(e.stats().computed).toBe(2);
  });

  it.each([
    ['react developer', 'javascript frontend engineer', 'python pandas analysis'],
    ['typescript', 'react', 'salary'],
    ['前端页面', 'react html css', '薪资'],
    ['数据分析', 'python sql statistics', 'vue'],
    ['招聘', 'hiring interview', 'pandas'],
  ])('"%s" is closer to "%s" than to "%s"', async (anchor, similar, unrelated) => {
    const e = embedderFor();
    const [a, s, u] = (await e.embed([anchor, similar, unrelated], { kind: 'passage' }))!;
    expect(cosine(a!, s!)).toBeGreaterThan(cosine(a!, u!) + 0.2);
  });

  it('cuts texts longer than the model takes: words past the limit change nothing', async () => {
    const e = embedderFor();
    // maxLength 32 tokens, [CLS] included (transformers.js cuts the encoded sequence, closing [SEP] too).
    const [long, head, mixed] = (await e.embed(['react '.repeat(40) + 'python '.repeat(30), 'react '.repeat(50), 'react python '.repeat(10)], { kind: 'passage' }))!;
    expect(cosine(long!, head!)).toBeCloseTo(1, 5);
    expect(cosine(long!, mixed!)).toBeLessThan(0.9);
  });

  it('answers [] for no texts without loading the model', async () => {
    const e = embedderFor();
    expect(await e.embed([], { kind: 'query' })).toEqual([]);
    expect(e.status()).toBe('present');
  });

  it('rejects with the reason of an aborted signal', async () => {
    const e = embedderFor();
    const controller = new AbortController();
    controller.abort(new Error('user left'));
    await expect(e.embed(['react'], { kind: 'query', signal: controller.signal })).rejects.toThrow('user left');
  });

  it('unload frees the model; the next embed loads it again', async () => {
    const loads: number[] = [];
    const e = embedderFor({}, { onLoad: (ms) => loads.push(ms) });
    await e.embed(['react'], { kind: 'query' });
    await e.unload();
    expect(e.status()).toBe('present');
    expect(e.modelInfo().dims).toBeNull();
    await e.embed(['python'], { kind: 'query' });
    expect(e.status()).toBe('loaded');
    expect(loads).toHaveLength(2);
  });
});

describe('prefixes and the vector cache', () => {
  /** A cache that remembers which keys were asked for. */
  function recordingCache(): VectorCache & { models: Set<string>; hashes: Set<string> } {
    const inner = new MemoryVectorCache();
    const models = new Set<string>();
    const hashes = new Set<string>();
    return {
      models,
      hashes,
      get: (model, hs) => {
        models.add(model);
        hs.forEach((h) => hashes.add(h));
        return inner.get(model, hs);
      },
      put: (model, rows) => inner.put(model, rows),
    };
  }

  it.each([
    ['test/multilingual-e5-tiny', 'query', 'query: 前端'],
    ['test/multilingual-e5-tiny', 'passage', 'passage: 前端'],
    ['test/bge-small-zh-tiny', 'query', '为这个句子生成表示以用于检索相关文章：前端'],
    ['test/bge-small-zh-tiny', 'passage', '前端'],
    ['test/tiny-bert', 'query', '前端'],
  ] as const)('%s (%s) embeds and caches "%s"', async (model, kind, seen) => {
    writeTinyEmbeddingModel(join(root, 'models'), model);
    const cache = recordingCache();
    const e = embedderFor({ model }, { cache });
    expect(await e.embed(['前端'], { kind })).toHaveLength(1);
    expect([...cache.models]).toEqual([`${model}@q8`]);
    expect([...cache.hashes]).toEqual([textHash(seen)]);
  });

  it('a second embed of the same texts runs no inference', async () => {
    const e = embedderFor();
    const texts = ['react', 'vue', 'python', '招聘'];
    const first = (await e.embed(texts, { kind: 'passage' }))!;
    const before = e.stats();
    const second = (await e.embed([...texts].reverse(), { kind: 'passage' }))!;
    expect(e.stats().batches).toBe(before.batches);
    expect(e.stats().computed).toBe(before.computed);
    expect(e.stats().cached).toBe(before.cached + 4);
    expect(second.map((v) => Array.from(v))).toEqual([...first].reverse().map((v) => Array.from(v)));
  });

  it('SQLite-cached vectors survive a new embedder, which then needs no model load at all', async () => {
    const sqlite = new Database(join(root, 'vectors.db'));
    sqlite.exec(AI_VECTORS_DDL);
    try {
      const texts = ['senior react developer', '数据分析师'];
      const first = embedderFor({}, { cache: new SqliteVectorCache(sqlite) });
      const original = (await first.embed(texts, { kind: 'passage' }))!;

      const second = embedderFor({}, { cache: new SqliteVectorCache(sqlite) });
      const again = (await second.embed(texts, { kind: 'passage' }))!;
      expect(again.map((v) => Array.from(v))).toEqual(original.map((v) => Array.from(v)));
      expect(second.stats()).toMatchObject({ computed: 0, batches: 0, cached: 2 });
      expect(second.status()).toBe('present');

      // Another dtype is another model for the cache: its vectors are computed, not reused.
      const fp32 = embedderFor({ dtype: 'fp32' }, { cache: new SqliteVectorCache(sqlite) });
      await fp32.embed(texts, { kind: 'passage' });
      expect(fp32.stats().computed).toBe(2);
      const models = sqlite.prepare('SELECT model, count(*) AS n FROM ai_vectors GROUP BY model ORDER BY model').all();
      expect(models).toEqual([
        { model: 'test/tiny-bert@fp32', n: 2 },
        { model: 'test/tiny-bert@q8', n: 2 },
      ]);
    } finally {
      sqlite.close();
    }
  });
});

describe('when there are no vectors to be had', () => {
  it.each([
    { label: 'model folder empty', overrides: { modelsDir: join(tempDir('hr-embed-empty-'), 'models') }, status: 'absent' },
    { label: 'model id not downloaded', overrides: { model: 'Xenova/multilingual-e5-small' }, status: 'absent' },
    { label: 'fp32 file missing (only q8 written)', overrides: { model: 'test/q8-only', dtype: 'fp32' as const }, status: 'absent' },
    { label: 'switched off', overrides: { enabled: false }, status: 'disabled' },
  ])('$label: status $status, embed answers null at once', async ({ overrides, status }) => {
    writeTinyEmbeddingModel(join(root, 'models'), 'test/q8-only', { dtypes: ['q8'] });
    const e = embedderFor(overrides);
    expect(e.status()).toBe(status);
    expect(e.available()).toBe(false);
    const started = performance.now();
    expect(await e.embed(['react'], { kind: 'query' })).toBeNull();
    expect(performance.now() - started).toBeLessThan(50);
    expect(e.status()).toBe(status);
    expect(e.lastError()).toBeNull();
  });

  it('lists the missing files of an absent model', () => {
    const e = embedderFor({ model: 'Xenova/multilingual-e5-small' });
    expect(e.modelInfo()).toMatchObject({
      dir: join(root, 'models', 'Xenova', 'multilingual-e5-small'),
      files: [],
      missing: ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx'],
    });
  });

  it('a broken model: null, status error with the reason, no retry until the folder is fixed', async () => {
    const broken = writeTinyEmbeddingModel(join(root, 'models'), 'test/broken');
    writeFileSync(join(broken.dir, 'onnx', 'model_quantized.onnx'), 'this is not an ONNX file');
    const loads: number[] = [];
    const e = embedderFor({ model: 'test/broken' }, { onLoad: (ms) => loads.push(ms) });
    expect(e.status()).toBe('present');

    expect(await e.embed(['react'], { kind: 'query' })).toBeNull();
    expect(e.status()).toBe('error');
    expect(e.available()).toBe(false);
    expect(e.lastError()).toMatch(/could not load embedding model "test\/broken" \(q8\): .*(protobuf|parse|load model)/i);
    const started = performance.now();
    expect(await e.embed(['react'], { kind: 'query' })).toBeNull();
    expect(performance.now() - started).toBeLessThan(50);

    writeTinyEmbeddingModel(join(root, 'models'), 'test/broken'); // someone copies a good model over it
    expect(e.status()).toBe('present');
    expect(await e.embed(['react'], { kind: 'query' })).toHaveLength(1);
    expect(e.status()).toBe('loaded');
    expect(e.lastError()).toBeNull();
    expect(loads).toHaveLength(1);
  });

  it('allowRemote with an unreachable host: available until the download fails, then error', async () => {
    const e = embedderFor({ model: 'test/not-here', allowRemote: true, remoteHost: 'http://127.0.0.1:9' });
    expect(e.status()).toBe('absent');
    expect(e.available()).toBe(true);
    expect(await e.embed(['react'], { kind: 'query' })).toBeNull();
    expect(e.status()).toBe('error');
    expect(e.lastError()).toContain('test/not-here');
  });

  it.each([
    [{ model: '../../etc' }, /not a model id/],
    [{ model: '/abs/path' }, /not a model id/],
    [{ batchSize: 0 }, /batchSize/],
    [{ dtype: 'int4' as 'q8' }, /dtype/],
  ])('refuses the config %j', (overrides, message) => {
    expect(() => createEmbedder(configFor(overrides))).toThrow(message);
  });
});
