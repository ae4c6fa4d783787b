/** The AI runtime's settings out of the resolved hr.config.ts (`ai.*`), with their defaults. */
import { isAbsolute, resolve } from 'node:path';
import { EMBEDDING_DEFAULTS, type EmbeddingConfig } from './embed/settings.js';

/** `ai.embeddings` with defaults applied; modelsDir defaults to `<dataDir>/models` (a relative one is taken from dataDir). */
export function embeddingConfigFrom(config: { dataDir: string; ai?: { embeddings?: Partial<EmbeddingConfig> } }): EmbeddingConfig {
  const given = config.ai?.embeddings ?? {};
  const modelsDir = given.modelsDir ?? 'models';
  return {
    ...EMBEDDING_DEFAULTS,
    ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)),
    modelsDir: isAbsolute(modelsDir) ? modelsDir : resolve(config.dataDir, modelsDir),
  };
}
