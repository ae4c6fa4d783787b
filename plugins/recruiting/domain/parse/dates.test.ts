import { describe, expect, it } from 'vitest';
import { coveredMonths, findDateRanges, monthIndex, rangeMonths, toYearMonth, type MonthPoint } from './dates.js';

const ym = (p: MonthPoint | null) => (p === null ? null : p.month === null ? String(p.year) : toYearMonth(p));

describe('findDateRanges: the ways résumés write a period', () => {
  // [line, start, end (null = open), current]; a year alone is shown as 'YYYY'.
  const cases: Array<[string, string, string | null, boolean]> = [
    ['2019.03-至今', '2019-03', null, true],
    ['2019.3 - 2021.7', '2019-03', '2021-07', false],
    ['2019年3月 - 2021年7月', '2019-03', '2021-07', false],
    ['2019年03月至2021年07月', '2019-03', '2021-07', false],
    ['2016年7月至2019年2月，就职于上海浦东发展银行', '2016-07', '2019-02', false],
    ['2019/03–2021/07', '2019-03', '2021-07', false],
    ['2019-03 ~ 2021-07', '2019-03', '2021-07', false],
    ['2019.03—2021.07', '2019-03', '2021-07', false],
    ['2019.03 -- 2021.07', '2019-03', '2021-07', false],
    ['2019.03 至今 北京字节跳动科技有限公司', '2019-03', null, true],
    ['2019年至今', '2019', null, true],
    ['2020.01.15 - 2021.02.28', '2020-01', '2021-02', false],
    ['Mar 2019 – Present', '2019-03', null, true],
    ['March 2019 - July 2021', '2019-03', '2021-07', false],
    ['Sept. 2018 – Jun. 2020', '2018-09', '2020-06', false],
    ['Senior Engineer, Stripe — Seattle, WA Sep 2016 – Feb 2021', '2016-09', '2021-02', false],
    ['03/2019 - 07/2021', '2019-03', '2021-07', false],
    ['3/2019 – 7/2021', '2019-03', '2021-07', false],
    ['2015-2019', '2015', '2019', false],
    ['2015 – 2019', '2015', '2019', false],
    ['2018 to 2020', '2018', '2020', false],
    ['Jan 2020 to date', '2020-01', null, true],
    ['2021 - Now', '2021', null, true],
    ['Software Engineering Intern, Google Jun – Aug 2024', '2024-06', '2024-08', false],
    ['2016.09 - 2020.06（4年）', '2016-09', '2020-06', false],
    ['2019.03-至今 | 北京某某科技有限公司 | 前端工程师 | 15000-20000元/月', '2019-03', null, true],
  ];
  it.each(cases)('%s', (line, start, end, current) => {
    const [range] = findDateRanges(line.normalize('NFKC'));
    expect(range).toBeDefined();
    expect(ym(range!.start)).toBe(start);
    expect(ym(range!.end)).toBe(end);
    expect(range!.current).toBe(current);
  });

  const notRanges = [
    '138-1234-5678',
    '期望薪资：15000-20000元/月',
    'IELTS 7.0, TOEFL 105',
    '2019',
    'GPA 3.8/4.0',
    'Tel: 0571-8888-6666',
    '公司规模：2000-3000人',
    '2021.07 - 2019.03',
    'ISO 9001:2015',
  ];
  it.each(notRanges)('finds no range in %s', (line) => {
    expect(findDateRanges(line.normalize('NFKC'))).toEqual([]);
  });

  it('finds every range of a line, in order', () => {
    const ranges = findDateRanges('2010.09-2014.06 本科；2014.09-2017.06 硕士');
    expect(ranges.map((r) => [ym(r.start), ym(r.end)])).toEqual([
      ['2010-09', '2014-06'],
      ['2014-09', '2017-06'],
    ]);
  });
});

describe('rangeMonths and coveredMonths: how long people worked', () => {
  const today: MonthPoint = { year: 2025, month: 6 };
  const cases: Array<[string, number]> = [
    ['2019.03 - 2019.05', 3],
    ['2019.03 - 2021.07', 29],
    ['2015 - 2019', 48],
    ['2019.03 - 至今', 76],
    ['Mar 2019 – Present', 76],
    ['2022年至今', 41],
    ['2025.06 - 至今', 1],
  ];
  it.each(cases)('%s lasts %i months (reference June 2025)', (line, months) => {
    const [r] = findDateRanges(line);
    expect(rangeMonths(r!.start, r!.end, today)).toBe(months);
  });

  it('is null for a range that ends before it starts', () => {
    expect(rangeMonths({ year: 2020, month: 5 }, { year: 2020, month: 1 }, today)).toBeNull();
  });

  it('counts overlapping months once and gaps not at all', () => {
    const at = (y: number, m: number) => monthIndex({ year: y, month: m });
    // 2016-07..2019-06 and 2018-03..2020-12 overlap; 2022-01..2022-12 after a gap.
    const intervals: Array<[number, number]> = [
      [at(2016, 7), at(2019, 7)],
      [at(2018, 3), at(2021, 1)],
      [at(2022, 1), at(2023, 1)],
    ];
    expect(coveredMonths(intervals)).toBe(54 + 12);
    expect(coveredMonths([])).toBe(0);
  });
});
