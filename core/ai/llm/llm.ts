/**
 * The LLM runtime: one factory for every OpenAI-compatible endpoint (DeepSeek, Qwen in
 * compatible mode, Moonshot, vLLM, ...) and for Ollama, built on @langchain/openai's
 * ChatOpenAI. langchain is imported lazily on the first call, so importing this module
 * costs nothing at startup; with `config === null` nothing is ever loaded and
 * `llm.available` is false: callers take their offline path.
 *
 * Ollama is treated as OpenAI-compatible: its `/v1` endpoint (`${baseUrl}/v1`) speaks the
 * chat-completions protocol and ignores the API key, so a dummy key ('ollama') is sent.
 *
 * Every call:
 *  - waits for a slot in a per-Llm semaphore (`maxConcurrency`, default 4);
 *  - has one deadline of `timeoutMs` (default 30 s) covering the wait, all attempts and the
 *    backoff sleeps, so a hung endpoint yields LlmError('timeout') within that time
 *    (for `stream`, the deadline is an idle timeout between chunks);
 *  - retries network failures, HTTP 429 and 5xx up to `maxRetries` (default 2) times with
 *    exponential backoff, while the deadline allows;
 *  - reports token usage through `onUsage` (the caller logs/stores it per feature).
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { AIMessageChunk, BaseMessage } from '@langchain/core/messages';
import { z } from 'zod';
import { LlmError, classifyError, isRetryable } from './errors.js';
import { Semaphore } from './semaphore.js';

export type LlmProvider = 'openai-compatible' | 'ollama';

export interface LlmConfig {
  provider: LlmProvider;
  /** e.g. https://api.deepseek.com/v1 (openai-compatible) or http://127.0.0.1:11434 (ollama: `/v1` is appended). */
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** Deadline of one call in ms (default 30000). */
  timeoutMs?: number;
  /** Extra attempts on network errors, 429 and 5xx (default 2). */
  maxRetries?: number;
  /** First backoff delay in ms; doubles each retry, with jitter (default 250). */
  retryBaseMs?: number;
  /** Simultaneous requests to the endpoint (default 4). */
  maxConcurrency?: number;
  /** Ask for `response_format: json_object` in `structured` (default true; turn off for servers that reject it). */
  jsonMode?: boolean;
  temperature?: number;
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface LlmUsageEvent extends LlmUsage {
  feature: string;
  model: string;
}

export type ChatRole = 'system' | 'user' | 'assistant';
export interface ChatMessage {
  role: ChatRole;
  content: string;
}
export type LlmInput = string | ChatMessage[];

export interface CallOptions {
  /** Which feature is calling (recruiting.rank, chat.answer, ...): usage is reported per feature. */
  feature: string;
  signal?: AbortSignal;
}

export interface StructuredOptions extends CallOptions {
  /** Extra attempts when the answer fails its schema, with the error fed back (default 1). */
  retries?: number;
}

export interface CompleteResult {
  text: string;
  usage: LlmUsage;
}

export interface Llm {
  /** false when no LLM is configured: callers take their offline path. */
  readonly available: boolean;
  /** The model id ('' when unavailable). */
  readonly model: string;
  complete(input: LlmInput, options: CallOptions): Promise<CompleteResult>;
  structured<T>(schema: z.ZodType<T>, input: LlmInput, options: StructuredOptions): Promise<T>;
  stream(input: LlmInput, options: CallOptions): AsyncIterable<string>;
}

export interface CreateLlmDeps {
  /** Called after each call that reported token usage. Errors thrown here are ignored. */
  onUsage?: (event: LlmUsageEvent) => void;
  /** A ready langchain chat model to use instead of ChatOpenAI (tests: FakeListChatModel). */
  model?: BaseChatModel;
}

export const LLM_DEFAULTS = { timeoutMs: 30_000, maxRetries: 2, retryBaseMs: 250, maxConcurrency: 4 } as const;

/** The Ollama OpenAI-compatible endpoint and the dummy key it ignores. */
export function resolveEndpoint(config: Pick<LlmConfig, 'provider' | 'baseUrl' | 'apiKey'>): { baseURL: string; apiKey: string } {
  const base = config.baseUrl.replace(/\/+$/, '');
  if (config.provider === 'ollama') {
    return { baseURL: base.endsWith('/v1') ? base : `${base}/v1`, apiKey: config.apiKey || 'ollama' };
  }
  // The OpenAI SDK refuses an empty key; local vLLM servers usually accept any.
  return { baseURL: base, apiKey: config.apiKey || 'not-needed' };
}

function toMessages(input: LlmInput): ChatMessage[] {
  return typeof input === 'string' ? [{ role: 'user', content: input }] : input;
}

/** langchain's message-like tuples: ['system' | 'user' | 'assistant', text]. */
function toLangchain(messages: ChatMessage[]): Array<[ChatRole, string]> {
  return messages.map((m) => [m.role, m.content]);
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((p) => (typeof p === 'string' ? p : p && typeof p === 'object' && 'text' in p ? String((p as { text: unknown }).text) : ''))
      .join('');
  }
  return '';
}

function usageOf(msg: BaseMessage | AIMessageChunk): LlmUsage | undefined {
  const um = (msg as { usage_metadata?: { input_tokens?: number; output_tokens?: number } }).usage_metadata;
  if (um && (um.input_tokens !== undefined || um.output_tokens !== undefined)) {
    return { promptTokens: um.input_tokens ?? 0, completionTokens: um.output_tokens ?? 0 };
  }
  const tu = (msg.response_metadata as { tokenUsage?: { promptTokens?: number; completionTokens?: number } } | undefined)?.tokenUsage;
  if (tu) return { promptTokens: tu.promptTokens ?? 0, completionTokens: tu.completionTokens ?? 0 };
  return undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Pull a JSON value out of a model answer: bare JSON, a ```json fence, or the outermost {...}/[...]. */
export function extractJson(text: string): unknown {
  const trimmed = text.trim();
  const fence = /```(?:json)?\s*([\s\S]*?)```/i.exec(trimmed);
  const candidates = [trimmed];
  if (fence?.[1]) candidates.push(fence[1].trim());
  for (const [open, close] of [
    ['{', '}'],
    ['[', ']'],
  ] as const) {
    const a = trimmed.indexOf(open);
    const b = trimmed.lastIndexOf(close);
    if (a >= 0 && b > a) candidates.push(trimmed.slice(a, b + 1));
  }
  let lastErr: unknown;
  for (const c of candidates) {
    try {
      return JSON.parse(c);
    } catch (e) {
      lastErr = e;
    }
  }
  throw new Error(`answer is not JSON (${lastErr instanceof Error ? lastErr.message : String(lastErr)})`);
}

function schemaInstruction(schema: z.ZodType<unknown>): string {
  let jsonSchema = '';
  try {
    jsonSchema = JSON.stringify(z.toJSONSchema(schema, { unrepresentable: 'any' }));
  } catch {
    /* some schemas (transforms) have no JSON Schema: the validation error feedback still guides the model */
  }
  return (
    'Reply with a single JSON value only: no prose, no code fences.' +
    (jsonSchema ? ` It must match this JSON Schema: ${jsonSchema}` : '')
  );
}

function unavailableLlm(): Llm {
  const fail = (feature: string) => new LlmError('unavailable', 'no LLM is configured', { feature });
  return {
    available: false,
    model: '',
    complete: async (_i, o) => {
      throw fail(o.feature);
    },
    structured: async (_s, _i, o) => {
      throw fail(o.feature);
    },
    stream: (_i, o) => ({
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          throw fail(o.feature);
        },
      }),
    }),
  };
}

/**
 * langchain sends every run to LangSmith when LANGSMITH_TRACING / LANGCHAIN_TRACING_V2 (or
 * their older spellings) are "true" in the environment, and reads them at call time. Prompts
 * hold résumés and employees' questions: they must never leave for a tracing service because
 * of a variable someone exported in a shell. Forced off before each call.
 */
const TRACING_VARIABLES = ['LANGSMITH_TRACING', 'LANGSMITH_TRACING_V2', 'LANGCHAIN_TRACING', 'LANGCHAIN_TRACING_V2'] as const;
export function disableRemoteTracing(env: NodeJS.ProcessEnv = process.env): void {
  for (const name of TRACING_VARIABLES) if (env[name] !== undefined && env[name] !== 'false') env[name] = 'false';
}

export function createLlm(config: LlmConfig | null, deps: CreateLlmDeps = {}): Llm {
  if (!config && !deps.model) return unavailableLlm();
  const timeoutMs = config?.timeoutMs ?? LLM_DEFAULTS.timeoutMs;
  const maxRetries = config?.maxRetries ?? LLM_DEFAULTS.maxRetries;
  const retryBaseMs = config?.retryBaseMs ?? LLM_DEFAULTS.retryBaseMs;
  const jsonMode = config?.jsonMode ?? true;
  const modelName = config?.model ?? (deps.model ? deps.model.getName() : '');
  const semaphore = new Semaphore(config?.maxConcurrency ?? LLM_DEFAULTS.maxConcurrency);

  let modelPromise: Promise<BaseChatModel> | undefined;
  const getModel = (): Promise<BaseChatModel> => {
    if (deps.model) return Promise.resolve(deps.model);
    modelPromise ??= (async () => {
      const cfg = config!;
      let ChatOpenAI: typeof import('@langchain/openai').ChatOpenAI;
      try {
        ({ ChatOpenAI } = await import('@langchain/openai'));
      } catch (e) {
        throw new LlmError('unavailable', `could not load @langchain/openai: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
      const { baseURL, apiKey } = resolveEndpoint(cfg);
      return new ChatOpenAI({
        model: cfg.model,
        apiKey,
        configuration: { baseURL },
        temperature: cfg.temperature,
        timeout: timeoutMs,
        maxRetries: 0, // retries are ours: bounded by the call's deadline
        streamUsage: true,
        useResponsesApi: false, // chat-completions is what compatible servers speak
      }) as unknown as BaseChatModel;
    })();
    modelPromise.catch(() => {
      modelPromise = undefined;
    });
    return modelPromise;
  };

  const report = (feature: string, usage: LlmUsage | undefined) => {
    if (!usage || !deps.onUsage) return;
    try {
      deps.onUsage({ feature, model: modelName, ...usage });
    } catch {
      /* a failing usage logger must not fail the call */
    }
  };

  /** One complete() with deadline, semaphore and retries. */
  async function invoke(messages: ChatMessage[], options: CallOptions, extra: Record<string, unknown> = {}): Promise<CompleteResult> {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
    const ctx = () => ({ feature: options.feature, timedOut: deadline.aborted, aborted: !!options.signal?.aborted, timeoutMs });
    let release: (() => void) | undefined;
    try {
      release = await semaphore.acquire(signal);
      disableRemoteTracing();
      const model = await getModel();
      for (let attempt = 0; ; attempt++) {
        try {
          const msg = await model.invoke(toLangchain(messages), { signal, ...extra } as Parameters<BaseChatModel['invoke']>[1]);
          if (!msg || typeof msg !== 'object' || !('content' in msg)) throw new Error('no message in the answer');
          const usage = usageOf(msg);
          report(options.feature, usage);
          return { text: contentText(msg.content), usage: usage ?? { promptTokens: 0, completionTokens: 0 } };
        } catch (e) {
          const err = classifyError(e, ctx());
          if (attempt >= maxRetries || !isRetryable(err)) throw err;
          const delay = retryBaseMs * 2 ** attempt * (0.75 + Math.random() * 0.5);
          await sleep(delay, signal);
        }
      }
    } catch (e) {
      throw classifyError(e, ctx());
    } finally {
      release?.();
    }
  }

  return {
    available: true,
    model: modelName,

    complete(input, options) {
      return invoke(toMessages(input), options);
    },

    async structured<T>(schema: z.ZodType<T>, input: LlmInput, options: StructuredOptions): Promise<T> {
      const retries = options.retries ?? 1;
      const messages: ChatMessage[] = [{ role: 'system', content: schemaInstruction(schema) }, ...toMessages(input)];
      const extra = jsonMode && !deps.model ? { response_format: { type: 'json_object' } } : {};
      let lastProblem = '';
      for (let attempt = 0; attempt <= retries; attempt++) {
        const { text } = await invoke(messages, options, extra);
        let problem: string;
        try {
          const parsed = schema.safeParse(extractJson(text));
          if (parsed.success) return parsed.data;
          problem = `it does not match the schema: ${z.prettifyError(parsed.error)}`;
        } catch (e) {
          problem = e instanceof Error ? e.message : String(e);
        }
        lastProblem = problem;
        messages.push(
          { role: 'assistant', content: text },
          { role: 'user', content: `Your previous answer was invalid: ${problem}\nReply again with only the corrected JSON.` },
        );
      }
      throw new LlmError('invalid_output', `LLM answer failed validation after ${retries + 1} attempt(s): ${lastProblem}`, {
        feature: options.feature,
      });
    },

    stream(input, options) {
      const messages = toMessages(input);
      return {
        async *[Symbol.asyncIterator]() {
          // Idle timeout: the deadline restarts with every chunk, so a long answer that keeps
          // flowing is not cut, while a stalled endpoint fails within timeoutMs.
          const idle = new AbortController();
          let timedOut = false;
          let timer: NodeJS.Timeout | undefined;
          const arm = () => {
            clearTimeout(timer);
            timer = setTimeout(() => {
              timedOut = true;
              idle.abort(new DOMException('LLM stream idle timeout', 'TimeoutError'));
            }, timeoutMs);
          };
          const signal = options.signal ? AbortSignal.any([idle.signal, options.signal]) : idle.signal;
          const ctx = () => ({ feature: options.feature, timedOut, aborted: !!options.signal?.aborted, timeoutMs });
          let release: (() => void) | undefined;
          let usage: LlmUsage | undefined;
          arm();
          try {
            release = await semaphore.acquire(signal);
            disableRemoteTracing();
            const model = await getModel();
            const iter = await model.stream(toLangchain(messages), { signal } as Parameters<BaseChatModel['stream']>[1]);
            for await (const chunk of iter) {
              arm();
              const u = usageOf(chunk);
              if (u) usage = { promptTokens: (usage?.promptTokens ?? 0) + u.promptTokens, completionTokens: (usage?.completionTokens ?? 0) + u.completionTokens };
              const text = contentText(chunk.content);
              if (text) yield text;
            }
            report(options.feature, usage);
          } catch (e) {
            throw classifyError(e, ctx());
          } finally {
            clearTimeout(timer);
            release?.();
          }
        },
      };
    },
  };
}
