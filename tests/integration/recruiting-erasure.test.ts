// Erasure on request over HTTP, in process: the candidate page's confirmation step (a plain form, reason required),
// the erased state of the page in both languages, the guards against writing data back, and
// POST /api/v1/recruiting/candidates/:id/erase (HR only, 409 for a hired candidate, harmless twice).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEOPLE, startRecruitingKit, type RecruitingKit } from '../helpers/recruiting-kit.js';

describe('recruiting erasure on request (page and API)', () => {
  let kit: RecruitingKit;
  let jobId: number;
  let dept: number;
  const ids: Record<'zhang' | 'li' | 'wang' | 'emily', { applicationId: number; candidateId: number }> = {} as never;

  const html = async (res: Response) => ({ status: res.status, body: await res.text() });
  const get = async (login: string, path: string, headers: Record<string, string> = {}) => html(await kit.suite.get(login, path, headers));
  const post = (login: string, path: string, form: Record<string, string> = {}) => kit.suite.post(login, path, form);
  const api = async (login: string, method: string, path: string, body?: unknown) => {
    const res = await kit.suite.json(login, method, `/api/v1/recruiting${path}`, body);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  /** The next page after a redirect, with the flash cookie the redirect set (as a browser would). */
  const follow = async (login: string, res: Response) => {
    const flash = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    return get(login, res.headers.get('location')!, { cookie: `${kit.suite.cookieFor(login)}; ${flash}` });
  };
  const candidate = (id: number) => kit.rows('recruiting_candidates').find((r) => r.id === id)!;

  beforeAll(async () => {
    kit = await startRecruitingKit();
    dept = kit.department('研发部');
    const hr = kit.user('hr1', 'hr');
    kit.suite.addUser({ login: 'hr-en', role: 'hr', locale: 'en' });
    kit.user('mgr', 'manager', kit.employee('M001', '陈经理', dept));
    jobId = kit.job(hr, { departmentId: dept, blind: false }).id;
    ids.zhang = await kit.apply(jobId, PEOPLE.zhang, { format: 'pdf' });
    ids.li = await kit.apply(jobId, PEOPLE.li, { format: 'docx' });
    ids.wang = await kit.apply(jobId, PEOPLE.wang, { format: 'txt' });
    ids.emily = await kit.apply(jobId, PEOPLE.emily, { format: 'txt' });
    kit.rec.candidates.addNote(kit.request(hr), ids.zhang.candidateId, { text: '张伟希望远程办公' });
    // 王芳 is hired: an employee now, erased through the people directory only.
    const c = kit.request(hr);
    kit.rec.onboarding.offer(c, ids.wang.applicationId, { monthlySalary: 15_000, startDate: '2026-04-01' });
    kit.rec.onboarding.hire(c, ids.wang.applicationId, { employeeNo: 'E3001', departmentId: dept, hireDate: '2026-04-01' });
  });
  afterAll(() => kit?.close());

  describe('the candidate page', () => {
    it('offers HR the erase step, never a screener', async () => {
      const hr = await get('hr1', `/recruiting/candidates/${ids.zhang.candidateId}`);
      expect(hr.status).toBe(200);
      expect(hr.body).toContain(`href="/recruiting/candidates/${ids.zhang.candidateId}/erase"`);
      expect(hr.body).toContain('删除个人信息…');
      const mgr = await get('mgr', `/recruiting/candidates/${ids.zhang.candidateId}`);
      expect(mgr.status).toBe(200);
      expect(mgr.body).not.toContain('/erase"');
      expect((await get('mgr', `/recruiting/candidates/${ids.zhang.candidateId}/erase`)).status).toBe(403);
      expect((await post('mgr', `/recruiting/candidates/${ids.zhang.candidateId}/erase`, { reason: '本人申请' })).status).toBe(403);
      expect(candidate(ids.zhang.candidateId).name).toBe('张伟');
    });

    it('shows what goes and what stays, and asks for a reason (plain form with the CSRF token)', async () => {
      const page = await get('hr1', `/recruiting/candidates/${ids.zhang.candidateId}/erase`);
      expect(page.status).toBe(200);
      for (const text of ['删除“张伟”的个人信息', '简历文件和简历文本', '手机号和邮箱', `已删除的候选人 #${ids.zhang.candidateId}`, '每个申请的职位、阶段、状态、评分和时间', '1 个进行中的申请将被撤回。']) {
        expect(page.body).toContain(text);
      }
      expect(page.body).toContain(`action="/recruiting/candidates/${ids.zhang.candidateId}/erase"`);
      expect(page.body).toMatch(/<input type="hidden" name="_csrf" value="[^"]+">/);
      expect(page.body).toMatch(/<textarea id="erase-reason" name="reason"[^>]* required/);
    });

    it('re-renders the step with the message in place when the reason is missing (400), erasing nothing', async () => {
      const res = await html(await post('hr1', `/recruiting/candidates/${ids.zhang.candidateId}/erase`, { reason: '  ' }));
      expect(res.status).toBe(400);
      expect(res.body).toContain('请填写删除原因');
      expect(res.body).toContain('aria-invalid="true"');
      expect(candidate(ids.zhang.candidateId).name).toBe('张伟');
    });

    it('erases on the confirmed form and then shows the erased state: placeholder, notice, history, no edit forms', async () => {
      const id = ids.zhang.candidateId;
      const res = await post('hr1', `/recruiting/candidates/${id}/erase`, { reason: '候选人 3 月 2 日来电申请删除' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/recruiting/candidates/${id}`);
      const page = await follow('hr1', res);
      expect(page.status).toBe(200);
      for (const text of ['已删除该候选人的个人信息。', `已删除的候选人 #${id}`, '个人信息已删除', '应本人要求删除了个人信息', '因删除个人信息而撤回申请', '添加了备注']) {
        expect(page.body).toContain(text);
      }
      for (const gone of ['张伟', PEOPLE.zhang.email, '希望远程办公', `action="/recruiting/candidates/${id}/notes"`, `action="/recruiting/candidates/${id}/profile"`, `action="/recruiting/candidates/${id}/tags"`, `/recruiting/candidates/${id}/erase"`]) {
        expect(page.body).not.toContain(gone);
      }
      // The application is still listed, withdrawn, in its stage.
      expect(page.body).toContain('高级前端工程师');
      expect(kit.rows('recruiting_applications').find((a) => a.id === ids.zhang.applicationId)).toMatchObject({ status: 'withdrawn', stage: 'applied', resume_id: null });
      expect(kit.rows('core_audit_log').filter((r) => r.action === 'recruiting.candidate.erase' && r.entity_id === String(id))).toHaveLength(1);

      // In English, the placeholder is the reader's language.
      const en = await get('hr-en', `/recruiting/candidates/${id}`);
      expect(en.body).toContain(`Erased candidate #${id}`);
      expect(en.body).toContain('Personal data erased on request');
    });

    it('sends the erase step of an erased candidate back to their page and refuses writing data back (409 in place)', async () => {
      const id = ids.zhang.candidateId;
      const step = await kit.suite.get('hr1', `/recruiting/candidates/${id}/erase`);
      expect(step.status).toBe(303);
      expect(step.headers.get('location')).toBe(`/recruiting/candidates/${id}`);
      for (const [path, form] of [
        ['notes', { text: '张伟又来电了' }],
        ['tags', { tag: '张伟', action: 'add' }],
        ['pool', { inPool: '1' }],
      ] as const) {
        const res = await html(await post('hr1', `/recruiting/candidates/${id}/${path}`, form));
        expect([path, res.status]).toEqual([path, 409]);
        expect(res.body).toContain('该候选人的个人信息已删除，不能再添加或修改其信息。');
      }
      expect(JSON.stringify(kit.rows('recruiting_activities').filter((r) => r.candidate_id === id))).not.toContain('张伟');
      expect(candidate(id)).toMatchObject({ tags: '[]', in_pool: 0 });
    });

    it('refuses a hired candidate: no erase button, the step points to the employee profile', async () => {
      const employeeId = Number(candidate(ids.wang.candidateId).employee_id);
      const page = await get('hr1', `/recruiting/candidates/${ids.wang.candidateId}`);
      expect(page.body).not.toContain(`/recruiting/candidates/${ids.wang.candidateId}/erase"`);
      expect(page.body).toContain(`href="/people/${employeeId}"`);
      const step = await get('hr1', `/recruiting/candidates/${ids.wang.candidateId}/erase`);
      expect(step.status).toBe(200);
      expect(step.body).toContain('已入职的候选人不能在这里删除');
      expect(step.body).not.toContain('name="reason"');
      const res = await html(await post('hr1', `/recruiting/candidates/${ids.wang.candidateId}/erase`, { reason: '本人申请' }));
      expect(res.status).toBe(409);
      expect(res.body).toContain(`/people/${employeeId}`);
      expect(candidate(ids.wang.candidateId).name).toBe('王芳');
    });
  });

  describe('POST /api/v1/recruiting/candidates/:id/erase', () => {
    it('is HR only and needs a reason', async () => {
      expect((await api('mgr', 'POST', `/candidates/${ids.li.candidateId}/erase`, { reason: '本人申请' })).status).toBe(403);
      const empty = await api('hr1', 'POST', `/candidates/${ids.li.candidateId}/erase`, { reason: '' });
      expect(empty.status).toBe(400);
      expect((await api('hr1', 'POST', '/candidates/999999/erase', { reason: '本人申请' })).status).toBe(404);
      expect(candidate(ids.li.candidateId).name).toBe('李娜');
    });

    it('erases, answers what it did, and is harmless when repeated', async () => {
      const id = ids.li.candidateId;
      const first = await api('hr1', 'POST', `/candidates/${id}/erase`, { reason: '候选人邮件申请删除' });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ candidateId: id, repeated: false, withdrawn: 1, filesRemoved: 1, filesPending: 0 });
      const seen = await api('hr1', 'GET', `/candidates/${id}`);
      expect(seen.body).toMatchObject({ name: `已删除的候选人 #${id}`, mobile: null, email: null, gender: null, birthYear: null, profile: null, tags: [], inPool: false });
      const again = await api('hr1', 'POST', `/candidates/${id}/erase`, { reason: '重复提交' });
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ candidateId: id, repeated: true, withdrawn: 0, erasedAt: first.body.erasedAt });
      // Writing personal data back through the API is refused too.
      const patch = await api('hr1', 'PATCH', `/candidates/${id}`, { name: '李娜' });
      expect(patch.status).toBe(409);
      expect(candidate(id).name).toBe(`已删除的候选人 #${id}`);
      // The job's figures still count the application.
      expect((await api('hr1', 'GET', `/jobs/${jobId}`)).body).toMatchObject({ counts: { total: 4 } });
    });

    it('answers 409 with the way to the people directory for a hired candidate', async () => {
      const res = await api('hr1', 'POST', `/candidates/${ids.wang.candidateId}/erase`, { reason: '本人申请' });
      expect(res.status).toBe(409);
      expect(JSON.stringify(res.body)).toContain(`/people/${String(candidate(ids.wang.candidateId).employee_id)}`);
    });
  });
});
