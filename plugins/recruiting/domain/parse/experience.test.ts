import { describe, expect, it } from 'vitest';
import type { Parsed } from '../types.js';
import type { MonthPoint } from './dates.js';
import { parseExperience, statedYears, totalYears } from './experience.js';
import { toLines } from './lines.js';

const today: MonthPoint = { year: 2025, month: 6 };
type Row = [company: string | null, title: string | null, start: string | null, end: string | null, current: boolean];

const parse = (lines: string[], internships = false) =>
  parseExperience([{ lines: toLines(lines.join('\n')), internships }], today, lines.some((l) => /\p{Script=Han}/u.test(l)));
const rows = (lines: string[]): Row[] => parse(lines).entries.map((e) => [e.company, e.title, e.start, e.end, e.current]);

describe('parseExperience', () => {
  const cases: Array<[string, string[], Row[]]> = [
    [
      'table rows with numbered duties',
      ['2019.03 - 至今  北京字节跳动科技有限公司  高级前端工程师', '工作内容：', '1. 负责与阿里巴巴集团的数据对接', '2. 参与公司级组件库建设', '2014.07 - 2019.02  北京百度网讯科技有限公司  前端开发工程师'],
      [
        ['北京字节跳动科技有限公司', '高级前端工程师', '2019-03', null, true],
        ['北京百度网讯科技有限公司', '前端开发工程师', '2014-07', '2019-02', false],
      ],
    ],
    [
      'a designed template with the title on its own line',
      ['上海浦东发展银行股份有限公司（2016年7月 — 2019年2月）', '职位：对公客户经理', '· 维护40余家企业客户'],
      [['上海浦东发展银行股份有限公司', '对公客户经理', '2016-07', '2019-02', false]],
    ],
    [
      'a sentence',
      ['2016年7月至2019年2月，就职于上海浦东发展银行股份有限公司，任对公客户经理。维护40余家企业客户，年均授信投放15亿元。'],
      [['上海浦东发展银行股份有限公司', '对公客户经理', '2016-07', '2019-02', false]],
    ],
    [
      'labelled fields',
      ['公司名称：华为技术有限公司', '职位：大客户经理', '时间：2018.01 - 2022.03', '工作内容：负责运营商客户关系维护'],
      [['华为技术有限公司', '大客户经理', '2018-01', '2022-03', false]],
    ],
    [
      'a partnership and full-width brackets',
      ['2013年9月 - 2017年8月  普华永道中天会计师事务所（特殊普通合伙）  高级审计员'],
      [['普华永道中天会计师事务所(特殊普通合伙)', '高级审计员', '2013-09', '2017-08', false]],
    ],
    [
      'company line, then dates and title',
      ['阿里巴巴（中国）有限公司', '2020.05 - 至今  高级产品经理'],
      [['阿里巴巴(中国)有限公司', '高级产品经理', '2020-05', null, true]],
    ],
    [
      'duty lines that name a company',
      ['北京某某科技有限公司', '2019.03 - 至今 前端工程师', '负责公司前端团队管理', '参与集团数据中台建设', '上海某某网络有限公司', '2016.07 - 2019.02 前端开发'],
      [
        ['北京某某科技有限公司', '前端工程师', '2019-03', null, true],
        ['上海某某网络有限公司', '前端开发', '2016-07', '2019-02', false],
      ],
    ],
    [
      'bracketed dates and a colon',
      ['【2015.07-2019.02】网易（杭州）网络有限公司 | 高级Java工程师', '2013年7月-2015年6月：北京搜狐新媒体信息技术有限公司，Java开发工程师'],
      [
        ['网易(杭州)网络有限公司', '高级Java工程师', '2015-07', '2019-02', false],
        ['北京搜狐新媒体信息技术有限公司', 'Java开发工程师', '2013-07', '2015-06', false],
      ],
    ],
    [
      'English: "Title — Company (years)" and a labelled block',
      ['Head of Marketing — Brightline Media (2020–2024)', 'Company: Oceanic Foods Ltd.', 'Title: Brand Associate', 'Dates: 09/2014 – 06/2017'],
      [
        ['Brightline Media', 'Head of Marketing', '2020-01', '2024-01', false],
        ['Oceanic Foods Ltd.', 'Brand Associate', '2014-09', '2017-06', false],
      ],
    ],
    ['an English title inside a Chinese row', ['2015.04 - 2018.06 杭州海康威视数字技术股份有限公司 Java开发工程师'], [['杭州海康威视数字技术股份有限公司', 'Java开发工程师', '2015-04', '2018-06', false]]],
    ['a title split by spaces', ['2015.04 - 2018.06 杭州海康威视数字技术股份有限公司 高级 Java 开发工程师'], [['杭州海康威视数字技术股份有限公司', '高级 Java 开发工程师', '2015-04', '2018-06', false]]],
    ['a salary and a city in the row', ['2019.03-至今 | 北京某某科技有限公司 | 前端工程师 | 北京 | 15000-20000元/月'], [['北京某某科技有限公司', '前端工程师', '2019-03', null, true]]],
    ['a brand name without a legal form', ['2018.07-2020.06 上海 携程旅行网 产品经理'], [['携程旅行网', '产品经理', '2018-07', '2020-06', false]]],
    [
      'English: title, company — place, dates',
      ['Senior Software Engineer, Stripe — Seattle, WA   Sep 2016 – Feb 2021', '• Built the ledger reconciliation pipeline on Kafka.'],
      [['Stripe', 'Senior Software Engineer', '2016-09', '2021-02', false]],
    ],
    ['English: pipes and a legal form after a comma', ['Nike Sports (China) Co., Ltd. | Finance Manager | Jun 2022 - Present'], [['Nike Sports (China) Co., Ltd.', 'Finance Manager', '2022-06', null, true]]],
    ['English: "at" and dates in brackets', ['Data Scientist at Uber Technologies, Inc. (Sep 2017 – Mar 2021)'], [['Uber Technologies, Inc.', 'Data Scientist', '2017-09', '2021-03', false]]],
    ['English: a name with commas in the title line', ['Associate, CITIC Securities Co., Ltd. — Beijing   Aug 2016 – Dec 2019'], [['CITIC Securities Co., Ltd.', 'Associate', '2016-08', '2019-12', false]]],
    [
      'English: dates first, then title, then company',
      ['Jan 2018 – Dec 2019', 'Account Executive', 'Oracle Corporation', '- Sold ERP licences to manufacturers.'],
      [['Oracle Corporation', 'Account Executive', '2018-01', '2019-12', false]],
    ],
    [
      'English: promotions under one employer',
      ['Google — Mountain View, CA', 'Senior Software Engineer   Jan 2020 – Present', '• Led the search indexing team.', 'Software Engineer   Jun 2017 – Dec 2019', '• Built a crawler scheduler.'],
      [
        ['Google', 'Senior Software Engineer', '2020-01', null, true],
        ['Google', 'Software Engineer', '2017-06', '2019-12', false],
      ],
    ],
    [
      'several labels on one line',
      ['公司：上海易车信息科技有限公司    职位：UI设计师    时间：2019年7月—2022年6月', '公司：小红书科技有限公司    职位：高级视觉设计师    时间：2022年7月—至今'],
      [
        ['上海易车信息科技有限公司', 'UI设计师', '2019-07', '2022-06', false],
        ['小红书科技有限公司', '高级视觉设计师', '2022-07', null, true],
      ],
    ],
    ['title before a brand name', ['2021.03-至今 | 高级产品经理 | 美团', '负责到店餐饮商家端产品规划'], [['美团', '高级产品经理', '2021-03', null, true]]],
    [
      'English: dates, then employer and city, then title',
      ['2020 – Present', 'Alibaba Group, Hangzhou', 'Senior Data Engineer', '- Built Flink pipelines.', '2016 – 2020', 'Baidu, Beijing', 'Data Engineer'],
      [
        ['Alibaba Group', 'Senior Data Engineer', '2020-01', null, true],
        ['Baidu', 'Data Engineer', '2016-01', '2020-01', false],
      ],
    ],
    [
      'the same hospital twice',
      ['2018.07 - 至今  中南大学湘雅医院  主管护师', '2013.07 - 2018.06  中南大学湘雅医院  护士'],
      [
        ['中南大学湘雅医院', '主管护师', '2018-07', null, true],
        ['中南大学湘雅医院', '护士', '2013-07', '2018-06', false],
      ],
    ],
  ];
  it.each(cases)('%s', (_, lines, expected) => {
    expect(rows(lines)).toEqual(expected);
  });

  it('counts each entry in months and keeps its header lines as the source', () => {
    const { entries } = parse(['阿里巴巴（中国）有限公司', '2020.05 - 2021.04  高级产品经理', '1. 负责商家后台']);
    expect(entries[0]!.months).toBe(12);
    expect(entries[0]!.source).toBe('阿里巴巴（中国）有限公司\n2020.05 - 2021.04  高级产品经理');
    expect(entries[0]!.confidence).toBeGreaterThan(0.8);
  });

  it('marks internships by section and by title', () => {
    expect(parse(['2024.07-2024.12 杭州网易雷火科技有限公司 UI设计师'], true).internship).toEqual([true]);
    expect(parse(['Software Engineering Intern, Google   May 2024 – Aug 2024', 'Product Designer, Shopify   Jul 2021 – Present']).internship).toEqual([true, false]);
  });
});

describe('statedYears', () => {
  const cases: Array<[string, number | null]> = [
    ['8年工作经验', 8],
    ['十二年前端开发经验，熟悉性能优化', 12],
    ['工作年限：10年', 10],
    ['5年以上Java开发经验', 5],
    ['二十余年质量管理经验', 20],
    ['八年法律从业经验', 8],
    ['3年+ 销售经验', 3],
    ['Sales leader with 17+ years of B2B sales experience.', 17],
    ['Over 20 years of experience in regulated manufacturing.', 20],
    ['Data scientist with 7+ years in experimentation.', 7],
    ['Experience: 5 years', 5],
    ['2019年3月入职', null],
    ['负责公司3年发展规划', null],
    ['Managed a budget of 5 million over 3 quarters', null],
  ];
  it.each(cases)('%s → %s', (line, expected) => {
    expect(statedYears(toLines(line)).value).toBe(expected);
  });
});

describe('totalYears', () => {
  const none: Parsed<number | null> = { value: null, confidence: 0, source: null };
  const years = (lines: string[], statement = none, internships = false) => totalYears(parse(lines, internships), today, statement).value;

  it('adds jobs and leaves gaps out', () => {
    // 2012-07..2014-12 (30 months), gap, 2015-09..2019-06 (46), 2019-07..2025-06 (72) → 148 months.
    expect(years(['2019.07 - 至今 阿斯利康投资（中国）有限公司 人力资源经理', '2015.09 - 2019.06 强生（中国）有限公司 HRBP', '2012.07 - 2014.12 上海携程商务有限公司 招聘专员'])).toBe(12.3);
  });

  it('counts overlapping jobs once', () => {
    // A part-time consultancy (2018-03..2020-12) inside 2016-07..now: nine years, not eleven.
    expect(years(['2019/07 ~ 今 上海哔哩哔哩科技有限公司 运营经理', '2018/03 ~ 2020/12 上海悦享品牌管理有限公司 新媒体顾问（兼职）', '2016/07 ~ 2019/06 武汉斗鱼网络科技有限公司 内容运营'])).toBe(9);
  });

  it('does not count internships; only internships make zero years', () => {
    expect(years(['2024.07-2024.12 杭州网易雷火科技有限公司 UI设计实习生', '2025.01-2025.04 阿里巴巴（中国）有限公司 交互设计实习生'])).toBe(0);
    expect(years(['Software Engineering Intern, Google   May 2024 – Aug 2024', 'Product Designer, Shopify   Jul 2021 – Present'])).toBe(4);
  });

  it('takes a stated figure when it is larger (older jobs left off the list)', () => {
    const stated: Parsed<number | null> = { value: 15, confidence: 0.8, source: '15年以上销售经验' };
    const got = totalYears(parse(['2020.01 - 至今 华为技术有限公司 销售总监']), today, stated);
    expect(got).toEqual(stated);
    expect(years(['2010.01 - 至今 华为技术有限公司 销售总监'], stated)).toBe(15.5);
  });

  it('falls back on the statement, and is null with neither', () => {
    const stated: Parsed<number | null> = { value: 6, confidence: 0.8, source: '6年经验' };
    expect(years([], stated)).toBe(6);
    expect(years([])).toBeNull();
  });
});
