import { describe, expect, it } from 'vitest';
import { BLIND_MARKERS, blindProfile, blindText } from './blind.js';
import { parseResume } from './parse/index.js';

const ZH = BLIND_MARKERS.zh;
const EN = BLIND_MARKERS.en;

const ZH_RESUME = `个人简历
姓名：张伟  性别：男  出生年月：1992.05  身份证：110105199205123456
手机：138-1234-5678  邮箱：zhangwei1992@163.com
［照片］
教育背景
2010.09 - 2014.06  北京大学光华管理学院  工商管理  本科
2014.09 - 2016.06  中南大学  护理学  硕士
工作经历
2016.07 - 2019.06  中南大学湘雅医院  护士
2019.07 - 至今  北京大学附属医院  护理部主管
自我评价
毕业于北京大学，张先生为人踏实，今年33岁。`;

const EN_RESUME = `JAMES O'BRIEN
Galway, Ireland | +353 87 123 4567 | james.obrien@eircom.net
Date of Birth: 3 May 1980 · Gender: Male · Age: 45
Photo
SUMMARY
Mr. O'Brien has over 20 years of experience. James led a 900-person plant. Born in 1980, 45 years old.
EDUCATION
B.Eng. in Mechanical Engineering, University College Dublin   September 1998 – June 2002
EXPERIENCE
Plant Manager, Medtronic plc — Galway, Ireland   January 2016 – Present
Process Engineer, University College Dublin Hospital — Dublin   June 2002 – December 2015`;

const zh = parseResume(ZH_RESUME, { today: '2025-06-30' });
const en = parseResume(EN_RESUME, { today: '2025-06-30' });

describe('blindText hides who the candidate is', () => {
  const zhBlind = blindText(ZH_RESUME, zh);
  const enBlind = blindText(EN_RESUME, en);

  it.each([
    ['the name', '张伟'],
    ['the name as 张先生', '张先生'],
    ['the gender', '性别：男'],
    ['the birth date', '1992.05'],
    ['the age', '33岁'],
    ['the ID number (it holds birth date and gender)', '110105199205123456'],
    ['the e-mail (it spells the name)', 'zhangwei1992'],
    ['the mobile', '138-1234-5678'],
    ['the photo marker', '［照片］'],
    ['the school in the education line', '北京大学光华管理学院'],
    ['the school in a sentence', '毕业于北京大学'],
    ['the second school', '2014.09 - 2016.06  中南大学  护理学'],
  ])('Chinese: %s', (_, secret) => {
    expect(zhBlind).not.toContain(secret);
  });

  it.each([
    ['the full name', "JAMES O'BRIEN"],
    ['the last name with a title', "Mr. O'Brien"],
    ['the first name alone', 'James led'],
    ['the birth date', '3 May 1980'],
    ['the gender', 'Gender: Male'],
    ['the age', 'Age: 45'],
    ['"born in"', 'Born in 1980'],
    ['"years old"', '45 years old'],
    ['the e-mail', 'james.obrien@eircom.net'],
    ['the phone', '+353 87 123 4567'],
    ['the school', 'Engineering, University College Dublin'],
  ])('English: %s', (_, secret) => {
    expect(enBlind).not.toContain(secret);
  });

  it.each(['Born: 1993', 'Born:1993', 'born in 1993', 'Born on May 3, 1993', 'Born 1993'])('English birth line "%s" loses its year', (line) => {
    const out = blindText(`Summary\n${line}\nSenior engineer`, en);
    expect(out).not.toContain('1993');
    expect(out).toContain('Senior engineer');
  });

  it('leaves "Reborn 2020" alone', () => {
    expect(blindText('Project Reborn 2020', en)).toContain('Reborn 2020');
  });

  it('puts markers in the language of what they replace', () => {
    expect(zhBlind).toContain(`姓名：${ZH.name}`);
    expect(zhBlind).toContain(`2010.09 - 2014.06  ${ZH.school}  工商管理  本科`);
    expect(zhBlind).toContain(`毕业于${ZH.school}`);
    expect(zhBlind).toContain(ZH.photo);
    expect(enBlind).toContain(`B.Eng. in Mechanical Engineering, ${EN.school}`);
    expect(enBlind).toContain(`${EN.name} has over 20 years`);
  });

  it('keeps what screening needs: degrees, majors, dates, employers, experience', () => {
    for (const kept of ['工商管理  本科', '2019.07 - 至今', '护理部主管', '20 years of experience', 'Plant Manager, Medtronic plc', 'January 2016 – Present']) {
      expect(zhBlind + enBlind).toContain(kept);
    }
  });

  it('leaves a school name that is part of an employer: 中南大学湘雅医院, 北京大学附属医院 (decision: employers stay visible)', () => {
    expect(zhBlind).toContain('2016.07 - 2019.06  中南大学湘雅医院  护士');
    expect(zhBlind).toContain('2019.07 - 至今  北京大学附属医院  护理部主管');
    expect(enBlind).toContain('University College Dublin Hospital');
  });

  it('does not touch words that merely look like hidden values', () => {
    const profile = parseResume('姓名：王芳\n教育背景\n2010.09-2014.06 复旦大学 本科', { today: '2025-06-30' });
    const text = '负责女装品类运营，男女比例 1:1，5年工作经验，团队规模20人，2019年生产部经理';
    expect(blindText(text, profile)).toBe(text);
  });

  it('keeps contact details when asked to', () => {
    expect(blindText(ZH_RESUME, zh, { contact: false })).toContain('zhangwei1992@163.com');
    expect(blindText(ZH_RESUME, zh, { contact: false })).not.toContain('张伟');
  });
});

describe('blindProfile', () => {
  const blind = blindProfile(zh);

  it('empties name, gender, birth year, schools and contact details', () => {
    expect([blind.name.value, blind.gender.value, blind.birthYear.value, blind.mobile.value, blind.email.value]).toEqual([null, null, null, null, null]);
    expect(blind.education.map((e) => e.school)).toEqual([null, null]);
  });

  it('keeps degrees, majors, dates, experience, years, skills and languages', () => {
    expect(blind.education.map((e) => [e.degree, e.major, e.start, e.end])).toEqual(zh.education.map((e) => [e.degree, e.major, e.start, e.end]));
    expect(blind.experience.map((e) => [e.company, e.title, e.months])).toEqual(zh.experience.map((e) => [e.company, e.title, e.months]));
    expect(blind.highestDegree.value).toBe('master');
    expect(blind.totalYears).toEqual(zh.totalYears);
    expect(blind.skills.value).toEqual(zh.skills.value);
  });

  it('masks the source lines shown as evidence', () => {
    const sources = JSON.stringify(blind);
    for (const secret of ['张伟', '北京大学光华管理学院', '1992.05', '13812345678', 'zhangwei1992']) expect(sources).not.toContain(secret);
    expect(blind.education[0]!.source).toBe(`2010.09 - 2014.06  ${ZH.school}  工商管理  本科`);
  });

  it('does not change the profile it was given', () => {
    const before = JSON.stringify(zh);
    blindProfile(zh);
    expect(JSON.stringify(zh)).toBe(before);
    expect(zh.name.value).toBe('张伟');
  });
});
