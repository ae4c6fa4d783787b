/**
 * Tables of the recruiting plugin (招聘). Every table name starts with `recruiting_`.
 *
 * Candidates' mobile numbers and emails are sealed with the plugin's key
 * (`ctx.sensitive.seal`) in `*_enc` columns, with a keyed hash beside each
 * (`ctx.sensitive.lookupHash`) to find duplicates without decrypting. Résumé
 * files live outside the web root under the plugin's data folder; their text is
 * sealed too (it holds the same contact details).
 */
import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { JobRequirements, ResumeProfile, ScreeningResult } from './domain/types.js';

const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;
const createdAt = () => integer('created_at', { mode: 'timestamp_ms' }).notNull().default(now);
const updatedAt = () => integer('updated_at', { mode: 'timestamp_ms' }).notNull().default(now);

export const REQUISITION_STATUSES = ['pending', 'approved', 'rejected', 'cancelled'] as const;
export const JOB_STATUSES = ['draft', 'open', 'paused', 'closed'] as const;
export const APPLICATION_STATUSES = ['active', 'rejected', 'hired', 'withdrawn'] as const;

/** A stage of a job's pipeline; `kind` says what reaching it means to the suite. */
export interface StageDef {
  key: string;
  /** Shown name; built-in keys are translated when empty. */
  label: string;
  kind: 'applied' | 'screening' | 'interview' | 'offer' | 'hired' | 'custom';
}

/** A department's request for headcount, approved before openings are published. */
export const requisitions = sqliteTable(
  'recruiting_requisitions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    departmentId: integer('department_id').notNull(),
    title: text('title').notNull(),
    headcount: integer('headcount').notNull(),
    reason: text('reason').notNull().default(''),
    /** The month by which the people are needed, `YYYY-MM`. */
    neededBy: text('needed_by'),
    status: text('status', { enum: REQUISITION_STATUSES }).notNull().default('pending'),
    requestedBy: integer('requested_by').notNull(),
    decidedBy: integer('decided_by'),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
    decisionComment: text('decision_comment'),
    createdAt: createdAt(),
  },
  (t) => [index('recruiting_requisitions_status').on(t.status)],
);

/** A job opening: what the careers page shows and what résumés are screened against. */
export const jobs = sqliteTable(
  'recruiting_jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requisitionId: integer('requisition_id'),
    title: text('title').notNull(),
    departmentId: integer('department_id'),
    location: text('location').notNull().default(''),
    employmentType: text('employment_type', { enum: ['full_time', 'part_time', 'intern', 'contract'] }).notNull().default('full_time'),
    headcount: integer('headcount').notNull().default(1),
    description: text('description').notNull().default(''),
    requirements: text('requirements', { mode: 'json' }).notNull().$type<JobRequirements>(),
    /** Monthly salary range in yuan (shown on the careers page when set). */
    salaryMin: integer('salary_min'),
    salaryMax: integer('salary_max'),
    status: text('status', { enum: JOB_STATUSES }).notNull().default('draft'),
    stages: text('stages', { mode: 'json' }).notNull().$type<StageDef[]>(),
    /** Screeners (recruiting.screen without recruiting.manage) see no name, gender, age, photo or school. */
    blind: integer('blind', { mode: 'boolean' }).notNull().default(false),
    createdBy: integer('created_by'),
    openedAt: integer('opened_at', { mode: 'timestamp_ms' }),
    closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('recruiting_jobs_status').on(t.status)],
);

/** The monthly recruiting plan: hires targeted per month (and department or job). */
export const plans = sqliteTable(
  'recruiting_plans',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    month: text('month').notNull(),
    departmentId: integer('department_id'),
    jobId: integer('job_id'),
    target: integer('target').notNull(),
    note: text('note').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('recruiting_plans_key').on(t.month, t.departmentId, t.jobId)],
);

/** A person who applied or was added: one row per person, however many jobs they apply for. */
export const candidates = sqliteTable(
  'recruiting_candidates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    gender: text('gender', { enum: ['male', 'female'] }),
    birthYear: integer('birth_year'),
    mobileEnc: text('mobile_enc'),
    mobileHash: text('mobile_hash'),
    mobileLast4: text('mobile_last4'),
    emailEnc: text('email_enc'),
    emailHash: text('email_hash'),
    /** careers, manual, referral, or an intake source such as boss, liepin, zhaopin. */
    source: text('source').notNull(),
    sourceDetail: text('source_detail').notNull().default(''),
    tags: text('tags', { mode: 'json' }).notNull().$type<string[]>().default(sql`'[]'`),
    /** Kept in the talent pool for later openings. */
    inPool: integer('in_pool', { mode: 'boolean' }).notNull().default(false),
    /** The parsed profile without name and contact details (those are columns). */
    profile: text('profile', { mode: 'json' }).$type<ResumeProfile>(),
    /** Fields HR corrected by hand: the parser never overwrites them. */
    corrected: text('corrected', { mode: 'json' }).notNull().$type<string[]>().default(sql`'[]'`),
    consentAt: integer('consent_at', { mode: 'timestamp_ms' }),
    consentVersion: text('consent_version'),
    employeeId: integer('employee_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('recruiting_candidates_mobile').on(t.mobileHash), index('recruiting_candidates_email').on(t.emailHash), index('recruiting_candidates_pool').on(t.inPool)],
);

/** A résumé file as uploaded; the newest one is the candidate's current résumé. */
export const resumes = sqliteTable(
  'recruiting_resumes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    candidateId: integer('candidate_id').notNull(),
    fileName: text('file_name').notNull(),
    kind: text('kind').notNull(),
    bytes: integer('bytes').notNull(),
    sha256: text('sha256').notNull(),
    /** Relative to the plugin's data folder. */
    storedPath: text('stored_path').notNull(),
    textEnc: text('text_enc').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('recruiting_resumes_candidate').on(t.candidateId)],
);

/** A candidate in one job's pipeline. */
export const applications = sqliteTable(
  'recruiting_applications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jobId: integer('job_id').notNull(),
    candidateId: integer('candidate_id').notNull(),
    resumeId: integer('resume_id'),
    stage: text('stage').notNull(),
    status: text('status', { enum: APPLICATION_STATUSES }).notNull().default('active'),
    rejectReason: text('reject_reason'),
    source: text('source').notNull(),
    score: real('score'),
    screening: text('screening', { mode: 'json' }).$type<ScreeningResult>(),
    screenedAt: integer('screened_at', { mode: 'timestamp_ms' }),
    /** Order inside a kanban column. */
    position: integer('position').notNull().default(0),
    appliedAt: integer('applied_at', { mode: 'timestamp_ms' }).notNull().default(now),
    movedAt: integer('moved_at', { mode: 'timestamp_ms' }).notNull().default(now),
    hiredAt: integer('hired_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('recruiting_applications_job_candidate').on(t.jobId, t.candidateId), index('recruiting_applications_stage').on(t.jobId, t.stage)],
);

/** The timeline: every move, note, screening and decision, with who did it. */
export const activities = sqliteTable(
  'recruiting_activities',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    candidateId: integer('candidate_id').notNull(),
    applicationId: integer('application_id'),
    kind: text('kind').notNull(),
    actorUserId: integer('actor_user_id'),
    data: text('data', { mode: 'json' }).notNull().$type<Record<string, unknown>>(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull().default(now),
  },
  (t) => [index('recruiting_activities_candidate').on(t.candidateId, t.at)],
);

/** Intake idempotency: the same key from the same source creates nothing new. */
export const intakeKeys = sqliteTable(
  'recruiting_intake_keys',
  {
    source: text('source').notNull(),
    key: text('key').notNull(),
    candidateId: integer('candidate_id').notNull(),
    applicationId: integer('application_id'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('recruiting_intake_keys_key').on(t.source, t.key)],
);

/** Batch screening of a job's applicants, with progress for the page's bar. */
export const screenBatches = sqliteTable('recruiting_screen_batches', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  jobId: integer('job_id').notNull(),
  total: integer('total').notNull(),
  done: integer('done').notNull().default(0),
  failed: integer('failed').notNull().default(0),
  status: text('status', { enum: ['running', 'done', 'failed'] }).notNull().default('running'),
  startedBy: integer('started_by'),
  startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull().default(now),
  finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
});

/** The offer and the onboarding checklist of a hired (or offered) application. */
export const onboarding = sqliteTable(
  'recruiting_onboarding',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    applicationId: integer('application_id').notNull(),
    /** Sealed JSON: monthly salary, probation months, start date, position, department, notes. */
    offerEnc: text('offer_enc').notNull(),
    startDate: text('start_date').notNull(),
    employeeId: integer('employee_id'),
    /** Checklist: id_card, diploma, bank_card, contract (and any added), each with who ticked it and when. */
    checklist: text('checklist', { mode: 'json' }).notNull().$type<{ key: string; label: string; doneAt: number | null; doneBy: number | null }[]>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('recruiting_onboarding_application').on(t.applicationId)],
);
