/**
 * Acceptance: "a screener never receives the hidden fields, in the HTML or the API". Walks
 * EVERY route of the recruiting API as a screener on a blind job, with real ids and useful
 * bodies, and asserts the candidate's name, school, birth year and contact details appear
 * in no response body. HR on the same routes sees them (so the walk is not vacuous).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEOPLE, startRecruitingKit, type RecruitingKit } from '../../../tests/helpers/recruiting-kit.js';

const API = '/api/v1/recruiting';
const P = PEOPLE.zhang;
/** What must never reach a blind screener: name (and its pinyin in the e-mail), school, birth year, contact. */
const HIDDEN = [P.name, P.school, String(P.birthYear), P.mobile, P.email, '张先生', 'zhangwei'];

describe('blind screening over the whole API', () => {
  let kit: RecruitingKit;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    kit = await startRecruitingKit();
    const dept = kit.department('研发部');
    const hr = kit.user('hr1', 'hr');
    kit.user('mgr', 'manager', kit.employee('M001', '陈经理', dept));
    kit.user('boss', 'admin');
    ids.job = kit.job(hr, { departmentId: dept, blind: true }).id;
    // A second, open job of the same department with another candidate: names shown, contact details never.
    ids.openJob = kit.job(hr, { departmentId: dept, blind: false, title: '前端工程师' }).id;
    ids.openApplication = (await kit.apply(ids.openJob, PEOPLE.li, { format: 'pdf' })).applicationId;
    const applied = await kit.apply(ids.job, P, { format: 'pdf' });
    ids.application = applied.applicationId;
    ids.candidate = applied.candidateId;
    ids.resume = applied.resumeId;
    // HR's note names the person, as notes do.
    kit.rec.candidates.addNote(kit.request(hr), ids.candidate, { text: `${P.name}沟通顺畅，张先生期望薪资 25k，${P.school}毕业。`, applicationId: ids.application });
    kit.rec.applications.move(kit.request(hr), ids.application, 'screening');
    ids.batch = kit.rec.screening.screenJob(kit.request(hr), ids.job).id;
    await kit.rec.screening.settled();
    ids.requisition = kit.rec.requisitions.request(kit.request(hr), { departmentId: dept, title: '前端', headcount: 1 }).id;
    ids.plan = kit.rec.plans.upsert(kit.request(hr), { month: '2026-03', target: 2 }).id;
  });
  afterAll(() => kit?.close());

  /** A concrete request for a route: real ids, a body the handler accepts where it matters. */
  const requestFor = (method: string, path: string): { url: string; body?: unknown } => {
    const url = path
      .replace(/^\/api\/v1\/recruiting/, '')
      .replace(/^\/jobs\/:id/, `/jobs/${ids.job}`)
      .replace(/^\/applications\/:id/, `/applications/${ids.application}`)
      .replace(/^\/candidates\/:id/, `/candidates/${ids.candidate}`)
      .replace(/^\/resumes\/:id/, `/resumes/${ids.resume}`)
      .replace(/^\/screening\/batches\/:id/, `/screening/batches/${ids.batch}`)
      .replace(/^\/requisitions\/:id/, `/requisitions/${ids.requisition}`)
      .replace(/^\/plans\/:id/, `/plans/${ids.plan}`)
      .replace(':key', 'id_card');
    const withQuery = method === 'get' ? `${url}${url.includes('?') ? '&' : '?'}reveal=true&month=2026-03` : url;
    const bodies: Record<string, unknown> = {
      [`/applications/${ids.application}/move`]: { stage: 'interview', reason: '通过' },
      [`/candidates/${ids.candidate}/notes`]: { text: '简历不错', applicationId: ids.application },
      '/jobs/extract-requirements': { text: '任职要求：熟悉 React。' },
      [`/jobs/${ids.job}/applications/reorder`]: { stage: 'screening', ids: [ids.application] },
    };
    return { url: withQuery, body: method === 'get' ? undefined : (bodies[url] ?? {}) };
  };

  const walk = async (login: string) => {
    const routes = kit.suite.kernel.apis.filter((r) => r.plugin === 'recruiting');
    const out: { route: string; status: number; text: string }[] = [];
    for (const route of routes) {
      const { url, body } = requestFor(route.method, route.path);
      const res = await kit.suite.json(login, route.method.toUpperCase(), `${API}${url}`, body);
      out.push({ route: `${route.method.toUpperCase()} ${route.path}`, status: res.status, text: await res.text() });
    }
    return out;
  };

  it('never sends a blind screener the name, school, birth year or contact details', async () => {
    const answers = await walk('mgr');
    expect(answers.length).toBeGreaterThanOrEqual(30);
    for (const a of answers) for (const hidden of HIDDEN) expect(a.text.includes(hidden), `${a.route} (${a.status}) leaks "${hidden}"`).toBe(false);

    // The reading routes did answer with the candidate (blind), so the walk saw real data.
    const ok = (route: string) => answers.find((a) => a.route === route)!;
    for (const route of ['GET /api/v1/recruiting/applications/:id', 'GET /api/v1/recruiting/jobs/:id/applications', 'GET /api/v1/recruiting/candidates/:id', 'GET /api/v1/recruiting/candidates', 'GET /api/v1/recruiting/jobs/:id/ranking', 'GET /api/v1/recruiting/jobs/:id/board', 'GET /api/v1/recruiting/candidates/:id/activities', 'GET /api/v1/recruiting/candidates/:id/applications']) {
      expect(ok(route).status, route).toBe(200);
    }
    const detail = JSON.parse(ok('GET /api/v1/recruiting/applications/:id').text);
    expect(detail.candidate).toMatchObject({ blind: true, name: null, gender: null, birthYear: null, mobile: null, email: null, ref: `#${ids.candidate}` });
    expect(detail.resume).toMatchObject({ fileName: null, downloadable: false });
    expect(detail.resumeText).toContain('［姓名已隐藏］');
    expect(detail.resumeText).toContain('React');
    expect(detail.screening.checks.find((c: { requirement: string }) => c.requirement === 'react').evidence).toMatch(/React/);
    expect(detail.timeline.find((t: { kind: string }) => t.kind === 'note').data.text).toContain('沟通顺畅');
    expect(ok('GET /api/v1/recruiting/resumes/:id/file').status).toBe(403);
    // Search by name finds nobody for the screener.
    const search = await kit.suite.json('mgr', 'GET', `${API}/candidates?q=${encodeURIComponent(P.name)}`);
    expect(((await search.json()) as { total: number }).total).toBe(0);
  });

  it('never sends a screener contact details, blind or not', async () => {
    const answers = await walk('mgr');
    for (const a of answers) for (const hidden of [PEOPLE.li.mobile, PEOPLE.li.email]) expect(a.text.includes(hidden), `${a.route} (${a.status}) leaks "${hidden}"`).toBe(false);
    const open = await kit.suite.json('mgr', 'GET', `${API}/applications/${ids.openApplication}?reveal=true`);
    const detail = (await open.json()) as { candidate: { name: string; mobile: string; email: string | null }; resumeText: string };
    expect(detail.candidate).toMatchObject({ name: PEOPLE.li.name, mobile: '139****9000', email: null });
    expect(detail.resumeText).toContain(PEOPLE.li.name);
    expect(detail.resumeText).toContain('［联系方式已隐藏］');
    expect(JSON.stringify(detail)).not.toContain(PEOPLE.li.mobile);
  });

  it('gives HR the same routes with the identity (the data is there to leak)', async () => {
    const detail = await kit.suite.json('hr1', 'GET', `${API}/applications/${ids.application}?reveal=true`);
    const text = await detail.text();
    for (const shown of [P.name, P.school, P.mobile, P.email]) expect(text).toContain(shown);
    const file = await kit.suite.json('hr1', 'GET', `${API}/resumes/${ids.resume}/file`);
    expect([file.status, file.headers.get('content-type')]).toEqual([200, 'application/pdf']);
  });
});
