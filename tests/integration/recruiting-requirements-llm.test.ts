// Job requirements extracted by the rules, improved by an LLM when one is configured: the
// merge policy (pure), the job form with a fake OpenAI-compatible server (a skill the rules
// missed, garbage answers falling back to the rules, usage figures), and the offline path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeRequirements, type LlmRequirements } from '../../plugins/recruiting/services/requirements-llm.js';
import type { JobRequirements } from '../../plugins/recruiting/domain/types.js';
import { startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.js';
import { startInProcess, type InProcess } from '../helpers/inprocess.js';

const DESCRIPTION = `高级前端工程师
岗位职责：
负责公司 Web 产品的前端开发。
任职要求：
1. 3年以上前端开发经验，本科及以上学历；
2. 精通 React 和 TypeScript；
3. 有 WebAssembly 项目经验；
4. 熟悉 Vue 者优先。
投递方式：简历请发送至 jobs@example.com`;

const users = [
  { login: 'hr', role: 'admin', locale: 'zh-CN' },
  { login: 'hr-en', role: 'admin', locale: 'en' },
];

/** The value of a requirement field in the rendered form (input or textarea). */
function field(html: string, name: string): string {
  const input = new RegExp(`id="job-${name}"[^>]*\\svalue="([^"]*)"`).exec(html);
  if (input) return input[1]!;
  const area = new RegExp(`id="job-${name}"[^>]*>([^<]*)</textarea>`).exec(html);
  if (area) return area[1]!;
  throw new Error(`no field ${name}`);
}
const methodOf = (html: string) => /data-method="([^"]+)"/.exec(html)?.[1] ?? null;
const extract = (s: InProcess, login: string, description: string) =>
  s.post(login, '/recruiting/requirements', { _action: 'extract', description }, { 'hx-request': 'true' });

const rules: JobRequirements = { mustHave: ['react', 'typescript'], niceToHave: ['vue'], minYears: 3, degree: null, languages: [] };
const answer = (over: Partial<LlmRequirements>): LlmRequirements => ({ mustHave: [], niceToHave: [], minYears: null, degree: null, languages: [], ...over });

describe('mergeRequirements: the rules are the base, the LLM fills gaps', () => {
  const cases: { name: string; llm: LlmRequirements; expect: Partial<JobRequirements> }[] = [
    { name: 'a must-have the rules missed is added, canonically', llm: answer({ mustHave: ['WebAssembly', 'React.js'] }), expect: { mustHave: ['react', 'typescript', 'webassembly'] } },
    { name: 'a skill the rules read as nice stays nice', llm: answer({ mustHave: ['Vue'] }), expect: { mustHave: ['react', 'typescript'], niceToHave: ['vue'] } },
    { name: 'a rules must-have the LLM calls nice stays required', llm: answer({ niceToHave: ['TypeScript'] }), expect: { mustHave: ['react', 'typescript'], niceToHave: ['vue'] } },
    { name: 'a skill the description never mentions is dropped', llm: answer({ mustHave: ['Kotlin', 'Kubernetes'] }), expect: { mustHave: ['react', 'typescript'] } },
    { name: 'a phrase around known skills gives those skills', llm: answer({ mustHave: ['精通 React 和 TypeScript'] }), expect: { mustHave: ['react', 'typescript'] } },
    { name: 'years: the rules win; degree: the LLM fills the gap', llm: answer({ minYears: 5, degree: 'bachelor' }), expect: { minYears: 3, degree: 'bachelor' } },
    { name: 'languages by name become codes; nonsense is dropped', llm: answer({ languages: ['English', 'fluent business level'] }), expect: { languages: ['en'] } },
  ];
  it.each(cases)('$name', ({ llm, expect: want }) => {
    expect(mergeRequirements(rules, llm, DESCRIPTION)).toMatchObject(want);
  });

  it('years come from the LLM only when the rules found none, and only when plausible', () => {
    expect(mergeRequirements({ ...rules, minYears: null }, answer({ minYears: 2 }), DESCRIPTION).minYears).toBe(2);
    expect(mergeRequirements({ ...rules, minYears: null }, answer({ minYears: 80 }), DESCRIPTION).minYears).toBeNull();
  });
});

describe('job form with a local LLM', () => {
  let s: InProcess;
  let fake: FakeOpenAi;
  beforeAll(async () => {
    fake = await startFakeOpenAi();
    s = await startInProcess({ users, plugins: { recruiting: true }, config: { ai: { llm: { provider: 'openai-compatible', baseUrl: fake.baseUrl, model: 'fake' } } } });
  });
  afterAll(async () => {
    await s?.close();
    await fake?.close();
  });

  it('adds the must-have skill the rules missed and says the LLM helped', async () => {
    fake.answers.push(JSON.stringify({ mustHave: ['React', 'TypeScript', 'WebAssembly', 'Vue'], niceToHave: [], minYears: 3, degree: 'bachelor', languages: [] }));
    const res = await extract(s, 'hr', DESCRIPTION);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(field(html, 'mustHave')).toBe('React, TypeScript, webassembly');
    expect(field(html, 'niceToHave')).toBe('Vue');
    expect(methodOf(html)).toBe('rules+llm');
    expect(html).toContain('提取方式：规则 + 大模型');
    // Loopback endpoint = local: the description went as written, the email unmasked.
    const sent = fake.requests.at(-1)!.messages.map((m) => m.content).join('\n');
    expect(sent).toContain('有 WebAssembly 项目经验');
    expect(sent).toContain('jobs@example.com');
  });

  it('the full form (no htmx) shows the method too, in English for an English reader', async () => {
    fake.answers.push(JSON.stringify({ mustHave: ['WebAssembly'], niceToHave: [], minYears: null, degree: null, languages: [] }));
    const res = await s.post('hr-en', '/recruiting/new', { _action: 'extract', title: 'Frontend', headcount: '1', description: DESCRIPTION });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(field(html, 'mustHave')).toContain('webassembly');
    expect(html).toContain('Extracted by: rules + LLM');
  });

  it('garbage JSON twice: the rules’ result, a 200 and a note saying the LLM could not be used', async () => {
    fake.answers.push('this is not json', '{"mustHave": "still wrong"');
    const before = fake.requests.length;
    const res = await extract(s, 'hr', DESCRIPTION);
    expect(res.status).toBe(200);
    expect(fake.requests.length - before).toBe(2);
    const html = await res.text();
    expect(field(html, 'mustHave')).toBe('React, TypeScript');
    expect(field(html, 'minYears')).toBe('3');
    expect(methodOf(html)).toBe('rules');
    expect(html).toContain('提取方式：规则');
    expect(html).toContain('未能使用大模型（回答格式不正确），下方为仅由规则提取的结果。');
  });

  it('a new job saved with empty requirement fields gets the LLM-improved requirements', async () => {
    fake.answers.push(JSON.stringify({ mustHave: ['WebAssembly'], niceToHave: [], minYears: null, degree: null, languages: [] }));
    const res = await s.post('hr', '/recruiting/new', { _action: 'save', title: '前端工程师（LLM）', headcount: '1', employmentType: 'full_time', description: DESCRIPTION });
    expect(res.status).toBe(303);
    const row = s.kernel.dbh.sqlite.prepare('SELECT requirements FROM recruiting_jobs WHERE title = ?').get('前端工程师（LLM）') as { requirements: string };
    expect(JSON.parse(row.requirements).mustHave).toEqual(['react', 'typescript', 'webassembly']);
  });

  it('counts the calls under recruiting.requirements in ai_usage', () => {
    const rows = s.kernel.dbh.sqlite.prepare("SELECT model, calls, failures, prompt_tokens AS prompt FROM ai_usage WHERE feature = 'recruiting.requirements'").all() as { model: string; calls: number; failures: number; prompt: number }[];
    expect(rows).toHaveLength(1);
    // Four extractions, one of which failed its schema twice (one call, counted as a failure).
    expect(rows[0]).toMatchObject({ model: 'fake', calls: 4, failures: 1 });
    expect(rows[0]!.prompt).toBeGreaterThan(0);
  });
});

describe('job form with no LLM configured', () => {
  let s: InProcess;
  beforeAll(async () => {
    s = await startInProcess({ users, plugins: { recruiting: true } });
  });
  afterAll(() => s?.close());

  it('extracts with the rules only, says so, and calls nothing', async () => {
    const res = await extract(s, 'hr', DESCRIPTION);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(field(html, 'mustHave')).toBe('React, TypeScript');
    expect(field(html, 'niceToHave')).toBe('Vue');
    expect(methodOf(html)).toBe('rules');
    expect(html).not.toContain('未能使用大模型');
    expect(s.kernel.dbh.sqlite.prepare('SELECT COUNT(*) AS n FROM ai_usage').get()).toEqual({ n: 0 });
  });

  it('an empty description is still refused with 400 and no method shown', async () => {
    const res = await extract(s, 'hr', '  ');
    expect(res.status).toBe(400);
    expect(methodOf(await res.text())).toBeNull();
  });
});
