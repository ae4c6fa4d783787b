import { describe, expect, it } from 'vitest';
import type { Translate } from '../../../core/sdk.js';
import type { RequirementCheck } from '../domain/types.js';
import { DEFAULT_STAGES } from '../services/stages.js';
import { correctionPatch, parseLanguages, splitList, type CorrectionValues } from './candidates-view.js';
import { letterDate, letterMoney } from './onboarding-letter.js';
import { canReject, confidenceLevel, groupByEvidence, moveTargets, requirementLabel } from './pipeline-view.js';

/** A translator that knows a few keys and returns unknown ones as they are, as the real one does. */
const t: Translate = (key, params) => {
  const known: Record<string, string> = { 'recruiting.pipeline.req.years': '{n} 年以上经验', 'recruiting.pipeline.degree.bachelor': '本科', 'recruiting.pipeline.language.en': '英语' };
  const text = known[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_m, k: string) => String(params?.[k] ?? ''));
};
const stages = DEFAULT_STAGES;
const keys = (list: { key: string }[]) => list.map((s) => s.key);

describe('moveTargets and canReject mirror the service rules', () => {
  it.each([
    { what: 'screener, active in applied', stage: 'applied', status: 'active', manage: false, moves: ['screening', 'interview'], reject: true },
    { what: 'HR, active in applied', stage: 'applied', status: 'active', manage: true, moves: ['screening', 'interview', 'offer'], reject: true },
    { what: 'screener, at offer', stage: 'offer', status: 'active', manage: false, moves: [], reject: false },
    { what: 'HR, at offer', stage: 'offer', status: 'active', manage: true, moves: ['applied', 'screening', 'interview'], reject: true },
    { what: 'screener, rejected', stage: 'screening', status: 'rejected', manage: false, moves: [], reject: false },
    { what: 'HR, rejected (reopen, its own stage too)', stage: 'screening', status: 'rejected', manage: true, moves: ['applied', 'screening', 'interview', 'offer'], reject: false },
    { what: 'HR, hired', stage: 'hired', status: 'hired', manage: true, moves: [], reject: false },
    { what: 'HR, withdrawn', stage: 'interview', status: 'withdrawn', manage: true, moves: [], reject: false },
  ] as const)('$what', ({ stage, status, manage, moves, reject }) => {
    expect(keys(moveTargets(stages, { stage, status }, manage))).toEqual(moves);
    expect(canReject(stages, { stage, status }, manage)).toBe(reject);
  });
});

describe('labels', () => {
  it.each([
    [0.95, 'high'],
    [0.8, 'high'],
    [0.6, 'medium'],
    [0.2, 'low'],
    [0, 'none'],
  ] as const)('confidence %s is %s', (value, level) => expect(confidenceLevel(value)).toBe(level));

  it.each([
    [{ kind: 'years', requirement: '≥ 3 years' }, '3 年以上经验'],
    [{ kind: 'years', requirement: '≥ 2.5 years' }, '2.5 年以上经验'],
    [{ kind: 'degree', requirement: 'bachelor' }, '本科'],
    [{ kind: 'language', requirement: 'en' }, '英语'],
    [{ kind: 'language', requirement: 'sv' }, 'sv'],
    [{ kind: 'skill', requirement: 'react' }, 'react'],
  ] as const)('requirement %j reads %s', (check, label) => expect(requirementLabel(check, t)).toBe(label));

  it('groups requirements shown by the same sentence, in the order the sentences appear', () => {
    const line = '使用 React、TypeScript 完成多个项目。';
    const checks: RequirementCheck[] = [
      { kind: 'skill', requirement: 'react', met: true, evidence: line },
      { kind: 'years', requirement: '≥ 3 years', met: true, evidence: '6年工作经验。' },
      { kind: 'skill', requirement: 'typescript', met: true, evidence: line },
      { kind: 'nice', requirement: 'webpack', met: true, evidence: line },
    ];
    expect(groupByEvidence(checks, t).map((g) => [g.items.map((i) => `${i.label}${i.required ? '' : '?'}`), g.evidence])).toEqual([
      [['react', 'typescript', 'webpack?'], line],
      [['3 年以上经验'], '6年工作经验。'],
    ]);
  });

  it.each([
    ['2026-04-01', 'zh-CN', '2026年4月1日'],
    ['2026-12-31', 'en', '31 December 2026'],
    ['not a date', 'en', 'not a date'],
  ] as const)('letter date %s in %s is %s', (iso, locale, text) => expect(letterDate(iso, locale)).toBe(text));

  it('writes yuan without decimals', () => {
    expect(letterMoney(28_000, 'zh-CN')).toBe('¥28,000');
    expect(letterMoney(1_234_567, 'en')).toBe('¥1,234,567');
  });
});

describe('HR corrections: only what changed is sent (and so marked corrected)', () => {
  const before: CorrectionValues = { name: '李娜', gender: 'female', birthYear: '1995', mobile: '', email: 'lina@example.com', highestDegree: 'master', totalYears: '6', skills: 'vue, javascript', languages: 'en:CET-6' };

  it.each([
    { what: 'nothing changed (spacing and separators aside)', after: { skills: 'vue，javascript ', languages: 'en: CET-6' }, patch: {} },
    { what: 'a skill added', after: { skills: 'vue、javascript、TypeScript' }, patch: { skills: ['vue', 'javascript', 'TypeScript'] } },
    { what: 'the name corrected', after: { name: '李 娜' }, patch: { name: '李 娜' } },
    { what: 'a mobile typed (empty keeps it)', after: { mobile: '13900139001' }, patch: { mobile: '13900139001' } },
    { what: 'gender and degree cleared', after: { gender: '', highestDegree: '' }, patch: { gender: null, highestDegree: null } },
    { what: 'years and birth year as numbers', after: { totalYears: '6.5', birthYear: '1994' }, patch: { totalYears: 6.5, birthYear: 1994 } },
    { what: 'e-mail removed', after: { email: '' }, patch: { email: null } },
    { what: 'a language level', after: { languages: 'en:CET-6, ja:N2' }, patch: { languages: [{ language: 'en', level: 'CET-6' }, { language: 'ja', level: 'N2' }] } },
  ])('$what', ({ after, patch }) => {
    expect(correctionPatch(before, { ...before, ...after })).toEqual(patch);
  });

  it('splits lists and languages as HR types them', () => {
    expect(splitList('React，Vue、 Excel;Excel\nSQL')).toEqual(['React', 'Vue', 'Excel', 'SQL']);
    expect(parseLanguages('EN：IELTS 7.0, ja')).toEqual([
      { language: 'en', level: 'IELTS 7.0' },
      { language: 'ja', level: null },
    ]);
  });
});
