import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../../core/sdk.js';
import { PEOPLE, failure, startRecruitingKit, type RecruitingKit } from '../../../tests/helpers/recruiting-kit.js';
import { DEFAULT_STAGES } from './stages.js';

describe('moving applications through the pipeline (services)', () => {
  let kit: RecruitingKit;
  let hr: SessionUser;
  let screener: SessionUser;
  let outsider: SessionUser;
  let jobId: number;
  const ids: Record<string, number> = {};
  const stageOf = (id: number) => kit.rows('recruiting_applications').find((r) => r.id === id) as { stage: string; status: string; reject_reason: string | null; position: number };

  beforeAll(async () => {
    kit = await startRecruitingKit();
    const dept = kit.department('研发部');
    const other = kit.department('销售部');
    hr = kit.user('hr1', 'hr');
    // A manager screens the jobs of their own department only.
    screener = kit.user('mgr', 'manager', kit.employee('M001', '陈经理', dept));
    outsider = kit.user('mgr2', 'manager', kit.employee('M002', '周经理', other));
    jobId = kit.job(hr, { departmentId: dept }).id;
    for (const [key, person] of Object.entries({ zhang: PEOPLE.zhang, li: PEOPLE.li, emily: PEOPLE.emily })) {
      ids[key] = (await kit.apply(jobId, person, { format: 'txt' })).applicationId;
    }
  });
  afterAll(() => kit?.close());

  it('lets a screener move between screening stages, records who and raises the event', () => {
    const c = kit.request(screener);
    const moved = kit.rec.applications.move(c, ids.zhang!, 'screening');
    expect(moved.stage).toBe('screening');
    kit.rec.applications.move(c, ids.zhang!, 'interview', { reason: '技术面通过' });
    const timeline = kit.rec.candidates.timeline(kit.request(hr), moved.candidateId).filter((a) => a.kind === 'moved');
    expect(timeline.map((a) => [a.data.from, a.data.to, a.actorUserId])).toEqual([
      ['applied', 'screening', screener.id],
      ['screening', 'interview', screener.id],
    ]);
    expect(timeline[1]!.data.reason).toBe('技术面通过');
    const events = kit.rows('core_outbox_events').filter((e) => e.name === 'recruiting.application.moved');
    expect(events.map((e) => JSON.parse(String(e.payload)))).toContainEqual({ applicationId: ids.zhang, jobId, candidateId: moved.candidateId, from: 'screening', to: 'interview' });
  });

  it.each([
    ['a screener into the offer stage', 'screener', 'offer', 403, 'recruiting.error.decisionStage'],
    ['anyone into the hired stage', 'hr', 'hired', 400, 'recruiting.error.useHire'],
    ['a stage the job does not have', 'hr', 'nope', 400, 'recruiting.error.unknownStage'],
    ['a manager of another department', 'outsider', 'screening', 404, 'recruiting.error.notFound'],
  ])('refuses %s', async (_what, who, stage, status, key) => {
    const user = { screener, hr, outsider }[who as 'screener' | 'hr' | 'outsider'];
    const before = stageOf(ids.li!);
    const err = await failure(() => kit.rec.applications.move(kit.request(user), ids.li!, stage));
    expect([err.status, err.messageKey]).toEqual([status, key]);
    expect(stageOf(ids.li!)).toEqual(before);
  });

  it('lets HR move into the offer stage, and then keeps screeners out of it', async () => {
    kit.rec.applications.move(kit.request(hr), ids.emily!, 'offer');
    expect(stageOf(ids.emily!).stage).toBe('offer');
    const err = await failure(() => kit.rec.applications.move(kit.request(screener), ids.emily!, 'interview'));
    expect(err.messageKey).toBe('recruiting.error.decisionStage');
  });

  it('rejects only with a reason; `other` needs a note; a rejected application is closed to screeners, HR may reopen it', async () => {
    const c = kit.request(screener);
    expect((await failure(() => kit.rec.applications.reject(c, ids.li!, { reason: 'bogus' as never }))).status).toBe(400);
    expect((await failure(() => kit.rec.applications.reject(c, ids.li!, { reason: 'other' }))).messageKey).toBe('recruiting.error.rejectNote');
    expect(stageOf(ids.li!).status).toBe('active');

    const rejected = kit.rec.applications.reject(c, ids.li!, { reason: 'other', note: '期望在深圳工作' });
    expect([rejected.status, rejected.rejectReason, rejected.stage]).toEqual(['rejected', 'other', 'applied']);
    const entry = kit.rec.candidates.timeline(kit.request(hr), rejected.candidateId).find((a) => a.kind === 'rejected')!;
    expect(entry.data).toMatchObject({ reason: 'other', note: '期望在深圳工作', stage: 'applied' });
    expect(kit.rows('core_outbox_events').some((e) => e.name === 'recruiting.application.rejected')).toBe(true);

    expect((await failure(() => kit.rec.applications.move(c, ids.li!, 'screening'))).messageKey).toBe('recruiting.error.notActive');
    expect((await failure(() => kit.rec.applications.reject(c, ids.li!, { reason: 'skills' }))).status).toBe(409);
    const reopened = kit.rec.applications.move(kit.request(hr), ids.li!, 'screening');
    expect([reopened.status, reopened.stage, reopened.rejectReason]).toEqual(['active', 'screening', null]);
  });

  it('orders a kanban column and refuses orders with applications of another column', async () => {
    const c = kit.request(hr);
    const extra = (await kit.apply(jobId, { ...PEOPLE.zhang, name: '赵强', mobile: '13600136001', email: 'zq@example.com' }, { format: 'txt' })).applicationId;
    const another = (await kit.apply(jobId, { ...PEOPLE.li, name: '孙丽', mobile: '13600136002', email: 'sl@example.com' }, { format: 'txt' })).applicationId;
    kit.rec.applications.reorder(c, jobId, 'applied', [another, extra]);
    const board = kit.rec.applications.board(c, jobId);
    expect(board.columns.find((col) => col.stage.key === 'applied')!.items.map((i) => i.id)).toEqual([another, extra]);
    expect(board.columns.map((col) => col.stage.key)).toEqual(DEFAULT_STAGES.map((s) => s.key));
    expect((await failure(() => kit.rec.applications.reorder(c, jobId, 'applied', [another, ids.zhang!]))).messageKey).toBe('recruiting.error.reorder');
  });

  it('refuses to remove a stage that holds applications, allows renaming it and adding custom ones', async () => {
    const c = kit.request(hr);
    const withoutInterview = DEFAULT_STAGES.filter((s) => s.key !== 'interview');
    const err = await failure(() => kit.rec.jobs.update(c, jobId, { stages: withoutInterview }));
    expect([err.status, err.messageKey]).toEqual([409, 'recruiting.error.stageInUse']);
    const stages = [...DEFAULT_STAGES.slice(0, 3).map((s) => (s.key === 'interview' ? { ...s, label: '技术面试' } : s)), { label: '背景调查', kind: 'custom' as const }, ...DEFAULT_STAGES.slice(3)];
    const job = kit.rec.jobs.update(c, jobId, { stages });
    expect(job.stages.map((s) => [s.key, s.label])).toEqual([
      ['applied', ''],
      ['screening', ''],
      ['interview', '技术面试'],
      ['custom', '背景调查'],
      ['offer', ''],
      ['hired', ''],
    ]);
    expect(stageOf(ids.zhang!).stage).toBe('interview');
  });
});
