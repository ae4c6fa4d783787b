import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../../core/sdk.js';
import { PEOPLE, failure, startRecruitingKit, type RecruitingKit } from '../../../tests/helpers/recruiting-kit.js';

const STORED_TABLES = ['recruiting_candidates', 'recruiting_resumes', 'recruiting_applications', 'recruiting_activities'] as const;

describe('applications (services)', () => {
  let kit: RecruitingKit;
  let hr: SessionUser;
  let jobId: number;
  const snapshot = () => ({ ...(Object.fromEntries(STORED_TABLES.map((t) => [t, kit.count(t)])) as Record<(typeof STORED_TABLES)[number], number>), files: kit.resumeFiles().length, outbox: kit.count('core_outbox_events') });

  beforeAll(async () => {
    kit = await startRecruitingKit();
    hr = kit.user('hr1', 'hr');
    jobId = kit.job(hr, { departmentId: kit.department('研发部') }).id;
  });
  afterAll(() => kit?.close());

  it('applies with a PDF: one candidate, résumé, application in the first stage, event, screened with evidence', async () => {
    const before = snapshot();
    const res = await kit.apply(jobId, PEOPLE.zhang, { format: 'pdf' });
    expect(res.newCandidate).toBe(true);
    expect(snapshot()).toMatchObject({ recruiting_candidates: before.recruiting_candidates + 1, recruiting_resumes: before.recruiting_resumes + 1, recruiting_applications: before.recruiting_applications + 1, files: before.files + 1 });

    const app = kit.rows('recruiting_applications').find((r) => r.id === res.applicationId)!;
    expect(app).toMatchObject({ stage: 'applied', status: 'active', source: 'careers' });
    expect(app.score).toBeGreaterThan(0);
    const events = kit.rows('core_outbox_events').map((e) => e.name);
    expect(events).toContain('recruiting.application.created');

    // Screening explains itself: React and TypeScript are met, each with the résumé sentence that shows it.
    const screening = res.screening!;
    expect(screening.score).toBe(app.score);
    const react = screening.checks.find((c) => c.kind === 'skill' && c.requirement === 'react')!;
    expect(react.met).toBe(true);
    expect(react.evidence).toMatch(/React/);
    expect(screening.checks.find((c) => c.kind === 'years')?.met).toBe(true);

    // Contact details are sealed; the stored file has a random name, not the uploaded one.
    const cand = kit.rows('recruiting_candidates').find((r) => r.id === res.candidateId)!;
    expect(cand.name).toBe('张伟');
    expect(String(cand.mobile_enc)).not.toContain('13800138000');
    expect(cand.mobile_last4).toBe('8000');
    expect(JSON.stringify(cand.profile)).not.toContain('13800138000');
    const resume = kit.rows('recruiting_resumes').find((r) => r.id === res.resumeId)!;
    expect(resume.file_name).toBe('张伟-简历.pdf');
    expect(String(resume.stored_path)).toMatch(/^resumes\/\d{4}-\d{2}\/[0-9a-f]{32}\.pdf$/);
    expect(String(resume.text_enc)).not.toContain('张伟');
  });

  it('finds the same person again by mobile or by e-mail, and refuses a second application to the same job with nothing stored', async () => {
    const other = kit.job(hr, { title: '前端工程师（外包）' }).id;
    const before = snapshot();
    const err = await failure(() => kit.apply(jobId, { ...PEOPLE.zhang, email: 'another@example.com' }, { format: 'docx' }));
    expect([err.status, err.messageKey]).toEqual([409, 'recruiting.error.alreadyApplied']);
    expect(snapshot()).toEqual(before);

    // Same mobile written differently (+86, spaces): the same candidate.
    const byMobile = await kit.apply(other, { ...PEOPLE.zhang, mobile: '+86 138 0013 8000', email: 'zhang.new@example.com' }, { format: 'txt' });
    expect(byMobile.newCandidate).toBe(false);
    // Same e-mail in other case, no mobile in the résumé: the same candidate again.
    const third = kit.job(hr, { title: 'Web 工程师' }).id;
    const byEmail = await kit.apply(third, { ...PEOPLE.zhang, mobile: '', email: 'ZhangWei.Dev@Example.com' }, { format: 'txt' });
    expect(byEmail.candidateId).toBe(byMobile.candidateId);
    expect(kit.count('recruiting_candidates')).toBe(before.recruiting_candidates);
  });

  it.each([
    ['an empty file', () => ({ bytes: new Uint8Array(), fileName: 'empty.pdf' }), 400, 'recruiting.error.emptyFile'],
    ['a 50 MB file', () => ({ bytes: new Uint8Array(50 * 1024 * 1024).fill(0x41), fileName: 'big.pdf' }), 413, 'recruiting.error.tooLarge'],
    ['an executable renamed .pdf', () => ({ bytes: new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(200).fill(0)]), fileName: 'resume.pdf' }), 400, 'core.ai.extract.unsupported'],
    ['a corrupt PDF', () => ({ bytes: new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage without xref'), fileName: 'broken.pdf' }), 400, 'core.ai.extract.corrupt'],
    ['a file without text', () => ({ bytes: new TextEncoder().encode('  \n\t \n '), fileName: 'blank.txt' }), 400, 'recruiting.error.noText'],
  ])('stores nothing for %s', async (_what, file, status, key) => {
    const before = snapshot();
    const err = await failure(() => kit.rec.applications.apply({ jobId, file: file(), source: 'careers' }, kit.request(null)));
    expect([err.status, err.messageKey]).toEqual([status, key]);
    expect(snapshot()).toEqual(before);
  });

  it('removes the written file when storing the rows fails', async () => {
    const before = snapshot();
    kit.suite.kernel.dbh.sqlite.exec(`CREATE TEMP TRIGGER recruiting_fail_apply BEFORE INSERT ON recruiting_applications BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    try {
      await expect(kit.apply(jobId, { ...PEOPLE.li, mobile: '13911112222', email: 'x@example.com' }, { format: 'txt' })).rejects.toThrow(/disk full/);
    } finally {
      kit.suite.kernel.dbh.sqlite.exec('DROP TRIGGER recruiting_fail_apply');
    }
    expect(snapshot()).toEqual(before);
  });

  it('refuses jobs that are not open, before reading the file', async () => {
    const draft = kit.job(hr, { title: '草稿职位', open: false });
    const err = await failure(() => kit.apply(draft.id, PEOPLE.li));
    expect([err.status, err.messageKey]).toEqual([400, 'recruiting.error.jobNotOpen']);
    const closed = kit.job(hr, { title: '已关闭职位' });
    kit.rec.jobs.setStatus(kit.request(hr), closed.id, 'closed');
    expect((await failure(() => kit.apply(closed.id, PEOPLE.li))).messageKey).toBe('recruiting.error.jobNotOpen');
  });

  it('keeps HR corrections through a later parse of a new résumé', async () => {
    const a = kit.job(hr, { title: '会计' }).id;
    const b = kit.job(hr, { title: '财务主管' }).id;
    const first = await kit.apply(a, PEOPLE.wang, { format: 'txt' });
    const c = kit.request(hr);
    kit.rec.candidates.update(c, first.candidateId, { name: '王芳芳', highestDegree: 'master', skills: ['excel', 'sap'] });
    // The new résumé says 本科 and lists 金蝶; the name in it is 王芳.
    await kit.apply(b, { ...PEOPLE.wang, skills: ['Excel', '金蝶', '用友'] }, { format: 'txt' });
    const view = kit.rec.candidates.get(c, first.candidateId);
    expect(view.name).toBe('王芳芳');
    expect(view.profile?.highestDegree.value).toBe('master');
    expect(view.profile?.skills.value).toEqual(['excel', 'sap']);
    expect(view.corrected).toEqual(expect.arrayContaining(['name', 'highestDegree', 'skills']));
    // What HR did not correct follows the new résumé.
    expect(view.profile?.experience.length).toBeGreaterThan(0);
  });

  it('gives the mobile to HR masked unless revealed (audited), the e-mail in full', async () => {
    const c = kit.request(hr);
    const id = (kit.rows('recruiting_candidates').find((r) => r.name === '张伟') as { id: number }).id;
    expect(kit.rec.candidates.get(c, id).mobile).toBe('138****8000');
    const audits = kit.count('core_audit_log');
    const revealed = kit.rec.candidates.get(c, id, { reveal: true });
    expect(revealed.mobile).toBe('13800138000');
    expect(kit.count('core_audit_log')).toBe(audits + 2);
  });
});
