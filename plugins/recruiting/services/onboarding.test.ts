import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../../core/sdk.js';
import { PEOPLE, failure, startRecruitingKit, type RecruitingKit } from '../../../tests/helpers/recruiting-kit.js';
import { DEFAULT_CHECKLIST } from './onboarding.js';

describe('offer, hire and onboarding (services)', () => {
  let kit: RecruitingKit;
  let hr: SessionUser;
  let screener: SessionUser;
  let dept: number;
  let jobId: number;
  const events = (name: string) => kit.rows('core_outbox_events').filter((e) => e.name === name).map((e) => JSON.parse(String(e.payload)) as Record<string, unknown>);

  beforeAll(async () => {
    kit = await startRecruitingKit();
    dept = kit.department('研发部');
    hr = kit.user('hr1', 'hr');
    screener = kit.user('mgr', 'manager', kit.employee('M001', '陈经理', dept));
    jobId = kit.job(hr, { departmentId: dept, employmentType: 'full_time' }).id;
  });
  afterAll(() => kit?.close());

  it('records a sealed offer, moves to the offer stage and never writes the salary in clear', async () => {
    const { applicationId } = await kit.apply(jobId, PEOPLE.zhang, { format: 'txt' });
    const c = kit.request(hr);
    const offer = kit.rec.onboarding.offer(c, applicationId, { monthlySalary: 28_000, startDate: '2026-04-01', probationMonths: 3 });
    expect(offer.offer).toMatchObject({ monthlySalary: 28_000, positionTitle: '高级前端工程师', departmentId: dept, probationMonths: 3 });
    expect(offer.checklist.map((i) => i.key)).toEqual([...DEFAULT_CHECKLIST]);
    expect(kit.rows('recruiting_applications').find((a) => a.id === applicationId)!.stage).toBe('offer');
    const stored = JSON.stringify(kit.rows('recruiting_onboarding')) + JSON.stringify(kit.rows('recruiting_activities')) + JSON.stringify(kit.rows('core_outbox_events'));
    expect(stored).not.toContain('28000');
    expect((await failure(() => kit.rec.onboarding.offer(kit.request(screener), applicationId, { monthlySalary: 1, startDate: '2026-04-01' }))).status).toBe(403);

    const letter = kit.rec.onboarding.offerLetterData(c, applicationId);
    expect(letter).toMatchObject({ candidateName: '张伟', jobTitle: '高级前端工程师', monthlySalary: 28_000, startDate: '2026-04-01', probationMonths: 3, departmentName: '研发部' });
  });

  it('hires: an employee with the candidate’s details, employee.hired, the application hired, the checklist, recruiting.candidate.hired', async () => {
    const app = kit.rows('recruiting_applications').find((a) => a.job_id === jobId)! as { id: number; candidate_id: number };
    const c = kit.request(hr);
    const employees = kit.count('people_employees');
    const { employeeId, onboarding } = kit.rec.onboarding.hire(c, app.id, { employeeNo: 'E1001', departmentId: dept, hireDate: '2026-04-01' });
    expect(kit.count('people_employees')).toBe(employees + 1);
    const employee = kit.suite.kernel.people.service.employees.get(employeeId)!;
    expect(employee).toMatchObject({ employeeNo: 'E1001', name: '张伟', gender: 'male', departmentId: dept, hireDate: '2026-04-01', employmentType: 'full_time', status: 'probation', email: 'zhangwei.dev@example.com' });

    expect(events('employee.hired').map((e) => e.id)).toContain(employeeId);
    expect(events('recruiting.candidate.hired')).toContainEqual({ applicationId: app.id, jobId, candidateId: app.candidate_id, employeeId });
    const row = kit.rows('recruiting_applications').find((a) => a.id === app.id)!;
    expect([row.status, row.stage, row.hired_at !== null]).toEqual(['hired', 'hired', true]);
    expect(kit.rows('recruiting_candidates').find((r) => r.id === app.candidate_id)!.employee_id).toBe(employeeId);
    expect(onboarding.employeeId).toBe(employeeId);
    expect(onboarding.checklist.every((i) => i.doneAt === null)).toBe(true);

    const err = await failure(() => kit.rec.onboarding.hire(c, app.id, { employeeNo: 'E1002', departmentId: dept, hireDate: '2026-04-01' }));
    expect([err.status, err.messageKey]).toEqual([409, 'recruiting.error.alreadyHired']);

    const ticked = kit.rec.onboarding.tick(c, app.id, 'id_card', true);
    expect(ticked.checklist.find((i) => i.key === 'id_card')).toMatchObject({ doneBy: hr.id });
    expect(ticked.checklist.find((i) => i.key === 'id_card')!.doneAt).toBeGreaterThan(0);
    const added = kit.rec.onboarding.tick(c, app.id, 'medical', true, '入职体检报告');
    expect(added.checklist.map((i) => i.key)).toEqual([...DEFAULT_CHECKLIST, 'medical']);
    expect(kit.rec.onboarding.tick(c, app.id, 'id_card', false).checklist.find((i) => i.key === 'id_card')!.doneAt).toBeNull();
  });

  it('rolls everything back when a step fails: no employee, no event, the application still active', async () => {
    const { applicationId, candidateId } = await kit.apply(jobId, PEOPLE.li, { format: 'txt' });
    const c = kit.request(hr);
    const count = () => ({ employees: kit.count('people_employees'), outbox: kit.count('core_outbox_events'), onboarding: kit.count('recruiting_onboarding') });

    // A taken employee number: the people directory refuses.
    let before = count();
    const taken = await failure(() => kit.rec.onboarding.hire(c, applicationId, { employeeNo: 'E1001', departmentId: dept, hireDate: '2026-04-01' }));
    expect(taken.status).toBe(409);
    expect(count()).toEqual(before);

    // A failure after the employee row was written (the candidate update fails): the employee goes too.
    kit.suite.kernel.dbh.sqlite.exec(`CREATE TEMP TRIGGER recruiting_fail_hire BEFORE UPDATE OF employee_id ON recruiting_candidates BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
    try {
      before = count();
      await expect(async () => kit.rec.onboarding.hire(c, applicationId, { employeeNo: 'E2001', departmentId: dept, hireDate: '2026-04-01' })).rejects.toThrow(/disk on fire/);
      expect(count()).toEqual(before);
    } finally {
      kit.suite.kernel.dbh.sqlite.exec('DROP TRIGGER recruiting_fail_hire');
    }
    const row = kit.rows('recruiting_applications').find((a) => a.id === applicationId)!;
    expect([row.status, row.hired_at]).toEqual(['active', null]);
    expect(kit.rows('recruiting_candidates').find((r) => r.id === candidateId)!.employee_id).toBeNull();
    expect(kit.suite.kernel.people.service.employees.idByEmployeeNo('E2001')).toBeFalsy();

    // Without an offer and with the problem gone, the same hire works.
    const ok = kit.rec.onboarding.hire(c, applicationId, { employeeNo: 'E2001', departmentId: dept, hireDate: '2026-04-01' });
    expect(ok.onboarding.offer).toBeNull();
  });

  it('needs core.people.manage at scope all to hire (a custom recruiter role without it is refused)', async () => {
    kit.role('recruiter', ['recruiting.manage', 'recruiting.screen']);
    const recruiter = kit.user('rec1', 'recruiter');
    const { applicationId } = await kit.apply(jobId, PEOPLE.emily, { format: 'txt' });
    const err = await failure(() => kit.rec.onboarding.hire(kit.request(recruiter), applicationId, { employeeNo: 'E3001', departmentId: dept, hireDate: '2026-04-01' }));
    expect(err.status).toBe(403);
    expect(kit.rows('recruiting_applications').find((a) => a.id === applicationId)!.status).toBe('active');
  });
});
