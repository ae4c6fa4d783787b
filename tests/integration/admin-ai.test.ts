// /admin/ai in process: configuration shown without secrets, the connection test, the embedding
// model's status going absent → present → loaded, the privacy switch and the admin's synonyms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startInProcess, type InProcess } from '../helpers/inprocess.js';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.js';
import { writeTinyEmbeddingModel } from '../helpers/tiny-embedding-model.js';

const users = [
  { login: 'admin', role: 'admin', locale: 'en' },
  { login: 'hr', role: 'hr', locale: 'zh-CN' },
];
const auditRows = (s: InProcess, action: string) =>
  s.kernel.dbh.sqlite.prepare('SELECT user_login AS login, before, after FROM core_audit_log WHERE action = ? ORDER BY id').all(action) as { login: string; before: string; after: string }[];

describe('/admin/ai with no LLM and no model (the offline default)', () => {
  let s: InProcess;
  beforeAll(async () => {
    s = await startInProcess({ users });
  });
  afterAll(() => s.close());

  it('tells the admin everything runs offline, the model is absent and how to get it', async () => {
    const res = await s.get('admin', '/admin/ai');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Not configured · offline methods');
    expect(html).toContain('data-embedding-status="absent"');
    expect(html).toContain('npm run hr -- ai:download-model');
    expect(html).toContain('No LLM calls yet.');
  });

  it('is for admins only', async () => {
    expect((await s.get('hr', '/admin/ai')).status).toBe(403);
    expect((await s.post('hr', '/admin/ai/privacy', { redact: 'off' })).status).toBe(403);
  });

  it('the connection test says there is nothing to test', async () => {
    const html = await (await s.post('admin', '/admin/ai/test', {}, { 'hx-request': 'true' })).text();
    expect(html).toContain('No LLM is configured: there is nothing to test.');
  });

  it('the embedding test falls back cleanly when the model is absent', async () => {
    const res = await s.post('admin', '/admin/ai/embeddings/test');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Embeddings are not available: Not installed');
  });

  it('the privacy switch is saved and audited', async () => {
    expect(s.kernel.ai.redactEnabled()).toBe(true);
    const res = await s.post('admin', '/admin/ai/privacy', { redact: ['off'] });
    expect(res.status).toBe(303);
    expect(s.kernel.ai.redactEnabled()).toBe(false);
    await s.post('admin', '/admin/ai/privacy', { redact: ['off', 'on'] });
    expect(s.kernel.ai.redactEnabled()).toBe(true);
    expect(auditRows(s, 'core.ai.privacy').map((r) => [r.login, JSON.parse(r.after).redact])).toEqual([
      ['admin', false],
      ['admin', true],
    ]);
    expect((await s.post('admin', '/admin/ai/privacy', { redact: 'maybe' })).status).toBe(400);
  });

  it('synonyms: bad lines are refused with their numbers and nothing is saved; good ones apply', async () => {
    const bad = await s.post('admin', '/admin/ai/synonyms', { synonyms: 'kotlin = kt\njust words\n' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Line 2 should look like');
    expect(s.kernel.ai.adminSynonyms()).toBe('');
    expect((await s.post('admin', '/admin/ai/synonyms', { synonyms: 'kotlin = kt' })).status).toBe(303);
    expect(s.kernel.ai.adminSynonyms()).toBe('kotlin = kt');
    expect(auditRows(s, 'core.ai.synonyms')).toHaveLength(1);
    await s.post('admin', '/admin/ai/synonyms', { synonyms: '' });
  });
});

describe('/admin/ai with a local LLM and a local model', () => {
  let s: InProcess;
  let fake: FakeOpenAi;
  beforeAll(async () => {
    fake = await startFakeOpenAi();
    s = await startInProcess({
      users,
      config: { ai: { llm: { provider: 'openai-compatible', baseUrl: fake.baseUrl, apiKey: 'sk-very-secret', model: 'fake-chat' }, embeddings: { model: 'test/tiny-bert', dtype: 'fp32' } } },
    });
  });
  afterAll(async () => {
    await s.close();
    await fake.close();
  });

  it('shows the endpoint and model but never the key', async () => {
    const html = await (await s.get('admin', '/admin/ai')).text();
    expect(html).toContain(fake.baseUrl);
    expect(html).toContain('fake-chat');
    expect(html).toContain('Set (not shown)');
    expect(html).toContain('On this machine');
    expect(html).not.toContain('sk-very-secret');
  });

  it('test connection: success, then the error in words, and usage figures count both', async () => {
    const ok = await (await s.post('admin', '/admin/ai/test', {}, { 'hx-request': 'true' })).text();
    expect(ok).toContain('Connection works');
    fake.failWith = 401;
    const failed = await (await s.post('admin', '/admin/ai/test', {}, { 'hx-request': 'true' })).text();
    fake.failWith = null;
    expect(failed).toContain('The API key is wrong or lacks permission.');
    const html = await (await s.get('admin', '/admin/ai')).text();
    expect(html).toMatch(/<code>core\.ai\.test<\/code>[\s\S]*?<td class="num">2<\/td>\s*<td class="num">1<\/td>/);
  });

  it('embedding model: present once its files are in data/models, loaded after the test', async () => {
    expect(s.kernel.ai.embedder.status()).toBe('absent');
    writeTinyEmbeddingModel(join(s.dataDir, 'models'), 'test/tiny-bert', { dtypes: ['fp32'] });
    expect(await (await s.get('admin', '/admin/ai')).text()).toContain('data-embedding-status="present"');
    const html = await (await s.post('admin', '/admin/ai/embeddings/test')).text();
    expect(html).toMatch(/Embeddings work: \d+ ms, 16 dimensions/);
    expect(html).toContain('data-embedding-status="loaded"');
    // Plugins see the same embedder through ctx.ai (here: the kernel's wrapper).
    const vectors = await s.kernel.ai.embeddings.embed(['react developer'], { kind: 'query' });
    expect(vectors?.[0]?.length).toBe(16);
  });
});
