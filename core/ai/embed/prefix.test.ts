// Which model ids get which prefix: the e5 and bge-zh families lose accuracy without theirs.
import { describe, expect, it } from 'vitest';
import { BGE_ZH_QUERY_INSTRUCTION, embeddingPrefix, modelFamily } from './prefix.js';

describe('embeddingPrefix', () => {
  it.each([
    ['Xenova/multilingual-e5-small', 'e5', 'query: ', 'passage: '],
    ['intfloat/multilingual-e5-large', 'e5', 'query: ', 'passage: '],
    ['Xenova/e5-small-v2', 'e5', 'query: ', 'passage: '],
    ['e5-base', 'e5', 'query: ', 'passage: '],
    ['Xenova/bge-small-zh-v1.5', 'bge-zh', BGE_ZH_QUERY_INSTRUCTION, ''],
    ['BAAI/bge-large-zh', 'bge-zh', BGE_ZH_QUERY_INSTRUCTION, ''],
    ['Xenova/bge-small-en-v1.5', 'other', '', ''],
    ['Xenova/bge-m3', 'other', '', ''],
    ['Xenova/all-MiniLM-L6-v2', 'other', '', ''],
    ['someone/not-e5-at-start', 'other', '', ''],
  ])('%s is %s: query "%s", passage "%s"', (model, family, query, passage) => {
    expect(modelFamily(model)).toBe(family);
    expect(embeddingPrefix(model, 'query')).toBe(query);
    expect(embeddingPrefix(model, 'passage')).toBe(passage);
  });
});
