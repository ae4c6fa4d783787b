import { describe, expect, it } from 'vitest';
import { toLines } from './lines.js';
import { headingKind, inlineHeading, splitSections, type SectionKind } from './sections.js';

describe('headingKind', () => {
  const headings: Array<[string, SectionKind]> = [
    ['教育背景', 'education'],
    ['【工作经验】', 'experience'],
    ['■ 教育经历', 'education'],
    ['一、教育背景', 'education'],
    ['二、工作经历：', 'experience'],
    ['—— 项目经验 ——', 'projects'],
    ['教 育 背 景', 'education'],
    ['实习经历', 'internship'],
    ['专业技能', 'skills'],
    ['技能特长', 'skills'],
    ['语言能力', 'languages'],
    ['自我评价', 'summary'],
    ['获奖情况', 'certificates'],
    ['基本信息', 'header'],
    ['校园经历', 'other'],
    ['EDUCATION', 'education'],
    ['Work History', 'experience'],
    ['Professional Experience:', 'experience'],
    ['Employment History', 'experience'],
    ['Skills & Tools', 'skills'],
    ['CORE COMPETENCIES', 'skills'],
    ['Summary', 'summary'],
    ['Profile', 'summary'],
    ['Languages', 'languages'],
    ['Licenses & Certifications', 'certificates'],
    ['教育背景 Education', 'education'],
    ['WORK EXPERIENCE 工作经历', 'experience'],
    ['项目经验 | Projects', 'projects'],
    ['技能/语言', 'skills'],
    ['证书与奖项', 'certificates'],
    ['Skills & Languages', 'skills'],
    ['Awards and Honors', 'certificates'],
  ];
  it.each(headings)('%s → %s', (line, kind) => {
    expect(headingKind(line.normalize('NFKC'))).toBe(kind);
  });

  const notHeadings = [
    '负责教育背景调查',
    '工作内容：',
    '姓名：张伟',
    'Java开发工程师',
    'Experience with React and Node.js in production',
    '2019.03 - 至今 北京字节跳动科技有限公司',
    '教育背景 Skills',
  ];
  it.each(notHeadings)('%s is not a heading', (line) => {
    expect(headingKind(line.normalize('NFKC'))).toBeNull();
  });
});

describe('inlineHeading', () => {
  it.each([
    ['专业技能:Java、MySQL', 'skills', 'Java、MySQL'],
    ['语言:英语六级', 'languages', '英语六级'],
    ['Skills: Python, SQL', 'skills', 'Python, SQL'],
    ['自我评价:踏实肯干', 'summary', '踏实肯干'],
  ])('%s', (line, kind, rest) => {
    expect(inlineHeading(line)).toEqual({ kind, rest });
  });

  it.each(['学历:本科', '工作经历:5年', '姓名:张伟', 'Email: a@b.com'])('%s is a field, not a heading', (line) => {
    expect(inlineHeading(line)).toBeNull();
  });
});

describe('splitSections', () => {
  it('puts lines under their headings, the name and contact rows in the header', () => {
    const text = [
      '张伟',
      '手机：13812345678',
      '【教育背景】',
      '2010.09 - 2014.06 北京邮电大学 本科',
      '【工作经验】',
      '2014.07 - 至今 某某科技有限公司 工程师',
      '1. 负责前端开发',
      '专业技能：Java、MySQL',
      '熟悉 Linux',
      'Languages',
      'English (fluent)',
    ].join('\n');
    const sections = splitSections(toLines(text));
    expect(sections.map((s) => [s.kind, s.lines.length])).toEqual([
      ['header', 2],
      ['education', 1],
      ['experience', 2],
      ['skills', 2],
      ['languages', 1],
    ]);
    expect(sections[3]!.lines[0]!.text).toBe('Java、MySQL');
  });

  it('keeps "Languages: Java, Go" under SKILLS, where it means programming languages', () => {
    const sections = splitSections(toLines('SKILLS\nLanguages: Java, Go, Python\nCloud: AWS\nLANGUAGES\nEnglish (native)'));
    expect(sections.map((s) => [s.kind, s.lines.length])).toEqual([
      ['skills', 2],
      ['languages', 1],
    ]);
  });
});
