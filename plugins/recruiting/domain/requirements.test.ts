import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clauses, degreeIn, extractRequirements, jobQueryText, languageCode, languagesIn, normalizeRequirements, yearsIn } from './requirements.js';
import type { JobRequirements } from './types.js';

const corpusJob = (id: string) => readFileSync(new URL(`../fixtures/screening/jobs/${id}.txt`, import.meta.url), 'utf8');

type Expected = Partial<JobRequirements> & { title?: string; mustInclude?: string[]; niceInclude?: string[]; absent?: string[] };

/** Job descriptions as pasted from job boards: the corpus ones and short ones for particular phrasings. */
const JOBS: [name: string, description: string, expected: Expected][] = [
  [
    'java-backend (zh, 任职要求 + 加分项 + 福利)',
    corpusJob('java-backend'),
    {
      title: '高级Java开发工程师',
      mustHave: ['java', 'multithreading', 'jvm', 'spring boot', 'spring cloud', 'mybatis', 'mysql', 'sql', 'redis'],
      // "Kafka或RabbitMQ" offers alternatives; duties and 加分项 describe, not demand.
      niceInclude: ['kafka', 'rabbitmq', 'microservices', 'high concurrency', 'distributed systems', 'docker', 'kubernetes', 'communication'],
      minYears: 3,
      degree: 'bachelor',
      languages: [],
    },
  ],
  [
    'frontend (zh, labelled title, 至少一种, 了解…优先)',
    corpusJob('frontend'),
    {
      title: '前端开发工程师',
      mustHave: ['html', 'css', 'javascript', 'typescript', 'webpack', 'vite'],
      niceInclude: ['vue', 'react', 'nodejs', 'mini program'],
      minYears: 2,
      degree: 'bachelor',
    },
  ],
  [
    'accountant (zh, 1、 numbering, 中级职称优先)',
    corpusJob('accountant'),
    {
      title: '总账会计',
      mustHave: ['accounting', 'prc gaap', 'tax', 'excel', 'accounting certificate'],
      niceInclude: ['kingdee', 'yonyou'],
      minYears: 3,
      degree: 'bachelor',
      // "配合会计师事务所完成年度审计" is a duty of being audited, not an audit skill.
      absent: ['audit'],
    },
  ],
  [
    'sales (zh, 大专及以上, 招投标者优先, company pitch)',
    corpusJob('sales'),
    { mustHave: ['b2b sales', 'key account management', 'negotiation', 'crm', 'ms office'], niceInclude: ['bidding', 'stress tolerance'], minYears: 3, degree: 'associate' },
  ],
  [
    'recruiter (zh, 【】 headings, 证书者优先)',
    corpusJob('recruiter'),
    { title: '招聘主管', mustHave: ['recruitment', 'labor law', 'ms office'], niceInclude: ['onboarding', 'hr certificate'], minYears: 3, degree: 'bachelor' },
  ],
  [
    'ICU nurse (zh, 招聘岗位： label, ICU或急诊…优先)',
    corpusJob('icu-nurse'),
    { title: '重症医学科（ICU）护士', mustInclude: ['nurse license', 'nursing', 'cpr', 'iv therapy'], niceInclude: ['icu'], minYears: 2, degree: 'associate' },
  ],
  [
    'UX designer (en, Requirements / Nice to have)',
    corpusJob('ux-designer'),
    {
      title: 'Senior UI/UX Designer',
      mustHave: ['figma', 'visual design', 'interaction design', 'design systems', 'prototyping'],
      niceInclude: ['user research', 'motion design', 'html', 'css'],
      minYears: 3,
      degree: 'bachelor',
      languages: ['en'],
    },
  ],
  [
    'data analyst (en, ", ideally …", "such as … or …", Preferred)',
    corpusJob('data-analyst'),
    {
      title: 'Data Analyst, Growth',
      mustHave: ['statistics', 'data analysis', 'sql', 'python', 'pandas', 'a/b testing'],
      niceInclude: ['tableau', 'power bi', 'hive', 'spark', 'machine learning'],
      minYears: 2,
      degree: 'bachelor',
      languages: ['en'],
    },
  ],
  [
    'free text without headings (en)',
    'We need a Python developer with at least 3 years of Django experience. PostgreSQL is required; AWS experience is preferred. Fluent English.',
    { mustHave: ['python', 'django', 'postgresql'], niceToHave: ['aws'], minYears: 3, degree: null, languages: ['en'] },
  ],
  [
    'Chinese numerals, 大专以上, 硕士优先, 英语四级, 了解',
    '岗位要求：\n1. 大专以上学历，硕士优先；\n2. 三年及以上测试工作经验；\n3. 熟悉接口测试和自动化测试，了解Docker；\n4. 英语四级以上。',
    { mustHave: ['api testing', 'automated testing'], niceToHave: ['docker'], minYears: 3, degree: 'associate', languages: ['en'] },
  ],
  [
    'range 1-3年, Japanese N2, 粤语优先, 英文简历 is no requirement',
    '任职要求\n· 1-3年外贸跟单经验，熟悉报关流程；\n· 日语N2及以上；普通话标准，会粤语者优先；\n· 简历请用英文填写，发送至hr@example.com',
    { mustHave: ['customs'], minYears: 1, languages: ['ja', 'zh'] },
  ],
  [
    'experience not required, Bachelor or above (the major counts as a skill), 5+ years only in a bonus clause',
    'Junior Accountant\nRequirements:\n- Bachelor’s degree or above in Accounting.\n- No experience required; fresh graduates welcome.\n- Proficient in Excel.\nNice to have:\n- 5+ years in a Big Four firm is a bonus.',
    { title: 'Junior Accountant', mustHave: ['accounting', 'excel'], minYears: null, degree: 'bachelor' },
  ],
  [
    'company intro and benefits never count',
    '公司介绍：我们是一家ERP软件公司，产品基于Java与Oracle开发。\n岗位职责：负责华南区客户开发。\n任职要求：3年以上软件销售经验，具备商务谈判能力。\n福利待遇：五险一金，Excel培训。',
    { mustHave: ['negotiation'], minYears: 3, absent: ['java', 'oracle database', 'excel'] },
  ],
  [
    'English "What we are looking for" heading, "4+ years in an … role", a perk line with no heading',
    [
      'Site Reliability Engineer',
      'What you will do',
      '- Run our Kubernetes clusters and Terraform code.',
      'What we are looking for',
      '- 4+ years in an SRE or infrastructure role.',
      '- Production experience with Kubernetes.',
      '',
      '五险一金 | 双休 | 年度旅游 | 下午茶',
    ].join('\n'),
    { mustInclude: ['kubernetes'], minYears: 4, absent: ['social insurance'] },
  ],
  [
    'Chinese 【优先/加分】 heading counts as nice to have',
    ['【任职要求】', '1. 熟练使用Excel；', '【优先/加分】', '- 会使用SAP；'].join('\n'),
    { mustHave: ['excel'], niceInclude: ['sap'] },
  ],
];

describe('extractRequirements', () => {
  it.each(JOBS)('%s', (_name, description, expected) => {
    const got = extractRequirements(description);
    const { mustInclude, niceInclude, absent, ...exact } = expected;
    for (const [key, value] of Object.entries(exact)) expect(got[key as keyof typeof got], key).toEqual(value);
    for (const skill of mustInclude ?? []) expect(got.mustHave).toContain(skill);
    for (const skill of niceInclude ?? []) expect(got.niceToHave).toContain(skill);
    for (const skill of absent ?? []) expect([...got.mustHave, ...got.niceToHave]).not.toContain(skill);
    // A skill is either required or nice, never both.
    expect(got.niceToHave.filter((s) => got.mustHave.includes(s))).toEqual([]);
  });
});

describe('clause readers', () => {
  it.each([
    ['本科及以上学历（硕士优先）', ['本科及以上学历', '硕士优先']],
    ['熟悉Java，有Go经验者优先；了解K8s', ['熟悉Java', '有Go经验者优先', '了解K8s']],
    ['3+ years of experience, ideally in fintech', ['3+ years of experience', 'ideally in fintech']],
    ['Java, Spring and MySQL', ['Java, Spring and MySQL']],
  ])('clauses(%s)', (sentence, expected) => {
    expect(clauses(sentence)).toEqual(expected);
  });

  it.each([
    ['3年以上Java开发经验', 3],
    ['三年及以上工作经验', 3],
    ['十年以上行业经验', 10],
    ['1-3年相关工作经验', 1],
    ['3~5年工作经验', 3],
    ['5+ years of experience', 5],
    ['at least three years of professional experience', 3],
    ['minimum of 2 yrs working in retail', 2],
    ['3+ years of Java development', 3],
    ['4+ years in an SRE or infrastructure role', 4],
    ['a 5 years warranty on parts', null],
    ['2020年毕业，有相关经验', null],
    ['年龄35岁以下', null],
    ['年薪30万，3年经验', null],
    ['熟悉Java 8', null],
  ])('yearsIn(%s) = %s', (clause, expected) => {
    expect(yearsIn(clause)).toBe(expected);
  });

  it.each([
    ['本科及以上学历', 'bachelor'],
    ['统招本科', 'bachelor'],
    ['大专以上学历', 'associate'],
    ['硕士研究生', 'master'],
    ['博士学位', 'phd'],
    ['中专或高中学历', 'high_school'],
    ["Bachelor's degree in Computer Science or a related field", 'bachelor'],
    ['BS/MS in Statistics', 'bachelor'],
    ['PhD in Machine Learning', 'phd'],
    ['High school diploma', 'high_school'],
    ['学历不限', null],
    ['熟悉专科护理操作', null],
    ['MS Office', null],
  ])('degreeIn(%s) = %s', (clause, expected) => {
    expect(degreeIn(clause)).toBe(expected);
  });

  it.each([
    ['英语四级以上', ['en']],
    ['CET-6', ['en']],
    ['良好的英语读写能力', ['en']],
    ['Fluent English', ['en']],
    ['Excellent written and spoken English', ['en']],
    ['Japanese N2 or above', ['ja']],
    ['日语一级', ['ja']],
    ['普通话标准', ['zh']],
    ['英语、日语口语流利', ['en', 'ja']],
    ['请投递英文简历', []],
    ['Serve Japanese clients', []],
  ])('languagesIn(%s) = %j', (clause, expected) => {
    expect(languagesIn(clause)).toEqual(expected);
  });
});

describe('jobQueryText', () => {
  it('keeps the title, duties and requirements, not the pitch or the benefits', () => {
    const text = jobQueryText(corpusJob('java-backend'));
    expect(text).toContain('高级Java开发工程师');
    expect(text).toContain('负责电商交易平台');
    expect(text).toContain('熟练使用Spring Boot');
    expect(text).not.toContain('跨境电商的互联网公司');
    expect(text).not.toContain('五险一金');
  });

  it('keeps everything of a description without headings', () => {
    expect(jobQueryText('Python developer, Django, 3 years')).toBe('Python developer, Django, 3 years');
  });
});

describe('normalizeRequirements', () => {
  it('canonicalizes, dedupes and keeps a skill required rather than nice', () => {
    expect(
      normalizeRequirements({
        mustHave: ['JS', 'javascript', ' React.js ', 'SAP Ariba'],
        niceToHave: ['react', 'Docker', 'docker', ''],
        minYears: 2.26,
        degree: 'bachelor',
        languages: ['English', 'EN', '日语'],
      }),
    ).toEqual({ mustHave: ['javascript', 'react', 'sap ariba'], niceToHave: ['docker'], minYears: 2.5, degree: 'bachelor', languages: ['en', 'ja'] });
  });

  it('fills what HR left out', () => {
    expect(normalizeRequirements({ mustHave: ['Excel'] })).toEqual({ mustHave: ['excel'], niceToHave: [], minYears: null, degree: null, languages: [] });
  });

  it.each([
    [{ minYears: -1 }],
    [{ minYears: 80 }],
    [{ degree: 'diploma' }],
    [{ mustHave: 'java' }],
  ])('refuses %j', (input) => {
    expect(() => normalizeRequirements(input as never)).toThrow();
  });

  it('maps language names to codes', () => {
    expect(['English', '英语', 'Mandarin', '粤语', 'Swahili'].map(languageCode)).toEqual(['en', 'en', 'zh', 'yue', 'swahili']);
  });
});
