import { describe, expect, it } from 'vitest';
import { toLines } from './lines.js';
import { findName } from './name.js';
import { splitSections } from './sections.js';

function nameOf(...lines: string[]) {
  const all = toLines(lines.join('\n'));
  const header = splitSections(all).find((s) => s.kind === 'header')?.lines ?? [];
  return findName(all, header);
}

describe('findName', () => {
  const labelled: Array<[string[], string]> = [
    [['个人简历', '姓名：张伟  性别：男  出生年月：1992.05'], '张伟'],
    [['姓 名：欧阳娜娜'], '欧阳娜娜'],
    [['姓名 李娜 性别 女'], '李娜'],
    [['Name: Kevin Liu', 'Email: kevin@example.com'], 'Kevin Liu'],
  ];
  it.each(labelled)('%j → %s (labelled, sure)', (lines, expected) => {
    const got = nameOf(...lines);
    expect(got.value).toBe(expected);
    expect(got.confidence).toBeGreaterThanOrEqual(0.9);
  });

  const heuristic: Array<[string[], string]> = [
    [['个人简历', '王芳', '女 | 29岁 | 上海'], '王芳'],
    [['王芳的简历', '基本情况：性别女'], '王芳'],
    [['李 娜', '电话：13812345678'], '李娜'],
    [['张伟 | 高级前端工程师', '13812345678'], '张伟'],
    [['个人简历 - 陈静', '手机：13812345678'], '陈静'],
    [['张伟 Zhang Wei', 'zhangwei@163.com'], '张伟'],
    [['买买提·艾力', '电话：13812345678'], '买买提·艾力'],
    [['JOHN A. SMITH', 'Seattle, WA | john@example.com'], 'John A. Smith'],
    [['Sarah Williams, RN', 'sarah@example.com'], 'Sarah Williams'],
    [["JAMES O'BRIEN", 'Galway, Ireland'], "James O'Brien"],
    [['Curriculum Vitae', 'Priya Sharma', 'priya@example.com'], 'Priya Sharma'],
    [['Resume', 'Senior Software Engineer', 'Michael Johnson'], 'Michael Johnson'],
    [['Daniel García', 'Quality & Process Engineering Manager'], 'Daniel García'],
    [['Anne-Marie Dupont | Product Designer'], 'Anne-Marie Dupont'],
  ];
  it.each(heuristic)('%j → %s (by position, less sure)', (lines, expected) => {
    const got = nameOf(...lines);
    expect(got.value).toBe(expected);
    expect(got.confidence).toBeGreaterThan(0.5);
    expect(got.confidence).toBeLessThan(0.9);
  });

  const none: string[][] = [
    ['个人简历', '求职意向：Java开发'],
    ['Curriculum Vitae', 'Summary'],
    ['上海', '13812345678'],
    ['Seattle, WA', 'john@example.com'],
    ['Senior Software Engineer'],
    ['应届生', '本科'],
  ];
  it.each(none)('%j → no name', (...lines) => {
    const got = nameOf(...lines);
    expect(got.value).toBeNull();
    expect(got.confidence).toBe(0);
  });
});
