/**
 * HR's recruiting pages over HTTP: job openings (list with figures, the form with
 * requirement extraction and the stage editor, open / pause / close, who may do what),
 * headcount requisitions (request → approve → job) and the monthly plan (completion after a
 * hire through the services). The stage editor's pure rules are table-tested first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../core/sdk.js';
import { applyStageAction, canonicalSkills, departmentOptions, splitList, stageControls, type StageRow } from '../../plugins/recruiting/routes/jobs-form.js';
import { completionOf, parsePlanScope, shiftMonth } from '../../plugins/recruiting/routes/plans.js';
import type { StageDef } from '../../plugins/recruiting/schema.js';
import { FRONTEND_JD, PEOPLE, startRecruitingKit, type RecruitingKit, type ResumePerson } from '../helpers/recruiting-kit.js';

const row = (key: string, kind: StageRow['kind'], label = ''): StageRow => ({ key, kind, label });
const DEFAULT: StageRow[] = [row('applied', 'applied'), row('screening', 'screening'), row('interview', 'interview'), row('offer', 'offer'), row('hired', 'hired')];
const keys = (rows: StageRow[]) => rows.map((r) => r.key || `+${r.label}`);

describe('job form rules (pure)', () => {
  it.each([
    { action: { op: 'up', index: 2 } as const, keys: ['applied', 'interview', 'screening', 'offer', 'hired'], error: null },
    { action: { op: 'down', index: 1 } as const, keys: ['applied', 'interview', 'screening', 'offer', 'hired'], error: null },
    { action: { op: 'up', index: 1 } as const, keys: null, error: 'recruiting.error.stageOrder' },
    { action: { op: 'down', index: 3 } as const, keys: null, error: 'recruiting.error.stageOrder' },
    { action: { op: 'up', index: 4 } as const, keys: null, error: 'recruiting.error.stageOrder' },
    { action: { op: 'remove', index: 1 } as const, keys: ['applied', 'interview', 'offer', 'hired'], error: null },
    { action: { op: 'remove', index: 2 } as const, keys: null, error: 'recruiting.error.stageInUse' },
    { action: { op: 'remove', index: 3 } as const, keys: null, error: 'recruiting.jobs.stages.error.fixed' },
    { action: { op: 'remove', index: 9 } as const, keys: null, error: 'recruiting.jobs.stages.error.gone' },
    { action: { op: 'add', label: '二面', kind: 'custom' } as const, keys: ['applied', 'screening', 'interview', '+二面', 'offer', 'hired'], error: null },
    { action: { op: 'add', label: '', kind: 'custom' } as const, keys: null, error: 'recruiting.error.stageLabel' },
    { action: { op: 'add', label: '', kind: 'interview' } as const, keys: ['applied', 'screening', 'interview', '+', 'offer', 'hired'], error: null },
  ])('$action.op $action.index$action.label → $error', ({ action, keys: expected, error }) => {
    const inUse = new Map([['interview', 2]]);
    const edit = applyStageAction(DEFAULT, action, inUse);
    expect(edit.error).toBe(error);
    expect(keys(edit.rows)).toEqual(expected ?? keys(DEFAULT));
  });

  it('offers no button that the rules would refuse', () => {
    const minimal = [row('applied', 'applied'), row('offer', 'offer'), row('hired', 'hired')];
    expect(minimal.map((_, i) => stageControls(minimal, i, new Map()))).toEqual([
      { up: false, down: false, remove: false },
      { up: false, down: false, remove: false },
      { up: false, down: false, remove: false },
    ]);
    const twenty = [row('applied', 'applied'), ...Array.from({ length: 17 }, (_, i) => row(`c${i}`, 'custom', `c${i}`)), row('offer', 'offer'), row('hired', 'hired')];
    expect(applyStageAction(twenty, { op: 'add', label: 'x', kind: 'custom' }, new Map()).error).toBe('recruiting.error.stageCount');
    expect(stageControls(DEFAULT, 2, new Map([['interview', 1]])).remove).toBe(false);
  });

  it('reads skill lists as people type them and names them canonically', () => {
    expect(splitList('React，TS、 Vue;CSS\nNode.js ,')).toEqual(['React', 'TS', 'Vue', 'CSS', 'Node.js']);
    const found = canonicalSkills('JS, javascript, React, 独门绝技', 'zh');
    expect(found.map((s) => s.skill)).toEqual(['javascript', 'react', '独门绝技']);
    expect(found.map((s) => s.known)).toEqual([true, true, false]);
    expect(canonicalSkills('财务分析, Excel', 'zh').map((s) => s.label)).toEqual(['财务分析', 'Excel']);
    expect(canonicalSkills('财务分析', 'en').map((s) => s.label)).toEqual(['Financial analysis']);
  });

  it('orders departments as a tree and reads plan targets and months', () => {
    const d = (id: number, parentId: number | null, name: string) => ({ id, parentId, name, managerEmployeeId: null, path: name });
    expect(departmentOptions([d(1, null, 'HQ'), d(2, 1, 'R&D'), d(3, 2, 'Web')], new Set([1, 3])).map((o) => [o.name, o.depth])).toEqual([
      ['HQ', 0],
      ['Web', 2],
    ]);
    expect([parsePlanScope('company'), parsePlanScope('dept:4'), parsePlanScope('job:7'), parsePlanScope('dept:0'), parsePlanScope('team:1')]).toEqual([
      { departmentId: null, jobId: null },
      { departmentId: 4, jobId: null },
      { departmentId: null, jobId: 7 },
      null,
      null,
    ]);
    expect([shiftMonth('2026-01', -1), shiftMonth('2026-12', 1), shiftMonth('2026-03', 0)]).toEqual(['2025-12', '2027-01', '2026-03']);
    expect([completionOf({ hired: 3, target: 2, completion: 1.5 }), completionOf({ hired: 0, target: 0, completion: null })]).toEqual([
      { percent: 150, bar: 2 },
      { percent: null, bar: 0 },
    ]);
  });
});

const person = (i: number, base: ResumePerson = PEOPLE.li): ResumePerson => ({ ...base, name: `候选人${i}`, mobile: `1350000${String(1000 + i)}`, email: `c${i}@example.com` });

describe('recruiting pages for HR, managers and approvers', () => {
  let kit: RecruitingKit;
  let hr: SessionUser;
  const dept = { rd: 0, web: 0, sales: 0 };

  const html = async (res: Response | Promise<Response>) => {
    const r = await res;
    return { status: r.status, location: r.headers.get('location'), flash: r.headers.getSetCookie().find((c) => c.startsWith(kit.suite.kernel.cookies.flash))?.split(';')[0], text: await r.text() };
  };
  /** The page a redirect leads to, with the flash cookie it set (as a browser sends it). */
  const follow = async (login: string, res: { location: string | null; flash?: string | undefined }) =>
    html(kit.suite.get(login, res.location!, { cookie: [kit.suite.cookieFor(login), res.flash].filter(Boolean).join('; ') }));
  const stageFields = (stages: readonly StageDef[]) => ({ stageKey: stages.map((s) => s.key), stageKind: stages.map((s) => s.kind), stageLabel: stages.map((s) => s.label) });
  const jobRow = (id: number) => kit.rec.jobs.get(null, id);
  const jobForm = (over: Record<string, string | string[]> = {}) => ({
    title: '数据分析师',
    departmentId: String(dept.rd),
    location: '杭州',
    employmentType: 'full_time',
    headcount: '2',
    salaryMin: '15000',
    salaryMax: '25000',
    description: '任职要求：\n1. 3年以上数据分析经验；\n2. 熟练使用 SQL、Python；\n3. 熟悉 Tableau 者优先。',
    ...over,
  });

  beforeAll(async () => {
    kit = await startRecruitingKit({ now: new Date().toISOString() });
    dept.rd = kit.department('研发部');
    dept.web = kit.department('前端组', dept.rd);
    dept.sales = kit.department('销售部');
    hr = kit.user('hr1', 'hr');
    kit.user('boss', 'admin');
    kit.user('mgr', 'manager', kit.employee('M001', '陈经理', dept.web));
    kit.user('staff', 'employee', kit.employee('E001', '普通员工', dept.sales));
    kit.role('approver', ['recruiting.approve']);
    kit.user('cfo', 'approver');
  });
  afterAll(() => kit?.close());

  it('extracts requirements from the description (htmx fragment and full page) and shows canonical names', async () => {
    const fragment = await html(kit.suite.post('hr1', '/recruiting/requirements', { _action: 'extract', description: FRONTEND_JD, mustHave: '' }, { 'hx-request': 'true' }));
    expect(fragment.status).toBe(200);
    expect(fragment.text).not.toContain('<html');
    expect(fragment.text).toMatch(/name="mustHave" type="text" value="[^"]*React[^"]*TypeScript/);
    expect(fragment.text).toContain('value="3"');
    expect(fragment.text).toContain('<option value="bachelor" selected>');
    expect(fragment.text).toContain('title="react"');

    // A changed field only asks for the canonical names of what was typed.
    const preview = await html(kit.suite.post('hr1', '/recruiting/requirements', { mustHave: 'js, 独门绝技' }, { 'hx-request': 'true' }));
    expect(preview.text).toContain('title="javascript"');
    expect(preview.text).toMatch(/skill-chip-unknown" title="独门绝技"/);

    const full = await html(kit.suite.post('hr1', '/recruiting/new', { ...jobForm({ description: FRONTEND_JD }), _action: 'extract' }));
    expect(full.status).toBe(200);
    expect(full.text).toContain('<html');
    expect(full.text).toMatch(/已从描述中识别出 \d+ 项必备技能/);
    expect(full.text).toContain('value="数据分析师"');

    const empty = await html(kit.suite.post('hr1', '/recruiting/new', { ...jobForm({ description: '' }), _action: 'extract' }));
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('请先在“职位描述”中粘贴内容');
  });

  it('creates a job as a draft with the typed requirements canonical, or extracted when left empty', async () => {
    const count = kit.count('recruiting_jobs');
    const res = await html(kit.suite.post('hr1', '/recruiting/new', { ...jobForm(), mustHave: 'sql, Python，SQL', niceToHave: 'Tableau', minYears: '3', degree: 'bachelor', languages: '英语', blind: 'on', _action: 'save' }));
    expect(res.status).toBe(303);
    const id = Number(/\/recruiting\/jobs\/(\d+)\/edit/.exec(res.location ?? '')?.[1]);
    const job = jobRow(id);
    expect(job).toMatchObject({ title: '数据分析师', status: 'draft', blind: true, location: '杭州', headcount: 2, salaryMin: 15000, departmentId: dept.rd });
    expect(job.requirements).toMatchObject({ mustHave: ['sql', 'python'], niceToHave: ['tableau'], minYears: 3, degree: 'bachelor', languages: ['en'] });
    expect(job.stages.map((s) => s.key)).toEqual(['applied', 'screening', 'interview', 'offer', 'hired']);

    const auto = await html(kit.suite.post('hr1', '/recruiting/new', { ...jobForm({ title: '前端工程师', description: FRONTEND_JD }), _action: 'save' }));
    expect(auto.status).toBe(303);
    const extracted = kit.rec.jobs.list(null, { q: '前端工程师' }).items[0]!;
    expect(extracted.requirements.mustHave).toEqual(expect.arrayContaining(['react', 'typescript']));
    expect(kit.count('recruiting_jobs')).toBe(count + 2);
  });

  it.each<{ case: string; form: Record<string, string>; field: string; message: string }>([
    { case: 'no title', form: { title: '' }, field: 'job-title-error', message: '' },
    { case: 'salary range upside down', form: { salaryMin: '30000', salaryMax: '20000' }, field: 'job-salaryMax-error', message: '最低薪资不能高于最高薪资' },
    { case: 'a headcount of 0', form: { headcount: '0' }, field: 'job-headcount-error', message: '' },
    { case: 'an unknown department', form: { departmentId: '99999' }, field: 'job-departmentId-error', message: '所选部门不存在' },
  ])('refuses $case in place (400), keeping what was typed', async ({ form, field, message }) => {
    const count = kit.count('recruiting_jobs');
    const res = await html(kit.suite.post('hr1', '/recruiting/new', { ...jobForm(form), _action: 'save' }));
    expect(res.status).toBe(400);
    expect(res.text).toContain(`id="${field}"`);
    expect(res.text).toContain(message);
    expect(res.text).toContain('value="杭州"');
    expect(kit.count('recruiting_jobs')).toBe(count);
  });

  it('edits a job and its pipeline: rename keeps the key, add a stage, a stage holding applications stays', async () => {
    const job = kit.job(hr, { title: '高级前端工程师', departmentId: dept.web, description: FRONTEND_JD });
    kit.setNow(new Date().toISOString());
    await kit.apply(job.id, PEOPLE.zhang, { format: 'txt' });
    const app = kit.rows('recruiting_applications').find((a) => a.job_id === job.id)!;
    kit.rec.applications.move(kit.request(hr), Number(app.id), 'interview');

    const page = await html(kit.suite.get('hr1', `/recruiting/jobs/${job.id}/edit`));
    expect(page.status).toBe(200);
    expect(page.text).toContain('value="高级前端工程师"');
    // The interview stage holds the application: its remove button is disabled.
    expect(page.text).toMatch(/value="stage-remove:2"[^>]*disabled/);

    // Editor moves re-render the form without saving: add "二面" before the offer.
    const base = { ...jobForm({ title: '高级前端工程师', departmentId: String(dept.web), description: FRONTEND_JD }), ...stageFields(job.stages) };
    const added = await html(kit.suite.post('hr1', `/recruiting/jobs/${job.id}/edit`, { ...base, newStageLabel: '二面', newStageKind: 'custom', _action: 'stage-add' }));
    expect(added.status).toBe(200);
    expect(added.text).toMatch(/name="stageLabel" value="二面"/);
    expect(jobRow(job.id).stages).toHaveLength(5);
    // The same through htmx: only the editor comes back.
    const fragment = await html(kit.suite.post('hr1', '/recruiting/stages', { ...base, jobId: String(job.id), newStageLabel: '二面', newStageKind: 'custom', _action: 'stage-add' }, { 'hx-request': 'true' }));
    expect(fragment.text).toMatch(/^<fieldset class="fieldset job-stages" id="job-stages">/);
    expect(fragment.text).toMatch(/name="stageLabel" value="二面"/);
    const refusedRemove = await html(kit.suite.post('hr1', '/recruiting/stages', { ...base, jobId: String(job.id), _action: 'stage-remove:2' }, { 'hx-request': 'true' }));
    expect(refusedRemove.status).toBe(400);
    expect(refusedRemove.text).toContain('阶段“面试”中还有 1 份申请');

    // Save: screening renamed, a custom stage added, the title changed.
    const stages = [...job.stages];
    stages[1] = { ...stages[1]!, label: '简历初筛' };
    const saved = await html(
      kit.suite.post('hr1', `/recruiting/jobs/${job.id}/edit`, {
        ...base,
        title: '资深前端工程师',
        stageKey: [...stages.slice(0, 3).map((s) => s.key), '', ...stages.slice(3).map((s) => s.key)],
        stageKind: [...stages.slice(0, 3).map((s) => s.kind), 'custom', ...stages.slice(3).map((s) => s.kind)],
        stageLabel: [...stages.slice(0, 3).map((s) => s.label), '二面', ...stages.slice(3).map((s) => s.label)],
        mustHave: 'React, Vue',
        _action: 'save',
      }),
    );
    expect(saved.status).toBe(303);
    const after = jobRow(job.id);
    expect(after.title).toBe('资深前端工程师');
    expect(after.stages.map((s) => [s.key, s.label])).toEqual([
      ['applied', ''],
      ['screening', '简历初筛'],
      ['interview', ''],
      ['custom', '二面'],
      ['offer', ''],
      ['hired', ''],
    ]);
    expect(after.requirements.mustHave).toEqual(['react', 'vue']);

    // Removing the stage that holds the application by posting a crafted pipeline: refused in place (409), nothing saved.
    const without = after.stages.filter((s) => s.key !== 'interview');
    const refused = await html(kit.suite.post('hr1', `/recruiting/jobs/${job.id}/edit`, { ...base, ...stageFields(without), _action: 'save' }));
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('中还有 1 份申请，不能删除');
    expect(jobRow(job.id).stages).toHaveLength(6);
  });

  it('opens, pauses and closes a job behind a confirmation; a refused transition is said on the page', async () => {
    const job = kit.job(hr, { title: '测试工程师', departmentId: dept.rd, open: false });
    const list = await html(kit.suite.get('hr1', '/recruiting?status=draft'));
    expect(list.text).toMatch(/<details class="job-confirm">\s*<summary class="btn btn-sm">开放<\/summary>/);

    const open = await html(kit.suite.post('hr1', `/recruiting/jobs/${job.id}/status`, { action: 'open', back: '/recruiting?status=draft' }));
    expect([open.status, open.location]).toEqual([303, '/recruiting?status=draft']);
    expect(jobRow(job.id).status).toBe('open');
    expect((await html(kit.suite.get(null, `/recruiting/careers/${job.id}`))).status).toBe(200);

    await kit.suite.post('hr1', `/recruiting/jobs/${job.id}/status`, { action: 'pause' });
    expect(jobRow(job.id).status).toBe('paused');
    expect((await html(kit.suite.get(null, `/recruiting/careers/${job.id}`))).status).toBe(404);

    const closed = await html(kit.suite.post('hr1', `/recruiting/jobs/${job.id}/status`, { action: 'close', back: 'https://evil.example/' }));
    expect(closed.location).toBe(`/recruiting/jobs/${job.id}/edit`);
    expect(jobRow(job.id).status).toBe('closed');
    // Pausing a closed job is not a transition: the page says so, nothing changes.
    const again = await html(kit.suite.post('hr1', `/recruiting/jobs/${job.id}/status`, { action: 'pause' }));
    expect(again.status).toBe(303);
    const shown = await follow('hr1', again);
    expect(shown.text).toContain('职位当前的状态不允许这样操作');
    expect(jobRow(job.id).status).toBe('closed');
  });

  it('lists jobs with status tabs, applicants per stage and new in 7 days', async () => {
    const job = kit.job(hr, { title: '增长运营', departmentId: dept.sales, description: '负责用户增长。' });
    kit.setNow(new Date(Date.now() - 30 * 86_400_000).toISOString());
    await kit.apply(job.id, person(1), { format: 'txt' });
    kit.setNow(new Date().toISOString());
    const { applicationId } = await kit.apply(job.id, person(2), { format: 'txt' });
    kit.rec.applications.move(kit.request(hr), applicationId, 'screening');

    const page = await html(kit.suite.get('hr1', `/recruiting?q=${encodeURIComponent('增长运营')}`));
    expect(page.status).toBe(200);
    const card = page.text.slice(page.text.indexOf('增长运营'));
    expect(card).toMatch(/<dt>申请人<\/dt><dd>2<\/dd>/);
    expect(card).toMatch(/<dt>近 7 天新增<\/dt><dd>1<\/dd>/);
    expect(card).toMatch(/<span>已投递<\/span> <strong>1<\/strong>/);
    expect(card).toMatch(/<span>筛选<\/span> <strong>1<\/strong>/);
    expect(page.text).toMatch(/招聘中\s*<span class="jobs-tab-count">1<\/span>/);

    const nothing = await html(kit.suite.get('hr1', '/recruiting?q=nosuchjob'));
    expect(nothing.text).toContain('没有符合条件的职位');
  });

  it('lets a screener see their departments’ jobs but not edit; others are refused', async () => {
    const mine = kit.job(hr, { title: '前端实习生', departmentId: dept.web, open: false });
    const other = kit.job(hr, { title: '销售代表', departmentId: dept.sales, open: false });
    const page = await html(kit.suite.get('mgr', '/recruiting'));
    expect(page.status).toBe(200);
    expect(page.text).toContain('前端实习生');
    expect(page.text).not.toContain('销售代表');
    expect(page.text).not.toContain('/edit"');
    expect(page.text).not.toContain('href="/recruiting/new"');

    for (const [method, path] of [
      ['get', '/recruiting/new'],
      ['get', `/recruiting/jobs/${mine.id}/edit`],
      ['post', `/recruiting/jobs/${mine.id}/edit`],
      ['post', `/recruiting/jobs/${mine.id}/status`],
      ['post', '/recruiting/requirements'],
      ['post', '/recruiting/stages'],
      ['post', '/recruiting/new'],
    ] as const) {
      const res = method === 'get' ? await kit.suite.get('mgr', path) : await kit.suite.post('mgr', path, { title: 'x', action: 'open' });
      expect([path, res.status]).toEqual([path, 403]);
    }
    expect(jobRow(mine.id).status).toBe('draft');
    expect((await kit.suite.get('staff', '/recruiting')).status).toBe(403);
    expect((await kit.suite.get(null, '/recruiting')).status).not.toBe(200);
    expect((await kit.suite.get('hr1', `/recruiting/jobs/${other.id + 1000}/edit`)).status).toBe(404);
  });

  it('takes a requisition from request to approval to a prefilled job', async () => {
    // The manager may request for the departments they reach only.
    const form = await html(kit.suite.get('mgr', '/recruiting/requisitions'));
    expect(form.text).toContain(`<option value="${dept.web}">`);
    expect(form.text).not.toContain(`<option value="${dept.sales}">`);
    const foreign = await html(kit.suite.post('mgr', '/recruiting/requisitions', { departmentId: String(dept.sales), title: '销售', headcount: '1' }));
    expect(foreign.status).toBe(403);
    expect(foreign.text).toContain('你只能为自己负责的部门提交招聘需求');
    const invalid = await html(kit.suite.post('mgr', '/recruiting/requisitions', { departmentId: '', title: '', headcount: '1', neededBy: '2026-13' }));
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain('id="req-title-error"');
    expect(invalid.text).toContain('月份格式不对');

    const sent = await html(kit.suite.post('mgr', '/recruiting/requisitions', { departmentId: String(dept.web), title: '前端工程师', headcount: '2', reason: '新产品线', neededBy: '2026-12' }));
    expect([sent.status, sent.location]).toEqual([303, '/recruiting/requisitions']);
    const requisition = kit.rows('recruiting_requisitions').at(-1)! as { id: number; status: string };
    expect(requisition.status).toBe('pending');
    const listed = await html(kit.suite.get('mgr', '/recruiting/requisitions'));
    expect(listed.text).toContain('前端工程师');
    expect(listed.text).toContain('待审批');
    expect(listed.text).not.toContain(`/requisitions/${requisition.id}/approve`);

    // An approver with only recruiting.approve decides from the approvals page; a rejection needs a comment.
    expect((await kit.suite.get('cfo', '/recruiting/requisitions')).status).toBe(403);
    const inbox = await html(kit.suite.get('cfo', '/recruiting/requisitions/approvals'));
    expect(inbox.text).toContain(`action="/recruiting/requisitions/${requisition.id}/approve"`);
    expect(inbox.text).toContain('陈经理');
    const noComment = await html(kit.suite.post('cfo', `/recruiting/requisitions/${requisition.id}/reject`, { comment: '', back: 'approvals' }));
    expect(noComment.status).toBe(400);
    expect(noComment.text).toContain('驳回时请填写意见');
    const approved = await html(kit.suite.post('cfo', `/recruiting/requisitions/${requisition.id}/approve`, { comment: '同意', back: 'approvals' }));
    expect([approved.status, approved.location]).toEqual([303, '/recruiting/requisitions/approvals']);
    expect(kit.rec.requisitions.get(null, requisition.id).status).toBe('approved');
    expect((await kit.suite.post('mgr', `/recruiting/requisitions/${requisition.id}/approve`, {})).status).toBe(403);

    // HR: "create job" opens the form prefilled; saving links the job to the requisition.
    const hrList = await html(kit.suite.get('hr1', '/recruiting/requisitions?status=approved'));
    expect(hrList.text).toContain(`href="/recruiting/new?requisition=${requisition.id}"`);
    const prefilled = await html(kit.suite.get('hr1', `/recruiting/new?requisition=${requisition.id}`));
    expect(prefilled.text).toContain('value="前端工程师"');
    expect(prefilled.text).toContain(`<option value="${dept.web}" selected>`);
    expect(prefilled.text).toMatch(/name="headcount" type="number" value="2"/);
    expect(prefilled.text).toContain(`name="requisitionId" value="${requisition.id}"`);
    const created = await html(
      kit.suite.post('hr1', '/recruiting/new', { ...jobForm({ title: '前端工程师', departmentId: String(dept.web), headcount: '2', description: FRONTEND_JD }), requisitionId: String(requisition.id), _action: 'save' }),
    );
    expect(created.status).toBe(303);
    const jobId = kit.rec.requisitions.get(null, requisition.id).jobId;
    expect(jobId).not.toBeNull();
    expect(jobRow(jobId!).requisitionId).toBe(requisition.id);
    // Once used, the requisition offers no second job.
    expect((await kit.suite.get('hr1', `/recruiting/new?requisition=${requisition.id}`)).status).toBe(409);
    expect((await html(kit.suite.get('hr1', '/recruiting/requisitions?status=approved'))).text).toContain(`href="/recruiting/jobs/${jobId}"`);
  });

  it('keeps approvers off their own requests and lets requesters withdraw', async () => {
    await kit.suite.post('boss', '/recruiting/requisitions', { departmentId: String(dept.sales), title: '大客户经理', headcount: '1' });
    const own = kit.rows('recruiting_requisitions').at(-1)! as { id: number };
    const list = await html(kit.suite.get('boss', '/recruiting/requisitions'));
    expect(list.text).not.toContain(`/requisitions/${own.id}/approve`);
    const refused = await html(kit.suite.post('boss', `/recruiting/requisitions/${own.id}/approve`, { back: 'list' }));
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('不能审批自己提交的招聘需求');

    const withdrawn = await html(kit.suite.post('boss', `/recruiting/requisitions/${own.id}/cancel`, {}));
    expect(withdrawn.status).toBe(303);
    expect(kit.rec.requisitions.get(null, own.id).status).toBe('cancelled');
  });

  it('shows the plan of a month with completion after a hire through the services; rows can be changed and deleted', async () => {
    const job = kit.job(hr, { title: '后端工程师', departmentId: dept.web, description: FRONTEND_JD });
    const month = '2026-05';
    for (const [scope, target] of [
      ['company', '4'],
      [`dept:${dept.rd}`, '2'],
      [`job:${job.id}`, '1'],
    ] as const) {
      const saved = await html(kit.suite.post('hr1', '/recruiting/plans', { month, scope, target, note: '' }));
      expect([saved.status, saved.location]).toEqual([303, `/recruiting/plans?month=${month}`]);
    }
    const bad = await html(kit.suite.post('hr1', '/recruiting/plans', { month, scope: 'company', target: '-1' }));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('id="plan-target-error"');
    expect((await html(kit.suite.post('hr1', '/recruiting/plans', { month, scope: 'team:1', target: '1' }))).text).toContain('请选择全公司、一个部门或一个职位');

    kit.setNow('2026-05-06T10:00:00+08:00');
    const { applicationId } = await kit.apply(job.id, person(30), { format: 'txt' });
    kit.setNow('2026-05-20T10:00:00+08:00');
    kit.rec.onboarding.hire(kit.request(hr), applicationId, { employeeNo: 'H030', departmentId: dept.web, hireDate: '2026-06-01' });

    const page = await html(kit.suite.get('hr1', `/recruiting/plans?month=${month}`));
    expect(page.status).toBe(200);
    const card = (label: string) => page.text.slice(page.text.indexOf(`<h3 class="card-title">${label}</h3>`)).split('</li>')[0]!;
    expect(card('全公司')).toContain('已入职 1 人 / 目标 4 人');
    expect(card('全公司')).toContain('完成 25%');
    expect(card('研发部')).toContain('完成 50%');
    expect(card('研发部')).toMatch(/<progress class="plan-bar" max="2" value="1"/);
    expect(card('后端工程师')).toContain('完成 100%');
    expect(card('后端工程师')).toContain('plan-bar-done');
    // Another month has nothing.
    expect((await html(kit.suite.get('hr1', '/recruiting/plans?month=2026-06'))).text).toContain('2026-06 还没有招聘计划');

    // Change the company target, then delete the job row.
    const company = kit.rows('recruiting_plans').find((p) => p.month === month && p.department_id === null && p.job_id === null)! as { id: number };
    await kit.suite.post('hr1', '/recruiting/plans', { month, scope: 'company', target: '2', note: '下调', rowId: String(company.id) });
    const refusedEdit = await html(kit.suite.post('hr1', '/recruiting/plans', { month, scope: 'company', target: 'abc', rowId: String(company.id) }));
    expect(refusedEdit.status).toBe(400);
    expect(refusedEdit.text).toMatch(/<details class="job-confirm" open>/);
    const jobPlan = kit.rows('recruiting_plans').find((p) => p.job_id === job.id)! as { id: number };
    const deleted = await html(kit.suite.post('hr1', `/recruiting/plans/${jobPlan.id}/delete`, { month }));
    expect(deleted.location).toBe(`/recruiting/plans?month=${month}`);
    const after = await html(kit.suite.get('hr1', `/recruiting/plans?month=${month}`));
    expect(after.text).toContain('已入职 1 人 / 目标 2 人');
    expect(after.text).toContain('下调');
    expect(after.text).not.toContain('<h3 class="card-title">后端工程师</h3>');

    expect((await kit.suite.get('mgr', '/recruiting/plans')).status).toBe(403);
    expect((await kit.suite.post('mgr', '/recruiting/plans', { month, scope: 'company', target: '9' })).status).toBe(403);
  });
});
