import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../../core/access/tokens.js';
import { FRONTEND_JD, PEOPLE, resumeFile, startRecruitingKit, type RecruitingKit } from '../../../tests/helpers/recruiting-kit.js';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const API = '/api/v1/recruiting';

describe('recruiting API', () => {
  let kit: RecruitingKit;
  let dept: number;
  let jobId: number;
  let token: string;
  let token2: string;
  const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Record<string, any> });
  const call = async (login: string | null, method: string, path: string, body?: unknown, headers?: Record<string, string>) => json(await kit.suite.json(login, method, `${API}${path}`, body, headers));
  const bearer = (t: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    kit.suite.app.request(`${API}${path}`, { method, headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  beforeAll(async () => {
    kit = await startRecruitingKit({ settings: { intakePerMinute: 4 } });
    dept = kit.department('研发部');
    kit.user('hr1', 'hr');
    kit.user('boss', 'admin');
    kit.user('mgr', 'manager', kit.employee('M001', '陈经理', dept));
    kit.role('connector', ['recruiting.intake']);
    const connector = kit.user('boss-zhipin', 'connector');
    const connector2 = kit.user('liepin', 'connector');
    const sqlite = kit.suite.kernel.dbh.sqlite;
    const expiresAt = Date.now() + 86_400_000;
    token = createApiToken(sqlite, { userId: connector.id, name: 'boss', permissions: ['recruiting.intake'], expiresAt }).token;
    token2 = createApiToken(sqlite, { userId: connector2.id, name: 'liepin', permissions: ['recruiting.intake'], expiresAt }).token;
  });
  afterAll(() => kit?.close());

  it('creates, extracts requirements for and opens a job; bad input is a 400 with a translated message', async () => {
    const extracted = await call('hr1', 'POST', '/jobs/extract-requirements', { text: FRONTEND_JD });
    expect(extracted.status).toBe(200);
    expect(extracted.body.mustHave).toEqual(expect.arrayContaining(['react', 'typescript']));
    expect(extracted.body.minYears).toBe(3);

    const bad = await call('hr1', 'POST', '/jobs', { title: '前端', salaryMin: 30000, salaryMax: 20000 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('最低薪资不能高于最高薪资。');

    const created = await call('hr1', 'POST', '/jobs', { title: '高级前端工程师', departmentId: dept, description: FRONTEND_JD, salaryMin: 20000, salaryMax: 35000, blind: false });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', departmentName: '研发部', requirements: { minYears: 3 } });
    jobId = created.body.id;
    expect((await call('mgr', 'POST', `/jobs/${jobId}/open`)).status).toBe(403);
    expect((await call('hr1', 'POST', `/jobs/${jobId}/open`)).body.status).toBe('open');
    // The manager of the department sees it; the list is paged.
    const list = await call('mgr', 'GET', '/jobs?status=open');
    expect(list.body).toMatchObject({ total: 1, page: 1 });
  });

  it('takes HR uploads as base64, answers 409 for a second application and 413 / 400 for bad files', async () => {
    const file = await resumeFile(PEOPLE.zhang, 'pdf');
    const first = await call('hr1', 'POST', `/jobs/${jobId}/applications`, { file: { fileName: file.fileName, base64: b64(file.bytes) } });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ newCandidate: true, screening: { similarityMethod: 'bm25' } });
    expect(first.body.screening.checks.find((c: { requirement: string }) => c.requirement === 'react').met).toBe(true);

    const again = await call('hr1', 'POST', `/jobs/${jobId}/applications`, { file: { fileName: 'x.pdf', base64: b64(file.bytes) } });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('该候选人已经投递过这个职位。');
    expect((await call('hr1', 'POST', `/jobs/${jobId}/applications`, { file: { fileName: 'x.pdf', base64: '!!not base64!!' } })).status).toBe(400);
    const huge = await call('hr1', 'POST', `/jobs/${jobId}/applications`, { file: { fileName: 'x.pdf', base64: 'A'.repeat(15 * 1024 * 1024) } });
    expect(huge.status).toBe(413);
    expect(huge.body.error.message).toContain('10 MB');
    const exe = await call('hr1', 'POST', `/jobs/${jobId}/applications`, { file: { fileName: 'cv.pdf', base64: b64(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0])) } });
    expect([exe.status, exe.body.error.message]).toEqual([400, '不支持的文件类型，请上传 PDF、Word（.docx）、TXT 或 Markdown 文件。']);
  });

  it('ranks, screens in a batch, moves and rejects through the API', async () => {
    await call('hr1', 'POST', `/jobs/${jobId}/applications`, { text: new TextDecoder().decode((await resumeFile(PEOPLE.wang, 'txt')).bytes) });
    const ranked = await call('mgr', 'GET', `/jobs/${jobId}/applications`);
    expect(ranked.body.items.map((a: { rank: number }) => a.rank)).toEqual([1, 2]);
    expect(ranked.body.items[0].candidate.name).toBe('张伟');
    // Screeners never get contact details: the mobile masked, no e-mail.
    expect(ranked.body.items[0].candidate).toMatchObject({ mobile: '138****8000', email: null });

    const batch = await call('mgr', 'POST', `/jobs/${jobId}/screening`);
    expect([batch.status, batch.body.total]).toEqual([202, 2]);
    let status = batch.body;
    for (let i = 0; i < 100 && status.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      status = (await call('mgr', 'GET', `/screening/batches/${batch.body.id}`)).body;
    }
    expect(status).toMatchObject({ status: 'done', done: 2, progress: 1 });
    const ranking = await call('mgr', 'GET', `/jobs/${jobId}/ranking`);
    expect(ranking.body.batch.id).toBe(batch.body.id);

    const [best, worst] = ranking.body.items as { id: number }[];
    expect((await call('mgr', 'POST', `/applications/${best!.id}/move`, { stage: 'interview' })).body.stage).toBe('interview');
    expect((await call('mgr', 'POST', `/applications/${best!.id}/move`, { stage: 'offer' })).status).toBe(403);
    const rejected = await call('mgr', 'POST', `/applications/${worst!.id}/reject`, { reason: 'skills' });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: 'skills' });
    const funnel = await call('mgr', 'GET', `/jobs/${jobId}/funnel`);
    expect(funnel.body.items.map((f: { stage: { key: string }; reached: number }) => [f.stage.key, f.reached])).toEqual([
      ['applied', 2],
      ['screening', 1],
      ['interview', 1],
      ['offer', 0],
      ['hired', 0],
    ]);
  });

  it('screens files against a stored job without storing anything (POST /screen)', async () => {
    const before = kit.count('recruiting_applications');
    const files = [await resumeFile(PEOPLE.emily, 'docx'), await resumeFile(PEOPLE.wang, 'pdf'), { fileName: 'bad.pdf', bytes: new Uint8Array([1, 2, 3]) }];
    const res = await call('hr1', 'POST', '/screen', { jobId, files: files.map((f) => ({ fileName: f.fileName, base64: b64(f.bytes) })) });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { fileName: string }) => r.fileName)).toEqual(['Emily Carter-简历.docx', '王芳-简历.pdf']);
    expect(res.body.errors).toEqual([expect.objectContaining({ fileName: 'bad.pdf', code: 'unsupported' })]);
    expect(kit.count('recruiting_applications')).toBe(before);
  });

  it('takes intake idempotently per source and key, and answers 429 with Retry-After over the per-token limit', async () => {
    const text = new TextDecoder().decode((await resumeFile(PEOPLE.li, 'txt')).bytes);
    const body = { source: 'boss', jobId, candidate: { name: '李娜', mobile: '13900139000' }, resume: { text } };
    const before = { candidates: kit.count('recruiting_candidates'), applications: kit.count('recruiting_applications'), files: kit.resumeFiles().length };
    const first = await bearer(token, 'POST', '/intake', body, { 'idempotency-key': 'boss-77' });
    expect(first.status).toBe(201);
    const ids = await first.json();
    const repeat = await bearer(token, 'POST', '/intake', { ...body, idempotencyKey: 'boss-77' });
    expect(repeat.status).toBe(200);
    expect(await repeat.json()).toEqual({ ...ids, duplicate: true });
    expect({ candidates: kit.count('recruiting_candidates'), applications: kit.count('recruiting_applications'), files: kit.resumeFiles().length }).toEqual({
      candidates: before.candidates + 1,
      applications: before.applications + 1,
      files: before.files + 1,
    });
    // The same person under a new key: already applied.
    expect((await bearer(token, 'POST', '/intake', body, { 'idempotency-key': 'boss-78' })).status).toBe(409);
    // No key at all: 400.
    expect((await bearer(token, 'POST', '/intake', body)).status).toBe(400);

    // Four calls a minute per token: this was the fifth.
    const limited = await bearer(token, 'POST', '/intake', body, { 'idempotency-key': 'boss-79' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { message: string } }).error.message).toMatch(/秒后重试/);
    // Another token has its own budget; keys belong to the source, whoever sends them.
    expect((await bearer(token2, 'POST', '/intake', { ...body, source: 'liepin' }, { 'idempotency-key': 'l-1' })).status).toBe(409);
    expect((await bearer(token2, 'POST', '/intake', body, { 'idempotency-key': 'boss-77' })).status).toBe(200);
    // And the intake token can do nothing else.
    expect((await bearer(token, 'GET', '/jobs')).status).toBe(403);
  });
});
