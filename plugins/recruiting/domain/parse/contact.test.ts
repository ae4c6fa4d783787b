import { describe, expect, it } from 'vitest';
import { findBirthYear, findEmail, findGender, findMobile } from './contact.js';
import { toLines } from './lines.js';

const lines = (...s: string[]) => toLines(s.join('\n'));

describe('findMobile', () => {
  const cases: Array<[string, string | null]> = [
    ['手机：138-1234-5678', '13812345678'],
    ['电话: +86 139 1234 5678', '13912345678'],
    ['Tel: (+86) 135-1010-2020', '13510102020'],
    ['联系方式：0086 13712345678', '13712345678'],
    ['Mobile: +86-150-0108-6677', '15001086677'],
    ['手机号码：１５６０３７１８８９０', '15603718890'],
    ['13812345678 | zhang@example.com | 北京', '13812345678'],
    ['Phone: +1 (206) 555-0182', '+12065550182'],
    ['(617) 555-0148 · sarah@example.com', '6175550148'],
    ['+44 7700 900123', '+447700900123'],
    ['+91 98765 43210', '+919876543210'],
    ['身份证号：110105199205123456', null],
    ['2019.03 - 2021.07 北京字节跳动科技有限公司', null],
    ['QQ：123456789', null],
    ['期望薪资：15000-20000元/月', null],
  ];
  it.each(cases)('%s → %s', (line, expected) => {
    const got = findMobile(lines(line));
    expect(got.value).toBe(expected);
    expect(got.confidence).toBe(expected === null ? 0 : got.confidence);
    if (expected !== null) expect(got.source).toBe(line);
  });

  it('takes a labelled number over an earlier bare one (a referee) and is surer of it', () => {
    const got = findMobile(lines('推荐人：李老师 13900001111', '手机：13812345678'));
    expect(got.value).toBe('13812345678');
    expect(got.confidence).toBeGreaterThanOrEqual(0.9);
    expect(findMobile(lines('13900001111')).confidence).toBeLessThan(got.confidence);
  });
});

describe('findEmail', () => {
  const cases: Array<[string, string | null]> = [
    ['Email: john.smith@gmail.com', 'john.smith@gmail.com'],
    ['邮箱：zhang_wei@163.com。', 'zhang_wei@163.com'],
    ['E-mail：ｚｈａｎｇ@qq.com', 'zhang@qq.com'],
    ['reach me at anna.m+jobs@company.co.uk.', 'anna.m+jobs@company.co.uk'],
    ['linkedin.com/in/johnsmith', null],
    ['john at gmail dot com', null],
  ];
  it.each(cases)('%s → %s', (line, expected) => {
    expect(findEmail(lines(line)).value).toBe(expected);
  });
});

describe('findGender', () => {
  const cases: Array<[string[], 'male' | 'female' | null, 'labelled' | 'bare' | 'none']> = [
    [['姓名：张伟  性别：男  出生年月：1992.05'], 'male', 'labelled'],
    [['性别: 女'], 'female', 'labelled'],
    [['Gender: Female'], 'female', 'labelled'],
    [['Sex: M'], 'male', 'labelled'],
    [['基本情况：性别女，1990年11月出生。'], 'female', 'labelled'],
    [['王芳', '女 | 29岁 | 上海'], 'female', 'bare'],
    [['刘洋', '男，1992年生，深圳'], 'male', 'bare'],
    [['男装设计师', '负责女装品类运营'], null, 'none'],
    [['Michael Johnson', 'Seattle, WA'], null, 'none'],
  ];
  it.each(cases)('%j → %s', (input, expected, kind) => {
    const all = lines(...input);
    const got = findGender(all, all);
    expect(got.value).toBe(expected);
    if (kind === 'labelled') expect(got.confidence).toBeGreaterThanOrEqual(0.9);
    if (kind === 'bare') expect(got.confidence).toBeLessThan(0.9);
    if (kind === 'none') expect(got.confidence).toBe(0);
  });
});

describe('findBirthYear (reference year 2025)', () => {
  const cases: Array<[string, number | null, boolean]> = [
    ['出生年月：1992.05', 1992, true],
    ['出生日期：1992-05-03', 1992, true],
    ['基本情况：性别女，1990年11月出生。', 1990, true],
    ['女 | 1997年生 | 深圳', 1997, true],
    ['Date of Birth: May 3, 1992', 1992, true],
    ['Date of Birth: 3rd May 1988', 1988, true],
    ['DOB: 03/05/1992', 1992, true],
    ['Born in 1985, Dublin', 1985, true],
    ['年龄：28岁', 1997, false],
    ['Age: 34', 1991, false],
    ['女 | 29岁 | 上海', 1996, false],
    ['5年工作经验', null, false],
    ['2019年生产部经理', null, false],
    ['2025届应届生', null, false],
  ];
  it.each(cases)('%s → %s', (line, expected, sure) => {
    const all = lines(line);
    const got = findBirthYear(all, all, 2025);
    expect(got.value).toBe(expected);
    if (expected !== null) expect(got.confidence >= 0.9).toBe(sure);
  });
});
