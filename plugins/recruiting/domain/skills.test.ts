import { describe, expect, it } from 'vitest';
import {
  SKILL_FAMILIES,
  allSkills,
  canonicalSkill,
  findSkills,
  sentences,
  skillFamily,
  skillLabel,
  skillSynonyms,
  skillsInSentence,
} from './skills.js';

describe('skillsInSentence', () => {
  const cases: [text: string, expected: string[]][] = [
    // Chinese résumé lines with English names glued to Chinese characters.
    ['熟练掌握Java、Spring Boot、MyBatis，熟悉MySQL和Redis', ['java', 'spring boot', 'mybatis', 'mysql', 'redis']],
    ['精通JavaScript/TypeScript，熟悉Vue3和React', ['javascript', 'typescript', 'vue', 'react']],
    ['熟悉微服务架构与分布式系统设计', ['microservices', 'distributed systems']],
    ['熟练使用Excel（VLOOKUP、数据透视表）和PPT', ['excel', 'powerpoint']],
    ['持有护士执业证书，熟练掌握静脉穿刺、心肺复苏', ['nurse license', 'iv therapy', 'cpr']],
    ['负责全盘账务处理及纳税申报，熟练使用金蝶K3', ['accounting', 'tax', 'kingdee']],
    ['熟悉SolidWorks、AutoCAD，了解GD&T', ['solidworks', 'autocad', 'gd&t']],
    // English.
    ['Built REST APIs with Node.js, Express.js and PostgreSQL', ['restful api', 'nodejs', 'postgresql']],
    ['Languages: Go, Python, C and C++', ['golang', 'python', 'c', 'cpp']],
    ['Proficient in C# and .NET Core; some F#', ['csharp', 'dotnet']],
    ['Skills: R, SAS, SPSS, Tableau', ['r', 'sas', 'spss', 'tableau']],
    ['Figma, Sketch, Photoshop; user research and usability testing', ['figma', 'sketch', 'photoshop', 'user research']],
    // Longest alias wins and shorter names inside longer ones never match.
    ['Java and JavaScript are different languages', ['java', 'javascript']],
    ['Spring Cloud, SpringBoot and Spring MVC', ['spring cloud', 'spring boot', 'spring']],
    ['React Native apps and a React.js web', ['react native', 'react']],
    // False-positive traps: ordinary words and letters.
    ['A good team player who wants to go the extra mile', ['teamwork']],
    ['I excel at building relationships and react quickly to change', []],
    ['Swift response to customer complaints', ['complaint handling']],
    ['Word of mouth brought most of our clients', []],
    ['The go-live went well; Plan C was never needed', []],
    ['负责C端产品，参与B轮和C轮融资', []],
    ['R&D department; vitamin C supplements', []],
    ['Spring 2020 semester exchange; spring festival campaign', []],
    ['Error handling in our Rust-free codebase', []],
    ['pH 7.5, reading, cooking', []],
    // Context exceptions: being audited is not auditing; UI designers named by others are not UI skills.
    ['配合会计师事务所完成年度审计工作', []],
    ['Assisted with the annual external audit', []],
    ['负责年报审计项目，编制审计底稿', ['audit']],
    ['根据UI设计稿还原页面，配合UI调整页面', []],
    ['负责App的UI设计与交互设计', ['ui design', 'interaction design']],
    ['搭建UI自动化测试框架', ['automated testing']],
    // Full-width characters (NFKC).
    ['熟悉Ｐｙｔｈｏｎ与ＳＱＬ', ['python', 'sql']],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(skillsInSentence(text)).toEqual(expected);
  });
});

describe('findSkills', () => {
  it('lists each skill once with the first sentence that shows it', () => {
    const text = [
      '个人技能',
      '• 熟练使用Python进行数据分析。熟悉SQL。',
      '项目经验：用Python和Pandas做用户增长分析；结果用Tableau展示',
    ].join('\n');
    expect(findSkills(text)).toEqual([
      { skill: 'python', sentence: '熟练使用Python进行数据分析。' },
      { skill: 'data analysis', sentence: '熟练使用Python进行数据分析。' },
      { skill: 'sql', sentence: '熟悉SQL。' },
      { skill: 'pandas', sentence: '项目经验：用Python和Pandas做用户增长分析；' },
      { skill: 'user growth', sentence: '项目经验：用Python和Pandas做用户增长分析；' },
      { skill: 'tableau', sentence: '结果用Tableau展示' },
    ]);
  });

  it('is empty for text without skills', () => {
    expect(findSkills('')).toEqual([]);
    expect(findSkills('喜欢跑步和摄影。I like hiking.')).toEqual([]);
  });
});

describe('skillsInSentence: negated mentions do not count', () => {
  const cases: [text: string, expected: string[]][] = [
    // Chinese cues; the negation runs to the end of its clause and covers a 、 list.
    ['不熟悉Java', []],
    ['不太熟悉Kubernetes和Docker', []],
    ['熟悉Python，不熟悉Java、Go', ['python']],
    ['不会Photoshop，但熟练使用Figma', ['figma']],
    ['没有Kubernetes相关经验', []],
    ['无Java开发经验，熟悉Python', ['python']],
    ['没有任何React项目经验但熟悉Vue', ['vue']],
    ['未接触过Docker', []],
    ['从未使用过Tableau，常用Excel', ['excel']],
    ['欠缺Spring Boot实战，缺乏MySQL调优能力', []],
    ['对Kubernetes不太了解，熟悉Docker', ['docker']],
    // English cues.
    ['No experience with Kubernetes', []],
    ['Not familiar with Java or Go', []],
    ['Never used Docker in production', []],
    ['Deployed without Kubernetes, using Docker Compose', ['docker']],
    ["Haven't worked with React but know Vue well", ['vue']],
    ['Lack of experience in Tableau; strong Excel skills', ['excel']],
    ['Python (not R)', ['python']],
    // Traps: these are not negations.
    ['不仅熟悉Java，还熟悉Go', ['java', 'golang']],
    ['无论前端后端都熟悉，常用React和Node.js', ['react', 'nodejs']],
    ['无论Java还是Go都有项目经验', ['java', 'golang']],
    ['No. 1 in sales with Salesforce CRM', ['salesforce', 'crm']],
    ['Not only React but also Vue', ['react', 'vue']],
    ['Languages include but are not limited to Java and Python', ['java', 'python']],
    ['熟悉但不限于Java、Python', ['java', 'python']],
    ['Built no-code workflows in Excel', ['excel']],
    ['No longer use Java daily, now mostly Kotlin', ['java', 'kotlin']],
    ['未来三年专注于Java后端', ['java']],
    ['有无缝迁移到Kubernetes的经验', ['kubernetes']],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(skillsInSentence(text)).toEqual(expected);
  });
});

describe('findSkills with negation', () => {
  it('skips a negated mention and quotes a sentence that shows the skill instead', () => {
    const text = ['不熟悉Java。', 'No experience with Kubernetes.', '后端项目全部用Java开发，部署在Kubernetes上。'].join('\n');
    expect(findSkills(text)).toEqual([
      { skill: 'java', sentence: '后端项目全部用Java开发，部署在Kubernetes上。' },
      { skill: 'kubernetes', sentence: '后端项目全部用Java开发，部署在Kubernetes上。' },
    ]);
  });

  it('does not find a skill that is only ever negated', () => {
    expect(findSkills('熟悉Python。没有Java经验。I have never used Docker.').map((f) => f.skill)).toEqual(['python']);
  });
});

describe('canonicalSkill and skillFamily', () => {
  const cases: [raw: string, canonical: string, family: string | null][] = [
    ['JS', 'javascript', 'frontend'],
    ['Node.js', 'nodejs', 'backend'],
    ['node', 'nodejs', 'backend'],
    ['SpringBoot', 'spring boot', 'backend'],
    ['Spring-Boot', 'spring boot', 'backend'],
    [' Kotlin ', 'kotlin', 'mobile'],
    ['Go', 'golang', 'backend'],
    ['C++', 'cpp', 'backend'],
    ['c#', 'csharp', 'backend'],
    ['K8S', 'kubernetes', 'devops'],
    ['机器学习', 'machine learning', 'data'],
    ['注册会计师', 'cpa', 'finance'],
    ['薪酬福利', 'compensation and benefits', 'hr'],
    ['静脉输液', 'iv therapy', 'healthcare'],
    ['报关', 'customs', 'logistics'],
    ['合同审核', 'contract review', 'legal'],
    ['VLOOKUP', 'excel', 'general'],
    // Unknown names stay usable: normalized, not invented.
    ['SAP Ariba Guided Buying', 'sap ariba guided buying', null],
    ['前端', 'frontend', null],
  ];
  it.each(cases)('%s → %s (%s)', (raw, canonical, family) => {
    expect(canonicalSkill(raw)).toBe(canonical);
    expect(skillFamily(raw)).toBe(family);
  });
});

describe('the vocabulary', () => {
  it('covers every family with Chinese and English names', () => {
    const skills = allSkills();
    expect(skills.length).toBeGreaterThanOrEqual(300);
    for (const family of SKILL_FAMILIES) expect(skills.filter((s) => s.family === family).length, family).toBeGreaterThanOrEqual(5);
    // Outside software, nearly every skill has a Chinese name (the rest are product names: SolidWorks, Photoshop).
    const business = skills.filter((s) => !['frontend', 'backend', 'mobile', 'data', 'devops', 'qa'].includes(s.family));
    expect(business.filter((s) => /\p{Script=Han}/u.test(s.labelZh)).length / business.length).toBeGreaterThan(0.85);
  });

  it('finds each skill by its canonical name or its label', () => {
    const mentions = (name: string) => skillsInSentence(`技能：${name}、其他`).concat(skillsInSentence(`Skills: ${name}, other`));
    for (const { skill, label } of allSkills()) {
      expect([...mentions(skill), ...mentions(label)], `${skill} / "${label}"`).toContain(skill);
    }
  });

  it('labels skills per locale', () => {
    expect(skillLabel('cpp', 'en')).toBe('C++');
    expect(skillLabel('machine learning', 'zh')).toBe('机器学习');
    expect(skillLabel('no such skill', 'zh')).toBe('no such skill');
  });

  it('gives BM25 one term for aliases without swallowing ordinary words', () => {
    const synonyms = skillSynonyms();
    expect(synonyms.canonical('springboot')).toBe('spring boot');
    expect(synonyms.canonical('微服务')).toBe('microservices');
    expect(synonyms.canonical('go')).toBe('go');
    expect(synonyms.canonical('word')).toBe('word');
  });
});

describe('sentences', () => {
  const cases: [text: string, expected: string[]][] = [
    ['负责后端开发。熟悉Java！会用Go吗？会；还有Python', ['负责后端开发。', '熟悉Java！', '会用Go吗？', '会；', '还有Python']],
    ['Built APIs in Node.js. Led a team of 5.', ['Built APIs in Node.js.', 'Led a team of 5.']],
    ['B.S. in Computer Science, GPA 3.5. Graduated 2019.', ['B.S. in Computer Science, GPA 3.5.', 'Graduated 2019.']],
    ['Worked at Acme Inc. for 3 years. Really?! Yes.', ['Worked at Acme Inc. for 3 years.', 'Really?!', 'Yes.']],
    ['1. 熟悉Java\n2. 熟悉MySQL', ['1. 熟悉Java', '2. 熟悉MySQL']],
    ['• Java, Spring\r\n  ● Vue   and React  \n\n---\n', ['Java, Spring', 'Vue and React']],
    ['Mr. J. Smith, e.g. this. Done', ['Mr. J. Smith, e.g. this.', 'Done']],
  ];
  it.each(cases)('%j', (text, expected) => {
    expect(sentences(text)).toEqual(expected);
  });
});
