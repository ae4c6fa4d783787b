import { describe, expect, it } from 'vitest';
import type { ResumeProfile } from '../domain/types.js';
import { fileStem, mergeIdentity, mergeProfile, normalizeCandidateMobile, normalizeEmail, resolveIdentity, storedProfile, type Identity } from './candidates-rules.js';
import { emptyProfile } from './views.js';

const parsed = (over: Partial<ResumeProfile> = {}): ResumeProfile => ({
  ...emptyProfile(),
  name: { value: '张伟', confidence: 0.95, source: '姓名：张伟' },
  gender: { value: 'male', confidence: 0.9, source: '性别：男' },
  birthYear: { value: 1991, confidence: 0.9, source: '出生年月：1991.05' },
  mobile: { value: '138 0013 8000', confidence: 0.9, source: '手机：138 0013 8000' },
  email: { value: 'Zhang@Example.com', confidence: 0.9, source: '邮箱：Zhang@Example.com' },
  skills: { value: ['react'], confidence: 0.8, source: null },
  highestDegree: { value: 'bachelor', confidence: 0.9, source: null },
  ...over,
});

describe('candidate rules', () => {
  it.each([
    ['+86 138-0013-8000', '13800138000'],
    ['0086 13800138000', '13800138000'],
    ['12345', null],
    ['', null],
    [null, null],
  ])('mobile %j → %j', (raw, expected) => expect(normalizeCandidateMobile(raw)).toBe(expected));

  it.each([
    ['  Zhang.Wei@Example.COM ', 'zhang.wei@example.com'],
    ['not-an-email', null],
    [undefined, null],
  ])('email %j → %j', (raw, expected) => expect(normalizeEmail(raw)).toBe(expected));

  it('stores a profile without identity and contact', () => {
    const s = storedProfile(parsed());
    expect([s.name.value, s.gender.value, s.birthYear.value, s.mobile.value, s.email.value]).toEqual([null, null, null, null, null]);
    expect(JSON.stringify(s)).not.toMatch(/张伟|13800138000|138 0013|Zhang@/);
    expect(s.skills.value).toEqual(['react']);
  });

  it('lets typed values win over parsed ones and falls back to the file name', () => {
    expect(resolveIdentity({ name: '张 伟', mobile: '13900139000' }, parsed(), 'x')).toEqual({ name: '张 伟', gender: 'male', birthYear: 1991, mobile: '13900139000', email: 'zhang@example.com' });
    expect(resolveIdentity({}, emptyProfile(), fileStem('李娜-个人简历.pdf')).name).toBe('李娜');
  });

  it('merges a new parse under HR corrections', () => {
    const stored: ResumeProfile = { ...storedProfile(parsed()), skills: { value: ['excel'], confidence: 1, source: null } };
    const fresh = parsed({ skills: { value: ['react', 'vue'], confidence: 0.8, source: null }, highestDegree: { value: 'master', confidence: 0.9, source: null } });
    const merged = mergeProfile(stored, fresh, ['skills']);
    expect(merged.skills.value).toEqual(['excel']);
    expect(merged.highestDegree.value).toBe('master');
    expect(merged.name.value).toBeNull();

    const old: Identity = { name: '王芳芳', gender: 'female', birthYear: 1988, mobile: '13700137000', email: null };
    const next: Identity = { name: '王芳', gender: 'female', birthYear: 1989, mobile: '13900000000', email: 'w@example.com' };
    expect(mergeIdentity(old, next, ['name'])).toEqual({ name: '王芳芳', gender: 'female', birthYear: 1989, mobile: '13700137000', email: 'w@example.com' });
    expect(mergeIdentity(old, next, []).name).toBe('王芳');
  });
});
