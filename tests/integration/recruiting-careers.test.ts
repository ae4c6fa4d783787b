/**
 * The public careers page over HTTP: the list and a job (only open jobs, nothing internal),
 * the application form's happy path with a generated PDF (candidate and application stored
 * and scored), every refused upload (nothing stored: row counts and the résumé folder
 * unchanged), consent, the separate talent pool consent and its retention, the honeypot,
 * the per-address rate limit and closed jobs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../core/sdk.js';
import { FRONTEND_JD, PEOPLE, resumeFile, startRecruitingKit, type RecruitingKit, type ResumePerson } from '../helpers/recruiting-kit.js';

const MB = 1024 * 1024;
const LIMIT_PER_HOUR = 3;

interface Upload {
  name: string;
  bytes: Uint8Array;
  type?: string;
}

/** A multipart body built by hand, so the test decides whether Content-Length is sent. */
function multipart(fields: Record<string, string>, file: Upload | null): { body: Uint8Array<ArrayBuffer>; contentType: string } {
  const boundary = `----careers${Math.random().toString(16).slice(2)}`;
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(enc.encode(`--${boundary}\r\nContent-Disposition: form-data; name="resume"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`));
    parts.push(file.bytes, enc.encode('\r\n'));
  }
  parts.push(enc.encode(`--${boundary}--\r\n`));
  const body = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    body.set(p, at);
    at += p.byteLength;
  }
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('careers page', () => {
  let kit: RecruitingKit;
  let hr: SessionUser;
  const jobs = { open: 0, other: 0, draft: 0, closed: 0 };
  let address = 0;
  /** A fresh client address per call unless given: the rate limit is per address. */
  const nextIp = () => `198.51.100.${++address}`;

  const send = (path: string, init: RequestInit, ip = nextIp()) => kit.suite.app.request(path, init, { incoming: { socket: { remoteAddress: ip } } });
  const cookie = () => kit.suite.cookieFor(null);

  /** The form as a browser posts it: CSRF in the body, Content-Length known. */
  const apply = (jobId: number, fields: Record<string, string>, file: Upload | null, options: { ip?: string; contentLength?: boolean } = {}) => {
    const { body, contentType } = multipart({ _csrf: kit.suite.csrf, ...fields }, file);
    const headers: Record<string, string> = { cookie: cookie(), 'content-type': contentType };
    if (options.contentLength !== false) headers['content-length'] = String(body.byteLength);
    return send(`/recruiting/careers/${jobId}`, { method: 'POST', headers, body }, options.ip);
  };

  const typed = { name: '赵敏', mobile: '138 0013 8111', email: 'zhaomin@example.com', consent: 'yes' };
  const stored = () => ({
    candidates: kit.count('recruiting_candidates'),
    applications: kit.count('recruiting_applications'),
    resumes: kit.count('recruiting_resumes'),
    files: kit.resumeFiles().join(','),
  });

  beforeAll(async () => {
    kit = await startRecruitingKit({ settings: { applicationsPerHour: LIMIT_PER_HOUR } });
    hr = kit.user('hr1', 'hr');
    const rd = kit.department('研发部');
    const sales = kit.department('销售部');
    jobs.open = kit.job(hr, { title: '高级前端工程师', departmentId: rd, location: '上海', description: FRONTEND_JD, salaryMin: 20000, salaryMax: 35000 }).id;
    jobs.other = kit.job(hr, { title: '大客户销售经理', departmentId: sales, location: '北京', description: '负责华北区大客户销售。' }).id;
    jobs.draft = kit.job(hr, { title: '草稿中的岗位', departmentId: rd, open: false }).id;
    const closed = kit.job(hr, { title: '已关闭的岗位', departmentId: rd });
    kit.rec.jobs.setStatus(kit.request(hr), closed.id, 'closed');
    jobs.closed = closed.id;
  });
  afterAll(() => kit?.close());

  it('lists open jobs only, with salary and filters, to anyone', async () => {
    const res = await kit.suite.get(null, '/recruiting/careers');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('高级前端工程师');
    expect(html).toContain('大客户销售经理');
    expect(html).toContain('¥20,000 – ¥35,000 / 月');
    expect(html).not.toContain('草稿中的岗位');
    expect(html).not.toContain('已关闭的岗位');
    // Themeable: its stylesheet is served and uses the theme's variables only.
    const css = await (await kit.suite.get(null, '/assets/recruiting/careers.css')).text();
    expect(css).toContain('var(--primary)');
    expect(css).not.toMatch(/#[0-9a-f]{3,6}\b/i);

    const filtered = await (await kit.suite.get(null, `/recruiting/careers?department=${encodeURIComponent('销售部')}`)).text();
    expect(filtered).toContain('大客户销售经理');
    expect(filtered).not.toContain('高级前端工程师');
    const none = await (await kit.suite.get(null, `/recruiting/careers?location=${encodeURIComponent('火星')}`)).text();
    expect(none).toContain('没有符合筛选条件的职位');

    const en = await (await kit.suite.get(null, '/recruiting/careers', { 'accept-language': 'en' })).text();
    expect(en).toContain('¥20,000 – ¥35,000 / month');
  });

  it('shows an open job with the form (consent notice, honeypot, size limit); drafts and closed jobs are 404', async () => {
    const html = await (await kit.suite.get(null, `/recruiting/careers/${jobs.open}`)).text();
    expect(html).toContain('岗位职责');
    expect(html).toContain('name="_csrf"');
    expect(html).toContain('name="website"');
    expect(html).toContain('accept=".pdf,.docx,.txt');
    expect(html).toContain('不超过 10 MB');
    // The default notice says what, why, how long and how to ask for deletion.
    expect(html).toMatch(/姓名、手机号、邮箱[\s\S]*最多保留 365 天[\s\S]*删除你的个人信息/);
    // Requirements extracted for screening stay internal.
    const job = kit.rec.jobs.get(null, jobs.open);
    expect(job.requirements.mustHave.length).toBeGreaterThan(0);
    expect(html).not.toContain('mustHave');

    for (const id of [jobs.draft, jobs.closed, 999_999]) {
      const gone = await kit.suite.get(null, `/recruiting/careers/${id}`);
      expect(gone.status).toBe(404);
      expect(await gone.text()).toContain('这个职位已经停止招聘');
      expect((await apply(id, typed, null)).status).toBe(404);
    }
    expect((await kit.suite.get(null, '/recruiting/careers/abc')).status).toBe(404);
  });

  it('takes an application with a PDF résumé: candidate and application stored, screened, consent recorded', async () => {
    const file = await resumeFile(PEOPLE.zhang, 'pdf');
    const res = await apply(jobs.open, { name: '张伟', mobile: '13800138000', email: 'zhangwei.dev@example.com', consent: 'yes', website: '' }, { name: file.fileName, bytes: file.bytes, type: 'application/pdf' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/recruiting/careers/${jobs.open}/applied`);

    const app = kit.rows('recruiting_applications').find((a) => a.job_id === jobs.open)!;
    expect(app).toMatchObject({ source: 'careers', status: 'active', stage: 'applied' });
    expect(typeof app.score).toBe('number');
    const candidate = kit.rows('recruiting_candidates').find((c) => c.id === app.candidate_id)!;
    expect(candidate).toMatchObject({ name: '张伟', source: 'careers', consent_version: 'default' });
    expect(candidate.consent_at).not.toBeNull();
    expect(kit.resumeFiles()).toHaveLength(1);

    const thanks = await (await kit.suite.get(null, `/recruiting/careers/${jobs.open}/applied`)).text();
    expect(thanks).toContain('我们已收到你的申请');
    expect(thanks).toContain('高级前端工程师');
    // Nothing about applicants reaches the public pages.
    for (const path of ['/recruiting/careers', `/recruiting/careers/${jobs.open}`]) expect(await (await kit.suite.get(null, path)).text()).not.toContain('张伟');

    // The same person again: told plainly, nothing new stored.
    const before = stored();
    const again = await apply(jobs.open, { name: '张伟', mobile: '13800138000', consent: 'yes' }, { name: 'cv.pdf', bytes: file.bytes });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('你已经投递过这个职位');
    expect(stored()).toEqual(before);
  });

  const elf = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(120).fill(0)]);
  const corruptPdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nthis is not a real pdf body\n%%EOF');
  it.each([
    { case: 'an empty file', file: { name: 'cv.pdf', bytes: new Uint8Array(0) }, status: 400, message: '上传的文件是空的' },
    { case: 'an executable renamed .pdf', file: { name: 'cv.pdf', bytes: elf }, status: 400, message: '不支持的文件类型' },
    { case: 'a corrupt PDF', file: { name: 'cv.pdf', bytes: corruptPdf }, status: 400, message: '文件已损坏' },
    { case: 'a file over the limit (Content-Length)', file: { name: 'cv.pdf', bytes: new Uint8Array(11 * MB).fill(0x41) }, status: 413, message: '简历文件超过 10 MB' },
    { case: 'a file over the limit (no Content-Length)', file: { name: 'cv.pdf', bytes: new Uint8Array(11 * MB).fill(0x41) }, status: 413, message: '简历文件超过 10 MB', contentLength: false },
    { case: 'no file at all', file: null, status: 400, message: '请选择要上传的简历文件' },
  ])('refuses $case with a clear message, keeps what was typed and stores nothing', async ({ file, status, message, contentLength }) => {
    const before = stored();
    const res = await apply(jobs.other, typed, file, { contentLength: contentLength !== false });
    expect(res.status).toBe(status);
    const html = await res.text();
    expect(html).toContain(message);
    expect(html).toContain('value="赵敏"');
    expect(html).toContain('value="zhaomin@example.com"');
    expect(stored()).toEqual(before);
  });

  it.each([
    ['through htmx (CSRF token in a header)', { 'x-csrf-token': 'HEADER', 'hx-request': 'true' }],
    ['as a plain form post (CSRF token inside the body)', {}],
  ])('refuses 50 MB by Content-Length before reading the body, %s', async (_how, extra) => {
    const total = 50 * MB;
    let pulled = 0;
    const chunk = new Uint8Array(MB).fill(0x41);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= total) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const headers: Record<string, string> = { cookie: cookie(), 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(total + 1000) };
    for (const [k, v] of Object.entries(extra)) headers[k] = v === 'HEADER' ? kit.suite.csrf : v;
    const before = stored();
    const res = await send(`/recruiting/careers/${jobs.other}`, { method: 'POST', headers, body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    // The core's limit (maxUploadMb, 20 by default) answers before the form is parsed, in words.
    expect(await res.text()).toContain('超过 20 MB');
    // At most what the stream had queued before the answer; never the 50 MB.
    expect(pulled).toBeLessThanOrEqual(2 * MB);
    expect(stored()).toEqual(before);
  });

  it('needs the consent and valid contact details: errors in place, typed values kept', async () => {
    const file = await resumeFile(PEOPLE.li, 'docx');
    const before = stored();
    const upload = { name: file.fileName, bytes: file.bytes };
    const noConsent = await apply(jobs.other, { name: '李娜', mobile: '13900139000', email: 'lina.work@example.com' }, upload);
    expect(noConsent.status).toBe(400);
    const html = await noConsent.text();
    expect(html).toContain('请阅读并勾选同意个人信息处理说明');
    expect(html).toContain('value="李娜"');

    const badMobile = await apply(jobs.other, { name: '李娜', mobile: '12345', consent: 'yes' }, upload);
    expect(badMobile.status).toBe(400);
    const page = await badMobile.text();
    expect(page).toContain('aria-invalid="true"');
    expect(page).toContain('value="12345"');
    // The consent box stays ticked.
    expect(page).toMatch(/name="consent" type="checkbox" value="yes" required checked/);
    expect(stored()).toEqual(before);
  });

  it('asks the talent pool separately (optional, unticked): the answer sets the pool, is stored with the consent, and decides retention', async () => {
    const form = await (await kit.suite.get(null, `/recruiting/careers/${jobs.other}`)).text();
    expect(form).toMatch(/<input id="apply-pool" name="talentPool" type="checkbox" value="yes" aria-describedby/);
    expect(form).toContain('有其他合适的职位时联系我（最多保存 730 天）');
    // The notice says the pool is only with that separate consent.
    expect(form).toMatch(/最多保留 365 天，之后删除。\n只有在你另外勾选同意进入人才库时[^\n]*最多保存 730 天/);
    const en = await (await kit.suite.get(null, `/recruiting/careers/${jobs.other}`, { 'accept-language': 'en' })).text();
    expect(en).toContain('Only if you tick the separate talent pool box');

    // A refused post keeps the answer ticked.
    const refused = await apply(jobs.other, { name: '王芳', mobile: '13700137000', talentPool: 'yes' }, null);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/name="talentPool" type="checkbox" value="yes" checked/);

    const send = async (person: ResumePerson, jobId: number, pool: boolean) => {
      const file = await resumeFile(person, 'txt');
      const res = await apply(jobId, { name: person.name, mobile: person.mobile, consent: 'yes', ...(pool ? { talentPool: 'yes' } : {}) }, { name: file.fileName, bytes: file.bytes });
      expect(res.status).toBe(303);
      return kit.rows('recruiting_applications').at(-1)!;
    };
    const candidate = (id: unknown) => kit.rows('recruiting_candidates').find((c) => c.id === id)!;
    const timeline = (id: unknown) => kit.rows('recruiting_activities').filter((a) => a.candidate_id === id).map((a) => JSON.parse(String(a.data)) as Record<string, unknown>);

    const agreed = await send(PEOPLE.wang, jobs.other, true);
    const declined = await send(PEOPLE.emily, jobs.other, false);
    expect(candidate(agreed.candidate_id)).toMatchObject({ in_pool: 1, consent_version: 'default+pool' });
    expect(candidate(declined.candidate_id)).toMatchObject({ in_pool: 0, consent_version: 'default' });
    expect(timeline(agreed.candidate_id)).toContainEqual({ poolConsent: true, poolDays: 730 });
    expect(timeline(declined.candidate_id)).toContainEqual({ poolConsent: false });
    // The latest application's answer is the one in force.
    const changed = await send(PEOPLE.li, jobs.other, true);
    expect(candidate(changed.candidate_id)).toMatchObject({ in_pool: 1, consent_version: 'default+pool' });
    await send(PEOPLE.li, jobs.open, false);
    expect(candidate(changed.candidate_id)).toMatchObject({ in_pool: 0, consent_version: 'default' });

    // HR sees whether the person agreed; putting someone in the pool by hand is not their consent.
    const c = kit.request(hr);
    kit.rec.candidates.setPool(c, Number(declined.candidate_id), true);
    const hrPage = (id: unknown) => kit.suite.get('hr1', `/recruiting/candidates/${String(id)}`).then((r) => r.text());
    expect(await hrPage(agreed.candidate_id)).toMatch(/本人于 \S+ 投递时同意进入人才库，简历最多保存到 \S+。/);
    expect(await hrPage(agreed.candidate_id)).toContain('投递时同意进入人才库（最多保存 730 天）');
    expect(await hrPage(declined.candidate_id)).toContain('本人没有同意进入人才库');

    // Retention: once every application ended, only the consented pool keeps its résumé, for the pool period.
    for (const a of kit.rows('recruiting_applications').filter((x) => [agreed.candidate_id, declined.candidate_id, changed.candidate_id].includes(x.candidate_id))) {
      kit.rec.applications.reject(c, Number(a.id), { reason: 'position_filled' });
    }
    const day = 86_400_000;
    const consentAt = Number(candidate(agreed.candidate_id).consent_at);
    kit.setNow(new Date(consentAt + 366 * day).toISOString());
    expect(kit.rec.retention.due()).toEqual([declined.candidate_id, changed.candidate_id].map(Number).sort((x, y) => x - y));
    kit.setNow(new Date(consentAt + 731 * day).toISOString());
    expect(kit.rec.retention.due()).toContain(Number(agreed.candidate_id));
    kit.rec.retention.purge();
    expect(candidate(agreed.candidate_id)).toMatchObject({ in_pool: 0, profile: null });
    expect(candidate(declined.candidate_id)).toMatchObject({ in_pool: 0, profile: null });
    expect(timeline(agreed.candidate_id).at(-1)).toMatchObject({ resumesRemoved: true, leftPool: true });
  });

  it('answers a bot that fills the honeypot with the thank-you page and stores nothing', async () => {
    const file = await resumeFile(PEOPLE.wang, 'pdf');
    const before = stored();
    const res = await apply(jobs.other, { ...typed, website: 'http://spam.example' }, { name: file.fileName, bytes: file.bytes });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/recruiting/careers/${jobs.other}/applied`);
    expect(stored()).toEqual(before);
  });

  it(`limits one address to ${LIMIT_PER_HOUR} posts an hour: then 429 in words with Retry-After`, async () => {
    const ip = '203.0.113.77';
    for (let i = 0; i < LIMIT_PER_HOUR; i++) expect((await apply(jobs.other, { name: '测试' }, null, { ip })).status).toBe(400);
    const refused = await apply(jobs.other, typed, null, { ip });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const html = await refused.text();
    expect(html).toContain('提交过于频繁');
    expect(html).toMatch(/约 \d+ 分钟后再试/);
    // Another address is not affected.
    expect((await apply(jobs.other, { name: '测试' }, null)).status).toBe(400);
  });
});
