import { describe, expect, it } from 'vitest';
import type { Degree } from '../types.js';
import { highestDegree, parseEducation } from './education.js';
import { toLines } from './lines.js';

type Row = [school: string | null, degree: Degree | null, major: string | null, start: string | null, end: string | null];

const parse = (...lines: string[]) => parseEducation(toLines(lines.join('\n')));
const rows = (...lines: string[]): Row[] => parse(...lines).map((e) => [e.school, e.degree, e.major, e.start, e.end]);

describe('parseEducation', () => {
  const cases: Array<[string, string[], Row[]]> = [
    ['a table row', ['2010.09 - 2014.06  北京邮电大学  计算机科学与技术  统招本科'], [['北京邮电大学', 'bachelor', '计算机科学与技术', '2010-09', '2014-06']]],
    ['a designed template', ['复旦大学 | 金融学 | 硕士 | 2013年9月 — 2016年6月'], [['复旦大学', 'master', '金融学', '2013-09', '2016-06']]],
    ['a sentence', ['2013年9月至2016年6月，就读于复旦大学金融学专业，硕士研究生。'], [['复旦大学', 'master', '金融学', '2013-09', '2016-06']]],
    ['a labelled block', ['学校：浙江大学', '专业：软件工程', '学历：硕士', '时间：2012.09-2015.03'], [['浙江大学', 'master', '软件工程', '2012-09', '2015-03']]],
    ['a doctorate at an academy', ['2015.09-2020.06 中国科学院大学 博士'], [['中国科学院大学', 'phd', null, '2015-09', '2020-06']]],
    ['a high school', ['2006-2009 湖南省长沙市第一中学 高中'], [['湖南省长沙市第一中学', 'high_school', null, '2006-01', '2009-01']]],
    ['a vocational college', ['2011.09-2014.06 深圳职业技术学院 市场营销 大专'], [['深圳职业技术学院', 'associate', '市场营销', '2011-09', '2014-06']]],
    ['an English line', ['B.S. in Computer Science, University of Michigan   Sep 2008 – May 2012'], [['University of Michigan', 'bachelor', 'Computer Science', '2008-09', '2012-05']]],
    ['school above degree', ['Johns Hopkins University', 'Bachelor of Science in Nursing | 08/2011 - 05/2015'], [['Johns Hopkins University', 'bachelor', 'Nursing', '2011-08', '2015-05']]],
    ['an MBA', ['Master of Business Administration (MBA), Trinity College Dublin, 2010 – 2012'], [['Trinity College Dublin', 'master', null, '2010-01', '2012-01']]],
    ['a graduation year only', ['University of Washington, Seattle, WA', 'M.S., Electrical Engineering, 2014'], [['University of Washington', 'master', 'Electrical Engineering', null, '2014-01']]],
    ['a state that looks like a degree', ['Boston University — Boston, MA', 'BA in Economics, 2016'], [['Boston University', 'bachelor', 'Economics', null, '2016-01']]],
    ['a high school diploma', ['Lamar High School', 'High School Diploma | 2004 - 2008'], [['Lamar High School', 'high_school', null, '2004-01', '2008-01']]],
    ['an Indian B.Tech', ['B.Tech in Computer Science, Indian Institute of Technology Delhi, 2012 – 2016'], [['Indian Institute of Technology Delhi', 'bachelor', 'Computer Science', '2012-01', '2016-01']]],
    ['several labels on one line', ['学校：上海大学   专业：数字媒体艺术   学历：本科   时间：2015.9-2019.6'], [['上海大学', 'bachelor', '数字媒体艺术', '2015-09', '2019-06']]],
    ['a degree right after the school', ['2012 – 2016  Tsinghua University  B.Eng., Software Engineering'], [['Tsinghua University', 'bachelor', 'Software Engineering', '2012-01', '2016-01']]],
    ['a school with a campus after a comma', ['University of Michigan, Ann Arbor — M.S. in Statistics, 2015'], [['University of Michigan', 'master', 'Statistics', null, '2015-01']]],
    ['a field right after the degree', ['New York University, B.A. Communications, 2014'], [['New York University', 'bachelor', 'Communications', null, '2014-01']]],
    ['bracketed dates and pipes', ['【2009.09-2013.06】北京航空航天大学 | 计算机科学与技术 | 本科'], [['北京航空航天大学', 'bachelor', '计算机科学与技术', '2009-09', '2013-06']]],
    ['a Hong Kong diploma', ['Diploma in Multimedia Design, Hong Kong Design Institute, 2016 – 2018'], [['Hong Kong Design Institute', 'associate', 'Multimedia Design', '2016-01', '2018-01']]],
    ['a Spanish university', ['BSc in Mechanical Engineering, Universidad Politécnica de Madrid, 2010 – 2014'], [['Universidad Politécnica de Madrid', 'bachelor', 'Mechanical Engineering', '2010-01', '2014-01']]],
    [
      'two rows and course details',
      ['2012.09 - 2015.03  浙江大学  软件工程  硕士', '主修课程：数据结构、操作系统、计算机网络', 'GPA：3.8/4.0（专业前5%）', '2008.09 - 2012.06  浙江工业大学  计算机科学与技术  本科'],
      [
        ['浙江大学', 'master', '软件工程', '2012-09', '2015-03'],
        ['浙江工业大学', 'bachelor', '计算机科学与技术', '2008-09', '2012-06'],
      ],
    ],
  ];
  it.each(cases)('%s', (_, lines, expected) => {
    expect(rows(...lines)).toEqual(expected);
  });

  it('is sure of a complete entry and keeps its lines as the source', () => {
    const [entry] = parse('Johns Hopkins University', 'Bachelor of Science in Nursing | 08/2011 - 05/2015');
    expect(entry!.confidence).toBeGreaterThanOrEqual(0.9);
    expect(entry!.source).toBe('Johns Hopkins University\nBachelor of Science in Nursing | 08/2011 - 05/2015');
    const [partial] = parse('北京大学');
    expect(partial!.confidence).toBeLessThan(entry!.confidence);
  });
});

describe('highestDegree', () => {
  it('takes the highest of the entries', () => {
    const education = parse('2012.09-2015.03 浙江大学 硕士', '2008.09-2012.06 浙江工业大学 本科');
    expect(highestDegree(education, [], []).value).toBe('master');
  });

  it('trusts a 学历 label, and still sees a higher degree in the entries', () => {
    const header = toLines('学历：本科    工作年限：8年');
    const labelled = highestDegree([], header, []);
    expect(labelled.value).toBe('bachelor');
    expect(labelled.confidence).toBeGreaterThanOrEqual(0.9);
    expect(highestDegree(parse('2015.09-2018.06 清华大学 硕士'), header, []).value).toBe('master');
  });

  it('falls back on a degree word in the summary, with less confidence', () => {
    const got = highestDegree([], [], toLines('本科学历，五年销售经验'));
    expect(got.value).toBe('bachelor');
    expect(got.confidence).toBeLessThan(0.9);
  });

  it('is null when no degree is given', () => {
    expect(highestDegree([], toLines('张伟\n13812345678'), [])).toEqual({ value: null, confidence: 0, source: null });
  });
});
