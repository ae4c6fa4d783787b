import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../../core/sdk.js';
import { PEOPLE, failure, startRecruitingKit, type RecruitingKit, type ResumePerson } from '../../../tests/helpers/recruiting-kit.js';
import { monthIn } from './plans.js';
import { advancedFrom, median } from './stats.js';
import { DEFAULT_STAGES } from './stages.js';

describe('pure helpers', () => {
  it.each([
    [[], null],
    [[5], 5],
    [[9, 1, 5], 5],
    [[1, 2, 3, 10], 2.5],
  ])('median(%j) = %s', (values, expected) => expect(median(values)).toBe(expected));

  it.each([
    ['2026-03-31T15:59:00Z', 'Asia/Shanghai', '2026-03'],
    ['2026-03-31T16:00:00Z', 'Asia/Shanghai', '2026-04'],
    ['2026-04-01T03:00:00Z', 'America/New_York', '2026-03'],
  ])('%s in %s is in %s', (iso, tz, month) => expect(monthIn(new Date(iso), tz)).toBe(month));

  it('counts "advanced" from the first stage after screening', () => {
    expect(advancedFrom(DEFAULT_STAGES)).toBe(2);
    expect(advancedFrom([{ key: 'a', label: '', kind: 'applied' }, { key: 'o', label: '', kind: 'offer' }, { key: 'h', label: '', kind: 'hired' }])).toBe(1);
  });
});

const person = (i: number, base: ResumePerson = PEOPLE.li): ResumePerson => ({ ...base, name: `候选人${i}`, mobile: `1350000${String(1000 + i)}`, email: `c${i}@example.com` });

describe('plans, requisitions and figures (services)', () => {
  let kit: RecruitingKit;
  let hr: SessionUser;
  let admin: SessionUser;
  let manager: SessionUser;
  const d = { rd: 0, fe: 0, sales: 0 };

  /** Apply and hire at the kit clock's current instant. */
  const hireAt = async (iso: string, jobId: number, i: number) => {
    kit.setNow(iso);
    const { applicationId } = await kit.apply(jobId, person(i), { format: 'txt', source: i % 2 ? 'referral' : 'careers' });
    kit.setNow(new Date(new Date(iso).getTime() + 10 * 86_400_000).toISOString());
    kit.rec.onboarding.hire(kit.request(hr), applicationId, { employeeNo: `H${i}`, departmentId: d.rd, hireDate: '2026-03-15' });
  };

  beforeAll(async () => {
    kit = await startRecruitingKit({ now: '2026-02-01T10:00:00+08:00' });
    d.rd = kit.department('研发部');
    d.fe = kit.department('前端组', d.rd);
    d.sales = kit.department('销售部');
    hr = kit.user('hr1', 'hr');
    admin = kit.user('boss', 'admin');
    manager = kit.user('mgr', 'manager', kit.employee('M001', '陈经理', d.rd));
  });
  afterAll(() => kit?.close());

  it('counts the hires of the month per company, department (with sub-departments) and job, in the configured time zone', async () => {
    const fe = kit.job(hr, { title: '前端', departmentId: d.fe }).id;
    const rd = kit.job(hr, { title: '后端', departmentId: d.rd }).id;
    const sales = kit.job(hr, { title: '销售', departmentId: d.sales }).id;
    // Hired (10 days after applying): 2026-03-05 fe, 2026-03-12 rd, 2026-03-20 sales, 2026-02-20 fe (February),
    // and 2026-04-01 00:30 in Shanghai (still March 31 in UTC): April.
    await hireAt('2026-02-23T10:00:00+08:00', fe, 1);
    await hireAt('2026-03-02T10:00:00+08:00', rd, 2);
    await hireAt('2026-03-10T10:00:00+08:00', sales, 3);
    await hireAt('2026-02-10T10:00:00+08:00', fe, 4);
    await hireAt('2026-03-22T00:30:00+08:00', fe, 5);

    const c = kit.request(hr);
    kit.rec.plans.upsert(c, { month: '2026-03', target: 4 });
    kit.rec.plans.upsert(c, { month: '2026-03', departmentId: d.rd, target: 3 });
    kit.rec.plans.upsert(c, { month: '2026-03', jobId: fe, target: 1 });
    // The same key again replaces the target.
    kit.rec.plans.upsert(c, { month: '2026-03', departmentId: d.rd, target: 2 });
    kit.rec.plans.upsert(c, { month: '2026-03', departmentId: d.sales, target: 0 });

    const rows = kit.rec.plans.progress('2026-03').map((r) => [r.departmentName ?? r.jobTitle ?? 'company', r.target, r.hired, r.completion]);
    expect(rows).toEqual([
      ['company', 4, 3, 0.75],
      ['研发部', 2, 2, 1],
      ['销售部', 0, 1, null],
      ['前端', 1, 1, 1],
    ]);
    expect(kit.rec.plans.progress('2026-04').length).toBe(0);
    expect((await failure(() => kit.rec.plans.upsert(c, { month: '2026-03', departmentId: d.rd, jobId: fe, target: 1 }))).messageKey).toBe('recruiting.error.planTarget');
    expect((await failure(() => kit.rec.plans.upsert(c, { month: '2026-3', target: 1 }))).messageKey).toBe('recruiting.error.month');
    expect((await failure(() => kit.rec.plans.upsert(kit.request(manager), { month: '2026-03', target: 1 }))).status).toBe(403);
  });

  it('reports time to hire and the sources that bring hires', () => {
    kit.setNow('2026-04-05T10:00:00+08:00');
    // All five hires took 10 days from application.
    expect(kit.rec.stats.timeToHire(90)).toEqual({ hires: 5, medianDays: 10 });
    const sources = Object.fromEntries(kit.rec.stats.sources().map((s) => [s.source, s]));
    expect(sources.referral).toMatchObject({ applications: 3, hired: 3, advanced: 3 });
    expect(sources.careers).toMatchObject({ applications: 2, hired: 2 });
  });

  it('walks a requisition: the manager requests for their department, the requester cannot approve, the admin approves, HR makes the job once', async () => {
    const asManager = kit.request(manager);
    expect((await failure(() => kit.rec.requisitions.request(asManager, { departmentId: d.sales, title: '销售代表', headcount: 2 }))).messageKey).toBe('recruiting.error.otherDepartment');
    const req = kit.rec.requisitions.request(asManager, { departmentId: d.fe, title: 'React 工程师', headcount: 2, reason: '新产品线', neededBy: '2026-06' });
    expect(req).toMatchObject({ status: 'pending', departmentName: '研发部 / 前端组' });
    expect(kit.rec.requisitions.list(asManager).map((r) => r.id)).toContain(req.id);

    // HR holds no recruiting.approve; the admin does, but not for a request of their own.
    expect((await failure(() => kit.rec.requisitions.approve(kit.request(hr), req.id))).status).toBe(403);
    const own = kit.rec.requisitions.request(kit.request(admin), { departmentId: d.sales, title: '大客户经理', headcount: 1 });
    expect((await failure(() => kit.rec.requisitions.approve(kit.request(admin), own.id))).messageKey).toBe('recruiting.error.ownRequisition');
    expect((await failure(() => kit.rec.requisitions.reject(kit.request(admin), req.id, '  '))).messageKey).toBe('recruiting.error.commentRequired');

    const approved = kit.rec.requisitions.approve(kit.request(admin), req.id, '同意');
    expect(approved).toMatchObject({ status: 'approved', decidedBy: admin.id, decisionComment: '同意' });
    expect((await failure(() => kit.rec.requisitions.approve(kit.request(admin), req.id))).status).toBe(409);

    const job = kit.rec.requisitions.createJob(kit.request(hr), req.id, { description: '负责 React 开发。' });
    expect(job).toMatchObject({ title: 'React 工程师', departmentId: d.fe, headcount: 2, requisitionId: req.id, status: 'draft' });
    expect(kit.rec.requisitions.get(kit.request(hr), req.id).jobId).toBe(job.id);
    expect((await failure(() => kit.rec.requisitions.createJob(kit.request(hr), req.id))).messageKey).toBe('recruiting.error.requisitionUsed');

    // A manager of the sales department does not see the research department's requests.
    const salesManager = kit.user('mgr2', 'manager', kit.employee('M002', '周经理', d.sales));
    expect(kit.rec.requisitions.list(kit.request(salesManager)).map((r) => r.id)).toEqual([own.id]);
  });
});
