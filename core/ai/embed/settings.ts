/** The shape of `ai.embeddings` in hr.config.ts, its defaults, and which model ids are acceptable. */

/** 'q8' loads `onnx/model_quantized.onnx` (about a quarter of the size, nearly the same quality); 'fp32' loads `onnx/model.onnx`. */
export type EmbeddingDtype = 'q8' | 'fp32';

export interface EmbeddingConfig {
  /** false: no model is ever loaded; every embed() answers null (callers use BM25). */
  enabled: boolean;
  /** Hugging Face model id, e.g. 'Xenova/multilingual-e5-small'; also the folder under modelsDir. */
  model: string;
  /** Absolute folder holding `<model>/...` (default `<dataDir>/models`). */
  modelsDir: string;
  /** Where ai:download-model (and allowRemote) fetch from: 'https://huggingface.co' or a mirror such as 'https://hf-mirror.com'. */
  remoteHost: string;
  /** Let the server download a missing model on first use. Off by default: a server must not reach the internet on its own. */
  allowRemote: boolean;
  /** Texts per inference call. */
  batchSize: number;
  dtype: EmbeddingDtype;
}

/** Everything but modelsDir, which depends on the data folder. */
export const EMBEDDING_DEFAULTS = {
  enabled: true,
  model: 'Xenova/multilingual-e5-small',
  remoteHost: 'https://huggingface.co',
  allowRemote: false,
  batchSize: 16,
  dtype: 'q8',
} as const satisfies Omit<EmbeddingConfig, 'modelsDir'>;

/**
 * `owner/name` or `name`, each part starting with a letter or digit: the id becomes a
 * folder path, so '..' or an absolute path must never get through.
 */
const MODEL_ID = /^[A-Za-z0-9][\w.-]{0,95}(\/[A-Za-z0-9][\w.-]{0,95})?$/;

export function isValidModelId(model: string): boolean {
  return MODEL_ID.test(model);
}

/** Throws a readable error for a config no embedder can work with (a typo should stop startup, not hide). */
export function assertEmbeddingConfig(config: EmbeddingConfig): void {
  if (!isValidModelId(config.model)) {
    throw new RangeError(`ai.embeddings.model "${config.model}" is not a model id such as "Xenova/multilingual-e5-small"`);
  }
  if (!Number.isInteger(config.batchSize) || config.batchSize < 1) {
    throw new RangeError(`ai.embeddings.batchSize must be a whole number of at least 1, got ${config.batchSize}`);
  }
  if (config.dtype !== 'q8' && config.dtype !== 'fp32') {
    throw new RangeError(`ai.embeddings.dtype must be "q8" or "fp32", got "${String(config.dtype)}"`);
  }
}
