// The recruiting demo on top of the demo company: jobs, requisitions, a plan and applications made by the real
// services from the screening corpus, spread over the pipeline, two hires in the people directory; then the
// dashboard cards and the recruiting pages render it, for HR and for a department head who screens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../core/kernel.js';
import { startInProcess, type InProcess } from '../helpers/inprocess.js';

const sqlOf = (suite: InProcess) => ({
  all: <T>(sql: string, ...params: unknown[]) => suite.kernel.dbh.sqlite.prepare(sql).all(...params) as T[],
  one: <T>(sql: string, ...params: unknown[]) => suite.kernel.dbh.sqlite.prepare(sql).pluck().get(...params) as T,
});

/** The cards of the dashboard, title → inner HTML. */
function cards(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/<h2 class="card-title">([^<]*)<\/h2>\s*<div class="card-body">([\s\S]*?)<\/div>\s*<\/section>/g)) out.set(m[1]!.trim(), m[2]!);
  return out;
}

describe('recruiting demo (zh-CN)', () => {
  let suite: InProcess;
  let sql: ReturnType<typeof sqlOf>;

  beforeAll(async () => {
    suite = await startInProcess({ plugins: { recruiting: { enabled: true } }, users: [{ login: 'hr', role: 'hr' }, { login: 'head', role: 'manager' }] });
    expect(await loadDemo(suite.kernel, 'zh-CN')).toContain('recruiting');
    sql = sqlOf(suite);
    // The R&D head (D0002) screens for their department.
    const head = suite.kernel.people.service.employees.idByEmployeeNo('D0002')!;
    suite.kernel.people.service.linkUser(head, suite.userIds.head!);
    while (suite.kernel.events.counts().pending > 0) await suite.kernel.events.drain();
  }, 120_000);
  afterAll(async () => {
    await suite?.close();
  });

  it('opens five jobs in the demo departments, one screened blind', () => {
    const jobs = sql.all<{ title: string; status: string; blind: number; department: string | null }>(
      'SELECT j.title, j.status, j.blind, d.name AS department FROM recruiting_jobs j LEFT JOIN people_departments d ON d.id = j.department_id ORDER BY j.id',
    );
    expect(jobs.map((j) => [j.title, j.department])).toEqual([
      ['高级Java开发工程师', '研发部'],
      ['前端开发工程师', '研发部'],
      ['总账会计', '财务部'],
      ['招聘主管', '人力资源部'],
      ['数据分析师（增长方向）', '市场部'],
    ]);
    expect(jobs.every((j) => j.status === 'open')).toBe(true);
    expect(jobs.filter((j) => j.blind).map((j) => j.title)).toEqual(['前端开发工程师']);
  });

  it('has 25–40 applications, all parsed and scored, from several sources, spread over the pipeline', () => {
    const apps = sql.all<{ stage: string; status: string; score: number | null; source: string; applied_at: number; reject_reason: string | null }>(
      'SELECT stage, status, score, source, applied_at, reject_reason FROM recruiting_applications',
    );
    expect(apps.length).toBeGreaterThanOrEqual(25);
    expect(apps.length).toBeLessThanOrEqual(40);
    expect(apps.every((a) => typeof a.score === 'number')).toBe(true);
    expect(new Set(apps.map((a) => a.source))).toEqual(new Set(['careers', 'boss', 'referral', 'liepin', 'zhaopin', 'manual']));
    const stages = new Set(apps.filter((a) => a.status === 'active').map((a) => a.stage));
    for (const stage of ['applied', 'screening', 'interview', 'offer']) expect(stages).toContain(stage);
    expect(apps.filter((a) => a.status === 'rejected').every((a) => a.reject_reason === 'skills' || a.reject_reason === 'experience')).toBe(true);
    expect(apps.filter((a) => a.status === 'rejected').length).toBeGreaterThanOrEqual(2);
    // Spread over the last six weeks, none in the future.
    const days = apps.map((a) => (Date.now() - a.applied_at) / 86_400_000);
    expect(Math.max(...days)).toBeGreaterThan(30);
    expect(Math.min(...days)).toBeGreaterThan(0);
    // Parsed profiles: the candidates have names and skills read from their résumés.
    const profiles = sql.all<{ name: string; profile: string }>('SELECT name, profile FROM recruiting_candidates');
    expect(profiles.every((p) => p.name.length > 0)).toBe(true);
    expect(profiles.filter((p) => JSON.parse(p.profile).skills?.value?.length > 0).length).toBe(profiles.length);
  });

  it('hired two candidates who are now employees of the job’s department', () => {
    const hired = sql.all<{ employee_id: number; job_department: number; hired_at: number }>(
      `SELECT c.employee_id, j.department_id AS job_department, a.hired_at FROM recruiting_applications a
       JOIN recruiting_candidates c ON c.id = a.candidate_id JOIN recruiting_jobs j ON j.id = a.job_id WHERE a.status = 'hired'`,
    );
    expect(hired).toHaveLength(2);
    for (const h of hired) {
      const employee = suite.kernel.people.service.employees.get(h.employee_id)!;
      expect(employee.departmentId).toBe(h.job_department);
      expect(employee.employeeNo).toMatch(/^D00(1[5-9]|[2-9]\d)$/);
      expect(employee.status).toBe('probation');
    }
    // Each hire made through onboarding: an offer first, then the checklist.
    expect(sql.one<number>("SELECT count(*) FROM recruiting_onboarding WHERE employee_id IS NOT NULL")).toBe(2);
  });

  it('records an approved requisition that became the Java job and a pending one', () => {
    const reqs = sql.all<{ title: string; status: string; job: number | null }>(
      'SELECT r.title, r.status, (SELECT id FROM recruiting_jobs j WHERE j.requisition_id = r.id) AS job FROM recruiting_requisitions r ORDER BY r.id',
    );
    expect(reqs.map((r) => [r.title, r.status, r.job !== null])).toEqual([
      ['高级Java开发工程师', 'approved', true],
      ['品牌经理', 'pending', false],
    ]);
  });

  it('shows HR the four dashboard cards with the demo’s figures', async () => {
    const res = await suite.get('hr', '/');
    expect(res.status).toBe(200);
    const found = cards(await res.text());
    const funnel = found.get('招聘漏斗')!;
    expect(funnel).toContain('高级Java开发工程师');
    expect(funnel).toMatch(/已投递<\/span> <strong>\d+<\/strong>/);
    expect(found.get('招聘周期')).toMatch(/\d+(\.\d)? 天[\s\S]*共 [12] 人入职/);
    expect(found.get('本月招聘计划')).toMatch(/全公司[\s\S]*\d\/4 人/);
    const sources = found.get('渠道效果')!;
    expect(sources).toContain('BOSS直聘');
    expect(sources).toContain('官网投递');
  });

  it('shows the R&D head only the funnels of R&D jobs and none of HR’s cards', async () => {
    const res = await suite.get('head', '/');
    expect(res.status).toBe(200);
    const found = cards(await res.text());
    const funnel = found.get('招聘漏斗')!;
    expect(funnel).toContain('高级Java开发工程师');
    expect(funnel).toContain('前端开发工程师');
    expect(funnel).not.toContain('总账会计');
    for (const title of ['招聘周期', '本月招聘计划', '渠道效果']) expect(found.has(title)).toBe(false);
  });

  it('renders the recruiting pages with the demo data', async () => {
    const jobId = sql.one<number>("SELECT id FROM recruiting_jobs WHERE title = '高级Java开发工程师'");
    const hired = sql.all<{ candidate_id: number; name: string }>(
      "SELECT a.candidate_id, c.name FROM recruiting_applications a JOIN recruiting_candidates c ON c.id = a.candidate_id WHERE a.job_id = ? AND a.status = 'hired'",
      jobId,
    )[0]!;
    const offered = sql.one<string>("SELECT c.name FROM recruiting_applications a JOIN recruiting_candidates c ON c.id = a.candidate_id WHERE a.job_id = ? AND a.stage = 'offer'", jobId);
    const pages: [string | null, string, string][] = [
      ['hr', '/recruiting', '高级Java开发工程师'],
      ['hr', `/recruiting/jobs/${jobId}`, offered],
      ['hr', '/recruiting/candidates', hired.name],
      ['hr', `/recruiting/candidates/${hired.candidate_id}`, hired.name],
      ['hr', '/recruiting/requisitions', '品牌经理'],
      ['hr', '/recruiting/plans', '研发部'],
      [null, '/recruiting/careers', '数据分析师（增长方向）'],
    ];
    for (const [login, path, text] of pages) {
      const res = await suite.get(login, path);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).toContain(text);
    }
  });
});

describe('recruiting demo (en)', () => {
  let suite: InProcess;

  beforeAll(async () => {
    suite = await startInProcess({ plugins: { recruiting: { enabled: true } }, users: [{ login: 'hr', role: 'hr', locale: 'en' }] });
    expect(await loadDemo(suite.kernel, 'en')).toContain('recruiting');
  }, 120_000);
  afterAll(async () => {
    await suite?.close();
  });

  it('posts English jobs whose requirements come from the English descriptions', () => {
    const jobs = sqlOf(suite).all<{ title: string; requirements: string; department: string }>(
      'SELECT j.title, j.requirements, d.name AS department FROM recruiting_jobs j JOIN people_departments d ON d.id = j.department_id ORDER BY j.id',
    );
    expect(jobs.map((j) => [j.title, j.department])).toEqual([
      ['Senior Java Engineer', 'R&D'],
      ['Front-end Developer', 'R&D'],
      ['General Ledger Accountant', 'Finance'],
      ['Recruiting Lead', 'Human Resources'],
      ['Data Analyst, Growth', 'Marketing'],
    ]);
    const java = JSON.parse(jobs[0]!.requirements) as { mustHave: string[]; minYears: number | null; degree: string | null };
    expect(java.mustHave).toEqual(expect.arrayContaining(['java', 'spring boot', 'mysql', 'redis']));
    expect(java.minYears).toBe(3);
    expect(java.degree).toBe('bachelor');
  });

  it('shows the cards in English', async () => {
    const found = cards(await (await suite.get('hr', '/')).text());
    expect(found.get('Hiring funnel')).toContain('Senior Java Engineer');
    expect(found.get('Time to hire')).toMatch(/\d+(\.\d)? days/);
    expect(found.get('Source effectiveness')).toContain('BOSS Zhipin');
  });
});

describe('recruiting dashboard cards before any data', () => {
  let suite: InProcess;

  beforeAll(async () => {
    suite = await startInProcess({ plugins: { recruiting: { enabled: true } }, users: [{ login: 'hr', role: 'hr' }] });
  });
  afterAll(async () => {
    await suite?.close();
  });

  it('says so in words on each card', async () => {
    const found = cards(await (await suite.get('hr', '/')).text());
    expect(found.get('招聘漏斗')).toContain('目前没有招聘中的职位。');
    expect(found.get('招聘周期')).toContain('近 90 天没有通过招聘入职的员工。');
    expect(found.get('本月招聘计划')).toMatch(/\d{4}-\d{2} 还没有招聘计划。/);
    expect(found.get('渠道效果')).toContain('近 12 个月还没有投递。');
  });
});
