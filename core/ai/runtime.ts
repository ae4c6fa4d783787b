/**
 * The AI runtime the kernel owns: one LLM client and one embedder built from `hr.config.ts`,
 * wrapped so that every call from a plugin
 *  - has its personal data masked first when the endpoint is remote and the privacy switch
 *    is on (and restored in the answer on this side);
 *  - leaves an audit entry when it goes to a remote endpoint (feature, user, model: never the
 *    text);
 *  - is counted per day, feature and model (calls, failures, tokens, time) for /admin/ai.
 * Building it costs nothing: langchain and transformers.js load on the first call that needs
 * them, and not at all when nothing is configured.
 */
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { ResolvedConfig } from '../config.js';
import { prepared } from '../db/statements.js';
import { getSetting, setSetting } from '../settings.js';
import { todayIn } from '../people/validate.js';
import type { AuditEntry, HrContext } from '../sdk.js';
import { embeddingConfigFrom } from './config.js';
import { createEmbedder, SqliteVectorCache, type Embedder } from './embed/index.js';
import { createLlm, isLlmError, type ChatMessage, type CompleteResult, type Llm, type LlmConfig, type LlmInput, type LlmUsageEvent } from './llm/index.js';
import { createStreamRestorer, isLocalEndpoint, redactPersonalData, restoreDeep, restorePersonalData, type Redaction } from './privacy.js';
import { defaultSynonyms } from './text/index.js';

export const OLLAMA_DEFAULT_URL = 'http://127.0.0.1:11434';
const REDACT_KEY = 'ai.privacy.redact';
const SYNONYMS_KEY = 'ai.synonyms';

export interface AiCallOptions {
  /** What is calling, for usage figures and the audit log: 'recruiting.parse', 'chat.answer'… */
  feature: string;
  /** The request on whose behalf the call is made (null for jobs): the audit entry names its user. */
  c?: HrContext | null;
  signal?: AbortSignal;
}

export interface AiStructuredOptions extends AiCallOptions {
  /** Extra attempts when the answer fails its schema (default 1). */
  retries?: number;
}

/** What plugins get as `ctx.ai.llm`. */
export interface AiLlm {
  /** False when no LLM is configured: take the offline path. */
  readonly available: boolean;
  readonly model: string;
  /** True when the endpoint is not on this machine (then redaction and auditing apply). */
  readonly remote: boolean;
  complete(input: LlmInput, options: AiCallOptions): Promise<CompleteResult>;
  structured<T>(schema: z.ZodType<T>, input: LlmInput, options: AiStructuredOptions): Promise<T>;
  stream(input: LlmInput, options: AiCallOptions): AsyncIterable<string>;
}

export type EmbeddingStatus = ReturnType<Embedder['status']>;

/** What plugins get as `ctx.ai.embeddings`. */
export interface AiEmbeddings {
  status(): EmbeddingStatus;
  /** True when a model is there to use (present or loaded). */
  available(): boolean;
  /** Normalized vectors, or null when no model is available: fall back to BM25. */
  embed(texts: string[], options: { kind: 'query' | 'passage'; signal?: AbortSignal }): Promise<Float32Array[] | null>;
}

export interface UsageRow {
  feature: string;
  model: string;
  calls: number;
  failures: number;
  promptTokens: number;
  completionTokens: number;
  avgMs: number;
}

export interface AiRuntime {
  readonly llmConfig: LlmConfig | null;
  readonly llm: Llm;
  readonly embedder: Embedder;
  /** The wrapped client for one plugin (audit entries name the plugin). */
  llmFor(pluginId: string): AiLlm;
  embeddings: AiEmbeddings;
  /** Whether personal data is masked before remote calls (the admin's switch, else the config). */
  redactEnabled(): boolean;
  setRedact(on: boolean): void;
  /** The admin's extra synonyms, one group per line: `javascript = js, ecmascript`. */
  adminSynonyms(): string;
  setAdminSynonyms(text: string): { groups: number };
  usage(sinceDay: string): UsageRow[];
  testConnection(c: HrContext | null): Promise<{ ok: true; ms: number; answer: string } | { ok: false; ms: number; code: string; message: string }>;
}

export interface AiRuntimeDeps {
  sqlite: Database.Database;
  audit(c: HrContext | null, entry: AuditEntry): void;
  /** Tests: builds the client (e.g. pointed at a fake server while the config names a remote one). */
  createLlm?: typeof createLlm;
  embedder?: Embedder;
}

/** The LLM client's config from `hr.config.ts` (null when none is configured). */
export function llmConfigFrom(config: Pick<ResolvedConfig, 'ai'>): LlmConfig | null {
  const l = config.ai.llm;
  if (!l) return null;
  return {
    provider: l.provider,
    baseUrl: l.baseUrl ?? OLLAMA_DEFAULT_URL,
    ...(l.apiKey ? { apiKey: l.apiKey } : {}),
    model: l.model,
    timeoutMs: l.timeoutMs,
    maxRetries: l.maxRetries,
    maxConcurrency: l.maxConcurrency,
    jsonMode: l.jsonMode,
    ...(l.temperature !== undefined ? { temperature: l.temperature } : {}),
  };
}

/** `javascript = js, ecmascript` lines → groups; blank lines and `#` comments skipped. */
export function parseSynonymLines(text: string): { canonical: string; aliases: string[] }[] {
  const groups: { canonical: string; aliases: string[] }[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const [left, right = ''] = line.split(/\s*[=＝]\s*/, 2);
    const aliases = right.split(/\s*[,，、;；]\s*/).map((a) => a.trim()).filter(Boolean);
    if (left && aliases.length) groups.push({ canonical: left.trim(), aliases });
  }
  return groups;
}

function redactInput(input: LlmInput, on: boolean): { input: LlmInput; redaction: Redaction | null } {
  if (!on) return { input, redaction: null };
  // One redaction over all messages, so a number keeps its placeholder across them.
  const messages: ChatMessage[] = typeof input === 'string' ? [{ role: 'user', content: input }] : input;
  const SEP = '\u0000';
  const joined = redactPersonalData(messages.map((m) => m.content).join(SEP));
  const parts = joined.text.split(SEP);
  const redacted = messages.map((m, i) => ({ ...m, content: parts[i] ?? '' }));
  return { input: typeof input === 'string' ? redacted[0]!.content : redacted, redaction: joined };
}

export function createAiRuntime(config: Pick<ResolvedConfig, 'ai' | 'dataDir' | 'timezone'>, deps: AiRuntimeDeps): AiRuntime {
  const { sqlite } = deps;
  const llmConfig = llmConfigFrom(config);
  const remote = llmConfig ? !isLocalEndpoint(llmConfig.baseUrl) : false;
  const day = () => todayIn(config.timezone);

  const recordTokens = (e: LlmUsageEvent) => {
    prepared(
      sqlite,
      `INSERT INTO ai_usage (day, feature, model, prompt_tokens, completion_tokens) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(day, feature, model) DO UPDATE SET prompt_tokens = prompt_tokens + excluded.prompt_tokens, completion_tokens = completion_tokens + excluded.completion_tokens`,
    ).run(day(), e.feature, e.model, e.promptTokens, e.completionTokens);
  };
  const recordCall = (feature: string, model: string, ms: number, failed: boolean) => {
    prepared(
      sqlite,
      `INSERT INTO ai_usage (day, feature, model, calls, failures, total_ms) VALUES (?, ?, ?, 1, ?, ?)
       ON CONFLICT(day, feature, model) DO UPDATE SET calls = calls + 1, failures = failures + excluded.failures, total_ms = total_ms + excluded.total_ms`,
    ).run(day(), feature, model, failed ? 1 : 0, Math.round(ms));
  };

  const llm = (deps.createLlm ?? createLlm)(llmConfig, { onUsage: recordTokens });
  const embedder = deps.embedder ?? createEmbedder(embeddingConfigFrom(config), { cache: new SqliteVectorCache(sqlite) });

  const redactEnabled = () => getSetting<boolean>(sqlite, REDACT_KEY) ?? config.ai.privacy.redactPersonalData;

  /** Runs one call with redaction, audit and the usage count around it. */
  async function guarded<T>(pluginId: string, options: AiCallOptions, input: LlmInput, call: (input: LlmInput) => Promise<T>, restore: (value: T, r: Redaction) => T): Promise<T> {
    const { input: sent, redaction } = redactInput(input, remote && redactEnabled());
    if (remote) auditCall(pluginId, options, redaction);
    const started = performance.now();
    try {
      const value = await call(sent);
      recordCall(options.feature, llm.model, performance.now() - started, false);
      return redaction ? restore(value, redaction) : value;
    } catch (e) {
      if (!(isLlmError(e) && e.code === 'unavailable')) recordCall(options.feature, llm.model, performance.now() - started, true);
      throw e;
    }
  }

  function auditCall(pluginId: string, options: AiCallOptions, redaction: Redaction | null) {
    deps.audit(options.c ?? null, {
      action: 'core.ai.remote_call',
      entity: 'ai',
      entityId: options.feature,
      after: { plugin: pluginId, feature: options.feature, model: llm.model, redacted: redaction ? redaction.replacements.size : null },
    });
  }

  function llmFor(pluginId: string): AiLlm {
    return {
      available: llm.available,
      model: llm.model,
      remote,
      complete: (input, options) =>
        guarded(pluginId, options, input, (i) => llm.complete(i, { feature: options.feature, ...(options.signal ? { signal: options.signal } : {}) }), (v, r) => ({
          ...v,
          text: restorePersonalData(v.text, r.replacements),
        })),
      structured: <T>(schema: z.ZodType<T>, input: LlmInput, options: AiStructuredOptions) =>
        guarded(
          pluginId,
          options,
          input,
          (i) => llm.structured(schema, i, { feature: options.feature, ...(options.signal ? { signal: options.signal } : {}), ...(options.retries !== undefined ? { retries: options.retries } : {}) }),
          (v, r) => restoreDeep(v, r.replacements),
        ),
      stream(input, options) {
        return {
          async *[Symbol.asyncIterator]() {
            const { input: sent, redaction } = redactInput(input, remote && redactEnabled());
            if (remote && llm.available) auditCall(pluginId, options, redaction);
            const restorer = createStreamRestorer(redaction?.replacements ?? new Map());
            const started = performance.now();
            let failed = false;
            try {
              for await (const chunk of llm.stream(sent, { feature: options.feature, ...(options.signal ? { signal: options.signal } : {}) })) {
                const text = restorer.push(chunk);
                if (text) yield text;
              }
              const rest = restorer.end();
              if (rest) yield rest;
            } catch (e) {
              failed = !(isLlmError(e) && e.code === 'unavailable');
              throw e;
            } finally {
              if (llm.available) recordCall(options.feature, llm.model, performance.now() - started, failed);
            }
          },
        };
      },
    };
  }

  // The admin's synonyms join the shared dictionary at start.
  let appliedSynonyms = parseSynonymLines(getSetting<string>(sqlite, SYNONYMS_KEY) ?? '');
  for (const g of appliedSynonyms) defaultSynonyms.add(g.canonical, ...g.aliases);

  return {
    llmConfig,
    llm,
    embedder,
    llmFor,
    embeddings: {
      status: () => embedder.status(),
      available: () => embedder.available(),
      embed: (texts, options) => embedder.embed(texts, options),
    },
    redactEnabled,
    setRedact: (on) => setSetting(sqlite, REDACT_KEY, on),
    adminSynonyms: () => getSetting<string>(sqlite, SYNONYMS_KEY) ?? '',
    setAdminSynonyms(text) {
      const groups = parseSynonymLines(text);
      // Aliases the admin removed stop mapping now; canonical forms stay (plugins may share them).
      for (const g of appliedSynonyms) for (const a of g.aliases) defaultSynonyms.remove(a);
      for (const g of groups) defaultSynonyms.add(g.canonical, ...g.aliases);
      appliedSynonyms = groups;
      setSetting(sqlite, SYNONYMS_KEY, text);
      return { groups: groups.length };
    },
    usage(sinceDay) {
      const rows = prepared(
        sqlite,
        `SELECT feature, model, SUM(calls) AS calls, SUM(failures) AS failures, SUM(prompt_tokens) AS promptTokens,
                SUM(completion_tokens) AS completionTokens, SUM(total_ms) AS totalMs
           FROM ai_usage WHERE day >= ? GROUP BY feature, model ORDER BY calls DESC, feature`,
      ).all(sinceDay) as (Omit<UsageRow, 'avgMs'> & { totalMs: number })[];
      return rows.map(({ totalMs, ...r }) => ({ ...r, avgMs: r.calls ? Math.round(totalMs / r.calls) : 0 }));
    },
    async testConnection(c) {
      const started = performance.now();
      try {
        const r = await llmFor('core').complete('Reply with the single word OK.', { feature: 'core.ai.test', c });
        return { ok: true, ms: Math.round(performance.now() - started), answer: r.text.slice(0, 200) };
      } catch (e) {
        const code = isLlmError(e) ? e.code : 'error';
        return { ok: false, ms: Math.round(performance.now() - started), code, message: e instanceof Error ? e.message : String(e) };
      }
    },
  };
}
