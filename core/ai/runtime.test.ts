import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { resolveConfig, type HrConfigInput } from '../config.js';
import { coreMigrationSources } from '../db/modules.js';
import { migrate } from '../db/migrator.js';
import type { AuditEntry } from '../sdk.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../tests/helpers/fake-openai.js';
import { createLlm } from './llm/index.js';
import { createAiRuntime, llmConfigFrom, parseSynonymLines, type AiRuntime } from './runtime.js';
import { defaultSynonyms, tokenize } from './text/index.js';

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(() => fake.close());

interface Setup {
  runtime: AiRuntime;
  audits: AuditEntry[];
  sqlite: Database.Database;
}

/** A runtime whose config names `baseUrl` (remote or local) while the calls go to the fake. */
function setup(ai: HrConfigInput['ai'] = {}): Setup {
  const sqlite = new Database(':memory:');
  migrate(sqlite, coreMigrationSources());
  const config = resolveConfig({ dataDir: '/tmp/hr-ai-runtime-test', ai });
  const audits: AuditEntry[] = [];
  const runtime = createAiRuntime(config, {
    sqlite,
    audit: (_c, entry) => audits.push(entry),
    createLlm: (cfg, deps) => createLlm(cfg && { ...cfg, baseUrl: fake.baseUrl, maxRetries: 0 }, deps),
  });
  return { runtime, audits, sqlite };
}

const remote = { llm: { baseUrl: 'https://api.deepseek.com/v1', apiKey: 'sk-secret', model: 'deepseek-chat' } } as const;
const local = { llm: { provider: 'ollama', model: 'qwen2.5:7b' } } as const;
const PERSONAL = '候选人张三，手机 138 0013 8000，邮箱 zhangsan@example.com，身份证 110101199003074514。';

beforeEach(() => {
  fake.requests.length = 0;
  fake.answers.length = 0;
  fake.failWith = null;
});

describe('AI runtime configuration', () => {
  it('no ai.llm → unavailable; the offline path is taken and nothing is sent or audited', async () => {
    const { runtime, audits } = setup();
    const llm = runtime.llmFor('recruiting');
    expect(llm.available).toBe(false);
    await expect(llm.complete('hi', { feature: 'recruiting.parse' })).rejects.toMatchObject({ code: 'unavailable' });
    expect(fake.requests).toHaveLength(0);
    expect(audits).toHaveLength(0);
    expect(runtime.usage('2000-01-01')).toEqual([]);
  });

  it('Ollama defaults to 127.0.0.1:11434 and counts as local; other hosts are remote', () => {
    expect(llmConfigFrom(resolveConfig({ ai: local }))).toMatchObject({ provider: 'ollama', baseUrl: 'http://127.0.0.1:11434', model: 'qwen2.5:7b' });
    expect(setup({ ai: local }.ai).runtime.llmFor('x').remote).toBe(false);
    expect(setup(remote).runtime.llmFor('x').remote).toBe(true);
  });

  it('an OpenAI-compatible endpoint without baseUrl is refused with a clear message', () => {
    expect(() => resolveConfig({ ai: { llm: { model: 'deepseek-chat' } } })).toThrow(/ai\.llm\.baseUrl.*needs baseUrl/);
  });

  it('HR_AI_* variables configure the LLM and the privacy switch', async () => {
    const { applyEnv } = await import('../config.js');
    const raw = applyEnv({}, { HR_AI_BASE_URL: 'https://dashscope.aliyuncs.com/compatible-mode/v1', HR_AI_API_KEY: 'k', HR_AI_MODEL: 'qwen-plus', HR_AI_REDACT: 'off', HR_AI_MODEL_HOST: 'https://hf-mirror.com' });
    const config = resolveConfig(raw);
    expect(config.ai.llm).toMatchObject({ provider: 'openai-compatible', baseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1', model: 'qwen-plus' });
    expect(config.ai.privacy.redactPersonalData).toBe(false);
    expect(config.ai.embeddings.remoteHost).toBe('https://hf-mirror.com');
  });
});

describe('calls to a remote LLM', () => {
  it('mask personal data, restore it in the answer, and are audited without content', async () => {
    const { runtime, audits } = setup(remote);
    fake.answers.push('已记录：[PHONE_1]，[EMAIL_1]');
    const r = await runtime.llmFor('recruiting').complete([{ role: 'system', content: '你是招聘助理' }, { role: 'user', content: PERSONAL }], { feature: 'recruiting.summary' });
    const sent = fake.requests[0]!.messages.map((m) => m.content).join('\n');
    expect(sent).not.toMatch(/138 0013 8000|zhangsan@example\.com|110101199003074514/);
    expect(sent).toContain('[PHONE_1]');
    expect(sent).toContain('[ID_NUMBER_1]');
    expect(r.text).toBe('已记录：138 0013 8000，zhangsan@example.com');
    expect(audits).toEqual([{ action: 'core.ai.remote_call', entity: 'ai', entityId: 'recruiting.summary', after: { plugin: 'recruiting', feature: 'recruiting.summary', model: 'deepseek-chat', redacted: 3 } }]);
    expect(JSON.stringify(audits)).not.toContain('张三');
  });

  it('structured answers get their placeholders restored too', async () => {
    const { runtime } = setup(remote);
    fake.answers.push('{"name":"张三","mobile":"[PHONE_1]"}');
    const out = await runtime.llmFor('recruiting').structured(z.object({ name: z.string(), mobile: z.string() }), PERSONAL, { feature: 'recruiting.parse' });
    expect(out).toEqual({ name: '张三', mobile: '138 0013 8000' });
  });

  it('with the privacy switch off, text goes as it is (still audited)', async () => {
    const { runtime, audits } = setup(remote);
    runtime.setRedact(false);
    await runtime.llmFor('chat').complete(PERSONAL, { feature: 'chat.answer' });
    expect(fake.requests[0]!.messages[0]!.content).toBe(PERSONAL);
    expect(audits[0]!.after).toMatchObject({ redacted: null });
    expect(runtime.redactEnabled()).toBe(false);
  });

  it('a local endpoint gets the text as it is and no audit entry', async () => {
    const { runtime, audits } = setup({ llm: { provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:8000/v1', model: 'local' } });
    await runtime.llmFor('chat').complete(PERSONAL, { feature: 'chat.answer' });
    expect(fake.requests[0]!.messages[0]!.content).toBe(PERSONAL);
    expect(audits).toEqual([]);
  });

  it('usage is counted per feature and model, failures included', async () => {
    const { runtime } = setup(remote);
    const llm = runtime.llmFor('chat');
    await llm.complete('a', { feature: 'chat.answer' });
    await llm.complete('b', { feature: 'chat.answer' });
    fake.failWith = 401;
    await expect(llm.complete('c', { feature: 'chat.answer' })).rejects.toMatchObject({ code: 'unauthorized' });
    fake.failWith = null;
    await llm.complete('d', { feature: 'recruiting.parse' });
    const rows = runtime.usage('2000-01-01');
    expect(rows.map(({ avgMs: _, ...r }) => r)).toEqual([
      { feature: 'chat.answer', model: 'deepseek-chat', calls: 3, failures: 1, promptTokens: 22, completionTokens: 6 },
      { feature: 'recruiting.parse', model: 'deepseek-chat', calls: 1, failures: 0, promptTokens: 11, completionTokens: 3 },
    ]);
  });

  it('test connection reports success and failure with the error code', async () => {
    const { runtime } = setup(remote);
    expect(await runtime.testConnection(null)).toMatchObject({ ok: true, answer: 'OK' });
    fake.failWith = 401;
    expect(await runtime.testConnection(null)).toMatchObject({ ok: false, code: 'unauthorized' });
  });
});

describe("the admin's synonyms", () => {
  it('parses lines, joins the shared dictionary at once, and removed aliases stop mapping', () => {
    expect(parseSynonymLines('# comment\nkotlin = kt\n财务分析＝financial analysis，财务分析师\nbad line\n')).toEqual([
      { canonical: 'kotlin', aliases: ['kt'] },
      { canonical: '财务分析', aliases: ['financial analysis', '财务分析师'] },
    ]);
    const { runtime } = setup();
    try {
      runtime.setAdminSynonyms('kotlin = kt');
      expect(tokenize('KT developer', { language: 'en' })).toContain('kotlin');
      runtime.setAdminSynonyms('');
      expect(tokenize('KT developer', { language: 'en' })).not.toContain('kotlin');
    } finally {
      defaultSynonyms.remove('kotlin');
    }
  });
});
