/**
 * A tiny BERT-like embedding model written on the fly, so tests of core/ai/embed run
 * offline and in milliseconds: the real loading path of @huggingface/transformers
 * (config.json, a WordPiece tokenizer.json, an ONNX graph in `onnx/`) with a model that
 * is one Gather from an embedding table.
 *
 * The table is built so that meaning shows up in cosine similarity: the first four
 * dimensions are topics (web front end, data, HR, other) and every token carries one
 * topic strongly plus a small deterministic per-token component. 'react' and
 * 'javascript' (and 前 端) therefore point the same way, 'python' and 'pandas' (数 据)
 * another, 招 聘 / 薪 资 a third.
 */
import { once } from 'node:events';
import { createReadStream, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

type Topic = 'web' | 'data' | 'hr' | 'other';
const TOPIC_AXIS: Record<Topic, number> = { web: 0, data: 1, hr: 2, other: 3 };

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

/** Words and characters of the vocabulary, by topic. Chinese characters are single tokens (BertPreTokenizer splits CJK). */
const TOPIC_WORDS: Record<Topic, string[]> = {
  web: ['react', 'javascript', 'typescript', 'frontend', 'vue', 'css', 'html', 'web', '前', '端', '页', '面'],
  data: ['python', 'pandas', 'data', 'analysis', 'sql', 'statistics', '数', '据', '分', '析'],
  hr: ['recruiting', 'hiring', 'salary', 'payroll', 'leave', 'interview', '招', '聘', '薪', '资', '人', '事', '假'],
  other: ['the', 'a', 'and', 'of', 'with', 'for', 'developer', 'engineer', 'senior', 'experience', 'years', '的', '和', '工', '程', '师', '年'],
};

export interface TinyModelOptions {
  /** Width of the vectors (at least 8; default 16). */
  hiddenSize?: number;
  /** Tokens per text before truncation, [CLS] and [SEP] included (default 32). */
  maxLength?: number;
  /** Write ONNX files only for these dtypes (default both: model.onnx and model_quantized.onnx). */
  dtypes?: Array<'fp32' | 'q8'>;
}

export interface TinyModel {
  /** The model's folder: `<dir>/<modelId>`. */
  dir: string;
  modelId: string;
  hiddenSize: number;
  maxLength: number;
  /** Token strings in id order. */
  vocab: string[];
}

/** Small deterministic pseudo-random numbers in [-1, 1) (mulberry32), so the model is the same on every run. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

function vocabulary(): { tokens: string[]; topicOf: Map<string, Topic> } {
  const topicOf = new Map<string, Topic>();
  const tokens: string[] = [...SPECIAL_TOKENS];
  for (const [topic, words] of Object.entries(TOPIC_WORDS) as [Topic, string[]][]) {
    for (const w of words) {
      tokens.push(w);
      topicOf.set(w, topic);
    }
  }
  return { tokens, topicOf };
}

/** Row-major [vocab, hidden] float32 table. */
function embeddingTable(tokens: string[], topicOf: Map<string, Topic>, hidden: number): Float32Array {
  const table = new Float32Array(tokens.length * hidden);
  const rand = seeded(20240601);
  tokens.forEach((token, row) => {
    const v = table.subarray(row * hidden, (row + 1) * hidden);
    for (let d = 4; d < hidden; d++) v[d] = 0.25 * rand();
    const topic = topicOf.get(token);
    // Special tokens stay small but not zero: an empty text is [CLS] [SEP] and must still normalize.
    if (topic) v[TOPIC_AXIS[topic]] = 1;
    else for (let d = 0; d < 4; d++) v[d] = 0.05;
  });
  return table;
}

function tokenizerJson(tokens: string[]): object {
  const id = (t: string) => tokens.indexOf(t);
  const special = (t: string) => ({ id: t, type_id: 0 });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((t) => ({ id: id(t), content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: special('[CLS]') }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: special('[SEP]') }],
      pair: [
        { SpecialToken: special('[CLS]') },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: special('[SEP]') },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [id('[CLS]')], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [id('[SEP]')], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(tokens.map((t, i) => [t, i])),
    },
  };
}

/** input_ids, attention_mask, token_type_ids (int64 [batch, seq]) → Gather(table) → last_hidden_state [batch, seq, hidden]. */
function onnxModel(table: Float32Array, vocabSize: number, hidden: number): Uint8Array {
  const INT64 = onnx.TensorProto.DataType.INT64;
  const FLOAT = onnx.TensorProto.DataType.FLOAT;
  const dims = (...names: Array<string | number>) => ({ dim: names.map((n) => (typeof n === 'number' ? { dimValue: n } : { dimParam: n })) });
  const input = (name: string) => ({ name, type: { tensorType: { elemType: INT64, shape: dims('batch_size', 'sequence_length') } } });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'hr-suite tests',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'tiny-bert',
      node: [
        {
          opType: 'Gather',
          input: ['word_embeddings', 'input_ids'],
          output: ['last_hidden_state'],
          attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
        },
      ],
      initializer: [{ name: 'word_embeddings', dims: [vocabSize, hidden], dataType: FLOAT, rawData: new Uint8Array(table.buffer, table.byteOffset, table.byteLength) }],
      // attention_mask and token_type_ids are declared so the library feeds them, like a real BERT export.
      input: [input('input_ids'), input('attention_mask'), input('token_type_ids')],
      output: [{ name: 'last_hidden_state', type: { tensorType: { elemType: FLOAT, shape: dims('batch_size', 'sequence_length', hidden) } } }],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

/** Write `<dir>/<modelId>/{config.json, tokenizer.json, tokenizer_config.json, onnx/*.onnx}`. */
export function writeTinyEmbeddingModel(dir: string, modelId = 'test/tiny-bert', opts: TinyModelOptions = {}): TinyModel {
  const hiddenSize = opts.hiddenSize ?? 16;
  const maxLength = opts.maxLength ?? 32;
  if (hiddenSize < 8) throw new Error('hiddenSize must be at least 8 (4 topic axes plus per-token noise)');
  const { tokens, topicOf } = vocabulary();
  const modelDir = join(dir, modelId);
  mkdirSync(join(modelDir, 'onnx'), { recursive: true });
  const json = (file: string, value: object) => writeFileSync(join(modelDir, file), JSON.stringify(value, null, 2));
  json('config.json', {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: hiddenSize,
    num_attention_heads: 1,
    num_hidden_layers: 1,
    intermediate_size: hiddenSize * 2,
    max_position_embeddings: maxLength,
    vocab_size: tokens.length,
    type_vocab_size: 2,
    pad_token_id: 0,
  });
  json('tokenizer.json', tokenizerJson(tokens));
  json('tokenizer_config.json', {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: maxLength,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
  });
  const bytes = onnxModel(embeddingTable(tokens, topicOf, hiddenSize), tokens.length, hiddenSize);
  const files = { fp32: 'model.onnx', q8: 'model_quantized.onnx' } as const;
  for (const dtype of opts.dtypes ?? ['fp32', 'q8']) writeFileSync(join(modelDir, 'onnx', files[dtype]), bytes);
  return { dir: modelDir, modelId, hiddenSize, maxLength, vocab: tokens };
}

export interface ModelServer {
  /** http://127.0.0.1:<port>, to use as a hub host. */
  url: string;
  /** Paths requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A stand-in for huggingface.co on 127.0.0.1: `GET /<model>/resolve/main/<file>` answers
 * `<root>/<model>/<file>` (with Content-Length), anything else 404.
 */
export async function serveModels(root: string): Promise<ModelServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    const m = /^\/(.+?)\/resolve\/main\/(.+)$/.exec(path);
    const file = m ? normalize(join(root, m[1]!, m[2]!)) : '';
    const st = file.startsWith(root + sep) ? statSync(file, { throwIfNoEntry: false }) : undefined;
    if (!st?.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Entry not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': st.size });
    createReadStream(file).pipe(res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
