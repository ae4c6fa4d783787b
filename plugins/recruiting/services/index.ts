/**
 * Builds the recruiting services in dependency order. register.ts calls it once; tests
 * build the same graph with a fixed clock (tests/helpers/recruiting-kit.ts).
 *
 *   jobs ─┬─ requisitions        candidates ─┐
 *         ├─ plans ── stats      resumes ────┼─ screening ─ applications ─┬─ onboarding
 *         └──────────────────────────────────┘     (pipeline)             └─ intake
 */
import { createRateLimiter, todayIn, type Locale, type PluginContext } from '../../../core/sdk.js';
import type { RecruitingSettings } from '../settings.js';
import { createActivityLog } from './activities.js';
import { createApplicationService } from './applications.js';
import { createCandidateService } from './candidates.js';
import { createErasure } from './erasure.js';
import { createIntakeService } from './intake.js';
import { createJobService } from './jobs.js';
import { createOnboardingService } from './onboarding.js';
import { createPipeline } from './pipeline.js';
import { createPlanService } from './plans.js';
import { createRequisitionService } from './requisitions.js';
import { createResumeService } from './resumes.js';
import { createRetention, privacyNotice } from './retention.js';
import { createScreening } from './screening.js';
import { createStats } from './stats.js';
import type { RecruitingParts } from './types.js';
import { createPresenter } from './views.js';

export interface RecruitingClock {
  now?: () => Date;
}

export function createRecruiting(ctx: PluginContext<RecruitingSettings>, clock: RecruitingClock = {}) {
  const now = clock.now ?? (() => new Date());
  const today = () => todayIn(ctx.config.timezone, now());
  const parts: RecruitingParts = { ctx, db: ctx.db, sqlite: ctx.sqlite, settings: ctx.settings, now, today };

  const activities = createActivityLog(parts);
  const presenter = createPresenter(parts);
  const jobs = createJobService(parts);
  const requisitions = createRequisitionService(parts, jobs);
  const plans = createPlanService(parts);
  const resumes = createResumeService(parts);
  const candidates = createCandidateService(parts, { presenter, activities });
  const pipeline = createPipeline(parts, { activities });
  const screening = createScreening(parts, { jobs, resumes, candidates, presenter, activities, pipeline });
  const applications = createApplicationService(parts, { jobs, candidates, resumes, screening, pipeline, presenter, activities });
  const onboarding = createOnboardingService(parts, { jobs, candidates, applications, pipeline, activities });
  const intake = createIntakeService(parts, { applications });
  const stats = createStats(parts, { jobs, plans });
  const retention = createRetention(parts, { activities });
  const erasure = createErasure(parts, { activities });
  /** The careers form: applications per address per hour (pages call `careersLimiter.hit(ip)`). */
  const careersLimiter = createRateLimiter({ limit: ctx.settings.applicationsPerHour, windowMs: 3_600_000 });

  /** The privacy notice of the application form and its version (stored with each consent). */
  const privacy = (locale: Locale) => privacyNotice(ctx.settings.privacyNotice, locale);

  return { parts, presenter, activities, jobs, requisitions, plans, resumes, candidates, pipeline, screening, applications, onboarding, intake, stats, retention, erasure, privacy, careersLimiter };
}

export type Recruiting = ReturnType<typeof createRecruiting>;
