import { describe, expect, it } from 'vitest';
import { SELF_SCORE_FLOOR, SUGGESTION_THRESHOLDS, WEIGHTS, bm25Similarity, rankCandidates, screen, suggest } from './scoring.js';
import type { Degree, JobRequirements, ResumeProfile, ScreeningResult } from './types.js';

const parsed = <T>(value: T, source: string | null = null) => ({ value, confidence: value === null ? 0 : 0.9, source });

/** A hand-built profile (the parser is tested elsewhere); only what a test names differs from the defaults. */
function profile(over: {
  years?: number | null;
  degree?: Degree | null;
  skills?: string[];
  languages?: string[];
  language?: 'zh' | 'en';
  name?: string;
  gender?: 'male' | 'female';
  birthYear?: number;
  school?: string;
}): ResumeProfile {
  const degree = over.degree === undefined ? 'bachelor' : over.degree;
  const school = over.school ?? '浙江大学';
  return {
    language: over.language ?? 'zh',
    name: parsed(over.name ?? '张伟', `姓名：${over.name ?? '张伟'}`),
    gender: parsed(over.gender ?? 'male'),
    birthYear: parsed(over.birthYear ?? 1990),
    mobile: parsed('13800000000'),
    email: parsed('a@example.com'),
    education: [{ school, degree, major: '计算机科学与技术', start: '2008-09', end: '2012-06', confidence: 0.9, source: `2008.09-2012.06 ${school} 计算机科学与技术 本科` }],
    highestDegree: parsed(degree, degree === null ? null : `2008.09-2012.06 ${school} 计算机科学与技术 本科`),
    experience: [
      { company: '杭州某科技有限公司', title: 'Java开发工程师', start: '2019-04', end: null, current: true, months: 74, confidence: 0.9, source: '2019.04-至今 杭州某科技有限公司 Java开发工程师' },
    ],
    totalYears: parsed(over.years === undefined ? 6 : over.years),
    skills: parsed(over.skills ?? []),
    languages: parsed((over.languages ?? []).map((language) => ({ language, level: null }))),
  };
}

const JAVA_TEXT = [
  '2019.04-至今 杭州某科技有限公司 Java开发工程师',
  '负责订单系统开发，使用Spring Boot与MyBatis。',
  '使用Redis缓存热点数据；使用Kafka处理异步消息。',
  '专业技能：熟悉Java与MySQL。',
  '英语六级，能阅读英文文档。',
].join('\n');

const JAVA_JOB: JobRequirements = {
  mustHave: ['java', 'spring boot', 'mysql', 'redis'],
  niceToHave: ['kafka', 'kubernetes'],
  minYears: 3,
  degree: 'bachelor',
  languages: ['en'],
};

const check = (r: ScreeningResult, kind: string, requirement: string) => r.checks.find((c) => c.kind === kind && c.requirement === requirement);

describe('screen', () => {
  it('checks every requirement with the sentence that shows it', () => {
    const r = screen(profile({}), JAVA_TEXT, JAVA_JOB, 0.8);
    expect(r.checks.map((c) => [c.kind, c.requirement, c.met, c.evidence])).toEqual([
      ['skill', 'java', true, '2019.04-至今 杭州某科技有限公司 Java开发工程师'],
      ['skill', 'spring boot', true, '负责订单系统开发，使用Spring Boot与MyBatis。'],
      ['skill', 'mysql', true, '专业技能：熟悉Java与MySQL。'],
      ['skill', 'redis', true, '使用Redis缓存热点数据；'],
      ['years', '≥ 3 years', true, '2019.04-至今 杭州某科技有限公司 Java开发工程师'],
      ['degree', 'bachelor', true, '2008.09-2012.06 浙江大学 计算机科学与技术 本科'],
      ['language', 'en', true, '英语六级，能阅读英文文档。'],
      ['nice', 'kafka', true, '使用Kafka处理异步消息。'],
      ['nice', 'kubernetes', false, null],
    ]);
    expect(r.breakdown).toEqual({ mustHave: 1, niceToHave: 0.5, years: 1, degree: 1, languages: 1, similarity: 0.8 });
    expect(r.similarityMethod).toBe('bm25');
  });

  it('reports missing requirements without evidence', () => {
    const r = screen(profile({}), '熟悉PHP与Laravel。', JAVA_JOB, 0.1);
    expect(r.checks.filter((c) => c.kind === 'skill').every((c) => !c.met && c.evidence === null)).toBe(true);
    expect(r.breakdown.mustHave).toBe(0);
    expect(r.suggestion).toBe('reject');
  });

  it('finds skills HR typed that the vocabulary does not know, as whole words', () => {
    const job: JobRequirements = { mustHave: ['sap ariba', 'ab'], niceToHave: [], minYears: null, degree: null, languages: [] };
    const r = screen(profile({}), '负责SAP Ariba采购平台上线。\nLab work.', job, 0.5);
    expect(check(r, 'skill', 'sap ariba')).toMatchObject({ met: true, evidence: '负责SAP Ariba采购平台上线。' });
    expect(check(r, 'skill', 'ab')).toMatchObject({ met: false, evidence: null });
  });

  it('trusts skills the profile lists even without a sentence', () => {
    const r = screen(profile({ skills: ['kubernetes'] }), JAVA_TEXT, JAVA_JOB, 0.5);
    expect(check(r, 'nice', 'kubernetes')).toMatchObject({ met: true, evidence: null });
  });

  it.each([
    [3, true, 1],
    [3.5, true, 1],
    [2.9, false, 0.7],
    [1.5, false, 0.5],
    [0, false, 0],
    [null, false, 0],
  ] as [number | null, boolean, number][])('years: %s against a minimum of 3 → met %s, part %s', (years, met, part) => {
    const r = screen(profile({ years }), JAVA_TEXT, JAVA_JOB, 0.5);
    expect(check(r, 'years', '≥ 3 years')!.met).toBe(met);
    expect(r.breakdown.years).toBeCloseTo(part, 6);
  });

  it.each([
    ['phd', true, 1],
    ['master', true, 1],
    ['bachelor', true, 1],
    ['associate', false, 0.4],
    ['high_school', false, 0],
    [null, false, 0.2],
  ] as [Degree | null, boolean, number][])('degree: %s against bachelor → met %s, part %s', (degree, met, part) => {
    const r = screen(profile({ degree }), JAVA_TEXT, JAVA_JOB, 0.5);
    expect(check(r, 'degree', 'bachelor')!.met).toBe(met);
    expect(r.breakdown.degree).toBe(part);
  });

  it('accepts a language the résumé is written in, or lists without a sentence', () => {
    const job: JobRequirements = { mustHave: [], niceToHave: [], minYears: null, degree: null, languages: ['en', 'zh', 'ja'] };
    const r = screen(profile({ language: 'en', languages: ['ja'] }), 'Built APIs in Java.', job, 0.5);
    expect(r.checks.map((c) => [c.requirement, c.met])).toEqual([
      ['en', true],
      ['zh', false],
      ['ja', true],
    ]);
  });

  it('leaves parts the job does not ask for out of the score', () => {
    const job: JobRequirements = { mustHave: ['java'], niceToHave: [], minYears: null, degree: null, languages: [] };
    const r = screen(profile({ years: null, degree: null }), '熟悉Java。', job, 1);
    expect(r.score).toBe(100);
    expect(r.checks.map((c) => c.kind)).toEqual(['skill']);
  });

  it('lets required skills outweigh every extra together', () => {
    const job: JobRequirements = { mustHave: ['java', 'spring boot'], niceToHave: ['kafka', 'docker'], minYears: 5, degree: 'master', languages: ['en'] };
    const hasDemands = screen(profile({ years: 0, degree: 'high_school' }), '熟悉Java与Spring Boot。', job, 0.5);
    const hasExtras = screen(profile({ years: 10, degree: 'phd' }), '熟悉Kafka与Docker。\n英语流利。', job, 0.5);
    expect(hasDemands.score).toBeGreaterThan(hasExtras.score);
    expect(WEIGHTS.mustHave).toBeGreaterThan(WEIGHTS.niceToHave + WEIGHTS.years + WEIGHTS.degree + WEIGHTS.languages);
  });

  it('never reads name, gender, age or school', () => {
    const a = screen(profile({ name: '张伟', gender: 'male', birthYear: 1985, school: '清华大学' }), JAVA_TEXT, JAVA_JOB, 0.6);
    const b = screen(profile({ name: '李娜', gender: 'female', birthYear: 2000, school: '某职业技术学院' }), JAVA_TEXT, JAVA_JOB, 0.6);
    expect(b.score).toBe(a.score);
    expect(b.breakdown).toEqual(a.breakdown);
    expect(b.suggestion).toBe(a.suggestion);
  });

  it('weights add up to one and scores stay within 0..100', () => {
    expect(Object.values(WEIGHTS).reduce((s, w) => s + w, 0)).toBeCloseTo(1, 10);
    const best = screen(profile({ skills: ['kubernetes'] }), JAVA_TEXT, JAVA_JOB, 7);
    const worst = screen(profile({ years: null, degree: 'high_school', language: 'zh' }), '', JAVA_JOB, -3);
    expect(best.score).toBe(100);
    expect(worst.score).toBe(0);
  });
});

describe('suggest', () => {
  const t = SUGGESTION_THRESHOLDS;
  it.each([
    [t.advanceScore, t.advanceMustHaveShare, true, 'advance'],
    [t.advanceScore - 0.1, 1, true, 'hold'],
    [95, t.advanceMustHaveShare - 0.01, true, 'hold'],
    [95, 1, false, 'hold'],
    [t.rejectScore, t.rejectMustHaveShare, true, 'hold'],
    [t.rejectScore - 0.1, 1, true, 'reject'],
    [80, t.rejectMustHaveShare - 0.01, true, 'reject'],
  ] as const)('score %s, must-have share %s, years met %s → %s', (score, share, yearsMet, expected) => {
    expect(suggest(score, share, yearsMet)).toBe(expected);
  });
});

describe('rankCandidates', () => {
  const result = (score: number, mustHave: number): ScreeningResult => ({
    score,
    breakdown: { mustHave, niceToHave: 0, years: 1, degree: 1, languages: 1, similarity: 0 },
    checks: [],
    suggestion: 'hold',
    similarityMethod: 'bm25',
  });

  it('orders by score, then required-skill coverage, then id, whatever the input order', () => {
    const candidates = [
      { id: 'c', result: result(70, 0.5) },
      { id: 'a', result: result(80, 1) },
      { id: 'd', result: result(70, 0.9) },
      { id: 'b', result: result(70, 0.5) },
    ];
    const expected = [
      [1, 'a'],
      [2, 'd'],
      [3, 'b'],
      [4, 'c'],
    ];
    expect(rankCandidates(candidates).map((r) => [r.rank, r.candidate.id])).toEqual(expected);
    expect(rankCandidates([...candidates].reverse()).map((r) => [r.rank, r.candidate.id])).toEqual(expected);
  });
});

describe('bm25Similarity', () => {
  const job = '高级Java开发工程师：熟悉Spring Boot、MySQL、Redis，有微服务经验。';
  const resumes = [
    { id: 'java', text: 'Java开发工程师，5年经验，熟悉SpringBoot、MySQL、Redis与微服务架构。' },
    { id: 'partial', text: '后端开发，使用Go与MySQL。' },
    { id: 'nurse', text: 'ICU护士，熟练掌握心肺复苏与静脉穿刺。' },
  ];

  it('scores the closest résumé 1 and unrelated ones near 0', () => {
    const sim = bm25Similarity(job, resumes);
    expect(sim.get('java')).toBe(1);
    expect(sim.get('partial')!).toBeGreaterThan(0);
    expect(sim.get('partial')!).toBeLessThan(0.5);
    expect(sim.get('nurse')).toBe(0);
  });

  it('treats spelling variants of a skill as one term', () => {
    const sim = bm25Similarity('Spring Boot microservices', [
      { id: 'variant', text: '熟悉SpringBoot和微服务' },
      { id: 'other', text: '熟悉Django和Flask' },
    ]);
    expect(sim.get('variant')).toBe(1);
    expect(sim.get('other')).toBe(0);
  });

  it('does not call a lone weak résumé a perfect match', () => {
    const sim = bm25Similarity(job, [{ id: 'weak', text: '熟悉MySQL。' }]);
    expect(sim.get('weak')!).toBeGreaterThan(0);
    expect(sim.get('weak')!).toBeLessThan(1);
    expect(SELF_SCORE_FLOOR).toBeGreaterThan(0);
  });

  it('handles an empty batch', () => {
    expect(bm25Similarity(job, []).size).toBe(0);
  });
});
