import { describe, expect, it } from 'vitest';
import { z } from '../../../core/sdk.js';
import type { Experience, ResumeProfile } from '../domain/types.js';
import { emptyProfile } from '../services/views.js';
import { entriesPatch, entryFields, entryFormRows, entryValues, nestEntries, normalizeMonth, yearsFromRows, type ExperienceEntry } from './candidates-entries.js';

const form = z.preprocess(nestEntries, z.object(entryFields));
const issues = (body: Record<string, string>) => {
  const r = form.safeParse(body);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
};

describe('normalizeMonth', () => {
  it.each([
    ['2019-07', '2019-07'],
    ['2019.7', '2019-07'],
    [' 2019/07 ', '2019-07'],
    ['2019年7月', '2019-07'],
    ['2019 年 11 月', '2019-11'],
    ['2019-13', null],
    ['2019-00', null],
    ['19-07', null],
    ['1900-01', null],
    ['2019', null],
    ['July 2019', null],
  ])('%s → %s', (input, expected) => expect(normalizeMonth(input)).toBe(expected));
});

describe('the rows of the correction form', () => {
  it('leaves both lists alone when the post has no row inputs', () => {
    expect(form.parse({ name: '张伟' })).toEqual({ education: undefined, experience: undefined });
  });

  it('keeps typed rows, skips the empty one and the removed ones (not even checked), and normalises months', () => {
    const out = form.parse({
      'education.0.school': ' 北京大学 ',
      'education.0.degree': 'bachelor',
      'education.0.start': '2012.9',
      'education.0.end': '2016年6月',
      'education.1.school': '',
      'education.1.degree': '',
      'experience.0.company': '旧公司',
      'experience.0.start': 'not a month',
      'experience.0.remove': '1',
      'experience.1.company': '新公司',
      'experience.1.title': '工程师',
      'experience.1.start': '2020-01',
      'experience.1.current': '1',
      'experience.2.company': '',
    });
    expect(out.education).toEqual([{ school: '北京大学', degree: 'bachelor', major: null, start: '2012-09', end: '2016-06' }]);
    expect(out.experience).toEqual([{ company: '新公司', title: '工程师', start: '2020-01', end: null, current: true }]);
  });

  it('removing every row empties the list (HR meant it), which is not the same as not posting it', () => {
    expect(form.parse({ 'education.0.school': '北大', 'education.0.remove': '1' }).education).toEqual([]);
  });

  it.each([
    [{ 'education.0.start': '2016-09' }, { 'education.0.school': 'recruiting.candidates.error.school' }],
    [{ 'education.0.school': '北大', 'education.0.start': '2016-09', 'education.0.end': '2012-06' }, { 'education.0.end': 'recruiting.candidates.error.endBeforeStart' }],
    [{ 'education.0.school': '北大', 'education.0.end': '2016-6-1' }, { 'education.0.end': 'recruiting.candidates.error.month' }],
    [{ 'education.0.school': '北大', 'education.0.degree': 'doctor' }, { 'education.0.degree': expect.any(String) }],
    [{ 'experience.0.title': '工程师', 'experience.0.end': '2020-01', 'experience.0.current': '1' }, { 'experience.0.end': 'recruiting.candidates.error.endAndCurrent' }],
    [{ 'experience.3.start': '2020-01', 'experience.3.current': '1' }, { 'experience.3.company': 'recruiting.candidates.error.company' }],
    [{ 'experience.0.company': 'x'.repeat(101) }, { 'experience.0.company': expect.any(String) }],
  ])('refuses %j in place', (body, expected) => expect(issues(body)).toEqual(expected));

  it('caps the lists at the service’s limits', () => {
    const body = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`education.${i}.school`, `学校${i}`]));
    expect(issues(body)).toEqual({ education: 'recruiting.candidates.error.educationRows' });
  });
});

describe('entryFormRows', () => {
  const profile: ResumeProfile = {
    ...emptyProfile(),
    education: [{ school: '北京邮电大学', degree: 'bachelor', major: '计算机', start: '2012-09', end: '2016-06', confidence: 0.8, source: 'x' }],
    experience: [{ company: '云帆', title: '前端', start: '2016-07', end: null, current: true, months: 100, confidence: 0.8, source: 'y' }],
  };

  it('prints the stored rows then one empty row to add', () => {
    const values = entryValues(profile);
    expect(values).toMatchObject({ 'education.0.school': '北京邮电大学', 'experience.0.current': '1', 'experience.0.end': '' });
    expect(entryFormRows(values, 'education').map((r) => [r.index, r.isNew, r.values.school ?? ''])).toEqual([
      [0, false, '北京邮电大学'],
      [1, true, ''],
    ]);
    expect(entryFormRows({}, 'experience')).toEqual([{ index: 0, values: {}, isNew: true }]);
  });

  it('after an error shows what was posted, with no second empty row when one is there', () => {
    const posted = { 'education.0.school': '北大', 'education.0.remove': '1', 'education.1.school': '' };
    expect(entryFormRows(posted, 'education').map((r) => [r.index, r.isNew, r.values.remove ?? ''])).toEqual([
      [0, false, '1'],
      [1, true, ''],
    ]);
  });
});

describe('entriesPatch', () => {
  const job = (company: string, start: string, end: string | null, title = '工程师'): ExperienceEntry => ({ company, title, start, end, current: end === null });
  const stored = (rows: ExperienceEntry[], years: number | null): ResumeProfile => ({
    ...emptyProfile(),
    experience: rows.map((r): Experience => ({ ...r, months: null, confidence: 0.8, source: null })),
    totalYears: { value: years, confidence: 0.8, source: '10年工作经验' },
  });
  const today = '2026-03-15';

  it('changes nothing when the rows are the ones stored', () => {
    const profile = stored([job('云帆', '2016-07', null)], 10);
    expect(entriesPatch({ profile, corrected: [] }, { education: [], experience: [job('云帆', '2016-07', null)] }, { today, yearsInPatch: false })).toEqual({});
  });

  it('a company name fixed: the list is patched, the years are not recomputed', () => {
    const profile = stored([job('云凡', '2016-07', null)], 10);
    const patch = entriesPatch({ profile, corrected: [] }, { experience: [job('云帆', '2016-07', null)] }, { today, yearsInPatch: false });
    expect(patch.experience?.[0]).toMatchObject({ company: '云帆', months: 117 });
    expect(patch).not.toHaveProperty('totalYears');
  });

  it('dates changed: the years follow the rows, overlaps once and internships left out', () => {
    const profile = stored([job('云帆', '2016-07', null)], 10);
    const rows = [job('旧公司', '2012-07', '2016-06'), job('兼职', '2014-01', '2014-12'), job('实习单位', '2010-01', '2011-12', '前端实习生'), job('云帆', '2016-07', null)];
    const patch = entriesPatch({ profile, corrected: [] }, { experience: rows }, { today, yearsInPatch: false });
    // 2012-07 … 2026-03 without a gap: 165 months; the side job inside it adds nothing, the internship is left out.
    expect(patch.totalYears).toBe(Math.round((165 / 12) * 10) / 10);
  });

  it.each([
    ['nothing says HR set the years', { corrected: [], yearsInPatch: false }, true],
    ['HR typed the years in the same form', { corrected: [], yearsInPatch: true }, false],
    ['HR typed the years earlier', { corrected: ['totalYears'], yearsInPatch: false }, false],
  ])('re-dated rows: recomputed unless HR set the years (%s)', (_case, { corrected, yearsInPatch }, recomputed) => {
    const profile = stored([job('云帆', '2016-07', null)], 12);
    const patch = entriesPatch({ profile, corrected }, { experience: [job('云帆', '2018-07', null)] }, { today, yearsInPatch });
    expect('totalYears' in patch).toBe(recomputed);
  });

  it('recomputes again a figure an earlier recomputation stored (corrected, but what the stored rows give)', () => {
    const first = [job('云帆', '2016-07', '2020-06')];
    const firstRows = first.map((r) => ({ ...r, months: 48 }));
    const profile: ResumeProfile = { ...stored([], null), experience: firstRows.map((r) => ({ ...r, confidence: 1, source: null })), totalYears: { value: yearsFromRows(firstRows), confidence: 1, source: null } };
    const patch = entriesPatch({ profile, corrected: ['experience', 'totalYears'] }, { experience: [job('云帆', '2016-07', '2022-06')] }, { today, yearsInPatch: false });
    expect(patch.totalYears).toBe(6);
  });

  it('patches the education only when it changed', () => {
    const profile: ResumeProfile = { ...emptyProfile(), education: [{ school: '北大', degree: 'bachelor', major: null, start: null, end: null, confidence: 0.5, source: null }] };
    const same = [{ school: '北大', degree: 'bachelor' as const, major: null, start: null, end: null }];
    expect(entriesPatch({ profile, corrected: [] }, { education: same }, { today, yearsInPatch: false })).toEqual({});
    expect(entriesPatch({ profile, corrected: [] }, { education: [{ ...same[0]!, major: '法学' }] }, { today, yearsInPatch: false }).education).toEqual([{ ...same[0], major: '法学' }]);
  });
});
