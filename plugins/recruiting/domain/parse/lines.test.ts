import { describe, expect, it } from 'vitest';
import { detectLanguage, MAX_LINE, pieces, toLines } from './lines.js';

describe('toLines', () => {
  it.each([
    ['  姓名：张伟　　性别：男  ', '姓名:张伟 性别:男'],
    ['姓    名：赵一鸣            性    别：男', '姓名:赵一鸣 | 性别:男'],
    ['学　　历：本科', '学历:本科'],
    ['2019.03 - 至今\t北京字节跳动科技有限公司\t前端工程师', '2019.03 - 至今 | 北京字节跳动科技有限公司 | 前端工程师'],
    ['Senior Auditor                 Jan 2019 – Present', 'Senior Auditor | Jan 2019 – Present'],
    ['手机：１３８ １２３４ ５６７８（微信同号）', '手机:138 1234 5678(微信同号)'],
    ['北京字节 职位：前端', '北京字节 职位:前端'],
  ])('%j → %j', (raw, text) => {
    const [line] = toLines(raw);
    expect(line).toEqual({ index: 0, raw: raw.trim(), text });
  });

  it('drops empty lines, numbers the rest and accepts any line break', () => {
    expect(toLines('a\r\n\r\n  \nb\rc\u2028d').map((l) => [l.index, l.text])).toEqual([
      [0, 'a'],
      [1, 'b'],
      [2, 'c'],
      [3, 'd'],
    ]);
  });
});

describe('pieces', () => {
  it('cuts a line longer than the limit at a space or punctuation, covering every character', () => {
    const text = `short\n${'word '.repeat(500)}\n${'字'.repeat(2500)}`;
    const spans = pieces(text);
    expect(spans.every(([a, b]) => b - a <= MAX_LINE)).toBe(true);
    expect(spans.map(([a, b]) => text.slice(a, b)).join('')).toBe(text.replace(/\n/g, ''));
    expect(spans.slice(1, -3).every(([, b]) => text[b - 1] === ' ')).toBe(true);
  });
});

describe('detectLanguage', () => {
  it.each([
    ['精通JavaScript、TypeScript、React、Vue、Node.js，熟悉Webpack', 'zh'],
    ['张伟\n前端工程师，五年经验', 'zh'],
    ['Senior engineer; worked with 张伟 on the Beijing launch of our payments platform.', 'en'],
    ['', 'en'],
  ])('%s → %s', (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });
});
