/** `setup` of the recruiting plugin: services, then the API (pages are registered here too once they exist). */
import type { PluginContext } from '../../core/sdk.js';
import { registerRecruitingApi } from './api/index.js';
import { rememberForDemo } from './demo.js';
import { registerCandidatePages } from './routes/candidates.js';
import { registerCareersPages } from './routes/careers.js';
import { registerJobPages } from './routes/jobs.js';
import { registerOnboardingPages } from './routes/onboarding.js';
import { registerPipelinePages } from './routes/pipeline.js';
import { registerPlanPages } from './routes/plans.js';
import { registerRequisitionPages } from './routes/requisitions.js';
import { createRecruiting } from './services/index.js';
import type { RecruitingSettings } from './settings.js';
import { registerWidgets } from './widgets.js';

export function registerRecruiting(ctx: PluginContext<RecruitingSettings>): void {
  const recruiting = createRecruiting(ctx);
  // A batch a stopped process left "running" would otherwise show a bar that never moves.
  const stale = recruiting.screening.recoverStale();
  if (stale) ctx.log.warn({ batches: stale }, 'recruiting: screening batches interrupted by a restart were marked failed');
  registerRecruitingApi(ctx, recruiting);
  registerCareersPages(ctx, recruiting);
  registerJobPages(ctx, recruiting);
  registerRequisitionPages(ctx, recruiting);
  registerPlanPages(ctx, recruiting);
  registerPipelinePages(ctx, recruiting);
  registerCandidatePages(ctx, recruiting);
  registerOnboardingPages(ctx, recruiting);
  registerWidgets(ctx, recruiting);
  // The demo hook gets no PluginContext: it builds its services on this one (demo.ts).
  rememberForDemo(ctx);
  ctx.jobs.add({
    id: 'retention',
    cron: '20 4 * * *',
    label: 'recruiting.job.retention',
    run: () => {
      const done = recruiting.retention.purge();
      // Files an erasure could not remove at the time (services/erasure.ts) are retried here.
      const erased = recruiting.erasure.sweep();
      const retried = erased.files || erased.pending ? `; erased candidates: ${erased.files} files removed, ${erased.pending} still pending` : '';
      return { summary: `résumés removed for ${done.candidates} candidates (${done.files} files)${retried}` };
    },
  });
}
