/**
 * Test kit for the recruiting services on a real SQLite file: the suite in process with
 * the recruiting plugin enabled (its migrations, permissions, API routes and its own
 * services, as `npm start` builds them), plus a second service graph over the plugin's real
 * context (`ctx.sensitive` with lookupHash, `ctx.people.hire`, `ctx.ai`) around a clock the
 * test moves, optionally with a fake embedder.
 *
 *   const kit = await startRecruitingKit({ now: '2026-03-02T10:00:00+08:00' });
 *   const dept = kit.department('研发部');
 *   const hr = kit.user('hr1', 'hr');
 *   const job = kit.job(hr, { title: '前端工程师', departmentId: dept, description: FRONTEND_JD });
 *   const res = await kit.apply(job.id, PEOPLE.zhang, { format: 'pdf' });
 *   await kit.close();
 *
 * HTTP: `kit.suite.json(login, method, path, body)` goes through the plugin's own services.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AiEmbeddings, HrContext, PluginContext, SessionUser } from '../../core/sdk.js';
import { createRecruiting, type Recruiting } from '../../plugins/recruiting/services/index.js';
import type { ApplyResult } from '../../plugins/recruiting/services/applications.js';
import type { JobCreateInput, JobView } from '../../plugins/recruiting/services/jobs.js';
import type { RecruitingSettings } from '../../plugins/recruiting/settings.js';
import { makeDocx, makePdf } from './documents.js';
import { startInProcess, type InProcess } from './inprocess.js';

/** A person a résumé is generated for. Keep birth years out of every other date of the résumé. */
export interface ResumePerson {
  name: string;
  gender: 'male' | 'female';
  birthYear: number;
  mobile: string;
  email: string;
  school: string;
  major: string;
  degree: '本科' | '硕士' | '大专' | 'Bachelor' | 'Master';
  company: string;
  title: string;
  /** First job's start, e.g. '2016.07'. */
  since: string;
  skills: string[];
  language: 'zh' | 'en';
}

export const PEOPLE = {
  zhang: {
    name: '张伟',
    gender: 'male',
    birthYear: 1991,
    mobile: '13800138000',
    email: 'zhangwei.dev@example.com',
    school: '北京邮电大学',
    major: '计算机科学与技术',
    degree: '本科',
    company: '上海云帆科技有限公司',
    title: '高级前端工程师',
    since: '2016.07',
    skills: ['React', 'TypeScript', 'JavaScript', 'CSS', 'Webpack'],
    language: 'zh',
  },
  li: {
    name: '李娜',
    gender: 'female',
    birthYear: 1995,
    mobile: '13900139000',
    email: 'lina.work@example.com',
    school: '华中科技大学',
    major: '软件工程',
    degree: '硕士',
    company: '杭州数澜网络有限公司',
    title: '前端开发工程师',
    since: '2020.07',
    skills: ['Vue', 'JavaScript', 'CSS'],
    language: 'zh',
  },
  wang: {
    name: '王芳',
    gender: 'female',
    birthYear: 1988,
    mobile: '13700137000',
    email: 'wangfang.acc@example.com',
    school: '中南财经政法大学',
    major: '会计学',
    degree: '本科',
    company: '武汉长江贸易有限公司',
    title: '会计主管',
    since: '2011.07',
    skills: ['Excel', '财务分析', '金蝶'],
    language: 'zh',
  },
  emily: {
    name: 'Emily Carter',
    gender: 'female',
    birthYear: 1993,
    mobile: '+86 136 0013 6000',
    email: 'emily.carter@example.com',
    school: 'University of Leeds',
    major: 'Computer Science',
    degree: 'Bachelor',
    company: 'Brightwave Software Ltd.',
    title: 'Frontend Engineer',
    since: '2017.09',
    skills: ['React', 'TypeScript', 'JavaScript', 'GraphQL'],
    language: 'en',
  },
} satisfies Record<string, ResumePerson>;

export const FRONTEND_JD = `高级前端工程师
岗位职责：
1. 负责公司 SaaS 产品的前端开发与维护；
2. 与产品、设计协作，持续优化用户体验。
任职要求：
1. 本科及以上学历，计算机相关专业；
2. 3年以上前端开发经验；
3. 精通 React、TypeScript，熟悉 JavaScript、CSS；
4. 有 Webpack 工程化经验者优先。`;

/** The lines of a résumé (Chinese table-ish or English chronological). */
export function resumeLines(p: ResumePerson): string[] {
  const years = 2026 - Number(p.since.slice(0, 4));
  if (p.language === 'en') {
    return [
      p.name,
      `Phone: ${p.mobile} | Email: ${p.email}`,
      `Gender: ${p.gender === 'male' ? 'Male' : 'Female'} | Born: ${p.birthYear}`,
      'Summary',
      `${p.title} with ${years} years of experience in ${p.skills.slice(0, 2).join(' and ')}.`,
      'Experience',
      `${p.title}, ${p.company}  ${p.since.replace('.', '/')} - Present`,
      `Built customer-facing web applications with ${p.skills.join(', ')}.`,
      'Education',
      `${p.school}  ${p.degree} of Science in ${p.major}  ${Number(p.since.slice(0, 4)) - 4}/09 - ${p.since.slice(0, 4)}/06`,
      'Skills',
      p.skills.join(', '),
    ];
  }
  const start = Number(p.since.slice(0, 4));
  return [
    '个人简历',
    `姓名：${p.name}    性别：${p.gender === 'male' ? '男' : '女'}    出生年月：${p.birthYear}.05`,
    `手机：${p.mobile}    邮箱：${p.email}`,
    `求职意向：${p.title}`,
    '教育背景',
    `${start - 4}.09-${start}.06  ${p.school}  ${p.major}  ${p.degree}`,
    '工作经历',
    `${p.since}-至今  ${p.company}  ${p.title}`,
    `负责公司核心产品开发，使用 ${p.skills.join('、')} 完成多个项目。`,
    '专业技能',
    `熟练掌握 ${p.skills.join('、')}。`,
    '自我评价',
    `${years}年工作经验，责任心强，善于沟通。`,
  ];
}

export async function resumeFile(p: ResumePerson, format: 'pdf' | 'docx' | 'txt'): Promise<{ bytes: Uint8Array; fileName: string }> {
  const lines = resumeLines(p);
  const base = `${p.name}-简历`;
  if (format === 'pdf') return { bytes: await makePdf([lines]), fileName: `${base}.pdf` };
  if (format === 'docx') return { bytes: makeDocx(lines), fileName: `${base}.docx` };
  return { bytes: new TextEncoder().encode(lines.join('\n')), fileName: `${base}.txt` };
}

export interface RecruitingKit {
  suite: InProcess;
  /** The plugin's context as the kernel built it (with the kit's embedder when given). */
  ctx: PluginContext<RecruitingSettings>;
  /** The services over that context with the kit's clock. */
  rec: Recruiting;
  setNow(iso: string): void;
  department(name: string, parentId?: number): number;
  employee(employeeNo: string, name: string, departmentId: number, options?: { managerId?: number }): number;
  /** A user with a role's grants (`hr`, `manager`, `admin`, or a custom role made with `role`), optionally linked to an employee. */
  user(login: string, role: string, employeeId?: number | null): SessionUser;
  /** A custom role holding exactly these permissions at scope `all`. */
  role(name: string, permissions: string[]): void;
  /** An HrContext for service calls: `get('user')`, `get('t')`, request headers. */
  request(user: SessionUser | null, headers?: Record<string, string>): HrContext;
  /** A job created by `by` (HR), opened unless `open: false`. */
  job(by: SessionUser, input?: Partial<JobCreateInput> & { open?: boolean }): JobView;
  /** Apply to a job with a generated résumé (default: PDF, source careers, anonymous). */
  apply(jobId: number, person: ResumePerson, options?: { format?: 'pdf' | 'docx' | 'txt'; source?: string; by?: SessionUser | null; candidate?: { name?: string; mobile?: string; email?: string } }): Promise<ApplyResult>;
  rows(table: string): Record<string, unknown>[];
  count(table: string): number;
  /** Files under the plugin's résumé folder (relative paths). */
  resumeFiles(): string[];
  close(): Promise<void>;
}

export async function startRecruitingKit(options: { now?: string; settings?: Record<string, unknown>; embeddings?: AiEmbeddings } = {}): Promise<RecruitingKit> {
  const suite = await startInProcess({ plugins: { recruiting: { enabled: true, settings: options.settings ?? {} } } });
  const { kernel } = suite;
  const { sqlite } = kernel.dbh;
  const base = kernel.contexts.get('recruiting') as PluginContext<RecruitingSettings> | undefined;
  if (!base) throw new Error('recruiting-kit: the plugin did not load');
  const ctx: PluginContext<RecruitingSettings> = options.embeddings ? { ...base, ai: { llm: base.ai.llm, embeddings: options.embeddings } } : base;

  let now = new Date(options.now ?? '2026-03-02T10:00:00+08:00');
  const rec = createRecruiting(ctx, { now: () => now });
  const people = kernel.people.service;
  const t = kernel.i18n.translator('zh-CN');

  const request = (user: SessionUser | null, headers: Record<string, string> = {}): HrContext => {
    const vars: Record<string, unknown> = { user, requestId: 'recruiting-kit', locale: 'zh-CN', t, authVia: user ? 'session' : null };
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    return {
      get: (key: string) => vars[key],
      set: (key: string, value: unknown) => (vars[key] = value),
      req: { header: (name: string) => lower[name.toLowerCase()] },
      env: {},
    } as unknown as HrContext;
  };

  const user = (login: string, role: string, employeeId: number | null = null): SessionUser => {
    const id = suite.addUser({ login, role });
    if (employeeId !== null) people.linkUser(employeeId, id);
    const grants = kernel.roles.grantsOf(role);
    return { id, login, name: login, role, permissions: grants.permissions, scopes: grants.scopes, employeeId, locale: 'zh-CN', theme: null };
  };

  const resumeDir = () => join(suite.dataDir, 'plugins', 'recruiting', 'resumes');
  const walk = (dir: string, prefix = ''): string[] => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    return names.flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n), `${prefix}${n}/`) : [`${prefix}${n}`]));
  };

  return {
    suite,
    ctx,
    rec,
    setNow(iso) {
      now = new Date(iso);
    },
    department: (name, parentId) => people.departments.create({ name, parentId }).id,
    employee: (employeeNo, name, departmentId, { managerId } = {}) => people.employees.create({ employeeNo, name, departmentId, hireDate: '2020-01-02', status: 'regular', ...(managerId ? { managerId } : {}) }),
    user,
    role(name, permissions) {
      sqlite.prepare('INSERT INTO access_roles (id, name, grants) VALUES (?, ?, ?)').run(name, name, JSON.stringify(Object.fromEntries(permissions.map((p) => [p, 'all']))));
      kernel.roles.invalidate();
    },
    request,
    job(by, input = {}) {
      const { open = true, ...rest } = input;
      const c = request(by);
      const job = rec.jobs.create(c, { title: '高级前端工程师', description: FRONTEND_JD, ...rest });
      return open ? rec.jobs.setStatus(c, job.id, 'open') : job;
    },
    async apply(jobId, person, { format = 'pdf', source = 'careers', by = null, candidate } = {}) {
      const file = await resumeFile(person, format);
      return rec.applications.apply({ jobId, file, source, candidate, consentVersion: 'v1' }, by ? request(by) : request(null));
    },
    rows: (table) => sqlite.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Record<string, unknown>[],
    count: (table) => sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number,
    resumeFiles: () => walk(resumeDir()),
    async close() {
      await rec.screening.settled();
      await suite.close();
    },
  };
}

/** The HttpError a promise or function rejects with (fails the test when nothing is thrown). */
export async function failure(run: () => unknown): Promise<import('../../core/sdk.js').HttpError> {
  const { HttpError } = await import('../../core/sdk.js');
  try {
    await run();
  } catch (e) {
    if (e instanceof HttpError) return e;
    throw e;
  }
  throw new Error('expected an HttpError');
}
