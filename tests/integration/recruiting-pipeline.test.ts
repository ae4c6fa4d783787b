// The recruiting pipeline pages over HTTP, in process: the board and its moves (plain form, htmx, refused moves),
// rejection with a reason, batch screening with its progress, the ranking with explanations, HR's upload, the
// candidate pages (corrections, notes, tags, pool, search) and offer → letter → hire → the employee in /people.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText } from '../../core/sdk.js';
import { PEOPLE, resumeFile, startRecruitingKit, type RecruitingKit } from '../helpers/recruiting-kit.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('recruiting pipeline pages', () => {
  let kit: RecruitingKit;
  let dept: number;
  let jobId: number;
  const app: Record<'zhang' | 'li' | 'wang', { applicationId: number; candidateId: number }> = {} as never;

  const row = (table: string, id: number) => kit.rows(table).find((r) => r.id === id)!;
  const html = async (res: Response) => ({ status: res.status, body: await res.text() });
  const get = async (login: string, path: string, headers: Record<string, string> = {}) => html(await kit.suite.get(login, path, headers));
  const post = async (login: string, path: string, form: Record<string, string> = {}, headers: Record<string, string> = {}) => kit.suite.post(login, path, form, headers);
  const htmx = { 'hx-request': 'true' };
  /** A multipart form as a browser sends a file upload. */
  const upload = async (login: string, path: string, fields: Record<string, string>, file: { bytes: Uint8Array; fileName: string } | null) => {
    const form = new FormData();
    form.set('_csrf', kit.suite.csrf);
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    form.set('file', file ? new File([new Uint8Array(file.bytes)], file.fileName) : new File([], ''));
    return kit.suite.app.request(path, { method: 'POST', headers: { cookie: kit.suite.cookieFor(login) }, body: form });
  };
  /** What a browser would post from the form whose action is `action`: inputs, ticked boxes, selected options, textareas. */
  const formFields = (page: string, action: string): Record<string, string> => {
    const start = page.indexOf(`action="${action}"`);
    const form = page.slice(start, page.indexOf('</form>', start));
    const decode = (v: string) => v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
    const out: Record<string, string> = {};
    for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
      const name = attr(tag, 'name');
      if (!name || name === '_csrf') continue;
      if (attr(tag, 'type') === 'checkbox' && !/\schecked\b/.test(tag)) continue;
      out[name] = decode(attr(tag, 'value') ?? '');
    }
    for (const [, name, options] of form.matchAll(/<select\b[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
      out[name!] = decode(/<option value="([^"]*)" selected/.exec(options!)?.[1] ?? /<option value="([^"]*)"/.exec(options!)?.[1] ?? '');
    }
    for (const [, name, text] of form.matchAll(/<textarea\b[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) out[name!] = decode(text!);
    return out;
  };
  /** The next page after a redirect, with the flash cookie the redirect set (as a browser would). */
  const follow = async (login: string, res: Response) => {
    const flash = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    return get(login, res.headers.get('location')!, { cookie: `${kit.suite.cookieFor(login)}; ${flash}` });
  };

  beforeAll(async () => {
    kit = await startRecruitingKit();
    dept = kit.department('研发部');
    const other = kit.department('市场部');
    const hr = kit.user('hr1', 'hr');
    kit.user('mgr', 'manager', kit.employee('M001', '陈经理', dept));
    kit.user('outsider', 'manager', kit.employee('M002', '刘经理', other));
    jobId = kit.job(hr, { departmentId: dept, blind: false }).id;
    app.zhang = await kit.apply(jobId, PEOPLE.zhang, { format: 'pdf' });
    app.li = await kit.apply(jobId, PEOPLE.li, { format: 'docx' });
    app.wang = await kit.apply(jobId, PEOPLE.wang, { format: 'txt' });
  });
  afterAll(() => kit?.close());

  describe('the board', () => {
    it('shows every stage with its cards, scores, suggestions and days in stage; screeners get no offer/hired options', async () => {
      const hr = await get('hr1', `/recruiting/jobs/${jobId}`);
      expect(hr.status).toBe(200);
      for (const text of ['已投递', '筛选', '面试', '录用', '已入职', '已淘汰', '张伟', '李娜', '王芳', '系统建议（仅供参考，由你决定）', '在此阶段']) expect(hr.body).toContain(text);
      expect(hr.body).toContain('/assets/recruiting/pipeline.js');
      expect(hr.body).toContain('draggable="true"');
      // The move form of each card: HR may move to offer, nobody to hired (that is "hire").
      expect(hr.body).toContain('<option value="offer"');
      expect(hr.body).not.toContain('<option value="hired"');
      const mgr = await get('mgr', `/recruiting/jobs/${jobId}`);
      expect(mgr.status).toBe(200);
      expect(mgr.body).toContain('<option value="interview"');
      expect(mgr.body).not.toContain('<option value="offer"');
      expect(mgr.body).not.toContain('/add"');
      // The screener's offer and hired columns take no drop.
      expect(mgr.body).toMatch(/data-stage="offer"(?! data-drop)/);
      expect(hr.body).toMatch(/data-stage="offer" data-drop="move"/);
    });

    it('answers 404 to a manager of another department, and for ids that are not jobs', async () => {
      expect((await get('outsider', `/recruiting/jobs/${jobId}`)).status).toBe(404);
      expect((await get('hr1', '/recruiting/jobs/999999')).status).toBe(404);
      expect((await post('outsider', `/recruiting/applications/${app.zhang.applicationId}/move`, { stage: 'screening' })).status).toBe(404);
      expect(row('recruiting_applications', app.zhang.applicationId).stage).toBe('applied');
    });

    it('moves with the plain form (no JavaScript): 303 back to the board, the message shown there', async () => {
      const res = await post('mgr', `/recruiting/applications/${app.zhang.applicationId}/move`, { stage: 'screening' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/recruiting/jobs/${jobId}`);
      expect(row('recruiting_applications', app.zhang.applicationId)).toMatchObject({ stage: 'screening', status: 'active' });
      const page = await follow('mgr', res);
      expect(page.body).toContain('已把 张伟 移到“筛选”。');
    });

    it('moves through the htmx route (drag and drop, the enhanced form): the board comes back as a fragment', async () => {
      const res = await post('mgr', `/recruiting/applications/${app.zhang.applicationId}/move`, { stage: 'interview' }, htmx);
      const { status, body } = await html(res);
      expect(status).toBe(200);
      expect(body).not.toContain('<html');
      expect(body).toMatch(/^<section id="pipeline-board"/);
      expect(body).toContain('已把 张伟 移到“面试”。');
      // The card now sits in the interview column.
      const interview = body.slice(body.indexOf('data-stage="interview"'), body.indexOf('data-stage="offer"'));
      expect(interview).toContain(`id="card-${app.zhang.applicationId}"`);
      expect(row('recruiting_applications', app.zhang.applicationId).stage).toBe('interview');
      const kinds = kit.rows('recruiting_activities').filter((a) => a.application_id === app.zhang.applicationId && a.kind === 'moved');
      expect(kinds).toHaveLength(2);
    });

    it.each([
      { who: 'mgr', stage: 'offer', status: 403, message: '只有 HR 可以把候选人移入或移出录用阶段。' },
      { who: 'mgr', stage: 'hired', status: 400, message: '请通过“办理入职”把候选人转为员工' },
      { who: 'hr1', stage: 'hired', status: 400, message: '请通过“办理入职”把候选人转为员工' },
      { who: 'hr1', stage: 'nowhere', status: 400, message: '该职位没有“nowhere”这个阶段。' },
    ])('refuses $who moving to $stage with $status and the reason in place, nothing changed', async ({ who, stage, status, message }) => {
      const before = row('recruiting_applications', app.li.applicationId);
      const plain = await html(await post(who, `/recruiting/applications/${app.li.applicationId}/move`, { stage }));
      expect(plain.status).toBe(status);
      expect(plain.body).toContain(message);
      expect(plain.body).toContain('<html');
      const fragment = await html(await post(who, `/recruiting/applications/${app.li.applicationId}/move`, { stage }, htmx));
      expect(fragment.status).toBe(status);
      expect(fragment.body).toMatch(/^<section id="pipeline-board"/);
      expect(fragment.body).toContain(message);
      // The card is still where it was.
      const applied = fragment.body.slice(fragment.body.indexOf('data-stage="applied"'), fragment.body.indexOf('data-stage="screening"'));
      expect(applied).toContain(`id="card-${app.li.applicationId}"`);
      expect(row('recruiting_applications', app.li.applicationId)).toEqual(before);
    });

    it('refuses a move without a stage with 400, never 500', async () => {
      const res = await post('mgr', `/recruiting/applications/${app.li.applicationId}/move`, {});
      expect(res.status).toBe(400);
    });
  });

  describe('rejection', () => {
    it('needs a reason, and a note for “other reason”; the form keeps what was typed', async () => {
      const form = await get('mgr', `/recruiting/applications/${app.wang.applicationId}/reject`);
      expect(form.status).toBe(200);
      expect(form.body).toContain('技能不匹配');
      expect(form.body).not.toContain('value="low_score"');

      const none = await html(await post('mgr', `/recruiting/applications/${app.wang.applicationId}/reject`, { note: '再看看' }));
      expect(none.status).toBe(400);
      expect(none.body).toContain('aria-invalid="true"');
      expect(none.body).toContain('再看看');

      const other = await html(await post('mgr', `/recruiting/applications/${app.wang.applicationId}/reject`, { reason: 'other', note: '' }));
      expect(other.status).toBe(400);
      expect(other.body).toContain('选择“其他原因”时请写明原因。');
      expect(other.body).toMatch(/<option value="other" selected>/);
      expect(row('recruiting_applications', app.wang.applicationId).status).toBe('active');
    });

    it('rejects with a reason: the card moves to the collapsed rejected column with the reason', async () => {
      const res = await post('mgr', `/recruiting/applications/${app.wang.applicationId}/reject`, { reason: 'skills', note: '缺少前端经验' });
      expect(res.status).toBe(303);
      expect(row('recruiting_applications', app.wang.applicationId)).toMatchObject({ status: 'rejected', reject_reason: 'skills' });
      const board = await follow('mgr', res);
      expect(board.body).toContain('已淘汰 王芳。');
      const rejected = board.body.slice(board.body.indexOf('pipeline-rejected'));
      expect(rejected).toContain(`id="card-${app.wang.applicationId}"`);
      expect(rejected).toContain('淘汰原因：技能不匹配');
      // A screener cannot reopen it; HR can.
      expect(rejected).not.toContain('重新启用到');
      const hr = await get('hr1', `/recruiting/jobs/${jobId}`);
      expect(hr.body.slice(hr.body.indexOf('pipeline-rejected'))).toContain('重新启用到');
      // Rejecting twice is a clear 409.
      expect((await get('mgr', `/recruiting/applications/${app.wang.applicationId}/reject`)).status).toBe(409);
    });
  });

  describe('batch screening and the ranking', () => {
    it('starts a batch, polls its progress every second until done, then brings the refreshed ranking', async () => {
      const started = await html(await post('mgr', `/recruiting/jobs/${jobId}/screening`, {}, htmx));
      expect(started.status).toBe(200);
      expect(started.body).toContain('<progress');
      expect(started.body).toContain('hx-trigger="every 1s"');
      expect(started.body).toMatch(/\d+ \/ 2</);
      let last = '';
      for (let i = 0; i < 100; i++) {
        last = (await get('mgr', `/recruiting/jobs/${jobId}/screening`, htmx)).body;
        if (!last.includes('every 1s')) break;
        await sleep(20);
      }
      expect(last).not.toContain('every 1s');
      expect(last).toContain('2 / 2');
      expect(last).toContain('已完成');
      // The ranking, swapped out of band, with each candidate's explanation.
      expect(last).toContain('id="ranking-list" class="pipeline-ranking" hx-swap-oob="true"');
      expect(last).toContain('张伟');
      const batches = kit.rows('recruiting_screen_batches');
      expect(batches.at(-1)).toMatchObject({ status: 'done', done: 2, total: 2 });
    });

    it('without JavaScript the button posts and lands on the ranking', async () => {
      const res = await post('hr1', `/recruiting/jobs/${jobId}/screening`);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/recruiting/jobs/${jobId}/ranking`);
      for (let i = 0; i < 100 && kit.rows('recruiting_screen_batches').some((b) => b.status === 'running'); i++) await sleep(20);
    });

    it('ranks by score with requirements met and missing, each with the résumé sentence that shows it', async () => {
      const { status, body } = await get('mgr', `/recruiting/jobs/${jobId}/ranking`);
      expect(status).toBe(200);
      const scores = kit.rows('recruiting_applications').filter((a) => a.job_id === jobId && a.status === 'active') as { candidate_id: number; score: number }[];
      const best = scores.sort((a, b) => b.score - a.score)[0]!;
      const names = { [app.zhang.candidateId]: '张伟', [app.li.candidateId]: '李娜' };
      const first = body.indexOf(names[best.candidate_id]!);
      const second = body.indexOf(names[best.candidate_id === app.zhang.candidateId ? app.li.candidateId : app.zhang.candidateId]!);
      expect(first).toBeGreaterThan(0);
      expect(first).toBeLessThan(second);
      expect(body).toContain('符合的要求');
      expect(body).toContain('缺少的要求');
      // The evidence sentence follows the requirements it shows (one line of skills proves several).
      expect(body).toMatch(/<strong>react<\/strong>(?:(?!<\/li>).)*<q class="pipeline-evidence">[^<]*React/s);
      expect(body).toContain('<meter');
      // The rejected applicant is not ranked.
      expect(body).not.toContain('王芳');
    });
  });

  describe('HR upload from the board', () => {
    it('is HR only', async () => {
      expect((await get('mgr', `/recruiting/jobs/${jobId}/add`)).status).toBe(403);
      expect((await get('hr1', `/recruiting/jobs/${jobId}/add`)).status).toBe(200);
    });

    it.each([
      { name: 'no file', file: null, status: 400, message: '请选择一份简历文件。' },
      { name: 'an empty file', file: { bytes: new Uint8Array(0), fileName: 'empty.pdf' }, status: 400, message: '上传的文件是空的。' },
      { name: 'an executable renamed .pdf', file: { bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]), fileName: 'cv.pdf' }, status: 400, message: '' },
    ])('refuses $name in place, keeping the typed fields, storing nothing', async ({ file, status, message }) => {
      const before = kit.count('recruiting_applications');
      const res = await html(await upload('hr1', `/recruiting/jobs/${jobId}/add`, { name: '周杰', mobile: '13600136000' }, file));
      expect(res.status).toBe(status);
      expect(res.body).toContain(message);
      expect(res.body).toContain('value="周杰"');
      expect(res.body).toContain('class="form-summary"');
      expect(kit.count('recruiting_applications')).toBe(before);
    });

    it('refuses a bad typed mobile before reading the file', async () => {
      const res = await html(await upload('hr1', `/recruiting/jobs/${jobId}/add`, { mobile: '12345' }, await resumeFile(PEOPLE.emily, 'pdf')));
      expect(res.status).toBe(400);
      expect(res.body).toContain('手机号格式不对');
    });

    it('adds a candidate with a generated PDF: parsed, scored, the candidate page next', async () => {
      const res = await upload('hr1', `/recruiting/jobs/${jobId}/add`, { source: 'referral', sourceDetail: '张伟推荐' }, await resumeFile(PEOPLE.emily, 'pdf'));
      expect(res.status).toBe(303);
      const candidate = kit.rows('recruiting_candidates').find((c) => c.name === 'Emily Carter')!;
      expect(candidate).toMatchObject({ source: 'referral' });
      expect(res.headers.get('location')).toBe(`/recruiting/candidates/${candidate.id}`);
      const page = await follow('hr1', res);
      expect(page.body).toMatch(/已添加候选人，评分 \d+。/);
      expect(page.body).toContain('University of Leeds');
    });
  });

  describe('candidate pages', () => {
    it('shows the parsed profile with a confidence per field, the applications explained, the résumé and its file for HR', async () => {
      const { status, body } = await get('hr1', `/recruiting/candidates/${app.zhang.candidateId}`);
      expect(status).toBe(200);
      for (const text of ['张伟', '北京邮电大学', '最高学历', '本科', '可信度', '申请的职位', '高级前端工程师', '符合的要求', '查看简历文字', '下载简历文件', '更正解析结果']) expect(body).toContain(text);
      const resumeId = Number(row('recruiting_applications', app.zhang.applicationId).resume_id);
      const file = await kit.suite.get('hr1', `/recruiting/resumes/${resumeId}/file`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('application/pdf');
      expect((await kit.suite.get('mgr', `/recruiting/resumes/${resumeId}/file`)).status).toBe(403);
      const mgr = await get('mgr', `/recruiting/candidates/${app.zhang.candidateId}`);
      expect(mgr.status).toBe(200);
      expect(mgr.body).not.toContain('下载简历文件');
      expect(mgr.body).not.toContain('更正解析结果');
      expect(mgr.body).not.toContain(PEOPLE.zhang.mobile);
      expect((await get('outsider', `/recruiting/candidates/${app.zhang.candidateId}`)).status).toBe(404);
    });

    it('keeps HR’s corrections, and only the fields HR changed are marked corrected', async () => {
      const form = (await get('hr1', `/recruiting/candidates/${app.li.candidateId}`)).body;
      const value = (name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(form)?.[1] ?? '';
      const fields = { name: value('name'), gender: 'female', birthYear: value('birthYear'), mobile: '', email: value('email'), highestDegree: 'master', totalYears: value('totalYears'), skills: 'Vue、JavaScript、CSS、TypeScript', languages: '' };
      const bad = await html(await post('hr1', `/recruiting/candidates/${app.li.candidateId}/profile`, { ...fields, birthYear: '88' }));
      expect(bad.status).toBe(400);
      expect(bad.body).toContain('出生年份应为 1930 到 2020 之间的四位数字。');
      const res = await post('hr1', `/recruiting/candidates/${app.li.candidateId}/profile`, fields);
      expect(res.status).toBe(303);
      const stored = row('recruiting_candidates', app.li.candidateId);
      expect(JSON.parse(String(stored.corrected))).toEqual(['skills']);
      expect(JSON.parse(String(stored.profile)).skills.value).toEqual(expect.arrayContaining(['vue', 'javascript', 'css', 'typescript']));
      const page = await follow('hr1', res);
      expect(page.body).toContain('已更正 1 项');
      expect(page.body).toContain('HR 已更正');
      // A later application of the same person keeps HR's skills.
      const again = await kit.apply(kit.job(kit.user('hr2', 'hr'), { departmentId: dept, title: '前端工程师' }).id, PEOPLE.li, { format: 'txt' });
      expect(again.candidateId).toBe(app.li.candidateId);
      expect(JSON.parse(String(row('recruiting_candidates', app.li.candidateId).profile)).skills.value).toContain('typescript');
    });

    it('corrects the education and experience rows (add, edit, remove) with errors in place; kept through later parses; years follow the rows', async () => {
      const id = app.zhang.candidateId;
      const path = `/recruiting/candidates/${id}`;
      const action = `${path}/profile`;
      const stored = () => {
        const r = row('recruiting_candidates', id);
        return { profile: JSON.parse(String(r.profile)) as { education: Record<string, unknown>[]; experience: Record<string, unknown>[]; totalYears: { value: number | null } }, corrected: JSON.parse(String(r.corrected)) as string[] };
      };
      // Today in the suite's time zone, where the pages count an open job's months up to.
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: kit.ctx.config.timezone }).format(new Date());
      const monthsUpToToday = (start: string) => Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)) - (Number(start.slice(0, 4)) * 12 + Number(start.slice(5, 7))) + 1;
      const years = (months: number) => Math.round((months / 12) * 10) / 10;

      const page = (await get('hr1', path)).body;
      const fields = formFields(page, action);
      // The stored rows, then one empty row to add another; a remove box on stored rows only.
      expect(fields).toMatchObject({ 'education.0.school': '北京邮电大学', 'education.0.degree': 'bachelor', 'education.0.start': '2012-09', 'education.1.school': '', 'experience.0.company': '上海云帆科技有限公司', 'experience.0.current': '1' });
      expect(page).toContain('name="education.0.remove"');
      expect(page).not.toContain('name="education.1.remove"');
      expect(page).toContain('新增一条工作经历（选填）');
      // Screeners get neither the form nor the post.
      expect((await get('mgr', path)).body).not.toContain('name="education.0.school"');
      expect((await post('mgr', action, fields)).status).toBe(403);

      const before = stored();
      const older = { 'experience.1.company': '北京旧时光科技有限公司', 'experience.1.title': '前端工程师', 'experience.1.start': '2012-07' };
      const bad = await html(await post('hr1', action, { ...fields, 'education.0.end': '2016-13', ...older, 'experience.1.end': '2012-06' }));
      expect(bad.status).toBe(400);
      expect(bad.body).toMatch(/id="correct-education-0-end"[^>]*value="2016-13" aria-invalid="true"/);
      expect(bad.body).toContain('请按“2019-07”的格式填写年月。');
      expect(bad.body).toMatch(/id="correct-experience-1-end"[^>]*value="2012-06" aria-invalid="true"/);
      expect(bad.body).toContain('结束月份不能早于开始月份。');
      expect(bad.body).toContain('value="北京旧时光科技有限公司"');
      // The typed row is now a row with its remove box, and a fresh empty row follows it.
      expect(bad.body).toContain('name="experience.1.remove"');
      expect(bad.body).toContain('name="experience.2.company"');
      expect(stored()).toEqual(before);

      const res = await post('hr1', action, {
        ...fields,
        'education.0.major': '软件工程',
        'education.1.school': '清华大学',
        'education.1.degree': 'master',
        'education.1.major': '计算机技术',
        'education.1.start': '2016.09',
        'education.1.end': '2019年6月',
        ...older,
        'experience.1.end': '2016-06',
      });
      expect(res.status).toBe(303);
      const after = stored();
      expect(after.profile.education).toMatchObject([
        { school: '北京邮电大学', degree: 'bachelor', major: '软件工程', start: '2012-09', end: '2016-06', confidence: 1 },
        { school: '清华大学', degree: 'master', major: '计算机技术', start: '2016-09', end: '2019-06', confidence: 1 },
      ]);
      expect(after.profile.experience).toMatchObject([
        { company: '上海云帆科技有限公司', current: true, end: null, months: monthsUpToToday('2016-07') },
        { company: '北京旧时光科技有限公司', title: '前端工程师', start: '2012-07', end: '2016-06', current: false, months: 48 },
      ]);
      // Both jobs back to back: the years are counted from July 2012.
      expect(after.profile.totalYears.value).toBe(years(monthsUpToToday('2012-07')));
      expect(after.corrected).toEqual(expect.arrayContaining(['education', 'experience', 'totalYears']));
      const shown = await follow('hr1', res);
      expect(shown.body).toContain('已更正 3 项');
      expect(shown.body).toMatch(/清华大学 <span class="badge badge-info">HR 已更正/);

      // Removing the older job: the years follow the rows again.
      const again = formFields(shown.body, action);
      expect(again['experience.1.company']).toBe('北京旧时光科技有限公司');
      expect((await post('hr1', action, { ...again, 'experience.1.remove': '1' })).status).toBe(303);
      expect(stored().profile.experience).toHaveLength(1);
      expect(stored().profile.totalYears.value).toBe(years(monthsUpToToday('2016-07')));

      // A later application of the same person keeps HR's rows.
      const next = await kit.apply(kit.job(kit.user('hr3', 'hr'), { departmentId: dept, title: 'Web 前端工程师' }).id, PEOPLE.zhang, { format: 'txt' });
      expect(next.candidateId).toBe(id);
      expect(stored().profile.education.map((e) => e.school)).toEqual(['北京邮电大学', '清华大学']);
    });

    it('adds notes (screeners too), refuses an empty one in place, and shows them on the timeline', async () => {
      const empty = await html(await post('mgr', `/recruiting/candidates/${app.zhang.candidateId}/notes`, { text: '  ' }));
      expect(empty.status).toBe(400);
      const res = await post('mgr', `/recruiting/candidates/${app.zhang.candidateId}/notes`, { text: '技术面表现好', applicationId: String(app.zhang.applicationId) });
      expect(res.status).toBe(303);
      const page = await follow('mgr', res);
      expect(page.body).toContain('备注已添加。');
      expect(page.body).toContain('技术面表现好');
      expect(page.body).toContain('从“筛选”移到“面试”');
    });

    it('tags, untags and keeps a candidate in the talent pool (HR only)', async () => {
      expect((await post('mgr', `/recruiting/candidates/${app.zhang.candidateId}/tags`, { action: 'add', tag: '前端' })).status).toBe(403);
      expect((await post('hr1', `/recruiting/candidates/${app.zhang.candidateId}/tags`, { action: 'add', tag: '前端' })).status).toBe(303);
      expect((await post('hr1', `/recruiting/candidates/${app.zhang.candidateId}/tags`, { action: 'add', tag: '高潜' })).status).toBe(303);
      expect((await post('hr1', `/recruiting/candidates/${app.zhang.candidateId}/tags`, { action: 'remove', tag: '高潜' })).status).toBe(303);
      expect(JSON.parse(String(row('recruiting_candidates', app.zhang.candidateId).tags))).toEqual(['前端']);
      expect((await post('hr1', `/recruiting/candidates/${app.zhang.candidateId}/pool`, { inPool: '1' })).status).toBe(303);
      expect(row('recruiting_candidates', app.zhang.candidateId).in_pool).toBe(1);
      const bad = await html(await post('hr1', `/recruiting/candidates/${app.zhang.candidateId}/tags`, { action: 'add', tag: '' }));
      expect(bad.status).toBe(400);
    });

    it('searches by name, skill and tag, filters by pool, with an empty state and pagination', async () => {
      const byTag = (await get('hr1', '/recruiting/candidates?tag=前端')).body;
      expect(byTag).toContain('张伟');
      expect(byTag).not.toContain('李娜</span>');
      const bySkill = (await get('hr1', '/recruiting/candidates?skill=vue', { ...htmx, 'hx-target': 'section#candidate-results' })).body;
      expect(bySkill).toMatch(/^<section id="candidate-results"/);
      expect(bySkill).toContain('李娜');
      expect(bySkill).not.toContain('张伟');
      const pool = (await get('hr1', '/recruiting/candidates?pool=yes')).body;
      expect(pool).toContain('张伟');
      expect(pool).toContain('共 1 位候选人');
      expect((await get('hr1', '/recruiting/candidates?q=没有这个人')).body).toContain('没有符合条件的候选人');
      const bulk = kit.user('hr-bulk', 'hr');
      for (let i = 0; i < 25; i++) kit.rec.candidates.create(kit.request(bulk), { name: `测试候选人${i}`, mobile: `1350000${String(1000 + i)}`, tags: ['批量'] });
      const first = (await get('hr1', '/recruiting/candidates?tag=批量')).body;
      expect(first).toContain('共 25 位候选人');
      expect(first).toContain('tag=%E6%89%B9%E9%87%8F&amp;page=2');
      const second = (await get('hr1', '/recruiting/candidates?tag=批量&page=2')).body;
      const page1 = first.match(/测试候选人\d+/g) ?? [];
      const page2 = second.match(/测试候选人\d+/g) ?? [];
      expect([page1.length, page2.length]).toEqual([20, 5]);
      expect(new Set([...page1, ...page2]).size).toBe(25);
    });
  });

  describe('offer, letter, hire and onboarding', () => {
    it('is HR only', async () => {
      expect((await get('mgr', `/recruiting/applications/${app.zhang.applicationId}/onboarding`)).status).toBe(403);
      expect((await post('mgr', `/recruiting/applications/${app.zhang.applicationId}/offer`, { monthlySalary: '1', startDate: '2026-12-01', probationMonths: '0' })).status).toBe(403);
    });

    it('refuses a bad offer in place, then saves it: the application moves to the offer stage, the salary never in clear', async () => {
      const path = `/recruiting/applications/${app.zhang.applicationId}`;
      const page = await get('hr1', `${path}/onboarding`);
      expect(page.status).toBe(200);
      expect(page.body).toContain('请先填写录用条件');
      const bad = await html(await post('hr1', `${path}/offer`, { monthlySalary: '', startDate: '2026-13-01', probationMonths: '9', positionTitle: '', departmentId: '', note: '' }));
      expect(bad.status).toBe(400);
      expect(bad.body.match(/class="field-error"/g)?.length).toBeGreaterThanOrEqual(3);
      expect(row('recruiting_applications', app.zhang.applicationId).stage).toBe('interview');
      const res = await post('hr1', `${path}/offer`, { monthlySalary: '28000', startDate: '2026-12-01', probationMonths: '3', positionTitle: '', departmentId: String(dept), note: '请到 8 楼报到。' });
      expect(res.status).toBe(303);
      expect(row('recruiting_applications', app.zhang.applicationId).stage).toBe('offer');
      expect(JSON.stringify(kit.rows('recruiting_onboarding'))).not.toContain('28000');
      const after = await follow('hr1', res);
      expect(after.body).toContain('¥28,000.00');
      expect(after.body).toContain('下载录用通知书（PDF）');
      // On the board the card offers the onboarding page to HR, and no move to a screener.
      const hrBoard = (await get('hr1', `/recruiting/jobs/${jobId}`)).body;
      expect(hrBoard).toContain(`${path}/onboarding`);
      const mgrBoard = (await get('mgr', `/recruiting/jobs/${jobId}`)).body;
      const card = mgrBoard.slice(mgrBoard.indexOf(`id="card-${app.zhang.applicationId}"`));
      expect(card.slice(0, card.indexOf('</li>'))).not.toContain('pipeline-move');
    });

    it('gives the offer letter as a PDF in the viewer’s language, and audits the download', async () => {
      const audits = () => kit.rows('core_audit_log').filter((a) => a.action === 'recruiting.offer.letter').length;
      const before = audits();
      const res = await kit.suite.get('hr1', `/recruiting/applications/${app.zhang.applicationId}/offer-letter.pdf`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const bytes = new Uint8Array(await res.arrayBuffer());
      const { text } = await extractText(bytes, 'offer.pdf');
      for (const part of ['录用通知书', '张伟', '研发部', '高级前端工程师', '¥28,000', '2026年12月1日', '3 个月', '请到 8 楼报到。', '候选人签字']) expect(text.replace(/\s+/g, ' ')).toContain(part);
      expect(audits()).toBe(before + 1);
      const en = await kit.suite.get('hr1', `/recruiting/applications/${app.zhang.applicationId}/offer-letter.pdf`, { cookie: `${kit.suite.cookieFor('hr1')}; hr_locale=en` });
      const english = (await extractText(new Uint8Array(await en.arrayBuffer()), 'offer.pdf')).text.replace(/\s+/g, ' ');
      expect(english).toContain('Offer of Employment');
      expect(english).toContain('1 December 2026');
      expect((await kit.suite.get('hr1', `/recruiting/applications/${app.li.applicationId}/offer-letter.pdf`)).status).toBe(404);
    });

    it('hires: the employee is created and visible at /people, the checklist ticks, the profile is linked', async () => {
      const path = `/recruiting/applications/${app.zhang.applicationId}`;
      const employees = kit.count('people_employees');
      const bad = await html(await post('hr1', `${path}/hire`, { employeeNo: '', departmentId: String(dept), hireDate: '2026-12-01' }));
      expect(bad.status).toBe(400);
      expect(bad.body).toContain('请填写工号');
      kit.employee('E2001', '已在职', dept);
      const taken = await html(await post('hr1', `${path}/hire`, { employeeNo: 'E2001', departmentId: String(dept), hireDate: '2026-12-01' }));
      expect(taken.status).toBe(409);
      expect(taken.body).toContain('value="E2001"');
      expect(kit.count('people_employees')).toBe(employees + 1);

      const res = await post('hr1', `${path}/hire`, { employeeNo: 'E2002', departmentId: String(dept), hireDate: '2026-12-01' });
      expect(res.status).toBe(303);
      const employee = kit.rows('people_employees').find((e) => e.employee_no === 'E2002')!;
      expect(employee).toMatchObject({ name: '张伟', department_id: dept, hire_date: '2026-12-01' });
      expect(row('recruiting_applications', app.zhang.applicationId)).toMatchObject({ status: 'hired', stage: 'hired' });
      const people = await get('hr1', '/people');
      expect(people.body).toContain('张伟');
      expect(people.body).toContain('E2002');

      const page = await follow('hr1', res);
      expect(page.body).toContain('已办理入职，员工已加入花名册。');
      expect(page.body).toContain(`href="/people/${employee.id}"`);
      for (const item of ['身份证复印件', '学历学位证书', '工资卡信息', '签订劳动合同']) expect(page.body).toContain(item);
      const ticked = await html(await post('hr1', `${path}/checklist`, { key: 'id_card', done: '1' }, htmx));
      expect(ticked.status).toBe(200);
      expect(ticked.body).toMatch(/^<section id="onboarding-checklist"/);
      expect(ticked.body).toContain('1 / 4');
      expect(ticked.body).toMatch(/name="done" value="1" checked>\s*<span>身份证复印件/);
      const unticked = await post('hr1', `${path}/checklist`, { key: 'id_card' });
      expect(unticked.status).toBe(303);
      expect(JSON.parse(String(kit.rows('recruiting_onboarding').at(-1)!.checklist))[0].doneAt).toBeNull();
      expect((await post('hr1', `${path}/checklist`, { key: 'passport', done: '1' })).status).toBe(404);
      // Hired: no second hire.
      expect((await post('hr1', `${path}/hire`, { employeeNo: 'E2003', departmentId: String(dept), hireDate: '2026-12-01' })).status).toBe(409);
    });
  });
});
