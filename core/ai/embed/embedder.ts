/**
 * createEmbedder: sentence vectors from a local ONNX model through
 * @huggingface/transformers, loaded on the first embed() and never at import. Every
 * way of not having vectors (switched off, model absent, broken model, failed
 * inference) answers null, so callers keep to their BM25 path; only an abort rejects.
 */
import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import { Semaphore } from '../llm/semaphore.js';
import { inspectModelFiles, type ModelFile } from './model-files.js';
import { embeddingPrefix, type EmbedKind } from './prefix.js';
import { assertEmbeddingConfig, type EmbeddingConfig, type EmbeddingDtype } from './settings.js';
import { MemoryVectorCache, type VectorCache, type VectorRow } from './vector-cache.js';
import { textHash } from './vectors.js';

export type EmbedderStatus = 'disabled' | 'absent' | 'present' | 'loaded' | 'error';

export interface EmbedOptions {
  /** Queries and passages get different prefixes in some model families (see prefix.ts). */
  kind: EmbedKind;
  /** Rejects the call with the signal's reason; a load already under way continues for the next caller. */
  signal?: AbortSignal;
}

export interface ModelInfo {
  model: string;
  dtype: EmbeddingDtype;
  /** The model's folder: `<modelsDir>/<model>`. */
  dir: string;
  /** Required files found, with their sizes. */
  files: ModelFile[];
  /** Required files not found (or empty). */
  missing: string[];
  /** Vector length, known once loaded. */
  dims: number | null;
  /** Milliseconds the last successful load took (library import included). */
  loadMs: number | null;
}

export interface EmbedderStats {
  /** Texts run through the model. */
  computed: number;
  /** Distinct texts answered from the vector cache. */
  cached: number;
  /** Inference calls (batches). */
  batches: number;
}

export interface Embedder {
  readonly config: Readonly<EmbeddingConfig>;
  /** Where the model stands; cheap (a few stat calls), never loads anything. */
  status(): EmbedderStatus;
  /** The last load or inference failure, until a load succeeds. */
  lastError(): string | null;
  /** embed() may answer vectors: the model is present or loaded, or may be downloaded (allowRemote). */
  available(): boolean;
  /** One unit-length vector per text, in order; null when vectors cannot be had. */
  embed(texts: string[], options: EmbedOptions): Promise<Float32Array[] | null>;
  modelInfo(): ModelInfo;
  stats(): EmbedderStats;
  /** Free the model (admin action, tests); the next embed() loads it again. Clears a load error. */
  unload(): Promise<void>;
}

export interface CreateEmbedderOptions {
  /** Default: a MemoryVectorCache of this embedder's own. */
  cache?: VectorCache;
  /** Called after each successful load with its duration in ms (for logs and the admin page). */
  onLoad?(ms: number): void;
}

/** After a failed load, try again when the files change or after this long (a remote download may succeed later). */
const LOAD_RETRY_MS = 10 * 60_000;

/**
 * transformers' `env` is one object for the whole process: each load sets it and reads
 * its files while holding this lock, so two embedders with different folders (tests,
 * an admin trying another model) never read each other's settings.
 */
let loadLock: Promise<unknown> = Promise.resolve();
function withLoadLock<T>(fn: () => Promise<T>): Promise<T> {
  const run = loadLock.then(fn, fn);
  loadLock = run.catch(() => undefined);
  return run;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Resolve with the promise, or reject as soon as the signal aborts (the promise itself keeps running). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

/**
 * Long texts are cut to what the model can take. The pipeline truncates to the
 * tokenizer's `model_max_length`, which some exports leave unset (Infinity) while
 * the model's position table stops at `max_position_embeddings`; a long résumé would
 * then fail inference. Cap it, through the tokenizer's config object (no public setter).
 */
function capTokenizerLength(extractor: FeatureExtractionPipeline): void {
  const positions = (extractor.model.config as { max_position_embeddings?: unknown }).max_position_embeddings;
  if (typeof positions !== 'number' || !(positions > 0)) return;
  const current = extractor.tokenizer.model_max_length as unknown;
  if (typeof current === 'number' && current <= positions) return;
  const tokenizerConfig = (extractor.tokenizer as unknown as { _tokenizerConfig?: Record<string, unknown> })._tokenizerConfig;
  if (tokenizerConfig && typeof tokenizerConfig === 'object') tokenizerConfig.model_max_length = positions;
}

async function loadExtractor(config: EmbeddingConfig): Promise<FeatureExtractionPipeline> {
  return withLoadLock(async () => {
    const { pipeline, env } = await import('@huggingface/transformers');
    env.allowLocalModels = true;
    env.localModelPath = config.modelsDir;
    env.allowRemoteModels = config.allowRemote;
    env.remoteHost = config.remoteHost;
    env.remotePathTemplate = '{model}/resolve/{revision}/';
    // Downloads (allowRemote) are cached under `<cacheDir>/<model>/<file>`: pointing it at
    // modelsDir puts them exactly where a hand-copied model lives, so status() sees them.
    env.cacheDir = config.modelsDir;
    const extractor = await pipeline('feature-extraction', config.model, {
      dtype: config.dtype,
      device: 'cpu',
      local_files_only: !config.allowRemote,
    });
    capTokenizerLength(extractor);
    return extractor;
  });
}

export function createEmbedder(config: EmbeddingConfig, options: CreateEmbedderOptions = {}): Embedder {
  assertEmbeddingConfig(config);
  const frozen: Readonly<EmbeddingConfig> = Object.freeze({ ...config });
  const cache = options.cache ?? new MemoryVectorCache();
  // The dtype is part of the key: a quantized model's vectors differ slightly from fp32's.
  const cacheModel = `${config.model}@${config.dtype}`;
  // One inference at a time per embedder: ONNX Runtime already spreads one batch over the CPU cores.
  const inference = new Semaphore(1);

  let extractor: FeatureExtractionPipeline | null = null;
  let loading: Promise<FeatureExtractionPipeline | null> | null = null;
  let loadFailure: { signature: string; at: number } | null = null;
  let lastError: string | null = null;
  let dims: number | null = null;
  let loadMs: number | null = null;
  const stats: EmbedderStats = { computed: 0, cached: 0, batches: 0 };

  const files = () => inspectModelFiles(config.modelsDir, config.model, config.dtype);

  function status(): EmbedderStatus {
    if (!config.enabled) return 'disabled';
    if (extractor) return 'loaded';
    const found = files();
    if (loadFailure) {
      const stale = found.signature !== loadFailure.signature || Date.now() - loadFailure.at >= LOAD_RETRY_MS;
      if (!stale) return 'error';
      loadFailure = null; // someone fixed the folder, or time passed: the next embed() tries again
    }
    return found.complete ? 'present' : 'absent';
  }

  function available(): boolean {
    const s = status();
    return s === 'present' || s === 'loaded' || (s === 'absent' && config.allowRemote);
  }

  /** The loaded pipeline, or null after a failed load; concurrent callers share one load. */
  function getExtractor(): Promise<FeatureExtractionPipeline | null> {
    if (extractor) return Promise.resolve(extractor);
    loading ??= (async () => {
      const started = performance.now();
      try {
        const loaded = await loadExtractor(config);
        extractor = loaded;
        loadMs = Math.round(performance.now() - started);
        lastError = null;
        loadFailure = null;
        try {
          options.onLoad?.(loadMs);
        } catch {
          /* a failing observer must not fail the load */
        }
        return loaded;
      } catch (e) {
        lastError = `could not load embedding model "${config.model}" (${config.dtype}): ${errorText(e)}`;
        loadFailure = { signature: files().signature, at: Date.now() };
        return null;
      } finally {
        loading = null;
      }
    })();
    return loading;
  }

  async function infer(model: FeatureExtractionPipeline, texts: string[], signal: AbortSignal | undefined): Promise<Float32Array[]> {
    const release = await inference.acquire(signal);
    try {
      const output = await model(texts, { pooling: 'mean', normalize: true });
      stats.batches++;
      const [rows, width] = output.dims as [number, number];
      const data = output.data as Float32Array;
      const vectors: Float32Array[] = [];
      // slice() copies: each vector owns its memory, independent of the output tensor.
      for (let r = 0; r < rows; r++) vectors.push(data.slice(r * width, (r + 1) * width));
      output.dispose();
      dims = width;
      return vectors;
    } finally {
      release();
    }
  }

  async function embed(texts: string[], { kind, signal }: EmbedOptions): Promise<Float32Array[] | null> {
    signal?.throwIfAborted();
    if (!available()) return null;
    if (texts.length === 0) return [];

    const prefix = embeddingPrefix(config.model, kind);
    const hashes = texts.map((t) => textHash(prefix + t));
    const known = cache.get(cacheModel, [...new Set(hashes)]);
    stats.cached += known.size;

    // Distinct texts still to compute, in first-seen order.
    const todo = new Map<string, string>();
    hashes.forEach((hash, i) => {
      if (!known.has(hash) && !todo.has(hash)) todo.set(hash, prefix + texts[i]!);
    });

    if (todo.size > 0) {
      const model = await untilAborted(getExtractor(), signal);
      if (!model) return null;
      const pending = [...todo];
      try {
        for (let i = 0; i < pending.length; i += config.batchSize) {
          signal?.throwIfAborted();
          const batch = pending.slice(i, i + config.batchSize);
          const vectors = await infer(model, batch.map(([, text]) => text), signal);
          const rows: VectorRow[] = batch.map(([hash], j) => ({ hash, vector: vectors[j]! }));
          // Stored batch by batch: an aborted call still saves the work done.
          cache.put(cacheModel, rows);
          for (const row of rows) known.set(row.hash, row.vector);
          stats.computed += rows.length;
        }
      } catch (e) {
        if (signal?.aborted) throw signal.reason;
        lastError = `embedding with "${config.model}" failed: ${errorText(e)}`;
        return null;
      }
    }
    return hashes.map((hash) => known.get(hash)!);
  }

  return {
    config: frozen,
    status,
    lastError: () => lastError,
    available,
    embed,
    modelInfo() {
      const found = files();
      return { model: config.model, dtype: config.dtype, dir: found.dir, files: found.present, missing: found.missing, dims, loadMs };
    },
    stats: () => ({ ...stats }),
    async unload() {
      const current = extractor ?? (loading ? await loading : null);
      extractor = null;
      dims = null;
      loadFailure = null;
      lastError = null;
      await current?.dispose();
    },
  };
}
