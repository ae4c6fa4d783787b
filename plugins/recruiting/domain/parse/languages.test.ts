import { describe, expect, it } from 'vitest';
import type { LanguageSkill } from '../types.js';
import { findLanguages } from './languages.js';
import { toLines } from './lines.js';

const inSection = (...lines: string[]) => {
  const all = toLines(lines.join('\n'));
  return findLanguages(all, all).value;
};
const elsewhere = (...lines: string[]) => findLanguages([], toLines(lines.join('\n'))).value;

describe('findLanguages under a languages heading', () => {
  const cases: Array<[string[], LanguageSkill[]]> = [
    [['英语：CET-6，能熟练阅读英文技术文档'], [{ language: 'en', level: 'CET-6' }]],
    [['英语六级'], [{ language: 'en', level: '六级' }]],
    [['日语：N1'], [{ language: 'ja', level: 'N1' }]],
    [['普通话、粤语（流利）、英语（日常交流）'], [{ language: 'zh', level: null }, { language: 'yue', level: '流利' }, { language: 'en', level: '日常交流' }]],
    [['英语：雅思 7.5，可作为工作语言'], [{ language: 'en', level: '雅思 7.5' }]],
    [['English (native), Spanish (professional working proficiency)'], [{ language: 'en', level: 'native' }, { language: 'es', level: 'professional working proficiency' }]],
    [['Mandarin (native)', 'English (fluent, IELTS 7.5)'], [{ language: 'zh', level: 'native' }, { language: 'en', level: 'fluent' }]],
    [['German (B2) · French (A2)'], [{ language: 'de', level: 'B2' }, { language: 'fr', level: 'A2' }]],
    [['TOEFL 105'], [{ language: 'en', level: 'TOEFL 105' }]],
    [['韩语 TOPIK 5级'], [{ language: 'ko', level: 'TOPIK 5' }]],
    [['Cantonese - conversational; Hindi (mother tongue)'], [{ language: 'yue', level: 'conversational' }, { language: 'hi', level: 'mother tongue' }]],
  ];
  it.each(cases)('%j', (lines, expected) => {
    expect(inSection(...lines)).toEqual(expected);
  });

  it('keeps each language once, taking a level found later', () => {
    expect(inSection('英语', '英语：CET-6')).toEqual([{ language: 'en', level: 'CET-6' }]);
  });
});

describe('findLanguages elsewhere in the résumé', () => {
  it.each([
    [['证书：CET-6、计算机二级'], ['en']],
    [['雅思 7.0，托福 102'], ['en']],
    [['Japanese N2 certificate holder'], ['ja']],
    [['Fluent in English and Mandarin'], ['en', 'zh']],
    [['精通英语、日语，可作为工作语言'], ['en', 'ja']],
    [['English (fluent) and Mandarin (native)'], ['en', 'zh']],
    [['HSK 5'], ['zh']],
  ])('%j → %j', (lines, codes) => {
    expect(elsewhere(...lines).map((l) => l.language)).toEqual(codes);
  });

  it.each([['B.A. in English Literature'], ['Chinese Academy of Sciences'], ['负责英文网站运营'], ['German engineering company']])('%s names no language skill', (line) => {
    expect(elsewhere(line)).toEqual([]);
  });

  it('is surer of a languages section than of a mention elsewhere, and empty with confidence 0', () => {
    const section = toLines('英语六级');
    expect(findLanguages(section, section).confidence).toBeGreaterThan(findLanguages([], section).confidence);
    expect(findLanguages([], toLines('张伟'))).toEqual({ value: [], confidence: 0, source: null });
  });
});
