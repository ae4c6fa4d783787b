/**
 * Acceptance: "blind mode hides name, gender, age, photo and school names from screeners" —
 * in the HTML. As a screener (a manager holding recruiting.screen only) on a blind job, every
 * page and fragment of the pipeline and candidate pages that shows that job's candidates is
 * fetched — board, board fragment, ranking, screening progress with its out-of-band ranking,
 * candidate list and its results fragment, candidate pages, the reject form, and the answers
 * to moves, notes and refused forms — in Chinese and English, and none may contain the
 * candidates' names, gender words, birth years or ages, schools, mobiles or e-mails. HR on
 * the same pages sees them, so the walk is not vacuous.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEOPLE, startRecruitingKit, type RecruitingKit } from '../helpers/recruiting-kit.js';

const Z = PEOPLE.zhang;
const E = PEOPLE.emily;
/** What must never reach a blind screener, in any form the résumés and notes write it. */
const HIDDEN = [
  Z.name, '张先生', Z.school, String(Z.birthYear), Z.mobile, '138 0013 8000', Z.email, 'zhangwei',
  // The English résumé writes "Gender: Female | Born: 1993" (resumeLines in the kit).
  E.name, 'Emily', 'Carter', E.school, 'Leeds', String(E.birthYear), E.mobile, '13600136000', E.email,
  // Gender words: the résumés say 性别：男 and Gender: Female.
  '男', '女', 'Male', 'Female',
];
const AGE = /\d{2}\s*岁|\bage[ds]?\s*\d{2}\b/i;

describe('blind screening in the pipeline and candidate HTML', () => {
  let kit: RecruitingKit;
  const ids = {} as Record<'job' | 'openJob' | 'liApp' | 'zhangApp' | 'zhang' | 'emilyApp' | 'emily', number>;

  beforeAll(async () => {
    kit = await startRecruitingKit();
    const dept = kit.department('研发部');
    const hr = kit.user('hr1', 'hr');
    kit.user('mgr', 'manager', kit.employee('M001', '陈经理', dept));
    const c = kit.request(hr);
    ids.job = kit.job(hr, { departmentId: dept, blind: true }).id;
    ids.openJob = kit.job(hr, { departmentId: dept, blind: false, title: '前端工程师' }).id;
    ids.liApp = (await kit.apply(ids.openJob, PEOPLE.li, { format: 'pdf' })).applicationId;
    const zhang = await kit.apply(ids.job, Z, { format: 'pdf' });
    const emily = await kit.apply(ids.job, E, { format: 'pdf' });
    Object.assign(ids, { zhangApp: zhang.applicationId, zhang: zhang.candidateId, emilyApp: emily.applicationId, emily: emily.candidateId });
    // HR writes names into free text, as people do: notes, move reasons, rejection notes.
    kit.rec.candidates.addNote(c, ids.zhang, { text: `${Z.name}沟通顺畅，张先生期望薪资 25k，${Z.school}毕业，电话 ${Z.mobile}。`, applicationId: ids.zhangApp });
    kit.rec.applications.move(c, ids.zhangApp, 'screening', { reason: `${Z.name}简历不错` });
    kit.rec.applications.reject(c, ids.emilyApp, { reason: 'other', note: `${E.name} (${E.school}) expects too much.` });
    kit.rec.screening.screenJob(c, ids.job);
    await kit.rec.screening.settled();
  });
  afterAll(() => kit?.close());

  const htmx = { 'hx-request': 'true' };
  const flashOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

  /** Every answer a screener gets from these pages about the blind job's candidates. */
  const walk = async (login: string, locale: 'zh-CN' | 'en') => {
    const cookie = `${kit.suite.cookieFor(login)}; hr_locale=${locale}`;
    const out: { what: string; status: number; body: string }[] = [];
    const get = async (path: string, headers: Record<string, string> = {}) => {
      const res = await kit.suite.get(login, path, { cookie, ...headers });
      out.push({ what: `GET ${path}${headers['hx-request'] ? ' (htmx)' : ''}`, status: res.status, body: await res.text() });
    };
    const post = async (path: string, form: Record<string, string>, headers: Record<string, string> = {}) => {
      const res = await kit.suite.post(login, path, form, { cookie, ...headers });
      out.push({ what: `POST ${path}${headers['hx-request'] ? ' (htmx)' : ''}`, status: res.status, body: await res.text() });
      // After a redirect, the page it leads to with the flash message it carries.
      if (res.status === 303) {
        const next = await kit.suite.get(login, res.headers.get('location')!, { cookie: `${cookie}; ${flashOf(res)}` });
        out.push({ what: `GET ${res.headers.get('location')} after POST ${path}`, status: next.status, body: await next.text() });
      }
    };
    const job = `/recruiting/jobs/${ids.job}`;
    await get(job);
    await get(`${job}/board`, htmx);
    await get(`${job}/ranking`);
    await get(`${job}/screening`, htmx);
    await get('/recruiting/candidates');
    await get('/recruiting/candidates?skill=react');
    await get('/recruiting/candidates?tag=&pool=&source=careers', { ...htmx, 'hx-target': 'section#candidate-results' });
    await get(`/recruiting/candidates/${ids.zhang}`);
    await get(`/recruiting/candidates/${ids.emily}`);
    await get(`/recruiting/applications/${ids.zhangApp}/reject`);
    await post(`/recruiting/applications/${ids.zhangApp}/move`, { stage: 'interview' }, htmx);
    await post(`/recruiting/applications/${ids.zhangApp}/move`, { stage: 'screening' });
    await post(`/recruiting/applications/${ids.zhangApp}/move`, { stage: 'offer' });
    await post(`/recruiting/applications/${ids.zhangApp}/reject`, { reason: 'other', note: '' });
    await post(`/recruiting/candidates/${ids.zhang}/notes`, { text: '' });
    await post(`/recruiting/candidates/${ids.zhang}/notes`, { text: '技术面通过', applicationId: String(ids.zhangApp) });
    await post(`${job}/screening`, {}, htmx);
    await kit.rec.screening.settled();
    for (let i = 0; i < 100 && kit.rows('recruiting_screen_batches').some((b) => b.status === 'running'); i++) await new Promise((r) => setTimeout(r, 20));
    await get(`${job}/screening`, htmx);
    return out;
  };

  it.each(['zh-CN', 'en'] as const)('never shows a blind screener a name, gender, age, school or contact detail (%s)', async (locale) => {
    const answers = await walk('mgr', locale);
    expect(answers.length).toBeGreaterThanOrEqual(20);
    for (const a of answers) {
      expect(a.status, a.what).toBeLessThan(500);
      for (const hidden of HIDDEN) expect(a.body.includes(hidden), `${a.what} (${a.status}) shows "${hidden}"`).toBe(false);
      expect(a.body, a.what).not.toMatch(AGE);
    }
    // Not vacuous: the pages did show the candidates, by reference, with their scores and evidence.
    const all = answers.map((a) => a.body).join('\n');
    const label = locale === 'en' ? `Candidate #${ids.zhang}` : `候选人 #${ids.zhang}`;
    expect(all).toContain(label);
    expect(all).toContain(locale === 'en' ? 'Requirements met' : '符合的要求');
    expect(all).toContain('pipeline-evidence');
    expect(all).toContain(locale === 'en' ? '[school hidden]' : '［学校已隐藏］');
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(12);
  });

  it('hides nothing from HR on the same pages', async () => {
    const board = await (await kit.suite.get('hr1', `/recruiting/jobs/${ids.job}`)).text();
    expect(board).toContain(Z.name);
    expect(board).toContain(E.name);
    const page = await (await kit.suite.get('hr1', `/recruiting/candidates/${ids.zhang}`)).text();
    for (const shown of [Z.name, Z.school, String(Z.birthYear), Z.email, '男']) expect(page).toContain(shown);
  });

  it('shows the screener names on a job that is not blind, but never contact details', async () => {
    const board = await (await kit.suite.get('mgr', `/recruiting/jobs/${ids.openJob}`)).text();
    expect(board).toContain(PEOPLE.li.name);
    const liCandidate = kit.rows('recruiting_applications').find((a) => a.id === ids.liApp)!.candidate_id;
    const page = await (await kit.suite.get('mgr', `/recruiting/candidates/${liCandidate}`)).text();
    expect(page).toContain(PEOPLE.li.name);
    expect(page).toContain(PEOPLE.li.school);
    expect(page).not.toContain(PEOPLE.li.mobile);
    expect(page).not.toContain(PEOPLE.li.email);
  });

  it('does not find a blind candidate by name for a screener', async () => {
    const results = await (await kit.suite.get('mgr', `/recruiting/candidates?q=${encodeURIComponent(Z.name)}`, { ...htmx, 'hx-target': 'section#candidate-results' })).text();
    expect(results).toMatch(/^<section id="candidate-results"/);
    expect(results).toContain('没有符合条件的候选人');
  });
});
