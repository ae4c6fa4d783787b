// ai.embeddings: defaults, the models folder, and which model ids may become folder paths.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { embeddingConfigFrom } from '../config.js';
import { EMBEDDING_DEFAULTS, isValidModelId } from './settings.js';

describe('embeddingConfigFrom', () => {
  it.each([
    ['nothing configured', undefined, { ...EMBEDDING_DEFAULTS, modelsDir: join('/srv/hr/data', 'models') }],
    ['a mirror and fp32', { remoteHost: 'https://hf-mirror.com', dtype: 'fp32' as const }, { ...EMBEDDING_DEFAULTS, remoteHost: 'https://hf-mirror.com', dtype: 'fp32', modelsDir: '/srv/hr/data/models' }],
    ['an absolute models folder', { modelsDir: '/mnt/models' }, { ...EMBEDDING_DEFAULTS, modelsDir: '/mnt/models' }],
    ['a relative models folder', { modelsDir: 'ai/models' }, { ...EMBEDDING_DEFAULTS, modelsDir: '/srv/hr/data/ai/models' }],
    ['switched off, undefined keys ignored', { enabled: false, model: undefined }, { ...EMBEDDING_DEFAULTS, enabled: false, modelsDir: '/srv/hr/data/models' }],
  ])('%s', (_label, embeddings, expected) => {
    expect(embeddingConfigFrom({ dataDir: '/srv/hr/data', ai: { embeddings } })).toEqual(expected);
  });

  it('defaults to the multilingual e5 model, local files only', () => {
    expect(EMBEDDING_DEFAULTS).toMatchObject({ model: 'Xenova/multilingual-e5-small', allowRemote: false, dtype: 'q8', batchSize: 16, enabled: true });
  });
});

describe('isValidModelId', () => {
  it.each([
    ['Xenova/multilingual-e5-small', true],
    ['BAAI/bge-small-zh-v1.5', true],
    ['all-MiniLM-L6-v2', true],
    ['../etc', false],
    ['a/../b', false],
    ['Xenova/..', false],
    ['/abs', false],
    ['a/b/c', false],
    ['', false],
    ['with space/x', false],
  ])('%s → %s', (id, ok) => {
    expect(isValidModelId(id)).toBe(ok);
  });
});
