/**
 * Texts of the recruiting demo (demo.ts) in both languages: the jobs' titles and, for an
 * English demo company, English job descriptions (a Chinese demo company posts the
 * screening corpus's own descriptions). Notes, requisitions and plans as HR would type them.
 */
import type { Locale } from '../../core/sdk.js';

export type DemoDepartment = 'RND' | 'MKT' | 'HR' | 'FIN' | 'EXE';

/** The demo company's departments (core/people/demo.ts), by code, in both languages. */
export const DEPARTMENT_NAMES: Record<DemoDepartment, { zh: string; en: string }> = {
  EXE: { zh: '总经办', en: 'Executive Office' },
  RND: { zh: '研发部', en: 'R&D' },
  MKT: { zh: '市场部', en: 'Marketing' },
  HR: { zh: '人力资源部', en: 'Human Resources' },
  FIN: { zh: '财务部', en: 'Finance' },
};

export interface DemoJob {
  /** The screening corpus job whose description (and labelled résumés) the demo uses. */
  corpus: 'java-backend' | 'frontend' | 'accountant' | 'recruiter' | 'data-analyst';
  department: DemoDepartment;
  title: Record<Locale, string>;
  /** For the English company; null: the corpus description is English already. */
  descriptionEn: string | null;
  location: Record<Locale, string>;
  salary: [number, number];
  headcount: number;
  blind: boolean;
  /** Days ago the job opened. */
  openedDaysAgo: number;
  /** How many shortlisted résumés and how many traps of the corpus apply. */
  qualified: number;
  traps: number;
}

export const DEMO_JOBS: DemoJob[] = [
  {
    corpus: 'java-backend',
    department: 'RND',
    title: { 'zh-CN': '高级Java开发工程师', en: 'Senior Java Engineer' },
    descriptionEn: `Senior Java Engineer

What you will do
- Design and build the back-end services of our order, payment and inventory platform.
- Take part in the design of our microservices and solve performance problems under high concurrency.
- Review code and coach junior engineers.

What we look for
- Bachelor's degree in computer science or a related field.
- 3+ years of experience in Java development; solid knowledge of multithreading and the JVM.
- Hands-on experience with Spring Boot, Spring Cloud and MyBatis.
- Good at MySQL schema design and SQL tuning; experience with Redis caching.
- Experience with Kafka or RabbitMQ.

Nice to have
- Docker and Kubernetes.
- E-commerce or payment systems.`,
    location: { 'zh-CN': '杭州', en: 'Hangzhou' },
    salary: [25000, 40000],
    headcount: 2,
    blind: false,
    openedDaysAgo: 42,
    qualified: 5,
    traps: 3,
  },
  {
    corpus: 'frontend',
    department: 'RND',
    title: { 'zh-CN': '前端开发工程师', en: 'Front-end Developer' },
    descriptionEn: `Front-end Developer

What you will do
- Build our SaaS product's admin console, mobile H5 pages and WeChat mini programs.
- Work with designers and back-end engineers; turn designs into pixel-perfect pages.
- Improve front-end performance and maintain our component library.

What we look for
- Bachelor's degree; 2+ years of front-end development experience.
- Excellent HTML5, CSS3 and JavaScript (ES6+).
- Vue or React, and TypeScript.
- Webpack or Vite.

Nice to have
- Node.js and mini program development.`,
    location: { 'zh-CN': '上海', en: 'Shanghai' },
    salary: [15000, 25000],
    headcount: 1,
    // Screened blind: the R&D managers who screen see no name, gender, age, photo or school.
    blind: true,
    openedDaysAgo: 35,
    qualified: 4,
    traps: 3,
  },
  {
    corpus: 'accountant',
    department: 'FIN',
    title: { 'zh-CN': '总账会计', en: 'General Ledger Accountant' },
    descriptionEn: `General Ledger Accountant

What you will do
- Day-to-day bookkeeping: check vouchers, post journal entries.
- Month-end and year-end closing; monthly, quarterly and annual financial statements.
- VAT and corporate income tax calculation and filing.
- Support the annual audit; fixed assets and account reconciliation.

What we look for
- Bachelor's degree in accounting or finance.
- 3+ years of accounting experience, able to keep a full set of books.
- Knows the Chinese accounting standards and tax rules; files tax returns independently.
- Kingdee or Yonyou, and Excel.
- An accounting qualification; intermediate accountant preferred.`,
    location: { 'zh-CN': '苏州', en: 'Suzhou' },
    salary: [9000, 14000],
    headcount: 1,
    blind: false,
    openedDaysAgo: 38,
    qualified: 4,
    traps: 2,
  },
  {
    corpus: 'recruiter',
    department: 'HR',
    title: { 'zh-CN': '招聘主管', en: 'Recruiting Lead' },
    descriptionEn: `Recruiting Lead

What you will do
- Plan and run the yearly hiring plan with the business.
- Build and keep up hiring channels: job boards, headhunters, campus, referrals.
- Run the whole process for senior and volume roles: screening, interviews, salary negotiation, offers.
- Report hiring figures and improve the process; help with onboarding.

What we look for
- Bachelor's degree or above.
- 3+ years of recruiting experience, including volume hiring in internet or manufacturing companies.
- A degree in human resources is a plus.
- Knows Chinese labour law and the onboarding and exit formalities.
- Microsoft Office; good communication.`,
    location: { 'zh-CN': '上海', en: 'Shanghai' },
    salary: [12000, 18000],
    headcount: 1,
    blind: false,
    openedDaysAgo: 30,
    qualified: 4,
    traps: 2,
  },
  {
    corpus: 'data-analyst',
    department: 'MKT',
    title: { 'zh-CN': '数据分析师（增长方向）', en: 'Data Analyst, Growth' },
    descriptionEn: null,
    location: { 'zh-CN': '上海', en: 'Shanghai' },
    salary: [15000, 22000],
    headcount: 1,
    blind: false,
    openedDaysAgo: 16,
    qualified: 4,
    traps: 2,
  },
];

export interface DemoTexts {
  requisitionApprovedTitle: string;
  requisitionApprovedReason: string;
  requisitionApprovedComment: string;
  requisitionPendingTitle: string;
  requisitionPendingReason: string;
  planCompany: string;
  planRnd: string;
  planFin: string;
  noteCall: string;
  noteInterview: string;
  offerNote: string;
  referredBy: string;
}

export const TEXTS: Record<Locale, DemoTexts> = {
  'zh-CN': {
    requisitionApprovedTitle: '高级Java开发工程师',
    requisitionApprovedReason: '交易平台二期上线，订单和库存服务需要增加两名后端工程师。',
    requisitionApprovedComment: '同意，控制在预算内。',
    requisitionPendingTitle: '品牌经理',
    requisitionPendingReason: '明年品牌升级，需要一名负责品牌策划和内容运营的经理。',
    planCompany: '本月全公司入职目标',
    planRnd: '研发部：交易平台二期',
    planFin: '财务部：补充总账会计',
    noteCall: '电话沟通：对交易系统经验丰富，期望月薪 3 万左右，一个月内可到岗。',
    noteInterview: '一面通过：基础扎实，沟通清楚，建议安排二面。',
    offerNote: '试用期工资为正式工资的 100%，入职当天请携带身份证和学历证书原件。',
    referredBy: '内推人：',
  },
  en: {
    requisitionApprovedTitle: 'Senior Java Engineer',
    requisitionApprovedReason: 'Phase two of the trading platform: the order and inventory services need two more back-end engineers.',
    requisitionApprovedComment: 'Approved, within budget.',
    requisitionPendingTitle: 'Brand Manager',
    requisitionPendingReason: 'Next year’s brand refresh needs a manager for brand planning and content.',
    planCompany: 'Company-wide hires this month',
    planRnd: 'R&D: trading platform phase two',
    planFin: 'Finance: a general ledger accountant',
    noteCall: 'Phone call: strong on trading systems, expects about 30K a month, can start within a month.',
    noteInterview: 'First interview passed: solid basics, explains clearly; a second interview is suggested.',
    offerNote: 'Full salary during probation. Please bring your ID card and diploma on the first day.',
    referredBy: 'Referred by ',
  },
};
