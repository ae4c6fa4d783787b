import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../../core/sdk.js';
import type { ScreeningResult } from '../domain/types.js';
import { PEOPLE, failure, resumeLines, startRecruitingKit, type RecruitingKit } from '../../../tests/helpers/recruiting-kit.js';
import { erasedName, timelineSkeleton, withoutEvidence } from './erasure.js';

describe('erasure rules (pure)', () => {
  it.each([
    ['a note loses its text', { text: '张伟 电话 13800138000' }, {}],
    ['a move keeps its stages, not HR’s reason', { from: 'applied', to: 'interview', reason: '面试官说张伟很强' }, { from: 'applied', to: 'interview' }],
    ['an automatic move keeps its reason key', { from: 'applied', to: 'screening', reason: 'screening', auto: true }, { from: 'applied', to: 'screening', reason: 'screening', auto: true }],
    ['a rejection keeps the reason key, not the note', { reason: 'skills', stage: 'interview', note: '张伟不会 React' }, { reason: 'skills', stage: 'interview' }],
    ['a rejection reason that is not a key goes', { reason: '他太贵了' }, {}],
    ['a screening keeps its numbers and keys', { score: 81.5, suggestion: 'advance', method: 'bm25' }, { score: 81.5, suggestion: 'advance', method: 'bm25' }],
    ['an offer keeps its date', { startDate: '2026-04-01', changed: false }, { startDate: '2026-04-01', changed: false }],
    ['a checklist keeps its key, not a label', { key: 'id_card', done: true, label: '张伟的身份证' }, { key: 'id_card', done: true }],
    ['corrected field names (a list) go', { fields: ['name', 'mobile'] }, {}],
    ['a structural key holding a sentence goes', { source: 'referral by 张伟 13800138000' }, {}],
  ])('timeline skeleton: %s', (_name, data, expected) => {
    expect(timelineSkeleton(data)).toEqual(expected);
  });

  it('drops the quoted sentences of a screening result and keeps everything else', () => {
    const result: ScreeningResult = {
      score: 77,
      breakdown: { mustHave: 1, niceToHave: 0.5, years: 1, degree: 1, languages: 1, similarity: 0.4 },
      checks: [
        { kind: 'skill', requirement: 'react', met: true, evidence: '张伟精通 React' },
        { kind: 'years', requirement: '≥ 3 years', met: false, evidence: null },
      ],
      suggestion: 'hold',
      similarityMethod: 'bm25',
    };
    const out = withoutEvidence(result);
    expect(out.checks.map((ch) => ch.evidence)).toEqual([null, null]);
    expect({ ...out, checks: out.checks.map(({ evidence: _e, ...rest }) => rest) }).toEqual({ ...result, checks: result.checks.map(({ evidence: _e, ...rest }) => rest) });
  });

  it('names the erased candidate in the instance’s language', () => {
    expect(erasedName(12, 'zh-CN')).toBe('已删除的候选人 #12');
    expect(erasedName(12, 'en')).toBe('Erased candidate #12');
  });
});

describe('erasure on request (services)', () => {
  let kit: RecruitingKit;
  let hr: SessionUser;
  let screener: SessionUser;
  let jobA: number;
  let jobB: number;
  const reason = '候选人 3 月 5 日邮件申请删除';

  const row = (table: string, id: number) => kit.rows(table).find((r) => r.id === id)!;
  const rowsOf = (table: string, candidateId: number) => kit.rows(table).filter((r) => r.candidate_id === candidateId);
  const figures = (jobId: number) => ({
    stages: Object.fromEntries(kit.rec.jobs.stageCounts(jobId)),
    funnel: kit.rec.stats.funnel(null, jobId).map((f) => ({ stage: f.stage.key, reached: f.reached, rejected: f.rejected, current: f.current })),
  });

  beforeAll(async () => {
    kit = await startRecruitingKit({ now: '2026-03-02T10:00:00+08:00' });
    const dept = kit.department('研发部');
    hr = kit.user('hr1', 'hr');
    screener = kit.user('mgr', 'manager', kit.employee('M001', '陈经理', dept));
    jobA = kit.job(hr, { departmentId: dept }).id;
    jobB = kit.job(hr, { departmentId: dept, title: '前端开发工程师' }).id;
  });
  afterAll(() => kit?.close());

  it('removes every personal detail, keeps the pipeline figures, withdraws the open application and audits the reason', async () => {
    const c = kit.request(hr);
    const a = await kit.apply(jobA, PEOPLE.zhang, { format: 'pdf' });
    const b = await kit.apply(jobB, PEOPLE.zhang, { format: 'docx' });
    await kit.apply(jobA, PEOPLE.li, { format: 'txt' });
    expect(b.candidateId).toBe(a.candidateId);
    const id = a.candidateId;
    kit.rec.candidates.addNote(c, id, { text: '张伟电话沟通，期望月薪 30k，手机 13800138000' });
    kit.rec.candidates.setTags(c, id, ['React', '张伟推荐']);
    kit.rec.candidates.setPool(c, id, true);
    kit.rec.candidates.update(c, id, { sourceDetail: '张伟的朋友内推' });
    kit.rec.applications.move(c, a.applicationId, 'interview', { reason: '张伟技术面很强' });
    kit.rec.onboarding.offer(c, a.applicationId, { monthlySalary: 28_000, startDate: '2026-04-01', probationMonths: 3 });
    kit.rec.applications.reject(c, b.applicationId, { reason: 'other', note: '张伟同时拿到了别家 offer' });
    const files = rowsOf('recruiting_resumes', id).map((r) => String(r.stored_path).replace(/^resumes\//, ''));
    expect(files).toHaveLength(2);
    expect(kit.resumeFiles()).toEqual(expect.arrayContaining(files));
    const before = { a: figures(jobA), b: figures(jobB), sources: kit.rec.stats.sources(), hires: kit.rec.stats.timeToHire() };
    const appsBefore = rowsOf('recruiting_applications', id);
    const timelineBefore = rowsOf('recruiting_activities', id).map((r) => [r.kind, r.at]);

    kit.setNow('2026-03-06T09:00:00+08:00');
    const done = kit.rec.erasure.erase(c, id, { reason });
    expect(done).toMatchObject({ candidateId: id, repeated: false, withdrawn: 1, filesRemoved: 2, filesPending: 0 });

    // The candidate row: a placeholder name and nothing else about the person.
    expect(row('recruiting_candidates', id)).toMatchObject({
      name: `已删除的候选人 #${id}`,
      gender: null,
      birth_year: null,
      mobile_enc: null,
      mobile_hash: null,
      mobile_last4: null,
      email_enc: null,
      email_hash: null,
      source_detail: '',
      tags: '[]',
      in_pool: 0,
      profile: null,
      corrected: '[]',
      employee_id: null,
    });
    // Résumés: no rows, no files, no application pointing at one.
    expect(rowsOf('recruiting_resumes', id)).toEqual([]);
    for (const f of files) expect(kit.resumeFiles()).not.toContain(f);
    expect(kit.resumeFiles()).toHaveLength(1);
    // Nothing the person wrote or HR wrote about them is left, in any table (sealed columns included, via the service).
    const everything = JSON.stringify([
      rowsOf('recruiting_candidates', id),
      rowsOf('recruiting_applications', id),
      rowsOf('recruiting_activities', id),
      kit.rows('core_audit_log').filter((r) => String(r.action).startsWith('recruiting.')),
      kit.rec.candidates.get(c, id, { reveal: true }),
      kit.rec.candidates.timeline(c, id),
      kit.rec.applications.get(c, a.applicationId),
    ]);
    for (const personal of [...resumeLines(PEOPLE.zhang).slice(1, 3), PEOPLE.zhang.name, PEOPLE.zhang.mobile, PEOPLE.zhang.email, PEOPLE.zhang.school, PEOPLE.zhang.company, '30k', '别家']) {
      expect(everything).not.toContain(personal);
    }
    expect(kit.rec.onboarding.get(c, a.applicationId)).toMatchObject({ offer: null });

    // The pipeline: stage, score and dates kept; evidence gone; the open application withdrawn.
    const appsAfter = rowsOf('recruiting_applications', id);
    for (const [i, app] of appsAfter.entries()) {
      const was = appsBefore[i]!;
      expect([app.stage, app.score, app.applied_at, app.job_id, app.source, app.reject_reason]).toEqual([was.stage, was.score, was.applied_at, was.job_id, was.source, was.reject_reason]);
      expect(app.resume_id).toBeNull();
      const screening = JSON.parse(String(app.screening)) as ScreeningResult;
      expect(screening.score).toBe(was.score);
      expect(screening.checks.length).toBeGreaterThan(0);
      expect(screening.checks.every((ch) => ch.evidence === null)).toBe(true);
    }
    expect(appsAfter.map((app) => app.status)).toEqual(['withdrawn', 'rejected']);

    // Statistics: every stage count, the reached and rejected figures, sources and hires unchanged; only the
    // withdrawn application leaves the "currently in stage" count, as any withdrawal does.
    expect(figures(jobB)).toEqual(before.b);
    const afterA = figures(jobA);
    expect(afterA.stages).toEqual(before.a.stages);
    expect(afterA.funnel.map(({ current: _c, ...f }) => f)).toEqual(before.a.funnel.map(({ current: _c, ...f }) => f));
    expect(afterA.funnel.map((f) => f.current)).toEqual(before.a.funnel.map((f) => f.current - (f.stage === 'offer' ? 1 : 0)));
    expect(kit.rec.stats.sources()).toEqual(before.sources);
    expect(kit.rec.stats.timeToHire()).toEqual(before.hires);

    // The timeline skeleton: the same kinds at the same times, then the withdrawal and the erasure.
    const timeline = rowsOf('recruiting_activities', id);
    expect(timeline.slice(0, timelineBefore.length).map((r) => [r.kind, r.at])).toEqual(timelineBefore);
    expect(timeline.slice(timelineBefore.length).map((r) => [r.kind, JSON.parse(String(r.data))])).toEqual([
      ['moved', { from: 'offer', to: 'offer', withdrawn: true, reason: 'erased' }],
      ['erased', { withdrawn: 1 }],
    ]);
    expect(kit.rec.erasure.status(id)).toEqual({ erasedAt: new Date('2026-03-06T09:00:00+08:00'), employeeId: null, hired: false });

    // The audit entry: the action, the candidate and the reason; no personal data.
    const audit = kit.rows('core_audit_log').filter((r) => r.action === 'recruiting.candidate.erase');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity: 'recruiting_candidates', entity_id: String(id), user_login: 'hr1' });
    expect(JSON.parse(String(audit[0]!.after))).toEqual({ reason, repeated: false, withdrawn: 1, filesRemoved: 2, filesPending: 0 });

    // Twice: harmless. Nothing new on the timeline, the rows as they were, audited again.
    const stored = () => JSON.stringify([rowsOf('recruiting_candidates', id), rowsOf('recruiting_applications', id), rowsOf('recruiting_activities', id), kit.rows('recruiting_onboarding')]);
    const rowsBefore = stored();
    kit.setNow('2026-03-07T09:00:00+08:00');
    expect(kit.rec.erasure.erase(c, id, { reason: '重复申请' })).toMatchObject({ repeated: true, withdrawn: 0, filesPending: 0, erasedAt: new Date('2026-03-06T09:00:00+08:00') });
    expect(stored()).toBe(rowsBefore);
    expect(kit.rows('core_audit_log').filter((r) => r.action === 'recruiting.candidate.erase')).toHaveLength(2);

    // Nothing personal can be written back through the guard the pages and the API use.
    expect((await failure(() => kit.rec.erasure.assertNotErased(id))).status).toBe(409);
    // Applying again with the same details is a new person (the lookup hashes are gone), with fresh consent.
    const again = await kit.apply(jobB, PEOPLE.zhang, { format: 'txt' });
    expect(again.candidateId).not.toBe(id);
    expect(again.newCandidate).toBe(true);
  });

  it('refuses a hired candidate (409, pointing to the people directory), screeners, an empty reason and a running batch', async () => {
    const c = kit.request(hr);
    const { applicationId, candidateId } = await kit.apply(jobA, PEOPLE.wang, { format: 'txt' });
    kit.rec.onboarding.offer(c, applicationId, { monthlySalary: 15_000, startDate: '2026-04-01' });
    const { employeeId } = kit.rec.onboarding.hire(c, applicationId, { employeeNo: 'E2001', departmentId: kit.rec.jobs.find(jobA).departmentId!, hireDate: '2026-04-01' });
    const hired = await failure(() => kit.rec.erasure.erase(c, candidateId, { reason }));
    expect([hired.status, hired.messageKey, hired.params]).toEqual([409, 'recruiting.erasure.error.hired', { employeeId }]);
    expect(kit.suite.kernel.i18n.translator('zh-CN')(hired.messageKey, hired.params)).toContain(`/people/${employeeId}`);
    expect(row('recruiting_candidates', candidateId).name).toBe(PEOPLE.wang.name);

    const emily = await kit.apply(jobB, PEOPLE.emily, { format: 'txt' });
    expect((await failure(() => kit.rec.erasure.erase(kit.request(screener), emily.candidateId, { reason }))).status).toBe(403);
    const empty = await failure(() => kit.rec.erasure.erase(c, emily.candidateId, { reason: '   ' }));
    expect([empty.status, empty.messageKey]).toEqual([400, 'recruiting.erasure.error.reason']);
    expect((await failure(() => kit.rec.erasure.erase(c, 999_999, { reason }))).status).toBe(404);

    const batch = Number(kit.suite.kernel.dbh.sqlite.prepare("INSERT INTO recruiting_screen_batches (job_id, total, status) VALUES (?, 1, 'running')").run(jobB).lastInsertRowid);
    const busy = await failure(() => kit.rec.erasure.erase(c, emily.candidateId, { reason }));
    expect([busy.status, busy.messageKey]).toEqual([409, 'recruiting.erasure.error.screening']);
    kit.suite.kernel.dbh.sqlite.prepare("UPDATE recruiting_screen_batches SET status = 'done' WHERE id = ?").run(batch);
    expect(kit.rec.erasure.erase(c, emily.candidateId, { reason }).repeated).toBe(false);
    expect(kit.rec.erasure.isErased(candidateId)).toBe(false);
  });

  it('refuses every later write about an erased candidate: corrections, tags, pool, notes, moves, offers and hires (409)', async () => {
    const c = kit.request(hr);
    const { applicationId, candidateId } = await kit.apply(jobA, PEOPLE.emily, { format: 'txt' });
    kit.rec.erasure.erase(c, candidateId, { reason });
    const attempts: [string, () => unknown][] = [
      ['update', () => kit.rec.candidates.update(c, candidateId, { sourceDetail: '又来了' })],
      ['tags', () => kit.rec.candidates.setTags(c, candidateId, ['x'])],
      ['pool', () => kit.rec.candidates.setPool(c, candidateId, true)],
      ['note', () => kit.rec.candidates.addNote(c, candidateId, { text: '电话 13800138000' })],
      ['move', () => kit.rec.applications.move(c, applicationId, 'interview')],
      ['offer', () => kit.rec.onboarding.offer(c, applicationId, { monthlySalary: 10_000, startDate: '2026-04-01' })],
      ['hire', () => kit.rec.onboarding.hire(c, applicationId, { employeeNo: 'E3001', departmentId: kit.rec.jobs.find(jobA).departmentId!, hireDate: '2026-04-01' })],
    ];
    for (const [what, attempt] of attempts) {
      const e = await failure(async () => attempt());
      expect([what, e.status, e.messageKey]).toEqual([what, 409, 'recruiting.erasure.error.erased']);
    }
    expect(row('recruiting_candidates', candidateId)).toMatchObject({ tags: '[]', in_pool: 0, employee_id: null });
  });

  it('keeps intake idempotency: the same delivery answers the erased ids instead of a new candidate', async () => {
    const delivery = { source: 'boss', idempotencyKey: 'boss-7781', jobId: jobA, candidate: { name: '赵磊', mobile: '13500135000' }, resume: { text: resumeLines({ ...PEOPLE.li, name: '赵磊', mobile: '13500135000', email: 'zhaolei@example.com' }).join('\n') } };
    const first = await kit.rec.intake.intake(null, delivery);
    kit.rec.erasure.erase(kit.request(hr), first.candidateId, { reason: 'BOSS 直聘转来的删除申请' });
    const count = kit.count('recruiting_candidates');
    const again = await kit.rec.intake.intake(null, delivery);
    expect(again).toEqual({ candidateId: first.candidateId, applicationId: first.applicationId, duplicate: true });
    expect(kit.count('recruiting_candidates')).toBe(count);
    expect(row('recruiting_candidates', first.candidateId).name).toBe(`已删除的候选人 #${first.candidateId}`);
  });

  it('keeps a file it cannot remove on the erasure entry and the retention job’s sweep removes it later', async () => {
    const { candidateId } = await kit.apply(jobB, PEOPLE.li, { format: 'pdf', candidate: { mobile: '13600136001', email: 'li.other@example.com' } });
    const stored = String(rowsOf('recruiting_resumes', candidateId)[0]!.stored_path);
    const absolute = join(kit.suite.dataDir, 'plugins', 'recruiting', stored);
    // A directory with something in it where the file was: removing it fails like a locked file would.
    rmSync(absolute);
    mkdirSync(absolute);
    writeFileSync(join(absolute, 'x'), 'x');

    const done = kit.rec.erasure.erase(kit.request(hr), candidateId, { reason });
    expect([done.filesRemoved, done.filesPending]).toEqual([0, 1]);
    expect(rowsOf('recruiting_resumes', candidateId)).toEqual([]);
    const entry = () => JSON.parse(String(rowsOf('recruiting_activities', candidateId).find((r) => r.kind === 'erased')!.data)) as Record<string, unknown>;
    expect(entry().pendingFiles).toEqual([stored]);
    expect(kit.rec.erasure.sweep()).toEqual({ files: 0, pending: 1 });

    rmSync(absolute, { recursive: true });
    writeFileSync(absolute, 'the résumé again');
    expect(kit.rec.erasure.sweep()).toEqual({ files: 1, pending: 0 });
    expect(kit.resumeFiles()).not.toContain(stored.replace(/^resumes\//, ''));
    expect(entry()).toEqual({ withdrawn: 1 });
    expect(kit.rec.erasure.sweep()).toEqual({ files: 0, pending: 0 });
  });
});
