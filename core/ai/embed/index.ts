/**
 * # core/ai/embed — local sentence embeddings (semantic search beside BM25)
 *
 * ```ts
 * import { createEmbedder, SqliteVectorCache, cosine } from '../core/ai/index.js';
 *
 * const embedder = createEmbedder(embeddingConfigFrom(config), { cache: new SqliteVectorCache(sqlite) });
 * const [q] = (await embedder.embed(['前端工程师 React'], { kind: 'query' })) ?? [];
 * const docs = await embedder.embed(resumeTexts, { kind: 'passage' });
 * if (!q || !docs) return bm25Ranking();              // no model: the keyword path
 * docs.map((d) => cosine(q, d));                      // unit vectors: dot product
 * ```
 *
 * **Offline rule.** The server never downloads a model unless `ai.embeddings.allowRemote`
 * is true (it is false by default). The model is put in place once, by
 * `npm run hr -- ai:download-model [--host https://hf-mirror.com]` or by hand.
 *
 * **Folder layout** (`modelsDir` defaults to `<dataDir>/models`):
 * ```
 * data/models/Xenova/multilingual-e5-small/config.json
 *                                         /tokenizer.json
 *                                         /tokenizer_config.json
 *                                         /onnx/model_quantized.onnx   (dtype 'q8'; 'fp32' uses onnx/model.onnx)
 * ```
 * To copy a model by hand (a server without internet): on any machine that can reach
 * huggingface.co or a mirror, download those four files of the model (or run
 * ai:download-model there) and copy the folder to the same path under the server's data
 * folder. Nothing else is needed; no restart either: the next embed() finds it.
 *
 * **Status** (`embedder.status()`, cheap: a few stat calls, never a load):
 * - `disabled` — `enabled: false`; nothing is ever loaded.
 * - `absent` — a required file is missing or empty (with `allowRemote`, `available()` is
 *   still true: the first embed() downloads into the same layout).
 * - `present` — the files are there; the model loads on the first embed() (about 0.5 s of
 *   library import plus the model itself; concurrent first calls share one load).
 * - `loaded` — in memory until `unload()`.
 * - `error` — the last load failed (`lastError()` says why); embed() answers null without
 *   retrying until the files change or ten minutes pass.
 *
 * **embed(texts, { kind })** answers one unit-length Float32Array per text, in order, or
 * null whenever vectors cannot be had (disabled, absent, load or inference failure):
 * callers fall back to BM25 and never need a try/catch; only an aborted `signal` rejects.
 * Texts get the model family's prefix (e5: `query: ` / `passage: `; bge-zh: an
 * instruction for queries), are cut to the model's maximum length, and are run
 * `batchSize` at a time. Vectors are cached by (model id + dtype, SHA-256 of the
 * prefixed text) in a `VectorCache`: `MemoryVectorCache` (default) or
 * `SqliteVectorCache` over the `ai_vectors` table (survives restarts). Returned vectors
 * may be shared with the cache: treat them as read-only.
 *
 * @huggingface/transformers is imported inside the first load, never by importing this
 * module: startup and memory do not pay for AI that is not used.
 */
export { createEmbedder } from './embedder.js';
export type { Embedder, EmbedderStatus, EmbedOptions, EmbedderStats, ModelInfo, CreateEmbedderOptions } from './embedder.js';
export { EMBEDDING_DEFAULTS, isValidModelId, assertEmbeddingConfig, type EmbeddingConfig, type EmbeddingDtype } from './settings.js';
export { modelDir, requiredModelFiles, onnxFileFor, inspectModelFiles, type ModelFile, type ModelFiles } from './model-files.js';
export { embeddingPrefix, modelFamily, BGE_ZH_QUERY_INSTRUCTION, type EmbedKind, type ModelFamily } from './prefix.js';
export { MemoryVectorCache, SqliteVectorCache, AI_VECTORS_DDL, type VectorCache, type VectorRow } from './vector-cache.js';
export { cosine, textHash } from './vectors.js';
export { downloadModel, modelFileUrl, ModelDownloadError } from './download.js';
export type { DownloadModelOptions, DownloadProgress, DownloadResult, ModelDownloadErrorCode } from './download.js';
