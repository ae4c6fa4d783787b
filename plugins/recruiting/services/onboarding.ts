/**
 * From offer to employee (入职): the offer's terms (sealed: they hold the salary), the hire
 * that creates the employee in the people directory, and the onboarding checklist.
 *
 * `hire` runs in ONE transaction: `ctx.people.hire` (validation, audit, `employee.hired`)
 * joins it, then the application becomes hired, the candidate points at the employee, the
 * checklist is made and `recruiting.candidate.hired` is raised. Any failure — a taken
 * employee number, a bad department — rolls all of it back, the employee included.
 */
import { eq } from 'drizzle-orm';
import { HttpError, isoDateSchema, parseOrThrow, z, type HrContext, type HireInput } from '../../../core/sdk.js';
import { applications, candidates, onboarding } from '../schema.js';
import { MANAGE, actorId, requirePermission, viewerOf } from './access.js';
import type { ActivityLog } from './activities.js';
import type { ApplicationService } from './applications.js';
import type { CandidateService } from './candidates.js';
import type { JobService } from './jobs.js';
import type { Pipeline } from './pipeline.js';
import { stageOfKind } from './stages.js';
import type { OnboardingRow, RecruitingParts } from './types.js';
import { assertNotErased } from './erased.js';

const KEYS = { prefix: 'recruiting.', fallbackKey: 'recruiting.error.invalid' };

/** Documents to collect before the first day; labels are `recruiting.checklist.<key>`. */
export const DEFAULT_CHECKLIST = ['id_card', 'diploma', 'bank_card', 'contract'] as const;

export const offerSchema = z.object({
  /** Yuan per month. */
  monthlySalary: z.number().int().min(0).max(10_000_000),
  startDate: isoDateSchema,
  /** 试用期: at most 6 months under the Labour Contract Law. */
  probationMonths: z.number().int().min(0).max(6).default(0),
  positionTitle: z.string().trim().max(100).default(''),
  departmentId: z.number().int().positive().nullable().default(null),
  note: z.string().trim().max(2000).default(''),
});
export type OfferInput = z.input<typeof offerSchema>;
export type OfferTerms = z.output<typeof offerSchema>;

export const hireSchema = z.object({
  employeeNo: z.string().trim().min(1).max(32),
  departmentId: z.number().int().positive(),
  positionId: z.number().int().positive().nullable().default(null),
  hireDate: isoDateSchema,
});
export type HireRequest = z.input<typeof hireSchema>;

export type ChecklistItem = OnboardingRow['checklist'][number];

export interface OnboardingView {
  applicationId: number;
  /** Null when hired without an offer recorded. */
  offer: OfferTerms | null;
  startDate: string;
  employeeId: number | null;
  checklist: ChecklistItem[];
}

export interface OfferLetterData {
  companyName: string | null;
  candidateName: string;
  jobTitle: string;
  positionTitle: string;
  departmentName: string | null;
  location: string;
  employmentType: string;
  monthlySalary: number;
  startDate: string;
  probationMonths: number;
  note: string;
  offeredAt: Date;
}

/** The people directory's employment types for a job's. */
const EMPLOYMENT: Record<string, HireInput['employmentType']> = { full_time: 'full_time', part_time: 'part_time', intern: 'intern', contract: 'contractor' };

export function createOnboardingService(
  parts: RecruitingParts,
  deps: { jobs: JobService; candidates: CandidateService; applications: ApplicationService; pipeline: Pipeline; activities: ActivityLog },
) {
  const { ctx, db, sqlite, now } = parts;
  const { jobs, candidates: candidateService, applications: applicationService, pipeline, activities } = deps;

  const row = (applicationId: number) => db.select().from(onboarding).where(eq(onboarding.applicationId, applicationId)).get();
  const freshChecklist = (): ChecklistItem[] => DEFAULT_CHECKLIST.map((key) => ({ key, label: '', doneAt: null, doneBy: null }));

  const openOffer = (r: OnboardingRow, c: HrContext | null): OfferTerms | null => {
    const plain = c ? ctx.sensitive.reveal(c, r.offerEnc, { entity: 'recruiting_onboarding', entityId: r.id, field: 'offer' }) : ctx.sensitive.unseal(r.offerEnc);
    const parsed = JSON.parse(plain) as OfferTerms | null;
    return parsed && typeof parsed === 'object' && 'monthlySalary' in parsed ? parsed : null;
  };

  const view = (r: OnboardingRow, c: HrContext | null): OnboardingView => ({
    applicationId: r.applicationId,
    offer: openOffer(r, c),
    startDate: r.startDate,
    employeeId: r.employeeId,
    checklist: r.checklist,
  });

  const manageOnly = (c: HrContext | null) => requirePermission(viewerOf(c), MANAGE);

  return {
    /** Record (or change) the offer and move the application to the offer stage. */
    offer(c: HrContext | null, applicationId: number, input: OfferInput): OnboardingView {
      manageOnly(c);
      const viewer = viewerOf(c);
      const app = applicationService.find(applicationId);
      assertNotErased(db, app.candidateId);
      const job = jobs.find(app.jobId);
      if (app.status !== 'active') throw new HttpError(409, 'recruiting.error.notActive', { status: app.status });
      const terms = parseOrThrow(offerSchema, input, KEYS);
      if (terms.departmentId !== null && !ctx.people.departments().some((d) => d.id === terms.departmentId)) throw new HttpError(400, 'recruiting.error.department', { field: 'departmentId' });
      const full: OfferTerms = { ...terms, positionTitle: terms.positionTitle || job.title, departmentId: terms.departmentId ?? job.departmentId };
      const offerStage = stageOfKind(job.stages, 'offer');
      const saved = db.transaction(() => {
        const at = now();
        const existing = row(app.id);
        const sealed = ctx.sensitive.seal(JSON.stringify(full));
        const r = existing
          ? db.update(onboarding).set({ offerEnc: sealed, startDate: full.startDate, updatedAt: at }).where(eq(onboarding.id, existing.id)).returning().get()!
          : db.insert(onboarding).values({ applicationId: app.id, offerEnc: sealed, startDate: full.startDate, checklist: freshChecklist(), createdAt: at, updatedAt: at }).returning().get();
        // The timeline says an offer was made, never its amount.
        activities.record({ candidateId: app.candidateId, applicationId: app.id, kind: 'offer', actor: actorId(viewer), data: { startDate: full.startDate, changed: !!existing } });
        if (app.stage !== offerStage.key) pipeline.moveTo(app, job, offerStage, actorId(viewer));
        return r;
      });
      ctx.audit(c, { action: 'recruiting.offer.save', entity: 'recruiting_onboarding', entityId: saved.id, after: { applicationId: app.id, startDate: full.startDate } });
      return view(saved, null);
    },

    /** Hire: the employee is created and everything else recorded in one transaction. Returns the employee id. */
    hire(c: HrContext | null, applicationId: number, input: HireRequest): { employeeId: number; onboarding: OnboardingView } {
      manageOnly(c);
      // Creating an employee is done on behalf of a person (audit, core.people.manage): no request, no hire.
      if (!c) throw new HttpError(403, 'recruiting.error.forbidden');
      const viewer = viewerOf(c);
      const data = parseOrThrow(hireSchema, input, KEYS);
      const app = applicationService.find(applicationId);
      assertNotErased(db, app.candidateId);
      if (app.status === 'hired') throw new HttpError(409, 'recruiting.error.alreadyHired');
      if (app.status !== 'active') throw new HttpError(409, 'recruiting.error.notActive', { status: app.status });
      const job = jobs.find(app.jobId);
      const candidate = candidateService.find(app.candidateId);
      const identity = candidateService.identityOf(candidate);
      const existing = row(app.id);
      const terms = existing ? openOffer(existing, null) : null;
      const hiredStage = stageOfKind(job.stages, 'hired');

      const result = sqlite.transaction(() => {
        const employeeId = ctx.people.hire(c, {
          employeeNo: data.employeeNo,
          name: candidate.name,
          gender: identity.gender ?? undefined,
          mobile: identity.mobile ?? undefined,
          email: identity.email ?? undefined,
          departmentId: data.departmentId,
          positionId: data.positionId ?? undefined,
          hireDate: data.hireDate,
          employmentType: EMPLOYMENT[job.employmentType] ?? 'full_time',
          status: terms && terms.probationMonths === 0 ? 'regular' : 'probation',
        });
        const at = now();
        db.update(applications).set({ status: 'hired', stage: hiredStage.key, hiredAt: at, movedAt: at }).where(eq(applications.id, app.id)).run();
        db.update(candidates).set({ employeeId, updatedAt: at }).where(eq(candidates.id, candidate.id)).run();
        const saved = existing
          ? db.update(onboarding).set({ employeeId, startDate: data.hireDate, updatedAt: at }).where(eq(onboarding.id, existing.id)).returning().get()!
          : db
              .insert(onboarding)
              .values({ applicationId: app.id, offerEnc: ctx.sensitive.seal('null'), startDate: data.hireDate, employeeId, checklist: freshChecklist(), createdAt: at, updatedAt: at })
              .returning()
              .get();
        activities.record({ candidateId: candidate.id, applicationId: app.id, kind: 'hired', actor: actorId(viewer), data: { employeeId, from: app.stage, hireDate: data.hireDate } });
        ctx.events.emit('recruiting.candidate.hired', { applicationId: app.id, jobId: job.id, candidateId: candidate.id, employeeId });
        return { employeeId, saved };
      })();
      ctx.audit(c, { action: 'recruiting.candidate.hire', entity: 'recruiting_applications', entityId: app.id, after: { employeeId: result.employeeId } });
      return { employeeId: result.employeeId, onboarding: view(result.saved, null) };
    },

    /** The offer and checklist of an application (the offer is revealed to the request's user, audited). */
    get(c: HrContext | null, applicationId: number): OnboardingView | null {
      manageOnly(c);
      applicationService.find(applicationId);
      const r = row(applicationId);
      return r ? view(r, c) : null;
    },

    /** Tick or untick a checklist item; `label` adds an item of HR's own when the key is new. */
    tick(c: HrContext | null, applicationId: number, key: string, done: boolean, label?: string): OnboardingView {
      manageOnly(c);
      const viewer = viewerOf(c);
      const app = applicationService.find(applicationId);
      const r = row(applicationId);
      if (!r) throw new HttpError(404, 'recruiting.error.noOnboarding');
      const list = r.checklist.map((i) => ({ ...i }));
      let item = list.find((i) => i.key === key);
      if (!item) {
        const cleanLabel = label?.trim().slice(0, 60);
        if (!cleanLabel || !/^[a-z0-9_-]{1,32}$/.test(key)) throw new HttpError(404, 'recruiting.error.checklistItem', { key });
        item = { key, label: cleanLabel, doneAt: null, doneBy: null };
        list.push(item);
      }
      item.doneAt = done ? now().getTime() : null;
      item.doneBy = done ? actorId(viewer) : null;
      const saved = db.transaction(() => {
        const s = db.update(onboarding).set({ checklist: list, updatedAt: now() }).where(eq(onboarding.id, r.id)).returning().get()!;
        activities.record({ candidateId: app.candidateId, applicationId: app.id, kind: 'checklist', actor: actorId(viewer), data: { key, done } });
        return s;
      });
      return view(saved, null);
    },

    /** Everything an offer letter needs (the PDF itself is made elsewhere). Reveals the offer (audited). */
    offerLetterData(c: HrContext | null, applicationId: number): OfferLetterData {
      manageOnly(c);
      const app = applicationService.find(applicationId);
      const r = row(applicationId);
      const terms = r ? openOffer(r, c) : null;
      if (!r || !terms) throw new HttpError(404, 'recruiting.error.noOffer');
      const job = jobs.find(app.jobId);
      const candidate = candidateService.find(app.candidateId);
      const departmentId = terms.departmentId ?? job.departmentId;
      return {
        companyName: ctx.config.companyName,
        candidateName: candidate.name,
        jobTitle: job.title,
        positionTitle: terms.positionTitle || job.title,
        departmentName: departmentId === null ? null : (ctx.people.departments().find((d) => d.id === departmentId)?.path ?? null),
        location: job.location,
        employmentType: job.employmentType,
        monthlySalary: terms.monthlySalary,
        startDate: terms.startDate,
        probationMonths: terms.probationMonths,
        note: terms.note,
        offeredAt: r.createdAt,
      };
    },
  };
}

export type OnboardingService = ReturnType<typeof createOnboardingService>;
