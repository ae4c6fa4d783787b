/**
 * The demo company's recruiting: five jobs in the demo departments (the front-end job
 * screened blind), an approved requisition that became the Java job and a pending one, this
 * month's hiring plan, and 33 applications made from the screening corpus's résumés —
 * uploaded through the careers page as PDF, referred as DOCX, sent by job boards through
 * intake — spread over the last six weeks and over the pipeline: screened, interviewed,
 * rejected with a reason, an offer or two, and two hires who are now employees.
 *
 * Every row is written by the recruiting services (parsing, scoring, pipeline, onboarding,
 * the people directory's hire), not by hand: the demo shows what the product really does.
 * A demo hook gets no PluginContext, so setup remembers it per database (`rememberForDemo`)
 * and the hook builds the services on a clock it moves back in time, so applications, moves
 * and hires carry believable dates. Requesting headcount and hiring are acts of a person:
 * the demo does them as the account "demo" (audit log) — see `demoActor`.
 */
import type Database from 'better-sqlite3';
import { todayIn, type DemoContext, type HrContext, type Locale, type PluginContext, type SessionUser } from '../../core/sdk.js';
import { DEMO_JOBS, DEPARTMENT_NAMES, TEXTS, type DemoDepartment, type DemoJob } from './demo-texts.js';
import { createRecruiting, type Recruiting } from './services/index.js';
import type { RecruitingSettings } from './settings.js';

const contexts = new WeakMap<Database.Database, PluginContext<RecruitingSettings>>();

/** Called at setup: the demo hook of this database builds its services on this context. */
export function rememberForDemo(ctx: PluginContext<RecruitingSettings>): void {
  contexts.set(ctx.sqlite, ctx);
}

const DAY = 86_400_000;
/** Where applications come from, in turn: the careers page most, then boards, referrals and HR uploads. */
const SOURCES = ['careers', 'boss', 'referral', 'careers', 'liepin', 'zhaopin', 'careers', 'manual'] as const;

/**
 * The "person" behind the demo's requisitions and hires: user id 0, login `demo` (no such
 * account exists, so nobody can sign in as it). Only what those service calls read is there:
 * the user with its permissions, no request headers, no socket.
 */
export function demoActor(locale: Locale): HrContext {
  const permissions = ['core.people.manage', 'recruiting.manage', 'recruiting.screen', 'recruiting.requisition', 'recruiting.approve'];
  const user: SessionUser = {
    id: 0,
    login: 'demo',
    name: locale === 'en' ? 'Demo data' : '演示数据',
    role: 'admin',
    permissions: new Set(permissions),
    scopes: new Map(permissions.map((p) => [p, 'all' as const])),
    employeeId: null,
    locale,
    theme: null,
  };
  const vars: Record<string, unknown> = { user, requestId: 'demo', locale };
  return { get: (key: string) => vars[key], req: { header: () => undefined }, env: undefined } as unknown as HrContext;
}

/** Department ids of the demo company by code (null when the directory has no such department). */
function demoDepartments(ctx: PluginContext<RecruitingSettings>): Record<DemoDepartment, number | null> {
  const all = ctx.people.departments();
  const find = (names: { zh: string; en: string }) => all.find((d) => d.name === names.zh || d.name === names.en)?.id ?? null;
  return Object.fromEntries(Object.entries(DEPARTMENT_NAMES).map(([code, names]) => [code, find(names)])) as Record<DemoDepartment, number | null>;
}

/** The next free demo employee number after the demo company's D0001–D0014. */
function nextEmployeeNo(ctx: PluginContext<RecruitingSettings>, from: { n: number }): string {
  for (;;) {
    const no = `D${String(from.n++).padStart(4, '0')}`;
    if (ctx.people.employees.idByEmployeeNo(no) == null) return no;
  }
}

/** What happens to an application, by its rank among the job's applicants (0 = best). */
type Fate = 'hire' | 'offer' | 'interview' | 'screening' | 'reject-skills' | 'reject-experience' | 'stay';

function fates(job: DemoJob, count: number): Fate[] {
  const plan: Record<DemoJob['corpus'], Fate[]> = {
    'java-backend': ['hire', 'offer', 'interview', 'interview', 'screening'],
    frontend: ['interview', 'interview', 'screening', 'screening'],
    accountant: ['hire', 'interview', 'screening'],
    recruiter: ['offer', 'interview', 'screening'],
    'data-analyst': ['interview', 'screening', 'screening'],
  };
  const out: Fate[] = Array.from({ length: count }, (_, i) => plan[job.corpus][i] ?? 'stay');
  // The weakest applicants of the older jobs were turned down, with the reason a recruiter would give.
  if (job.openedDaysAgo > 20 && count > 4) {
    out[count - 1] = 'reject-skills';
    if (job.traps > 2) out[count - 2] = 'reject-experience';
  }
  return out;
}

export async function demoRecruiting(demo: DemoContext): Promise<void> {
  const ctx = contexts.get(demo.sqlite);
  if (!ctx) throw new Error('recruiting demo: the plugin was not set up on this database');
  // Loaded on demand: the server itself never needs the corpus or pdfkit.
  const [{ loadScreeningCorpus }, { makeDocx, makePdf }] = await Promise.all([import('./fixtures/screening/index.js'), import('./fixtures/parse/render.js')]);
  const corpus = loadScreeningCorpus();
  const locale = demo.locale;
  const text = TEXTS[locale];
  const actor = demoActor(locale);

  /** `YYYY-MM-DD` of an instant in the company's time zone. */
  const isoDate = (ms: number) => todayIn(ctx.config.timezone, new Date(ms));
  const monthOf = (ms: number) => isoDate(ms).slice(0, 7);

  const realNow = Date.now();
  let clock = new Date(realNow);
  /** Move the services' clock to `days` ago (never into the future). */
  const at = (days: number) => (clock = new Date(realNow - Math.max(days, 0.02) * DAY));
  const r: Recruiting = createRecruiting(ctx, { now: () => clock });
  const departments = demoDepartments(ctx);
  const referrer = locale === 'en' ? 'Siyuan Chen' : '陈思远';
  const employeeNo = { n: 15 };
  let sourceTurn = 0;
  let applications = 0;
  let hires = 0;

  // Headcount first: R&D asked for two Java engineers, the request was approved and became the job.
  let approvedRequisition: number | null = null;
  if (departments.RND !== null) {
    at(50);
    const req = r.requisitions.request(actor, { departmentId: departments.RND, title: text.requisitionApprovedTitle, headcount: 2, reason: text.requisitionApprovedReason, neededBy: monthOf(realNow + 60 * DAY) });
    at(48);
    r.requisitions.approve(null, req.id, text.requisitionApprovedComment);
    approvedRequisition = req.id;
  }

  for (const job of DEMO_JOBS) {
    const description = locale === 'en' && job.descriptionEn ? job.descriptionEn : corpus.jobs.find((j) => j.id === job.corpus)!.description;
    const fields = {
      title: job.title[locale],
      departmentId: departments[job.department],
      location: job.location[locale],
      headcount: job.headcount,
      description,
      salaryMin: job.salary[0],
      salaryMax: job.salary[1],
      blind: job.blind,
    };
    at(job.openedDaysAgo + 1);
    const created = job.corpus === 'java-backend' && approvedRequisition !== null ? r.requisitions.createJob(null, approvedRequisition, fields) : r.jobs.create(null, fields);
    at(job.openedDaysAgo);
    r.jobs.setStatus(null, created.id, 'open');

    // Shortlisted résumés first (they applied early, as good candidates tend to), then the traps.
    const labels = corpus.jobs.find((j) => j.id === job.corpus)!;
    const ids = [...labels.qualified.slice(0, job.qualified), ...Object.keys(labels.hardNegatives).slice(0, job.traps)];
    const applied: { id: number; daysAgo: number }[] = [];
    const step = Math.max(1, Math.floor((job.openedDaysAgo - 3) / ids.length));
    for (const [i, resumeId] of ids.entries()) {
      const resume = corpus.resumes.find((x) => x.id === resumeId)!;
      const daysAgo = job.openedDaysAgo - 1 - i * step - (i % 3) * 0.17;
      at(daysAgo);
      const source = SOURCES[sourceTurn++ % SOURCES.length]!;
      const lines = resume.text.split('\n');
      let applicationId: number;
      if (source === 'careers' || source === 'manual') {
        const out = await r.applications.apply(
          { jobId: created.id, file: { bytes: await makePdf([lines]), fileName: `${resumeId}.pdf` }, source, consentVersion: source === 'careers' ? r.privacy(locale).version : null },
          null,
        );
        applicationId = out.applicationId;
      } else if (source === 'referral') {
        const out = await r.applications.apply({ jobId: created.id, file: { bytes: makeDocx(lines), fileName: `${resumeId}.docx` }, source, sourceDetail: `${text.referredBy}${referrer}` }, null);
        applicationId = out.applicationId;
      } else {
        // Job boards push through intake (idempotent by their key), with the résumé as text.
        const out = await r.intake.intake(null, { source, idempotencyKey: `demo-${job.corpus}-${resumeId}`, jobId: created.id, resume: { text: resume.text } });
        applicationId = out.applicationId!;
      }
      applied.push({ id: applicationId, daysAgo });
      applications++;
    }

    // Then the pipeline, best-ranked first, as HR would have worked through it.
    const ranked = r.applications.listForJob(null, created.id, { sort: 'rank', pageSize: 200 }).items;
    const plan = fates(job, ranked.length);
    for (const [k, app] of ranked.entries()) {
      const fate = plan[k]!;
      const appliedDaysAgo = applied.find((a) => a.id === app.id)!.daysAgo;
      // A hire lands this month (the plan card shows it) for the first job, a week ago for the next.
      const endDaysAgo = fate === 'hire' ? (hires === 0 ? 0.05 : 7) : Math.max(0.1, appliedDaysAgo - 14);
      const when = (share: number) => at(appliedDaysAgo - (appliedDaysAgo - endDaysAgo) * share);
      if (fate === 'stay') continue;
      when(0.15);
      r.applications.move(null, app.id, 'screening');
      if (fate === 'reject-skills' || fate === 'reject-experience') {
        when(0.3);
        r.applications.reject(null, app.id, { reason: fate === 'reject-skills' ? 'skills' : 'experience', note: '' });
        continue;
      }
      if (fate === 'screening') continue;
      when(0.35);
      r.applications.move(null, app.id, 'interview');
      if (job.corpus === 'java-backend' && k === 2) r.candidates.addNote(null, app.candidateId, { text: text.noteInterview, applicationId: app.id });
      if (fate === 'interview') continue;
      when(0.7);
      if (job.corpus === 'java-backend' && k === 1) r.candidates.addNote(null, app.candidateId, { text: text.noteCall, applicationId: app.id });
      const startDate = isoDate(fate === 'hire' ? clock.getTime() + 10 * DAY : realNow + 14 * DAY);
      r.onboarding.offer(null, app.id, { monthlySalary: Math.round((job.salary[0] + job.salary[1]) / 2 / 1000) * 1000, startDate, probationMonths: 3, note: text.offerNote });
      const departmentId = departments[job.department];
      if (fate !== 'hire' || departmentId === null) continue;
      at(endDaysAgo);
      r.onboarding.hire(actor, app.id, { employeeNo: nextEmployeeNo(ctx, employeeNo), departmentId, hireDate: isoDate(clock.getTime()) });
      hires++;
    }
  }

  if (departments.MKT !== null) {
    at(2);
    r.requisitions.request(actor, { departmentId: departments.MKT, title: text.requisitionPendingTitle, headcount: 1, reason: text.requisitionPendingReason, neededBy: monthOf(realNow + 90 * DAY) });
  }

  // This month's plan: the company, and the two departments with an approved need.
  at(0.02);
  const month = r.parts.today().slice(0, 7);
  r.plans.upsert(null, { month, target: 4, note: text.planCompany });
  if (departments.RND !== null) r.plans.upsert(null, { month, departmentId: departments.RND, target: 2, note: text.planRnd });
  if (departments.FIN !== null) r.plans.upsert(null, { month, departmentId: departments.FIN, target: 1, note: text.planFin });

  demo.log.info({ jobs: DEMO_JOBS.length, applications, hires }, 'recruiting demo data added');
}

