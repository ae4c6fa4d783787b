/**
 * Model families that were trained with a text prefix and score noticeably worse
 * without it. Matching is on the model id, so mirrors and ONNX re-exports
 * ('intfloat/…', 'Xenova/…', 'onnx-community/…') are recognised alike.
 */
export type EmbedKind = 'query' | 'passage';

export type ModelFamily = 'e5' | 'bge-zh' | 'other';

/** The instruction BGE's Chinese models expect in front of short queries (not passages). */
export const BGE_ZH_QUERY_INSTRUCTION = '为这个句子生成表示以用于检索相关文章：';

export function modelFamily(model: string): ModelFamily {
  const name = (model.split('/').pop() ?? model).toLowerCase();
  if (/^(multilingual-)?e5-/.test(name)) return 'e5';
  if (/^bge-.*zh/.test(name)) return 'bge-zh';
  return 'other';
}

export function embeddingPrefix(model: string, kind: EmbedKind): string {
  switch (modelFamily(model)) {
    case 'e5':
      return kind === 'query' ? 'query: ' : 'passage: ';
    case 'bge-zh':
      return kind === 'query' ? BGE_ZH_QUERY_INSTRUCTION : '';
    default:
      return '';
  }
}
