import { describe, expect, it } from 'vitest';
import { CORPUS_TODAY, PARSE_CORPUS, renderLines } from '../../fixtures/parse/index.js';
import { blindText } from '../blind.js';
import { evaluateParsing } from '../parse-eval.js';
import { canonicalSkill } from '../skills.js';
import { parseResume } from './index.js';

const today = '2025-06-30';

/** A 51job-style export pasted as text: labels in a grid, 工作经验 then 教育经历, duties in prose. */
const ZH_EXPORT = `刘强
男 | 35岁 | 现居住广州 | 10年工作经验
手机：15915728899  E-mail：liuqiang_gz@126.com
最高学历/学位
硕士
求职意向
期望职位：财务经理  期望地点：广州
工作经验
2018/04 - 至今  广汽本田汽车有限公司（10年）
财务主管 | 财务部
工作描述：负责月度结账、合并报表与预算管理，推动 SAP 系统上线。
2015/07 - 2018/03  毕马威华振会计师事务所（特殊普通合伙）广州分所
审计员
工作描述：参与制造业客户年报审计。
教育经历
2012/09 - 2015/06  中山大学  会计学  硕士
2008/09 - 2012/06  暨南大学  财务管理  本科
技能/语言
英语：熟练（CET-6）
熟练使用 Excel、SAP、用友`;

/** An English résumé with roles under one employer, "Work History" and a skills line first. */
const EN_TEXT = `Maria Gonzalez
Senior Accountant · Chicago, IL · maria.gonzalez@example.com · (312) 555-0114

Skills: Excel, SAP, US GAAP, Financial Reporting, Month-end Close

Work History
Deloitte — Chicago, IL
Senior Auditor                         Jan 2019 – Present
  - Led audits of manufacturing clients.
Audit Associate                        Sep 2016 – Dec 2018
  - Tested revenue controls.

Education
University of Illinois Urbana-Champaign
Bachelor of Science in Accountancy, May 2016

Languages: English (native), Spanish (fluent)`;

/** A plain-text export: tabs between columns, employers in capitals heading their roles. */
const EN_TABS = `ROBERT CHEN
robert.chen@gmail.com | 415-555-0199 | San Francisco, CA

EXPERIENCE
ACME CORPORATION\tNew York, NY
Senior Product Manager\t2019 – Present
• Owned the billing roadmap.
Product Manager\t2016 – 2019
WIDGETS LLC\tBoston, MA
Business Analyst\tJun 2013 – May 2016

EDUCATION
Harvard University\tCambridge, MA
MBA\t2011 – 2013
Boston College — B.A., Economics\t2007 – 2011`;

/** A form-style Chinese résumé: labels spaced out with spaces to align them. */
const ZH_FORM = `求职简历

基本信息
姓    名：赵一鸣            性    别：男
年    龄：29岁              民    族：汉
学    历：大专              工作年限：7年
联系电话：13600000000       电子邮箱：zhaoym@163.com

工作经历
2020年3月—至今      富士康科技集团（郑州）      设备维修技术员
主要负责SMT产线设备的日常维护与故障排除。
2018年7月—2020年2月      郑州宇通客车股份有限公司      电工

教育经历
2015年9月—2018年6月      河南工业职业技术学院      电气自动化技术      大专`;

describe('parseResume on whole résumés', () => {
  it('reads a plain-text résumé whose employers head their roles', () => {
    const p = parseResume(EN_TABS, { today });
    expect([p.name.value, p.mobile.value, p.highestDegree.value]).toEqual(['Robert Chen', '4155550199', 'master']);
    expect(p.experience.map((e) => [e.company, e.title, e.start])).toEqual([
      ['ACME CORPORATION', 'Senior Product Manager', '2019-01'],
      ['ACME CORPORATION', 'Product Manager', '2016-01'],
      ['WIDGETS LLC', 'Business Analyst', '2013-06'],
    ]);
    expect(p.education.map((e) => [e.school, e.degree])).toEqual([
      ['Harvard University', 'master'],
      ['Boston College', 'bachelor'],
    ]);
  });

  it('reads a form with spaced-out labels', () => {
    const p = parseResume(ZH_FORM, { today });
    expect([p.name.value, p.gender.value, p.birthYear.value, p.mobile.value, p.highestDegree.value, p.totalYears.value]).toEqual(['赵一鸣', 'male', 1996, '13600000000', 'associate', 7]);
    expect(p.experience.map((e) => [e.company, e.title])).toEqual([
      ['富士康科技集团(郑州)', '设备维修技术员'],
      ['郑州宇通客车股份有限公司', '电工'],
    ]);
  });

  it('reads a Chinese job-board export', () => {
    const p = parseResume(ZH_EXPORT, { today });
    expect(p.language).toBe('zh');
    expect([p.name.value, p.gender.value, p.birthYear.value, p.mobile.value, p.email.value]).toEqual(['刘强', 'male', 1990, '15915728899', 'liuqiang_gz@126.com']);
    expect(p.highestDegree.value).toBe('master');
    expect(p.education.map((e) => [e.school, e.degree, e.major])).toEqual([
      ['中山大学', 'master', '会计学'],
      ['暨南大学', 'bachelor', '财务管理'],
    ]);
    expect(p.experience.map((e) => [e.company, e.title, e.start, e.end])).toEqual([
      ['广汽本田汽车有限公司', '财务主管', '2018-04', null],
      ['毕马威华振会计师事务所(特殊普通合伙)广州分所', '审计员', '2015-07', '2018-03'],
    ]);
    expect(p.totalYears.value).toBe(10);
    expect(p.skills.value).toEqual(expect.arrayContaining(['excel', 'sap'].map(canonicalSkill)));
    expect(p.languages.value).toEqual([{ language: 'en', level: expect.stringMatching(/熟练|CET-6/u) }]);
  });

  it('reads an English résumé with two roles at one employer', () => {
    const p = parseResume(EN_TEXT, { today });
    expect(p.language).toBe('en');
    expect([p.name.value, p.mobile.value, p.email.value, p.gender.value, p.birthYear.value]).toEqual(['Maria Gonzalez', '3125550114', 'maria.gonzalez@example.com', null, null]);
    expect(p.experience.map((e) => [e.company, e.title, e.start, e.end, e.current])).toEqual([
      ['Deloitte', 'Senior Auditor', '2019-01', null, true],
      ['Deloitte', 'Audit Associate', '2016-09', '2018-12', false],
    ]);
    expect(p.totalYears.value).toBe(8.8);
    expect(p.education.map((e) => [e.school, e.degree, e.end])).toEqual([['University of Illinois Urbana-Champaign', 'bachelor', '2016-05']]);
    expect(p.languages.value.map((l) => l.language)).toEqual(['en', 'es']);
    expect(p.skills.value).toEqual(expect.arrayContaining(['excel', 'sap', 'us gaap'].map(canonicalSkill)));
  });

  it('gives every value a source line and a confidence that says how it was found', () => {
    const p = parseResume(ZH_EXPORT, { today });
    for (const field of [p.name, p.mobile, p.email, p.gender, p.birthYear, p.highestDegree]) {
      expect(field.confidence).toBeGreaterThan(0);
      expect(ZH_EXPORT).toContain(field.source!);
    }
  });

  it('returns empty values with zero confidence for text that is no résumé', () => {
    for (const text of ['', '   \n\n', 'Lorem ipsum dolor sit amet, consectetur adipiscing elit.', '%PDF-1.7 binary garbage ÿÿÿÿ']) {
      const p = parseResume(text, { today });
      for (const field of [p.name, p.gender, p.birthYear, p.mobile, p.email, p.highestDegree, p.totalYears]) {
        expect(field).toEqual({ value: null, confidence: 0, source: null });
      }
      expect([p.education, p.experience, p.skills.value, p.languages.value]).toEqual([[], [], [], []]);
    }
  });

  it('resolves 至今 against the reference date', () => {
    const text = '工作经历\n2020.01 - 至今 华为技术有限公司 工程师';
    expect(parseResume(text, { today: '2021-12-31' }).totalYears.value).toBe(2);
    expect(parseResume(text, { today: '2025-06-30' }).totalYears.value).toBe(5.5);
  });

  it('stays linear on a pasted blob without line breaks (no pattern cost grows with its square)', () => {
    for (const blob of ['1'.repeat(50_000), 'a'.repeat(50_000), '2019.'.repeat(10_000), 'x@'.repeat(25_000)]) {
      const started = performance.now();
      const p = parseResume(blob, { today });
      blindText(blob, p);
      expect(performance.now() - started).toBeLessThan(2000);
    }
  });

  it('parses a résumé in well under 10 ms once warm', () => {
    const texts = PARSE_CORPUS.map((r) => renderLines(r).join('\n'));
    for (const t of texts) parseResume(t, { today });
    const rounds = 5;
    const started = performance.now();
    for (let i = 0; i < rounds; i++) for (const t of texts) parseResume(t, { today });
    const perResume = (performance.now() - started) / (rounds * texts.length);
    console.log(`recruiting parse: ${perResume.toFixed(2)} ms per résumé (${texts.length} résumés × ${rounds})`);
    expect(perResume).toBeLessThan(10);
  });
});

describe('the parsing corpus', () => {
  it('covers what the evaluation claims: ≥ 24 people, Chinese and English, layouts, industries, hard cases', () => {
    const zh = PARSE_CORPUS.filter((r) => r.layout.startsWith('zh'));
    const en = PARSE_CORPUS.filter((r) => r.layout.startsWith('en'));
    expect(PARSE_CORPUS.length).toBeGreaterThanOrEqual(24);
    expect(zh.length).toBeGreaterThanOrEqual(12);
    expect(en.length).toBeGreaterThanOrEqual(10);
    expect(new Set(PARSE_CORPUS.map((r) => r.layout)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(PARSE_CORPUS.map((r) => r.dateStyle)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(PARSE_CORPUS.map((r) => r.industry)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(PARSE_CORPUS.map((r) => r.id)).size).toBe(PARSE_CORPUS.length);
    const fullTime = (r: (typeof PARSE_CORPUS)[number]) => r.jobs.filter((j) => !j.internship).sort((a, b) => a.start.localeCompare(b.start));
    const month = (ym: string | null) => (ym === null ? CORPUS_TODAY.slice(0, 7) : ym);
    const hasGap = (r: (typeof PARSE_CORPUS)[number]) => fullTime(r).some((j, i, all) => i > 0 && all[i - 1]!.end !== null && j.start > month(all[i - 1]!.end).replace(/-(\d\d)$/, (_, m) => `-${String(Number(m) + 1).padStart(2, '0')}`));
    const hasOverlap = (r: (typeof PARSE_CORPUS)[number]) => fullTime(r).some((j, i, all) => i > 0 && j.start <= month(all[i - 1]!.end));
    expect(PARSE_CORPUS.some((r) => fullTime(r).length >= 3 && hasGap(r))).toBe(true);
    expect(PARSE_CORPUS.some(hasOverlap)).toBe(true);
    expect(PARSE_CORPUS.some((r) => r.expected.totalYears === 0)).toBe(true);
    expect(PARSE_CORPUS.some((r) => (r.expected.totalYears ?? 0) >= 15)).toBe(true);
  });

  it('is parsed from PDF and DOCX with ≥ 95% of field checks right', async () => {
    const result = await evaluateParsing();
    const perField = Object.entries(result.fields).map(([f, s]) => `${f} ${s.correct}/${s.total}`);
    console.log(`recruiting.parse_field_accuracy = ${result.accuracy} over ${result.documents} documents\n${perField.join(', ')}\n${result.failures.join('\n')}`);
    expect(result.documents).toBe(PARSE_CORPUS.length * 2);
    expect(result.accuracy).toBeGreaterThanOrEqual(0.95);
    for (const [field, score] of Object.entries(result.fields)) {
      expect(score.correct / score.total, field).toBeGreaterThanOrEqual(0.9);
    }
  }, 120_000);
});
