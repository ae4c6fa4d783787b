import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../../core/sdk.js';
import { PEOPLE, failure, startRecruitingKit, type RecruitingKit } from '../../../tests/helpers/recruiting-kit.js';

describe('candidates: adding, searching, tags, pool, notes (services)', () => {
  let kit: RecruitingKit;
  let hr: SessionUser;
  let screener: SessionUser;
  const id = { zhang: 0, emily: 0, wang: 0, liu: 0 };

  beforeAll(async () => {
    kit = await startRecruitingKit();
    const dept = kit.department('研发部');
    hr = kit.user('hr1', 'hr');
    screener = kit.user('mgr', 'manager', kit.employee('M001', '陈经理', dept));
    const open = kit.job(hr, { departmentId: dept, blind: false }).id;
    const blind = kit.job(hr, { departmentId: dept, title: '会计', blind: true }).id;
    id.zhang = (await kit.apply(open, PEOPLE.zhang, { format: 'txt', source: 'careers' })).candidateId;
    id.emily = (await kit.apply(open, PEOPLE.emily, { format: 'txt', source: 'referral' })).candidateId;
    id.wang = (await kit.apply(blind, PEOPLE.wang, { format: 'txt', source: 'careers' })).candidateId;
  });
  afterAll(() => kit?.close());

  it('adds a candidate by hand, or finds the existing one by mobile or e-mail', async () => {
    const c = kit.request(hr);
    const added = kit.rec.candidates.create(c, { name: '刘洋', mobile: '137 0000 1111', tags: ['内推'], inPool: true, source: 'referral' });
    expect(added.created).toBe(true);
    expect(added.candidate).toMatchObject({ name: '刘洋', mobile: '137****1111', tags: ['内推'], inPool: true, profile: null });
    const again = kit.rec.candidates.create(c, { name: '刘 洋', mobile: '13700001111' });
    expect([again.created, again.candidate.id, again.candidate.name]).toEqual([false, added.candidate.id, '刘洋']);
    expect(kit.rec.candidates.create(c, { name: 'Someone', email: 'ZHANGWEI.DEV@example.com' }).candidate.id).toBe(id.zhang);
    expect((await failure(() => kit.rec.candidates.create(c, { name: 'x', mobile: '12345' }))).messageKey).toBe('recruiting.error.mobile');
    expect((await failure(() => kit.rec.candidates.create(kit.request(screener), { name: 'x' }))).status).toBe(403);
    id.liu = added.candidate.id;
  });

  it('searches by name, exact mobile, last 4 digits, e-mail, tag, pool, source and skill', () => {
    const c = kit.request(hr);
    const find = (filter: Parameters<typeof kit.rec.candidates.list>[1]) => kit.rec.candidates.list(c, filter).items.map((v) => v.id).sort();
    expect(find({ q: '张' })).toEqual([id.zhang]);
    expect(find({ q: '+86 138-0013-8000' })).toEqual([id.zhang]);
    expect(find({ q: '8000' })).toEqual([id.zhang]);
    expect(find({ q: 'emily.carter@example.com' })).toEqual([id.emily]);
    expect(find({ tag: '内推' })).toEqual([id.liu]);
    expect(find({ pool: true })).toEqual([id.liu]);
    expect(find({ source: 'referral' })).toEqual([id.emily, id.liu].sort());
    expect(find({ skill: 'React.js' })).toEqual([id.zhang, id.emily].sort());
    expect(find({ skill: '金蝶' })).toEqual([id.wang]);
    const page = kit.rec.candidates.list(c, { pageSize: 2, page: 2 });
    expect([page.total, page.items.length]).toEqual([4, 2]);
  });

  it('shows screeners the candidates of their jobs only, never contact details, and hides blind ones from name search', () => {
    const c = kit.request(screener);
    const all = kit.rec.candidates.list(c);
    expect(all.items.map((v) => v.id).sort()).toEqual([id.zhang, id.emily, id.wang].sort());
    const wang = all.items.find((v) => v.id === id.wang)!;
    expect(wang).toMatchObject({ blind: true, name: null, mobile: null, email: null });
    const zhang = all.items.find((v) => v.id === id.zhang)!;
    expect(zhang).toMatchObject({ blind: false, name: '张伟', mobile: '138****8000', email: null });
    expect(kit.rec.candidates.list(c, { q: '王芳' }).total).toBe(0);
    expect(kit.rec.candidates.list(c, { q: '8000' }).total).toBe(0);
  });

  it('keeps tags and pool with HR, notes with screeners too; blind notes are masked for screeners', async () => {
    const c = kit.request(hr);
    expect(kit.rec.candidates.setTags(c, id.wang, ['财务', '财务', '资深']).tags).toEqual(['财务', '资深']);
    expect(kit.rec.candidates.setPool(c, id.wang, true).inPool).toBe(true);
    expect((await failure(() => kit.rec.candidates.setTags(kit.request(screener), id.wang, ['x']))).status).toBe(403);
    kit.rec.candidates.addNote(c, id.wang, { text: '王芳面试表现很好' });
    const note = kit.rec.candidates.addNote(kit.request(screener), id.wang, { text: '同意进入下一轮' });
    expect(note.actorUserId).toBe(screener.id);
    const seen = kit.rec.candidates.timeline(kit.request(screener), id.wang).filter((a) => a.kind === 'note').map((a) => a.data.text);
    expect(seen).toEqual(['［姓名已隐藏］面试表现很好', '同意进入下一轮']);
    expect(kit.rec.candidates.timeline(c, id.wang).filter((a) => a.kind === 'note')[0]!.data.text).toBe('王芳面试表现很好');
    expect((await failure(() => kit.rec.candidates.addNote(c, id.wang, { text: '  ' }))).messageKey).toBe('recruiting.error.note');
  });

  it('refuses a correction to a mobile another candidate holds', async () => {
    const err = await failure(() => kit.rec.candidates.update(kit.request(hr), id.emily, { mobile: '13800138000' }));
    expect([err.status, err.messageKey]).toEqual([409, 'recruiting.error.duplicateContact']);
  });
});
