import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../../core/sdk.js';
import { PEOPLE, resumeFile, startRecruitingKit, type RecruitingKit } from '../../../tests/helpers/recruiting-kit.js';
import { consentVersionWithPool, createPoolConsent } from './pool-consent.js';
import { privacyNotice } from './retention.js';

describe('privacyNotice', () => {
  it('picks the language, falls back to the other one, and versions the texts', () => {
    const a = privacyNotice({ 'zh-CN': '我们仅将您的简历用于招聘。' }, 'en');
    expect(a.text).toBe('我们仅将您的简历用于招聘。');
    const b = privacyNotice({ 'zh-CN': '我们仅将您的简历用于招聘，保存一年。' }, 'zh-CN');
    expect(b.version).not.toBe(a.version);
    expect(privacyNotice({ 'zh-CN': '我们仅将您的简历用于招聘。' }, 'zh-CN').version).toBe(a.version);
    expect(privacyNotice({}, 'zh-CN')).toEqual({ text: null, version: 'default' });
  });
});

describe('résumé retention (services)', () => {
  let kit: RecruitingKit;
  let hr: SessionUser;

  beforeAll(async () => {
    kit = await startRecruitingKit({ now: '2025-01-10T10:00:00+08:00', settings: { retentionDays: 365 } });
    hr = kit.user('hr1', 'hr');
  });
  afterAll(() => kit?.close());

  it('removes the résumés of candidates rejected longer ago than the retention period, except a consented talent pool and open applications', async () => {
    const job = kit.job(hr).id;
    const c = kit.request(hr);
    const poolConsent = createPoolConsent(kit.rec.parts, { activities: kit.rec.activities });
    const rejected = await kit.apply(job, PEOPLE.wang, { format: 'pdf' });
    // Agreed to the pool when applying (the careers form's optional box).
    const pooled = await kit.rec.applications.apply(
      { jobId: job, file: await resumeFile(PEOPLE.li, 'txt'), source: 'careers', consentVersion: consentVersionWithPool('v1', true), onStored: (ids) => poolConsent.record(ids, true) },
      kit.request(null),
    );
    const active = await kit.apply(job, PEOPLE.emily, { format: 'txt' });
    kit.rec.applications.reject(c, rejected.applicationId, { reason: 'skills' });
    kit.rec.applications.reject(c, pooled.applicationId, { reason: 'position_filled' });
    // In the pool by HR's hand only: not the person's consent, purged like the others.
    kit.rec.candidates.setPool(c, rejected.candidateId, true);
    expect(kit.resumeFiles().length).toBe(3);

    kit.setNow('2025-12-01T10:00:00+08:00');
    expect(kit.rec.retention.purge()).toEqual({ candidates: 0, files: 0 });

    kit.setNow('2026-01-20T10:00:00+08:00');
    expect(kit.rec.retention.due()).toEqual([rejected.candidateId]);
    expect(kit.rec.retention.purge()).toEqual({ candidates: 1, files: 1 });
    expect(kit.resumeFiles().length).toBe(2);
    expect(kit.rows('recruiting_resumes').map((r) => r.candidate_id).sort()).toEqual([pooled.candidateId, active.candidateId].sort());
    const app = kit.rec.applications.get(c, rejected.applicationId);
    expect([app.resume, app.resumeText, app.candidate.profile, app.screening]).toEqual([null, null, null, null]);
    expect(app.score).not.toBeNull();
    // The person and the pipeline's history remain.
    expect(app.candidate.name).toBe('王芳');
    expect(kit.rec.candidates.timeline(c, rejected.candidateId).at(-1)!.data).toMatchObject({ resumesRemoved: true, leftPool: true });
    expect(app.candidate.inPool).toBe(false);
    expect(kit.rec.retention.purge()).toEqual({ candidates: 0, files: 0 });

    // The pool keeps it for talentPoolDays (730 by default) from the consent, then it goes too.
    kit.setNow('2027-01-09T10:00:00+08:00');
    expect(kit.rec.retention.due()).toEqual([]);
    kit.setNow('2027-01-11T10:00:00+08:00');
    expect(kit.rec.retention.purge()).toEqual({ candidates: 1, files: 1 });
    expect(kit.rec.candidates.get(c, pooled.candidateId)).toMatchObject({ inPool: false, profile: null });
  });
});
