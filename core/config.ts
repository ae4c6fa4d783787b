/**
 * Configuration: `hr.config.ts` (typed with `defineConfig`), validated with zod,
 * overridden by `HR_*` environment variables, plus the instance secret.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { ROOT } from './paths.js';
import { LOCALES } from './sdk.js';
import { ConfigSyntaxError, importConfigFile } from './source-import.js';
import { isValidModelId } from './ai/embed/settings.js';

export { ROOT };

const pluginEntry = z.union([
  z.boolean(),
  z.strictObject({
    enabled: z.boolean().default(true),
    /** A local folder holding the plugin (relative to the project root). */
    path: z.string().min(1).optional(),
    /** An npm package that exports the plugin as its default export. */
    package: z.string().min(1).optional(),
    settings: z.record(z.string(), z.unknown()).default({}),
  }),
]);

export const configSchema = z.strictObject({
  port: z.number().int().min(0).max(65535).default(3000),
  host: z.string().min(1).default('0.0.0.0'),
  /** The address people use to reach the suite; links in messages are built from it. */
  publicUrl: z.url().optional(),
  /** Folder that holds the database, uploads, backups and the secret. */
  dataDir: z.string().min(1).default('data'),
  database: z.strictObject({ path: z.string().min(1).optional() }).default({}),
  theme: z.string().regex(/^[a-z0-9-]+$/).default('default'),
  locale: z.enum(LOCALES).default('zh-CN'),
  timezone: z
    .string()
    .min(1)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'is not a time zone name such as "Asia/Shanghai"')
    .default('Asia/Shanghai'),
  /** Secret used for signing and field encryption; generated into the data folder when absent. */
  secret: z.string().min(32).optional(),
  /**
   * The largest request body accepted, in MB: anything larger is refused with 413 before it is
   * read. Plugins' own upload limits (résumés, attachments, imports) must stay below it.
   */
  maxUploadMb: z.number().int().min(1).max(1024).default(20),
  /** Trust X-Forwarded-* headers from a reverse proxy (for HTTPS detection and client addresses). */
  trustProxy: z.boolean().default(false),
  log: z.strictObject({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') }).default({ level: 'info' }),
  jobs: z.strictObject({ enabled: z.boolean().default(true) }).default({ enabled: true }),
  events: z
    .strictObject({
      /** Deliveries that fail this many times become dead letters. */
      maxAttempts: z.number().int().min(1).max(100).default(8),
      /** First retry delay in milliseconds; doubles each attempt, capped at one hour. */
      retryBaseMs: z.number().int().min(10).default(5_000),
    })
    .default({ maxAttempts: 8, retryBaseMs: 5_000 }),
  security: z
    .strictObject({
      /**
       * Origins allowed to show the suite inside a frame (CSP `frame-ancestors`);
       * empty means only the suite itself ('self'). Needed when a portal embeds it,
       * e.g. the WeCom (企业微信) admin workbench: `['https://work.weixin.qq.com']`,
       * or DingTalk (钉钉) workbench pages: `['https://*.dingtalk.com']`. The in-app
       * browsers on phones open the suite as a top-level page and need nothing here.
       */
      frameAncestors: z
        .array(z.string().regex(/^https?:\/\/(\*\.)?[A-Za-z0-9.-]+(:(\d{1,5}|\*))?$/, 'must be an origin such as "https://work.weixin.qq.com" or "https://*.dingtalk.com"'))
        .max(20)
        .default([]),
    })
    .default({ frameAncestors: [] }),
  /** The AI runtime (core/ai). Everything works without it; see docs/ai.md. */
  ai: z
    .strictObject({
      /** A chat model for better answers: any OpenAI-compatible endpoint (DeepSeek, Qwen, Moonshot, vLLM) or Ollama. None = offline methods only. */
      llm: z
        .strictObject({
          provider: z.enum(['openai-compatible', 'ollama']).default('openai-compatible'),
          /** e.g. https://api.deepseek.com/v1; for Ollama http://127.0.0.1:11434 (the default). */
          baseUrl: z.url().optional(),
          apiKey: z.string().min(1).optional(),
          model: z.string().min(1),
          timeoutMs: z.number().int().min(1_000).max(600_000).default(30_000),
          maxRetries: z.number().int().min(0).max(10).default(2),
          maxConcurrency: z.number().int().min(1).max(64).default(4),
          /** Ask for JSON mode in structured answers; turn off for servers that reject `response_format`. */
          jsonMode: z.boolean().default(true),
          temperature: z.number().min(0).max(2).optional(),
        })
        .refine((l) => l.provider === 'ollama' || l.baseUrl !== undefined, { message: 'needs baseUrl, e.g. "https://api.deepseek.com/v1"', path: ['baseUrl'] })
        .optional(),
      /** Local embeddings (transformers.js) for semantic matching; absent model = keyword methods (BM25). */
      embeddings: z
        .strictObject({
          enabled: z.boolean().default(true),
          model: z.string().refine(isValidModelId, 'must be a model id such as "Xenova/multilingual-e5-small"').default('Xenova/multilingual-e5-small'),
          /** Folder of local models, relative to dataDir (default <dataDir>/models). */
          modelsDir: z.string().min(1).default('models'),
          /** Where `npm run hr -- ai:download-model` downloads from; mirrors such as https://hf-mirror.com help in mainland China. */
          remoteHost: z.url().default('https://huggingface.co'),
          /** Let the suite download the model on first use (off: only local files are used). */
          allowRemote: z.boolean().default(false),
          batchSize: z.number().int().min(1).max(256).default(16),
          dtype: z.enum(['q8', 'fp32']).default('q8'),
        })
        .default({ enabled: true, model: 'Xenova/multilingual-e5-small', modelsDir: 'models', remoteHost: 'https://huggingface.co', allowRemote: false, batchSize: 16, dtype: 'q8' }),
      privacy: z
        .strictObject({
          /**
           * Mask phone numbers, ID numbers and email addresses before any text goes to an LLM that is not on this
           * machine. The initial value; admins switch it on /admin/ai.
           */
          redactPersonalData: z.boolean().default(true),
        })
        .default({ redactPersonalData: true }),
    })
    .default({
      embeddings: { enabled: true, model: 'Xenova/multilingual-e5-small', modelsDir: 'models', remoteHost: 'https://huggingface.co', allowRemote: false, batchSize: 16, dtype: 'q8' },
      privacy: { redactPersonalData: true },
    }),
  plugins: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'plugin ids use lower-case letters, digits and dashes'), pluginEntry).default({}),
});

export type HrConfigInput = z.input<typeof configSchema>;
export type HrConfig = z.output<typeof configSchema>;

export interface ResolvedConfig extends HrConfig {
  /** Absolute data folder. */
  dataDir: string;
  dbPath: string;
  secret: string;
  publicUrl: string;
  /** False when publicUrl was derived from the port (then the real port fills it in at start). */
  publicUrlSet: boolean;
  configFile: string | null;
}

/** Typed helper for `hr.config.ts`. */
export function defineConfig(config: HrConfigInput): HrConfigInput {
  return config;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** "plugins.attendance.enabled" style path of a zod issue, for messages a person can follow. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
}

/** Turn zod issues into one readable message per bad key. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): string {
  return issues
    .map((i) => {
      const key = [prefix, issuePath(i.path)].filter(Boolean).join('.');
      if (i.code === 'unrecognized_keys') {
        const keys = i.keys.map((k) => [key, k].filter(Boolean).join('.'));
        return `  - unknown setting ${keys.map((k) => `"${k}"`).join(', ')} (check the spelling)`;
      }
      return `  - "${key || '(root)'}": ${i.message}`;
    })
    .join('\n');
}

const ENV_NUMBER = (name: string, value: string): number => {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n)) throw new ConfigError(`Environment variable ${name} must be a whole number, got "${value}".`);
  return n;
};

/** Apply `HR_*` environment overrides onto the raw config object. */
export function applyEnv(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  if (env.HR_PORT) out.port = ENV_NUMBER('HR_PORT', env.HR_PORT);
  if (env.HR_HOST) out.host = env.HR_HOST;
  if (env.HR_PUBLIC_URL) out.publicUrl = env.HR_PUBLIC_URL;
  if (env.HR_DATA_DIR) out.dataDir = env.HR_DATA_DIR;
  if (env.HR_DB_PATH) out.database = { ...(raw.database as object), path: env.HR_DB_PATH };
  if (env.HR_THEME) out.theme = env.HR_THEME;
  if (env.HR_LOCALE) out.locale = env.HR_LOCALE;
  if (env.HR_TIMEZONE) out.timezone = env.HR_TIMEZONE;
  if (env.HR_SECRET) out.secret = env.HR_SECRET;
  if (env.HR_MAX_UPLOAD_MB) out.maxUploadMb = ENV_NUMBER('HR_MAX_UPLOAD_MB', env.HR_MAX_UPLOAD_MB);
  if (env.HR_TRUST_PROXY) out.trustProxy = env.HR_TRUST_PROXY === 'true' || env.HR_TRUST_PROXY === '1';
  if (env.HR_LOG_LEVEL) out.log = { ...(raw.log as object), level: env.HR_LOG_LEVEL };
  if (env.HR_JOBS) out.jobs = { ...(raw.jobs as object), enabled: env.HR_JOBS !== 'off' && env.HR_JOBS !== 'false' };
  const ai = { ...(raw.ai as Record<string, unknown> | undefined) };
  const llm = { ...(ai.llm as Record<string, unknown> | undefined) };
  if (env.HR_AI_PROVIDER) llm.provider = env.HR_AI_PROVIDER;
  if (env.HR_AI_BASE_URL) llm.baseUrl = env.HR_AI_BASE_URL;
  if (env.HR_AI_API_KEY) llm.apiKey = env.HR_AI_API_KEY;
  if (env.HR_AI_MODEL) llm.model = env.HR_AI_MODEL;
  if (env.HR_AI_TIMEOUT_MS) llm.timeoutMs = ENV_NUMBER('HR_AI_TIMEOUT_MS', env.HR_AI_TIMEOUT_MS);
  if (Object.keys(llm).length) ai.llm = llm;
  const embeddings = { ...(ai.embeddings as Record<string, unknown> | undefined) };
  if (env.HR_AI_EMBEDDING_MODEL) embeddings.model = env.HR_AI_EMBEDDING_MODEL;
  if (env.HR_AI_MODEL_HOST) embeddings.remoteHost = env.HR_AI_MODEL_HOST;
  if (env.HR_AI_MODELS_DIR) embeddings.modelsDir = env.HR_AI_MODELS_DIR;
  if (Object.keys(embeddings).length) ai.embeddings = embeddings;
  if (env.HR_AI_REDACT) ai.privacy = { ...(ai.privacy as object), redactPersonalData: env.HR_AI_REDACT !== 'false' && env.HR_AI_REDACT !== '0' && env.HR_AI_REDACT !== 'off' };
  if (Object.keys(ai).length) out.ai = ai;
  return out;
}

/** Parse a raw config object (already merged with the environment) into a resolved config. */
export function resolveConfig(raw: unknown, options: { root?: string; configFile?: string | null } = {}): ResolvedConfig {
  const root = options.root ?? ROOT;
  const parsed = configSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new ConfigError(
      `hr.config.ts has ${parsed.error.issues.length === 1 ? 'a bad value' : 'bad values'}:\n${describeIssues(parsed.error.issues)}`,
    );
  }
  const c = parsed.data;
  const dataDir = isAbsolute(c.dataDir) ? c.dataDir : resolve(root, c.dataDir);
  const dbPath = c.database.path ? (isAbsolute(c.database.path) ? c.database.path : resolve(dataDir, c.database.path)) : resolve(dataDir, 'hr.db');
  const publicUrl = (c.publicUrl ?? `http://localhost:${c.port || 3000}`).replace(/\/$/, '');
  return { ...c, dataDir, dbPath, publicUrl, publicUrlSet: c.publicUrl !== undefined, secret: c.secret ?? '', configFile: options.configFile ?? null };
}

/** The config file: `HR_CONFIG` when set, else `hr.config.ts` at the project root. */
export function configFilePath(env: NodeJS.ProcessEnv = process.env): string {
  const file = env.HR_CONFIG ?? 'hr.config.ts';
  return isAbsolute(file) ? file : resolve(ROOT, file);
}

export async function loadConfig(env: NodeJS.ProcessEnv = process.env): Promise<ResolvedConfig> {
  const file = configFilePath(env);
  let raw: Record<string, unknown> = {};
  if (existsSync(file)) {
    const mod = await importConfigFile(file).catch((err: unknown) => {
      throw err instanceof ConfigSyntaxError ? new ConfigError(err.message) : err;
    });
    if (!mod.default || typeof mod.default !== 'object') {
      throw new ConfigError(`${file} must \`export default defineConfig({ ... })\`.`);
    }
    raw = mod.default as Record<string, unknown>;
  } else if (env.HR_CONFIG) {
    throw new ConfigError(`HR_CONFIG points to ${file}, which does not exist.`);
  }
  const config = resolveConfig(applyEnv(raw, env), { configFile: existsSync(file) ? file : null });
  ensureDataDir(config);
  config.secret = config.secret || loadOrCreateSecret(config.dataDir);
  return config;
}

export function ensureDataDir(config: Pick<ResolvedConfig, 'dataDir'>): void {
  for (const sub of ['', 'uploads', 'backups', 'models']) mkdirSync(resolve(config.dataDir, sub), { recursive: true });
}

/** The instance secret from `<dataDir>/secret.key`, generated on first start (never committed). */
export function loadOrCreateSecret(dataDir: string): string {
  const file = resolve(dataDir, 'secret.key');
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length < 32) throw new ConfigError(`${file} is damaged (shorter than 32 characters). Restore it from a backup.`);
    return secret;
  }
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return secret;
}
